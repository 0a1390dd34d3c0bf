"""The lean path for /sparql and /id/... (web/lean.py, issue #13) answers exactly as the
FastAPI routes do: same status, headers and bytes, for answers and for errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from vanort.web.app import create_app
from vanort.web.lean import hot

RESULTS_JSON = "application/sparql-results+json"
LOOKUP = "SELECT ?p ?o WHERE { ?s ?p ?o } ORDER BY ?p ?o LIMIT 5"


def _scope(path: str, method: str = "GET", query: bytes = b"") -> dict[str, Any]:
    return {"type": "http", "path": path, "method": method, "query_string": query, "headers": []}


def test_which_requests_take_the_lean_path() -> None:
    assert hot(_scope("/sparql", query=b"query=ASK%7B%7D"))
    assert hot(_scope("/sparql", "POST"))
    assert hot(_scope("/id/municipality/x"))
    assert not hot(_scope("/sparql"))  # the service description or the query UI
    assert not hot(_scope("/sparql", query=b"xquery=1&format=ttl"))
    assert hot(_scope("/id/municipality/x", "HEAD"))  # as its GET (methods.HeadAsGet)
    assert not hot(_scope("/def"))
    assert not hot(_scope("/id/"))  # the dataset's own description
    assert not hot(_scope("/"))
    assert not hot({"type": "lifespan"})


class _FastAPIOnly:
    """The same application with the lean path bypassed: FastAPI's own routes answer."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await FastAPI.__call__(self.app, scope, receive, send)


@pytest.fixture()
def both(settings, engine, release) -> Iterator[tuple[TestClient, TestClient]]:  # type: ignore[no-untyped-def]
    # the response cache off, so that each request is computed by the path under test
    from vanort import config

    plain = config.replace(settings, cache_bytes=1)
    lean, slow = create_app(plain, engine, release), create_app(plain, engine, release)
    with TestClient(lean, base_url="http://127.0.0.1:8000") as a, \
            TestClient(_FastAPIOnly(slow), base_url="http://127.0.0.1:8000") as b:
        yield a, b


def _same(both: tuple[TestClient, TestClient], method: str, url: str, **kwargs: Any) -> Any:
    lean, slow = both
    a, b = lean.request(method, url, **kwargs), slow.request(method, url, **kwargs)
    assert a.status_code == b.status_code
    assert a.content == b.content
    assert sorted(a.headers.multi_items()) == sorted(b.headers.multi_items())
    return a


def test_queries_answer_as_the_fastapi_routes(both, engine) -> None:  # type: ignore[no-untyped-def]
    r = _same(both, "GET", "/sparql", params={"query": LOOKUP}, headers={"accept": RESULTS_JSON})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 5
    r = _same(both, "POST", "/sparql", data={"query": LOOKUP}, headers={"accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv") and r.text.count("\r\n") == 6
    r = _same(both, "POST", "/sparql", content=LOOKUP.encode(),
              headers={"content-type": "application/sparql-query", "accept": "application/sparql-results+xml"})
    assert r.status_code == 200 and b"<sparql" in r.content
    graph = engine.graphs()[0]
    r = _same(both, "GET", "/sparql", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
                                              "named-graph-uri": graph}, headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize(("method", "kwargs", "status"), [
    ("GET", {"params": {"query": "SELECT WHERE {"}}, 400),
    ("GET", {"params": {"query": "ASK {}"}, "headers": {"accept": "image/png"}}, 406),
    ("GET", {"params": {"query": "ASK {}", "format": "nope"}}, 400),
    ("GET", {"params": {"query": "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"}}, 403),
    ("POST", {"content": b"ASK {}", "headers": {"content-type": "text/plain"}}, 415),
    ("POST", {"data": {"update": "CLEAR ALL"}}, 403),
    ("GET", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
    ("GET", {"params": {"query": "ASK " + "{" * 1500 + "}" * 1500}}, 400),  # deeper than max_query_depth
    ("POST", {"data": {"query": "SELECT * WHERE { ?s ?p ?o } # " + "x" * 5000 + "\nLIMIT 1 SERVICE"}}, 403),  # long: guarded on a thread
])
def test_errors_are_the_same_problems(both, method, kwargs, status) -> None:  # type: ignore[no-untyped-def]
    r = _same(both, method, "/sparql", **kwargs)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/problem+json")


def test_without_a_query_fastapi_answers(both) -> None:  # type: ignore[no-untyped-def]
    r = _same(both, "GET", "/sparql?xquery=1", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and b"Service" in r.content


def test_dereferencing_answers_as_the_fastapi_route(both, engine, settings) -> None:  # type: ignore[no-untyped-def]
    rows = engine.select(f"SELECT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{settings.base_iri}id/')) }} "
                         "ORDER BY ?s LIMIT 1")
    path = "/" + rows[0]["s"].value[len(settings.base_iri):]
    for accept in ("text/turtle", "application/ld+json", "*/*", "text/html"):
        r = _same(both, "GET", path, headers={"accept": accept})
        assert r.status_code == 200
    assert _same(both, "GET", path + ".nt").headers["content-type"].startswith("application/n-triples")
    assert _same(both, "GET", path, params={"format": "nope"}).status_code == 400
    assert _same(both, "GET", "/id/nothing/here", headers={"accept": "text/turtle"}).status_code == 404


def test_head_answers_as_the_fastapi_routes(both, engine, settings) -> None:  # type: ignore[no-untyped-def]
    # HEAD takes its GET's path in both stacks (methods.HeadAsGet): same status and headers, no body
    rows = engine.select(f"SELECT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{settings.base_iri}id/')) }} "
                         "ORDER BY ?s LIMIT 1")
    path = "/" + rows[0]["s"].value[len(settings.base_iri):]
    lean = both[0]
    for url, accept in ((path, "text/turtle"), (path, "text/html"), ("/id/nothing/here", "text/turtle"),
                        ("/sparql?query=" + LOOKUP, RESULTS_JSON), ("/sparql?query=SELECT", RESULTS_JSON)):
        head = _same(both, "HEAD", url, headers={"accept": accept})
        get = lean.get(url, headers={"accept": accept})
        assert head.status_code == get.status_code and head.content == b"" and get.content
        assert sorted(head.headers.multi_items()) == sorted(get.headers.multi_items())
