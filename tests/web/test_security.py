"""CSP on HTML, CORS on data, request body cap: one middleware for every route."""

from __future__ import annotations

from tests.conftest import media_type


def test_get_sparql_results_are_open_to_other_origins(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"},
                   headers={"Accept": "application/sparql-results+json", "Origin": "https://example.org"})
    assert r.status_code == 200
    assert media_type(r) == "application/sparql-results+json"
    assert r.json()["boolean"] is True
    assert r.headers["access-control-allow-origin"] == "*"
    assert "content-security-policy" not in r.headers


def test_get_html_page_has_csp_and_no_cors(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/sparql", headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert media_type(r) == "text/html"
    policy = r.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "access-control-allow-origin" not in r.headers
    assert r.headers["x-content-type-options"] == "nosniff"


def test_options_sparql_preflight_is_answered(client) -> None:  # type: ignore[no-untyped-def]
    r = client.options("/sparql", headers={"Origin": "https://example.org",
                                           "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]


def test_post_sparql_body_over_the_limit_is_413(client, settings) -> None:  # type: ignore[no-untyped-def]
    body = b"query=" + b"A" * (settings.max_body_bytes + 10)
    r = client.post("/sparql", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413
    assert media_type(r) == "application/problem+json"
    problem = r.json()
    assert problem["type"].endswith("/body-too-large")
    assert problem["limit"] == settings.max_body_bytes
    assert "max_body_bytes" in problem["detail"]


def test_post_sparql_streamed_body_over_the_limit_is_413(client, settings) -> None:  # type: ignore[no-untyped-def]
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(settings.max_body_bytes // 65536 + 2):
            yield b"A" * 65536

    r = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    assert r.json()["status"] == 413
