"""Tabular sources: data stewards' CSV files, checked cell by cell, mapped by RML (issue #14).

``data/tables/`` holds one CSV per kind of fact (columns.py) and the mapping (mapping.yml,
YARRRML; source-text.rml, RML for the one rule YARRRML cannot say: a language tag taken
from a cell). Each fact row becomes triples in the named graph of its source,
``graph/source/<key>``; the description of the sources themselves goes into
``graph/data/tables/sources`` beside the Turtle files' graphs.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..load import SourceFile, _rebase
from . import engine
from .check import all_tables, presence_problems
from .columns import TABLES
from .refs import known_keys, reference_problems

FOLDER = "tables"
# The IRI kind of the thing each table's key names (id/<kind>/<key>); the others name places of any kind.
THING_KIND = {"agents.csv": "agent", "countries.csv": "country", "regions.csv": "region",
              "municipalities.csv": "municipality", "partnerships.csv": "partnership"}


def read(data_dir: Path, root: Path, rml_python: Path, base: str, turtle_iris: set[str]) -> list[SourceFile]:
    """Check and map ``<data_dir>/tables``; one SourceFile per (graph, table file) it fills.

    Returns nothing when the folder does not exist (a project without tables).
    """
    folder = data_dir / FOLDER
    if not folder.is_dir():
        return []
    display_folder = _display(folder, root)
    display_of = {name: f"{display_folder}/{name}" for name in TABLES}
    tables, problems = all_tables(folder, display_of)
    if not problems:
        problems = reference_problems(tables, known_keys(tables, turtle_iris, base))
    if not problems:
        in_turtle = known_keys({}, turtle_iris, base)
        problems = [p for name, rows in tables.items()
                    for p in presence_problems(rows, {k for kind, k in in_turtle if kind == THING_KIND.get(name, kind)})]
    if problems:
        lines = [p.render() for p in problems]
        raise InputError(f"{len(problems)} problem(s) in the data tables:\n" + "\n".join(lines),
                         problems=lines, file=problems[0].file)
    if not any(rows.rows for rows in tables.values()):
        return []  # header-only tables: nothing to map, no engine needed
    quads = engine.run(rml_python, folder, display_folder)
    return _as_source_files(quads, folder, display_folder, base)


def _display(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _as_source_files(quads: list[ox.Quad], folder: Path, display: str, base: str) -> list[SourceFile]:
    by_graph: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        graph = ox.NamedNode(_rebase(quad.graph_name, base).value)
        by_graph[graph.value].append(ox.Quad(_rebase(quad.subject, base), _rebase(quad.predicate, base),
                                             _rebase(quad.object, base), graph))
    return [
        SourceFile(folder, display, "data", graph, sorted(set(graph_quads), key=str))
        for graph, graph_quads in sorted(by_graph.items())
    ]
