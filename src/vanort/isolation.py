"""Run user queries where they can be stopped: a pool of worker processes.

pyoxigraph cannot cancel a running query, so a query past its time limit cannot be stopped
in the server's own process. Each worker process holds its own read-only store; the server
hands a query to an idle worker and waits at most ``timeout`` seconds. A query past the limit,
or whose client went away, is stopped for real: its worker is killed and replaced, and only
that client gets an error. When every worker is busy for longer than ``queue_wait``, the
request is refused at once with 503 and ``Retry-After`` instead of piling up.

The server's own bounded lookups (describe, exists, page queries) stay in-process: they never
run long and need no isolation.
"""

from __future__ import annotations

import logging
import os
import multiprocessing as mp
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any

from .formats import NotAcceptable
from .store import Answer, Chooser, OxigraphEngine, QueryError, guard

log = logging.getLogger("vanort.isolation")
# Never fork the server itself (it runs threads): workers come from a fork server that has
# the engine modules imported already, so replacing a killed worker is cheap.
_CONTEXT = mp.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["vanort.store", "vanort.render", "pyoxigraph"])
# Workers yield the CPU to the web process: pages, lookups and cached answers stay quick
# while queries saturate the cores.
WORKER_NICENESS = 5


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
    def __init__(self) -> None:
        super().__init__("the worker running this query stopped unexpectedly; the query was not answered",
                         slug="worker-failed", status=503)
        self.retry_after = 1


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


def _serve(spec: StoreSpec, conn: Connection) -> None:  # pragma: no cover - runs in the child
    os.nice(WORKER_NICENESS)
    engine = spec.open()
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        query, choose, default_graphs, named_graphs, max_rows = request
        try:
            answer = engine.run(query, choose, default_graphs=default_graphs,
                                named_graphs=named_graphs, max_rows=max_rows)
            conn.send(("ok", answer))
        except QueryError as exc:
            conn.send(("query-error", (str(exc), exc.slug, exc.status)))
        except NotAcceptable as exc:
            conn.send(("not-acceptable", exc.offered))
        except Exception as exc:  # noqa: BLE001 - an engine failure is reported, not hidden
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, spec: StoreSpec) -> None:
        parent, child = _CONTEXT.Pipe()
        self.conn = parent
        self.process = _CONTEXT.Process(target=_serve, args=(spec, child), daemon=True, name="vanort-query")
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise RuntimeError(f"query worker did not start within {timeout:g} s")
        self.conn.recv()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """A fixed number of query workers; each query runs alone in one of them."""

    def __init__(self, spec: StoreSpec, size: int, timeout: float, queue_wait: float = 2.0,
                 start_timeout: float = 60.0) -> None:
        self.spec, self.timeout, self.queue_wait = spec, timeout, queue_wait
        self._start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._busy: set[_Worker] = set()
        self._closed = False
        self._lock = threading.Lock()
        self.stats = {"killed": 0, "replaced": 0, "saturated": 0}
        # Start every worker first, then wait: they load their stores side by side.
        starting = [_Worker(spec) for _ in range(size)]
        for worker in starting:
            self._enlist(worker)

    def _enlist(self, worker: _Worker) -> None:
        worker.wait_ready(self._start_timeout)
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _add(self) -> None:
        self._enlist(_Worker(self.spec))

    def _respawn(self) -> None:
        for attempt in range(3):
            if self._closed:
                return
            try:
                self._add()
                return
            except (RuntimeError, EOFError, OSError) as exc:
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
        # Pickled before a worker is taken: a request that cannot cross the process boundary
        # fails here, with every worker still idle.
        request = bytes(ForkingPickler.dumps((query, choose, tuple(default_graphs), tuple(named_graphs), max_rows)))
        for attempt in (1, 2):
            worker = self._take_idle()
            with self._lock:
                self._busy.add(worker)
            started = time.monotonic()
            try:
                return self._run_on(worker, request, cancelled)
            except WorkerFailed:
                # A worker that had died before it could start on this query (killed while idle)
                # costs the client nothing: try once more on another worker.
                if attempt == 2 or time.monotonic() - started > 0.2:
                    raise
            finally:
                with self._lock:
                    self._busy.discard(worker)
        raise AssertionError("unreachable")

    def _take_idle(self) -> _Worker:
        """An idle, living worker; a worker that died while idle is replaced, not used."""
        give_up = time.monotonic() + self.queue_wait
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, give_up - time.monotonic()))
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
                    self._replace(worker)
                    raise WorkerFailed()
                if time.monotonic() > deadline or cancelled():
                    self.stats["killed"] += 1
                    self._replace(worker)
                    raise QueryTimeout(self.timeout) if not cancelled() else QueryError(
                        "the client went away; the query was stopped", slug="client-closed", status=499)
            status, payload = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise WorkerFailed() from None
        self._idle.put(worker)
        if status == "ok":
            return payload  # type: ignore[no-any-return]
        if status == "query-error":
            message, slug, code = payload
            raise QueryError(message, slug=slug, status=code)
        if status == "not-acceptable":
            raise NotAcceptable(payload)
        raise RuntimeError(f"query worker failed: {payload}")

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

    def run(self, query: str, choose: Chooser, *, default_graphs: Sequence[str] = (),
            named_graphs: Sequence[str] = (), max_rows: int | None = None,
            cancelled: Callable[[], bool] = lambda: False) -> Answer:
        # Refuse SERVICE/updates before spending a worker on them.
        guard(query, set(self.local.graphs()))
        return self.pool.run(query, choose, default_graphs, named_graphs, max_rows, cancelled)

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
