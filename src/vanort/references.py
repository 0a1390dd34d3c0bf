"""Checks a data editor's mistakes that SHACL reports badly: unknown terms, dangling
references and ill-typed literals. Each problem names the file and line.

>>> Problem("data/a.ttl", 3, "unknown term").render()
'data/a.ttl:3: unknown term'
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from .literals import lexical_error
from .load import SourceFile, Sources
from .namespaces import OWL, RDF, RDFS, XSD, vocab
from .spool import subject_iris

DECLARING_TYPES = {
    OWL + "Class", RDFS + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty",
    OWL + "AnnotationProperty", RDF + "Property", OWL + "SymmetricProperty",
    OWL + "TransitiveProperty", OWL + "FunctionalProperty", OWL + "NamedIndividual",
}
@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str

    def render(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@cache
def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def _short(iri: str, prefixes: dict[str, str]) -> list[str]:
    spellings = [f"<{iri}>"]
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace):
            spellings.append(f"{prefix}:{iri[len(namespace):]}")
    return spellings


def locate(source: SourceFile, iri_or_text: str) -> int | None:
    """First line of the file that mentions an IRI (in any spelling) or a literal."""
    spellings = _short(iri_or_text, source.prefixes) if "://" in iri_or_text else [iri_or_text]
    for number, line in enumerate(_lines(source.path), start=1):
        if any(s in line for s in spellings):
            return number
    return None


def _declared_terms(sources: Sources) -> set[str]:
    return {
        q.subject.value
        for q in sources.quads("ontology")
        if q.predicate.value == RDF + "type" and q.object.value in DECLARING_TYPES
    }


def check(sources: Sources, extra_subjects: set[str] = frozenset()) -> list[Problem]:  # type: ignore[assignment]
    """All reference and literal problems of the data files, in file order."""
    base = sources.base_iri
    terms = _declared_terms(sources)
    ours = vocab(base)
    subjects = subject_iris(sources.quads("ontology", "shapes", "data")) | set(extra_subjects)
    problems: list[Problem] = []
    for source in sources.of_role("data"):
        seen: set[str] = set()
        for quad in source.quads:
            for term in _vocabulary_terms(quad):
                if term.startswith(ours) and term not in terms and term not in seen:
                    seen.add(term)
                    hint = difflib.get_close_matches(term, sorted(terms), n=1)
                    advice = f"; did you mean {hint[0][len(ours):]}?" if hint else ""
                    problems.append(Problem(
                        source.display, locate(source, term),
                        f"{term} is not a term of the vanort ontology{advice}",
                    ))
            obj = quad.object
            if isinstance(obj, ox.NamedNode) and obj.value.startswith(base + "id/") and obj.value not in subjects:
                if obj.value not in seen:
                    seen.add(obj.value)
                    problems.append(Problem(
                        source.display, locate(source, obj.value),
                        f"{obj.value} is referenced but described nowhere (dangling reference: "
                        "a typo in the key, or a resource not yet added under data/)",
                    ))
            error = lexical_error(obj.value, obj.datatype.value) if isinstance(obj, ox.Literal) else None
            if error is not None:
                kind = obj.datatype.value[len(XSD):]  # type: ignore[union-attr]
                line = locate(source, f'"{obj.value}"^^') or locate(source, f'"{obj.value}"')  # type: ignore[union-attr]
                problems.append(Problem(
                    source.display, line,
                    f'"{obj.value}" is not a valid xsd:{kind}: {error} (property {quad.predicate.value}; '  # type: ignore[union-attr]
                    'XML Schema 1.1 Part 2 gives the forms, e.g. xsd:gYear "1998", xsd:date "1998-05-05")',
                ))
    return problems


def _vocabulary_terms(quad: ox.Quad) -> list[str]:
    terms = [quad.predicate.value]
    if quad.predicate.value == RDF + "type" and isinstance(quad.object, ox.NamedNode):
        terms.append(quad.object.value)
    return terms
