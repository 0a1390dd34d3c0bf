"""A real Oxigraph server on a free loopback port, for the remote-store tests (one way to start it)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from vanort.serve_process import free_port, stop

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")


@contextmanager
def running_oxigraph(location: Path) -> Iterator[str]:
    """``oxigraph serve`` on ``location`` until the block ends; yields its base URL. Its log is
    written beside the location (``<location>.log``)."""
    if OXIGRAPH is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    with location.with_suffix(".log").open("wb") as log:
        process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                                   stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1.0)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail(f"oxigraph server did not start; see {location.with_suffix('.log')}")
                time.sleep(0.1)
        yield url
    finally:
        stop(process)
