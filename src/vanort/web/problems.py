"""RFC 9457 problem details, as JSON for machines and as an HTML page for browsers.

Every error path of the web layer ends here, through ``problem`` or the exception handlers
that ``install`` registers. Client errors are never 500; unexpected exceptions are a 500
with a generic detail and a request id that is also logged.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import PROBLEM_BASE, VanortError
from ..formats import NotAcceptable, parse_accept
from ..store import QueryError

log = logging.getLogger("vanort.web")

TITLES = {
    400: "Bad request", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
    406: "Not acceptable", 413: "Content too large", 415: "Unsupported media type",
    422: "Unprocessable content", 429: "Too many requests", 500: "Internal server error",
    503: "Service unavailable", 504: "Query timed out",
}


def wants_html(request: Request) -> bool:
    """A browser: HTML is acceptable and preferred over JSON."""
    ranges = {r: q for r, q, _ in parse_accept(request.headers.get("accept", ""))}
    html_q = max(ranges.get("text/html", 0), ranges.get("application/xhtml+xml", 0))
    json_q = max(ranges.get("application/problem+json", 0), ranges.get("application/json", 0))
    return html_q > 0 and html_q >= json_q


def problem(request: Request, status: int, slug: str, detail: str, title: str | None = None,
            headers: dict[str, str] | None = None, page_query: str | None = None, **extensions: Any) -> Response:
    """A problem response; ``slug`` becomes the problem type IRI under the project's base.
    ``page_query`` is the query the error is about, shown on the HTML page only."""
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + slug,
        "title": title or TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.scope.get("path", ""),  # not request.url: a hostile Host may not parse
        **extensions,
    }
    if wants_html(request):
        from .error_page import render_problem  # late: the page layout imports this module

        return render_problem(request, status, body, extensions, headers, page_query)
    return JSONResponse(body, status, headers=headers, media_type="application/problem+json")


def install(app: FastAPI) -> None:
    """Register the exception handlers that turn every error into a problem document."""

    @app.exception_handler(VanortError)
    async def _vanort(request: Request, exc: VanortError) -> Response:
        return problem(request, exc.status, exc.slug, exc.detail, exc.title,
                       page_query=getattr(exc, "query", None), **exc.extensions)

    @app.exception_handler(QueryError)
    async def _query(request: Request, exc: QueryError) -> Response:
        retry_after = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        extensions = {"limit_s": exc.limit} if hasattr(exc, "limit") else {}
        return problem(request, exc.status, exc.slug, str(exc), headers=headers, **extensions)

    @app.exception_handler(NotAcceptable)
    async def _not_acceptable(request: Request, exc: NotAcceptable) -> Response:
        detail = "None of the media types in the Accept header is on offer here."
        # negotiated, so it varies with Accept like every answer it stands in for (issue 12)
        return problem(request, 406, "not-acceptable", detail, headers={"Vary": "Accept"}, accepted=exc.accepted)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()]
        return problem(request, 400, "invalid-parameter", "; ".join(errors))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "Error")
        return problem(request, exc.status_code, slug, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        return unexpected(request, exc)


def unexpected(request: Request, exc: Exception) -> Response:
    """The 500 of an exception no handler knows: a generic detail, the traceback logged with a
    request id. ``security.SecurityMiddleware`` sends it, so it carries the CSP like any page."""
    request_id = uuid.uuid4().hex[:12]
    log.error("request %s failed: %s %s", request_id, request.method, request.scope.get("path", ""), exc_info=exc)
    return problem(request, 500, "internal-error",
                   "The server failed to answer this request; the error was logged.",
                   request_id=request_id)
