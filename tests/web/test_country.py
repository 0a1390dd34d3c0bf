"""The country page and the home page's summary of the national twin-town network (issues #14,
#15): the figures and tables equal counts computed here by independent queries over the release,
each table's query reruns at /sparql with the same answer, and the country's RDF stays its
description (nothing of the summary leaks into Turtle)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest

from tests.conftest import media_type

BASE = "https://w3id.org/vanort/"
SWEDEN = BASE + "id/country/se-sweden"
PAGE = "/id/country/se-sweden"
HTML = {"Accept": "text/html"}
PREFIXES = """PREFIX vo: <https://w3id.org/vanort/def/> PREFIX dct: <http://purl.org/dc/terms/>
PREFIX kind: <https://w3id.org/vanort/id/partnership-kind/> PREFIX ctry: <https://w3id.org/vanort/id/country/>
PREFIX time: <http://www.w3.org/2006/time#> """


class Tables(HTMLParser):
    """Every <table> of a page by its class: rows of cell texts; and the figures (<dt> -> <dd>)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.figures: dict[str, str] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._row: list[str] = []
        self._dt = ""
        self._in: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("class") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag in ("dt", "dd"):
            self._in, self._cell = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append(self._row)
        elif tag == "table":
            self._table = None
        elif tag in ("dt", "dd") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            if tag == "dt":
                self._dt = text
            else:
                self.figures.setdefault(self._dt, text)
            self._cell = self._in = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def count(engine, query: str) -> int:  # type: ignore[no-untyped-def]
    return int(engine.select(PREFIXES + query)[0]["n"].value)


@pytest.fixture(scope="module")
def expected(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The national figures, by queries that do not use the page's (twin-town shortcut, derived
    attestation): partners of twinnings, and the kind of each cited source."""
    swedish_twinning = "?ps vo:partnershipKind kind:twinning ; vo:partner ?m . ?m vo:country ctry:se-sweden . "
    return {
        "municipalities": count(engine, "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a vo:Municipality ; vo:country ctry:se-sweden }"),
        "with_twin_towns": count(engine, "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { " + swedish_twinning + "}"),
        "twinnings": count(engine, "SELECT (COUNT(DISTINCT ?ps) AS ?n) WHERE { " + swedish_twinning + "}"),
        "stated": count(engine, "SELECT (COUNT(DISTINCT ?ps) AS ?n) WHERE { " + swedish_twinning +
                        "?ps dct:source/vo:sourceKind <https://w3id.org/vanort/id/source-kind/primary> }"),
        # a start: the partnership's own period's, or that of a period a source says it was active in
        "start_known": count(engine, "SELECT (COUNT(DISTINCT ?ps) AS ?n) WHERE { " + swedish_twinning +
                             "{ ?ps vo:period ?p } UNION { ?ps vo:statusPeriod ?s . ?s vo:period ?p ; vo:status "
                             "<https://w3id.org/vanort/id/partnership-status/active> } ?p time:hasBeginning ?b }"),
    }


def test_get_country_html_summarises_the_national_network(client, expected) -> None:  # type: ignore[no-untyped-def]
    r = client.get(PAGE, params={"lang": "en"}, headers=HTML)
    assert r.status_code == 200
    assert media_type(r) == "text/html"
    assert expected["municipalities"] == 290 and 150 < expected["with_twin_towns"] < 290
    page = Tables(r.text)
    figures = page.figures
    assert figures["municipalities with twin towns"] == f"{expected['with_twin_towns']} of 290"
    assert int(figures["twin-town pairs"]) == expected["twinnings"]
    assert int(figures["pairs stated by a municipality"]) == expected["stated"]
    listed = int(figures["pairs only listed by Wikipedia or another secondary source"])
    assert listed == expected["twinnings"] - expected["stated"] and listed > expected["stated"] > 0
    assert int(figures["pairs with a known start"]) == expected["start_known"]
    assert int(figures["pairs without a known start"]) == expected["twinnings"] - expected["start_known"]
    # the property table of the country is still there, below the summary
    assert r.text.index('class="national-network"') < r.text.index('<section class="properties">')


def test_get_country_html_partner_country_row_for_finland(client, engine) -> None:  # type: ignore[no-untyped-def]
    pairs = count(engine, "SELECT (COUNT(DISTINCT ?ps) AS ?n) WHERE { ?ps vo:partnershipKind kind:twinning ; "
                          "vo:partner ?m , ?o . ?m vo:country ctry:se-sweden . ?o vo:country ctry:fi-finland }")
    towns = count(engine, "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?ps vo:partnershipKind kind:twinning ; "
                          "vo:partner ?m , ?o . ?m vo:country ctry:se-sweden . ?o vo:country ctry:fi-finland }")
    r = client.get(PAGE, params={"lang": "sv"}, headers=HTML)
    assert r.status_code == 200 and media_type(r) == "text/html"
    rows = Tables(r.text).tables["national partner-countries"]
    assert rows[0][:5] == ["Partnerland", "Par", "Deltagande kommuner", "Uppgivna av en kommun", "Tidigast kända start"]
    finland = next(row for row in rows if row[0] == "Finland")
    assert (int(finland[1]), int(finland[2])) == (pairs, towns) and pairs > 20
    assert int(finland[4]) <= 1980  # Vännäs–Isokyrö began in the 1970s (the Vännäs page)
    # the most frequent partner country comes first
    assert int(rows[1][1]) == max(int(row[1]) for row in rows[1:])


