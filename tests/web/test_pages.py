"""HTML pages: home, resource pages (labels, language, timeline, map, JSON-LD), ontology,
shapes, query UI, static files (#3)."""

from __future__ import annotations

import csv
import json
import re

import pytest

from tests.conftest import ROOT, media_type

BASE = "https://w3id.org/vanort/"
HTML = {"Accept": "text/html"}


def first(engine, query: str) -> str | None:  # type: ignore[no-untyped-def]
    rows = engine.select(query)
    return "/" + rows[0]["x"].value[len(BASE):] if rows else None


@pytest.fixture(scope="module")
def partnership(engine) -> str:  # type: ignore[no-untyped-def]
    path = first(engine, "SELECT ?x WHERE { ?x <https://w3id.org/vanort/def/period>/<http://www.w3.org/2006/time#hasBeginning> ?b } ORDER BY ?x LIMIT 1")
    assert path
    return path


@pytest.fixture(scope="module")
def municipality(engine) -> str:  # type: ignore[no-untyped-def]
    path = first(engine, "SELECT ?x WHERE { ?x a <https://w3id.org/vanort/def/Municipality> ; "
                         "<http://www.opengis.net/ont/geosparql#hasGeometry> ?g } ORDER BY ?x LIMIT 1")
    assert path
    return path


def test_get_home_html(client, release) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/", headers=HTML)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert release.version in r.text
    assert str(release.document["counts"]["data_triples"]) in r.text
    assert '<svg class="map"' in r.text and 'href="/download/data.ttl"' in r.text
    assert "default-src 'self'" in r.headers["content-security-policy"]


