"""The source beside each value of a resource page (issue #14, statement-level provenance).

Every value of the page gets the numbers of the sources that state it, and the page ends with
the numbered sources: title, primary or secondary, address, dates, licence. The rule for what a
source states is the documented one of ``queries/statement-sources.rq``:

- a table row's triple stands in its source's graph (``graph/source/<key>``): cited exactly;
- a hand-written Turtle file is one graph; its subject's ``dct:source`` is the statement's source
  only when the subject cites ONE source there. A resource citing nine sources in one file (the
  Vännäs municipality) gets no mark per value: marking all nine beside every value would claim
  what the data does not say. Its sources stay listed in the page's sources group;
- what the build derived (``graph/derived``: twin-town shortcuts, attestation) is marked derived.

Numbers follow the order of first use on the page, so the same data gives the same page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pyoxigraph as ox

from .. import view
from ..namespaces import RDFS, SKOS
from ..queries import text as query_text
from .origin import to_local

Key = tuple[str, str, str | None, bool]  # predicate, value, language, is_literal


def key_of(predicate: str, value: str, language: str | None, is_literal: bool) -> Key:
    return (predicate, value, language if is_literal else None, is_literal)


@dataclass(frozen=True)
class Source:
    number: int
    iri: str
    href: str
    label: str
    kind: str = ""  # the kind's label in the page language ("primär källa")
    kind_iri: str = ""
    host: str = ""
    url: str = ""
    consulted: str = ""
    modified: str = ""
    licence: str = ""


@dataclass
class Citations:
    sources: list[Source] = field(default_factory=list)
    numbers: dict[Key, list[int]] = field(default_factory=dict)
    derived: set[Key] = field(default_factory=set)

    def of(self, predicate: str, term: view.Term) -> list[Source]:
        numbers = self.numbers.get(key_of(predicate, term.value, term.language, term.is_literal), [])
        return [self.sources[n - 1] for n in numbers]

    def is_derived(self, predicate: str, term: view.Term) -> bool:
        return key_of(predicate, term.value, term.language, term.is_literal) in self.derived


def _key(row: dict[str, Any]) -> Key:
    o = row["o"]
    literal = isinstance(o, ox.Literal)
    return key_of(row["p"].value, o.value, o.language if literal else None, literal)


def _exact(rows: list[dict[str, Any]]) -> dict[Key, list[str]]:
    """Statement -> its sources, by the rule of the module docstring."""
    resource_level: dict[Key, set[str]] = defaultdict(set)
    stated: dict[Key, list[str]] = defaultdict(list)
    for row in rows:
        if "source" not in row:
            continue
        level, source = row["level"].value, row["source"].value
        if level == "statement":
            if source not in stated[_key(row)]:
                stated[_key(row)].append(source)
        elif level == "resource":
            resource_level[_key(row)].add(source)
    for key, sources in resource_level.items():
        if len(sources) == 1:
            only = next(iter(sources))
            if only not in stated[key]:
                stated[key].append(only)
    return {k: v for k, v in stated.items() if v}


def of_resource(engine: Any, root: str, index: view.Index, language: str, base: str,
                order: list[Key]) -> Citations:
    """The citations of ``root``'s statements; ``order`` is the page's order of values."""
    bound = {"root": ox.NamedNode(root)}
    rows = engine.select(query_text("page-statement-sources", base), bound)
    derived = {_key(r) for r in rows if r["level"].value == "derived"}
    stated = _exact(rows)
    derived -= set(stated)
    citations = Citations(derived=derived)
    numbered: dict[str, int] = {}
    for key in order:
        for source in stated.get(key, []):
            if source not in numbered:
                numbered[source] = len(numbered) + 1
                citations.sources.append(_source(engine, source, len(numbered), index, language, base))
        if key in stated:
            citations.numbers[key] = sorted(numbered[s] for s in stated[key])
    return citations


def _source(engine: Any, iri: str, number: int, index: view.Index, language: str, base: str) -> Source:
    rows = engine.select(query_text("page-source-details", base), {"source": ox.NamedNode(iri)})
    found: dict[str, str] = {}
    for row in rows:
        if "label" in row:
            index.add([{"s": ox.NamedNode(iri), "p": ox.NamedNode(RDFS + "label"), "o": row["label"]}])
        if "kindLabel" in row:
            index.add([{"s": row["kind"], "p": ox.NamedNode(SKOS + "prefLabel"), "o": row["kindLabel"]}])
        for name in ("kind", "url", "consulted", "modified", "licence"):
            if name in row and name not in found:
                found[name] = row[name].value
    url = found.get("url", "")
    kind = found.get("kind", "")
    return Source(number, iri, to_local(iri, base) or iri, view.label(iri, index, language),
                  view.label(kind, index, language) if kind else "", kind, urlsplit(url).hostname or "", url,
                  found.get("consulted", ""), found.get("modified", ""), found.get("licence", ""))
