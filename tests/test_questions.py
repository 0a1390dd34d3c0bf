"""The questions a researcher asks of the Vännäs page, answered by SPARQL over the built
release (pyoxigraph), with values and provenance. The example queries in queries/ are the
ones run here, so the UI's examples are tested answers."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from vanort.store import OxigraphEngine

ID = "https://w3id.org/vanort/id/"


def _rows(engine: OxigraphEngine, query: str) -> list[dict[str, str]]:
    return [{k: v.value for k, v in row.items()} for row in engine.select(query)]


def _example(name: str, year: int | None = None) -> str:
    text = (ROOT / "queries" / f"{name}.rq").read_text("utf-8")
    return text.replace("2010", str(year)) if year else text


def test_vannas_current_twin_towns(engine: OxigraphEngine) -> None:
    rows = _rows(engine, _example("vannas-twin-towns"))
    assert {(r["twin"][len(ID):], r["country"]) for r in rows} == {
        ("municipality/it-003032-cameri", "Italy"),
        ("municipality/no-1832-hemnes", "Norway"),
        ("municipality/fi-152-isokyro", "Finland"),
    }


def test_prokuplje_is_not_a_twin_town_of_vannas(engine: OxigraphEngine) -> None:
    twins = _rows(engine, f"SELECT ?t WHERE {{ <{ID}municipality/se-2460-vannas> "
                          "<https://w3id.org/vanort/def/twinTown> ?t }")
    assert f"{ID}municipality/rs-prokuplje" not in {r["t"] for r in twins}
    [contact] = _rows(engine, f"""
        PREFIX vo: <https://w3id.org/vanort/def/>
        SELECT ?kind ?via WHERE {{ ?p vo:partner <{ID}municipality/se-2460-vannas>, <{ID}municipality/rs-prokuplje> ;
                                     vo:partnershipKind ?kind ; vo:intermediary ?via }}""")
    assert contact == {"kind": f"{ID}partnership-kind/contact", "via": f"{ID}municipality/no-1832-hemnes"}


@pytest.mark.parametrize(("year", "active", "not_active"), [
    # Hemnes was dormant 1996-2004 (the page), the Cameri twinning began in 2003.
    (2000, {"vannas-cameri-cooperation-agreement", "hemnes-prokuplje"}, {"vannas-hemnes", "vannas-cameri-twinning"}),
    (2006, {"vannas-hemnes", "vannas-cameri-twinning"}, {"vannas-prokuplje"}),
    (2009, {"vannas-prokuplje", "vannas-hemnes"}, set()),
])
def test_partnerships_active_in_a_year(engine: OxigraphEngine, year: int, active: set[str],
                                       not_active: set[str]) -> None:
    found = {r["partnership"].rsplit("/", 1)[-1] for r in _rows(engine, _example("active-in-year", year))}
    assert active <= found
    assert not (not_active & found)


def test_members_of_the_umea_region_cooperation(engine: OxigraphEngine) -> None:
    members = {r["name"] for r in _rows(engine, _example("umea-region-members"))}
    assert members == {"Bjurholms kommun", "Nordmalings kommun", "Robertsfors kommun", "Umeå kommun",
                       "Vindelns kommun", "Vännäs kommun", "Örnsköldsviks kommun"}
    [start] = _rows(engine, f"""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX time: <http://www.w3.org/2006/time#>
        SELECT ?year WHERE {{ ?m org:member <{ID}municipality/se-2284-ornskoldsvik> ;
                                org:organization <{ID}cooperation/umearegionen> ;
                                org:memberDuring/time:hasBeginning/time:inXSDgYear ?year }}""")
    assert start["year"] == "2013"


def test_where_the_cameri_population_figure_comes_from(engine: OxigraphEngine) -> None:
    rows = _rows(engine, f"""
        PREFIX vo: <https://w3id.org/vanort/def/>
        PREFIX schema: <https://schema.org/>
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?value ?approximate ?source ?url ?graph WHERE {{
          GRAPH ?graph {{ ?obs vo:observationOf <{ID}municipality/it-003032-cameri> ;
                               vo:measure <{ID}measure/population> ; schema:value ?value ; dct:source ?source }}
          OPTIONAL {{ ?obs vo:approximate ?approximate }}
          OPTIONAL {{ ?source schema:url ?url }}
        }}""")
    by_value = {r["value"]: r for r in rows}
    page = by_value["10500"]
    assert page["source"] == f"{ID}source/vannas-page"
    assert page["approximate"] == "true"
    assert page["url"].startswith("https://vannas.se/")
    assert page["graph"] == "https://w3id.org/vanort/graph/data/places/it-003032-cameri"
    assert by_value["10697"]["source"] != page["source"]  # the newer figure stands beside it, sourced


def test_every_partnership_and_membership_has_a_source(engine: OxigraphEngine) -> None:
    missing = _rows(engine, """
        PREFIX dct: <http://purl.org/dc/terms/>
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX vo: <https://w3id.org/vanort/def/>
        SELECT ?x WHERE { { ?x a vo:Partnership } UNION { ?x a org:Membership } UNION { ?x a vo:Municipality }
                          FILTER NOT EXISTS { ?x dct:source ?s } }""")
    assert missing == []


def test_late_1980s_keeps_its_precision(engine: OxigraphEngine) -> None:
    [row] = _rows(engine, f"""
        PREFIX vo: <https://w3id.org/vanort/def/>
        PREFIX time: <http://www.w3.org/2006/time#>
        SELECT ?unit ?earliest ?latest WHERE {{
          <{ID}partnership/vannas-hemnes> vo:period/time:hasBeginning ?start .
          ?start time:inDateTime/time:unitType ?unit ; vo:earliest ?earliest ; vo:latest ?latest }}""")
    assert row == {"unit": "http://www.w3.org/2006/time#unitDecade", "earliest": "1980-01-01",
                   "latest": "1989-12-31"}
    assert not _rows(engine, f"""PREFIX time: <http://www.w3.org/2006/time#>
        SELECT ?d WHERE {{ <{ID}partnership/vannas-hemnes> <https://w3id.org/vanort/def/period>/time:hasBeginning/time:inXSDDate ?d }}""")


def test_unverified_qids_are_not_presented_as_certain(engine: OxigraphEngine) -> None:
    same = _rows(engine, f"SELECT ?o WHERE {{ <{ID}municipality/rs-prokuplje> <http://www.w3.org/2002/07/owl#sameAs> ?o }}")
    assert "http://www.wikidata.org/entity/Q729524" not in {r["o"] for r in same}
    close = _rows(engine, f"SELECT ?o WHERE {{ <{ID}municipality/rs-prokuplje> <http://www.w3.org/2004/02/skos/core#closeMatch> ?o }}")
    assert "http://www.wikidata.org/entity/Q729524" in {r["o"] for r in close}


def test_labels_in_local_languages_and_scripts(engine: OxigraphEngine) -> None:
    labels = {(r["l"], r["lang"]) for r in _rows(engine, f"""
        SELECT ?l (LANG(?l) AS ?lang) WHERE {{ <{ID}municipality/rs-prokuplje> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}""")}
    languages = {lang for _, lang in labels}
    assert {"sv", "en", "sr-latn", "sr-cyrl"} <= {lang.lower() for lang in languages}
    assert any("Прокупље" in label for label, _ in labels)


def test_derived_triples_live_in_their_own_graph(engine: OxigraphEngine) -> None:
    graphs = {r["g"] for r in _rows(engine, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a <https://w3id.org/vanort/def/twinTown> ?b } }")}
    assert graphs == {"https://w3id.org/vanort/graph/derived"}
