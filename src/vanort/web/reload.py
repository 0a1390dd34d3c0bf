"""Pick up a new release without downtime (``SIGHUP``, or ``vanort reload``).

The new release is opened and verified before anything changes; a missing, failing or
tampered release is refused and the current one keeps serving. On success the engine and
release on the app state are replaced: requests already running keep the objects they took,
and the old engine's query workers are stopped only after the longest query could have
finished (the query time limit plus a margin). Caches belong to a release and start empty.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from pathlib import Path

from fastapi import FastAPI

from ..errors import ReleaseError
from ..manifest import open_current

log = logging.getLogger("vanort.reload")
PID_FILE = "serve.pid"


def reload(app: FastAPI) -> tuple[bool, str]:
    """Switch ``app`` to the current release of its release folder; (switched, message)."""
    from .app import open_engine  # the same engine choice as at start-up

    state = app.state
    settings = state.settings
    with state.reload_lock:
        try:
            release = open_current(settings.path("release_dir"))
        except ReleaseError as exc:
            log.error("new release refused, still serving %s: %s", state.release.version, exc.detail)
            return False, exc.detail
        if release.version == state.release.version:
            return False, f"release {release.version} is already served"
        engine = open_engine(settings, release)
        old_close = getattr(state, "close", None)
        state.engine, state.release = engine, release
        state.close = getattr(engine, "close", None)
        state.representations = None
        state.reconcile_index = None
        if old_close is not None:
            timer = threading.Timer(settings.query_timeout_s + 5, old_close)
            timer.daemon = True
            timer.start()
        log.warning("now serving release %s", release.version)
        return True, f"now serving release {release.version}"


def install_signal(app: FastAPI) -> None:
    """SIGHUP reloads, on a thread of its own so the event loop never waits for it."""
    app.state.reload_lock = getattr(app.state, "reload_lock", threading.Lock())

    def on_hangup(_signum: int, _frame: object) -> None:
        threading.Thread(target=reload, args=(app,), name="vanort-reload", daemon=True).start()

    signal.signal(signal.SIGHUP, on_hangup)


def write_pid(release_dir: Path) -> Path:
    path = release_dir / PID_FILE
    path.write_text(f"{os.getpid()}\n", "utf-8")
    return path


def signal_server(release_dir: Path) -> int:
    """Send SIGHUP to the server serving ``release_dir``; returns its pid."""
    path = release_dir / PID_FILE
    try:
        pid = int(path.read_text("utf-8").strip())
        os.kill(pid, signal.SIGHUP)
    except (OSError, ValueError) as exc:
        raise ReleaseError(f"{path}: no running `vanort serve` found ({exc})") from exc
    return pid
