"""The query UI: Yasgui (``@zazuko/yasgui``, MIT) vendored into ``static/vendor/yasgui/`` at
install time, with this server's ``/sparql`` as its endpoint and the example queries as tabs.

Without the vendored files the page is still a working plain form, and says so. The
``/sparql`` route calls ``render`` for browsers that send no query.

Yasr's result table sizes its columns with the ``column-resizer`` package, which adds two
fixed ``<style>`` elements to the page. The site's policy refuses inline styles; refused, the
resizer's handles stacked up as ~200-400 px of empty space above the results (issue #15). This
page's policy allows exactly those two style texts by their hashes (CSP Level 3 §8.3 hash
source), nothing else inline; a test re-derives the hashes from the vendored file.
"""

from __future__ import annotations

import json
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .. import examples
from . import deps
from .pages import render as render_page
from .security import CSP

router = APIRouter()

VENDOR = ("static", "vendor", "yasgui", "yasgui.min.js")
# sha256 of column-resizer's two style texts in @zazuko/yasgui 4.6.2 (Makefile YASGUI_VERSION):
# its table rules, and ``*{cursor:col-resize!important}`` while a column is dragged.
STYLE_HASHES = ("sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk=",
                "sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg=")
POLICY = CSP.replace("style-src 'self'", "style-src 'self' " + " ".join(f"'{h}'" for h in STYLE_HASHES), 1)


def editor_installed() -> bool:
    return resources.files("vanort").joinpath(*VENDOR).is_file()


def render(request: Request) -> Response:
    """The query UI page, the query of ``?query=`` filled in."""
    settings = deps.get_settings(request)
    found = examples.load(settings.path("queries_dir"))
    tabs = [{"name": e.title, "query": e.text} for e in found]
    query = request.query_params.get("query") or (found[0].text if found else "SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    # base: result IRIs under it are linked to this server's pages (query-ui.js)
    config = {"endpoint": "/sparql", "query": query, "examples": tabs, "base": settings.base_iri}
    # A data block, not a script: the CSP allows no inline code (HTML §4.12.1.1).
    data = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    installed = editor_installed()
    return render_page(request, "query.html", {"installed": installed, "config": data, "query": query,
                                               "examples": found},
                       headers={"Content-Security-Policy": POLICY} if installed else None)


@router.get("/query", summary="The SPARQL query UI")
def query_page(request: Request) -> Response:
    return render(request)
