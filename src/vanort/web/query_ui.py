"""The query page browsers get at ``GET /sparql`` without a query.

A minimal, working HTML form that posts to ``/sparql`` (no JavaScript, works offline). The
yasgui page of issue #3 replaces ``render``; the SPARQL router only calls ``render(request)``.
"""

from __future__ import annotations

import html

from fastapi import Request
from fastapi.responses import HTMLResponse

from ..formats import BY_NAME, OFFERS

EXAMPLE = "SELECT ?class (COUNT(?s) AS ?n)\nWHERE { ?s a ?class }\nGROUP BY ?class\nORDER BY DESC(?n)\nLIMIT 20"


def render(request: Request) -> HTMLResponse:
    """An HTML page with a query form that posts to ``/sparql``."""
    options = "".join(
        f'<option value="{html.escape(name)}">{html.escape(BY_NAME[name].media_type)}</option>'
        for name in OFFERS["results"] + OFFERS["rdf"]
    )
    page = (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>SPARQL query – vanort</title><link rel=\"stylesheet\" href=\"/static/vanort.css\"></head>"
        "<body><main><h1>SPARQL query</h1>"
        "<form method=\"post\" action=\"/sparql\" enctype=\"application/x-www-form-urlencoded\">"
        "<p><label for=\"query\">Query</label><br>"
        f"<textarea id=\"query\" name=\"query\" rows=\"14\" cols=\"80\">{html.escape(EXAMPLE)}</textarea></p>"
        f"<p><label for=\"format\">Answer as</label> <select id=\"format\" name=\"format\">{options}</select> "
        "<button type=\"submit\">Run query</button></p></form>"
        "<p>The endpoint speaks the SPARQL 1.1 Protocol (GET, POST form, POST "
        "<code>application/sparql-query</code>); it is read-only.</p>"
        "<p><a href=\"/\">Home</a></p></main></body></html>"
    )
    return HTMLResponse(page, headers={"Vary": "Accept"}, media_type="text/html; charset=utf-8")
