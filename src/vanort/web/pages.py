"""HTML pages (Jinja2, autoescaped): resource pages, the ontology documentation, the shapes,
and the package's static files. The home page lives in ``home.py``.

Every HTML response carries a content-security policy that allows only this origin, so the
pages run no third-party code and load nothing from elsewhere.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
from importlib import resources
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from jinja2 import Environment, PackageLoader, select_autoescape

from .. import formats, geo, release, timeline, view
from ..labels import LANGUAGES, page_language, translate
from ..namespaces import OWL, RDF, RDFS, SH, SKOS, vocab
from ..queries import text as query_text
from . import citations, country, deps, partnership_list
from .origin import to_local
from .problems import problem

router = APIRouter()

PAGE_SIZE = 50


def environment(request: Request) -> Environment:
    """The app's Jinja2 environment, made once per app (state lives on the app, not the module)."""
    env = getattr(request.app.state, "jinja", None)
    if env is None:
        env = Environment(loader=PackageLoader("vanort", "templates"),
                          autoescape=select_autoescape(("html", "svg", "j2")), trim_blocks=True,
                          lstrip_blocks=True)
        request.app.state.jinja = env
    return env


def render(request: Request, template: str, context: dict[str, Any], status: int = 200,
           headers: dict[str, str] | None = None) -> Response:
    """An HTML response in the page language, with the language switch (the content security
    policy is added to every HTML response by ``security.SecurityMiddleware``)."""
    language = page_language(request.headers.get("accept-language"), request.query_params.get("lang"))
    release = deps.get_release(request)
    base = dict(request.query_params)
    switch = {other: "?" + "&".join(f"{k}={v}" for k, v in {**base, "lang": other}.items())
              for other in LANGUAGES}
    page = environment(request).get_template(template).render(
        lang=language, t=lambda key: translate(key, language), switch=switch,
        version=release.version, path=request.url.path, **context)
    all_headers = {"Content-Language": language, **(headers or {})}
    all_headers.setdefault("Vary", "Accept-Language")
    return Response(page, status, headers=all_headers, media_type=formats.BY_NAME["html"].content_type)


def neighbourhood(request: Request, iri: str) -> view.Index:
    engine = deps.get_engine(request)
    rows = engine.select(query_text("page-around", deps.get_settings(request).base_iri),  # type: ignore[attr-defined]
                         {"root": ox.NamedNode(iri)})
    return view.Index.from_rows(rows)


def page_number(request: Request) -> int | None:
    raw = request.query_params.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else None


def resource_response(request: Request, iri: str, path: str, triples: list[ox.Triple],
                      headers: dict[str, str], offer: str = "resource") -> Response:
    """The HTML representation of any IRI: the documents get their own pages."""
    base = deps.get_settings(request).base_iri
    if iri == base + "def":
        return ontology_page(request, triples, headers)
    if iri == base + "shapes":
        return shapes_page(request, triples, headers)
    number = page_number(request)
    if number is None:
        return problem(request, 400, "invalid-parameter", "page must be a positive whole number")
    context = resource_context(request, iri, number, triples)
    if context is None:
        return problem(request, 404, "not-found", f"page {number} of the links to {iri} is empty")
    context["formats_path"] = path
    context["formats"] = [formats.BY_NAME[n] for n in formats.OFFERS[offer]]
    return render(request, "resource.html", context, headers=headers)


