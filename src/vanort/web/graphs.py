"""What a named graph IRI (``/graph/...``) and a resource's graph context answer (issue 12).

Each source file of the release is a named graph, ``<base>graph/<role>/<path>``, and the build's
derived triples stand in ``<base>graph/derived``. Dereferencing a graph IRI gives its
*description*: the source file it comes from, how many triples and subjects it holds, the
resources it describes (``void:exampleResource``) and where its triples are
(``void:dataDump``: the same IRI with ``.nq`` or ``.trig``). In N-Quads and TriG the answer
is the description in the default graph plus the graph's own triples in the named graph, so
one request gets both; Turtle, JSON-LD, N-Triples, RDF/XML and HTML carry the description.

A resource under ``/id/`` has graph context too: its N-Quads and TriG name, for every triple,
the graph of each source that states it (the provenance the DESIGN's model asks for).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..catalogue import dataset_iri
from ..catalogue_split import is_turtle_graph, source_of_graph
from ..config import Settings
from ..formats import Format
from ..load import ROLES
from ..namespaces import DCTERMS, RDF, RDFS, SD, VOID, XSD
from ..queries import text as query_text
from ..release import used_prefixes
from ..store import Engine
from ..tables import FOLDER as TABLES_FOLDER
from ..tables.columns import TABLES

DERIVED = "derived"


def quads(engine: Engine, base: str, **bound: str) -> list[ox.Quad]:
    """Quads of one subject (``s=``) or one named graph (``g=``), sorted."""
    rows = engine.select(query_text("quads", base), {k: ox.NamedNode(v) for k, v in bound.items()})
    found = {ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows}  # type: ignore[arg-type]
    return sorted(found, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def source_file(graph: str, settings: Settings) -> str | None:
    """The project file a graph was read from, as ``data/places/x.ttl``; None for the derived
    graph (the build makes it) and for IRIs that are no graph of ours. A graph the tables'
    mapping names after a table (``graph/data/tables/sources``, mapping.yml) was read from
    that CSV file, not from Turtle.

    >>> from vanort import config
    >>> s = config.load(".", {}, environ={})
    >>> source_file("https://w3id.org/vanort/graph/data/places/se-2460-vannas", s)
    'data/places/se-2460-vannas.ttl'
    >>> source_file("https://w3id.org/vanort/graph/data/tables/sources", s)
    'data/tables/sources.csv'
    """
    name = graph.removeprefix(settings.base_iri + "graph/")
    role, _, relative = name.partition("/")
    if name == graph or role not in ROLES or not relative:
        return None
    folder = str(getattr(settings, f"{role}_dir")).rstrip("/")
    table = relative.removeprefix(TABLES_FOLDER + "/")
    if role == "data" and table != relative and f"{table}.csv" in TABLES:
        return f"{folder}/{TABLES_FOLDER}/{table}.csv"
    return f"{folder}/{relative}.ttl"


def description(graph: str, contents: Iterable[ox.Quad], settings: Settings) -> list[ox.Triple]:
    """VoID and SPARQL service description triples about one named graph; sorted."""
    base = settings.base_iri
    node = ox.NamedNode(graph)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in contents]
    subjects = {t.subject for t in triples}
    out = [
        (RDF + "type", ox.NamedNode(VOID + "Dataset")),
        (RDF + "type", ox.NamedNode(SD + "Graph")),
        # issue #14: every data graph is part of the national register; a Turtle file's graph is
        # also (the part that is not share-alike only) part of the Vännäs page dataset. The
        # catalogue describes the source graphs too (catalogue_sources.py): seeAlso joins them.
        (DCTERMS + "isPartOf", ox.NamedNode(dataset_iri(base, "national"))),
        (RDFS + "seeAlso", ox.NamedNode(base + "datasets/dcat")),
        (VOID + "triples", ox.Literal(str(len(set(triples))), datatype=ox.NamedNode(XSD + "integer"))),
        (VOID + "distinctSubjects", ox.Literal(str(len(subjects)), datatype=ox.NamedNode(XSD + "integer"))),
        (VOID + "dataDump", ox.NamedNode(graph + ".nq")),
        (VOID + "dataDump", ox.NamedNode(graph + ".trig")),
    ]
    if is_turtle_graph(graph, base):
        out.append((DCTERMS + "isPartOf", ox.NamedNode(dataset_iri(base))))
    source, document = source_file(graph, settings), source_of_graph(graph, base)
    if document is not None:  # a tabular source's graph: its source document (issue #14)
        key = graph.rsplit("/", 1)[-1]
        out += [(RDFS + "label", ox.Literal(f"Källgraf: {key}", language="sv")),
                (RDFS + "label", ox.Literal(f"Source graph: {key}", language="en")),
                (DCTERMS + "source", ox.NamedNode(document)),
                (DCTERMS + "description", ox.Literal(f"The triples the source {key} states.", language="en"))]
    elif source is not None:
        out += [(RDFS + "label", ox.Literal(f"Graf: {source}", language="sv")),
                (RDFS + "label", ox.Literal(f"Graph: {source}", language="en")),
                (DCTERMS + "source", ox.Literal(source)),
                (DCTERMS + "description", ox.Literal(f"The triples stated in the source file {source}.", language="en"))]
    else:
        out += [(RDFS + "label", ox.Literal("Härledda tripplar", language="sv")),
                (RDFS + "label", ox.Literal("Derived triples", language="en")),
                (DCTERMS + "description", ox.Literal(
                    "Triples the build derives from the stated ones (vo:twinTown, memberships, date bounds, "
                    "labels of status periods); "
                    "no source file states them.", language="en"))]
    out += [(VOID + "exampleResource", s) for s in subjects if isinstance(s, ox.NamedNode)]
    found = {ox.Triple(node, ox.NamedNode(p), o) for p, o in out}
    return sorted(found, key=lambda t: (str(t.predicate), str(t.object)))


def serialize_quads(quads: list[ox.Quad], fmt: Format, base: str) -> bytes:
    """Quads in N-Quads or TriG (TriG with the prefixes the data uses)."""
    if fmt.name != "trig":
        return ox.serialize(quads, format=fmt.rdf_format)
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return ox.serialize(quads, format=fmt.rdf_format, prefixes=used_prefixes(triples, base))


def with_description(graph: str, contents: list[ox.Quad], settings: Settings) -> list[ox.Quad]:
    """The description in the default graph, then the graph's own triples."""
    described = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                 for t in description(graph, contents, settings)]
    return described + contents
