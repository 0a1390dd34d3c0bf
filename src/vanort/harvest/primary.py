"""Pairs stated by a municipality on its own web page (primary), transcribed by hand.

The transcription is data/harvest/municipal-pages.csv (one row per pair and page: the page's own
words, year and status as given) with its pages in municipal-pages-sources.csv. This module only
checks each cell and turns the rows into the tables' rows; a bad cell raises ``ValueError`` naming
file, row and column.
"""

from __future__ import annotations

import re

from .keys import partner_key
from .twinnings import EXISTING_PARTNERS, EXISTING_PARTNERSHIPS, Countries, pair_key

KINDS = {"twinning", "cooperation-agreement", "friendship", "contact"}
STATUSES = {"", "active", "dormant", "resumed"}
# Countries that only a municipal page names; their Swedish names as those pages write them.
PAGE_COUNTRY_NAMES_SV = {"PS": "Palestina", "KZ": "Kazakstan", "AX": "Åland"}


def _fail(file: str, row: int, column: str, what: str):
    raise ValueError(f"{file}, row {row}, column {column}: {what}")


def page_rows(statements: list[dict], pages: dict[str, dict], keys: set[str], countries: Countries,
              taken: dict, short_by_key: dict[str, str], file: str = "municipal-pages.csv"):
    """(partnership rows, partner municipality rows, country rows) for the transcribed statements."""
    partnerships, partners = [], []
    existing = set(EXISTING_PARTNERS.values())
    for n, row in enumerate(statements, start=2):
        if row["source"] not in pages:
            _fail(file, n, "source", f"'{row['source']}' is not in municipal-pages-sources.csv")
        if row["municipality"] not in keys:
            _fail(file, n, "municipality", f"'{row['municipality']}' is not a Swedish municipality key")
        if row["kind"] not in KINDS:
            _fail(file, n, "kind", f"'{row['kind']}' is not one of {sorted(KINDS)}")
        if row["status"] not in STATUSES:
            _fail(file, n, "status", f"'{row['status']}' is not one of {sorted(STATUSES)}")
        for col in ("since_year", "until_year"):
            if row[col] and not re.fullmatch(r"[0-9]{4}", row[col]):
                _fail(file, n, col, f"'{row[col]}' is not a 4-digit year")
        iso = row["partner_country"]
        if not re.fullmatch(r"[A-Z]{2}", iso):
            _fail(file, n, "partner_country", f"'{iso}' is not an ISO 3166-1 alpha-2 code")
        if not row["source_text"] or row["source_text_lang"] not in {"sv", "en", "no", "fi"}:
            _fail(file, n, "source_text_lang", "a quote and its language are required")
        source = row["source"]
        name = row["partner_name"].strip()
        b = row["partner_key"] or partner_key(iso, name)
        new_country = iso not in countries.by_iso
        ckey = countries.key(iso, "", source)
        if new_country and iso in PAGE_COUNTRY_NAMES_SV and ckey in countries.seen:
            # Only this page names the country: its Swedish name as written there; the English
            # name that makes the key is COUNTRY_NAMES', so it is not claimed for this source.
            countries.seen[ckey].update(name_sv=PAGE_COUNTRY_NAMES_SV[iso], name_en="",
                                        note="name_sv as the page writes it")
        if b not in existing:
            partners.append({
                "municipality": b, "source": source,
                # The schema's rule for a foreign partner: the name as given, as its sv and en label;
                # a name given for a place keyed by another name (Uleåborg for Oulu) is an alt_name.
                "name_sv": "" if row["partner_key"] else name,
                "name_en": "" if row["partner_key"] else name,
                "alt_name": name if row["partner_key"] else "",
                "country": ckey, "region": "", "lat": "", "lon": "", "homepage": "",
                "note": "partner as the page names it; not linked to an identifier"})
        a = row["municipality"]
        key = EXISTING_PARTNERSHIPS.get((a, b)) or pair_key(a, b, short_by_key[a], taken)
        partnerships.append({
            "partnership": key, "source": source, "municipality_a": a, "municipality_b": b,
            "kind": row["kind"], "label_sv": "", "label_en": "", "status": row["status"],
            "since_year": row["since_year"], "until_year": row["until_year"],
            "source_text": row["source_text"], "source_text_lang": row["source_text_lang"], "note": row["note"]})
    return partnerships, partners
