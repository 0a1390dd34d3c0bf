"""The steward tables: which files, which columns, what each cell may hold (issue #14).

One table per kind of fact, one row per (fact, source). This module only *describes* the
columns; the RML mapping (data/tables/mapping.yml) says what each becomes, and
``check.py`` applies these rules so a bad cell is reported as ``file, row, column`` before
the mapping engine sees it (morph-kgc would otherwise mint a broken IRI or literal silently).

>>> TABLES["partnerships.csv"].column("kind").allowed
('twinning', 'cooperation-agreement', 'friendship', 'contact')
>>> KINDS["key"].match("se-2460-vannas") is not None, KINDS["key"].match("Vännäs") is None
(True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KINDS = {
    "key": re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$"),
    "year": re.compile(r"^[0-9]{4}$"),
    "date": re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"),
    "decimal": re.compile(r"^-?[0-9]+(\.[0-9]+)?$"),
    "lang": re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
    "url": re.compile(r"^https?://[^\s<>\"{}|\\^`]+$"),
    "text": re.compile(r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"),
}

# The pattern of each identifier scheme, as the shapes check it (IdentifierPatternShape).
SCHEMES = {
    "wikidata": r"^Q[1-9][0-9]*$",
    "geonames": r"^[1-9][0-9]*$",
    "scb-kommunkod": r"^[0-9]{4}$",
    "scb-lanskod": r"^[0-9]{2}$",
    "lau": r"^[0-9]{3,6}$",
    "nuts": r"^[A-Z]{2}[0-9A-Z]{1,3}$",
    "iso3166-1": r"^[A-Z]{2}$",
    "iso3166-2": r"^[A-Z]{2}-[0-9A-Z]{1,3}$",
}

LICENCES = ("CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "MIT", "ODbL-1.0", "LGPL-2.1-or-later")
PLACE_KINDS = ("municipality", "region", "country")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # a key of KINDS
    required: bool = False
    allowed: tuple[str, ...] = ()
    refers_to: str = ""  # "source", "country", "region", "municipality", "cooperation", "agent", "place", "publisher"
    single: bool = False  # rows of one thing must agree (a name, a label)


@dataclass(frozen=True)
class Table:
    name: str
    key: str  # the column naming the thing the row describes
    columns: tuple[Column, ...]
    together: tuple[tuple[str, ...], ...] = field(default=())  # all or none filled
    # single-valued columns of which each thing needs at least one (a place's name in sv or en: issue
    # #14's sources name some counties and countries in one language only, and a name is never made up)
    one_of: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name: str, kind: str = "text", **options: object) -> Column:
    return Column(name, kind, **options)  # type: ignore[arg-type]


SOURCE = _c("source", "key", required=True, refers_to="source")
NOTE = _c("note")
PLACE = (_c("place_kind", required=True, allowed=PLACE_KINDS), _c("place", "key", required=True, refers_to="place"))

TABLES = {t.name: t for t in (
    Table("sources.csv", "source", (
        _c("source", "key", required=True), _c("kind", required=True, allowed=("primary", "secondary")),
        _c("title", required=True), _c("url", "url", required=True),
        _c("publisher_kind", allowed=("municipality", "cooperation", "agent")),
        _c("publisher", "key", refers_to="publisher"), _c("licence", allowed=LICENCES), _c("attribution"),
        _c("retrieved", "date", required=True), _c("last_updated", "date"), _c("language", "lang"), NOTE),
        together=(("publisher_kind", "publisher"),)),
    Table("agents.csv", "agent", (
        _c("agent", "key", required=True), SOURCE, _c("name", required=True, single=True),
        _c("homepage", "url", single=True))),
    Table("countries.csv", "country", (
        _c("country", "key", required=True), SOURCE, _c("name_sv", single=True),
        _c("name_en", single=True), NOTE),
        one_of=("name_sv", "name_en")),
    Table("regions.csv", "region", (
        _c("region", "key", required=True), SOURCE, _c("name_sv", single=True),
        _c("name_en", single=True), _c("country", "key", required=True, refers_to="country"), NOTE),
        one_of=("name_sv", "name_en")),
    Table("municipalities.csv", "municipality", (
        _c("municipality", "key", required=True), SOURCE, _c("name_sv", single=True),
        _c("name_en", single=True), _c("alt_name"),
        _c("country", "key", required=True, refers_to="country"), _c("region", "key", refers_to="region"),
        _c("homepage", "url", single=True), NOTE),
        one_of=("name_sv", "name_en")),
    Table("points.csv", "place", (
        *PLACE, SOURCE, _c("lat", "decimal", required=True, single=True),
        _c("lon", "decimal", required=True, single=True), NOTE)),
    Table("identifiers.csv", "place", (
        *PLACE, SOURCE, _c("scheme", required=True, allowed=tuple(SCHEMES)), _c("value", required=True),
        _c("status", required=True, allowed=("verified", "unverified")), NOTE)),
    Table("partnerships.csv", "partnership", (
        _c("partnership", "key", required=True), SOURCE,
        _c("municipality_a", "key", required=True, refers_to="municipality"),
        _c("municipality_b", "key", required=True, refers_to="municipality"),
        _c("kind", required=True, allowed=("twinning", "cooperation-agreement", "friendship", "contact")),
        _c("label_sv", required=True, single=True), _c("label_en", required=True, single=True),
        _c("status", allowed=("active", "dormant", "resumed")), _c("since_year", "year"), _c("until_year", "year"),
        _c("source_text"), _c("source_text_lang", "lang"), NOTE),
        together=(("source_text", "source_text_lang"),)),
    Table("memberships.csv", "municipality", (
        _c("cooperation", "key", required=True, refers_to="cooperation"),
        _c("municipality", "key", required=True, refers_to="municipality"), SOURCE, NOTE)),
    Table("figures.csv", "place", (
        *PLACE, SOURCE, _c("measure", required=True, allowed=("population", "area")),
        _c("value", "decimal", required=True), _c("reference_date", "date", required=True),
        _c("approximate", required=True, allowed=("true", "false")),
        _c("source_text"), _c("source_text_lang", "lang"), NOTE),
        together=(("source_text", "source_text_lang"),)),
)}
