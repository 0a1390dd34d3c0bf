"""The VoID description of the dataset (issue #4), computed at build time from the data.

Counts are over the data as served by the endpoint's default graph (stated plus derived
triples, graphs merged; ontology and shapes excluded, they are described as vocabularies).
The VoID dataset is the same resource as the DCAT dataset of the national register (``#national``,
the whole data; catalogue_split.py), so the two descriptions join.
Linksets: one per target (Wikidata, GeoNames) and link predicate, with the number of links.

>>> triples = describe("https://e.org/", [ox.Quad(ox.NamedNode("https://e.org/id/a/b"),
...     ox.NamedNode(OWL + "sameAs"), ox.NamedNode("http://www.wikidata.org/entity/Q1"), ox.DefaultGraph())], [])
>>> any(t.predicate.value == VOID + "linkPredicate" for t in triples)
True
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

import pyoxigraph as ox

from .namespaces import DCTERMS, OWL, RDF, SKOS, VOID, XSD
from .ntstats import Stats, stats_of
from .release import AnyArtefact

TARGETS = {
    "wikidata": ("http://www.wikidata.org/entity/", "http://www.wikidata.org/",
                 "Wikidata", "https://www.wikidata.org/wiki/"),
    "geonames": ("https://sws.geonames.org/", "http://sws.geonames.org/", "GeoNames", "https://www.geonames.org/"),
}
LINK_PREDICATES = (OWL + "sameAs", SKOS + "exactMatch", SKOS + "closeMatch")
DUMPS = ("dataset.nq", "dataset.trig", "data.ttl", "data.nt", "data.jsonld", "data.rdf")


def _iri(base: str, key: str) -> ox.NamedNode:
    return ox.NamedNode(f"{base}datasets/dcat#{key}")


def _key(iri: str) -> str:
    """A stable short key for a partition IRI: the same class or property, the same key."""
    return hashlib.sha256(iri.encode()).hexdigest()[:10]


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def vocabularies(terms: Iterable[str]) -> list[str]:
    """Namespaces of the predicates and classes used (the part up to the last '#' or '/')."""
    found = set()
    for value in terms:
        cut = max(value.rfind("#"), value.rfind("/"))
        found.add(value[: cut + 1])
    return sorted(found)


def linksets(triples: Iterable[ox.Triple | ox.Quad]) -> dict[tuple[str, str], int]:
    """(target key, predicate) -> number of links into that target (triples distinct)."""
    counts: Counter[tuple[str, str]] = Counter()
    for t in triples:
        if t.predicate.value in LINK_PREDICATES and isinstance(t.object, ox.NamedNode):
            for key, (ns, alt, _, _) in TARGETS.items():
                if t.object.value.startswith((ns, alt)):
                    counts[(key, t.predicate.value)] += 1
    return dict(sorted(counts.items()))


def describe(base: str, data: Stats | Iterable[ox.Quad], files: Iterable[AnyArtefact]) -> list[ox.Triple]:
    """VoID triples for the data (counted by ``ntstats.scan`` over data.nt, or from quads); sorted."""
    stats = data if isinstance(data, Stats) else stats_of(data, base + "id/", LINK_PREDICATES)
    ds = _iri(base, "national")  # the whole data is the national register (catalogue_split.py)
    out: set[ox.Triple] = set()

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal | str) -> None:
        out.add(ox.Triple(s, ox.NamedNode(p), ox.NamedNode(o) if isinstance(o, str) else o))

    add(ds, RDF + "type", VOID + "Dataset")
    add(ds, DCTERMS + "title", ox.Literal("Vänorter och regionalt samarbete", language="sv"))
    add(ds, DCTERMS + "title", ox.Literal("Twin towns and regional cooperation", language="en"))
    uri_space = base + "id/"
    add(ds, VOID + "uriSpace", ox.Literal(uri_space))
    add(ds, VOID + "sparqlEndpoint", base + "sparql")
    names = {f.name for f in files}
    for dump in DUMPS:
        if dump in names:
            add(ds, VOID + "dataDump", f"{base}download/{dump}")
    add(ds, VOID + "triples", _int(stats.triples))
    add(ds, VOID + "entities", _int(stats.entities))
    add(ds, VOID + "distinctSubjects", _int(stats.subjects))
    add(ds, VOID + "distinctObjects", _int(stats.objects))
    add(ds, VOID + "properties", _int(len(stats.properties)))
    for namespace in vocabularies([*stats.properties, *stats.class_iris]):
        add(ds, VOID + "vocabulary", namespace)
    for cls, count in sorted(stats.class_iris.items()):
        part = _iri(base, f"class-{_key(cls)}")
        add(ds, VOID + "classPartition", part)
        add(part, VOID + "class", cls)
        add(part, VOID + "entities", _int(count))
    for prop, count in sorted(stats.properties.items()):
        part = _iri(base, f"property-{_key(prop)}")
        add(ds, VOID + "propertyPartition", part)
        add(part, VOID + "property", prop)
        add(part, VOID + "triples", _int(count))
    for (key, predicate), count in linksets(stats.kept).items():
        local = predicate.rsplit("#", 1)[-1]
        target = _iri(base, f"target-{key}")
        ns, _, title, home = TARGETS[key]
        add(target, RDF + "type", VOID + "Dataset")
        add(target, DCTERMS + "title", ox.Literal(title, language="en"))
        add(target, VOID + "uriSpace", ox.Literal(ns))
        add(target, "http://xmlns.com/foaf/0.1/homepage", home)
        linkset = _iri(base, f"linkset-{key}-{local}")
        add(ds, VOID + "subset", linkset)
        add(linkset, RDF + "type", VOID + "Linkset")
        add(linkset, VOID + "subjectsTarget", ds)
        add(linkset, VOID + "objectsTarget", target)
        add(linkset, VOID + "linkPredicate", predicate)
        add(linkset, VOID + "triples", _int(count))
    return sorted(out, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
