"""The catalogue describes each source graph (issue #14, statement-level provenance).

Every tabular source's statements stand in its own named graph ``<base>graph/source/<key>``.
The catalogue describes each such graph the way VoID and the SPARQL Service Description let a
harvester read it:

- the graph IRI itself is the subject, typed ``void:Dataset`` and ``sd:Graph``, and is a
  ``void:subset`` of the dataset it belongs to (VoID §6.1 "describing dataset partitions"); the
  same IRI dereferences to its ``/graph/...`` page (web/graphs.py), which carries the live
  figures, and the service description's ``sd:NamedGraph`` points at it with ``sd:graph``, so
  the three descriptions join on one IRI instead of repeating each other;
- it is *not* a ``dcat:Dataset``: DCAT-AP portals would list dozens more datasets without
  publisher, contact or distributions; ``void:subset`` is ignored by them and read by VoID
  tools;
- what it holds: ``void:triples`` (the distinct triples of the graph, what a ``COUNT`` over
  ``GRAPH <g>`` answers);
- where it comes from (PROV-O and DCTERMS): ``prov:wasDerivedFrom`` and ``dct:source`` the
  source document (``<base>id/source/<key>``, described in the data), ``foaf:page`` the page
  the source is read from, ``dct:title``/``rdfs:label`` the source's, ``vo:sourceKind``
  (primary or secondary, as the data says), ``vo:consulted`` the day it was retrieved where the
  data gives one, ``dct:license`` and ``cc:attributionName`` as the source declares them.

The hand-written Turtle files are not sources: each cites its sources with ``dct:source`` per
resource; their graphs are described on their ``/graph/...`` pages only.

>>> key_of("https://e.org/graph/source/wp-sweden", "https://e.org/")
'wp-sweden'
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from .catalogue_facts import Collector, described, triples
from .catalogue_split import source_of_graph
from .catalogue_terms import Graph
from .namespaces import DCTERMS, PROV, RDF, SD, VOID, XSD


def key_of(graph: str, base: str) -> str:
    return graph.removeprefix(base + "graph/source/")


def describe(g: Graph, base: str, stated: Iterable[ox.Quad], dataset: ox.NamedNode,
             collector: Collector | None = None) -> int:
    """Describe every source graph of ``stated`` as a subset of ``dataset``; return how many.
    ``collector``: where the facts of the data were read (catalogue_facts.py)."""
    facts = (collector or Collector(base)).of(stated)
    about: dict[str, list[tuple[str, ox.NamedNode | ox.Literal]]] = {}
    for subject, predicate, obj in facts.about:
        about.setdefault(subject, []).append((predicate, obj))
    copied = described(base)
    counted = triples(stated, base)
    for graph, count in counted.items():
        node, source = ox.NamedNode(graph), source_of_graph(graph, base) or ""
        g.add(dataset, VOID + "subset", node)
        g.add(node, RDF + "type", VOID + "Dataset")
        g.add(node, RDF + "type", SD + "Graph")
        g.typed(node, VOID + "triples", count, XSD + "integer")
        g.add(node, PROV + "wasDerivedFrom", source)
        g.add(node, DCTERMS + "source", source)
        for predicate, obj in about.get(source, ()):
            if predicate in copied:
                g.add(node, predicate, obj)
    return len(counted)
