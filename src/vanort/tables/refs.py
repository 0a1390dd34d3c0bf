"""Cross-table references: every key a cell refers to is defined by a table or a Turtle file.

>>> kind_of(TABLES["points.csv"].column("place"), {"place_kind": "municipality"})
'municipality'
"""

from __future__ import annotations

import difflib

from .check import CellProblem, Rows
from .columns import TABLES, Column

# Which table defines the things of each kind (besides Turtle files).
DEFINED_BY = {"source": "sources.csv", "agent": "agents.csv", "country": "countries.csv",
              "region": "regions.csv", "municipality": "municipalities.csv"}


def kind_of(column: Column, row: dict[str, str]) -> str:
    """The IRI kind (``id/<kind>/<key>``) a reference cell points to."""
    if column.refers_to == "place":
        return row["place_kind"]
    if column.refers_to == "publisher":
        return row["publisher_kind"]
    return column.refers_to


def known_keys(tables: dict[str, Rows], iris: set[str], base: str) -> set[tuple[str, str]]:
    """(kind, key) of everything the tables and the Turtle subjects define."""
    known = set()
    prefix = base + "id/"
    for iri in iris:
        if iri.startswith(prefix) and iri.count("/", len(prefix)) == 1:
            kind, key = iri[len(prefix):].split("/")
            known.add((kind, key))
    for kind, name in DEFINED_BY.items():
        if name in tables:
            key_column = TABLES[name].key
            known.update((kind, row[key_column]) for row in tables[name].rows if row[key_column])
    return known


def reference_problems(tables: dict[str, Rows], known: set[tuple[str, str]]) -> list[CellProblem]:
    problems = []
    for rows in tables.values():
        for number, row in enumerate(rows.rows, start=2):
            for column in rows.table.columns:
                value = row[column.name]
                if not column.refers_to or not value or column.kind == "key" and not _is_key(value):
                    continue
                kind = kind_of(column, row)
                if kind and (kind, value) not in known:
                    problems.append(CellProblem(rows.display, number, column.name, _unknown(kind, value, known)))
    return problems


def _is_key(value: str) -> bool:
    from .columns import KINDS

    return bool(KINDS["key"].match(value))


def _unknown(kind: str, value: str, known: set[tuple[str, str]]) -> str:
    candidates = sorted(key for k, key in known if k == kind)
    hint = difflib.get_close_matches(value, candidates, n=1)
    where = DEFINED_BY.get(kind, "a Turtle file under data/")
    advice = f"; did you mean '{hint[0]}'?" if hint else ""
    return f"unknown {kind} '{value}' (define it in {where} or data/){advice}"
