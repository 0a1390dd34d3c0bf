"""A linked-data crawler's view (issue 12): every IRI the release names under the base
dereferences, and named graphs, version IRIs and namespaces answer with what they stand for.

The crawl takes every IRI under the base from ``dataset.nq``, the catalogue and VoID (IRIs, and
literals that are IRIs such as ``vann:preferredNamespaceUri`` and ``void:uriSpace``), requests each
(without a fragment) once as a browser, once with no Accept and once with ``Accept: text/turtle``,
and fails listing every IRI that does not answer 200.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from tests.conftest import media_type
from tests.web.conftest import assert_problem

BASE = "https://w3id.org/vanort/"
TURTLE = ox.RdfFormat.TURTLE
OWL_VERSION_IRI = "http://www.w3.org/2002/07/owl#versionIRI"
VOID = "http://rdfs.org/ns/void#"


def release_iris(release) -> set[str]:  # type: ignore[no-untyped-def]
    """IRIs under the base in the dataset, the catalogue and VoID, without fragments."""
    terms: list[object] = []
    for q in ox.parse(path=str(release.path("dataset.nq")), format=ox.RdfFormat.N_QUADS):
        terms += [q.subject, q.predicate, q.object, q.graph_name]
    for name in ("catalogue.ttl", "void.ttl"):
        for t in ox.parse(path=str(release.path(name)), format=TURTLE):
            terms += [t.subject, t.predicate, t.object]
    found = set()
    for term in terms:
        if isinstance(term, (ox.NamedNode, ox.Literal)) and term.value.startswith(BASE) and " " not in term.value:
            found.add(term.value.split("#", 1)[0])
    return found


@pytest.fixture(scope="module")
def iris(release) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(release_iris(release))


def test_crawl_finds_graphs_versions_and_namespaces(iris: list[str]) -> None:
    assert len(iris) > 100
    assert any(i.startswith(BASE + "graph/data/") for i in iris)
    for expected in ("def", "def/", "graph/derived", "id/", "sparql"):
        assert BASE + expected in iris, expected


@pytest.mark.parametrize("accept", [None, "text/turtle", "text/html,application/xhtml+xml,*/*;q=0.8"])
def test_crawl_every_iri_under_the_base_dereferences(client, iris: list[str], accept: str | None) -> None:  # type: ignore[no-untyped-def]
    failures = []
    headers = {"Accept": accept} if accept else {}
    for iri in iris:
        r = client.get("/" + iri[len(BASE):], headers=headers)
        if r.status_code != 200:
            failures.append(f"{iri}: {r.status_code} {r.text[:120]}")
        elif accept == "text/turtle" and media_type(r) == "text/turtle":
            assert list(ox.parse(r.content, format=TURTLE)), iri
    assert not failures, f"{len(failures)} of {len(iris)} IRIs do not dereference:\n" + "\n".join(failures[:40])


def graph_path(engine, kind: str) -> str:  # type: ignore[no-untyped-def]
    return next(g for g in engine.graphs() if g.startswith(BASE + "graph/" + kind))[len(BASE):]


def test_get_graph_turtle_is_its_description(client, engine) -> None:  # type: ignore[no-untyped-def]
    path = graph_path(engine, "data/")
    r = client.get("/" + path, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"] == "text/turtle; charset=utf-8"
    assert r.headers["content-location"] == f"/{path}.ttl" and "Accept" in r.headers["vary"]
    about = {t.predicate.value: t.object for t in ox.parse(r.content, format=TURTLE) if t.subject.value == BASE + path}
    assert about[VOID + "dataDump"]
    source = about["http://purl.org/dc/terms/source"].value
    assert source == path.removeprefix("graph/") + ".ttl"  # data/<...>.ttl, the file it was read from
    contents = engine.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": ox.NamedNode(BASE + path)})
    assert int(about[VOID + "triples"].value) == int(contents[0]["n"].value) > 0


@pytest.mark.parametrize("accept,fmt", [("application/n-quads", ox.RdfFormat.N_QUADS), ("application/trig", ox.RdfFormat.TRIG)])
def test_get_graph_quads_hold_its_triples_and_description(client, engine, accept, fmt) -> None:  # type: ignore[no-untyped-def]
    path = graph_path(engine, "data/")
    r = client.get("/" + path, headers={"Accept": accept})
    assert r.status_code == 200 and media_type(r) == accept
    quads = list(ox.parse(r.content, format=fmt))
    inside = {(q.subject, q.predicate, q.object) for q in quads if q.graph_name == ox.NamedNode(BASE + path)}
    stored = engine.select("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": ox.NamedNode(BASE + path)})
    assert inside == {(row["s"], row["p"], row["o"]) for row in stored}
    assert any(q.graph_name == ox.DefaultGraph() and q.subject.value == BASE + path for q in quads)


def test_get_graph_html_describes_it(client, engine) -> None:  # type: ignore[no-untyped-def]
    path = graph_path(engine, "data/")
    r = client.get("/" + path, headers={"Accept": "text/html"})
    assert r.status_code == 200 and media_type(r) == "text/html"
    assert path.removeprefix("graph/") + ".ttl" in r.text and f'href="/{path}.nq"' in r.text


def test_get_derived_graph_has_no_source_file(client, engine) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/graph/derived.ttl")
    assert r.status_code == 200 and media_type(r) == "text/turtle"
    predicates = {t.predicate.value for t in ox.parse(r.content, format=TURTLE)}
    assert "http://purl.org/dc/terms/source" not in predicates and VOID + "triples" in predicates


def test_get_unknown_graph_is_404(client) -> None:  # type: ignore[no-untyped-def]
    assert_problem(client.get("/graph/data/no-such-file", headers={"Accept": "text/turtle"}), 404, "not-found")


def test_get_version_iri_is_that_ontology(client, release) -> None:  # type: ignore[no-untyped-def]
    ontology = list(ox.parse(path=str(release.path("ontology.ttl")), format=TURTLE))
    version = next(t.object.value for t in ontology if t.predicate.value == OWL_VERSION_IRI)
    r = client.get("/" + version[len(BASE):], headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and media_type(r) == "text/turtle"
    assert set(ox.parse(r.content, format=TURTLE)) == set(ontology)
    html = client.get("/" + version[len(BASE):], headers={"Accept": "text/html"})
    ontology_page = client.get("/def", headers={"Accept": "text/html"})
    assert html.status_code == 200 and media_type(html) == "text/html"
    assert re.search("<h1>.*?</h1>", html.text).group(0) == re.search("<h1>.*?</h1>", ontology_page.text).group(0)  # type: ignore[union-attr]
    assert client.get("/def/9.9.9", headers={"Accept": "text/turtle"}).status_code == 404


@pytest.mark.parametrize("namespace,document", [("def/", "def"), ("shapes/", "shapes")])
def test_get_namespace_is_its_document(client, namespace: str, document: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/" + namespace, headers={"Accept": "text/turtle"})
    whole = client.get("/" + document, headers={"Accept": "text/turtle"})
    assert r.status_code == whole.status_code == 200 and media_type(r) == "text/turtle"
    assert r.content == whole.content and r.headers["content-location"] == f"/{document}.ttl"


def test_get_scheme_namespace_is_the_scheme(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/id/identifier-scheme/", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and media_type(r) == "text/turtle"
    types = {t.object.value for t in ox.parse(r.content, format=TURTLE) if t.subject.value == BASE + "id/identifier-scheme"}
    assert "http://www.w3.org/2004/02/skos/core#ConceptScheme" in types


def test_get_id_namespace_is_the_void_description(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/id/", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and media_type(r) == "text/turtle"
    spaces = {t.object.value for t in ox.parse(r.content, format=TURTLE) if t.predicate.value == VOID + "uriSpace"}
    assert BASE + "id/" in spaces
