"""Headless Chromium against the real server: what a person sees (#3).

Debian's ``chromium`` is driven by Playwright's Python client with ``executable_path`` (no
``playwright install``: nothing is downloaded). Skipped, with the reason, only when no
Chromium binary is found; ``.ci/run`` installs it so CI always runs these tests.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

BASE = "https://w3id.org/vanort/"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium found (/usr/bin/chromium); `apt-get install chromium` (.ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, args=FLAGS)
        try:
            yield context.new_page()
        finally:
            context.close()


def local(engine, query: str) -> str:  # type: ignore[no-untyped-def]
    rows = engine.select(query)
    assert rows, query
    return "/" + rows[0]["x"].value[len(BASE):]


def test_browser_home_page(page, live_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/?lang=en")
    text = page.inner_text("main")
    assert "Example queries" in text and "Downloads" in text
    assert page.locator("svg.map").count() == 1


def test_browser_municipality_page(page, live_server, engine) -> None:  # type: ignore[no-untyped-def]
    known = engine.select("SELECT ?x WHERE { BIND(<https://w3id.org/vanort/id/municipality/it-003032-cameri> AS ?x) "
                          "?x a ?t } LIMIT 1")
    path = local(engine, "SELECT ?x WHERE { ?x a <https://w3id.org/vanort/def/Municipality> } ORDER BY ?x LIMIT 1") \
        if not known else "/id/municipality/it-003032-cameri"
    page.goto(live_server + path + "?lang=en")
    heading = page.inner_text("h1")
    assert heading and not heading.startswith("http")
    assert "Properties" in page.inner_text("main")
    if known:
        assert "Cameri" in heading


def test_browser_partnership_page(page, live_server, engine) -> None:  # type: ignore[no-untyped-def]
    path = local(engine, "SELECT ?x WHERE { ?x a <https://w3id.org/vanort/def/Partnership> ; "
                         "<https://w3id.org/vanort/def/period> ?p } ORDER BY ?x LIMIT 1")
    page.goto(live_server + path + "?lang=en")
    text = page.inner_text("main")
    assert "Timeline" in text
    assert page.locator("section.timeline svg rect").count() >= 1


def test_browser_query_ui_runs_example(page, live_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/query?lang=en")
    from vanort.web.query_ui import editor_installed

    if not editor_installed():
        assert page.locator("#plain-query").is_visible()
        # Yasgui not vendored (no npm): the plain form still runs the query.
        page.click("#plain-query button")
        page.wait_for_load_state()
        assert "head" in page.content() or "vars" in page.content()
        return
    page.wait_for_selector(".yasqe .CodeMirror", timeout=15000)
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr .dataTable tbody tr, .yasr_results table tr", timeout=15000)
    text = page.inner_text(".yasr")
    assert "results" in text.lower() or "result" in text.lower()


def test_browser_api_docs_render_offline_under_the_csp(page, live_server) -> None:  # type: ignore[no-untyped-def]
    """/-/docs: Swagger UI from this server, no console CSP error, no request elsewhere (#11)."""
    from vanort.web.api_docs import installed

    messages: list[str] = []
    elsewhere: list[str] = []

    def on_console(message) -> None:  # type: ignore[no-untyped-def]
        messages.append(f"{message.type}: {message.text}")

    def on_request(request) -> None:  # type: ignore[no-untyped-def]
        if not request.url.startswith((live_server + "/", "data:", "blob:")):
            elsewhere.append(request.url)

    page.on("console", on_console)
    page.on("request", on_request)
    try:
        page.goto(live_server + "/-/docs?lang=en")
        if not installed():  # swagger-ui-dist not vendored (no npm): the page says so and links the description
            assert "make vendor" in page.inner_text("main")
            assert page.locator('a[href="/-/openapi.json"]').count() == 1
            return
        page.wait_for_selector("#swagger-ui .opblock", timeout=20000)
        text = page.inner_text("#swagger-ui")
        assert "/sparql" in text and "/-/status" in text
        assert page.locator("#swagger-ui .opblock").count() >= 5
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("request", on_request)
    assert not [m for m in messages if "Content Security Policy" in m or "Refused to" in m], messages
    assert elsewhere == [], elsewhere
