"""Error pages for people: the problem document (RFC 9457) in the site's layout, in the
visitor's language (Accept-Language or ``?lang=``), with what they can do next.

A SPARQL syntax error shows the message in words (``syntax_words``: what the parser expected
where it stopped), the query with the line and column marked, and a link that opens the query
in ``/query`` to fix it; the parser's own message is folded away below. The problem's own ``detail`` is the
server's English text; on a Swedish page it is marked ``lang="en"``. Nothing here may fail:
when the page cannot be drawn, a plain page says the same (``problems.py`` keeps JSON).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import Response

from ..labels import page_language
from .syntax_words import in_words

log = logging.getLogger("vanort.web")

TITLES_SV = {
    400: "Felaktig begäran", 403: "Inte tillåtet", 404: "Sidan finns inte", 405: "Metoden stöds inte",
    406: "Formatet kan inte levereras", 413: "För stort", 415: "Mediatypen stöds inte",
    422: "Kan inte behandlas", 429: "För många förfrågningar", 500: "Serverfel",
    503: "Tjänsten är upptagen", 504: "Frågan tog för lång tid",
}
TITLES_SV_BY_TYPE = {"query-syntax": "Syntaxfel i SPARQL-frågan", "query-refused": "Frågan är inte tillåten",
                     "query-timeout": "Frågan tog för lång tid"}
SAY = {
    "not-found": {"sv": "Det finns ingen sida på den här adressen. Sök bland kommunerna och partnerskapen från startsidan.",
                  "en": "There is no page at this address. Find the municipalities and partnerships from the home page."},
    "query-syntax": {"sv": "Frågan har ett syntaxfel på rad {line}, kolumn {column}. Felet är markerat nedan.",
                     "en": "The query has a syntax error at line {line}, column {column}. It is marked below."},
    "query-syntax-nowhere": {"sv": "Frågan har ett syntaxfel.", "en": "The query has a syntax error."},
    "edit": {"sv": "Öppna frågan i frågeverktyget och rätta den", "en": "Open the query in the query editor to fix it"},
    "details": {"sv": "Tolkarens meddelande (engelska)", "en": "The parser's message"},
    "home": {"sv": "Till startsidan", "en": "Go to the home page"},
    "problem": {"sv": "Felbeskrivning", "en": "Problem details"},
}


def marked_lines(query: str, line: int, column: int) -> list[dict[str, Any]]:
    """The query's lines, the one with the error split around the marked character.

    >>> [l["marked"] for l in marked_lines("ASK {\\n?s", 2, 2)]
    [None, ('?', 's', '')]
    """
    out = []
    for number, text in enumerate(query.split("\n"), start=1):
        marked = None
        if number == line:
            at = max(column - 1, 0)
            marked = (text[:at], text[at:at + 1] or " ", text[at + 1:])
        out.append({"number": number, "text": text, "marked": marked})
    return out


def render_problem(request: Request, status: int, body: dict[str, Any], extensions: dict[str, Any],
                   headers: dict[str, str] | None, page_query: str | None = None) -> Response:
    language = page_language(request.headers.get("accept-language"), request.query_params.get("lang"))
    slug = str(body["type"]).rsplit("/", 1)[-1]
    context: dict[str, Any] = {
        "status": status, "body": body, "slug": slug, "say": {k: v[language] for k, v in SAY.items()},
        "title": (TITLES_SV_BY_TYPE.get(slug) or TITLES_SV.get(status, body["title"])) if language == "sv"
                 else body["title"],
        "extensions": extensions, "query": None,
    }
    query = page_query or request.query_params.get("query")  # a POSTed query comes as page_query
    if slug == "query-syntax" and query:
        line, column = extensions.get("line"), extensions.get("column")
        context["query"] = {
            "lines": marked_lines(query, int(line), int(column)) if line and column else marked_lines(query, 0, 0),
            "edit": "/query?query=" + quote(query, safe=""), "line": line, "column": column,
            "words": in_words(str(body["detail"]), language),
        }
    try:
        from .pages import render  # late: pages imports problems

        return render(request, "problem.html", context, status=status, headers=headers)
    except Exception:  # the error page itself must never turn a 4xx into a 500
        log.exception("error page for %s could not be drawn", request.url.path)
        return Response(f"{status} {body['title']}: {body['detail']}", status, headers=headers,
                        media_type="text/plain; charset=utf-8")