def test_get_country_html_tables_rerun_at_sparql(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get(PAGE, params={"lang": "en"}, headers=HTML)
    links = re.findall(r'<p class="query-link"><a href="(/query\?query=[^"]+)"', r.text)
    assert len(links) == 5
    page = Tables(r.text)
    for link in links:
        query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)["query"][0]
        assert "?country" not in query.split("WHERE", 1)[1].split("BIND(<", 1)[0]
        answer = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200, query
        rows = answer.json()["results"]["bindings"]
        if "country-figures" in query or "(COUNT(DISTINCT ?x) AS ?n)" in query:
            found = {b["figure"]["value"]: b["n"]["value"] for b in rows}
            assert int(page.figures["twin-town pairs"]) == int(found["twinnings"])
        elif "?partnerCountry" in query:
            assert len(rows) == len(page.tables["national partner-countries"]) - 1
        elif "?decade" in query:
            assert sum(int(b["twinnings"]["value"]) for b in rows) == int(page.figures["twin-town pairs"])
        elif "?region" in query:
            assert len(rows) == len(page.tables["national regions"]) - 1 == 21
        else:
            assert len(rows) == len(page.tables["national places"]) - 1 == int(page.figures[
                "municipalities with twin towns"].split()[0])


def test_get_country_html_map_sizes_legend_and_places(client, expected) -> None:  # type: ignore[no-untyped-def]
    r = client.get(PAGE, params={"lang": "sv"}, headers=HTML)
    assert r.status_code == 200 and media_type(r) == "text/html"
    figure = r.text.split('<figure class="map national">', 1)[1].split("</figure>", 1)[0]
    assert figure.count('class="land"') >= 5  # the base layer (world-atlas), Sweden and its neighbours
    circles = re.findall(r'<circle class="place sized" cx="[\d.]+" cy="[\d.]+" r="([\d.]+)"/>', figure.split("</svg>")[0])
    assert expected["with_twin_towns"] - 10 <= len(circles) <= expected["with_twin_towns"]  # those with a point
    assert len({float(c) for c in circles}) > 3  # sized by their number of pairs
    labels = re.findall(r'<text class="label"', figure)
    assert 5 <= len(labels) <= 14
    assert "Vänortspar per kommun" in figure.split('<ul class="legend">', 1)[1].split("</ul>", 1)[0]
    assert 'class="national places"' in figure.split('<details class="places"', 1)[1]


def test_get_country_turtle_is_its_description_only(client, engine) -> None:  # type: ignore[no-untyped-def]
    r = client.get(PAGE, headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    served = {q.triple for q in ox.parse(r.content, format=ox.RdfFormat.TURTLE)}
    stored = {ox.Triple(ox.NamedNode(SWEDEN), row["p"], row["o"]) for row in engine.select(
        f"SELECT DISTINCT ?p ?o WHERE {{ GRAPH ?g {{ <{SWEDEN}> ?p ?o }} }}")}
    assert served == stored and len(stored) > 5
    jsonld = client.get(PAGE, headers={"Accept": "application/ld+json"})
    assert jsonld.status_code == 200 and media_type(jsonld) == "application/ld+json"
    assert "twinnings" not in jsonld.text and "partnerCountry" not in jsonld.text


def test_get_other_country_html_has_no_national_summary(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/id/country/fi-finland", params={"lang": "en"}, headers=HTML)
    assert r.status_code == 200 and media_type(r) == "text/html"
    assert "national-network" not in r.text and '<section class="properties">' in r.text


def test_get_home_summarises_the_national_network(client, engine, expected) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/", params={"lang": "en"}, headers=HTML)
    assert r.status_code == 200 and media_type(r) == "text/html"
    section = r.text.split('<section class="national-network"', 1)[1].split("</section>", 1)[0]
    page = Tables(section)
    assert page.figures["municipalities with twin towns"] == f"{expected['with_twin_towns']} of 290"
    assert int(page.figures["pairs stated by a municipality"]) == expected["stated"]
    top = page.tables["national partner-countries"]
    assert 2 <= len(top) <= 9 and "Finland" in {row[0] for row in top}
    assert f'href="{PAGE}"' in section
    assert 'class="base-layer"' in section and "<line" not in section  # points sized, no 745 lines
    # the publisher's own municipality stays one click away
    featured = r.text.split('<section class="featured"', 1)[1].split("</section>", 1)[0]
    assert "Isokyrö" in featured and 'href="/id/cooperation/umearegionen"' in featured


def test_get_home_lists_partnerships_the_municipalities_state(client, engine) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/", params={"lang": "sv"}, headers=HTML)
    assert r.status_code == 200 and media_type(r) == "text/html"
    section = r.text.split('<section class="all-partnerships"', 1)[1].split("</section>", 1)[0]
    shown = re.findall(r'<li><a href="/id/partnership/([^"]+)"', section)
    stated = {row["ps"].value.rsplit("/", 1)[1] for row in engine.select(
        PREFIXES + "SELECT DISTINCT ?ps WHERE { ?ps a vo:Partnership ; dct:source/vo:sourceKind <https://w3id.org/vanort/id/source-kind/primary> }")}
    assert len(shown) == 20 and set(shown) <= stated
    assert f"(20 av {len(stated)})" in section
    assert 'href="/def/Partnership"' in section  # the full, paged list
