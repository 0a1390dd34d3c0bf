"""Offline checks of external identifiers: pattern, scheme, uniqueness. No network.

>>> check_iri("http://www.wikidata.org/entity/Q500210")
>>> check_iri("http://www.wikidata.org/entity/500210")
'not a Wikidata entity IRI (http://www.wikidata.org/entity/Q<digits>)'
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from .namespaces import OWL, SKOS

LINK_PREDICATES = {OWL + "sameAs", SKOS + "exactMatch", SKOS + "closeMatch"}
# Target namespace -> the form every IRI in it must have.
SCHEMES: dict[str, tuple[re.Pattern[str], str]] = {
    "http://www.wikidata.org/entity/": (
        re.compile(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*"),
        "not a Wikidata entity IRI (http://www.wikidata.org/entity/Q<digits>)",
    ),
    "https://sws.geonames.org/": (
        re.compile(r"https://sws\.geonames\.org/[1-9][0-9]*/"),
        "not a GeoNames feature IRI (https://sws.geonames.org/<digits>/)",
    ),
}
# Links that identify one resource each: a second resource with the same target is an error.
UNIQUE = {OWL + "sameAs"}


@dataclass
class LinkReport:
    problems: list[str] = field(default_factory=list)
    links: dict[str, int] = field(default_factory=dict)  # target namespace -> number of links
    # "<resource> Q..." for each Wikidata QID the data marks unverified (adms:status, issue #5):
    # reported, not an error; QuickStatements skips them unless asked.
    unverified: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_iri(iri: str) -> str | None:
    """The problem with an external IRI, or None."""
    for namespace, (pattern, message) in SCHEMES.items():
        if iri.startswith(namespace) and not pattern.fullmatch(iri):
            return message
    if iri.startswith(("http://wikidata.org/", "https://www.wikidata.org/entity/")):
        return "Wikidata entities are linked as http://www.wikidata.org/entity/Q<digits>"
    return None


def check(quads: list[ox.Quad]) -> LinkReport:
    report = LinkReport()
    owners: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for quad in quads:
        if quad.predicate.value not in LINK_PREDICATES or not isinstance(quad.object, ox.NamedNode):
            continue
        target = quad.object.value
        problem = check_iri(target)
        if problem:
            report.problems.append(f"<{quad.subject.value}> {quad.predicate.value} <{target}>: {problem}")
        for namespace in SCHEMES:
            if target.startswith(namespace):
                counts[namespace] += 1
        if quad.predicate.value in UNIQUE:
            owners[target].add(quad.subject.value)
    for target, subjects in sorted(owners.items()):
        if len(subjects) > 1 and any(target.startswith(ns) for ns in SCHEMES):
            report.problems.append(
                f"<{target}> is owl:sameAs of {len(subjects)} resources ({', '.join(sorted(subjects))}); "
                "an external identifier names one resource"
            )
    report.links = dict(sorted(counts.items()))
    report.unverified = _unverified_qids(quads)
    return report


_ADMS = "http://www.w3.org/ns/adms#"


def _unverified_qids(quads: list[ox.Quad]) -> list[str]:
    """Wikidata identifiers (skos:notation Q...) whose adms:status is .../verification-status/unverified."""
    owner = {q.object: q.subject.value for q in quads if q.predicate.value == _ADMS + "identifier"}
    status = {q.subject: q.object.value for q in quads if q.predicate.value == _ADMS + "status"}
    found = set()
    for quad in quads:
        if quad.predicate.value != SKOS + "notation" or not re.fullmatch(r"Q[1-9][0-9]*", quad.object.value):
            continue
        if status.get(quad.subject, "").endswith("/verification-status/unverified"):
            found.add(f"<{owner.get(quad.subject, quad.subject.value)}> {quad.object.value}")
    return sorted(found)
