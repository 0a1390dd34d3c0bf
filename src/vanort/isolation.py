"""Run user queries where they can be stopped: a pool of worker processes.

pyoxigraph cannot cancel a running query, so a query past its time limit cannot be stopped
in the server's own process. Each worker process holds its own read-only store; the server
hands a query to an idle worker and waits at most ``timeout`` seconds. A query past the limit,
or whose client went away, is stopped for real: its worker is killed and replaced, and only
that client gets an error. When every worker is busy for longer than ``queue_wait``, the
request is refused at once with 503 and ``Retry-After`` instead of piling up.

Each worker confines itself before it loads the release (``engine.sandbox``): no network, a
memory limit. A query that kills its worker (a crash, the memory limit) is answered with a
problem saying so and is never handed to another worker: one request must not be able to take
the whole pool down.

The server's own bounded lookups (describe, exists, page queries) stay in-process: they never
run long and need no isolation.

A query crosses to its worker as bytes and its answer comes back finished (``engine.channel``);
the web server waits for a worker and for the answer on its event loop (``run_async``, with
``engine.handoff``), threads and the command line with ``run``.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing as mp
import queue
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .engine import channel
from .engine.handoff import IdleQueue, readable
from .engine.sandbox import Policy, SandboxUnavailable
from .engine.worker import serve
from .errors import ConfigError
from .formats import BY_NAME, NotAcceptable
from .store import Answer, Chooser, OxigraphEngine, QueryError, guard

log = logging.getLogger("vanort.isolation")
# Never fork the server itself (it runs threads): workers come from a fork server that has
# the engine modules imported already, so replacing a killed worker is cheap.
_CONTEXT = mp.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["vanort.store", "vanort.render", "vanort.engine.sandbox", "vanort.engine.channel",
                                 "vanort.engine.worker", "pyoxigraph"])


class QueryTimeout(QueryError):
    def __init__(self, limit: float) -> None:
        super().__init__(
            f"the query ran longer than the limit of {limit:g} s and was stopped "
            "(setting query_timeout_s)", slug="query-timeout", status=504)
        self.limit = limit


class Saturated(QueryError):
    def __init__(self, retry_after: int) -> None:
        super().__init__("every query worker is busy; retry shortly", slug="busy", status=503)
        self.retry_after = retry_after


class WorkerFailed(QueryError):
    """The worker died while it ran this query. No Retry-After: a query that crashes its worker
    would crash the next one too."""

    def __init__(self, exitcode: int | None = None) -> None:
        how = f" ({_signal_name(exitcode)})" if exitcode is not None else ""
        super().__init__(f"the worker running this query stopped{how} before answering; the query was "
                         "not answered and is not retried on another worker (it may crash every worker); "
                         "the worker was replaced", slug="worker-failed", status=503)


class MemoryLimit(QueryError):
    """The query needed more memory than a worker may take (``worker_memory_mb``)."""

    def __init__(self, limit_mb: int) -> None:
        super().__init__(f"the query needed more memory than the limit of {limit_mb} MB per query worker "
                         "(setting worker_memory_mb) and was stopped; the worker was replaced",
                         slug="query-memory", status=503)
        self.limit_mb = limit_mb


def _signal_name(exitcode: int) -> str:
    if exitcode < 0:
        try:
            return f"signal {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit status {exitcode}"


@dataclass(frozen=True)
class StoreSpec:
    """How a worker opens the release: picklable, so it crosses the process boundary."""

    nquads: str
    version: str
    base: str | None
    store_folder: str | None = None  # an on-disk store, opened read-only, instead of nquads

    def open(self) -> OxigraphEngine:
        if self.store_folder:
            import pyoxigraph as ox

            return OxigraphEngine(ox.Store.read_only(self.store_folder), self.version, self.base)
        return OxigraphEngine.from_nquads(Path(self.nquads), self.version, self.base)


class _Worker:
    def __init__(self, spec: StoreSpec, policy: Policy) -> None:
        parent, child = _CONTEXT.Pipe()
        self.conn = parent
        self.process = _CONTEXT.Process(target=serve, args=(spec, policy, child), daemon=True, name="vanort-query")
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise ConfigError(f"query worker did not start within {timeout:g} s")
        try:
            status, payload = self.conn.recv()
        except EOFError:
            self.process.join(5)
            exitcode = self.process.exitcode
            self.kill()
            raise ConfigError(f"query worker stopped while loading the release "
                              f"({_signal_name(exitcode) if exitcode is not None else 'unknown cause'})") from None
        if status == "sandbox-unavailable":
            self.kill()
            raise SandboxUnavailable(payload)
        if status == "config-error":
            self.kill()
            raise ConfigError(payload)

    def kill(self) -> None:
        """Stop the worker; a second call (the pool's clean-up after a failed start) does nothing."""
        if self.conn.closed:
            return
        self.process.kill()
        self.process.join(5)
        self.conn.close()
        try:
            # its descriptors now, not when the last reference goes (a cancelled timer of the
            # event loop may hold one until the time limit)
            self.process.close()
        except ValueError:  # still running after 5 s: left to the finaliser
            pass


class WorkerPool:
    """A fixed number of query workers; each query runs alone in one of them."""

    def __init__(self, spec: StoreSpec, size: int, timeout: float, queue_wait: float = 2.0,
                 start_timeout: float = 60.0, policy: Policy = Policy()) -> None:
        self.spec, self.timeout, self.queue_wait, self.policy = spec, timeout, queue_wait, policy
        self._start_timeout = start_timeout
        self._idle = IdleQueue()  # of _Worker, for threads and event-loop tasks alike
        self._all: set[_Worker] = set()
        self._busy: set[_Worker] = set()
        self._closed = False
        self._lock = threading.Lock()
        self.stats = {"killed": 0, "replaced": 0, "saturated": 0, "failed": 0}
        if not policy.network:
            log.warning("query workers are NOT confined: a query could make the server connect to other hosts "
                        "(query_sandbox = off)")
        # Start every worker first, then wait: they load their stores side by side.
        starting = [_Worker(spec, policy) for _ in range(size)]
        try:
            for worker in starting:
                self._enlist(worker)
        except BaseException:
            for worker in starting:
                worker.kill()
            raise

    def _enlist(self, worker: _Worker) -> None:
        worker.wait_ready(self._start_timeout)
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _add(self) -> None:
        self._enlist(_Worker(self.spec, self.policy))

    def _respawn(self) -> None:
        for attempt in range(3):
            if self._closed:
                return
            try:
                self._add()
                return
            except (ConfigError, EOFError, OSError) as exc:
                if self._closed:
                    return
                log.warning("query worker failed to start (attempt %d): %s", attempt + 1, exc)
                time.sleep(0.5)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        self.stats["replaced"] += 1
        # Start the replacement off the request path: the client is answered at once.
        threading.Thread(target=self._respawn, name="vanort-respawn", daemon=True).start()

    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all if w.process.pid is not None]

    def run(self, query: str, choose: Chooser, default_graphs: Sequence[str], named_graphs: Sequence[str],
            max_rows: int | None, cancelled: Callable[[], bool] = lambda: False) -> Answer:
        # Encoded (and negotiated) before a worker is taken: a request that cannot cross the
        # process boundary fails here, with every worker still idle.
        request = channel.request_bytes(query, channel.Fixed.of(choose), default_graphs, named_graphs, max_rows)
        # One attempt only: a worker found dead while idle is replaced before it is taken, so a
        # worker that dies now died of this query, and would-be retries crash the next one.
        worker = self._take_idle()
        with self._lock:
            self._busy.add(worker)
        try:
            return self._run_on(worker, request, cancelled)
        finally:
            with self._lock:
                self._busy.discard(worker)

    def _take_idle(self) -> _Worker:
        """An idle, living worker; a worker that died while idle is replaced, not used."""
        give_up = time.monotonic() + self.queue_wait
        while True:
            try:
                worker = self._idle.get(max(0.0, give_up - time.monotonic()))
            except queue.Empty:
                self.stats["saturated"] += 1
                raise Saturated(retry_after=max(1, int(self.timeout / 4))) from None
            if worker.process.is_alive():
                return worker
            self._replace(worker)

    def idle(self) -> int:
        """Workers waiting for a query (for health checks and tests)."""
        return self._idle.qsize()

    def busy_pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._busy if w.process.pid is not None]

    def _run_on(self, worker: _Worker, request: bytes, cancelled: Callable[[], bool]) -> Answer:
        deadline = time.monotonic() + self.timeout
        try:
            worker.conn.send_bytes(request)
            while not worker.conn.poll(0.05):
                if not worker.process.is_alive():
                    raise self._died(worker)
                if time.monotonic() > deadline or cancelled():
                    self.stats["killed"] += 1
                    self._replace(worker)
                    raise QueryTimeout(self.timeout) if not cancelled() else QueryError(
                        "the client went away; the query was stopped", slug="client-closed", status=499)
            reply = worker.conn.recv_bytes()
        except (EOFError, OSError, BrokenPipeError):
            raise self._died(worker) from None
        return self._finish(worker, reply)

    async def run_async(self, query: str, choose: Chooser, default_graphs: Sequence[str],
                        named_graphs: Sequence[str], max_rows: int | None,
                        gone: asyncio.Future[Any] | None = None) -> Answer:
        """``run`` on the event loop: waiting for a worker and for its answer takes no thread.
        ``gone`` is done when the client went away (the worker is then killed)."""
        request = channel.request_bytes(query, channel.Fixed.of(choose), default_graphs, named_graphs, max_rows)
        worker = await self._take_idle_async()
        with self._lock:
            self._busy.add(worker)
        try:
            try:
                worker.conn.send_bytes(request)
                what = await readable(worker.conn.fileno(), self.timeout, worker.process.is_alive, gone)
                if what == "died":
                    raise self._died(worker)
                if what in ("timeout", "gone"):
                    self.stats["killed"] += 1
                    self._replace(worker)
                    raise QueryTimeout(self.timeout) if what == "timeout" else QueryError(
                        "the client went away; the query was stopped", slug="client-closed", status=499)
                reply = worker.conn.recv_bytes()
            except (EOFError, OSError, BrokenPipeError):
                raise self._died(worker) from None
            return self._finish(worker, reply)
        finally:
            with self._lock:
                self._busy.discard(worker)

    async def _take_idle_async(self) -> _Worker:
        give_up = time.monotonic() + self.queue_wait
        while True:
            try:
                worker = await self._idle.aget(max(0.0, give_up - time.monotonic()))
            except queue.Empty:
                self.stats["saturated"] += 1
                raise Saturated(retry_after=max(1, int(self.timeout / 4))) from None
            if worker.process.is_alive():
                return worker  # type: ignore[no-any-return]
            self._replace(worker)

    def _finish(self, worker: _Worker, reply: bytes) -> Answer:
        """The answer (or error) a worker sent; the worker goes back to the idle ones."""
        status, parts, body = channel.parse_reply(reply)
        if status == channel.MEMORY:
            self._replace(worker)
            self.stats["failed"] += 1
            raise MemoryLimit(self.policy.memory_mb or 0)
        self._idle.put(worker)
        if status == channel.OK:
            truncated, kind, name = parts
            return Answer(body, BY_NAME[name], kind, truncated == "1")
        if status == channel.QUERY_ERROR:
            code, slug, message = parts
            raise QueryError(message, slug=slug, status=int(code))
        if status == channel.NOT_ACCEPTABLE:
            raise NotAcceptable(tuple(parts[0].split(",")))
        raise RuntimeError(f"query worker failed: {parts[0] if parts else status!r}")

    def _died(self, worker: _Worker) -> QueryError:
        """The error for a worker that died running a query; the worker is replaced."""
        worker.process.join(1)
        exitcode = worker.process.exitcode
        self._replace(worker)
        self.stats["failed"] += 1
        # An allocation the memory limit refused makes pyoxigraph (Rust) abort the process.
        if exitcode == -signal.SIGABRT and self.policy.memory_mb:
            log.warning("query worker aborted, read as its memory limit of %d MB", self.policy.memory_mb)
            return MemoryLimit(self.policy.memory_mb)
        log.warning("query worker stopped running a query (%s); not retried",
                    _signal_name(exitcode) if exitcode is not None else "unknown cause")
        return WorkerFailed(exitcode)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


