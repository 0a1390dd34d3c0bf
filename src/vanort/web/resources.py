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

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from .. import formats, release
from ..formats import Format
from . import deps, graphs, pages, representations
from .origin import link_target, public_origin, to_iri
from .problems import problem

router = APIRouter()

OFFER = "resource"
# The documents served from release artefacts, by their path under the base: the whole file
# for the path itself, the concise bounded description of a term under it (def/<Term>).
DOCUMENTS = {"def": "ontology.ttl", "shapes": "shapes.ttl"}
# The named graphs (by their path under the base) a whole document is the union of.
DOCUMENT_GRAPHS = {"def": "graph/ontology/", "shapes": "graph/shapes/"}
# `id/` is VoID's uriSpace and `id` its stem: both answer with the VoID description.
VOID_PATHS = ("id", "id/")
OWL_VERSION_IRI = "http://www.w3.org/2002/07/owl#versionIRI"


class BadFormat(Exception):
    """``?format=`` names no format on offer."""


@dataclass(frozen=True)
class Description:
    """What an IRI under the base answers with, before a format is chosen."""

    path: str  # the path whose representations these are (a namespace answers as its document)
    page_iri: str  # the IRI whose HTML page shows it (a version IRI shows the ontology's page)
    offer: str  # "resource" (with graph context: N-Quads, TriG) or "document"
    triples: list[ox.Triple]
    quads: Callable[[], list[ox.Quad]] | None = None


def split_suffix(path: str) -> tuple[str, Format | None]:
    """``id/m/a.ttl`` -> (``id/m/a``, Turtle); a path without a format suffix is kept whole.

    >>> split_suffix("graph/data/x.nq")[1].name, split_suffix("def/0.1.0")
    ('nquads', ('def/0.1.0', None))
    """
    stem, dot, extension = path.rpartition(".")
    suffixed = formats.by_extension(extension, OFFER) if dot and "/" not in extension else None
    return (stem, suffixed) if suffixed is not None else (path, None)


def representation(accept: str | None, format_parameter: str | None, offer: str = OFFER) -> Format:
    """The format ``?format=`` or Accept asks for, among those of ``offer``.

    HTML is on offer last (formats.OFFERS): a wildcard means data, a browser names text/html.

    >>> representation("*/*", None).name
    'turtle'
    >>> representation("text/html,application/xhtml+xml,*/*;q=0.8", None).name
    'html'
    >>> representation("text/x-nquads, */*;q=0.1", None).name
    'nquads'
    >>> representation("text/x-nquads, */*;q=0.1", None, "document").name
    'turtle'
    >>> representation("text/html", "xml").name
    'rdfxml'
    """
    if format_parameter is not None:
        chosen = formats.by_name(format_parameter, offer)
        if chosen is None:
            raise BadFormat(format_parameter)
        return chosen
    return formats.negotiate(accept, offer)


def describe(request: Request, path: str) -> Description | None:
    """What ``path`` under the base describes, or None when nothing does."""
    settings = deps.get_settings(request)
    base, engine = settings.base_iri, deps.get_engine(request)
    iri = to_iri(path, base)
    if path in VOID_PATHS:
        return Description("id", iri, "document", artefact_triples(request, "void.ttl"))
    for name, file in DOCUMENTS.items():
        in_graphs = base + DOCUMENT_GRAPHS[name]

        def document_quads() -> list[ox.Quad]:
            return [q for g in engine.graphs() if g.startswith(in_graphs) for q in graphs.quads(engine, base, g=g)]

        if path in (name, name + "/"):  # the namespace IRI `def/` is the ontology document
            return Description(name, base + name, OFFER, artefact_triples(request, file), document_quads)
        if path.startswith(name + "/"):
            whole = artefact_triples(request, file)
            if any(t.predicate.value == OWL_VERSION_IRI and t.object == ox.NamedNode(iri) for t in whole):
                return Description(path, base + name, OFFER, whole, document_quads)  # this version of the ontology
            return Description(path, iri, "document", bounded_description(whole, iri))
    if iri in engine.graphs():
        return graph_description(request, path, iri)
    if path.endswith("/") and path.strip("/"):
        return describe(request, path.rstrip("/"))  # a scheme's namespace answers as the scheme
    return Description(path, iri, OFFER, engine.describe(iri),
                       lambda: graphs.quads(engine, base, s=iri))


def graph_description(request: Request, path: str, iri: str) -> Description:
    settings = deps.get_settings(request)
    contents = graphs.quads(deps.get_engine(request), settings.base_iri, g=iri)
    return Description(path, iri, OFFER, graphs.description(iri, contents, settings),
                       lambda: graphs.with_description(iri, contents, settings))


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


def alternates(request: Request, path: str, iri: str, offer: str = OFFER) -> dict[str, str]:
    """``Vary``, and ``Link`` to every representation and to the canonical IRI (RFC 8288)."""
    origin = public_origin(request, deps.get_settings(request))
    links = [f'<{link_target(iri)}>; rel="canonical"'] + [
        f'<{link_target(origin + path)}.{formats.BY_NAME[name].extension}>; rel="alternate"; '
        f'type="{formats.BY_NAME[name].media_type}"'
        for name in formats.OFFERS[offer]
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
    settings = deps.get_settings(request)
    stem, chosen = split_suffix(path)
    described = describe(request, stem) if chosen is not None else None
    if described is None or not described.triples or chosen.name not in formats.OFFERS[described.offer]:
        described, chosen = describe(request, path), None  # no suffix, or one not offered here
    if described is None or not described.triples:
        return problem(request, 404, "not-found", f"{to_iri(path, settings.base_iri)} is not described in this dataset.")
    if chosen is None:
        try:
            chosen = representation(request.headers.get("accept"), request.query_params.get("format"), described.offer)
        except BadFormat as exc:
            return problem(request, 400, "invalid-parameter", f"format={exc}: not a format of this resource",
                           accepted=[formats.BY_NAME[n].extension for n in formats.OFFERS[described.offer]])
    headers = alternates(request, described.path, to_iri(described.path, settings.base_iri), described.offer)
    headers["Content-Location"] = link_target(f"/{described.path}.{chosen.extension}")
    if chosen.kind == "html":
        return pages.resource_response(request, described.page_iri, described.path, described.triples, headers,
                                       described.offer)
    if chosen.kind == "dataset" and described.quads is not None:
        body = graphs.serialize_quads(described.quads(), chosen, settings.base_iri)
    else:
        body = release.serialize(described.triples, chosen.name, settings.base_iri)
    return Response(body, 200, headers=headers, media_type=chosen.content_type)


@router.get("/def", include_in_schema=False)
def ontology_document(request: Request) -> Response:
    return dereference(request, "def")


@router.get("/shapes", include_in_schema=False)
def shapes_document(request: Request) -> Response:
    return dereference(request, "shapes")


@router.get("/{path:path}", summary="Dereference an IRI under the base")
def resource(request: Request, path: str) -> Response:
    """Any other path: ``/id/...``, ``/def/<Term>``, ``/shapes/<Shape>``, ``/graph/...``."""
    return dereference(request, path)
