"""``/sparql``: the SPARQL 1.1 Protocol endpoint (GET, POST form, POST direct).

The engine call and the serialisation of its answer run as one call on a pool thread
(``run_in_threadpool``; pyoxigraph's result iterators are unsendable), never on the event
loop. The event loop only reads the body and watches for the client going away.
The logic lives in ``vanort.sparql_protocol`` and ``vanort.service_description``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from .. import service_description
from ..config import Settings
from ..formats import choose, negotiate, parse_accept
from ..sparql_protocol import Operation, execute, parse, too_long
from ..store import Engine
from . import query_ui
from .deps import get_engine, get_settings
from .origin import public_origin

router = APIRouter(tags=["SPARQL 1.1 Protocol"])


@dataclass(frozen=True)
class RawRequest:
    method: str
    query_string: str
    content_type: str | None
    accept: str | None
    body: bytes


async def raw_request(request: Request, settings: Settings = Depends(get_settings)) -> RawRequest:
    """The parts of the request the protocol needs; the body is capped while it is read.

    Percent-encoding at most triples a query's length, plus room for graph parameters.
    """
    cap = 3 * 4 * settings.max_query_length + 65_536
    body = bytearray()
    if request.method == "POST":
        async for chunk in request.stream():
            body += chunk
            if len(body) > cap:
                raise too_long(len(body), settings.max_query_length)
    return RawRequest(request.method, request.url.query, request.headers.get("content-type"),
                      request.headers.get("accept"), bytes(body))


def _respond(raw: RawRequest, request: Request, engine: Engine, settings: Settings,
             cancelled: Callable[[], bool] | None = None) -> Response:
    operation = parse(raw.method, raw.query_string, raw.content_type, raw.body, settings.max_query_length)
    if operation.query is None:
        return _describe(raw, operation, request, engine, settings)
    outcome = execute(engine, operation, raw.accept, settings.max_result_rows, settings.base_iri, cancelled,
                      settings.max_query_depth)
    return Response(outcome.body, 200, headers=outcome.headers, media_type=outcome.content_type)


def _wants_ui(accept: str | None, operation: Operation) -> bool:
    """A browser: it names HTML explicitly and prefers it (curl's */* gets the description)."""
    if operation.format:
        return False
    explicit = any(r in ("text/html", "application/xhtml+xml") and q > 0 for r, q, _ in parse_accept(accept or ""))
    return explicit and negotiate(accept, "page").name == "html"


def _describe(raw: RawRequest, operation: Operation, request: Request, engine: Engine,
              settings: Settings) -> Response:
    """No query: the query UI for browsers, the Service Description for machines."""
    if _wants_ui(raw.accept, operation):
        page = query_ui.render(request)
        vary = [v.strip() for v in page.headers.get("vary", "").split(",") if v.strip()]
        page.headers["Vary"] = ", ".join(vary + ([] if "Accept" in vary else ["Accept"]))  # §3: negotiated
        return page
    chosen = choose(raw.accept, operation.format, "machine")
    triples = service_description.build(settings, engine.graphs(), public_origin(request, settings))
    body = service_description.serialize(triples, chosen, settings.base_iri)
    return Response(body, 200, headers={"Vary": "Accept"}, media_type=chosen.content_type)


async def _answer(raw: RawRequest, request: Request, engine: Engine, settings: Settings) -> Response:
    """Answer on a worker thread while watching the connection: a query whose client went
    away is stopped (its query worker is killed), not left running for nobody."""
    gone = threading.Event()

    async def watch() -> None:
        while not gone.is_set():
            if await request.is_disconnected():
                gone.set()
                return
            await asyncio.sleep(0.25)

    watcher = asyncio.create_task(watch())
    try:
        return await run_in_threadpool(_respond, raw, request, engine, settings, gone.is_set)
    finally:
        watcher.cancel()


@router.get("/sparql", summary="SPARQL query by GET; without a query, the service description or query UI")
async def get_sparql(request: Request, raw: RawRequest = Depends(raw_request), engine: Engine = Depends(get_engine),
                     settings: Settings = Depends(get_settings)) -> Response:
    return await _answer(raw, request, engine, settings)


@router.post("/sparql", summary="SPARQL query by POST (form-encoded or application/sparql-query)")
async def post_sparql(request: Request, raw: RawRequest = Depends(raw_request), engine: Engine = Depends(get_engine),
                      settings: Settings = Depends(get_settings)) -> Response:
    return await _answer(raw, request, engine, settings)
