"""Dereferencing IRIs under the base: negotiation, suffixes, headers, failure paths (#3)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS

from tests.conftest import media_type

BASE = "https://w3id.org/vanort/"
CHROME = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,"
          "*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SAFARI = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CURL = "*/*"
RAPPER = ("application/rdf+xml, text/rdf+xml;q=0.6, application/rdf+xml;q=0.5, text/turtle, "
          "application/x-turtle, application/n-triples, */*;q=0.1")
RDFLIB = ("application/rdf+xml, text/rdf+xml;q=0.9, text/turtle, application/x-turtle;q=0.9, "
          "text/n3;q=0.9, application/n-triples;q=0.9, */*;q=0.1")


@pytest.fixture(scope="module")
def municipality(engine) -> str:  # type: ignore[no-untyped-def]
    """The local path of some municipality of the release (generic: mini and real data)."""
    rows = engine.select("SELECT ?m WHERE { ?m a <https://w3id.org/vanort/def/Municipality> } ORDER BY ?m LIMIT 1")
    return "/" + rows[0]["m"].value[len(BASE):]


@pytest.fixture(scope="module")
def partnership(engine) -> str:  # type: ignore[no-untyped-def]
    rows = engine.select("SELECT ?p WHERE { ?p a <https://w3id.org/vanort/def/Partnership> ; "
                         "<https://w3id.org/vanort/def/period> ?x } ORDER BY ?p LIMIT 1")
    return "/" + rows[0]["p"].value[len(BASE):]


def turtle(response) -> Graph:  # type: ignore[no-untyped-def]
    return Graph().parse(data=response.text, format="turtle")


def parsed(response, fmt: str) -> Graph:  # type: ignore[no-untyped-def]
    """Any RDF body as an rdflib graph; JSON-LD is read by pyoxigraph (rdflib's reader warns)."""
    if fmt == "json-ld":
        triples = ox.parse(response.content, format=ox.RdfFormat.JSON_LD)
        return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    return Graph().parse(data=response.text, format=fmt)


@pytest.mark.parametrize("accept", [CHROME, FIREFOX, SAFARI])
def test_get_id_browser_accept_is_html(client, municipality, accept) -> None:  # type: ignore[no-untyped-def]
    r = client.get(municipality, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert "<h1>" in r.text and BASE + municipality[1:] in r.text
    assert "Accept" in r.headers["vary"]
    assert "'self'" in r.headers["content-security-policy"]


@pytest.mark.parametrize("accept", [CURL, RAPPER, RDFLIB, None])
def test_get_id_tool_accept_is_rdf(client, municipality, accept) -> None:  # type: ignore[no-untyped-def]
    r = client.get(municipality, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200
    assert media_type(r) in ("text/turtle", "application/rdf+xml")
    assert "charset=utf-8" in r.headers["content-type"]
    fmt = "turtle" if media_type(r) == "text/turtle" else "xml"
    graph = Graph().parse(data=r.text, format=fmt)
    assert (URIRef(BASE + municipality[1:]), RDF.type, URIRef(BASE + "def/Municipality")) in graph


def test_get_id_curl_is_turtle_with_headers(client, municipality) -> None:  # type: ignore[no-untyped-def]
    r = client.get(municipality, headers={"Accept": CURL})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    assert r.headers["content-location"] == municipality + ".ttl"
    assert r.headers["vary"].startswith("Accept")
    link = r.headers["link"]
    assert f'<{BASE}{municipality[1:]}>; rel="canonical"' in link
    for suffix, mime in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"),
                         ("rdf", "application/rdf+xml"), ("html", "text/html")):
        assert f'{municipality}.{suffix}>; rel="alternate"; type="{mime}"' in link
    assert "@prefix" in r.text
    assert any(p == RDFS.label for p in turtle(r).predicates(URIRef(BASE + municipality[1:])))


@pytest.mark.parametrize("suffix,mime,fmt", [
    ("ttl", "text/turtle", "turtle"), ("nt", "application/n-triples", "nt"),
    ("rdf", "application/rdf+xml", "xml"), ("jsonld", "application/ld+json", "json-ld"),
])
def test_get_id_suffix_forces_format(client, municipality, suffix, mime, fmt) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"{municipality}.{suffix}", headers={"Accept": CHROME})
    assert r.status_code == 200
    assert media_type(r) == mime
    graph = parsed(r, fmt)
    assert (URIRef(BASE + municipality[1:]), RDF.type, URIRef(BASE + "def/Municipality")) in graph


def test_get_id_html_suffix_is_html(client, municipality) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"{municipality}.html", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["content-location"] == municipality + ".html"


def test_get_id_format_parameter_forces_jsonld(client, municipality) -> None:  # type: ignore[no-untyped-def]
    r = client.get(municipality, params={"format": "jsonld"}, headers={"Accept": CHROME})
    assert r.status_code == 200
    assert media_type(r) == "application/ld+json"
    assert json.loads(r.text)
    graph = parsed(r, "json-ld")
    assert (URIRef(BASE + municipality[1:]), RDF.type, URIRef(BASE + "def/Municipality")) in graph


def test_get_id_unknown_format_parameter_is_400(client, municipality) -> None:  # type: ignore[no-untyped-def]
    r = client.get(municipality, params={"format": "docx"})
    assert r.status_code == 400
    assert media_type(r) == "application/problem+json"
    assert r.json()["type"].endswith("/invalid-parameter")


def test_get_id_unknown_is_404_problem(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/id/municipality/no-such-place", headers={"Accept": CURL})
    assert r.status_code == 404
    assert media_type(r) == "application/problem+json"
    body = r.json()
    assert body["status"] == 404 and body["type"].endswith("/not-found")
    assert "no-such-place" in body["detail"]


def test_get_id_unknown_browser_is_404_html(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/id/municipality/no-such-place", headers={"Accept": CHROME, "Accept-Language": "en"})
    assert r.status_code == 404
    assert media_type(r) == "text/html"
    assert "Not found" in r.text
    # the site's default language, as on every page, when the browser names none we offer
    assert "Sidan finns inte" in client.get("/id/municipality/no-such-place", headers={"Accept": CHROME}).text


def test_get_id_not_acceptable_is_406(client, municipality) -> None:  # type: ignore[no-untyped-def]
    r = client.get(municipality, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert media_type(r) == "application/problem+json"
    assert "text/turtle" in r.json()["accepted"]


def test_get_id_no_redirect(client, partnership) -> None:  # type: ignore[no-untyped-def]
    r = client.get(partnership, headers={"Accept": CURL}, follow_redirects=False)
    assert r.status_code == 200
    assert media_type(r) == "text/turtle"
    assert URIRef(BASE + "def/Partnership") in set(turtle(r).objects(URIRef(BASE + partnership[1:]), RDF.type))


def test_head_id_turtle(client, municipality) -> None:  # type: ignore[no-untyped-def]
    r = client.head(municipality, headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    assert r.content == b""


def test_get_def_turtle_is_whole_ontology(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/def", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    graph = turtle(r)
    assert (URIRef(BASE + "def/Municipality"), RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in graph
    assert (URIRef(BASE + "def/Partnership"), None, None) in graph


def test_get_def_suffix_ttl(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/def.ttl", headers={"Accept": CHROME})
    assert r.status_code == 200
    assert media_type(r) == "text/turtle"
    assert (URIRef(BASE + "def"), RDF.type, URIRef("http://www.w3.org/2002/07/owl#Ontology")) in turtle(r)


def test_get_def_term_turtle(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/def/Municipality", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert media_type(r) == "text/turtle"
    graph = turtle(r)
    assert set(graph.subjects()) == {URIRef(BASE + "def/Municipality")}
    assert graph.value(URIRef(BASE + "def/Municipality"), RDFS.label) is not None


def test_get_def_unknown_term_is_404(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/def/NoSuchTerm", headers={"Accept": "text/turtle"})
    assert r.status_code == 404
    assert media_type(r) == "application/problem+json"
    assert r.json()["instance"] == "/def/NoSuchTerm"


def test_get_shapes_turtle(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/shapes", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert media_type(r) == "text/turtle"
    shapes = set(turtle(r).subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")))
    assert shapes and all(str(s).startswith(BASE + "shapes/") for s in shapes)


def test_get_shapes_shape_is_bounded_description(client) -> None:  # type: ignore[no-untyped-def]
    listing = turtle(client.get("/shapes.ttl"))
    shape = sorted(listing.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")))[0]
    r = client.get("/" + str(shape)[len(BASE):], headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert media_type(r) == "text/turtle"
    graph = turtle(r)
    # the shape's own triples plus its blank nodes (property shapes, lists), nothing else
    assert (shape, RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")) in graph
    assert all(s == shape or isinstance(s, BNode) for s in graph.subjects())


def test_get_id_concept_scheme_turtle(client, engine) -> None:  # type: ignore[no-untyped-def]
    rows = engine.select(
        "SELECT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), 'https://w3id.org/vanort/id/partnership-status')) } LIMIT 1")
    if not rows:
        pytest.skip("no partnership-status concept in this release (the mini project has none)")
    path = "/" + rows[0]["s"].value[len(BASE):]
    r = client.get(path, headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert media_type(r) == "text/turtle"
    assert (URIRef(rows[0]["s"].value), None, None) in turtle(r)


def test_get_id_forwarded_headers_from_untrusted_peer_are_ignored(client, municipality) -> None:  # type: ignore[no-untyped-def]
    # No trusted_proxies (the default): links name the connection's own origin (tests/web/test_forwarded.py).
    r = client.get(municipality, headers={"Accept": CURL, "X-Forwarded-Proto": "https",
                                          "X-Forwarded-Host": "data.example.se"})
    assert r.status_code == 200
    assert media_type(r) == "text/turtle"
    assert f"<http://127.0.0.1:8000{municipality}.jsonld>" in r.headers["link"]
    assert "data.example.se" not in r.headers["link"]
    assert r.headers["vary"] == "Accept, Accept-Language, Host"
    assert (URIRef(BASE + municipality[1:]), RDF.type, URIRef(BASE + "def/Municipality")) in turtle(r)


def test_get_resource_etag_and_304(client) -> None:  # type: ignore[no-untyped-def]
    path = "/id/municipality/se-2460-vannas"
    first = client.get(path, headers={"Accept": "text/turtle"})
    assert first.status_code == 200
    assert media_type(first) == "text/turtle"
    tag = first.headers["etag"]
    assert tag.startswith('"') and first.headers["vary"].startswith("Accept")
    again = client.get(path, headers={"Accept": "text/turtle", "If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    other = client.get(path, headers={"Accept": "application/ld+json", "If-None-Match": tag})
    assert other.status_code == 200 and media_type(other) == "application/ld+json"
    assert other.headers["etag"] != tag
    cached = client.get(path, headers={"Accept": "text/turtle"})
    assert cached.content == first.content and cached.headers["link"] == first.headers["link"]
