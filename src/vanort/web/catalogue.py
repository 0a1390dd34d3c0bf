"""Catalogue routes (issue #4): DCAT-AP-SE at /datasets/dcat, VoID, the self-check, /psidata.

The catalogue and VoID are files of the release, served as they were built (never computed
at start-up); other formats are converted from the Turtle file. The ETag is the sha256 of the
release file the body comes from (plus the format name for converted bodies), so a nightly
harvester gets 304 until a new release appears. URLs inside the catalogue are under the base
IRI; /psidata and /-/quality map them to this server's origin (web/origin.py).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDFS, Namespace
from starlette.exceptions import HTTPException

from .. import quality
from ..catalogue_settings import load_publisher
from ..config import Settings
from ..formats import Format, negotiate
from ..manifest import Release
from . import origin, representations
from .deps import get_release, get_settings
from .downloads import last_modified, not_modified
from ..labels import page_language
from .pages import render
from .problems import wants_html

ADMS = Namespace("http://www.w3.org/ns/adms#")
router = APIRouter()
# Short names of the licences the datasets carry (issue #14), shown beside the licence link.
LICENCE_NAMES = {"http://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
                 "http://creativecommons.org/licenses/by-sa/4.0/": "CC BY-SA 4.0"}

# format name -> release file holding that representation (others are converted from Turtle)
CATALOGUE_FILES = {"rdfxml": "catalogue.rdf", "turtle": "catalogue.ttl", "jsonld": "catalogue.jsonld"}
VOID_FILES = {"turtle": "void.ttl"}


def _read(release: Release, name: str) -> bytes:
    try:
        return release.path(name).read_bytes()
    except (KeyError, FileNotFoundError) as exc:
        raise HTTPException(404, f"{name} is not part of release {release.version}; rebuild with `vanort build`") from exc


def representation(release: Release, files: dict[str, str], fmt: Format) -> tuple[bytes, str]:
    """Body and ETag of a catalogue-like file in ``fmt``; the tag is the file's sha256 from the
    manifest (verified when the release was opened), so nothing is hashed per request."""
    name = files.get(fmt.name, files["turtle"])
    body = _read(release, name)
    tag = release.files[name]["sha256"]
    if fmt.name in files:
        return body, tag
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    return ox.serialize(triples, format=fmt.rdf_format), f"{tag}-{fmt.name}"


def _rdf_response(request: Request, release: Release, files: dict[str, str], offer: str) -> Response:
    fmt = negotiate(request.headers.get("accept"), offer)
    body, tag = representation(release, files, fmt)
    etag = f'"{tag}"'
    headers = {"Vary": "Accept", "ETag": etag, "Cache-Control": "public, max-age=3600"}
    if not_modified(request, {etag}, last_modified(release)):
        return Response(status_code=304, headers=headers)
    return Response(body, 200, headers=headers, media_type=fmt.content_type)


@router.get("/datasets/dcat")
def get_dcat(request: Request, release: Release = Depends(get_release)) -> Response:
    """The DCAT-AP-SE catalogue: RDF/XML by default (dataportal.se harvests it), negotiated."""
    return _rdf_response(request, release, CATALOGUE_FILES, "catalogue")


@router.get("/.well-known/void")
def get_void(request: Request, release: Release = Depends(get_release)) -> Response:
    """The VoID description (Turtle by default; VoID §7.2 well-known location)."""
    return _rdf_response(request, release, VOID_FILES, "machine")


def catalogue_graph(release: Release) -> Graph:
    return Graph().parse(data=_read(release, "catalogue.ttl"), format="turtle")


def in_process_fetch(app, settings: Settings, base_url: str = "http://127.0.0.1:8000/"):  # type: ignore[no-untyped-def]
    """A ``fetch(url) -> status`` that asks ``app`` itself for URLs under the base IRI."""
    from fastapi.testclient import TestClient

    client = TestClient(app, base_url=base_url.rstrip("/"))

    def fetch(url: str) -> int:
        local = origin.to_local(url, settings.base_iri)
        return 0 if local is None else client.get(local, follow_redirects=False).status_code

    return fetch


def http_fetch(server: str, settings: Settings):  # type: ignore[no-untyped-def]
    """A ``fetch(url) -> status`` over HTTP against a running server at ``server``."""
    import httpx

    def fetch(url: str) -> int:
        local = origin.to_local(url, settings.base_iri)
        target = server.rstrip("/") + local if local is not None else url
        try:
            return httpx.get(target, follow_redirects=True, timeout=30).status_code
        except httpx.HTTPError:
            return 0

    return fetch


def self_check(settings: Settings, release: Release, fetch, shapes_dir: Path | None = None) -> quality.QualityReport:  # type: ignore[no-untyped-def]
    graph = catalogue_graph(release)
    violations = quality.dcat_ap_violations(graph, shapes_dir) if shapes_dir else None
    return quality.assess(graph, fetch, load_publisher(settings.root),
                          bool(release.document.get("conforms")), violations)


@router.get("/-/quality")
def get_quality(request: Request, settings: Settings = Depends(get_settings),
                release: Release = Depends(get_release)) -> Response:
    """What a portal would score, computed locally; every URL is fetched from this app.

    The check fetches every download, so it runs once per release, whatever the origin a
    request names (the report holds base IRIs only), and is then served from memory: a public
    page must not let anyone multiply the server's work (issue #11: 0.4 s per new host)."""
    as_html = wants_html(request)
    language = page_language(request.headers.get("accept-language"), request.query_params.get("lang"))
    return representations.cached(request, ("quality", as_html, language),
                                  lambda: _quality(request, settings, release, as_html))


