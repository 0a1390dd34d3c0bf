"""Fuzzing the HTTP surface (issue #7): never a 500, always a message.

schemathesis generates requests for every operation of the OpenAPI description; hypothesis
drives the SPARQL protocol with arbitrary parameters, percent-encodings and Accept headers.
Both run in-process against the app over the real release, with bounded example counts.
"""

from __future__ import annotations

from urllib.parse import quote

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import media_type

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def test_openapi_operations_never_fail_with_5xx(app) -> None:  # type: ignore[no-untyped-def]
    # schemathesis' strategies driven by hypothesis directly: its pytest plugin does not
    # support this pytest version, and the app must come from a fixture (no module-level app).
    schema = schemathesis.openapi.from_asgi("/-/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    cases = st.one_of([operation.as_strategy() for operation in operations])

    @settings(max_examples=250, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(case=cases)
    def no_server_error(case) -> None:  # type: ignore[no-untyped-def]
        response = case.call()
        assert response.status_code < 500, (case.method, case.formatted_path, response.text[:300])

    no_server_error()


TOKENS = st.sampled_from(["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", "<",
                          ">", "<http://e/x>", "\"", "'", "#", "%2F", "&", "+", "=", "Прокупље", "Vännäs",
                          "LIMIT", "1", "-1", "FILTER(", ")", ".", ";", "GRAPH", "SERVICE", "\\", "\x00", " "])
QUERIES = st.one_of(st.text(max_size=200), st.lists(TOKENS, max_size=30).map(" ".join))
ACCEPT = st.one_of(
    st.text(max_size=60),
    st.lists(st.tuples(st.sampled_from(["*/*", "text/*", "application/*", "text/turtle", "text/html", "image/png",
                                         "application/sparql-results+json", "text/csv", "application/ld+json",
                                         ";;", "", "a/b/c"]),
                       st.sampled_from(["", ";q=0", ";q=0.5", ";q=1", ";q=abc", ";q=-1", ";charset=utf-8"])),
             max_size=5).map(lambda parts: ", ".join(m + q for m, q in parts)),
)


@FUZZ
@given(query=QUERIES, accept=ACCEPT)
def test_get_sparql_arbitrary_query_and_accept_never_5xx(client, query: str, accept: str) -> None:  # type: ignore[no-untyped-def]
    headers = {"Accept": accept} if accept.isprintable() and accept.isascii() else {}
    r = client.get("/sparql?query=" + quote(query, safe=""), headers=headers)
    assert r.status_code < 500, r.text[:300]
    if r.status_code >= 400:
        assert media_type(r) in ("application/problem+json", "text/html")


@FUZZ
@given(raw=st.text(alphabet=st.characters(codec="ascii"), max_size=120))
def test_post_sparql_arbitrary_form_body_never_5xx(client, raw: str) -> None:  # type: ignore[no-untyped-def]
    # Raw bodies include broken percent-encodings (%G1, a lone %, %C3 without its pair).
    r = client.post("/sparql", content=raw.encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code < 500, r.text[:300]
    assert r.status_code == 200 or media_type(r) == "application/problem+json"


@FUZZ
@given(path=st.text(max_size=80))
def test_get_any_path_never_5xx(client, path: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/" + quote(path, safe="/"), headers={"Accept": "text/turtle"})
    assert r.status_code < 500, r.text[:300]


@FUZZ
@given(body=st.binary(max_size=300), content_type=st.sampled_from(
    ["application/sparql-query", "application/sparql-query; charset=latin-1", "text/plain", "",
     "application/x-www-form-urlencoded; charset=utf-8", "multipart/form-data"]))
def test_post_sparql_arbitrary_bytes_never_5xx(client, body: bytes, content_type: str) -> None:  # type: ignore[no-untyped-def]
    headers = {"Content-Type": content_type} if content_type else {}
    r = client.post("/sparql", content=body, headers=headers)
    assert r.status_code < 500, r.text[:300]
