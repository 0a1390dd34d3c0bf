"""Start ``vanort serve`` as a child process on a free loopback port, for the load test
command and the benchmarks: a real uvicorn server, stopped when the block ends."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from .config import Settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(settings: Settings, assignments: tuple[str, ...] = (),
                   startup_s: float = 60.0) -> Iterator[tuple[str, int]]:
    """Yield ``(url, pid)`` of a server on the current release of ``settings``."""
    port = free_port()
    command = [sys.executable, "-m", "vanort", "--root", str(settings.root), "serve", "--host", "127.0.0.1",
               "--port", str(port), "--release-dir", str(settings.path("release_dir"))]
    for pair in assignments:
        command += ["--set", pair]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_s
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"vanort serve exited with {process.returncode}")
            try:
                if httpx.get(url + "/-/status", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"vanort serve did not answer within {startup_s:g} s")
            time.sleep(0.1)
        yield url, process.pid
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    """Terminate a server (uvicorn then stops its query workers), killing it if it hangs."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
