"""Validate the data (with its derived graph) against the shapes, with the ontology.

Two engines give the same report (tests/test_validate_engines.py checks it on every shape
fixture and on the project's data):
- ``turbo`` (the default): pyshacl-turbo, pySHACL's semantics in Rust (SHACL Core and
  SHACL-SPARQL, the ontology mixed in as pySHACL does). The data goes over as N-Triples
  text, never as rdflib graphs: at N = 1,000 synthetic municipalities it validates in
  seconds where pySHACL took minutes and 0.6 GB (bench/NOTES.md, issue #13).
- ``pyshacl``: the reference engine, on rdflib graphs; the quads are handed over as
  N-Triples, which is exact and fast.
The report keeps the RDF (written into the release) and a list of readable results
that name the file defining each focus node.

>>> Result("https://w3id.org/vanort/id/x", "vo:partner", None, "needs two parties",
...        "Violation", "vsh:PartnershipShape", ("data/partnerships/x.ttl",)).render()
'data/partnerships/x.ttl: Violation on <https://w3id.org/vanort/id/x> vo:partner: needs two parties'
"""

from __future__ import annotations

import codecs
import itertools
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from .spool import ntriples_of

# No inference: every type is stated in the data (the shapes rely on that, see shapes/), and
# only the ontology's axioms are mixed in (pySHACL's ont_graph, `inoculation` below), so that the
# rest of the ontology is not validated as data.
INFERENCE = "none"


@dataclass(frozen=True)
class Result:
    focus: str
    path: str | None
    value: str | None
    message: str
    severity: str
    shape: str
    files: tuple[str, ...]

    def render(self) -> str:
        where = ", ".join(self.files) or "(no file)"
        path = f" {self.path}" if self.path else ""
        value = f" value {self.value}" if self.value else ""
        return f"{where}: {self.severity} on <{self.focus}>{path}{value}: {self.message}"


@dataclass
class ValidationReport:
    conforms: bool
    results: list[Result]
    graph: Graph

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    def text(self) -> str:
        if not self.results:
            return "Conforms: 0 results."
        lines = [r.render() for r in self.results]
        lines.append(f"{len(self.violations)} violation(s), {len(self.results)} result(s) in all.")
        return "\n".join(lines)


def to_rdflib(quads: list[ox.Quad] | list[ox.Triple]) -> Graph:
    """An rdflib graph of the triples (graph names dropped: the union)."""
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    graph = Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


def _short(node: object, graph: Graph) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # noqa: BLE001 - rdflib raises several types for odd IRIs
            return f"<{node}>"
    return str(node)


ENGINES = ("turbo", "pyshacl")


