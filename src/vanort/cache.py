"""Answers to repeated queries, kept per release.

A cache belongs to one engine, and an engine to one release, so the release version is part
of every key by construction; a new release gets a new, empty cache. The key is everything
that shapes the answer bytes: query text, negotiation, graphs and row cap. Size is bounded in
bytes (least recently used out first), and answers larger than a tenth of it are not kept.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from .store import Answer, Chooser


class AnswerCache:
    """A bytes-bounded LRU of answers (anything with a ``body``), safe across threads."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def get(self, key: tuple[Any, ...]) -> Any | None:
        with self._lock:
            answer = self._entries.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: tuple[Any, ...], answer: Any) -> None:
        size = len(answer.body)
        if size > self.max_bytes // 10:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = answer
            self._size += size
            while self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body)


class CachingEngine:
    """Wraps an engine; ``run`` answers repeated queries from the cache without a worker."""

    def __init__(self, engine: Any, cache: AnswerCache | None = None) -> None:
        self.engine = engine
        self.cache = cache if cache is not None else AnswerCache()
        self.version = engine.version

    @staticmethod
    def _key(query: str, choose: Chooser, default_graphs: Sequence[str], named_graphs: Sequence[str],
             max_rows: int | None) -> tuple[Any, ...] | None:
        try:
            key: tuple[Any, ...] | None = (query, choose, tuple(default_graphs), tuple(named_graphs), max_rows)
            hash(key)
        except TypeError:
            key = None  # an unhashable chooser: no caching
        return key

    async def run_async(self, query: str, choose: Chooser, *, default_graphs: Sequence[str] = (),
                        named_graphs: Sequence[str] = (), max_rows: int | None = None,
                        gone: asyncio.Future[Any] | None = None) -> Answer:
        """``run`` on the event loop: the engine's own ``run_async`` where it has one (query
        workers), else its ``run`` on a thread (a remote store's blocking HTTP call)."""
        key = self._key(query, choose, default_graphs, named_graphs, max_rows)
        cached = self.cache.get(key) if key is not None else None
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        inner = getattr(self.engine, "run_async", None)
        if inner is not None:
            answer = await inner(query, choose, default_graphs=default_graphs, named_graphs=named_graphs,
                                 max_rows=max_rows, gone=gone)
        else:
            answer = await asyncio.to_thread(
                self.engine.run, query, choose, default_graphs=default_graphs, named_graphs=named_graphs,
                max_rows=max_rows, cancelled=lambda: gone is not None and gone.done())
        if key is not None:
            self.cache.put(key, answer)
        return answer  # type: ignore[no-any-return]

    def run(self, query: str, choose: Chooser, *, default_graphs: Sequence[str] = (),
            named_graphs: Sequence[str] = (), max_rows: int | None = None,
            cancelled: Callable[[], bool] | None = None) -> Answer:
        key = self._key(query, choose, default_graphs, named_graphs, max_rows)
        if key is not None:
            cached = self.cache.get(key)
            if cached is not None:
                return cached
        answer = self.engine.run(query, choose, default_graphs=default_graphs, named_graphs=named_graphs,
                                 max_rows=max_rows, cancelled=cancelled)
        if key is not None:
            self.cache.put(key, answer)
        return answer

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)
