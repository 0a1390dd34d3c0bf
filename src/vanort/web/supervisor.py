"""``vanort serve --workers K``: uvicorn's process supervisor, with a reload that stops no process.

uvicorn answers SIGHUP by starting a new worker and then stopping an old one with SIGTERM. A
worker that stops closes at once every connection it has accepted but not yet read a request
from, so a client that connected in that instant gets no answer at all ("Server disconnected
without sending a response": it happened in the reload test, under load, in CI). A public
endpoint should not drop requests because its data was updated.

Here the supervisor passes SIGHUP on to each worker instead, and every worker switches release
in place exactly as a single server process does (``reload.py``): the new release is opened
and verified first, a refused one leaves the worker on the old release, and requests already
running keep the engine they took. No connection is closed and no process is replaced.
Everything else (starting, restarting a worker that died, SIGTERM, SIGTTIN/SIGTTOU) is uvicorn's.
"""

from __future__ import annotations

import logging
import os
import signal

from uvicorn import Config
from uvicorn.supervisors import Multiprocess

log = logging.getLogger("vanort.reload")

# How long a worker may take to answer the supervisor's health ping before it is left out of a
# reload; one that does not answer is starting (and will open the then current release) or hung
# (and uvicorn's own health check replaces it).
READY_TIMEOUT_S = 5.0


class ReloadInPlace(Multiprocess):
    def handle_hup(self) -> None:
        for process in list(self.processes):
            # A worker that has not finished starting has not installed its SIGHUP handler yet,
            # and SIGHUP's default action would end it.
            if process.pid is None or not process.is_ready(READY_TIMEOUT_S):
                log.warning("worker [%s] is not serving yet: it serves the release that is current when it starts",
                            process.pid)
                continue
            log.info("passing SIGHUP on to worker [%s]", process.pid)
            os.kill(process.pid, signal.SIGHUP)


def run(config: Config) -> None:
    """What ``uvicorn.run`` does for ``workers > 1``, with this supervisor."""
    sock = config.bind_socket()
    try:
        ReloadInPlace(config, sockets=[sock]).run()
    finally:
        sock.close()