def _uchar(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: non-ASCII characters as N-Triples escapes (``\\u00E5``, ``\\U0001F600``)."""
    text = error.object[error.start:error.end]  # type: ignore[attr-defined]
    return "".join(f"\\u{ord(c):04X}" if ord(c) < 0x10000 else f"\\U{ord(c):08X}" for c in text), error.end  # type: ignore[attr-defined]


codecs.register_error("vanort-ntriples-uchar", _uchar)


def ascii_ntriples(chunks: Iterable[bytes]) -> str:
    """N-Triples text as an ASCII ``str``, every other character escaped (N-Triples UCHAR, which
    the parser reads back as the same character). A Python ``str`` takes 1 byte a character when
    all are below U+0100 and 2 or 4 otherwise: one Polish or Greek letter would double the copy
    of the whole dataset that the engine is handed (issue #13)."""
    return b"".join(chunk.decode("utf-8").encode("ascii", "vanort-ntriples-uchar") for chunk in chunks).decode("ascii")


def inoculation(ontology: Graph) -> bytes:
    """The triples pySHACL mixes into the data graph from the ontology, as N-Triples.

    pySHACL's ``inoculate`` copies the ontology's RDFS and OWL axioms (classes, properties and
    their definitions; blank nodes as fresh ones) and reads nothing of the data, so data plus
    these triples is the graph it validates. pyshacl-turbo, given ``ont_graph``, builds that graph
    by parsing the whole data text and writing it out again as N-Quads before parsing it a second
    time; handed the triples with the data instead, it validates the same graph without that
    copy (issue #13: about a quarter of SHACL's time)."""
    from pyshacl.rdfutil.inoculate import inoculate

    return inoculate(Graph(), ontology).serialize(format="nt", encoding="utf-8")


def to_ntriples_input(quads: Iterable[ox.Quad], extra: bytes = b"") -> object:
    """The triples (and ``extra`` N-Triples) as pyshacl-turbo's N-Triples input (graph names
    dropped: the union).

    Not a pyoxigraph ``Store``: a store keeps typed literals by value, so
    ``"2"^^xsd:nonNegativeInteger`` comes back as ``xsd:integer`` and fails ``sh:datatype``.
    Spooled quads go over as the text they are stored as (issue #13): no quad objects. The
    input gives its text away when the engine first reads it: pyshacl-turbo's ``validate`` keeps
    the caller's input referenced to the end, beside its own graph.
    """
    from pyshacl_turbo.rdf import Input  # imported here: `vanort serve` never validates

    class ReadOnce(Input):  # type: ignore[misc, valid-type]
        @property  # type: ignore[override]
        def source(self) -> str | None:
            text, self.__dict__["_text"] = self.__dict__.get("_text"), None
            return text

        @source.setter
        def source(self, value: str | None) -> None:
            self.__dict__["_text"] = value

    chunks = itertools.chain(ntriples_of(quads), [extra] if extra else [])
    return ReadOnce(ascii_ntriples(chunks), "nquads", None, {}, preserve_ids=True)


def _run(engine: str, data: Iterable[ox.Quad], shapes_graph: Graph, ont_graph: Graph) -> tuple[bool, Graph]:
    options = {"shacl_graph": shapes_graph, "ont_graph": ont_graph, "inference": INFERENCE,
               "advanced": True, "allow_warnings": True}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pySHACL warns on deprecated rdflib APIs
        if engine == "turbo":
            import pyshacl_turbo  # imported here: `vanort serve` never validates

            options["ont_graph"] = None  # mixed in as pySHACL does, before the engine reads the text
            data_input = to_ntriples_input(data, inoculation(ont_graph))
            conforms, report_graph, _ = pyshacl_turbo.validate(data_input, **options)
        elif engine == "pyshacl":
            conforms, report_graph, _ = pyshacl.validate(to_rdflib(data), **options)
        else:
            raise ValueError(f"unknown SHACL engine {engine!r}; choose one of {', '.join(ENGINES)}")
    return bool(conforms), report_graph


def _path(node: object, report: Graph, shapes: Graph) -> str | None:
    """A result path as SHACL writes it (SHACL §2.3.1): ``p``, ``^p``, ``(p | q)``, ``p / q``;
    never a blank-node label, which each engine (and each run) chooses its own way."""
    if not isinstance(node, BNode):
        return _short(node, shapes)
    for kind, template in ((SH.alternativePath, "({})"), (SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"),
                           (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
        inner = report.value(node, kind)
        if inner is not None:
            if kind == SH.alternativePath:
                return template.format(" | ".join(_path(i, report, shapes) or "" for i in Collection(report, inner)))
            return template.format(_path(inner, report, shapes))
    if report.value(node, RDF.first) is not None:
        return " / ".join(_path(i, report, shapes) or "" for i in Collection(report, node))
    return "[path]"


def _message(report: Graph, node: object) -> str:
    """The English message of a result if there is one, else the first in order: a shape may
    give its message in several languages, and the choice must not depend on the engine."""
    messages = sorted(report.objects(node, SH.resultMessage), key=lambda m: (getattr(m, "language", None) != "en", str(m)))
    return str(messages[0]) if messages else "(no message)"


def validate(
    data: Iterable[ox.Quad],
    shapes: Iterable[ox.Quad],
    ontology: Iterable[ox.Quad],
    defining_files: dict[str, list[str]] | Callable[[set[str]], dict[str, list[str]]] | None = None,
    engine: str = "turbo",
) -> ValidationReport:
    """Validate with the chosen engine and return a readable report.

    ``defining_files`` maps focus nodes to the files describing them; a callable is asked
    only for the report's focus nodes (``Sources.defining_files``)."""
    shapes_graph, ont_graph = to_rdflib(shapes), to_rdflib(ontology)
    conforms, report_graph = _run(engine, data, shapes_graph, ont_graph)
    for prefix, namespace in shapes_graph.namespaces():
        report_graph.bind(prefix, namespace, override=False)
    results = []
    nodes = list(report_graph.subjects(RDF.type, SH.ValidationResult))
    if callable(defining_files):
        defining_files = defining_files({str(report_graph.value(n, SH.focusNode)) for n in nodes}) if nodes else {}
    for node in nodes:
        focus = report_graph.value(node, SH.focusNode)
        results.append(Result(
            focus=str(focus),
            path=_path(report_graph.value(node, SH.resultPath), report_graph, shapes_graph),
            value=_short(report_graph.value(node, SH.value), shapes_graph),
            message=_message(report_graph, node),
            severity=str(report_graph.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
            shape=_short(report_graph.value(node, SH.sourceShape), shapes_graph) or "",
            files=tuple((defining_files or {}).get(str(focus), [])),
        ))
    results.sort(key=lambda r: (r.files, r.focus, r.path or "", r.message, r.value or "", r.shape, r.severity))
    return ValidationReport(bool(conforms), results, report_graph)
