"""The query UI: Yasgui (``@zazuko/yasgui``, MIT) vendored into ``static/vendor/yasgui/`` at
install time, with this server's ``/sparql`` as its endpoint and the example queries as tabs.

Without the vendored files the page is still a working plain form, and says so. The
``/sparql`` route calls ``render`` for browsers that send no query.
"""

from __future__ import annotations

import json
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .. import examples
from . import deps
from .pages import render as render_page

router = APIRouter()

VENDOR = ("static", "vendor", "yasgui", "yasgui.min.js")


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
    return render_page(request, "query.html", {"installed": editor_installed(), "config": data, "query": query,
                                               "examples": found})


@router.get("/query", summary="The SPARQL query UI")
def query_page(request: Request) -> Response:
    return render(request)
