"""What a resource page shows, computed from query rows: pure functions, no HTTP.

A page is built from the resource's neighbourhood (``page-around.rq``), indexed by subject,
so every IRI on the page is shown by its label in the page language, with a local link
when it lies under the base IRI.

>>> import pyoxigraph as ox
>>> rows = [{"s": ox.NamedNode("https://w3id.org/vanort/id/m/a"),
...          "p": ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), "o": ox.Literal("Aby", language="sv")}]
>>> index = Index.from_rows(rows)
>>> term(ox.NamedNode("https://w3id.org/vanort/id/m/a"), index, "en", "https://w3id.org/vanort/").label
'Aby'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from . import vocabulary
from .labels import DEFINITION_PROPERTIES, LABEL_PROPERTIES, best_label, local_name, pick_language
from .namespaces import OWL, RDF, XSD
from .web.origin import to_local


@dataclass
class Index:
    """Triples by subject: subject -> predicate -> objects (in a stable order)."""

    by_subject: dict[str, dict[str, list[Any]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> Index:
        return cls().add(rows)

    def add(self, rows: Iterable[Mapping[str, Any]]) -> Index:
        """Add ``?s ?p ?o`` rows (each triple once); returns the index itself."""
        for row in rows:
            objects = self.by_subject[row["s"].value][row["p"].value]
            if row["o"] not in objects:
                objects.append(row["o"])
        return self

    def values(self, subject: str, predicate: str) -> list[Any]:
        return list(self.by_subject.get(subject, {}).get(predicate, []))

    def texts(self, subject: str) -> dict[str, list[tuple[str, str | None]]]:
        props = self.by_subject.get(subject, {})
        return {p: [(o.value, o.language) for o in objs if isinstance(o, ox.Literal)] for p, objs in props.items()}


@dataclass(frozen=True)
class Term:
    value: str
    label: str
    href: str | None = None  # local link, or the external IRI
    language: str | None = None
    datatype: str | None = None
    is_literal: bool = False


def label(iri: str, index: Index, language: str) -> str:
    """The label of an IRI in ``language``: from the data (the ontology labels our own terms),
    else from the package's table of reused terms (``vocabulary``), else its local name."""
    return best_label(index.texts(iri), language) or vocabulary.term_label(iri, language) or local_name(iri)


def term(node: Any, index: Index, language: str, base: str) -> Term:
    if isinstance(node, ox.Literal):
        datatype = node.datatype.value
        shown = None if datatype.startswith(XSD + "string") or node.language else local_name(datatype)
        return Term(node.value, node.value, None, node.language, shown, True)
    if isinstance(node, ox.NamedNode):
        return Term(node.value, label(node.value, index, language), to_local(node.value, base) or node.value)
    return Term(str(node), "(" + str(node) + ")")


@dataclass(frozen=True)
class PropertyRow:
    predicate: Term
    values: list[Term]


def property_rows(root: str, index: Index, language: str, base: str) -> list[PropertyRow]:
    """The resource's properties, rdf:type first, then by the property's label."""
    rows = []
    for predicate, objects in index.by_subject.get(root, {}).items():
        values = [term(o, index, language, base) for o in objects]
        if predicate in LABEL_PROPERTIES + DEFINITION_PROPERTIES:
            # one value per language is enough: the page language first
            values.sort(key=lambda t: (t.language != language, t.language or "", t.label))
        else:
            values.sort(key=lambda t: t.label.casefold())
        rows.append(PropertyRow(term(ox.NamedNode(predicate), index, language, base), values))
    rows.sort(key=lambda r: (r.predicate.value != RDF + "type", r.predicate.label.casefold()))
    return rows


@dataclass(frozen=True)
class RowGroup:
    key: str  # one of vocabulary.GROUPS; the page translates it
    rows: list[PropertyRow]


def grouped_rows(rows: list[PropertyRow], base: str) -> list[RowGroup]:
    """The rows in reading groups (identity, place, partnerships, figures, texts, sources),
    each group keeping the rows' order; empty groups are left out.

    >>> t = lambda iri: Term(iri, iri.rsplit("/", 1)[-1])
    >>> rows = [PropertyRow(t("http://purl.org/dc/terms/source"), []),
    ...         PropertyRow(t("https://w3id.org/vanort/def/country"), [])]
    >>> [(g.key, len(g.rows)) for g in grouped_rows(rows, "https://w3id.org/vanort/")]
    [('place', 1), ('sources', 1)]
    """
    by_group: dict[str, list[PropertyRow]] = defaultdict(list)
    for row in rows:
        by_group[vocabulary.group(row.predicate.value, base)].append(row)
    return [RowGroup(key, by_group[key]) for key in vocabulary.GROUPS if by_group.get(key)]


def definition(root: str, index: Index, language: str) -> str | None:
    return definition_in(root, index, language)[0]


def definition_in(root: str, index: Index, language: str) -> tuple[str | None, str | None]:
    """The definition in ``language`` (else another) and the language it is written in, so the
    page can mark an English text on a Swedish page with ``lang``."""
    texts = index.texts(root)
    for prop in DEFINITION_PROPERTIES:
        chosen = pick_language(texts.get(prop, []), language)
        if chosen:
            return chosen, next((tag for text, tag in texts[prop] if text == chosen), None)
    return None, None


@dataclass(frozen=True)
class InverseLink:
    predicate: Term
    subject: Term


def inverse_links(rows: Iterable[Mapping[str, Any]], index: Index, language: str, base: str) -> list[InverseLink]:
    """Group ``page-inverse.rq`` rows (one per label) into one link per (property, subject)."""
    labels: dict[tuple[str, str], list[tuple[str, str | None]]] = defaultdict(list)
    order: list[tuple[str, str]] = []
    for row in rows:
        key = (row["p"].value, row["s"].value)
        if key not in labels:
            order.append(key)
            labels[key] = []
        if "label" in row:
            labels[key].append((row["label"].value, row["label"].language))
    links = []
    for predicate, subject in order:
        shown = pick_language(labels[(predicate, subject)], language) or local_name(subject)
        href = to_local(subject, base) or (subject if subject.startswith("http") else None)
        links.append(InverseLink(term(ox.NamedNode(predicate), index, language, base), Term(subject, shown, href)))
    return links
