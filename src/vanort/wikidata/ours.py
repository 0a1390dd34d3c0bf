"""Our side of the round trip, read with SPARQL (queries/wikidata-ours-*.rq) over the engine.

Instants keep their real precision: an XSD year/year-month/date, or an OWL-Time description
whose unit is a decade, year, month or day; anything else (a season, "after WWII") falls back
to the widest precision its vo:earliest/vo:latest bounds share, or to none at all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Protocol

import pyoxigraph as ox

from .. import queries
from ..namespaces import OWL, TIME
from .model import DAY, DECADE, MONTH, YEAR, Twinning, When, qid_of

UNVERIFIED = "/verification-status/unverified"
UNITS = {TIME + "unitDecade": DECADE, TIME + "unitYear": YEAR, TIME + "unitMonth": MONTH, TIME + "unitDay": DAY}


class Selecting(Protocol):
    def select(self, query: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class Item:
    qid: str
    verified: bool
    label: str


def items(engine: Selecting, base: str) -> dict[str, Item]:
    """Our resource IRI -> its Wikidata item (verified only through owl:sameAs with no caveat)."""
    found: dict[str, Item] = {}
    for row in engine.select(queries.text("wikidata-ours-qids", base)):
        qid = qid_of(row["item"].value)
        if qid is None:
            continue
        resource = row["resource"].value
        verified = row["link"].value == OWL + "sameAs" and not (
            "status" in row and row["status"].value.endswith(UNVERIFIED))
        label = row["label"].value if "label" in row else resource.rsplit("/", 1)[-1]
        known = found.get(resource)
        # A resource with one verified and one unverified QID keeps the verified one.
        if known is None or (verified and not known.verified):
            found[resource] = Item(qid, verified, label)
    return found


def when(engine: Selecting, instant: ox.NamedNode | ox.BlankNode, base: str) -> When | None:
    rows = engine.select(queries.text("wikidata-ours-instant", base), {"instant": instant})
    if not rows:
        return None
    row = rows[0]
    if "date" in row:
        day = dt.date.fromisoformat(row["date"].value[:10])
        return When(day.year, day.month, day.day, DAY)
    if "yearMonth" in row:
        text = row["yearMonth"].value
        return When(int(text[:4]), int(text[5:7]), 0, MONTH)
    if "year" in row:
        return When(int(row["year"].value[:4]), 0, 0, YEAR)
    if "unit" in row and row["unit"].value in UNITS and "descriptionYear" in row:
        return When(int(row["descriptionYear"].value[:4]), 0, 0, UNITS[row["unit"].value])
    if "earliest" in row and "latest" in row:
        return _common(dt.date.fromisoformat(row["earliest"].value[:10]), dt.date.fromisoformat(row["latest"].value[:10]))
    return None


def _common(first: dt.date, last: dt.date) -> When | None:
    """The finest precision at which two bounds are the same point (a season of 2005 -> 2005)."""
    if first == last:
        return When(first.year, first.month, first.day, DAY)
    if (first.year, first.month) == (last.year, last.month):
        return When(first.year, first.month, 0, MONTH)
    if first.year == last.year:
        return When(first.year, 0, 0, YEAR)
    if first.year // 10 == last.year // 10:
        return When(first.year - first.year % 10, 0, 0, DECADE)
    return None


def twinnings(engine: Selecting, base: str) -> list[Twinning]:
    """Every partnership (of any kind) whose two parties both have a Wikidata item."""
    known = items(engine, base)
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    sources: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in engine.select(queries.text("wikidata-ours-partnerships", base)):
        key = (row["partnership"].value, row["a"].value, row["b"].value)
        grouped.setdefault(key, row)
        if "source" in row and isinstance(row["source"], ox.NamedNode):
            sources[key].add(row["source"].value)
    found = []
    for key, row in sorted(grouped.items()):
        partnership, a, b = key
        if a not in known or b not in known:
            continue
        page, consulted = _best_source(engine, sorted(sources[key]), base)
        found.append(Twinning(
            partnership, row["kind"].value, a, b, known[a].qid, known[b].qid,
            tuple(known[x].qid for x in (a, b) if not known[x].verified),
            when(engine, row["begin"], base) if "begin" in row else None,
            when(engine, row["end"], base) if "end" in row else None,
            page, consulted, {known[a].qid: known[a].label, known[b].qid: known[b].label},
        ))
    return found


def _best_source(engine: Selecting, sources: list[str], base: str) -> tuple[str | None, str | None]:
    """The first source with a page and a consulted date; else the first with a page."""
    best: tuple[str | None, str | None] = (None, None)
    for source in sources:
        rows = engine.select(queries.text("wikidata-ours-source", base), {"source": ox.NamedNode(source)})
        row = rows[0] if rows else {}
        page = row["page"].value if "page" in row else None
        consulted = row["consulted"].value[:10] if "consulted" in row else None
        if page and consulted:
            return page, consulted
        if page and best[0] is None:
            best = (page, None)
    return best
