"""Steward tables (issue #14): cells checked with file, row and column; rows mapped by RML into
one graph per source; the statement-provenance queries answer who states what.

The fixture rows below are test data (Boden, Apatity, a Wikipedia list), not published facts.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from vanort import build, config
from vanort.errors import InputError
from vanort.tables.columns import TABLES

from tests.conftest import PROJECT, copy_project

ID = "https://w3id.org/vanort/id/"
RML = build.rml_python(config.load(PROJECT, environ={}))
needs_engine = pytest.mark.skipif(not RML.exists(), reason=f"RML engine not installed ({RML}); run make install")

ROWS = {
    "sources.csv": [
        ["boden-test-page", "primary", "Vänorter (test)", "https://www.boden.se/test", "municipality",
         "se-2582-boden", "", "", "2026-11-27", "2024-03-06", "sv", ""],
        ["wikipedia-test-list", "secondary", "List of twin towns (test)", "https://en.wikipedia.org/wiki/Test",
         "agent", "wikimedia-foundation", "CC-BY-SA-4.0", "Wikipedia contributors, CC BY-SA 4.0",
         "2026-11-27", "", "en", ""],
    ],
    "countries.csv": [["ru-russia", "wikipedia-test-list", "Ryssland", "Russia", ""]],
    "municipalities.csv": [
        ["se-2582-boden", "boden-test-page", "Bodens kommun", "Boden Municipality", "", "se-sweden", "", "", ""],
        ["ru-apatity", "wikipedia-test-list", "Apatity", "Apatity", "", "ru-russia", "", "", ""],
        ["ru-kirovsk", "wikipedia-test-list", "Kirovsk", "Kirovsk", "", "ru-russia", "", "", ""],
    ],
    "identifiers.csv": [["municipality", "se-2582-boden", "boden-test-page", "scb-kommunkod", "2582", "verified", ""],
                        ["municipality", "se-2582-boden", "boden-test-page", "wikidata", "Q1000001", "unverified",
                         "test fixture value"]],
    "partnerships.csv": [
        ["boden-apatity", "boden-test-page", "se-2582-boden", "ru-apatity", "twinning", "Vänorterna Boden och Apatity",
         "Twinning of Boden and Apatity", "dormant", "2022", "", "samarbetet med Apatity är pausat", "sv", ""],
        ["boden-apatity", "wikipedia-test-list", "se-2582-boden", "ru-apatity", "twinning", "", "", "", "", "",
         "Apatity, Russia", "en", ""],
        ["boden-kirovsk", "wikipedia-test-list", "se-2582-boden", "ru-kirovsk", "twinning", "Boden och Kirovsk",
         "Boden and Kirovsk", "", "", "", "Kirovsk, Russia", "en", ""],
    ],
}


# The harvested national tables (tests/test_national.py checks them) are emptied to their header
# here, so that these fixture rows, their row numbers and their answers stand alone.
HARVESTED = ("sources.csv", "agents.csv", "countries.csv", "regions.csv", "municipalities.csv", "points.csv",
             "identifiers.csv", "partnerships.csv")


def _project(tmp_path: Path, rows: dict[str, list[list[str]]]) -> config.Settings:
    root = copy_project(PROJECT, tmp_path / "project")
    for name in HARVESTED:
        path = root / "data" / "tables" / name
        path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")
    for name, extra in rows.items():
        with (root / "data" / "tables" / name).open("a", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(extra)
    return config.load(root, {"release_dir": str(tmp_path / "release"), "rml_python": str(RML)}, environ={})


@pytest.fixture(scope="module")
def mapped(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    settings = _project(tmp_path_factory.mktemp("tables"), ROWS)
    checked = build.check(settings)
    assert checked.report.conforms, checked.report.text()
    store = ox.Store()
    store.bulk_extend(checked.data)
    return store


def _select(store: ox.Store, text: str) -> list[dict[str, str]]:
    result = store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]  # type: ignore[union-attr]


def _query_file(name: str) -> str:
    return (PROJECT / "queries" / name).read_text(encoding="utf-8")


def _broken(tmp_path: Path, name: str, row: list[str]) -> str:
    settings = _project(tmp_path, {**ROWS, name: ROWS.get(name, []) + [row]})
    with pytest.raises(InputError) as caught:
        build.read(settings)
    return caught.value.detail


def test_every_table_file_has_the_documented_header() -> None:
    for name, table in TABLES.items():
        with (PROJECT / "data" / "tables" / name).open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == [c.name for c in table.columns], name


def test_a_non_year_is_reported_with_file_row_and_column(tmp_path: Path) -> None:
    row = ["boden-x", "boden-test-page", "se-2582-boden", "ru-apatity", "twinning", "", "", "active", "19x0",
           "", "", "", ""]
    detail = _broken(tmp_path, "partnerships.csv", row)
    assert "data/tables/partnerships.csv, row 5, column since_year: '19x0' is not a year (4 digits)" in detail


def test_unknown_source_and_place_keys_are_reported_with_a_hint(tmp_path: Path) -> None:
    row = ["boden-x", "boden-test-pag", "se-2582-boden", "ru-apatty", "twinning", "", "", "", "", "", "", "", ""]
    detail = _broken(tmp_path, "partnerships.csv", row)
    assert "partnerships.csv, row 5, column source: unknown source 'boden-test-pag'" in detail
    assert "did you mean 'boden-test-page'?" in detail
    assert "partnerships.csv, row 5, column municipality_b: unknown municipality 'ru-apatty'" in detail


def test_a_malformed_qid_is_reported(tmp_path: Path) -> None:
    row = ["municipality", "se-2582-boden", "boden-test-page", "wikidata", "Q01", "verified", ""]
    detail = _broken(tmp_path, "identifiers.csv", row)
    assert "identifiers.csv, row 4, column value: 'Q01' does not match the wikidata pattern" in detail


def test_a_missing_column_and_disagreeing_names_are_reported(tmp_path: Path) -> None:
    root = copy_project(PROJECT, tmp_path / "project")
    (root / "data" / "tables" / "countries.csv").write_text("country,source,name_sv,note\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"countries.csv, row 1, column name_en: missing column"):
        build.read(config.load(root, environ={}))
    row = ["ru-apatity", "boden-test-page", "Apatit", "Apatity", "", "ru-russia", "", "", ""]
    assert "municipalities.csv, row 5, column name_sv: 'Apatit' disagrees with 'Apatity' in row 3" in \
        _broken(tmp_path / "b", "municipalities.csv", row)


@needs_engine
def test_rows_map_into_the_graph_of_their_source(mapped: ox.Store) -> None:
    rows = _select(mapped, f"""SELECT ?g ?o WHERE {{ GRAPH ?g {{ <{ID}partnership/boden-apatity>
        <https://w3id.org/vanort/def/sourceText> ?o }} }}""")
    assert {(r["g"].rsplit("/", 1)[1], r["o"]) for r in rows} == {
        ("boden-test-page", "samarbetet med Apatity är pausat"), ("wikipedia-test-list", "Apatity, Russia")}
    [year] = _select(mapped, f"""SELECT ?y WHERE {{ <{ID}status-period/boden-apatity--boden-test-page-dormant>
        <https://w3id.org/vanort/def/period>/<http://www.w3.org/2006/time#hasBeginning>/<http://www.w3.org/2006/time#inXSDgYear> ?y }}""")
    assert year["y"] == "2022"
    # the unverified QID becomes skos:closeMatch, never owl:sameAs (derived from the status)
    links = _select(mapped, f"SELECT ?p WHERE {{ <{ID}municipality/se-2582-boden> ?p <http://www.wikidata.org/entity/Q1000001> }}")
    assert [r["p"] for r in links] == ["http://www.w3.org/2004/02/skos/core#closeMatch"]


@needs_engine
def test_which_sources_state_that_boden_and_apatity_are_twinned(mapped: ox.Store) -> None:
    rows = _select(mapped, _query_file("twinning-sources.rq"))
    by_source = {r["source"].rsplit("/", 1)[1]: r for r in rows}
    assert set(by_source) == {"boden-test-page", "wikipedia-test-list"}
    primary, listed = by_source["boden-test-page"], by_source["wikipedia-test-list"]
    assert primary["sourceKind"] == f"{ID}source-kind/primary"
    assert (primary["status"], primary["since"], primary["updated"]) == (f"{ID}partnership-status/dormant", "2022", "2024-03-06")
    assert listed["sourceKind"] == f"{ID}source-kind/secondary" and "status" not in listed
    assert listed["words"] == "Apatity, Russia"


@needs_engine
def test_statement_sources_for_one_triple(mapped: ox.Store) -> None:
    text = _query_file("statement-sources.rq").replace(
        "(<https://w3id.org/vanort/id/partnership/vannas-cameri-twinning> vo:partnershipKind",
        "(<https://w3id.org/vanort/id/partnership/boden-apatity> vo:partnershipKind")
    rows = _select(mapped, text)
    assert {(r["source"].rsplit("/", 1)[1], r["level"]) for r in rows} == {
        ("boden-test-page", "statement"), ("wikipedia-test-list", "statement")}
    assert {r.get("licence") for r in rows} == {None, "http://spdx.org/licenses/CC-BY-SA-4.0"}
    # a hand-written file: the sources its subject cites
    cameri = _select(mapped, _query_file("statement-sources.rq"))
    assert {(r["source"].rsplit("/", 1)[1], r["level"]) for r in cameri} >= {("vannas-page", "resource")}


@needs_engine
def test_a_pair_only_wikipedia_lists_is_not_confirmed(mapped: ox.Store) -> None:
    rows = _select(mapped, f"""SELECT ?p ?a WHERE {{ ?p <https://w3id.org/vanort/def/attestation> ?a
        FILTER(?p IN (<{ID}partnership/boden-apatity>, <{ID}partnership/boden-kirovsk>, <{ID}partnership/vannas-hemnes>)) }}""")
    assert {r["p"].rsplit("/", 1)[1]: r["a"].rsplit("/", 1)[1] for r in rows} == {
        "boden-apatity": "stated-by-party", "boden-kirovsk": "listed-by-secondary-source",
        "vannas-hemnes": "stated-by-party"}


@needs_engine
def test_adding_a_twinning_is_one_csv_row(tmp_path: Path) -> None:
    """The README's worked example: one row in partnerships.csv, then `vanort build`."""
    settings = _project(tmp_path, {k: v for k, v in ROWS.items() if k != "partnerships.csv"})
    with (settings.root / "data" / "tables" / "partnerships.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("boden-apatity,boden-test-page,se-2582-boden,ru-apatity,twinning,"
                     "Vänorterna Boden och Apatity,Twinning of Boden and Apatity,,,,,,\n")
    folder = build.build(settings)
    store = ox.Store()
    store.bulk_load(path=str(folder / "dataset.nq"), format=ox.RdfFormat.N_QUADS)
    assert store.query(f"ASK {{ GRAPH ?g {{ <{ID}municipality/se-2582-boden> <https://w3id.org/vanort/def/twinTown> "
                       f"<{ID}municipality/ru-apatity> }} }}")
    shutil.rmtree(folder)


def test_a_name_is_required_once_per_thing_not_on_every_row(tmp_path: Path) -> None:
    """A second source's row may leave the name empty, a place may be named in one language only
    (sv or en: its source's); a thing no row names is reported."""
    extra = {**ROWS, "municipalities.csv": ROWS["municipalities.csv"] + [
        ["ru-apatity", "boden-test-page", "", "", "", "ru-russia", "", "", ""],
        ["ru-svenskt-namn", "boden-test-page", "Namnlös", "", "", "ru-russia", "", "", ""],
        ["ru-nameless", "boden-test-page", "", "", "", "ru-russia", "", "", ""]]}
    settings = _project(tmp_path, extra)
    with pytest.raises(InputError) as caught:
        build.read(settings)
    assert caught.value.detail.splitlines()[1:] == [
        "data/tables/municipalities.csv, row 7, column name_sv: no row of 'ru-nameless' gives any of "
        "name_sv, name_en (one is required per thing: the name as a source gives it)"]
