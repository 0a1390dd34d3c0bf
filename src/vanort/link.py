"""Offline checks of external identifiers: pattern, scheme, uniqueness. No network.

>>> check_iri("http://www.wikidata.org/entity/Q500210")
>>> check_iri("http://www.wikidata.org/entity/500210")
'not a Wikidata entity IRI (http://www.wikidata.org/entity/Q<digits>)'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from .catalogue_facts import LINK_PREDICATES as _LINKS, Collector, Facts
from .namespaces import OWL

LINK_PREDICATES = set(_LINKS)  # owl:sameAs, skos:exactMatch, skos:closeMatch
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


def check(quads: Iterable[ox.Quad] | Facts) -> LinkReport:
    """The problems and counts of the identity links of ``quads``, from their facts (the build
    passes the facts it collected in its one pass over the data, catalogue_facts.py)."""
    facts = quads if isinstance(quads, Facts) else Collector("").of(quads)
    report = LinkReport()
    owners: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for subject, predicate, target in facts.links:  # in data order: the problems keep it
        problem = check_iri(target)
        if problem:
            report.problems.append(f"<{subject}> {predicate} <{target}>: {problem}")
        for namespace in SCHEMES:
            if target.startswith(namespace):
                counts[namespace] += 1
        if predicate in UNIQUE:
            owners[target].add(subject)
    for target, subjects in sorted(owners.items()):
        if len(subjects) > 1 and any(target.startswith(ns) for ns in SCHEMES):
            report.problems.append(
                f"<{target}> is owl:sameAs of {len(subjects)} resources ({', '.join(sorted(subjects))}); "
                "an external identifier names one resource"
            )
    report.links = dict(sorted(counts.items()))
    report.unverified = _unverified_qids(facts)
    return report


def _unverified_qids(facts: Facts) -> list[str]:
    """Wikidata identifiers (skos:notation Q...) whose adms:status is .../verification-status/unverified."""
    return sorted({f"<{facts.identifiers.get(node, value)}> {qid}" for node, value, qid in facts.notations
                   if facts.unverified.get(node, False)})
