"""Content negotiation and format parameters end to end (issue 12): RFC 9110 q-values, the
wildcard fallback to data, quads where there is graph context, ``Vary`` on every negotiated
answer and 406, the SPARQLWrapper/Virtuoso parameter names, and the small interop fixes."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from tests.conftest import media_type
from tests.web.conftest import assert_problem

BASE = "https://w3id.org/vanort/"
SELECT = "SELECT ?s WHERE { ?s a <https://w3id.org/vanort/def/Municipality> } LIMIT 2"
CONSTRUCT = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 3"


@pytest.fixture(scope="module")
def municipality(engine) -> str:  # type: ignore[no-untyped-def]
    rows = engine.select("SELECT ?m WHERE { ?m a <https://w3id.org/vanort/def/Municipality> } ORDER BY ?m LIMIT 1")
    return "/" + rows[0]["m"].value[len(BASE):]


@pytest.mark.parametrize("accept,expected", [
    ("text/x-nquads, */*;q=0.1", "application/n-quads"),  # what `rapper -i nquads` sends
    ("application/n-quads", "application/n-quads"),
    ("application/trig;q=0.9, text/turtle;q=0.5", "application/trig"),
    ("text/n3", "text/turtle"),
    ("*/*", "text/turtle"),
    ("image/png, */*;q=0.1", "text/turtle"),
    ("text/html;q=0.5, application/ld+json", "application/ld+json"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
    ("application/xml", "application/rdf+xml"),
])
def test_get_id_accept(client, municipality: str, accept: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get(municipality, headers={"Accept": accept})
    assert r.status_code == 200 and media_type(r) == expected
    assert "Accept" in r.headers["vary"]


def test_get_id_nquads_name_the_source_graphs(client, municipality: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get(municipality, headers={"Accept": "application/n-quads"})
    quads = list(ox.parse(r.content, format=ox.RdfFormat.N_QUADS))
    turtle = client.get(municipality + ".ttl")
    stated = {(t.subject, t.predicate, t.object) for t in ox.parse(turtle.content, format=ox.RdfFormat.TURTLE)}
    assert {(q.subject, q.predicate, q.object) for q in quads} == stated
    graphs = {q.graph_name.value for q in quads}
    # a Turtle file's place stands in its file's graph; a table row's in its source's (issue 14)
    assert BASE + "graph/data/places/" + municipality.rsplit("/", 1)[1] in graphs or any(
        g.startswith(BASE + "graph/source/") for g in graphs), graphs


def test_get_ontology_term_offers_no_quads_and_falls_back_to_turtle(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/def/Partnership", headers={"Accept": "text/x-nquads, */*;q=0.1"})
    assert r.status_code == 200 and media_type(r) == "text/turtle"


@pytest.mark.parametrize("path", ["/id/municipality/x", "/def/Partnership", "/datasets/dcat", "/sparql"])
def test_get_accept_not_on_offer_is_406_with_vary_and_offers(client, municipality: str, path: str) -> None:  # type: ignore[no-untyped-def]
    path = municipality if path == "/id/municipality/x" else path
    r = client.get(path, headers={"Accept": "image/png"})
    body = assert_problem(r, 406, "not-acceptable")
    assert "Accept" in r.headers["vary"]
    assert body["accepted"] and "text/turtle" in body["accepted"]  # type: ignore[operator]


def test_get_sparql_select_406_has_vary(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/sparql", params={"query": SELECT}, headers={"Accept": "text/turtle"})
    body = assert_problem(r, 406, "not-acceptable")
    assert r.headers["vary"] == "Accept" and "application/sparql-results+json" in body["accepted"]  # type: ignore[operator]


def test_get_id_format_xml_is_accept_application_xml(client, municipality: str) -> None:  # type: ignore[no-untyped-def]
    by_parameter = client.get(municipality, params={"format": "xml"})
    by_accept = client.get(municipality, headers={"Accept": "application/xml"})
    assert by_parameter.status_code == by_accept.status_code == 200
    assert media_type(by_parameter) == media_type(by_accept) == "application/rdf+xml"
    assert by_parameter.content == by_accept.content


@pytest.mark.parametrize("query,params,expected", [
    (SELECT, [("format", "tsv"), ("format", "text/tab-separated-values"), ("output", "tsv"),
              ("output", "text/tab-separated-values"), ("results", "tsv"), ("results", "text/tab-separated-values")],
     "text/tab-separated-values"),
    (SELECT, [("format", "xml"), ("output", "xml"), ("results", "xml")], "application/sparql-results+xml"),
    (SELECT, [("output", "json")], "application/sparql-results+json"),
    (CONSTRUCT, [("format", "xml"), ("output", "xml"), ("results", "xml")], "application/rdf+xml"),
    (CONSTRUCT, [("format", "json"), ("output", "json")], "application/ld+json"),
    (CONSTRUCT, [("format", "json-ld"), ("format", "application/ld+json,application/x-json+ld")], "application/ld+json"),
    (CONSTRUCT, [("format", "rdf+xml"), ("format", "application/rdf+xml")], "application/rdf+xml"),
    (CONSTRUCT, [("format", "n3"), ("results", "n3")], "text/turtle"),
    (CONSTRUCT, [("format", "nquads")], "application/n-quads"),
])
def test_get_sparql_format_parameters_as_clients_send_them(client, query: str, params, expected: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/sparql", params=[("query", query), *params], headers={"Accept": "application/rdf+xml"})
    assert r.status_code == 200, r.text
    assert media_type(r) == expected


def test_post_sparql_form_format_parameters(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/sparql", data={"query": SELECT, "format": "csv", "output": "text/csv"})
    assert r.status_code == 200 and media_type(r) == "text/csv" and r.text.startswith("s\r\n")


def test_get_sparql_construct_accept_rdfxml_with_format_xml(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/sparql", params={"query": CONSTRUCT, "format": "xml"}, headers={"Accept": "application/rdf+xml"})
    assert r.status_code == 200 and media_type(r) == "application/rdf+xml"
    assert len(list(ox.parse(r.content, format=ox.RdfFormat.RDF_XML))) == 3


@pytest.mark.parametrize("query,params", [
    (SELECT, [("format", "csv"), ("output", "tsv")]),
    (SELECT, [("format", "xml"), ("format", "application/rdf+xml")]),
    (CONSTRUCT, [("format", "turtle"), ("results", "application/rdf+xml")]),
])
def test_get_sparql_conflicting_format_parameters_is_400_naming_both(client, query: str, params) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/sparql", params=[("query", query), *params])
    body = assert_problem(r, 400, "invalid-request")
    for _, value in params:
        assert repr(value) in str(body["detail"])


def test_get_sparql_unknown_format_is_400_naming_it(client) -> None:  # type: ignore[no-untyped-def]
    body = assert_problem(client.get("/sparql", params={"query": SELECT, "output": "yaml"}), 400, "invalid-request")
    assert "'yaml'" in str(body["detail"]) and "tsv" in body["accepted"]  # type: ignore[operator]


def test_get_download_manifest_json(client, release) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/download/manifest.json")
    assert r.status_code == 200 and media_type(r) == "application/json"
    assert r.json()["version"] == release.version and "dataset.nq" in r.json()["files"]
    again = client.get("/download/manifest.json", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304


def test_post_reconcile_json_body_0_2_batch_is_answered(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/reconcile", json={"queries": {"q0": {"query": "Vännäs"}}})
    assert r.status_code == 200 and media_type(r) == "application/json"
    assert r.json()["q0"]["result"][0]["name"]


@pytest.mark.parametrize("body,content_type,status", [
    (json.dumps({"queries": [{"query": "Vännäs"}]}), "application/json", 400),  # the 1.0 draft's list
    ("not json", "application/json", 400),
    (json.dumps({"q0": {"query": "Vännäs"}}), "application/json", 400),
    ("queries", "text/plain", 415),
])
def test_post_reconcile_other_bodies_get_a_problem_not_the_manifest(client, body: str, content_type: str, status: int) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/reconcile", content=body.encode(), headers={"Content-Type": content_type})
    slug = "unsupported-media-type" if status == 415 else "invalid-parameter"
    problem = assert_problem(r, status, slug)
    assert "versions" not in problem and r.headers["access-control-allow-origin"] == "*"
