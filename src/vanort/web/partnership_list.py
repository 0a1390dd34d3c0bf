"""Partnerships as a reader lists them: the partners by name, the kind, the years, each entry
linking to the partnership's page (which holds the timeline). Used by a place's page (its
twin towns and other partnerships) and by the home page (the partnerships the municipalities
state themselves, with a link to the full, paged list of the class).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from fastapi import Request

from .. import view
from ..queries import text as query_text
from . import deps
from .origin import to_local


WORDS = ("since", "no_date", "according_to")  # the labels.WORDS keys ``entries`` takes


@dataclass(frozen=True)
class Stated:
    """Years one or more sources give for a partnership, with those sources as (href, name)."""

    years: str
    sources: list[tuple[str, str]]


@dataclass
class Entry:
    href: str
    label: str
    kind: str = ""
    kind_iri: str = ""
    years: str = ""
    others: list[tuple[str, str]] = field(default_factory=list)  # (href, name) of the partners shown
    # When the partnership's own period gives no date: the years each source says it was
    # active (a table row's since_year), attributed to that source (issue #14).
    stated: list[Stated] = field(default_factory=list)


def entries(rows: list[dict[str, Any]], index: view.Index, language: str, base: str,
            words: dict[str, str]) -> list[Entry]:
    """One entry per partnership, in the rows' order; ``words`` has the keys of ``WORDS``.

    A row with ``fromStatus`` 1 is a period a source (``source``) says the partnership was
    active in; the partnership's own period (``fromStatus`` 0 or unbound) wins when it gives a
    date, as the country page counts starts.

    >>> import pyoxigraph as ox
    >>> B = "https://w3id.org/vanort/"
    >>> W = {"since": "since", "no_date": "?", "according_to": "according to"}
    >>> year = lambda y: ox.Literal(y, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))
    >>> row = {"ps": ox.NamedNode(B + "id/partnership/a-b"), "other": ox.NamedNode(B + "id/municipality/b"),
    ...        "begin": year("1998")}
    >>> e = entries([row], view.Index(), "en", B, W)[0]
    >>> (e.href, e.others, e.years, e.stated)
    ('/id/partnership/a-b', [('/id/municipality/b', 'b')], 'since 1998', [])
    >>> said = {**row, "fromStatus": ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ...         "source": ox.NamedNode(B + "id/source/s"), "begin": year("2011")}
    >>> undated = {k: v for k, v in row.items() if k != "begin"}
    >>> e = entries([undated, said], view.Index(), "en", B, W)[0]
    >>> (e.years, e.stated)
    ('since 2011', [Stated(years='since 2011', sources=[('/id/source/s', 's')])])
    """
    found: dict[str, Entry] = {}
    rows_of: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        iri = row["ps"].value
        entry = found.get(iri)
        if entry is None:
            kind = row["kind"].value if "kind" in row else ""
            entry = found[iri] = Entry(to_local(iri, base) or iri, view.label(iri, index, language),
                                       view.label(kind, index, language) if kind else "", kind)
        rows_of.setdefault(iri, []).append(row)
        other = row["other"].value
        link = (to_local(other, base) or other, view.label(other, index, language))
        if link not in entry.others:
            entry.others.append(link)
    for iri, entry in found.items():
        _date(entry, rows_of[iri], index, language, base, words)
    return list(found.values())


def _date(entry: Entry, rows: list[dict[str, Any]], index: view.Index, language: str, base: str,
          words: dict[str, str]) -> None:
    """The entry's years: its own period's, else what each source says (in the rows' order)."""
    own = [_years(r, index, language, words) for r in rows if "fromStatus" not in r or r["fromStatus"].value == "0"]
    entry.years = next((y for y in own if y), "")
    if entry.years:
        return
    by_years: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        years = _years(row, index, language, words) if "fromStatus" in row and row["fromStatus"].value == "1" else ""
        if years:
            sources = by_years.setdefault(years, [])
            if "source" in row:
                source = row["source"].value
                link = (to_local(source, base) or source, view.label(source, index, language))
                if link not in sources:
                    sources.append(link)
    entry.stated = [Stated(years, sources) for years, sources in by_years.items()]
    entry.years = "; ".join(by_years) or words["no_date"]


def _years(row: dict[str, Any], index: view.Index, language: str, words: dict[str, str]) -> str:
    """The row's period in words ("since 1998", "1996–2004"), or "" when it gives no date."""
    def said(value: str, instant: str) -> str:
        if value in row:
            return str(row[value].value)
        return view.label(row[instant].value, index, language) if instant in row else ""

    begin, end = said("begin", "b"), said("end", "e")
    if begin and end:
        return f"{begin}–{end}"
    if begin:  # an instant's own words may say "since" already ("sedan andra världskriget")
        return begin if begin.casefold().startswith(words["since"].casefold()) else f"{words['since']} {begin}"
    return f"–{end}" if end else ""


def of_place(request: Request, iri: str, language: str, words: dict[str, str]) -> list[Entry]:
    """The partnerships ``iri`` takes part in, with the other partners."""
    base = deps.get_settings(request).base_iri
    engine = deps.get_engine(request)
    bound = {"root": ox.NamedNode(iri)}
    rows = engine.select(query_text("page-partnerships", base), bound)  # type: ignore[attr-defined]
    if not rows:
        return []
    index = view.Index.from_rows(engine.select(query_text("page-partnership-labels", base), bound))  # type: ignore[attr-defined]
    return entries(rows, index, language, base, words)
