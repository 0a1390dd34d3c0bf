"""The main loop of a query worker process (``isolation.WorkerPool`` starts it).

It confines itself (``engine.sandbox``: no network, a memory limit), opens the release, says
it is ready, then answers one query at a time: bytes in, finished bytes out (``channel``).
"""

from __future__ import annotations

import os
from multiprocessing.connection import Connection
from typing import Any

from ..errors import ConfigError
from ..formats import NotAcceptable
from ..store import QueryError
from . import channel
from .sandbox import Policy, SandboxUnavailable, enter, limit_memory

# Workers yield the CPU to the web process: pages, lookups and cached answers stay quick
# while queries saturate the cores.
WORKER_NICENESS = 5


def serve(spec: Any, policy: Policy, conn: Connection) -> None:  # pragma: no cover - runs in the child
    os.nice(WORKER_NICENESS)
    # Off the network before the release is read or any query taken; for good (nothing undoes it).
    try:
        enter(policy)
    except SandboxUnavailable as exc:
        conn.send(("sandbox-unavailable", exc.reason))
        return
    engine = spec.open()
    if policy.memory_mb:
        try:
            limit_memory(policy.memory_mb)
        except ConfigError as exc:
            conn.send(("config-error", exc.detail))
            return
    try:
        conn.send(("ready", None))
    except OSError:  # the pool closed while this worker loaded
        return
    while True:
        try:
            request = conn.recv_bytes()
        except EOFError:
            return
        query, choose, default_graphs, named_graphs, max_rows = channel.parse_request(request)
        try:
            # The server guarded the text before sending it; here the sandbox is the barrier.
            answer = engine.run(query, choose, default_graphs=default_graphs,
                                named_graphs=named_graphs, max_rows=max_rows, guarded=False)
            reply = channel.answer_bytes(answer.body, answer.format, answer.kind, answer.truncated)
        except MemoryError:
            # Past the memory limit inside Python: report it, then leave (the heap is a mess).
            conn.send_bytes(channel.error_bytes(channel.MEMORY))
            os._exit(1)
        except OSError as exc:
            # pyoxigraph reports what SERVICE met (a refused socket, a failed lookup) as OSError.
            reply = channel.error_bytes(channel.QUERY_ERROR, "403", "refused-operation",
                                        f"the query needs another server, which query workers cannot reach: {exc}")
        except QueryError as exc:
            reply = channel.error_bytes(channel.QUERY_ERROR, str(exc.status), exc.slug, str(exc))
        except NotAcceptable as exc:
            reply = channel.error_bytes(channel.NOT_ACCEPTABLE, ",".join(exc.offered))
        except Exception as exc:  # noqa: BLE001 - an engine failure is reported, not hidden
            reply = channel.error_bytes(channel.FAILED, f"{type(exc).__name__}: {exc}")
        conn.send_bytes(reply)
