"""HTTP method semantics on every route (web/methods.py), over raw HTTP against the real server.

RFC 9110 §9.3.2: HEAD answers as GET (status and headers) without a body, wherever GET is
answered. §15.5.6: a method a resource does not support is 405 with ``Allow``; a path that
names nothing is 404 whatever the method; no request gets a 5xx. Sent with ``http.client``
on kept-alive connections, so a body sent after a HEAD would corrupt the next answer.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.web.page_kinds import KINDS
from vanort.errors import PROBLEM_BASE

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# Every page kind, plus the protocol, operations, catalogue and download routes.
ROUTES = sorted(set(KINDS.values()) | {
    "/sparql", "/sparql?query=ASK%20%7B%7D", "/sparql?query=SELECT%20*%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%202",
    "/query", "/-/status", "/-/docs", "/-/openapi.json", "/datasets/dcat", "/.well-known/void", "/psidata",
    "/download", "/download/", "/download/dataset.nq", "/download/manifest.json", "/reconcile", "/id/",
    "/def/Municipality.ttl", "/static/vanort.css",
})
POST_ROUTES = {"/sparql", "/reconcile"}
UNKNOWN = ["/no-such-page", "/id/no-such-kind/x", "/download/no-such-file.ttl", "/static/no-such.css",
           "/openapi.json", "/-/no-such", "/def/NoSuchTerm"]
OTHER_METHODS = ("PUT", "DELETE", "PATCH")


@pytest.fixture(scope="module")
def connection(live_server: str) -> Iterator[http.client.HTTPConnection]:
    """One kept-alive connection for the module: every exchange checks it stayed open."""
    parts = urlsplit(live_server)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    conn.connect()
    yield conn
    conn.close()


def exchange(conn: http.client.HTTPConnection, method: str, path: str, accept: str | None = None,
             body: bytes | None = None, **headers: str) -> tuple[int, list[tuple[str, str]], bytes]:
    """One request on ``conn``; the connection must be the same socket afterwards (no
    reconnection by http.client hiding a closed or corrupted connection)."""
    sock = conn.sock
    sent = {k.replace("_", "-"): v for k, v in headers.items()}
    if accept is not None:
        sent["Accept"] = accept
    conn.request(method, path, body=body, headers=sent)
    response = conn.getresponse()
    content = response.read()
    assert conn.sock is sock and sock is not None, f"{method} {path}: the connection was not kept alive"
    assert response.status < 500, (method, path, response.status, content[:500])
    return response.status, [(k.lower(), v) for k, v in response.getheaders()], content


def comparable(headers: list[tuple[str, str]], live: bool) -> list[tuple[str, str]]:
    """Headers minus Date; a live document (``no-store``: counters) may change its length."""
    return sorted((k, "<live>" if live and k == "content-length" else v) for k, v in headers if k != "date")


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("accept", [None, BROWSER], ids=["no-accept", "browser"])
def test_head_answers_as_get_without_body(connection: http.client.HTTPConnection, path: str,
                                          accept: str | None) -> None:
    # HEAD first: it is computed by the route, not replayed from a GET in the response cache
    head_status, head_headers, head_body = exchange(connection, "HEAD", path, accept)
    get_status, get_headers, get_body = exchange(connection, "GET", path, accept)
    again_status, again_headers, again_body = exchange(connection, "HEAD", path, accept)
    live = ("cache-control", "no-store") in get_headers
    assert head_status == get_status == again_status
    assert comparable(head_headers, live) == comparable(get_headers, live) == comparable(again_headers, live)
    assert head_body == again_body == b""
    length = dict(get_headers).get("content-length")
    if length is not None and not live:
        assert int(length) == len(get_body) > 0
    assert dict(head_headers)["content-type"] == dict(get_headers)["content-type"]


def test_head_gives_the_status_of_get_on_known_routes(connection: http.client.HTTPConnection) -> None:
    # the routes the brief measured as 404 on HEAD
    for path in ("/", "/sparql", "/query", "/psidata", "/-/status", "/-/docs"):
        status, headers, body = exchange(connection, "HEAD", path, BROWSER)
        assert (status, body) == (200, b""), path
        assert dict(headers)["content-type"].startswith(("text/html", "application/json")), path
    status, headers, _ = exchange(connection, "HEAD", "/id/municipality/no-such-place", "application/json")
    assert status == 404 and dict(headers)["content-type"] == "application/problem+json"


def _allow(headers: list[tuple[str, str]]) -> list[str]:
    return [m.strip() for m in dict(headers)["allow"].split(",")]


@pytest.mark.parametrize("path", ROUTES)
def test_other_methods_are_405_with_allow(connection: http.client.HTTPConnection, path: str) -> None:
    get_status, _, _ = exchange(connection, "GET", path, "*/*")
    expected = ["GET", "HEAD", "POST", "OPTIONS"] if path.split("?")[0] in POST_ROUTES else ["GET", "HEAD", "OPTIONS"]
    for method in OTHER_METHODS:
        status, headers, body = exchange(connection, method, path, "application/json", body=b'{"a": 1}',
                                         Content_Type="application/json")
        if get_status == 404:  # the not-found page kind: nothing there, whatever the method
            assert status == 404, (method, path)
            continue
        assert status == 405, (method, path, body[:300])
        assert _allow(headers) == expected, (method, path)
        problem = json.loads(body)
        assert dict(headers)["content-type"] == "application/problem+json"
        assert (problem["type"], problem["status"], problem["allowed"]) == (
            PROBLEM_BASE + "method-not-allowed", 405, expected)
        assert method in problem["detail"] and problem["instance"] == path.split("?")[0]


@pytest.mark.parametrize("path", ["/id/municipality/se-2460-vannas", "/", "/download/dataset.nq", "/-/status"])
def test_post_where_only_get_is_answered_is_405(connection: http.client.HTTPConnection, path: str) -> None:
    status, headers, body = exchange(connection, "POST", path, "application/json", body=b"query=ASK%7B%7D",
                                     Content_Type="application/x-www-form-urlencoded")
    assert status == 405, body[:300]
    assert _allow(headers) == ["GET", "HEAD", "OPTIONS"]
    assert json.loads(body)["type"] == PROBLEM_BASE + "method-not-allowed"


def test_browser_gets_the_405_as_a_page(connection: http.client.HTTPConnection) -> None:
    status, headers, body = exchange(connection, "DELETE", "/id/municipality/se-2460-vannas", BROWSER)
    assert status == 405 and _allow(headers) == ["GET", "HEAD", "OPTIONS"]
    assert dict(headers)["content-type"].startswith("text/html")
    assert "Metoden stöds inte".encode() in body and b"DELETE" in body  # Swedish by default
    assert "content-security-policy" in dict(headers)


@pytest.mark.parametrize("path", UNKNOWN)
def test_unknown_paths_are_404_for_every_method(connection: http.client.HTTPConnection, path: str) -> None:
    for method in ("GET", "HEAD", "POST", *OTHER_METHODS, "OPTIONS"):
        status, headers, body = exchange(connection, method, path, "application/json",
                                         body=b"x" if method in ("POST", "PUT", "PATCH") else None)
        assert status == 404, (method, path, status)
        assert dict(headers)["content-type"] == "application/problem+json"
        assert "allow" not in dict(headers)
        if method == "HEAD":
            assert body == b""
        else:
            assert json.loads(body)["type"] == PROBLEM_BASE + "not-found"


@pytest.mark.parametrize("path", ["/sparql", "/id/municipality/se-2460-vannas", "/download/", "/"])
def test_options_without_preflight_is_204_with_allow(connection: http.client.HTTPConnection, path: str) -> None:
    status, headers, body = exchange(connection, "OPTIONS", path)
    assert (status, body) == (204, b"")
    expected = ["GET", "HEAD", "POST", "OPTIONS"] if path in POST_ROUTES else ["GET", "HEAD", "OPTIONS"]
    assert _allow(headers) == expected
    assert "content-length" not in dict(headers)  # RFC 9110 §8.6: none on a 204


def test_options_preflight_is_unchanged(connection: http.client.HTTPConnection) -> None:
    status, headers, _ = exchange(connection, "OPTIONS", "/sparql", Origin="https://example.org",
                                  Access_Control_Request_Method="POST")
    found = dict(headers)
    assert status == 204
    assert found["access-control-allow-origin"] == "*"
    assert found["access-control-allow-methods"] == "GET, HEAD, POST, OPTIONS"
    assert "allow" not in found


def test_keep_alive_serves_get_after_head(connection: http.client.HTTPConnection) -> None:
    # HEAD of a large answer (a dump), then GETs on the same connection: their bytes must be
    # theirs, not the HEAD's body left in the stream.
    exchange(connection, "HEAD", "/download/dataset.nq")
    status, headers, body = exchange(connection, "GET", "/sparql?query=ASK%20%7B%7D", "application/sparql-results+json")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}
    exchange(connection, "HEAD", "/id/municipality/se-2460-vannas", BROWSER)
    status, headers, body = exchange(connection, "GET", "/id/municipality/se-2460-vannas", "text/turtle")
    assert status == 200 and dict(headers)["content-type"].startswith("text/turtle")
    assert b"se-2460-vannas" in body and int(dict(headers)["content-length"]) == len(body)
    # a refused PUT with a body, then a GET: the unread body does not linger either
    status, _, _ = exchange(connection, "PUT", "/sparql", body=b"x" * 5000, Content_Type="text/plain")
    assert status == 405
    status, _, body = exchange(connection, "GET", "/sparql?query=ASK%20%7B%7D", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_a_refused_method_runs_no_query(settings, engine, release) -> None:  # type: ignore[no-untyped-def]
    # whether /sparql exists is asked without the query string: the query of a refused PUT is
    # never run (had it been, the GET after it would find its answer in the engine's cache)
    from fastapi.testclient import TestClient

    from vanort.cache import AnswerCache, CachingEngine
    from vanort.web.app import create_app

    cache = AnswerCache(8 * 1024 * 1024)
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    accept = {"Accept": "*/*"}  # as the existence probe asks: the same answer key
    with TestClient(create_app(settings, CachingEngine(engine, cache), release),
                    base_url="http://127.0.0.1:8000") as client:
        refused = client.put("/sparql", params=query, headers=accept)
        assert refused.status_code == 405 and refused.headers["allow"] == "GET, HEAD, POST, OPTIONS"
        hits = cache.hits
        answered = client.get("/sparql", params=query, headers=accept)
        assert answered.status_code == 200 and int(answered.json()["results"]["bindings"][0]["n"]["value"]) > 0
        assert cache.hits == hits  # computed now, not before
        head = client.head("/sparql", params=query, headers=accept)
        assert head.status_code == 200 and head.content == b"" and cache.hits == hits + 1  # GET's answer


def test_head_of_a_named_graph_answers_as_get(connection: http.client.HTTPConnection,
                                              settings) -> None:  # type: ignore[no-untyped-def]
    query = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g LIMIT 1"
    status, _, body = exchange(connection, "POST", "/sparql", "application/sparql-results+json",
                               body=query.encode(), Content_Type="application/sparql-query")
    graph = json.loads(body)["results"]["bindings"][0]["g"]["value"]
    assert status == 200 and graph.startswith(settings.base_iri + "graph/")
    path = "/" + graph[len(settings.base_iri):]
    for accept in ("text/turtle", "application/n-quads", BROWSER):
        head_status, head_headers, head_body = exchange(connection, "HEAD", path, accept)
        get_status, get_headers, get_body = exchange(connection, "GET", path, accept)
        assert head_status == get_status == 200 and head_body == b"" and get_body
        assert comparable(head_headers, False) == comparable(get_headers, False)
    assert exchange(connection, "DELETE", path)[0] == 405
