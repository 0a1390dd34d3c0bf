"""``/reconcile``: Reconciliation Service API 0.2 for OpenRefine and other clients.

GET without ``queries`` answers the manifest; ``queries`` (a JSON batch) by GET parameter or
POST form runs a batch (0.2 §4.2). A POST with a JSON body (``{"queries": {...}}``) runs the same
batch; the 1.0 draft's list of queries, and any other body, get a 4xx problem saying what to
send instead, never the manifest (issue 12). Every answer allows any origin (CORS), because the
testbench and browser clients fetch it from other sites; a ``callback`` parameter wraps the
JSON as JSONP, which older OpenRefine suggest widgets still send.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from .. import reconcile
from .deps import get_settings
from .origin import public_origin
from .problems import problem

router = APIRouter()
CORS = {"Access-Control-Allow-Origin": "*"}
PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *; base-uri 'none'"
_CALLBACK = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")


def _index(request: Request) -> reconcile.Index:
    """The index of the app's engine, built on first use and kept on the app (no globals)."""
    state = request.app.state
    index = getattr(state, "reconcile_index", None)
    if index is None:
        index = reconcile.build_index(state.engine, get_settings(request).base_iri)
        state.reconcile_index = index
    return index


def _json(request: Request, document: dict[str, Any], callback: str | None) -> Response:
    body = json.dumps(document, ensure_ascii=False)
    if callback is None:
        return Response(body, media_type="application/json", headers=CORS)
    if not _CALLBACK.fullmatch(callback):
        return problem(request, 400, "invalid-parameter", "callback must be a JavaScript identifier", headers=CORS)
    return Response(f"/**/{callback}({body});", media_type="text/javascript", headers=CORS)


async def _answer(request: Request, queries: str | None, callback: str | None) -> Response:
    index = await run_in_threadpool(_index, request)
    if queries is None:
        origin = public_origin(request, get_settings(request))
        return _json(request, reconcile.manifest(index, origin), callback)
    try:
        batch = json.loads(queries)
    except ValueError:
        return problem(request, 400, "invalid-parameter", "queries is not JSON", headers=CORS)
    if not isinstance(batch, dict):
        return problem(request, 400, "invalid-parameter", "queries must be a JSON object of queries", headers=CORS)
    return _json(request, await run_in_threadpool(reconcile.reconcile, index, batch), callback)


@router.get("/reconcile")
async def get_reconcile(request: Request) -> Response:
    params = request.query_params
    return await _answer(request, params.get("queries"), params.get("callback"))


FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
DRAFT_1_0 = ("this service speaks Reconciliation API 0.2: queries is an object of named queries "
             '({"q0": {"query": "Vännäs"}}); the 1.0 draft\'s list of queries is not supported')


@router.post("/reconcile")
async def post_reconcile(request: Request) -> Response:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "application/json" or media_type.endswith("+json"):
        return await _json_body(request)
    if media_type not in FORMS and (media_type or await request.body()):
        return problem(request, 415, "unsupported-media-type",
                       f"{media_type or 'a body without Content-Type'}: send queries as a form field "
                       "(application/x-www-form-urlencoded) or as a JSON body {\"queries\": {...}}",
                       headers=CORS, accepted=[*FORMS, "application/json"])
    form = await request.form()
    queries = form.get("queries")
    callback = form.get("callback") or request.query_params.get("callback")
    return await _answer(request, queries if isinstance(queries, str) else None,
                         callback if isinstance(callback, str) else None)


async def _json_body(request: Request) -> Response:
    """``{"queries": {...}}`` as a JSON body: the batch of a form POST, in JSON."""
    try:
        document = json.loads(await request.body())
    except ValueError:
        return problem(request, 400, "invalid-parameter", "the request body is not JSON", headers=CORS)
    queries = document.get("queries") if isinstance(document, dict) else None
    if isinstance(queries, list):
        return problem(request, 400, "invalid-parameter", DRAFT_1_0, headers=CORS)
    if not isinstance(queries, (dict, str)):
        return problem(request, 400, "invalid-parameter",
                       'the JSON body must be an object {"queries": {...}} of named queries', headers=CORS)
    return await _answer(request, queries if isinstance(queries, str) else json.dumps(queries),
                         request.query_params.get("callback"))


@router.get("/reconcile/preview")
async def get_preview(request: Request, id: str = "") -> Response:
    index = await run_in_threadpool(_index, request)
    fragment = reconcile.preview(index, id)
    if fragment is None:
        return problem(request, 404, "not-found", f"no entity with id {id!r}", headers=CORS)
    # OpenRefine shows the preview in an iframe on its own origin: allow framing anywhere but no
    # script (web/security.py would otherwise send frame-ancestors 'self' and strip CORS on HTML).
    return HTMLResponse(fragment, headers={**CORS, "Content-Security-Policy": PREVIEW_CSP})


@router.get("/reconcile/suggest/entity")
async def get_suggest(request: Request, prefix: str = "", callback: str | None = None) -> Response:
    index = await run_in_threadpool(_index, request)
    return _json(request, reconcile.suggest(index, prefix), callback)
