"""Dereferencing: every IRI under the base answers at the same path on this server.

``GET /id/municipality/se-2460-vannas`` answers 200 in the negotiated format (HTML for
browsers, Turtle for curl, rapper and rdflib), with ``Vary: Accept``, ``Content-Location``
naming the format-specific URL and ``Link`` headers to every representation and to the
canonical IRI. A ``.ttl``/``.jsonld``/``.nt``/``.rdf``/``.html`` suffix or ``?format=``
forces a format. No redirects (DESIGN.md: FAIR assessors reject 303 chains).

The ontology document (``/def``) and the shapes document (``/shapes``) answer with the
whole release artefact; their terms and shapes with their concise bounded description.
This router must come last in ``app.ROUTERS``: it ends with a catch-all.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from .. import formats, release
from ..formats import Format
from . import deps, pages, representations
from .origin import link_target, public_origin, to_iri
from .problems import problem

router = APIRouter()

OFFER = "resource"
# The two documents served from release artefacts, by their path under the base.
DOCUMENTS = {"def": "ontology.ttl", "shapes": "shapes.ttl"}


class BadFormat(Exception):
    """``?format=`` names no format on offer."""


@dataclass(frozen=True)
class Target:
    path: str  # the resource's path under the base, without a format suffix
    format: Format
    forced: bool  # chosen by suffix or ?format=, not by Accept


def target(path: str, accept: str | None, format_parameter: str | None) -> Target:
    """The resource and the representation a request asks for.

    >>> target("id/m/a.ttl", "text/html", None).format.name
    'turtle'
    >>> target("id/m/a", "*/*", None).format.name
    'turtle'
    >>> target("id/m/a", "text/html,application/xhtml+xml,*/*;q=0.8", None).format.name
    'html'
    """
    stem, dot, extension = path.rpartition(".")
    suffixed = formats.by_extension(extension, OFFER) if dot and "/" not in extension else None
    if suffixed is not None:
        return Target(stem, suffixed, True)
    if format_parameter is not None:
        chosen = formats.by_name(format_parameter, OFFER)
        if chosen is None:
            raise BadFormat(format_parameter)
        return Target(path, chosen, True)
    return Target(path, negotiate(accept), False)


def negotiate(accept: str | None) -> Format:
    """Accept negotiation where a bare ``*/*`` (curl) means RDF, not the HTML page.

    Browsers name text/html explicitly; tools that send only wildcards want data.
    """
    ranges = formats.parse_accept(accept or "")
    if not ranges or all(r == "*/*" for r, _, _ in ranges):
        return formats.negotiate(accept, "machine")
    return formats.negotiate(accept, OFFER)


def triples_of(request: Request, iri: str) -> list[ox.Triple]:
    """The description of ``iri``: a whole document, a term's CBD, or the engine's triples."""
    base = deps.get_settings(request).base_iri
    for name, file in DOCUMENTS.items():
        whole = base + name
        if iri == whole or iri.startswith(whole + "/"):
            graph = artefact_triples(request, file)
            return graph if iri == whole else bounded_description(graph, iri)
    return deps.get_engine(request).describe(iri)


def artefact_triples(request: Request, file: str) -> list[ox.Triple]:
    current = deps.get_release(request)
    if file not in current.files:
        return []
    return list(ox.parse(path=str(current.path(file)), format=ox.RdfFormat.TURTLE))


def bounded_description(triples: list[ox.Triple], iri: str) -> list[ox.Triple]:
    """The concise bounded description of ``iri``: its triples plus those of the blank nodes
    reached from them (SHACL property shapes, RDF lists), as in the W3C CBD note.
    """
    by_subject: dict[object, list[ox.Triple]] = {}
    for t in triples:
        by_subject.setdefault(t.subject, []).append(t)
    out: list[ox.Triple] = []
    todo: list[object] = [ox.NamedNode(iri)]
    seen: set[object] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for t in by_subject.get(node, []):
            out.append(t)
            if isinstance(t.object, ox.BlankNode):
                todo.append(t.object)
    return sorted(out, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def alternates(request: Request, path: str, iri: str) -> dict[str, str]:
    """``Vary``, and ``Link`` to every representation and to the canonical IRI (RFC 8288)."""
    origin = public_origin(request, deps.get_settings(request))
    links = [f'<{link_target(iri)}>; rel="canonical"'] + [
        f'<{link_target(origin + path)}.{formats.BY_NAME[name].extension}>; rel="alternate"; '
        f'type="{formats.BY_NAME[name].media_type}"'
        for name in formats.OFFERS[OFFER]
    ]
    return {"Vary": "Accept, Accept-Language", "Link": ", ".join(links)}


def dereference(request: Request, path: str) -> Response:
    """Answer one IRI under the base, computed once per release for each distinct request."""
    params = request.query_params
    key = ("resource", path, request.headers.get("accept", ""), request.headers.get("accept-language", ""),
           params.get("format"), params.get("lang"), params.get("page"),
           public_origin(request, deps.get_settings(request)))
    return representations.cached(request, key, lambda: _dereference(request, path))


def _dereference(request: Request, path: str) -> Response:
    """Answer one IRI under the base in the requested representation."""
    try:
        wanted = target(path, request.headers.get("accept"), request.query_params.get("format"))
    except BadFormat as exc:
        return problem(request, 400, "invalid-parameter", f"format={exc}: not a format of resources",
                       accepted=[formats.BY_NAME[n].extension for n in formats.OFFERS[OFFER]])
    settings = deps.get_settings(request)
    iri = to_iri(wanted.path, settings.base_iri)
    triples = triples_of(request, iri)
    if not triples:
        return problem(request, 404, "not-found", f"{iri} is not described in this dataset.")
    headers = alternates(request, wanted.path, iri)
    headers["Content-Location"] = link_target(f"/{wanted.path}.{wanted.format.extension}")
    if wanted.format.kind == "html":
        return pages.resource_response(request, iri, wanted.path, triples, headers)
    body = release.serialize(triples, wanted.format.name, settings.base_iri)
    return Response(body, 200, headers=headers, media_type=wanted.format.content_type)


@router.api_route("/def", methods=["GET", "HEAD"], include_in_schema=False)
def ontology_document(request: Request) -> Response:
    return dereference(request, "def")


@router.api_route("/shapes", methods=["GET", "HEAD"], include_in_schema=False)
def shapes_document(request: Request) -> Response:
    return dereference(request, "shapes")


@router.api_route("/{path:path}", methods=["HEAD"], include_in_schema=False)
@router.api_route("/{path:path}", methods=["GET"], summary="Dereference an IRI under the base")
def resource(request: Request, path: str) -> Response:
    """Any other path: ``/id/...``, ``/def/<Term>``, ``/shapes/<Shape>``, ``/graph/...``."""
    return dereference(request, path)
