"""End to end: the real server (``vanort serve`` under uvicorn) over real HTTP.

Assertions hold for any release (the real dataset or the tiny test project).
"""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest

from tests.conftest import media_type
from tests.web.conftest import RESULTS_JSON, assert_problem

pytestmark = pytest.mark.e2e


def test_get_sparql_select_live(live_server: str) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    response = httpx.get(live_server + "/sparql", params={"query": query}, headers={"accept": RESULTS_JSON})
    assert response.status_code == 200
    assert media_type(response) == RESULTS_JSON
    assert response.headers["vary"] == "Accept"
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) > 0


def test_post_sparql_construct_live(live_server: str) -> None:
    query = "CONSTRUCT { ?o a <http://www.w3.org/2002/07/owl#Ontology> } WHERE { ?o a <http://www.w3.org/2002/07/owl#Ontology> }"
    response = httpx.post(live_server + "/sparql", content=query.encode("utf-8"),
                          headers={"content-type": "application/sparql-query", "accept": "application/n-triples"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/n-triples; charset=utf-8"
    parsed = list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
    assert parsed and all(t.object.value == "http://www.w3.org/2002/07/owl#Ontology" for t in parsed)


def test_post_sparql_form_syntax_error_live(live_server: str) -> None:
    response = httpx.post(live_server + "/sparql", data={"query": "SELECT * WHERE {"})
    body = assert_problem(response, 400, "query-syntax")
    assert body["line"] == 1


def test_get_sparql_service_description_live(live_server: str) -> None:
    response = httpx.get(live_server + "/sparql", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    assert f"<{live_server}/sparql>".encode() in response.content


def test_access_log_lines_only_when_asked(release, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.web.conftest import start_server

    for flag, expected in (("true", True), ("false", False)):
        log = tmp_path / f"server-{flag}.log"
        for url in start_server(release.folder.parent, settings.base_iri, log, "--set", f"access_log={flag}"):
            assert httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": RESULTS_JSON},
                             timeout=10).status_code == 200
        assert ('"GET /sparql?query=' in log.read_text("utf-8")) is expected, log.read_text("utf-8")[-2000:]
