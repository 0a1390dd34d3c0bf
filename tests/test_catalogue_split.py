"""The two datasets of the catalogue (issue #14): which statement belongs to which, their
licences, and the description of every source graph; real values from the session release."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT as _DCAT, DCTERMS, FOAF, RDF, RDFS

from vanort import catalogue_split as split
from vanort.catalogue_licence import SHARE_ALIKE
from vanort.manifest import Release

BASE = "https://w3id.org/vanort/"
DCAT = Namespace(str(_DCAT))
VOID = Namespace("http://rdfs.org/ns/void#")
PROV = Namespace("http://www.w3.org/ns/prov#")
VO = Namespace(BASE + "def/")
CC = Namespace("http://creativecommons.org/ns#")
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
CC_BY_SA = URIRef("http://creativecommons.org/licenses/by-sa/4.0/")
WP = "http://spdx.org/licenses/CC-BY-SA-4.0"
SOURCE = "http://purl.org/dc/terms/source"


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def q(s: str, p: str, o: str | ox.Literal, g: str) -> ox.Quad:
    return ox.Quad(n(BASE + s), n(p), o if isinstance(o, ox.Literal) else n(o), n(BASE + g))


def licence(key: str, iri: str) -> ox.Quad:
    return q(f"id/source/{key}", "http://purl.org/dc/terms/license", iri, "graph/data/tables/sources")


LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SOURCES = [licence("wp", WP), licence("page", "http://spdx.org/licenses/CC0-1.0")]


def test_a_turtle_resource_citing_only_wikipedia_is_share_alike_only() -> None:
    turtle = "graph/data/places/x"
    stated = SOURCES + [
        q("id/observation/area", LABEL, ox.Literal("area"), turtle),
        q("id/observation/area", SOURCE, BASE + "id/source/wp", turtle),
        q("id/place/x", LABEL, ox.Literal("x"), turtle),
        q("id/place/x", SOURCE, BASE + "id/source/wp", turtle),
        q("id/place/x", SOURCE, BASE + "id/source/page", turtle),
    ]
    only = split.share_alike_triples(stated, BASE)
    assert ox.Triple(n(BASE + "id/observation/area"), n(LABEL), ox.Literal("area")) in only
    assert not [t for t in only if t.subject.value == BASE + "id/place/x"]  # the page states it too
    kept = {x.subject.value for x in split.vannas_stated(stated, BASE)}
    assert kept == {BASE + "id/place/x"}  # the sources' graph is the register's, not the page's


def test_a_node_without_its_own_source_stands_on_its_referrers() -> None:
    turtle = "graph/data/partnerships/p"
    stated = SOURCES + [
        q("id/partnership/p", SOURCE, BASE + "id/source/wp", turtle),
        q("id/partnership/p", BASE + "def/period", BASE + "id/period/p", turtle),
        q("id/period/p", BASE + "def/start", ox.Literal("1990"), turtle),
    ]
    only = split.share_alike_triples(stated, BASE)
    assert ox.Triple(n(BASE + "id/period/p"), n(BASE + "def/start"), ox.Literal("1990")) in only
    assert list(split.vannas_stated(stated, BASE)) == []


def test_a_fact_both_state_belongs_to_both() -> None:
    fact = ("id/partnership/a-b", LABEL, ox.Literal("A and B"))
    stated = SOURCES + [
        q(*fact, "graph/source/wp"),  # listed by Wikipedia
        q(*fact, "graph/data/partnerships/a-b"),  # and stated on the page
        q("id/partnership/a-b", SOURCE, BASE + "id/source/page", "graph/data/partnerships/a-b"),
        q("id/partnership/c-d", LABEL, ox.Literal("C and D"), "graph/source/wp"),  # only Wikipedia
    ]
    only = split.share_alike_triples(stated, BASE)
    assert ox.Triple(n(BASE + fact[0]), n(fact[1]), fact[2]) not in only
    assert ox.Triple(n(BASE + "id/partnership/c-d"), n(LABEL), ox.Literal("C and D")) in only
    assert {x.graph_name.value for x in split.vannas_stated(stated, BASE)} == {BASE + "graph/data/partnerships/a-b"}


# --- the session release (tests/conftest.py builds the real project once) ---


@pytest.fixture(scope="module")
def catalogue(release: Release) -> Graph:
    return Graph().parse(release.path("catalogue.ttl"), format="turtle")


@pytest.fixture(scope="module")
def store(release: Release) -> ox.Store:
    s = ox.Store()
    s.bulk_load(path=str(release.path("dataset.nq")), format=ox.RdfFormat.N_QUADS)
    return s


def datasets(catalogue: Graph) -> dict[str, URIRef]:
    found = list(catalogue.objects(None, DCAT.dataset))
    return {str(d).rsplit("#", 1)[-1]: d for d in found}  # type: ignore[misc]


def test_the_catalogue_has_exactly_two_datasets_with_their_licences(catalogue: Graph) -> None:
    found = datasets(catalogue)
    assert set(found) == {"dataset", "national"}
    versions = set(catalogue.objects(None, DCAT.hasVersion))
    assert set(catalogue.subjects(RDF.type, DCAT.Dataset)) - versions == set(found.values())
    assert catalogue.value(found["dataset"], DCTERMS.license) == CC0
    assert catalogue.value(found["national"], DCTERMS.license) == CC_BY_SA
    titles = {key: {t.language for t in catalogue.objects(d, DCTERMS.title)} for key, d in found.items()}
    assert titles == {"dataset": {"sv", "en"}, "national": {"sv", "en"}}


def test_the_register_rights_name_every_attribution_its_share_alike_sources_ask_for(catalogue: Graph,
                                                                                     store: ox.Store) -> None:
    rows = store.query("""SELECT DISTINCT ?name WHERE { ?s <http://purl.org/dc/terms/license> <%s> ;
                          <http://creativecommons.org/ns#attributionName> ?name }""" % WP,
                       use_default_graph_as_union=True)
    names = {r["name"].value for r in rows}  # type: ignore[index, union-attr]
    assert "Wikipedia contributors" in names and len(names) > 10
    rights = catalogue.value(datasets(catalogue)["national"], DCTERMS.rights)
    text = str(next(t for t in catalogue.objects(rights, RDFS.label) if t.language == "en"))  # type: ignore[attr-defined]
    assert "CC BY-SA 4.0" in text
    assert [name for name in names if name not in text] == []


