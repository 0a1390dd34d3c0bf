"""Representations computed once per release: pages and RDF answers kept in memory, with
an ETag made of the release version and the request's key.

A release never changes, so what a route computed for one (path, format, language, page,
origin) is valid until the next release, which comes with a new app state and an empty cache.
A harvester's If-None-Match with that ETag gets 304 without any work.

Requests that arrive for the same key while it is being built wait for that one build instead
of each building it again (single flight): sixteen clients opening the home page of a fresh
release would otherwise compute it sixteen times at once, all holding the GIL (the load test
saw 20 s answers from exactly that).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from ..cache import AnswerCache
from . import deps

VARY = "Accept, Accept-Language"
_BUILDING_LOCK = threading.Lock()  # guards the table of keys being built, not the builds


@dataclass(frozen=True)
class Representation:
    body: bytes
    headers: dict[str, str]
    media_type: str


def _cache(request: Request) -> AnswerCache:
    state = request.app.state
    if getattr(state, "representations", None) is None:
        state.representations = AnswerCache(deps.get_settings(request).cache_bytes // 2)
    return state.representations  # type: ignore[no-any-return]


class _flight:
    """The lock of one key while it is built; the table forgets the key when the build ends."""

    def __init__(self, request: Request, key: tuple[Any, ...]) -> None:
        state = request.app.state
        with _BUILDING_LOCK:
            table = getattr(state, "building", None)
            if table is None:
                table = state.building = {}
            self.table, self.key = table, key
            self.lock = table.setdefault(key, threading.Lock())

    def __enter__(self) -> None:
        self.lock.acquire()

    def __exit__(self, *_: object) -> None:
        with _BUILDING_LOCK:
            if self.table.get(self.key) is self.lock:
                del self.table[self.key]
        self.lock.release()


def etag(version: str, key: tuple[Any, ...]) -> str:
    """A strong validator: release version plus a digest of the key.

    >>> etag("abc", ("/", "en"))[:5]
    '"abc-'
    """
    return '"' + version + "-" + hashlib.sha256(repr(key).encode()).hexdigest()[:16] + '"'


def cached(request: Request, key: tuple[Any, ...], build: Callable[[], Response]) -> Response:
    """The response for ``key``: 304 when the client has it, from memory when built before,
    else built now (only a 200 is kept; errors are answered as they are)."""
    tag = etag(deps.get_release(request).version, key)
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers={"ETag": tag, "Vary": VARY})
    store = _cache(request)
    kept = store.get(key)
    if kept is None:
        with _flight(request, key):
            kept = store.get(key)  # built by the request this one waited for
            if kept is None:
                response = build()
                if response.status_code != 200:
                    return response
                headers = {k: v for k, v in response.headers.items()
                           if k.lower() not in ("content-length", "content-type")}
                kept = Representation(bytes(response.body), headers, response.headers["content-type"])
                store.put(key, kept)
    return Response(kept.body, 200, headers={**kept.headers, "ETag": tag}, media_type=kept.media_type)


def kept_bytes(request: Request, key: tuple[Any, ...], build: Callable[[], bytes]) -> bytes:
    """Bytes computed once per release (e.g. a compressed download), within the same memory
    bound as the representations; a body too large to keep is built again when asked."""
    store = _cache(request)
    kept = store.get(key)
    if kept is None:
        kept = Representation(build(), {}, "")
        store.put(key, kept)
    return kept.body  # type: ignore[no-any-return]
