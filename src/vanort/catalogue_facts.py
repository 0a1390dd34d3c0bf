"""The facts the catalogue and the link check read from the data, in one pass over it (issue #13).

The catalogue (its two datasets, their licences, rights, coverage, counts and source graphs) and
the offline link check read a handful of predicates: ``dct:source``, ``dct:license``,
``cc:attributionName``, the identity links, ``vo:country``, ``rdf:type`` of municipalities and
partnerships, the ADMS identifiers of Wikidata QIDs, and what the data says of each source
document. They used to make a Python pass over every quad per question (about sixteen per
dataset at N = 100,000, each parsing 12.7 M quads into Python objects: a third of the build).

Now each spooled slice is read once, as text: one regular expression finds the lines whose
predicate is one of those (the subject, with no space in N-Triples as pyoxigraph writes it, is
matched before the predicate, so a literal that merely contains a predicate's IRI is never taken
for it), and only those lines are parsed; every other line is skipped in C. The facts of a slice
are kept (``Collector``), so the Vännäs dataset, which on a project without tables is the whole
data, costs nothing more. In-memory parts (small: filtered graphs, the Vännäs derived graph) go
through ``_Facts.add`` term by term, the straightforward reference the text path is tested
against (tests/test_catalogue_facts.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from .catalogue_split import source_of_graph
from .namespaces import ADMS, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, vocab
from .spool import Part, Slice, as_parts

CC = "http://creativecommons.org/ns#"
SOURCE, LICENSE, ATTRIBUTION = DCTERMS + "source", DCTERMS + "license", CC + "attributionName"
LINK_PREDICATES = (OWL + "sameAs", SKOS + "exactMatch", SKOS + "closeMatch")
IDENTIFIER, STATUS, NOTATION = ADMS + "identifier", ADMS + "status", SKOS + "notation"
UNVERIFIED = "/verification-status/unverified"
# What the data says of a source document and its graph's description repeats (catalogue_sources.py).
COPIED = (DCTERMS + "title", RDFS + "label", FOAF + "page", LICENSE, ATTRIBUTION)
_QID = re.compile(r"Q[1-9][0-9]*")


def described(base: str) -> tuple[str, ...]:
    """The predicates read of a source document ``<base>id/source/<key>``."""
    return (*COPIED, vocab(base) + "sourceKind", vocab(base) + "consulted")


@dataclass
class Facts:
    """What the catalogue and the link check need of some quads; ``merge`` keeps data order, so
    a later statement wins where the quad-by-quad code let it (``licences``, ``statuses``)."""

    graphs: set[str] = field(default_factory=set)  # graph IRIs holding at least one quad
    sources: set[str] = field(default_factory=set)  # values of dct:source objects
    licences: dict[str, str] = field(default_factory=dict)  # subject value -> dct:license IRI
    attributions: list[tuple[str, str]] = field(default_factory=list)  # (subject value, cc:attributionName)
    municipalities: set[str] = field(default_factory=set)  # subjects (N-Triples) typed vo:Municipality
    partnerships: set[str] = field(default_factory=set)  # subjects typed vo:Partnership
    countries: list[tuple[str, str]] = field(default_factory=list)  # (subject, object), N-Triples terms
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (subject value, predicate, IRI), in order
    identifiers: dict[str, str] = field(default_factory=dict)  # adms:identifier object (N-Triples) -> subject value
    unverified: dict[str, bool] = field(default_factory=dict)  # subject (N-Triples) -> its adms:status is unverified
    notations: list[tuple[str, str, str]] = field(default_factory=list)  # (subject N-T, subject value, QID)
    about: list[tuple[str, str, ox.NamedNode | ox.Literal]] = field(default_factory=list)  # source documents' facts

    def merge(self, other: Facts) -> None:
        self.graphs |= other.graphs
        self.sources |= other.sources
        self.licences.update(other.licences)
        self.attributions += other.attributions
        self.municipalities |= other.municipalities
        self.partnerships |= other.partnerships
        self.countries += other.countries
        self.links += other.links
        self.identifiers.update(other.identifiers)
        self.unverified.update(other.unverified)
        self.notations += other.notations
        self.about += other.about

    def copy(self) -> Facts:
        facts = Facts()
        facts.merge(self)
        return facts

    def add(self, s: ox.NamedNode | ox.BlankNode, p: str, o: ox.NamedNode | ox.BlankNode | ox.Literal,
            base: str, about: bool = True) -> None:
        """One statement, whatever its predicate (ignored unless it is one of the facts). ``about``:
        keep it too when it describes a source document (the text path finds those on its own)."""
        if about and s.value.startswith(base + "id/source/") and isinstance(s, ox.NamedNode) and p in described(base):
            self.about.append((s.value, p, o))  # type: ignore[arg-type]
        if p == SOURCE:
            self.sources.add(o.value)
        elif p == LICENSE:
            if isinstance(o, ox.NamedNode):
                self.licences[s.value] = o.value
        elif p == ATTRIBUTION:
            if isinstance(o, ox.Literal):
                self.attributions.append((s.value, o.value))
        elif p == RDF + "type":  # by value, as the catalogue always counted
            if o.value == vocab(base) + "Municipality":
                self.municipalities.add(str(s))
            elif o.value == vocab(base) + "Partnership":
                self.partnerships.add(str(s))
        elif p == vocab(base) + "country":
            self.countries.append((str(s), str(o)))
        elif p in LINK_PREDICATES:
            if isinstance(o, ox.NamedNode):
                self.links.append((s.value, p, o.value))
        elif p == IDENTIFIER:
            self.identifiers[str(o)] = s.value
        elif p == STATUS:
            self.unverified[str(s)] = o.value.endswith(UNVERIFIED)
        elif p == NOTATION:
            if _QID.fullmatch(o.value):
                self.notations.append((str(s), s.value, o.value))

    def cited(self, base: str) -> frozenset[str]:
        """The sources the data cites: its dct:source values and the sources of its source graphs."""
        graphs = {source_of_graph(g, base) for g in self.graphs} - {None}
        return frozenset(self.sources | graphs)  # type: ignore[arg-type]


def _pattern(base: str) -> re.Pattern[bytes]:
    """A line (after its newline) whose predicate is one of the facts' (rdf:type only of the two classes)."""
    plain = (SOURCE, LICENSE, ATTRIBUTION, vocab(base) + "country", *LINK_PREDICATES, IDENTIFIER, STATUS, NOTATION)
    # the class as an IRI, or as a literal of that text (the quad-by-quad code compared values)
    names = b"|".join(re.escape(f"{vocab(base)}{c}".encode()) for c in ("Municipality", "Partnership"))
    classes = rb"<(?:" + names + rb')>|"(?:' + names + rb')"(?:@[^ \n]+|\^\^<[^>\n]*>)?'
    predicates = b"|".join(re.escape(p.encode()) for p in plain)
    typed = re.escape(f"{RDF}type".encode()) + rb"(?=> (?:" + classes + rb") \.\n)"
    return re.compile(rb"\n(<[^>\n]*>|_:[^ \n]+) <(" + predicates + b"|" + typed + rb")> ([^\n]*) \.(?=\n)")


