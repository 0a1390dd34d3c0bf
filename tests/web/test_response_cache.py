"""Repeated GETs are replayed from the response cache (web/response_cache.py): the same
status, headers and bytes the routes give, never across negotiations, conditional requests,
live pages or failed answers. Across releases: tests/web/test_reload.py.

The cache counters tell a replay from a recomputation: a replayed request is one hit and no
miss; a recomputed one misses the response key and then asks the engine's cache.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.conftest import media_type
from vanort.cache import AnswerCache, CachingEngine
from vanort.web.app import create_app
from vanort.web.response_cache import request_key

QUERY = "SELECT ?s WHERE { ?s a <https://w3id.org/vanort/def/Municipality> } ORDER BY ?s LIMIT 3"
PAGE = "/id/municipality/se-2460-vannas"
JSON = {"Accept": "application/sparql-results+json"}


def _client(settings, engine, release, cache: AnswerCache) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    app = create_app(settings, CachingEngine(engine, cache), release)
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        yield client


@pytest.fixture()
def cache() -> AnswerCache:
    return AnswerCache(8 * 1024 * 1024)


@pytest.fixture()
def client(settings, engine, release, cache: AnswerCache) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    yield from _client(settings, engine, release, cache)


def _counts(cache: AnswerCache) -> tuple[int, int]:
    return cache.hits, cache.misses


def test_a_repeated_query_is_replayed_with_the_same_status_headers_and_bytes(client, cache) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/sparql", params={"query": QUERY}, headers=JSON)
    assert first.status_code == 200 and media_type(first) == "application/sparql-results+json"
    assert len(first.json()["results"]["bindings"]) == 3
    assert len(cache) == 2  # the engine's answer and the whole response
    hits, misses = _counts(cache)
    again = client.get("/sparql", params={"query": QUERY}, headers={**JSON, "User-Agent": "another client/1.0"})
    assert _counts(cache) == (hits + 1, misses)  # replayed: no route, no engine
    assert again.status_code == 200
    assert again.content == first.content
    assert again.headers.items() == first.headers.items()
    assert again.headers["access-control-allow-origin"] == "*"


def test_another_negotiation_gets_its_own_answer(client, cache) -> None:  # type: ignore[no-untyped-def]
    client.get("/sparql", params={"query": QUERY}, headers=JSON)
    xml = client.get("/sparql", params={"query": QUERY}, headers={"Accept": "application/sparql-results+xml"})
    assert xml.status_code == 200 and media_type(xml) == "application/sparql-results+xml"
    assert xml.text.lstrip().startswith("<?xml")
    swedish = client.get(PAGE, headers={"Accept": "text/html", "Accept-Language": "sv"})
    english = client.get(PAGE, headers={"Accept": "text/html", "Accept-Language": "en"})
    assert swedish.status_code == english.status_code == 200
    assert '<html lang="sv"' in swedish.text and '<html lang="en"' in english.text


def test_a_replayed_page_carries_the_security_policy_once(client, cache) -> None:  # type: ignore[no-untyped-def]
    first = client.get(PAGE, headers={"Accept": "text/html"})
    hits, misses = _counts(cache)
    again = client.get(PAGE, headers={"Accept": "text/html"})
    assert _counts(cache) == (hits + 1, misses)
    assert again.content == first.content and media_type(again) == "text/html"
    policies = [v for k, v in again.headers.multi_items() if k == "content-security-policy"]
    assert len(policies) == 1 and "script-src 'self'" in policies[0]
    assert "access-control-allow-origin" not in again.headers
    # every header once, as first sent (the replay used to repeat nosniff and the referrer policy)
    assert sorted(again.headers.multi_items()) == sorted(first.headers.multi_items())
    assert [k for k, _ in again.headers.multi_items()].count("x-content-type-options") == 1


def test_head_shares_the_get_answer_without_its_body(client, cache) -> None:  # type: ignore[no-untyped-def]
    first = client.get(PAGE, headers={"Accept": "text/turtle"})
    hits, misses = _counts(cache)
    head = client.head(PAGE, headers={"Accept": "text/turtle"})
    assert _counts(cache) == (hits + 1, misses)  # HEAD is GET minus the body (web/methods.py)
    assert head.status_code == 200 and head.content == b"" and media_type(head) == "text/turtle"
    assert sorted(head.headers.multi_items()) == sorted(first.headers.multi_items())
    assert int(head.headers["content-length"]) == len(first.content) > 0


def test_conditional_requests_still_get_304_from_the_route(client, cache) -> None:  # type: ignore[no-untyped-def]
    tag = client.get(PAGE, headers={"Accept": "text/turtle"}).headers["etag"]
    for _ in range(2):
        r = client.get(PAGE, headers={"Accept": "text/turtle", "If-None-Match": tag})
        assert r.status_code == 304 and r.content == b""


def test_failed_answers_and_live_pages_are_computed_each_time(client, cache) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        hits, misses = _counts(cache)
        bad = client.get("/sparql", params={"query": "SELECT WHERE {"}, headers=JSON)
        assert bad.status_code == 400 and media_type(bad) == "application/problem+json"
        assert cache.hits == hits and cache.misses > misses  # looked up, never kept
    first = client.get("/-/status").json()
    client.get("/sparql", params={"query": QUERY}, headers=JSON)
    client.get("/sparql", params={"query": QUERY}, headers=JSON)
    second = client.get("/-/status").json()  # no-store, so not a replay of the first: it counts the hit since
    assert second["cache"]["hits"] == first["cache"]["hits"] + 1


def test_with_the_cache_off_nothing_is_kept(settings, engine, release) -> None:  # type: ignore[no-untyped-def]
    cache = AnswerCache(1)  # cache_bytes=1: every answer is larger than a tenth of it
    for client in _client(settings, engine, release, cache):
        for _ in range(3):
            assert client.get("/sparql", params={"query": QUERY}, headers=JSON).status_code == 200
    assert cache.hits == 0 and len(cache) == 0


def _scope(path: str = "/sparql", method: str = "GET", headers: list[tuple[bytes, bytes]] | None = None) -> dict:  # type: ignore[type-arg]
    return {"type": "http", "method": method, "scheme": "http", "path": path, "query_string": b"query=x",
            "headers": headers or [(b"accept", b"text/turtle")]}


@pytest.mark.parametrize("scope", [
    _scope(method="POST"),
    _scope(headers=[(b"if-none-match", b'"x"')]),
    _scope(headers=[(b"range", b"bytes=0-10")]),
], ids=["post", "if-none-match", "range"])
def test_requests_that_must_reach_the_routes_have_no_key(scope) -> None:  # type: ignore[no-untyped-def]
    assert request_key(scope, "v1") is None


def test_the_key_holds_the_release_and_every_header_a_route_may_read() -> None:
    plain = request_key(_scope(), "v1")
    assert plain is not None and plain == request_key(_scope(headers=[(b"accept", b"text/turtle"),
                                                                       (b"user-agent", b"x"), (b"sec-fetch-mode", b"cors")]), "v1")
    assert plain != request_key(_scope(), "v2")
    assert plain != request_key(_scope(headers=[(b"accept", b"text/turtle"), (b"x-forwarded-host", b"example.org")]), "v1")
    assert plain != request_key(_scope(headers=[(b"accept", b"text/turtle"), (b"origin", b"https://example.org")]), "v1")


def test_an_answer_marked_no_store_is_not_kept() -> None:
    from vanort.web.response_cache import keepable

    assert not keepable({"type": "http.response.start", "status": 200,
                         "headers": [(b"Cache-Control", b"private, No-Store")]})
    assert keepable({"type": "http.response.start", "status": 200, "headers": [(b"cache-control", b"max-age=60")]})
