"""The home page: the national twin-town network in the country page's words (a few figures,
the most frequent partner countries, the map of the municipalities with twin towns, a link to
the country's page), the publisher's own municipality with its twin towns and regional
cooperation one click away, what the dataset holds in a visitor's numbers, the partnerships the
municipalities state themselves (most recent start first, with a link to the paged list of
all), where the data comes from, example queries and downloads.

Everything is computed once per release and language (``representations.cached``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from .. import examples, view
from ..catalogue_settings import load_publisher
from ..labels import page_language, translate
from ..queries import text as query_text
from . import country, deps, partnership_list, representations
from .origin import public_origin, to_local
from .pages import render

router = APIRouter()

# home-figures.rq's figures in the order shown; "municipalities" are those of the register's
# country only: a foreign partner is a vo:Municipality too, and is counted as a partner place.
FIGURES = ("municipalities", "partner_places", "partner_countries", "partnerships", "twinnings", "twin_towns",
           "cooperations", "members", "sources")
SHOWN_PARTNERSHIPS = 20  # home-partnerships.rq's LIMIT
TOP_COUNTRIES = 8  # partner countries in the home page's table; the country page has them all


@router.get("/", summary="Home page")
def home(request: Request) -> Response:
    language = page_language(request.headers.get("accept-language"), request.query_params.get("lang"))
    key = ("home", language, public_origin(request, deps.get_settings(request)))
    return representations.cached(request, key, lambda: _home(request, language))


def featured(request: Request, index: view.Index, language: str) -> dict[str, Any] | None:
    """The publisher's own municipality (by its Swedish name in catalogue.toml), its
    partnerships and the regional cooperations it is a member of."""
    settings = deps.get_settings(request)
    base = settings.base_iri
    name = load_publisher(settings.root).get("publisher", "name_sv")
    if not name:
        return None
    rows = deps.get_engine(request).select(query_text("home-featured", base),  # type: ignore[attr-defined]
                                           {"name": ox.Literal(name, language="sv")})
    if not rows:
        return None
    iri = rows[0]["m"].value
    words = {k: translate(k, language) for k in partnership_list.WORDS}
    return {
        "href": to_local(iri, base) or iri, "label": view.label(iri, index, language),
        "partnerships": partnership_list.of_place(request, iri, language, words),
        "cooperations": [(to_local(r["coop"].value, base) or r["coop"].value,
                          view.label(r["coop"].value, index, language), int(r["members"].value))
                         for r in rows if "coop" in r],
    }


def counts(found: dict[str, int], country_name: str, language: str) -> list[tuple[str, int]]:
    """The figures as (words, number), the register's country named in its municipalities' words.

    >>> counts({"municipalities": 290, "partner_places": 707}, "Sverige", "sv")[:2]
    [('kommuner i Sverige', 290), ('partnerorter i andra länder', 707)]
    """
    return [(translate("fig_" + key, language).format(country=country_name), found.get(key, 0)) for key in FIGURES]


def _home(request: Request, language: str) -> Response:
    settings = deps.get_settings(request)
    engine = deps.get_engine(request)
    current = deps.get_release(request)
    base = settings.base_iri
    index = view.Index.from_rows(engine.select(query_text("labels", base)))  # type: ignore[attr-defined]
    found = {r["figure"].value: int(r["n"].value)
             for r in engine.select(query_text("home-figures", base))}  # type: ignore[attr-defined]
    national = country.register_country(request)
    figures = counts(found, view.label(national, index, language) if national else "", language)
    words = {k: translate(k, language) for k in partnership_list.WORDS}
    stated = engine.select(query_text("home-partnerships", base))  # type: ignore[attr-defined]
    partnerships = partnership_list.entries(stated, index, language, base, words)
    sources = [(to_local(r["source"].value, base) or r["source"].value,
                view.label(r["source"].value, index, language),
                r["page"].value if "page" in r else None, int(r["facts"].value))
               for r in engine.select(query_text("home-sources", base))]  # type: ignore[attr-defined]
    queries = [(e, "/query?query=" + quote(e.text, safe="")) for e in examples.load(settings.path("queries_dir"))]
    return render(request, "home.html", {
        "figures": figures, "featured": featured(request, index, language),
        "partnerships": partnerships, "partnership_total": found.get("partnerships", 0),
        "stated_total": int(stated[0]["stated"].value) if stated else 0,
        "national": country.summary(request, national, language, index) if national else None,
        "top_countries": TOP_COUNTRIES,
        "partnership_class": to_local(base + "def/Partnership", base),
        "sources": sources, "sources_total": len(sources),
        "examples": queries, "files": sorted(current.files.items()),
        "triples": current.document.get("counts", {}).get("data_triples", 0),
    })
