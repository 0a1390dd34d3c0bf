"""The raw-HTTP fuzzer against the real server (issue #11): no 5xx other than 503/504, and
every HTML answer with the content security policy.

A seeded, bounded run of ``vanort.fuzz`` (the same fuzzer ``make fuzz`` runs for 100,000
requests) against ``vanort serve`` on a free loopback port, with loopback trusted as a proxy
so that forwarded headers are checked as well as dropped.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import start_server
from vanort import config, fuzz
from vanort.manifest import Release

REQUESTS = 8000
SECONDS = 25.0


@pytest.fixture(scope="module")
def server_and_log(release: Release, settings: config.Settings,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    log = tmp_path_factory.mktemp("fuzz-server") / "server.log"
    for url in start_server(release.folder.parent, settings.base_iri, log, "--set", "trusted_proxies=127.0.0.1",
                            "--set", "query_timeout_s=3"):
        yield url, log


def test_raw_http_fuzz_finds_no_unexpected_5xx(server_and_log: tuple[str, Path]) -> None:
    report = fuzz.run(server_and_log[0], seed=11, count=REQUESTS, seconds=SECONDS, concurrency=4)
    assert report.unexpected == [], report.table()
    assert report.html_without_csp == [], report.table()
    # The run did reach the routes: answers of every kind, not only the HTTP parser's 400.
    assert report.sent >= 1000, report.table()
    assert {200, 400, 404, 405, 406} <= set(report.statuses), report.table()
    assert "Traceback" not in server_and_log[1].read_text("utf-8", "replace")


HANG_UPS = [
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    b"Content-Length: 1000\r\n\r\nquery=SEL",
    b"POST /reconcile HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    b"Content-Length: 1000\r\n\r\nqueries=",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 500\r\n\r\nASK",
]


def test_client_hang_up_is_one_log_line_not_a_traceback(server_and_log: tuple[str, Path]) -> None:
    url, log = server_and_log
    port = int(url.rsplit(":", 1)[1])
    before = log.read_text("utf-8", "replace").count("the client went away")
    for raw in HANG_UPS:  # the client sends part of the body, then closes the connection
        with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
            connection.sendall(raw)
            time.sleep(0.2)
    # mid-response: read the start of a download, then close
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(b"GET /download/dataset.nq HTTP/1.1\r\nHost: x\r\n\r\n")
        assert connection.recv(12).startswith(b"HTTP/1.1 200")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = log.read_text("utf-8", "replace")
        if text.count("the client went away") - before >= len(HANG_UPS):
            break
        time.sleep(0.1)
    assert text.count("the client went away") - before == len(HANG_UPS), text[-2000:]
    assert "vanort: the client went away before its answer: POST /reconcile" in text
    assert "Traceback" not in text and "Exception in ASGI application" not in text, text[-3000:]


def test_fuzzer_requests_are_reproducible_and_varied() -> None:
    first = [fuzz.request_bytes(5, i, "127.0.0.1:1") for i in range(200)]
    assert first == [fuzz.request_bytes(5, i, "127.0.0.1:1") for i in range(200)]
    assert len(set(first)) == 200
    methods = {raw.split(b" ", 1)[0] for raw in first}
    assert {b"GET", b"HEAD", b"POST"} <= methods
    assert any(b"X-Forwarded-Host" in raw for raw in first) and any(b"%zz" in raw for raw in first)


def test_fuzzer_sends_to_loopback_only() -> None:
    with pytest.raises(ValueError, match="loopback"):
        fuzz.run("http://192.0.2.1:80", seed=1, count=1, seconds=1)
