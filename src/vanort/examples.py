"""The example queries: ``queries/*.rq`` files, each opening with ``# title:`` and
``# description:`` comment lines. Shown on the home page and as tabs of the query UI.

>>> e = parse("vannas-twins", "# title: Twin towns\\n# description: Today's.\\nSELECT * {}")
>>> e.title, e.description
('Twin towns', "Today's.")
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Example:
    name: str
    title: str
    description: str
    text: str


def parse(name: str, text: str) -> Example:
    """An example from its file name (without ``.rq``) and text."""
    fields = {"title": name, "description": ""}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("#").strip().partition(":")
        if key.strip().lower() in fields and value.strip():
            fields[key.strip().lower()] = value.strip()
    return Example(name, fields["title"], fields["description"], text)


def load(folder: Path) -> list[Example]:
    """Every example of a folder, sorted by file name; none when the folder is missing."""
    if not folder.is_dir():
        return []
    return [parse(path.stem, path.read_text("utf-8")) for path in sorted(folder.glob("*.rq"))]
