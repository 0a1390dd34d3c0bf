"""Limits that hold on the real server (uvicorn, query worker processes, real HTTP).

A runaway query is stopped at its limit and named in the problem; a client that gives up has
its query stopped too; saturation is refused with Retry-After; nobody else notices.
"""

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

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
QUICK = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def limited_server(release: Release, settings: config.Settings,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("limited-server") / "server.log"
    yield from start_server(release.folder.parent, settings.base_iri, log,
                            "--set", "query_timeout_s=2", "--set", "query_workers=2", "--set", "queue_wait_s=0.5")


def _status(url: str) -> dict:  # type: ignore[type-arg]
    return httpx.get(url + "/-/status", timeout=5).json()  # type: ignore[no-any-return]


def _wait_idle(url: str, count: int) -> None:
    deadline = time.monotonic() + 30
    while _status(url)["workers"]["idle"] < count:
        assert time.monotonic() < deadline, _status(url)
        time.sleep(0.1)


def test_get_sparql_runaway_is_stopped_at_the_limit(limited_server: str) -> None:
    started = time.monotonic()
    r = httpx.get(limited_server + "/sparql", params={"query": RUNAWAY}, headers=JSON, timeout=30)
    elapsed = time.monotonic() - started
    assert r.status_code == 504
    assert media_type(r) == "application/problem+json"
    problem = r.json()
    assert problem["type"].endswith("/query-timeout") and problem["limit_s"] == 2
    assert "query_timeout_s" in problem["detail"]
    assert 1.9 < elapsed < 10
    _wait_idle(limited_server, 2)
    assert httpx.get(limited_server + "/sparql", params={"query": QUICK}, headers=JSON, timeout=10).status_code == 200


def test_get_sparql_others_are_served_during_a_runaway(limited_server: str) -> None:
    _wait_idle(limited_server, 2)
    runaway = threading.Thread(target=lambda: httpx.get(limited_server + "/sparql", params={"query": RUNAWAY},
                                                        timeout=30))
    runaway.start()
    time.sleep(0.2)
    latencies = []
    for _ in range(20):
        started = time.monotonic()
        r = httpx.get(limited_server + "/sparql", params={"query": QUICK}, headers=JSON, timeout=10)
        latencies.append(time.monotonic() - started)
        assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 3
    runaway.join(30)
    assert max(latencies) < 1.5


def test_get_sparql_client_that_goes_away_has_its_query_stopped(limited_server: str) -> None:
    _wait_idle(limited_server, 2)
    killed = _status(limited_server)["workers"]["killed"]
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(limited_server + "/sparql", params={"query": RUNAWAY}, timeout=0.5)
    deadline = time.monotonic() + 1.8  # well before the 2 s query limit would stop it
    while _status(limited_server)["workers"]["killed"] == killed:
        assert time.monotonic() < deadline, "the abandoned query was not stopped"
        time.sleep(0.05)


def test_get_sparql_saturated_server_answers_503_with_retry_after(limited_server: str) -> None:
    _wait_idle(limited_server, 2)
    runaways = [threading.Thread(target=lambda: httpx.get(limited_server + "/sparql",
                                                          params={"query": RUNAWAY}, timeout=30)) for _ in range(2)]
    for t in runaways:
        t.start()
    time.sleep(0.3)
    r = httpx.get(limited_server + "/sparql", params={"query": QUICK + " OFFSET 1"}, headers=JSON, timeout=10)
    for t in runaways:
        t.join(30)
    assert r.status_code == 503
    assert media_type(r) == "application/problem+json"
    assert int(r.headers["retry-after"]) >= 1
    assert r.json()["type"].endswith("/busy")


def test_get_status_reports_workers_and_cache(limited_server: str) -> None:
    r = httpx.get(limited_server + "/-/status", timeout=5)
    assert r.status_code == 200
    assert media_type(r) == "application/json"
    body = r.json()
    assert body["status"] == "ok" and len(body["release"]) == 12
    assert set(body["workers"]) >= {"idle", "busy", "killed", "replaced", "saturated"}
    assert set(body["cache"]) == {"hits", "misses"}


def test_get_sparql_repeated_query_is_answered_from_the_cache(limited_server: str) -> None:
    _wait_idle(limited_server, 2)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }"
    first = httpx.get(limited_server + "/sparql", params={"query": query}, headers=JSON, timeout=10)
    hits = _status(limited_server)["cache"]["hits"]
    second = httpx.get(limited_server + "/sparql", params={"query": query}, headers=JSON, timeout=10)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    after = _status(limited_server)["cache"]
    assert after["hits"] == hits + 1, (hits, after)
