"""The raw-HTTP fuzzer against the real server (issue #11): no 5xx other than 503/504, and
every HTML answer with the content security policy.

A seeded, bounded run of ``vanort.fuzz`` (the same fuzzer ``make fuzz`` runs for 100,000
requests) against ``vanort serve`` on a free loopback port, with loopback trusted as a proxy
so that forwarded headers are checked as well as dropped.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web.conftest import start_server
from vanort import config, fuzz
from vanort.manifest import Release

REQUESTS = 8000
SECONDS = 25.0


@pytest.fixture(scope="module")
def trusting_server(release: Release, settings: config.Settings,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("fuzz-server") / "server.log"
    yield from start_server(release.folder.parent, settings.base_iri, log, "--set", "trusted_proxies=127.0.0.1",
                            "--set", "query_timeout_s=3")


def test_raw_http_fuzz_finds_no_unexpected_5xx(trusting_server: str) -> None:
    report = fuzz.run(trusting_server, seed=11, count=REQUESTS, seconds=SECONDS, concurrency=4)
    assert report.unexpected == [], report.table()
    assert report.html_without_csp == [], report.table()
    # The run did reach the routes: answers of every kind, not only the HTTP parser's 400.
    assert report.sent >= 1000, report.table()
    assert {200, 400, 404, 405, 406} <= set(report.statuses), report.table()


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
