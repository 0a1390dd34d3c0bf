"""VoID of a release (issue #4): counts computed independently from data.nt."""

from __future__ import annotations

from collections import Counter

import pytest
from tests.catalogue_support import build_project
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, SKOS

VOID = Namespace("http://rdfs.org/ns/void#")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    settings, release = build_project(tmp_path_factory.mktemp("void"))
    void = Graph().parse(release.path("void.ttl"), format="turtle")
    data = Graph().parse(release.path("data.nt"), format="nt")
    return settings.base_iri, void, data


def dataset(void: Graph) -> URIRef:
    return next(s for s in void.subjects(RDF.type, VOID.Dataset) if (s, VOID.triples, None) in void
                and (s, VOID.sparqlEndpoint, None) in void)  # type: ignore[return-value]


def test_void_counts_match_the_data(built) -> None:  # type: ignore[no-untyped-def]
    base, void, data = built
    ds = dataset(void)
    assert void.value(ds, VOID.triples).toPython() == len(data)
    assert void.value(ds, VOID.distinctSubjects).toPython() == len(set(data.subjects()))
    assert void.value(ds, VOID.distinctObjects).toPython() == len(set(data.objects()))
    entities = {s for s in data.subjects() if str(s).startswith(base + "id/")}
    assert void.value(ds, VOID.entities).toPython() == len(entities)
    assert void.value(ds, VOID.uriSpace) == Literal(base + "id/")
    assert void.value(ds, VOID.sparqlEndpoint) == URIRef(base + "sparql")
    assert URIRef(base + "download/dataset.nq") in set(void.objects(ds, VOID.dataDump))


def test_class_and_property_partitions(built) -> None:  # type: ignore[no-untyped-def]
    _, void, data = built
    ds = dataset(void)
    classes = Counter(data.objects(None, RDF.type))
    parts = {void.value(p, VOID["class"]): void.value(p, VOID.entities).toPython() for p in void.objects(ds, VOID.classPartition)}
    assert parts == dict(classes)
    properties = Counter(data.predicates())
    parts = {void.value(p, VOID.property): void.value(p, VOID.triples).toPython() for p in void.objects(ds, VOID.propertyPartition)}
    assert parts == dict(properties)
    assert URIRef(str(RDF)) in set(void.objects(ds, VOID.vocabulary))


def test_linksets_to_wikidata_and_geonames_with_counts(built) -> None:  # type: ignore[no-untyped-def]
    _, void, data = built
    ds = dataset(void)
    expected: Counter[tuple[str, URIRef]] = Counter()
    for p in (OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch):
        for o in data.objects(None, p):
            if str(o).startswith("http://www.wikidata.org/"):  # entities and properties (wdt:)
                expected[("wikidata", p)] += 1
            elif "sws.geonames.org/" in str(o):
                expected[("geonames", p)] += 1
    found = {}
    for ls in void.objects(ds, VOID.subset):
        target = str(void.value(ls, VOID.objectsTarget)).rsplit("-", 1)[-1]
        found[(target, void.value(ls, VOID.linkPredicate))] = void.value(ls, VOID.triples).toPython()
        assert void.value(ls, VOID.subjectsTarget) == ds
    assert found == dict(expected)
    assert expected  # the data links to Wikidata at least