def _graphs_of(release: Release) -> dict[tuple[str, str, str], set[str]]:
    where: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for quad in ox.parse(path=str(release.path("dataset.nq")), format=ox.RdfFormat.N_QUADS):
        where[(str(quad.subject), str(quad.predicate), str(quad.object))].add(quad.graph_name.value)  # type: ignore[union-attr]
    return where


def test_the_vannas_dump_holds_no_triple_only_share_alike_sources_state(release: Release, store: ox.Store) -> None:
    share = {r["s"].value for r in store.query(  # type: ignore[index, union-attr]
        "SELECT ?s WHERE { ?s <http://purl.org/dc/terms/license> ?l FILTER(STR(?l) IN (%s)) }"
        % ", ".join(f'"{x}"' for x in SHARE_ALIKE), use_default_graph_as_union=True)}
    share_graphs = {BASE + "graph/source/" + s.rsplit("/", 1)[-1] for s in share}
    where = _graphs_of(release)
    only_wikipedia = {t for t, graphs in where.items() if graphs <= share_graphs}
    assert len(only_wikipedia) > 1000  # the register's Wikipedia-listed pairs
    vannas = [(str(t.subject), str(t.predicate), str(t.object))
              for t in ox.parse(path=str(release.path("vannas.nt")), format=ox.RdfFormat.N_TRIPLES)]
    assert vannas and not [t for t in vannas if t in only_wikipedia]
    # a figure of the Turtle that only Wikipedia gives (dct:source) is the register's, not the page's
    area = f"<{BASE}id/observation/no-1832-hemnes-area-undated>"
    assert any(t[0] == area for t in where) and not [t for t in vannas if t[0] == area]
    # every statement of the page's dump is one of the release (derived ones included)
    quads = {(str(x.subject), str(x.predicate), str(x.object), x.graph_name.value)  # type: ignore[union-attr]
             for x in ox.parse(path=str(release.path("vannas.nq")), format=ox.RdfFormat.N_QUADS)}
    assert [x for x in quads if x[3] not in where.get(x[:3], set())] == []
    assert not [x for x in quads if "/graph/source/" in x[3]]


def test_the_register_dump_holds_the_290_swedish_municipalities(release: Release) -> None:
    data = ox.Store()
    data.bulk_load(path=str(release.path("data.nt")), format=ox.RdfFormat.N_TRIPLES)
    rows = list(data.query(f"""SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {{
        ?m a <{BASE}def/Municipality> ; <{BASE}def/country> <{BASE}id/country/se-sweden> }}"""))
    assert int(rows[0]["n"].value) == 290  # type: ignore[index, union-attr]


