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


@dataclass
class Entry:
    href: str
    label: str
    kind: str = ""
    kind_iri: str = ""
    years: str = ""
    others: list[tuple[str, str]] = field(default_factory=list)  # (href, name) of the partners shown


def entries(rows: list[dict[str, Any]], index: view.Index, language: str, base: str,
            words: dict[str, str]) -> list[Entry]:
    """One entry per partnership, in the rows' order; ``words`` has ``since`` and ``no_date``.

    >>> import pyoxigraph as ox
    >>> B = "https://w3id.org/vanort/"
    >>> row = {"ps": ox.NamedNode(B + "id/partnership/a-b"), "other": ox.NamedNode(B + "id/municipality/b"),
    ...        "begin": ox.Literal("1998", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))}
    >>> e = entries([row], view.Index(), "en", B, {"since": "since", "no_date": "?"})[0]
    >>> (e.href, e.others, e.years)
    ('/id/partnership/a-b', [('/id/municipality/b', 'b')], 'since 1998')
    """
    found: dict[str, Entry] = {}
    for row in rows:
        iri = row["ps"].value
        entry = found.get(iri)
        if entry is None:
            kind = row["kind"].value if "kind" in row else ""
            entry = found[iri] = Entry(to_local(iri, base) or iri, view.label(iri, index, language),
                                       view.label(kind, index, language) if kind else "", kind,
                                       _years(row, index, language, words))
        other = row["other"].value
        link = (to_local(other, base) or other, view.label(other, index, language))
        if link not in entry.others:
            entry.others.append(link)
    return list(found.values())


def _years(row: dict[str, Any], index: view.Index, language: str, words: dict[str, str]) -> str:
    def said(value: str, instant: str) -> str:
        if value in row:
            return str(row[value].value)
        return view.label(row[instant].value, index, language) if instant in row else ""

    begin, end = said("begin", "b"), said("end", "e")
    if begin and end:
        return f"{begin}–{end}"
    if begin:  # an instant's own words may say "since" already ("sedan andra världskriget")
        return begin if begin.casefold().startswith(words["since"].casefold()) else f"{words['since']} {begin}"
    return f"–{end}" if end else words["no_date"]


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
