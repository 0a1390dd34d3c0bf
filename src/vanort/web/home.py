"""The home page: what the dataset is, where it comes from, its counts (from the release
manifest, never computed at startup), the partnership network, the example queries and the
downloads.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .. import examples, geo, view
from ..labels import page_language
from ..queries import text as query_text
from . import deps, representations
from .origin import public_origin, to_local
from .pages import map_points, render

router = APIRouter()


def network(rows: list[dict[str, Any]], index: view.Index, language: str, base: str) -> geo.Map:
    """Places with a point, joined by their twin-town links (each pair once)."""
    points = {p.key: p for p in map_points(rows, "", index, language, base)}
    links = sorted({tuple(sorted((to_local(r["place"].value, base) or r["place"].value,
                                  to_local(r["other"].value, base) or r["other"].value)))
                    for r in rows if "other" in r})
    return geo.project(list(points.values()), [(a, b) for a, b in links])


@router.get("/", summary="Home page")
def home(request: Request) -> Response:
    language = page_language(request.headers.get("accept-language"), request.query_params.get("lang"))
    key = ("home", language, public_origin(request, deps.get_settings(request)))
    return representations.cached(request, key, lambda: _home(request, language))


def _home(request: Request, language: str) -> Response:
    settings = deps.get_settings(request)
    engine = deps.get_engine(request)
    current = deps.get_release(request)
    base = settings.base_iri
    index = view.Index.from_rows(engine.select(query_text("labels", base)))  # type: ignore[attr-defined]
    counts = current.document.get("counts", {})
    classes = [(to_local(iri, base) or iri, view.label(iri, index, language), n)
               for iri, n in counts.get("classes", {}).items()]
    sources = [(to_local(r["source"].value, base) or r["source"].value,
                view.label(r["source"].value, index, language),
                r["page"].value if "page" in r else None, int(r["facts"].value))
               for r in engine.select(query_text("home-sources", base))]  # type: ignore[attr-defined]
    queries = [(e, "/query?query=" + quote(e.text, safe="")) for e in examples.load(settings.path("queries_dir"))]
    return render(request, "home.html", {
        "counts": counts, "classes": sorted(classes, key=lambda c: -c[2]), "sources": sources,
        "network": network(engine.select(query_text("home-network", base)), index, language, base),  # type: ignore[attr-defined]
        "examples": queries, "files": sorted(current.files.items()),
    })
