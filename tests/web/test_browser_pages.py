"""Every kind of page in headless Chromium at 390 and 1280 px, in sv and en (issue #15): no
horizontal overflow, the site header, axe-core without serious or critical findings, no request
off the server, no console error; and what a reader looks for on the main pages.

One browser for all of it (about 80 page loads). axe-core is vendored by ``make vendor`` into
``.cache/axe-core/`` and injected into each page by the test (it is not part of the site).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT
from tests.web.page_kinds import KINDS, LANGUAGES, WIDTHS, with_language
from tests.web.test_browser import FLAGS, chromium_path
from vanort.web.api_docs import installed as api_docs_installed
from vanort.web.query_ui import editor_installed

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

AXE = ROOT / ".cache" / "axe-core" / "axe.min.js"
# Pages whose status is not 200 on purpose.
EXPECTED_STATUS = {"not-found": 404, "syntax-error": 400}
# Console messages the browser prints for those statuses themselves ("Failed to load resource").
STATUS_NOISE = "the server responded with a status of"


@pytest.fixture(scope="module")
def browser(live_server: str) -> Iterator[object]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium found (/usr/bin/chromium); `apt-get install chromium` (.ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as driver:
        instance = driver.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        try:
            yield instance
        finally:
            instance.close()


def visit(browser, server: str, path: str, width: int) -> tuple[object, dict[str, list[str]]]:  # type: ignore[no-untyped-def]
    """Open ``path`` in a fresh page; what it requested elsewhere and printed as errors."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    seen: dict[str, list[str]] = {"offsite": [], "errors": [], "status": []}
    host = urlsplit(server).netloc
    page.on("request", lambda r: None if urlsplit(r.url).netloc in (host, "") or r.url.startswith("data:")
            else seen["offsite"].append(r.url))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    response = page.goto(server + path, wait_until="load")
    seen["status"].append(str(response.status if response else 0))
    return page, seen


def axe_findings(page) -> list[str]:  # type: ignore[no-untyped-def]
    # Evaluated through the DevTools protocol, which the page's CSP does not govern (a <script>
    # tag would be refused, as it should be); the CSP itself stays as the site sends it.
    page.evaluate(AXE.read_text("utf-8") + "\n;void 0")
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
        .then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))""")
    return list(result)


@pytest.mark.parametrize("width", WIDTHS)
def test_browser_every_page_kind_reads_well(browser, live_server, width: int) -> None:  # type: ignore[no-untyped-def]
    if not AXE.is_file():
        pytest.skip("axe-core is not vendored (make vendor needs npm)")
    problems = []
    for language in LANGUAGES:
        for kind, path in KINDS.items():
            page, seen = visit(browser, live_server, with_language(path, language), width)
            try:
                where = f"{kind} {language} {width}px"
                if seen["status"] != [str(EXPECTED_STATUS.get(kind, 200))]:
                    problems.append(f"{where}: status {seen['status']}")
                    continue
                if kind == "query" and editor_installed():
                    page.wait_for_selector(".yasqe .CodeMirror", timeout=15000)  # Yasgui draws itself after load
                    page.wait_for_timeout(200)  # and query-ui.js mends it on the next frame
                if kind == "api-docs" and api_docs_installed():
                    page.wait_for_selector("#swagger-ui .opblock", timeout=20000)  # drawn from /-/openapi.json
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                if overflow > 0:
                    problems.append(f"{where}: {overflow} px wider than the window")
                if page.locator("header.site nav a[href='/']").count() != 1 or not page.locator(
                        "header.site .lang-switch").is_visible():
                    problems.append(f"{where}: no site header with navigation and language switch")
                if page.evaluate("document.documentElement.lang") != language:
                    problems.append(f"{where}: html lang is not {language}")
                if seen["offsite"]:
                    problems.append(f"{where}: requests off the server: {seen['offsite'][:3]}")
                errors = [e for e in seen["errors"] if STATUS_NOISE not in e or kind not in EXPECTED_STATUS]
                if errors:
                    problems.append(f"{where}: console errors: {errors[:3]}")
                problems += [f"{where}: axe {finding}" for finding in axe_findings(page)]
            finally:
                page.close()
    assert not problems, "\n".join(problems)


def test_browser_content_a_reader_looks_for(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    page, _ = visit(browser, live_server, "/id/municipality/se-2460-vannas?lang=sv", 390)
    twins = page.inner_text("section.partnerships")
    for name, year in (("Hemnes", "1980-talet"), ("Cameri", "2003")):
        line = next(l for l in twins.splitlines() if name in l and "vänort" in l)
        assert year in line, line
    page.click("section.partnerships a[href='/id/partnership/vannas-hemnes']")
    page.wait_for_load_state()
    assert page.url.endswith("/id/partnership/vannas-hemnes")
    assert page.locator("section.timeline svg rect").count() >= 2
    page.close()

    page, _ = visit(browser, live_server, "/?lang=en", 1280)
    featured = page.inner_text("section.featured")  # the publisher's own twin towns, one click away
    assert "Isokyrö" in featured and "Hemnes" in featured, featured
    assert page.locator("section.featured a[href='/id/partnership/vannas-isokyro']").count() == 1
    assert page.locator("section.all-partnerships li").count() >= 6
    assert page.locator("svg.map .base-layer path.land").count() >= 5
    assert page.locator("figure.map .legend li").count() >= 3
    assert page.locator("svg.map a").count() == 0  # a picture: the links are in the list below
    assert page.locator("figure.map details.places a").count() >= 5
    page.close()
