"""Which statements belong to which dataset of the catalogue (issue #14), decided from the data.

The release holds two datasets:

- **The national register** (``catalogue.toml [national]``) is the whole register: every data
  graph of the release, that is each tabular source's graph ``graph/source/<key>``, the
  description of those sources (``graph/data/tables/sources``), the hand-written Turtle file
  graphs ``graph/data/<path>`` and the derived graph. Vännäs is one of its 290 municipalities,
  so what the Vännäs page states is part of the register too. Its dumps are the release's
  data dumps (``dataset.nq``, ``dataset.trig``, ``data.*``).
- **The Vännäs page dataset** (``catalogue.toml [dataset]``) is the part of the hand-written
  Turtle that can honestly carry the project's licence (CC0 1.0): the triples of the Turtle file
  graphs that are *not share-alike only*, plus what the build derives from them alone (the same
  rules, run again on that part). It never holds a triple of a tabular source graph unless a
  Turtle file states it too (a fact both state belongs to both). Its dumps are ``vannas.*``.

A triple is *share-alike only* when every statement of it stands only on sources that declare a
share-alike licence (``dct:license``, e.g. Wikipedia's CC BY-SA 4.0):

- in a source graph ``graph/source/<key>``, the statement stands on that one source;
- in a Turtle file graph, it stands on the ``dct:source`` values of its subject (provenance there
  is per resource); a node without its own ``dct:source`` (a period, an instant) stands on the
  sources of the resources that refer to it, other than by ``dct:source`` itself;
- a statement with no source at all (schemes, the sources' own descriptions) is the project's
  own work.

A dataset's licence follows from that: CC BY-SA 4.0 if it holds any share-alike-only triple,
else the configured licence (catalogue_licence.py).

>>> base = "https://e.org/"
>>> is_turtle_graph(base + "graph/data/places/x", base), is_turtle_graph(base + "graph/data/tables/sources", base)
(True, False)
>>> source_of_graph(base + "graph/source/wp", base)
'https://e.org/id/source/wp'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from . import derive
from .catalogue_licence import SHARE_ALIKE, licences
from .namespaces import DCTERMS, graph_iri
from .spool import Quads, Slice, as_parts

SOURCE = DCTERMS + "source"
TABLES_PREFIX = "data/tables/"


def is_turtle_graph(graph: str, base: str) -> bool:
    """A graph of a hand-written Turtle file under data/ (not one the tables fill)."""
    prefix = graph_iri(base, "data/")
    return graph.startswith(prefix) and not graph.startswith(graph_iri(base, TABLES_PREFIX))


def source_of_graph(graph: str, base: str) -> str | None:
    """The source document a ``graph/source/<key>`` graph holds the statements of, else None."""
    prefix = graph_iri(base, "source/")
    return f"{base}id/source/{graph[len(prefix):]}" if graph.startswith(prefix) else None


def _turtle_sources(turtle: list[ox.Quad]) -> dict[ox.NamedNode | ox.BlankNode, set[str]]:
    """Subject -> the sources its statements stand on (own dct:source, else inherited from the
    subjects referring to it; iterated until nothing changes, so chains of periods work)."""
    own: dict[ox.NamedNode | ox.BlankNode, set[str]] = defaultdict(set)
    referrers: dict[ox.NamedNode | ox.BlankNode, set[ox.NamedNode | ox.BlankNode]] = defaultdict(set)
    subjects = {q.subject for q in turtle}
    for q in turtle:
        if q.predicate.value == SOURCE:
            own[q.subject].add(q.object.value)
        elif q.object in subjects and q.object != q.subject:
            referrers[q.object].add(q.subject)  # type: ignore[index]
    sources = {s: set(v) for s, v in own.items()}
    changed = True
    while changed:
        changed = False
        for node in subjects - own.keys():
            inherited = set().union(*(sources.get(r, set()) for r in referrers.get(node, ())))
            if inherited and inherited != sources.get(node):
                sources[node], changed = inherited, True
    return sources


def share_alike_triples(stated: list[ox.Quad], base: str, declared: dict[str, str] | None = None) -> set[ox.Triple]:
    """The triples every statement of which stands only on share-alike sources. ``declared``:
    the licences ``stated`` declares (catalogue_facts.Facts.licences), when already read.

    Two passes, so that only the candidates are held (not every triple of a large release); none
    when no source declares a share-alike licence."""
    share = {s for s, licence in (licences(stated) if declared is None else declared).items() if licence in SHARE_ALIKE}
    if not share:
        return set()
    by_subject = _turtle_sources([q for q in stated if is_turtle_graph(q.graph_name.value, base)])

    def on_share_alike_only(q: ox.Quad) -> bool:
        graph = q.graph_name.value
        cited = {source_of_graph(graph, base)} - {None} or (by_subject.get(q.subject, set())
                                                            if is_turtle_graph(graph, base) else set())
        return bool(cited) and cited <= share

    only = {ox.Triple(q.subject, q.predicate, q.object) for q in stated if on_share_alike_only(q)}
    for q in stated:
        if not on_share_alike_only(q):
            only.discard(ox.Triple(q.subject, q.predicate, q.object))
    return only


def vannas_stated(stated: Iterable[ox.Quad], base: str, excluded: set[ox.Triple] | None = None) -> Quads:
    """The statements of the Vännäs page dataset: Turtle file quads that are not share-alike only
    (``excluded``: ``share_alike_triples(stated, base)``, computed here when not given).

    Streams (issue #13): a spooled file graph with nothing to leave out is kept as its slice, not
    copied; only a graph that loses triples is filtered, one graph at a time."""
    stated = list(stated) if not isinstance(stated, (Quads, Slice, list)) else stated
    excluded = share_alike_triples(stated, base) if excluded is None else excluded
    parts: list = []
    for part in as_parts(stated):
        if isinstance(part, Slice):
            if not is_turtle_graph(part.graph, base):
                continue
            if excluded and any(t in excluded for t in part.triples()):
                part = [q for q in part if ox.Triple(q.subject, q.predicate, q.object) not in excluded]
            parts.append(part)
        else:
            parts.append([q for q in part if is_turtle_graph(q.graph_name.value, base)
                          and ox.Triple(q.subject, q.predicate, q.object) not in excluded])
    return Quads(parts)


def is_whole(stated: Iterable[ox.Quad], base: str, excluded: set[ox.Triple]) -> bool:
    """True when the Vännäs page dataset states exactly what the whole register states: every data
    graph is a Turtle file graph and no triple is share-alike only (a project without tables, such
    as the synthetic benchmark ones). Then the same rules give the same derived graph, so it is
    taken from the build instead of being derived again."""
    if excluded:
        return False
    for part in as_parts(stated):
        if isinstance(part, Slice):
            if not is_turtle_graph(part.graph, base):
                return False
        elif any(not is_turtle_graph(q.graph_name.value, base) for q in part):
            return False
    return True


def vannas_data(stated: Iterable[ox.Quad], ontology: Iterable[ox.Quad], base: str,
                excluded: set[ox.Triple] | None = None, derived: Iterable[ox.Quad] | None = None) -> Quads:
    """The Vännäs page dataset: its statements plus what the build derives from them alone.
    ``derived``: the whole register's derived graph, reused when the dataset is the whole."""
    stated = list(stated) if not isinstance(stated, (Quads, Slice, list)) else stated
    excluded = share_alike_triples(stated, base) if excluded is None else excluded
    own = vannas_stated(stated, base, excluded)
    if derived is not None and is_whole(stated, base, excluded):
        return own + derived
    return own + derive.derive(Quads([*as_parts(ontology), *own.parts]), base)


def source_graphs(quads: Iterable[ox.Quad], base: str) -> dict[str, list[ox.Quad]]:
    """The ``graph/source/<key>`` graphs and their quads, by graph IRI (sorted)."""
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for q in quads:
        if source_of_graph(q.graph_name.value, base):
            graphs[q.graph_name.value].append(q)
    return dict(sorted(graphs.items()))