def resource_context(request: Request, iri: str, number: int, triples: list[ox.Triple]) -> dict[str, Any] | None:
    base = deps.get_settings(request).base_iri
    engine = deps.get_engine(request)
    language = page_language(request.headers.get("accept-language"), request.query_params.get("lang"))
    index = neighbourhood(request, iri)
    # what the store does not hold (a named graph's description) is shown from the triples
    index.add({"s": t.subject, "p": t.predicate, "o": t.object} for t in triples)
    bound = {"root": ox.NamedNode(iri)}
    inverse = view.inverse_links(engine.select(query_text("page-inverse", base), bound),  # type: ignore[attr-defined]
                                 index, language, base)
    pages_total = max(1, -(-len(inverse) // PAGE_SIZE))
    if number > pages_total:
        return None
    places = engine.select(query_text("page-places", base), bound)  # type: ignore[attr-defined]
    index.add({"s": r["place"], "p": r["labelProperty"], "o": r["label"]} for r in places if "label" in r)
    points = map_points(places, iri, index, language, base)
    text, text_language = view.definition_in(iri, index, language)
    words = {k: translate(k, language) for k in partnership_list.WORDS}
    groups = view.grouped_rows(view.property_rows(iri, index, language, base), base)
    order = [citations.key_of(row.predicate.value, v.value, v.language, v.is_literal)
             for group in groups for row in group.rows for v in row.values]
    return {
        "iri": iri,
        "citations": citations.of_resource(engine, iri, index, language, base, order),
        "title": view.label(iri, index, language),
        "definition": text, "definition_lang": (text_language or "").split("-")[0],
        "groups": groups,
        "partnerships": partnership_list.of_place(request, iri, language, words),
        "inverse": inverse[(number - 1) * PAGE_SIZE:number * PAGE_SIZE],
        "page": number, "pages": pages_total, "inverse_total": len(inverse),
        "timeline": partnership_timeline(request, iri, index, language),
        "map": geo.project(points, [(a.key, b.key) for a in points for b in points
                                    if a.highlight and not b.highlight]) if len(points) else None,
        "observations": observations(request, iri, language),
        "jsonld": embedded_jsonld(triples, base),
        # the register's country also shows its twin-town network (web/country.py), in HTML only
        "country": country.summary(request, iri, language) if _is_country(iri, triples, base) else None,
    }


def _is_country(iri: str, triples: list[ox.Triple], base: str) -> bool:
    return any(t.subject.value == iri and t.predicate.value == RDF + "type"
               and t.object.value == vocab(base) + "Country" for t in triples)


def embedded_jsonld(triples: list[ox.Triple], base: str) -> str:
    """The page's triples as JSON-LD with the inline context of the downloads (issue 12): a
    processor without network expands it to the same triples as the Turtle representation.
    ``</`` is escaped so the block cannot end the <script> element early."""
    return release.serialize(triples, "jsonld", base).decode("utf-8").replace("</", "<\\/")


def map_points(rows: list[dict[str, Any]], iri: str, index: view.Index, language: str,
               base: str) -> list[geo.Point]:
    points = []
    seen = set()
    for row in rows:
        place = row["place"].value
        if place in seen:
            continue  # one row per label of the place
        seen.add(place)
        where = geo.wkt_point(row["wkt"].value) if "wkt" in row else (
            (float(row["lat"].value), float(row["long"].value)) if "lat" in row else None)
        if where:
            points.append(geo.Point(to_local(place, base) or place, view.label(place, index, language),
                                    where[0], where[1], place == iri))
    return points


def partnership_timeline(request: Request, iri: str, index: view.Index, language: str) -> timeline.Timeline | None:
    base = deps.get_settings(request).base_iri
    engine = deps.get_engine(request)
    rows = engine.select(query_text("page-timeline", base), {"root": ox.NamedNode(iri)})  # type: ignore[attr-defined]
    if rows:
        index.add(engine.select(query_text("page-timeline-labels", base), {"root": ox.NamedNode(iri)}))  # type: ignore[attr-defined]

    def said(value: str, instant: str) -> str:
        """The stated date, else the instant's own words (a decade, a season), else '?'."""
        if value in row:
            return str(row[value].value)
        return view.label(row[instant].value, index, language) if instant in row else ""

    # Status periods from several sources (table rows: each one source's statement, which may
    # disagree with another's) are told apart by their source's title (issue #14).
    sources = {r["source"].value for r in rows if "status" in r and "source" in r}
    spans, seen = [], set()
    for row in rows:
        if row["row"].value in seen:
            continue  # a status period citing two sources is drawn once
        seen.add(row["row"].value)
        status = row.get("status")
        name = view.label(status.value, index, language) if status else translate("timeline", language)
        if status and len(sources) > 1 and "source" in row:
            name = f"{name} ({view.label(row['source'].value, index, language)})"
        span = timeline.Span(
            name, "status" if status else "period",
            *(timeline.parse_date(row[k].value) if k in row else None
              for k in ("beginEarliest", "beginLatest", "endEarliest", "endLatest")),
            said("begin", "b") or "?", said("end", "e"),
            status.value.rsplit("/", 1)[-1] if status else "",
        )
        if span not in spans:  # two captures of one page (same title) saying the same: one line
            spans.append(span)
    return timeline.layout(spans, dt.date.today()) if spans else None


def observations(request: Request, iri: str, language: str) -> list[dict[str, Any]]:
    """Figures about the resource with their dates and sources (vo:Observation)."""
    base = deps.get_settings(request).base_iri
    engine = deps.get_engine(request)
    rows = engine.select(query_text("page-observations", base), {"root": ox.NamedNode(iri)})  # type: ignore[attr-defined]
    if not rows:
        return []
    labels = view.Index.from_rows(engine.select(  # type: ignore[attr-defined]
        query_text("page-observation-labels", base), {"root": ox.NamedNode(iri)}))
    grouped: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = grouped.setdefault(row["obs"].value, {
            "href": to_local(row["obs"].value, base),
            "measure": view.label(row["measure"].value, labels, language) if "measure" in row else "",
            "value": row["value"].value, "date": row["date"].value if "date" in row else "",
            "approximate": "approximate" in row and row["approximate"].value == "true", "sources": []})
        if "source" in row:
            source = row["source"].value
            entry["sources"].append((to_local(source, base) or source, view.label(source, labels, language)))
    return list(grouped.values())


def _described(triples: list[ox.Triple]) -> view.Index:
    return view.Index.from_rows({"s": t.subject, "p": t.predicate, "o": t.object} for t in triples)


def ontology_page(request: Request, triples: list[ox.Triple], headers: dict[str, str]) -> Response:
    """Documentation generated from the ontology itself: classes, properties, sv+en texts."""
    base = deps.get_settings(request).base_iri
    index = _described(triples)
    kinds = {"classes": (OWL + "Class", RDFS + "Class"),
             "properties": (OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty")}
    sections = {}
    for name, types in kinds.items():
        members = sorted(s for s, props in index.by_subject.items() if s.startswith(vocab(base))
                         and any(t.value in types for t in props.get(RDF + "type", [])))
        sections[name] = [term_entry(s, index, base) for s in members]
    return render(request, "ontology.html", {"iri": base + "def", "sections": sections, "index": index,
                                             "texts": _texts(base + "def", index)}, headers=headers)


def _texts(iri: str, index: view.Index) -> dict[str, dict[str, str]]:
    """label and definition of a term in each language we offer."""
    from ..labels import pick_language

    texts = index.texts(iri)
    out: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        out[language] = {
            "label": pick_language([c for c in texts.get(RDFS + "label", []) if c[1] == language], language) or "",
            "definition": pick_language([c for p in (SKOS + "definition", RDFS + "comment")
                                         for c in texts.get(p, []) if c[1] == language], language) or "",
        }
    return out


def term_entry(iri: str, index: view.Index, base: str) -> dict[str, Any]:
    def links(*predicates: str) -> list[tuple[str, str]]:
        return sorted((to_local(o.value, base) or o.value, o.value) for p in predicates
                      for o in index.values(iri, p) if isinstance(o, ox.NamedNode))
    return {
        "iri": iri, "href": to_local(iri, base), "name": iri.rsplit("/", 1)[-1], "texts": _texts(iri, index),
        "domain": links(RDFS + "domain"), "range": links(RDFS + "range"),
        "parents": links(RDFS + "subClassOf", RDFS + "subPropertyOf"),
        "mappings": links(OWL + "equivalentClass", OWL + "equivalentProperty", SKOS + "exactMatch",
                          SKOS + "closeMatch", SKOS + "broadMatch", SKOS + "narrowMatch", RDFS + "seeAlso"),
    }


def shapes_page(request: Request, triples: list[ox.Triple], headers: dict[str, str]) -> Response:
    """Every node shape and property shape, with its targets and constraints (SHACL §2, §4)."""
    base = deps.get_settings(request).base_iri
    index = _described(triples)
    kinds = {SH + "NodeShape", SH + "PropertyShape"}
    shapes = []
    for subject, props in sorted(index.by_subject.items()):
        if not any(t.value in kinds for t in props.get(RDF + "type", [])):
            continue
        own = _constraint(props)
        constraints = [_constraint(index.by_subject.get(n.value, {})) for n in props.get(SH + "property", [])]
        if SH + "path" in props:
            constraints.insert(0, own)
        targets = [o for p in _TARGETS for o in props.get(SH + p, [])]
        shapes.append({"iri": subject, "href": to_local(subject, base), "name": subject.rsplit("/", 1)[-1],
                       "targets": [to_local(o.value, base) or o.value for o in targets],
                       "message": own.get("message", []),
                       "constraints": sorted(constraints, key=lambda c: str(c.get("path")))})
    return render(request, "shapes.html", {"iri": base + "shapes", "shapes": shapes}, headers=headers)


_TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
_NOT_SHOWN = {"property", "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "declare"}


def _constraint(props: dict[str, list[Any]]) -> dict[str, list[str]]:
    """The SHACL parameters of one shape, as local name -> sorted values."""
    return {p[len(SH):]: sorted(o.value for o in objs) for p, objs in props.items()
            if p.startswith(SH) and p[len(SH):] not in _NOT_SHOWN}


@router.get("/static/{name:path}", include_in_schema=False)
def static(request: Request, name: str) -> Response:
    """The package's CSS, scripts and the vendored query UI; nothing outside ``static/``."""
    parts = name.split("/")
    if not name or any(p in ("", ".", "..") or "\\" in p for p in parts):
        return problem(request, 404, "not-found", f"no static file {name!r}")
    node = resources.files("vanort").joinpath("static", *parts)
    try:
        found = node.is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte (issue #11)
        found = False
    if not found:
        return problem(request, 404, "not-found", f"no static file {name!r}")
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    media += "; charset=utf-8" if media.startswith("text/") else ""
    return Response(node.read_bytes(), headers={"Cache-Control": "public, max-age=3600"}, media_type=media)
