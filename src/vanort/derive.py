"""Derive query shortcuts from the sources into one graph of their own.

The derived graph holds only what follows from the data (symmetric twin-town links,
inverse memberships, earliest/latest bounds of dates kept at year or month precision, the
readable labels of the tables' status periods), so a
consumer can always tell a stated fact from a derived one: it is in ``graph/derived``.

>>> import pyoxigraph as ox
>>> latest_of(ox.Literal("1998-10", datatype=ox.NamedNode(XSD + "gYearMonth")))
datetime.date(1998, 10, 31)
"""

from __future__ import annotations

import calendar
import datetime as dt

from collections.abc import Iterable

import pyoxigraph as ox

from . import queries
from .spool import ntriples_of
from .namespaces import PROV, RDF, RDFS, XSD, graph_iri, vocab

RULES = ("derive-twin-town", "derive-membership", "derive-attestation", "derive-identifier-links",
         "derive-status-labels")


def earliest_of(value: ox.Literal) -> dt.date:
    """First day a year, year-month or date literal can stand for."""
    kind = value.datatype.value[len(XSD):]
    text = value.value
    if kind == "gYear":
        return dt.date(int(text[:4]), 1, 1)
    if kind == "gYearMonth":
        return dt.date(int(text[:4]), int(text[5:7]), 1)
    return dt.date.fromisoformat(text[:10])


def latest_of(value: ox.Literal) -> dt.date:
    """Last day a year, year-month or date literal can stand for."""
    kind = value.datatype.value[len(XSD):]
    text = value.value
    if kind == "gYear":
        return dt.date(int(text[:4]), 12, 31)
    if kind == "gYearMonth":
        year, month = int(text[:4]), int(text[5:7])
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date.fromisoformat(text[:10])


def _date(day: dt.date) -> ox.Literal:
    return ox.Literal(day.isoformat(), datatype=ox.NamedNode(XSD + "date"))


def graph_name(base: str) -> str:
    return graph_iri(base, "derived")


def union_store(quads: Iterable[ox.Quad]) -> ox.Store:
    """An in-memory store of the quads' triples in its default graph (the union the rules read),
    loaded from N-Triples text in Rust: no Python object per quad (issue #13)."""
    store = ox.Store()
    for chunk in ntriples_of(quads):
        store.bulk_load(chunk, format=ox.RdfFormat.N_TRIPLES)
    return store


def derive(quads: Iterable[ox.Quad], base: str) -> list[ox.Quad]:
    """Return the derived quads (in ``graph/derived``) for the given source quads."""
    return derive_in(union_store(quads), base)


def derive_in(store: ox.Store, base: str) -> list[ox.Quad]:
    """The derived quads of what ``store`` holds (its default graph: the union of the sources)."""
    graph = ox.NamedNode(graph_name(base))
    derived: set[ox.Quad] = set()
    for rule in RULES:
        for triple in store.query(queries.text(rule, base), use_default_graph_as_union=True):
            derived.add(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
    vo = vocab(base)
    for solution in store.query(queries.text("derive-instants", base), use_default_graph_as_union=True):
        instant, value = solution["instant"], solution["value"]
        try:
            bounds = (earliest_of(value), latest_of(value))
        except ValueError:
            continue  # an ill-formed date is reported by validation, not guessed here
        derived.add(ox.Quad(instant, ox.NamedNode(vo + "earliest"), _date(bounds[0]), graph))
        derived.add(ox.Quad(instant, ox.NamedNode(vo + "latest"), _date(bounds[1]), graph))
    if derived:
        derived.update(_describe_graph(graph))
    return sorted(derived, key=str)


def _describe_graph(graph: ox.NamedNode) -> list[ox.Quad]:
    return [
        ox.Quad(graph, ox.NamedNode(RDF + "type"), ox.NamedNode(PROV + "Entity"), graph),
        ox.Quad(graph, ox.NamedNode(RDFS + "label"), ox.Literal("Härledda tripplar", language="sv"), graph),
        ox.Quad(graph, ox.NamedNode(RDFS + "label"), ox.Literal("Derived triples", language="en"), graph),
        ox.Quad(
            graph,
            ox.NamedNode(RDFS + "comment"),
            ox.Literal(
                "Shortcuts computed by `vanort build` from the stated data: vo:twinTown from twinning "
                "partnerships, org:memberOf/org:hasMember from memberships, vo:earliest/vo:latest "
                "from dates given at year, month or day precision, and the labels of status periods "
                "that state none (the partnership, the status and the title of the source saying it).",
                language="en",
            ),
            graph,
        ),
    ]
