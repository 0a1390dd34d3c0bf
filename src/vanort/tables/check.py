"""Check every cell of the steward tables before the mapping runs.

A problem names the file, the row (as a spreadsheet shows it: the header is row 1) and the
column, e.g. ``data/tables/partnerships.csv, row 4, column since_year: '19x0' is not a year
(4 digits)``. References (a source key, a place key) must name something the tables or the
Turtle files define, so a typo never becomes a dangling IRI.

>>> from vanort.tables.columns import TABLES
>>> cell_problem(TABLES["partnerships.csv"].column("since_year"), "19x0")
"'19x0' is not a year (4 digits)"
>>> cell_problem(TABLES["partnerships.csv"].column("kind"), "vänort")
"'vänort' is not one of: twinning, cooperation-agreement, friendship, contact"
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from .columns import KINDS, SCHEMES, TABLES, Column, Table

KIND_NAMES = {"key": "a key (lower-case a-z, 0-9 and single hyphens)", "year": "a year (4 digits)",
              "date": "a date (YYYY-MM-DD)", "decimal": "a decimal number (digits, '.' as decimal sign)",
              "lang": "a language tag (sv, en, fi ...)", "url": "an http(s) URL",
              "text": "text without control characters"}


@dataclass(frozen=True)
class CellProblem:
    file: str
    row: int | None
    column: str | None
    message: str

    def render(self) -> str:
        where = [self.file] + ([f"row {self.row}"] if self.row else []) + ([f"column {self.column}"] if self.column else [])
        return f"{', '.join(where)}: {self.message}"


@dataclass
class Rows:
    """One table as read: its display path and rows (dicts keyed by column name)."""

    table: Table
    display: str
    rows: list[dict[str, str]]


def cell_problem(column: Column, value: str) -> str | None:
    """What is wrong with one non-empty cell, or None."""
    if column.allowed and value not in column.allowed:
        return f"'{value}' is not one of: {', '.join(column.allowed)}"
    if not KINDS[column.kind].match(value):
        return f"'{value}' is not {KIND_NAMES[column.kind]}"
    return None


def read_table(folder: Path, table: Table, display: str) -> tuple[Rows, list[CellProblem]]:
    """Read one CSV file; check its header and the form of every cell."""
    path = folder / table.name
    if not path.is_file():
        return Rows(table, display, []), [CellProblem(display, None, None, "file not found (every table of "
                                                     "README 'Tables' must exist, with at least its header row)")]
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, strict=True)
            header = reader.fieldnames or []
            raw = list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        return Rows(table, display, []), [CellProblem(display, None, None, f"cannot read as UTF-8 CSV: {exc}")]
    expected = [c.name for c in table.columns]
    problems = [CellProblem(display, 1, name, "unknown column") for name in header if name not in expected]
    problems += [CellProblem(display, 1, name, "missing column") for name in expected if name not in header]
    if problems:
        return Rows(table, display, []), problems
    rows = []
    for number, row in enumerate(raw, start=2):
        if None in row or any(v is None for v in row.values()):
            problems.append(CellProblem(display, number, None, f"{len(header)} cells expected"))
            continue
        clean = {name: (value or "").strip() for name, value in row.items()}
        problems += _row_problems(table, display, number, clean)
        rows.append(clean)
    return Rows(table, display, rows), problems


def _row_problems(table: Table, display: str, number: int, row: dict[str, str]) -> list[CellProblem]:
    problems = []
    for column in table.columns:
        value = row[column.name]
        if not value:
            # a single-valued column (a name) is required of the thing, not of every row: a value on
            # a row means that row's source states it (presence_problems checks the thing)
            if column.required and not column.single:
                problems.append(CellProblem(display, number, column.name, "required, but empty"))
            continue
        message = cell_problem(column, value)
        if message:
            problems.append(CellProblem(display, number, column.name, message))
    for group in table.together:
        filled = [name for name in group if row[name]]
        if filled and len(filled) != len(group):
            missing = [name for name in group if not row[name]]
            problems.append(CellProblem(display, number, missing[0], f"needed together with {', '.join(filled)}"))
    if table.name == "identifiers.csv" and row["scheme"] in SCHEMES and row["value"]:
        if not re.match(SCHEMES[row["scheme"]], row["value"]):
            problems.append(CellProblem(display, number, "value", f"'{row['value']}' does not match the "
                                        f"{row['scheme']} pattern {SCHEMES[row['scheme']]}"))
    if table.name == "points.csv" and row["lat"] and row["lon"]:
        if not (-90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180):
            problems.append(CellProblem(display, number, "lat", "not a WGS 84 latitude/longitude pair"))
    return problems


def agreement_problems(rows: Rows) -> list[CellProblem]:
    """Single-valued columns: every row of one thing gives the same value or leaves it empty."""
    problems = []
    seen: dict[tuple[str, str], tuple[int, str]] = {}
    for number, row in enumerate(rows.rows, start=2):
        for column in rows.table.columns:
            value = row[column.name]
            if not column.single or not value:
                continue
            first = seen.setdefault((row[rows.table.key], column.name), (number, value))
            if first[1] != value:
                problems.append(CellProblem(rows.display, number, column.name,
                                            f"'{value}' disagrees with '{first[1]}' in row {first[0]} for "
                                            f"'{row[rows.table.key]}' (one value per thing: put a variant "
                                            "name in alt_name, or leave the cell empty)"))
    return problems


def all_tables(folder: Path, display_of: dict[str, str]) -> tuple[dict[str, Rows], list[CellProblem]]:
    """Read and check the form of every table."""
    tables, problems = {}, []
    for name, table in TABLES.items():
        rows, found = read_table(folder, table, display_of[name])
        tables[name] = rows
        problems += found + agreement_problems(rows)
    return tables, problems


def presence_problems(rows: Rows, described: set[str]) -> list[CellProblem]:
    """A required single-valued column must be given by at least one row of each thing.

    Things that a Turtle file also describes (``described``: their keys, of this table's kind) may
    take it from there.
    """
    first: dict[str, int] = {}
    given: set[tuple[str, str]] = set()
    for number, row in enumerate(rows.rows, start=2):
        key = row[rows.table.key]
        first.setdefault(key, number)
        given.update((key, c.name) for c in rows.table.columns if c.single and row[c.name])
    return [
        CellProblem(rows.display, number, column.name, f"no row of '{key}' gives {column.name} (required once "
                    "per thing: put it on the row of the source that gives it)")
        for key, number in first.items() if key not in described
        for column in rows.table.columns if column.single and column.required and (key, column.name) not in given
    ] + [
        CellProblem(rows.display, number, rows.table.one_of[0], f"no row of '{key}' gives any of "
                    f"{', '.join(rows.table.one_of)} (one is required per thing: the name as a source gives it)")
        for key, number in first.items() if key not in described and rows.table.one_of
        and not any((key, name) in given for name in rows.table.one_of)
    ]
