"""Validate the data (with its derived graph) against the shapes, with the ontology.

pySHACL needs rdflib graphs; the quads are handed over as N-Triples, which is exact and
fast. The report keeps the RDF (written into the release) and a list of readable results
that name the file defining each focus node.

>>> Result("https://w3id.org/vanort/id/x", "vo:partner", None, "needs two parties",
...        "Violation", "vsh:PartnershipShape", ("data/partnerships/x.ttl",)).render()
'data/partnerships/x.ttl: Violation on <https://w3id.org/vanort/id/x> vo:partner: needs two parties'
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

# No inference: every type is stated in the data (the shapes rely on that, see shapes/), and
# the ontology is given as ont_graph so that its axioms are not validated as data.
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


def validate(
    data: list[ox.Quad],
    shapes: list[ox.Quad],
    ontology: list[ox.Quad],
    defining_files: dict[str, list[str]] | None = None,
) -> ValidationReport:
    """Run pySHACL and return a readable report."""
    data_graph, shapes_graph, ont_graph = to_rdflib(data), to_rdflib(shapes), to_rdflib(ontology)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pySHACL warns on deprecated rdflib APIs
        conforms, report_graph, _ = pyshacl.validate(
            data_graph, shacl_graph=shapes_graph, ont_graph=ont_graph,
            inference=INFERENCE, advanced=True, allow_warnings=True,
        )
    for prefix, namespace in shapes_graph.namespaces():
        report_graph.bind(prefix, namespace, override=False)
    results = []
    for node in report_graph.subjects(RDF.type, SH.ValidationResult):
        focus = report_graph.value(node, SH.focusNode)
        results.append(Result(
            focus=str(focus),
            path=_short(report_graph.value(node, SH.resultPath), shapes_graph),
            value=_short(report_graph.value(node, SH.value), shapes_graph),
            message=str(report_graph.value(node, SH.resultMessage) or "(no message)"),
            severity=str(report_graph.value(node, SH.resultSeverity)).rsplit("#", 1)[-1],
            shape=_short(report_graph.value(node, SH.sourceShape), shapes_graph) or "",
            files=tuple((defining_files or {}).get(str(focus), [])),
        ))
    results.sort(key=lambda r: (r.files, r.focus, r.path or "", r.message))
    return ValidationReport(bool(conforms), results, report_graph)
