"""Labels and reading groups of the terms pages show, from ``labels.csv`` beside this module.

The ontology labels our own ``vo:`` terms; reused vocabularies (RDF, SKOS, DCTERMS, ORG,
schema.org, OWL-Time, …) and Wikidata properties have no labels in the data, so the table
gives them in sv and en, each row naming its source. The group puts a page's rows in the
order a reader looks for them (who it is, where, partnerships, figures, texts, sources).

>>> term_label("http://www.w3.org/2002/07/owl#sameAs", "sv")
'samma som'
>>> term_label("http://www.wikidata.org/prop/direct/P1566", "sv")
'GeoNames-id (Wikidata P1566)'
>>> group("https://w3id.org/vanort/def/twinTown")
'partnerships'
>>> group("http://example.org/unknown")
'other'
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..namespaces import DEFAULT_BASE

GROUPS = ("identity", "place", "partnerships", "figures", "description", "sources", "other")


@dataclass(frozen=True)
class Entry:
    en: str
    sv: str
    group: str
    source: str


@cache
def table() -> dict[str, Entry]:
    """IRI -> entry; the ``vo:`` rows are written under the default base IRI."""
    text = resources.files(__name__).joinpath("labels.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    entries = {}
    for number, row in enumerate(rows, start=2):
        if row["group"] and row["group"] not in GROUPS:
            raise ValueError(f"vocabulary/labels.csv: row {number}: unknown group {row['group']!r}")
        entries[row["iri"]] = Entry(row["en"], row["sv"], row["group"] or "other", row["source"])
    return entries


def _entry(iri: str, base: str) -> Entry | None:
    if base != DEFAULT_BASE and iri.startswith(base):
        iri = DEFAULT_BASE + iri[len(base):]
    return table().get(iri)


def term_label(iri: str, language: str, base: str = DEFAULT_BASE) -> str | None:
    """The table's label of a term in ``language`` (sv or en), or None."""
    entry = _entry(iri, base)
    if entry is None:
        return None
    return (entry.sv if language == "sv" else entry.en) or None


def group(iri: str, base: str = DEFAULT_BASE) -> str:
    """The reading group of a property (``other`` when the table does not know it)."""
    entry = _entry(iri, base)
    return entry.group if entry else "other"
