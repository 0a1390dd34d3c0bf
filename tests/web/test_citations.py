"""The source beside each value of a resource page (issue #14): the numbers name exactly the
sources whose graphs state the triple, and the page's list tells primary from secondary."""

from __future__ import annotations

import re

HTML = {"Accept": "text/html", "Accept-Language": "sv"}
BASE = "https://w3id.org/vanort/"
CITE = re.compile(r'<sup class="cite"><a href="#source-(\d+)"')


def sources_listed(page: str) -> dict[int, str]:
    """number -> the entry's text (tags removed)."""
    section = page.split('<section class="cited-sources">', 1)[1].split("</section>", 1)[0]
    return {int(n): re.sub(r"<[^>]+>", "", body) for n, body in
            re.findall(r'<li id="source-(\d+)">(.*?)</li>', section, re.S)}


def cited_beside(page: str, text: str) -> set[int]:
    """The numbers in the <li> of the property table that shows ``text``."""
    for item in re.findall(r"<li>(.*?)</li>", page.split('<section class="properties">', 1)[1], re.S):
        if text in item:
            return {int(n) for n in CITE.findall(item)}
    raise AssertionError(f"{text!r} is not a value on the page")


def graphs_stating(engine, s: str, p: str, o: str) -> set[str]:  # type: ignore[no-untyped-def]
    rows = engine.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{s}> <{p}> {o} }} }}")
    return {r["g"].value for r in rows}


def test_boden_apatity_each_value_names_its_sources(client, engine) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/id/partnership/boden-apatity", headers=HTML)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    listed = sources_listed(r.text)
    # three sources: the Wikipedia list (secondary) and two Boden pages (primary)
    assert len(listed) == 3, listed
    kinds = sorted("primär" in t for t in listed.values())
    assert kinds == [False, True, True], listed
    wikipedia = next(n for n, t in listed.items() if "wikipedia.org" in t)
    assert "sekundär" in listed[wikipedia]
    # the Wikipedia scrape's own words are cited to it alone; a Boden page's words to that page alone
    assert cited_beside(r.text, "Apatity,Russia,Boden,Sweden") == {wikipedia}
    boden_quote = cited_beside(r.text, "tills vidare tas inga aktiva kontakter")
    assert len(boden_quote) == 1 and "boden.se" in listed[next(iter(boden_quote))]
    # the kind "twinning" is stated by all three: the numbers equal the graphs that hold the triple
    graphs = graphs_stating(engine, BASE + "id/partnership/boden-apatity", BASE + "def/partnershipKind",
                            f"<{BASE}id/partnership-kind/twinning>")
    assert len(graphs) == 3 and all(g.startswith(BASE + "graph/source/") for g in graphs)
    assert cited_beside(r.text, ">vänort<") == {1, 2, 3}


def test_derived_value_is_marked_not_cited(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/id/partnership/boden-apatity", headers={**HTML, "Accept-Language": "en"})
    assert r.status_code == 200
    item = next(i for i in re.findall(r"<li>(.*?)</li>", r.text, re.S) if "stated by a party" in i)
    assert 'class="tag derived"' in item and not CITE.search(item)


def test_turtle_resource_citing_many_sources_gets_no_false_marks(client) -> None:  # type: ignore[no-untyped-def]
    # Vännäs cites many sources in one file: which gives which value is not in the data, so no
    # value claims a source, and the sources stay listed in the page's sources group
    r = client.get("/id/municipality/se-2460-vannas", headers=HTML)
    assert r.status_code == 200
    properties = r.text.split('<section class="properties">', 1)[1].split("</section>", 1)[0]
    label_item = next(i for i in re.findall(r"<li>(.*?)</li>", properties, re.S) if "Vännäs kommun" in i)
    assert not CITE.search(label_item)


def test_partnership_file_citing_one_source_is_cited_exactly(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/id/partnership/vannas-hemnes", headers=HTML)
    assert r.status_code == 200
    listed = sources_listed(r.text)
    page = next(n for n, t in listed.items() if "vannas.se" in t)
    assert "primär" in listed[page]
    # the Vännäs file cites one source: its words are the page's; Wikipedia's list adds its own row
    assert cited_beside(r.text, "Sedan slutet av 1980-talet") == {page}
    assert any("wikipedia.org" in t and "sekundär" in t for t in listed.values()), listed