def test_every_source_graph_is_described_with_its_licence_kind_and_count(catalogue: Graph, store: ox.Store) -> None:
    graphs = [r["g"].value for r in store.query(  # type: ignore[index, union-attr]
        f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{BASE}graph/source/")) }}')]
    assert len(graphs) > 50
    national = datasets(catalogue)["national"]
    assert {str(g) for g in catalogue.objects(national, VOID.subset)} == set(graphs)
    for graph in graphs:
        node, source = URIRef(graph), URIRef(BASE + "id/source/" + graph.rsplit("/", 1)[-1])
        count = next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")))
        assert catalogue.value(node, VOID.triples).toPython() == int(count["n"].value), graph  # type: ignore[index, union-attr]
        assert (node, RDF.type, VOID.Dataset) in catalogue
        assert catalogue.value(node, DCTERMS.source) == source == catalogue.value(node, PROV.wasDerivedFrom)
        said = {str(p): {x.object.value for x in store.quads_for_pattern(n(str(source)), n(str(p)), None)}
                for p in (DCTERMS.license, VO.sourceKind, FOAF.page, VO.consulted, DCTERMS.title)}
        # the licence the source declares; the municipal pages declare none, and none is invented
        assert {str(o) for o in catalogue.objects(node, DCTERMS.license)} == said[str(DCTERMS.license)], graph
        assert "/wikipedia-" not in graph or said[str(DCTERMS.license)] == {WP}
        assert {str(catalogue.value(node, VO.sourceKind))} == said[str(VO.sourceKind)]
        assert {str(o) for o in catalogue.objects(node, FOAF.page)} == said[str(FOAF.page)]
        assert {str(o) for o in catalogue.objects(node, VO.consulted)} == said[str(VO.consulted)]
    kinds = {str(catalogue.value(URIRef(g), VO.sourceKind)).rsplit("/", 1)[-1] for g in graphs}
    assert kinds == {"primary", "secondary"}
    sweden = URIRef(BASE + "graph/source/wikipedia-en-twin-towns-sweden")
    assert catalogue.value(sweden, CC.attributionName) == Literal(
        'Wikipedia contributors, "List of twin towns and sister cities in Sweden", CC BY-SA 4.0 (as scraped by Hekman/twincities)')


def test_the_service_description_points_each_named_graph_at_its_description(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    named = {str(g.value(x, sd.name)): g.value(x, sd.graph) for x in g.subjects(RDF.type, sd.NamedGraph)}
    key = BASE + "graph/source/wikipedia-en-twin-towns-sweden"
    assert key in named and str(named[key]) == key


def test_get_graph_page_of_a_source_names_its_source_and_datasets(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/graph/source/wikipedia-en-twin-towns-sweden", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    node = URIRef(BASE + "graph/source/wikipedia-en-twin-towns-sweden")
    assert g.value(node, DCTERMS.source) == URIRef(BASE + "id/source/wikipedia-en-twin-towns-sweden")
    assert set(g.objects(node, DCTERMS.isPartOf)) == {URIRef(BASE + "datasets/dcat#national")}
    turtle = Graph().parse(data=client.get("/graph/data/places/se-2460-vannas", headers={"Accept": "text/turtle"}).text,
                           format="turtle")
    parts = set(turtle.objects(URIRef(BASE + "graph/data/places/se-2460-vannas"), DCTERMS.isPartOf))
    assert parts == {URIRef(BASE + "datasets/dcat#national"), URIRef(BASE + "datasets/dcat#dataset")}


def test_the_split_streams_spooled_graphs_and_filters_them_by_triple(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The build hands spooled slices, not lists (issue #13): a slice with nothing to leave out is
    # kept as it is; one holding a share-alike-only triple is filtered, not kept whole.
    from vanort.spool import Quads, Slice, Spool
    spool = Spool(tmp_path)
    g1, g2, tables = (BASE + "graph/data/places/a", BASE + "graph/data/places/b", BASE + "graph/data/tables/sources")
    s, p = ox.NamedNode(BASE + "id/a"), ox.NamedNode(BASE + "def/p")
    keep = ox.Quad(s, p, ox.Literal("kept"), ox.NamedNode(g1))
    drop = ox.Quad(s, p, ox.Literal("share-alike only"), ox.NamedNode(g2))
    other = ox.Quad(s, p, ox.Literal("other"), ox.NamedNode(g2))
    stated = Quads([spool.add([keep], g1), spool.add([drop, other], g2), spool.add([keep], tables)])
    excluded = {drop.triple}
    own = split.vannas_stated(stated, BASE, excluded)
    assert isinstance(own.parts[0], Slice) and sorted(q.object.value for q in own) == ["kept", "other"]
    assert not split.is_whole(stated, BASE, set()) and not split.is_whole(stated, BASE, excluded)
    turtle_only = Quads(stated.parts[:2])
    assert split.is_whole(turtle_only, BASE, set()) and not split.is_whole(turtle_only, BASE, excluded)
