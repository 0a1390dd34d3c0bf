"""Every error path of ``/sparql`` as an RFC 9457 problem, through one ``assert_problem`` helper
(datasette's ``test_error_shape.py`` idea); HTML for browsers; unexpected errors are a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import media_type
from tests.web.conftest import EX, assert_problem, small_engine
from vanort.config import Settings
from vanort.errors import PROBLEM_BASE
from vanort.manifest import Release
from vanort.web.app import create_app

DIRECT = {"content-type": "application/sparql-query"}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

# (method, path, keyword arguments, status, problem slug)
ERRORS = [
    ("GET", "/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D", {}, 400, "invalid-request"),
    ("POST", "/sparql", {"data": {"format": "csv"}}, 400, "invalid-request"),
    ("GET", "/sparql?query=ASK%20%7B", {}, 400, "query-syntax"),
    ("GET", "/sparql?query=ASK%20%7B%7D&format=png", {}, 400, "invalid-request"),
    ("GET", "/sparql?query=%FF", {}, 400, "invalid-request"),
    ("GET", "/sparql?update=CLEAR%20ALL", {}, 403, "update-refused"),
    ("POST", "/sparql", {"data": {"update": "CLEAR ALL"}}, 403, "update-refused"),
    ("POST", "/sparql", {"content": "CLEAR ALL", "headers": {"content-type": "application/sparql-update"}}, 403, "update-refused"),
    ("POST", "/sparql", {"content": f"INSERT DATA {{ <{EX}a> <{EX}b> 1 }}", "headers": DIRECT}, 403, "update-refused"),
    ("POST", "/sparql", {"content": "LOAD <http://127.0.0.1:9/x>", "headers": DIRECT}, 403, "refused-operation"),
    ("GET", "/sparql?query=SELECT%20*%20%7B%20SERVICE%20%3Chttp%3A%2F%2F127.0.0.1%3A9%2F%3E%20%7B%7D%20%7D", {}, 403, "refused-operation"),
    ("GET", "/sparql?query=ASK%20" + "%7B" * 101 + "%7D" * 101, {}, 400, "query-too-deep"),
    ("PUT", "/sparql", {}, 405, "method-not-allowed"),
    ("DELETE", "/sparql", {}, 405, "method-not-allowed"),
    ("GET", "/sparql?query=ASK%20%7B%7D", {"headers": {"accept": "image/png"}}, 406, "not-acceptable"),
    ("GET", "/sparql", {"headers": {"accept": "application/sparql-results+json"}}, 406, "not-acceptable"),
    ("GET", "/sparql?query=ASK%20%7B%7D", {"headers": {"accept": "application/sparql-results+json;q=0"}}, 406, "not-acceptable"),
    ("POST", "/sparql", {"content": "ASK {}" + " " * 20_000, "headers": DIRECT}, 413, "query-too-long"),
    ("POST", "/sparql", {"content": "ASK {}", "headers": {"content-type": "text/plain"}}, 415, "unsupported-media-type"),
    ("POST", "/sparql", {"content": "query=ASK%20%7B%7D"}, 415, "unsupported-media-type"),
    ("POST", "/sparql", {"content": "ASK {}".encode("utf-16"), "headers": {"content-type": "application/sparql-query; charset=UTF-16"}}, 415, "unsupported-media-type"),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "slug"), ERRORS,
                         ids=[f"{e[3]}-{e[4]}-{i}" for i, e in enumerate(ERRORS)])
def test_any_sparql_error_is_problem(small_client: TestClient, method: str, path: str, kwargs: dict,  # type: ignore[type-arg]
                                     status: int, slug: str) -> None:
    body = assert_problem(small_client.request(method, path, **kwargs), status, slug)
    assert body["instance"] == "/sparql"


def test_get_sparql_not_acceptable_lists_accepted(small_client: TestClient) -> None:
    body = assert_problem(small_client.get("/sparql?query=ASK%20%7B%7D", headers={"accept": "image/png"}), 406, "not-acceptable")
    assert body["accepted"] == ["application/sparql-results+json", "application/sparql-results+xml",
                                "text/csv", "text/tab-separated-values"]


def test_get_sparql_syntax_error_has_position(small_client: TestClient) -> None:
    body = assert_problem(small_client.get("/sparql", params={"query": "ASK {"}), 400, "query-syntax")
    assert (body["line"], body["column"]) == (1, 6)
    assert "1:6" in str(body["detail"])


def test_get_sparql_browser_gets_html_problem(small_client: TestClient) -> None:
    response = small_client.get("/sparql", params={"query": "ASK {"}, headers={"accept": BROWSER})
    assert response.status_code == 400
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "Syntaxfel i SPARQL-frågan" in response.text and PROBLEM_BASE + "query-syntax" in response.text
    assert "rad 1, kolumn 6" in response.text
    assert '<span class="error-line">ASK {<mark> </mark></span>' in response.text
    assert 'href="/query?query=ASK%20%7B"' in response.text
    english = small_client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p }", "lang": "en"},
                               headers={"accept": BROWSER})
    assert english.status_code == 400 and "SPARQL syntax error" in english.text
    assert "line 2, column" in english.text and '<span class="lineno">  2  </span><span class="error-line">' in english.text
    assert 'name="viewport"' in english.text and '<header class="site">' in english.text


def visible_text(html: str) -> str:
    """The page's text outside folded ``<details>`` and tags (what a reader sees at first)."""
    import re

    return re.sub(r"<[^>]+>", "", re.sub(r"<details>.*?</details>", "", html, flags=re.S))


