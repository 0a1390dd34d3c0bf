"""The workers' memory limit on the real server (issue #11): a query past it gets a problem
naming the setting, its worker is replaced, and another client is served meanwhile."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import media_type
from tests.web.conftest import start_server
from vanort import config
from vanort.manifest import Release

GREEDY = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a"
QUICK = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def small_workers(release: Release, settings: config.Settings,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("small-workers") / "server.log"
    yield from start_server(release.folder.parent, settings.base_iri, log, "--set", "worker_memory_mb=300",
                            "--set", "query_timeout_s=60", "--set", "query_workers=2")


def _workers(url: str) -> dict:  # type: ignore[type-arg]
    return httpx.get(url + "/-/status", timeout=5).json()["workers"]  # type: ignore[no-any-return]


def test_query_past_the_memory_limit_gets_503_naming_the_setting(small_workers: str) -> None:
    before = _workers(small_workers)
    assert before["sandboxed"] is True and before["memory_limit_mb"] == 300
    outcome: list[httpx.Response] = []
    greedy = threading.Thread(target=lambda: outcome.append(
        httpx.get(small_workers + "/sparql", params={"query": GREEDY}, headers=JSON, timeout=60)))
    started = time.monotonic()
    greedy.start()
    served = 0
    while greedy.is_alive() or served < 5:
        r = httpx.get(small_workers + "/sparql", params={"query": QUICK}, headers=JSON, timeout=10)
        assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 3
        served += 1
    greedy.join(60)
    assert time.monotonic() - started < 45  # the memory limit stopped it, not the 60 s time limit
    [r] = outcome
    assert r.status_code == 503
    assert media_type(r) == "application/problem+json"
    problem = r.json()
    assert problem["type"].endswith("/query-memory")
    assert "300 MB" in problem["detail"] and "worker_memory_mb" in problem["detail"]
    assert "Retry-After" not in r.headers
    after = _workers(small_workers)
    assert after["failed"] == before["failed"] + 1 and after["replaced"] == before["replaced"] + 1
