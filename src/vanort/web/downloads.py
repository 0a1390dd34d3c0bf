"""``/download/``: the release artefacts, validated by the manifest.

Each file answers with ``ETag`` (its sha256 from the manifest, quoted), ``Last-Modified``
(the manifest's modification time), 304 on ``If-None-Match`` / ``If-Modified-Since``
(RFC 9110 §13.1.1-2: If-None-Match wins), gzip when ``Accept-Encoding`` allows it, and
``Content-Disposition: attachment``. Only names listed in the manifest are served, so no
path can leave the release folder.
"""

from __future__ import annotations

import gzip
import json
import hashlib
from email.utils import format_datetime, parsedate_to_datetime
from datetime import datetime, timezone
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.types import Receive, Scope, Send

from .. import formats
from ..manifest import Release
from ..release import MANIFEST
from . import deps, representations
from .pages import render
from .methods import HEAD_KEY
from .problems import problem, wants_html

STREAM_MIN_BYTES = 64 * 2**20  # larger release files are streamed from disk (StreamedFile)

router = APIRouter()


def listing(current: Release) -> list[dict[str, Any]]:
    """The manifest's files, sorted by name, with their download path."""
    return [{"name": name, "href": f"/download/{name}", **entry} for name, entry in sorted(current.files.items())]


@router.get("/download", include_in_schema=False)
@router.get("/download/", summary="The release files, sizes and checksums")
def download_index(request: Request) -> Response:
    current = deps.get_release(request)
    files = listing(current)
    groups, rest = by_dataset(request, current, files)
    if wants_html(request):
        return render(request, "downloads.html", {"files": files, "datasets": groups, "rest": rest},
                      headers={"Vary": "Accept, Accept-Language"})
    summary = [{k: g[k] for k in ("iri", "title_en", "licence", "files")} for g in groups]
    return JSONResponse({"version": current.version, "files": files, "datasets": summary}, headers={"Vary": "Accept"})


def by_dataset(request: Request, current: Release,
               files: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The files grouped by the catalogue dataset they are distributions of (issue #14: the
    Vännäs page and the national register, each with its licence and attribution), and the files
    of neither (the catalogue itself). The catalogue is read once per release."""
    from .catalogue import catalogue_graph, datasets  # here: web/catalogue.py imports this module

    if "catalogue.ttl" not in current.files:
        return [], files
    rows = json.loads(representations.kept_bytes(request, ("download-datasets",), lambda: json.dumps(
        datasets(catalogue_graph(current), lambda iri: iri)).encode()))
    groups = [{**row, "listing": [f for f in files if f["name"] in row["files"]]} for row in rows]
    claimed = {name for row in rows for name in row["files"]}
    return groups, [f for f in files if f["name"] not in claimed]


def last_modified(current: Release) -> datetime:
    stamp = (current.folder / MANIFEST).stat().st_mtime
    return datetime.fromtimestamp(int(stamp), tz=timezone.utc)


def not_modified(request: Request, etags: set[str], modified: datetime) -> bool:
    """RFC 9110 §13.2.2: If-None-Match is evaluated first; If-Modified-Since only without it."""
    match = request.headers.get("if-none-match")
    if match is not None:
        offered = {tag.strip().removeprefix("W/") for tag in match.split(",")}
        return "*" in offered or bool(offered & etags)
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def accepts_gzip(header: str | None) -> bool:
    """Whether Accept-Encoding allows gzip (RFC 9110 §12.5.3), q=0 meaning no.

    >>> accepts_gzip("gzip, deflate, br"), accepts_gzip("gzip;q=0"), accepts_gzip(None)
    (True, False, False)
    """
    best = 0.0
    for coding, q, _ in formats.parse_accept(header or ""):
        if coding in ("gzip", "x-gzip", "*/*"):
            best = max(best, q)
    return best > 0


def manifest_entry(request: Request, current: Release) -> dict[str, Any]:
    """The manifest names every file but itself; it is served too (issue 12), its checksum
    computed once per release."""
    digest = representations.kept_bytes(
        request, ("manifest-sha256",), lambda: hashlib.sha256((current.folder / MANIFEST).read_bytes()).hexdigest().encode())
    return {"sha256": digest.decode(), "media_type": "application/json"}


@router.get("/download/{name}", summary="One release file")
def download(request: Request, name: str) -> Response:
    current = deps.get_release(request)
    entry = manifest_entry(request, current) if name == MANIFEST else current.files.get(name)
    if entry is None or "/" in name:
        return problem(request, 404, "not-found", f"{name!r} is not a file of release {current.version}")
    fmt = formats.by_media_type(entry["media_type"])
    file = current.folder / MANIFEST if name == MANIFEST else current.path(name)
    # A large dump (2.8 GB of N-Quads at N = 100,000, issue #13) is streamed from disk as it is:
    # never read whole into memory nor compressed per release (identity is an answer
    # Accept-Encoding allows), with byte ranges for resuming a download.
    streamed = file.stat().st_size >= STREAM_MIN_BYTES
    compress = not streamed and accepts_gzip(request.headers.get("accept-encoding"))
    etag = f'"{entry["sha256"]}-gzip"' if compress else f'"{entry["sha256"]}"'
    modified = last_modified(current)
    headers = {
        "ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True),
        "Content-Disposition": f'attachment; filename="{name}"', "Vary": "Accept-Encoding",
        "Cache-Control": "public, max-age=300",
    }
    if not_modified(request, {etag, f'"{entry["sha256"]}"'}, modified):
        return Response(status_code=304, headers=headers)
    media_type = fmt.content_type if fmt else entry["media_type"]
    if streamed:
        return StreamedFile(file, headers=headers, media_type=media_type)
    if compress:
        # compressed once per release, not per harvester
        body = representations.kept_bytes(request, ("download-gzip", name), lambda: gzip.compress(
            file.read_bytes(), compresslevel=6, mtime=0))
        headers["Content-Encoding"] = "gzip"
    else:
        body = file.read_bytes()
    return Response(body, headers=headers, media_type=media_type)


class StreamedFile(FileResponse):
    """A file sent in chunks; a HEAD (which ``methods.HeadAsGet`` runs as a GET) reads none of it."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get(HEAD_KEY):
            scope = {**scope, "method": "HEAD"}
        await super().__call__(scope, receive, send)