def test_get_sparql_browser_syntax_error_in_words(small_client: TestClient) -> None:
    """The parser's token list becomes a sentence; its raw dump is only behind a fold (#15)."""
    sv = small_client.get("/sparql", params={"query": "ASK {"}, headers={"accept": BROWSER, "accept-language": "sv"})
    assert sv.status_code == 400 and media_type(sv) == "text/html"
    shown = visible_text(sv.text)
    assert "Tolken stannade vid markeringen: den väntade sig en variabel (?x), en sträng" in shown
    assert "u{00C0}" not in shown and "expected one of" not in shown
    assert "u{00C0}" in sv.text  # still there for the curious, folded: "Tolkarens meddelande (engelska)"
    en = small_client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?p ?o } ORDER ?x", "lang": "en"},
                          headers={"accept": BROWSER})
    assert "The parser stopped at the mark: it expected “BY”." in visible_text(en.text)


def test_post_sparql_browser_syntax_error_shows_the_posted_query(small_client: TestClient) -> None:
    """A query sent in a form body is shown marked, with the link to /query, like a GET one."""
    response = small_client.post("/sparql?lang=en", data={"query": "SELECT * WHERE {\n  ?s ?p ?o . }\nLIMT 3"},
                                 headers={"accept": BROWSER})
    assert response.status_code == 400 and media_type(response) == "text/html"
    assert '<span class="lineno">  3  </span><span class="error-line">' in response.text
    assert 'href="/query?query=SELECT%20%2A%20WHERE%20%7B%0A%20%20%3Fs%20%3Fp%20%3Fo%20.%20%7D%0ALIMT%203"' in response.text
    assert "The parser stopped at the mark: it expected" in visible_text(response.text)
    direct = small_client.post("/sparql", content="ASK {", headers={**DIRECT, "accept": BROWSER, "accept-language": "sv"})
    assert direct.status_code == 400 and '<span class="error-line">ASK {<mark> </mark></span>' in direct.text


def test_post_sparql_syntax_error_stays_problem_json_for_programs(small_client: TestClient) -> None:
    body = assert_problem(small_client.post("/sparql", data={"query": "ASK {"}), 400, "query-syntax")
    assert (body["line"], body["column"]) == (1, 6)
    assert "query" not in body and "expected one of" in str(body["detail"])  # the engine's words, for programs
    json_first = small_client.post("/sparql", data={"query": "ASK {"},
                                   headers={"accept": "application/problem+json, text/html;q=0.5"})
    assert_problem(json_first, 400, "query-syntax")


def test_get_sparql_browser_guard_message_is_shown_as_it_is(small_client: TestClient) -> None:
    """The guard speaks in words already (an unclosed string): shown, marked English on sv."""
    response = small_client.get("/sparql", params={"query": 'ASK { ?s ?p "abc }'},
                                headers={"accept": BROWSER, "accept-language": "sv"})
    assert response.status_code == 400
    assert '<p lang="en">a string is not closed before the end of its line (or of the query) (line 1, column 13)</p>' \
        in response.text
    assert '<span class="error-line">ASK { ?s ?p <mark>&#34;</mark>abc }</span>' in response.text


def test_get_unknown_page_is_swedish_for_a_swedish_browser(small_client: TestClient) -> None:
    sv = small_client.get("/no/such/page", headers={"accept": BROWSER, "accept-language": "sv-SE,sv;q=0.9,en;q=0.5"})
    assert sv.status_code == 404 and '<html lang="sv">' in sv.text and "Sidan finns inte" in sv.text
    en = small_client.get("/no/such/page", headers={"accept": BROWSER, "accept-language": "en-GB"})
    assert en.status_code == 404 and '<html lang="en">' in en.text and "Not found" in en.text
    assert '<header class="site">' in sv.text and 'href="/static/favicon.svg"' in sv.text


class _BrokenEngine:
    version = "broken"

    def graphs(self) -> list[str]:
        return []

    def run(self, *args: object, **kwargs: object) -> object:
        raise RuntimeError("engine internals: /secret/path")


def test_get_sparql_engine_failure_is_generic_500(settings: Settings, release: Release) -> None:
    app = create_app(settings, _BrokenEngine(), release)  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/sparql", params={"query": "ASK {}"})
    body = assert_problem(response, 500, "internal-error")
    assert "/secret/path" not in response.text
    assert len(str(body["request_id"])) == 12


def test_get_sparql_problem_is_not_500_for_client_errors(small_client: TestClient) -> None:
    response = small_client.post("/sparql", content=b"\xff\xfe", headers=DIRECT)
    assert_problem(response, 400, "invalid-request")
    assert media_type(response) == "application/problem+json"
    assert small_engine("https://w3id.org/vanort/").graphs() == [f"{EX}g1", f"{EX}g2"]


def test_get_openapi_description_lists_every_public_route(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/-/openapi.json")
    assert r.status_code == 200
    assert media_type(r) == "application/json"
    paths = r.json()["paths"]
    assert {"/sparql", "/download/", "/download/{name}", "/{path}", "/reconcile", "/datasets/dcat"} <= set(paths)
    ids = [op["operationId"] for item in paths.values() for op in item.values() if isinstance(op, dict)]
    assert len(ids) == len(set(ids))