def test_get_home_try_it_links_open_query_ui(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/", headers=HTML)
    assert r.status_code == 200
    assert media_type(r) == "text/html"
    links = re.findall(r'class="try" href="(/query\?query=[^"]+)"', r.text)
    assert links
    ui = client.get(links[0].replace("&amp;", "&"), headers=HTML)
    assert ui.status_code == 200 and "SELECT" in ui.text


def test_get_home_language_switch(client) -> None:  # type: ignore[no-untyped-def]
    sv = client.get("/", headers={"Accept": "text/html", "Accept-Language": "sv-SE,sv;q=0.9"})
    en = client.get("/?lang=en", headers={"Accept": "text/html", "Accept-Language": "sv"})
    assert sv.status_code == en.status_code == 200
    assert media_type(sv) == media_type(en) == "text/html"
    assert '<html lang="sv">' in sv.text and "Nedladdningar" in sv.text
    assert '<html lang="en">' in en.text and "Downloads" in en.text


def test_get_id_html_labels_jsonld_and_links(client, municipality) -> None:  # type: ignore[no-untyped-def]
    r = client.get(municipality, headers={**HTML, "Accept-Language": "en"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert f'<link rel="canonical" href="{BASE}{municipality[1:]}">' in r.text
    assert f'<link rel="alternate" type="text/turtle" href="{municipality}.ttl">' in r.text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', r.text, re.S)
    assert block
    document = json.loads(block.group(1))
    # the page's own triples with an inline context (tests/web/test_clients_jsonld.py expands it offline)
    assert isinstance(document["@context"], dict) and document["@context"]["schema"] == "https://schema.org/"
    node = next(n for n in document.get("@graph", [document]) if n["@id"].endswith(municipality.rsplit("/", 1)[1]))
    assert node["label"]["en"]
    title = re.search(r"<h1>(.*?)</h1>", r.text).group(1)  # type: ignore[union-attr]
    assert not title.startswith("http")
    assert '<svg class="map"' in r.text


def test_get_id_html_partnership_timeline(client, partnership) -> None:  # type: ignore[no-untyped-def]
    r = client.get(partnership, headers=HTML)
    assert r.status_code == 200
    assert media_type(r) == "text/html"
    assert 'class="timeline"' in r.text and "<rect" in r.text


def test_get_id_html_dormant_period_visible(client, engine) -> None:  # type: ignore[no-untyped-def]
    path = first(engine, "SELECT ?x WHERE { ?x <https://w3id.org/vanort/def/statusPeriod> ?sp . "
                         "?sp <https://w3id.org/vanort/def/status> <https://w3id.org/vanort/id/partnership-status/dormant> ; "
                         "<https://w3id.org/vanort/def/period>/<http://www.w3.org/2006/time#hasBeginning> ?b } "
                         "ORDER BY ?x LIMIT 1")  # a period with a date is drawn as a bar
    if path is None:
        pytest.skip("no dormant status period in this release")
    r = client.get(path, headers={**HTML, "Accept-Language": "en"})
    assert r.status_code == 200
    assert media_type(r) == "text/html"
    assert 'class="bar status dormant' in r.text and "dormant" in r.text


def test_get_id_html_observation_with_source(client, municipality, engine) -> None:  # type: ignore[no-untyped-def]
    if not engine.select("SELECT ?o WHERE { ?o <https://w3id.org/vanort/def/observationOf> ?m } LIMIT 1"):
        pytest.skip("no figures in this release")
    r = client.get(municipality, headers={**HTML, "Accept-Language": "en"})
    assert r.status_code == 200
    assert media_type(r) == "text/html"
    section = r.text.split('class="observations"')[1].split("</section>")[0]
    assert 'href="/id/source/' in section and re.search(r"\d{4}-\d{2}-\d{2}", section)


def test_get_id_html_bad_page_is_400(client, municipality) -> None:  # type: ignore[no-untyped-def]
    for page in ("0", "abc", "-1"):
        r = client.get(municipality, params={"page": page}, headers={"Accept": "text/html, application/problem+json;q=0.9"})
        assert r.status_code == 400, page
        assert media_type(r) == "text/html"
        assert "page" in r.text


def test_get_id_html_page_past_end_is_404(client, municipality) -> None:  # type: ignore[no-untyped-def]
    r = client.get(municipality, params={"page": "999"}, headers={"Accept": "application/problem+json, text/html;q=0.5"})
    assert r.status_code == 404
    assert media_type(r) == "application/problem+json"
    assert r.json()["detail"].startswith("page 999")


def test_get_def_html_documentation(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/def", headers={**HTML, "Accept-Language": "en"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert 'id="Municipality"' in r.text and 'id="partner"' in r.text
    assert 'lang="sv"' in r.text


def test_get_def_term_html_lists_instances(client, municipality) -> None:  # type: ignore[no-untyped-def]
    # ~1,000 municipalities (the national register and its partners): the instances come in pages
    seen = []
    for page in range(1, 40):
        r = client.get("/def/Municipality", params={"page": page} if page > 1 else None, headers=HTML)
        assert r.status_code == 200
        assert media_type(r) == "text/html"
        seen.append(r.text.count('href="/id/municipality/'))
        if f'href="{municipality}"' in r.text:
            break
        assert f"page={page + 1}" in r.text, f"{municipality} not on pages 1-{page}"
    assert min(seen) > 0


def test_get_shapes_html(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/shapes", headers=HTML)
    assert r.status_code == 200
    assert media_type(r) == "text/html"
    assert "Shape" in r.text and "minCount" in r.text


def test_get_query_ui(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/query", params={"query": "ASK { ?s ?p ?o }"}, headers=HTML)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    config = json.loads(re.search(r'id="query-config">(.*?)</script>', r.text, re.S).group(1))  # type: ignore[union-attr]
    assert config["query"] == "ASK { ?s ?p ?o }" and config["endpoint"] == "/sparql"
    assert 'action="/sparql"' in r.text


def test_get_static_css(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/static/vanort.css")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/css; charset=utf-8"
    assert "--accent" in r.text


def test_get_static_traversal_is_404(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/static/..%2F__init__.py")
    assert r.status_code == 404
    assert media_type(r) == "application/problem+json"
    assert r.json()["status"] == 404


def test_get_resource_html_map_shows_only_its_own_places(client) -> None:  # type: ignore[no-untyped-def]
    # Regression: a BIND of the substituted ?root in its own group matched every place (and the
    # neighbourhood query every triple), so each page drew the whole dataset.
    r = client.get("/id/municipality/it-003032-cameri", headers={**HTML, "Accept-Language": "en"})
    assert r.status_code == 200
    assert media_type(r) == "text/html"
    figure = r.text.split('<figure class="map">', 1)[1].split("</figure>")[0]
    picture, below = figure.split("</svg>", 1)
    names = re.findall(r'<text class="label" [^>]*>([^<]+)</text>', picture)
    assert sorted(names) == ["Cameri", "Vännäs Municipality"]
    # the same places as links outside the picture (role=img holds no links)
    assert "<a " not in picture
    assert re.findall(r'<a href="/id/municipality/[^"]+">([^<]+)</a>', below.split('class="places"', 1)[1]) == [
        "Cameri", "Vännäs Municipality"]
    assert picture.count('class="land"') >= 2  # Italy and Sweden at least: the base layer
    assert 'class="legend"' in below


def test_get_municipality_html_lists_partnerships_with_names_and_years(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/id/municipality/se-2460-vannas", headers={**HTML, "Accept-Language": "sv"})
    assert r.status_code == 200
    section = r.text.split('<section class="partnerships">', 1)[1].split("</section>", 1)[0]
    entries = re.findall(r'<li><a href="(/id/partnership/[^"]+)">([^<]+)</a>: (.*?)</li>', section, re.S)
    assert {href for href, _, _ in entries} >= {"/id/partnership/vannas-hemnes", "/id/partnership/vannas-isokyro",
                                                 "/id/partnership/vannas-cameri-twinning"}
    hemnes = next(rest for href, _, rest in entries if href == "/id/partnership/vannas-hemnes")
    assert "Hemnes" in hemnes and "vänort" in hemnes and "sedan slutet av 1980-talet" in hemnes
    cameri = next(rest for href, _, rest in entries if href == "/id/partnership/vannas-cameri-twinning")
    assert "sedan 2003" in cameri


def test_get_resource_html_properties_by_label_in_reader_groups(client) -> None:  # type: ignore[no-untyped-def]
    sv = client.get("/id/municipality/se-2460-vannas", headers={**HTML, "Accept-Language": "sv"}).text
    en = client.get("/id/municipality/se-2460-vannas?lang=en", headers=HTML).text
    for page, words in ((sv, ["samma som", "GeoNames-id (Wikidata P1566)", "kommunkod (Wikidata P525)", ">typ<"]),
                        (en, ["same as", "GeoNames ID (Wikidata P1566)", "NUTS code (Wikidata P605)", ">type<"])):
        for word in words:
            assert word in page, word
    # the raw IRI stays one hover or click away
    assert 'href="http://www.wikidata.org/prop/direct/P1566" title="http://www.wikidata.org/prop/direct/P1566"' in sv
    groups = re.findall(r'<h3 class="group" id="group-([a-z]+)"', sv)
    assert groups[0] == "identity" and groups.index("place") < groups.index("sources")


def test_get_home_counts_what_a_visitor_counts(client, engine) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/?lang=en", headers=HTML)
    figures = dict((k, int(v)) for k, v in re.findall(r"<dt>([A-Za-z -]+)</dt><dd>(\d+)</dd>", r.text))
    # the Turtle files' six partnerships, four of them twinnings (Hemnes–Prokuplje is one: issue 14),
    # and the national register's rows (data/tables/partnerships.csv; some keys are the Turtle ones)
    turtle = {"hemnes-prokuplje": "twinning", "vannas-cameri-twinning": "twinning", "vannas-hemnes": "twinning",
              "vannas-isokyro": "twinning", "vannas-cameri-cooperation-agreement": "cooperation-agreement",
              "vannas-prokuplje": "contact"}
    with (ROOT / "data" / "tables" / "partnerships.csv").open(encoding="utf-8", newline="") as handle:
        kinds = {**{r["partnership"]: r["kind"] for r in csv.DictReader(handle)}, **turtle}
    assert figures["municipalities in Sweden"] == 290 and figures["partner places in other countries"] >= 10
    assert figures["partnerships"] == len(kinds)
    assert figures["twin-town pairs"] == sum(kind == "twinning" for kind in kinds.values())
    # every place on either side of a twinning, not "twin towns" of Sweden's municipalities
    twinned = {r["place"].value for r in engine.select(
        "SELECT DISTINCT ?place WHERE { ?p <https://w3id.org/vanort/def/partnershipKind> "
        "<https://w3id.org/vanort/id/partnership-kind/twinning> ; <https://w3id.org/vanort/def/partner> ?place }")}
    assert figures["places in twin-town pairs"] == len(twinned) > figures["partner places in other countries"] // 2
    assert "Identifier" not in r.text.split('class="figures"', 1)[1].split("</dl>")[0]
    featured = r.text.split('<section class="featured"', 1)[1].split("</section>", 1)[0]
    assert 'href="/id/cooperation/umearegionen"' in featured
    for name in ("Isokyrö", "Hemnes", "Cameri"):
        assert name in featured


def test_page_neighbourhood_is_bounded(engine) -> None:  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    from vanort.queries import text

    rows = engine.select(text("page-around"), {"root": ox.NamedNode("https://w3id.org/vanort/id/municipality/se-2460-vannas")})
    total = len(engine.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))
    assert 0 < len(rows) < total / 5
    assert {r["s"].value for r in rows if r["p"].value.endswith("#label")} >= {
        "https://w3id.org/vanort/id/municipality/it-003032-cameri"}


def test_get_partnership_timeline_shows_decades_and_seasons_in_words(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/id/partnership/vannas-hemnes", params={"lang": "sv"}, headers=HTML)
    assert r.status_code == 200
    assert media_type(r) == "text/html"
    timeline = r.text.split('class="timeline', 1)[1].split("</svg>", 1)[0]
    assert "slutet av 1980-talet" in timeline and "hösten 2005" in timeline and "1996–2004" in timeline


def test_get_quality_html_has_no_server_paths_or_operator_instructions(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/-/quality", headers=HTML)
    assert r.status_code == 200 and '<header class="site">' in r.text
    for leak in ("catalogue.toml", "/work/", "vanort check", "What to fix"):
        assert leak not in r.text, leak
    assert "contact e-mail" in r.text  # what is missing is still said, in words


def test_get_api_docs_is_served_from_this_server(client) -> None:  # type: ignore[no-untyped-def]
    from vanort.web.api_docs import installed

    r = client.get("/-/docs", headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert media_type(r) == "text/html"
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "cdn" not in r.text.lower() and "<script>" not in r.text
    if installed():
        assert '<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js" defer></script>' in r.text
        script = client.get("/static/api-docs.js")
        assert script.status_code == 200 and "SwaggerUIBundle" in script.text
        assert media_type(script) in ("text/javascript", "application/javascript")
        licence = client.get("/static/vendor/swagger-ui/LICENSE")
        assert licence.status_code == 200 and "Apache License" in licence.text
    else:
        assert "make vendor" in r.text and 'href="/-/openapi.json"' in r.text
    spec = client.get("/-/openapi.json")
    assert spec.status_code == 200 and "/sparql" in spec.json()["paths"]
