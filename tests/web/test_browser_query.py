"""The query page in headless Chromium after running a query, at 390 and 1280 px, in sv and en
(issue #15), with the measurements that showed each fault:

- the results start right below their header: column-resizer's style, refused by the CSP, had
  left its handles stacked as 345-600 px of empty space above the table;
- the run and share buttons do not cover the query (they floated over its first lines);
- result IRIs under the base link to this server's pages, in the same window (they went to
  https://w3id.org/…);
- the Swedish page has Swedish buttons, table controls and paging (they were English);
- no CSP refusal or other console error, no horizontal overflow, nothing requested elsewhere.
"""

from __future__ import annotations

import pytest

from tests.web.page_kinds import LANGUAGES, WIDTHS
from tests.web.test_browser_pages import browser, visit  # noqa: F401  (the module's Chromium fixture)
from vanort.web.query_ui import editor_installed

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

BASE = "https://w3id.org/vanort/"
# Yasgui's and DataTables' English words, as a Swedish visitor met them
ENGLISH_UI = ("Simple view", "Ellipse", "Page size", "Filter query results", "results in", "seconds", "Showing",
              "entries", "Run query", "Share query", "Download", "Open settings", "Clear endpoint", "documentation",
              "First", "Previous", "Next", "Last")
UI_WORDS = """() => {
  const root = document.getElementById('yasgui');
  const text = [...root.querySelectorAll('.yasr_header, .yasqe_buttons, .dt-layout-row:not(.dt-layout-table)')]
    .map(e => e.innerText);
  const attributes = [...root.querySelectorAll('[title], [aria-label], [placeholder]')]
    .filter(e => !e.closest('.CodeMirror-code, .dt-layout-table'))
    .flatMap(e => ['title', 'aria-label', 'placeholder'].map(n => e.getAttribute(n) || ''));
  return text.concat(attributes).join(' | ');
}"""


def box(page, selector: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    found = page.locator(selector).first.bounding_box()
    assert found, f"{selector} is not drawn"
    return {"top": found["y"], "bottom": found["y"] + found["height"], "left": found["x"],
            "right": found["x"] + found["width"]}


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_browser_query_page_after_running_a_query(browser, live_server, width: int, language: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    if not editor_installed():
        pytest.skip("Yasgui is not vendored (make vendor needs npm): the page is a plain form")
    page, seen = visit(browser, live_server, f"/query?lang={language}", width)
    try:
        page.wait_for_selector(".yasqe .CodeMirror", timeout=15000)
        page.wait_for_timeout(200)  # query-ui.js mends Yasgui on the next frame
        editor = box(page, ".yasqe .CodeMirror")
        for name in ("yasqe_queryButton", "yasqe_share"):
            button = box(page, f"button.{name}")
            assert page.locator(f"button.{name}").is_visible(), name
            assert not overlap(button, editor), f"{name} {button} covers the query {editor}"
        page.click("button.yasqe_queryButton")
        page.wait_for_selector(".yasr .dataTable tbody tr", timeout=15000)
        page.wait_for_timeout(300)
        header, table = box(page, ".yasr .yasr_header"), box(page, ".yasr table.dataTable")
        assert table["top"] - header["bottom"] < 40, f"{table['top'] - header['bottom']} px between header and table"
        assert header["top"] - editor["bottom"] < 100, f"{header['top'] - editor['bottom']} px below the editor"
        hrefs = page.eval_on_selector_all(".yasr a.iri", "links => links.map(a => [a.getAttribute('href'), a.target])")
        assert [h for h, _ in hrefs if h.startswith(BASE)] == [], hrefs[:5]
        local = [(h, target) for h, target in hrefs if h.startswith("/id/")]
        assert local and all(target in ("", "_self") for _, target in local), hrefs[:5]
        words = page.evaluate(UI_WORDS)
        english = [w for w in ENGLISH_UI if w in words]
        if language == "sv":
            assert english == [], f"English on the Swedish page: {english} in {words[:400]}"
            assert "Kör frågan" in words and "resultat på" in words, words[:400]
        else:
            assert "Run query" in english and "results in" in english, words[:400]
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{overflow} px wider than the window"
        assert seen["errors"] == [], seen["errors"]  # a CSP refusal is a console error
        assert seen["offsite"] == [], seen["offsite"]
        # the first click on a shortened cell shows it whole (Yasr), the next one follows the link
        href = page.evaluate("""() => { const a = document.querySelector('.yasr a.iri[href^="/id/"]');
            if (a.closest('.expandable')) { a.click(); }
            a.click(); return a.getAttribute('href'); }""")
        page.wait_for_url(live_server + href, timeout=15000)
    finally:
        page.close()