def _report(request: Request, settings: Settings, release: Release) -> quality.QualityReport:
    """The self-check of the served release, made once (concurrent first requests wait for it)."""
    state = request.app.state
    with state.quality_lock:
        kept = getattr(state, "quality_report", None)
        if kept is None or kept[0] != release.version:
            kept = (release.version, self_check(settings, release, in_process_fetch(request.app, settings)))
            state.quality_report = kept
    return kept[1]  # type: ignore[no-any-return]


def _quality(request: Request, settings: Settings, release: Release, as_html: bool) -> Response:
    report = _report(request, settings, release)
    if not as_html:
        return JSONResponse(report.to_json(), headers={"Vary": "Accept"})
    return render(request, "catalogue/quality.html", {"report": report, "data": report.to_json()},
                  headers={"Vary": "Accept, Accept-Language"})


@router.get("/psidata")
def get_psidata(request: Request, settings: Settings = Depends(get_settings),
                release: Release = Depends(get_release)) -> Response:
    """Human-readable list of the datasets (the /psidata page of Swedish public bodies)."""
    here = origin.public_origin(request, settings)
    rows = datasets(catalogue_graph(release), lambda iri: _localise(iri, settings.base_iri, here))
    return render(request, "catalogue/psidata.html", {"datasets": rows, "catalogue_url": "/datasets/dcat"})


def _text(graph: Graph, s, p, lang: str) -> str:  # type: ignore[no-untyped-def]
    if s is None:  # an absent resource (e.g. no rights statement) has no text
        return ""
    values = [str(o) for o in graph.objects(s, p) if getattr(o, "language", None) == lang]
    return sorted(values)[0] if values else ""


def datasets(graph: Graph, link) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """The catalogue's datasets as plain rows for the /psidata page."""
    rows = []
    version, has_version = URIRef(str(DCAT) + "version"), URIRef(str(DCAT) + "hasVersion")  # DCAT 3 terms
    # past releases are not listed: they are versions; the Vännäs page (#dataset) before the register
    for ds in sorted(graph.objects(None, DCAT.dataset)):
        dists = []
        for d in sorted(graph.objects(ds, DCAT.distribution)):
            url = graph.value(d, DCAT.downloadURL)
            size = graph.value(d, DCAT.byteSize)
            dists.append({"title": _text(graph, d, DCTERMS.title, "en"), "url": link(str(url)) if url else "",
                          "media_type": str(graph.value(d, DCAT.mediaType) or "").rsplit("media-types/", 1)[-1],
                          "bytes": int(size) if size is not None else None})
        rows.append({
            "iri": str(ds), "title_sv": _text(graph, ds, DCTERMS.title, "sv"), "title_en": _text(graph, ds, DCTERMS.title, "en"),
            "description_sv": _text(graph, ds, DCTERMS.description, "sv"),
            "description_en": _text(graph, ds, DCTERMS.description, "en"),
            "licence": str(graph.value(ds, DCTERMS.license) or (dists and graph.value(
                sorted(graph.objects(ds, DCAT.distribution))[0], DCTERMS.license)) or ""),
            "version": str(graph.value(ds, version) or ""),
            "history": sorted(({"version": str(graph.value(v, version) or ""),
                                "issued": str(graph.value(v, DCTERMS.issued) or ""),
                                "notes_sv": _text(graph, v, ADMS.versionNotes, "sv"),
                                "notes_en": _text(graph, v, ADMS.versionNotes, "en")}
                               for v in graph.objects(ds, has_version)),
                              key=lambda h: (h["issued"], h["version"]), reverse=True),
            "licence_name": LICENCE_NAMES.get(str(graph.value(ds, DCTERMS.license) or ""), ""),
            "rights_sv": _text(graph, graph.value(ds, DCTERMS.rights), RDFS.label, "sv"),
            "rights_en": _text(graph, graph.value(ds, DCTERMS.rights), RDFS.label, "en"),
            "files": sorted(str(graph.value(d, DCAT.downloadURL)).rsplit("/", 1)[-1]
                            for d in graph.objects(ds, DCAT.distribution)),
            "keywords": sorted(str(k) for k in graph.objects(ds, DCAT.keyword)),
            "distributions": dists,
            "endpoint": link(str(graph.value(None, DCAT.endpointURL) or "")),
        })
    return rows


def _localise(iri: str, base: str, here: str) -> str:
    local = origin.to_local(iri, base)
    return here.rstrip("/") + local if local is not None else iri