def _about_pattern(base: str) -> re.Pattern[bytes]:
    """A line stating one of ``described`` of a source document."""
    predicates = b"|".join(re.escape(p.encode()) for p in described(base))
    return re.compile(rb"\n(<" + re.escape(f"{base}id/source/".encode()) + rb"[^>\n]*>) <(?:" + predicates
                      + rb")> [^\n]* \.(?=\n)")


class Collector:
    """Facts of quads under one base IRI. The facts of each chain of parts asked for are kept, and
    a chain that starts with one already read reads only the rest: the link check reads the stated
    data, the register then only the derived graph, and the Vännäs dataset, when it is the whole
    data (the same slices), nothing at all."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._lines, self._about = _pattern(base), _about_pattern(base)
        self._chains: list[tuple[list[Part], Facts]] = []  # parts read (kept alive: compared by identity)

    def of(self, quads: Iterable[ox.Quad]) -> Facts:
        """The facts of ``quads`` (a ``Quads`` chain, a slice, or quads in memory)."""
        parts = as_parts(quads)
        done, facts = 0, Facts()
        for chain, known in self._chains:
            if done < len(chain) <= len(parts) and all(a is b for a, b in zip(chain, parts)):
                done, facts = len(chain), known
        if done == len(parts) and done:
            return facts
        facts = facts.copy()
        for part in parts[done:]:
            if isinstance(part, Slice):
                facts.merge(self._slice(part))
            else:
                for q in part:
                    facts.graphs.add(q.graph_name.value)
                    facts.add(q.subject, q.predicate.value, q.object, self.base)  # type: ignore[arg-type]
        self._chains.append((parts, facts))
        return facts

    def _slice(self, part: Slice) -> Facts:
        """One spooled graph's facts, from the lines of the wanted predicates alone."""
        facts = Facts(graphs={part.graph} if part.count else set())
        text = b"\n" + part.ntriples()
        kept, objects = [], set()
        for match in self._lines.finditer(text):
            if match.group(2) == _SOURCE:  # the commonest: only its distinct objects are parsed
                objects.add(match.group(3))
            else:
                kept.append(match.group(0))
        for triple in _parse(kept):
            facts.add(triple.subject, triple.predicate.value, triple.object, self.base, about=False)  # type: ignore[arg-type]
        for triple in _parse([b"\n<x:s> <x:p> " + o + b" ." for o in objects]):
            facts.sources.add(triple.object.value)
        for triple in _parse([m.group(0) for m in self._about.finditer(text)]):
            facts.about.append((triple.subject.value, triple.predicate.value, triple.object))  # type: ignore[arg-type]
        return facts


_SOURCE = SOURCE.encode()


def triples(quads: Iterable[ox.Quad], base: str) -> dict[str, int]:
    """Distinct triples of each source graph ``graph/source/<key>`` of ``quads``, sorted by graph."""
    parts = as_parts(quads)
    by_graph: dict[str, list[Part]] = {}
    for part in parts:
        if isinstance(part, Slice):
            if part.count and source_of_graph(part.graph, base):
                by_graph.setdefault(part.graph, []).append(part)
        else:
            for graph in {q.graph_name.value for q in part if source_of_graph(q.graph_name.value, base)}:
                by_graph.setdefault(graph, []).append([q for q in part if q.graph_name.value == graph])
    return {graph: _distinct(members) for graph, members in sorted(by_graph.items())}


def _parse(lines: list[bytes]) -> list[ox.Triple]:
    """Matched lines (each after its newline) as triples, in order."""
    if not lines:
        return []
    return [q.triple for q in ox.parse(b"".join(lines)[1:] + b"\n", format=ox.RdfFormat.N_TRIPLES)]  # type: ignore[union-attr]


def _distinct(parts: list) -> int:
    """Distinct triples of one graph's parts: a line of N-Triples as pyoxigraph writes it is one triple."""
    if len(parts) == 1 and isinstance(parts[0], Slice):
        return len(set(parts[0].ntriples().splitlines()))
    seen: set[ox.Triple] = set()
    for part in parts:
        seen.update(ox.Triple(q.subject, q.predicate, q.object) for q in part)
    return len(seen)