class IsolatedEngine:
    """The Engine protocol with user queries in worker processes and lookups in-process."""

    def __init__(self, local: OxigraphEngine, pool: WorkerPool) -> None:
        self.local = local
        self.pool = pool
        self.version = local.version
        self._graphs = frozenset(local.graphs())  # fixed per release: not rebuilt per query

    def run(self, query: str, choose: Chooser, *, default_graphs: Sequence[str] = (),
            named_graphs: Sequence[str] = (), max_rows: int | None = None,
            cancelled: Callable[[], bool] | None = None) -> Answer:
        # Refuse SERVICE/updates before spending a worker on them.
        guard(query, self._graphs)
        return self.pool.run(query, choose, default_graphs, named_graphs, max_rows, cancelled or (lambda: False))

    async def run_async(self, query: str, choose: Chooser, *, default_graphs: Sequence[str] = (),
                        named_graphs: Sequence[str] = (), max_rows: int | None = None,
                        gone: asyncio.Future[Any] | None = None) -> Answer:
        if len(query) <= 4_000:  # the guard is linear: microseconds for a short query
            guard(query, self._graphs)
        else:  # a long one is read on a thread, so the event loop never waits on it
            await asyncio.to_thread(guard, query, self._graphs)
        return await self.pool.run_async(query, choose, default_graphs, named_graphs, max_rows, gone)

    def describe(self, iri: str) -> Any:
        return self.local.describe(iri)

    def exists(self, iri: str) -> bool:
        return self.local.exists(iri)

    def graphs(self) -> list[str]:
        return self.local.graphs()

    def select(self, query: str, bindings: dict[str, Any] | None = None) -> list[dict[str, object]]:
        return self.local.select(query, bindings)

    def serialize(self, triples: Any, fmt: Any) -> bytes:
        return self.local.serialize(triples, fmt)

    def close(self) -> None:
        self.pool.close()
