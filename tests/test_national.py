"""The national register in the real release (issue #14): the harvested tables' rows come out as
published facts, each in its source's graph, checked against the CSV rows they come from."""

from __future__ import annotations

import csv

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS

from tests.conftest import ROOT
from vanort.manifest import Release
from vanort.store import OxigraphEngine

ID = "https://w3id.org/vanort/id/"
TABLES = ROOT / "data" / "tables"
CC_BY_SA = URIRef("http://creativecommons.org/licenses/by-sa/4.0/")


def _rows(engine: OxigraphEngine, query: str) -> list[dict[str, str]]:
    return [{k: v.value for k, v in row.items()} for row in engine.select(query)]


def _table(name: str) -> list[dict[str, str]]:
    with (TABLES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _pair(engine: OxigraphEngine, partnership: str) -> dict[str, dict[str, str]]:
    """source key -> what that source states of the partnership (kind, status, since, words)."""
    found = _rows(engine, f"""
        PREFIX vo: <https://w3id.org/vanort/def/>
        PREFIX time: <http://www.w3.org/2006/time#>
        SELECT ?graph ?kind ?status ?since ?words WHERE {{
          GRAPH ?graph {{ <{ID}partnership/{partnership}> vo:partnershipKind ?kind .
            OPTIONAL {{ <{ID}partnership/{partnership}> vo:statusPeriod ?p . ?p vo:status ?status .
                        OPTIONAL {{ ?p vo:period/time:hasBeginning/time:inXSDgYear ?since }} }}
            OPTIONAL {{ <{ID}partnership/{partnership}> vo:sourceText ?words }} }}
          FILTER STRSTARTS(STR(?graph), "https://w3id.org/vanort/graph/source/")
        }}""")
    return {r["graph"].rsplit("/", 1)[-1]: r for r in found}


def test_every_swedish_municipality_is_published(engine: OxigraphEngine) -> None:
    codes = {r["municipality"] for r in _table("municipalities.csv") if r["municipality"].startswith("se-")}
    assert len(codes) == 290
    rows = _rows(engine, """
        PREFIX vo: <https://w3id.org/vanort/def/>
        SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {
          ?m a vo:Municipality ; vo:country <https://w3id.org/vanort/id/country/se-sweden> .
          FILTER STRSTARTS(STR(?m), "https://w3id.org/vanort/id/municipality/se-") }""")
    assert int(rows[0]["n"]) == 290


def test_boden_apatity_as_each_of_its_three_sources_states_it(engine: OxigraphEngine) -> None:
    table = {r["source"]: r for r in _table("partnerships.csv") if r["partnership"] == "boden-apatity"}
    stated = _pair(engine, "boden-apatity")
    assert set(stated) == set(table) == {"boden-se-bodens-vanorter", "boden-se-bodens-vanorter-2024",
                                         "wikipedia-en-twin-towns-russia"}
    for source, row in table.items():
        assert stated[source]["kind"] == ID + "partnership-kind/twinning"
        assert stated[source].get("words") == row["source_text"]
        assert stated[source].get("status", "").rsplit("/", 1)[-1] == row["status"]
    kinds = {r["source"]: r["kind"] for r in _table("sources.csv") if r["source"] in table}
    assert kinds == {"boden-se-bodens-vanorter": "primary", "boden-se-bodens-vanorter-2024": "primary",
                     "wikipedia-en-twin-towns-russia": "secondary"}


def test_umea_vaasa_both_years_stand_with_their_sources(engine: OxigraphEngine) -> None:
    stated = _pair(engine, "umea-vaasa")
    assert stated["umea-se-vasa"]["since"] == "1953"
    assert stated["vaasa-fi-vanorter"]["since"] == "1949"
    assert stated["vaasa-fi-sister-cities-old"]["since"] == "1949"
    assert "since" not in stated["wikipedia-en-twin-towns-finland"]


def test_a_pair_with_two_kinds_is_two_partnerships(engine: OxigraphEngine) -> None:
    contact, twinning = _pair(engine, "bjurholm-fara-novarese-contact"), _pair(engine, "bjurholm-fara-novarese-twinning")
    assert {s: r["kind"].rsplit("/", 1)[-1] for s, r in contact.items()} == {"bjurholm-se-vanorter": "contact"}
    assert {s: r["kind"].rsplit("/", 1)[-1] for s, r in twinning.items()} == {
        "wikipedia-en-twin-towns-sweden": "twinning"}


def test_the_wikipedia_row_for_vannas_cameri_joins_the_existing_twinning(engine: OxigraphEngine) -> None:
    assert "wikipedia-en-twin-towns-sweden" in _pair(engine, "vannas-cameri-twinning")
    assert _pair(engine, "vannas-cameri") == {}


def test_country_names_from_iso_codes_are_cited(engine: OxigraphEngine) -> None:
    rows = _rows(engine, f"""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?graph ?label WHERE {{ GRAPH ?graph {{ <{ID}country/de-germany> rdfs:label ?label }} }}""")
    by_graph = {r["graph"].rsplit("/", 1)[-1]: r["label"] for r in rows}
    assert by_graph["debian-iso-codes-4-15-0"] == "Tyskland"
    assert by_graph["wikipedia-en-twin-towns-germany"] == "Germany"


def test_twinning_sources_query_answers_for_boden_apatity(engine: OxigraphEngine) -> None:
    rows = _rows(engine, (ROOT / "queries" / "twinning-sources.rq").read_text("utf-8"))
    sources = {r["source"].rsplit("/", 1)[-1]: r for r in rows}
    assert {"boden-se-bodens-vanorter", "boden-se-bodens-vanorter-2024",
            "wikipedia-en-twin-towns-russia"} <= set(sources)
    assert sources["boden-se-bodens-vanorter-2024"]["status"].endswith("/dormant")
    assert sources["boden-se-bodens-vanorter-2024"]["sourceKind"].endswith("/primary")
    assert sources["wikipedia-en-twin-towns-russia"]["sourceKind"].endswith("/secondary")
    assert "status" not in sources["wikipedia-en-twin-towns-russia"]


def test_the_register_is_cc_by_sa_since_it_holds_wikipedia_rows(release: Release) -> None:
    """Issue #14: the national register's data files are CC BY-SA (its ontology and shapes are the
    project's own, CC0); the Vännäs page dataset stays CC0 (tests/test_catalogue_split.py)."""
    graph = Graph().parse(release.path("catalogue.ttl"), format="turtle")
    dataset = URIRef(release.document["base_iri"] + "datasets/dcat#national")
    distributions = list(graph.objects(dataset, DCAT.distribution))
    data = [d for d in distributions if str(graph.value(d, DCAT.downloadURL)).rsplit("/", 1)[-1].startswith("data")]
    assert len(data) == 6 and {graph.value(d, DCTERMS.license) for d in data} == {CC_BY_SA}
    assert graph.value(dataset, DCTERMS.license) == CC_BY_SA
    statement = graph.value(dataset, DCTERMS.rights)
    text = " ".join(str(t) for t in graph.objects(statement, None))
    assert "List of twin towns and sister cities" in text and "CC BY-SA 4.0" in text
