"""``/-/docs``: the OpenAPI description in Swagger UI, served from this server (issue #11).

FastAPI's own page loads Swagger UI from a CDN with an inline script, which the server's
content security policy blocks (a broken page, and against "no CDN"). Here Swagger UI
(``swagger-ui-dist``, Apache-2.0) is vendored from the npm registry into
``static/vendor/swagger-ui/`` by ``make vendor``, like Yasgui, and started by
``static/api-docs.js``, a file, not an inline script. Without the vendored files the page
says so and links the description itself.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .pages import render

router = APIRouter()

VENDOR = ("static", "vendor", "swagger-ui", "swagger-ui-bundle.js")
OPENAPI = "/-/openapi.json"


def installed() -> bool:
    return resources.files("vanort").joinpath(*VENDOR).is_file()


@router.get("/-/docs", summary="The HTTP API in Swagger UI (its OpenAPI description: /-/openapi.json)")
def api_docs(request: Request) -> Response:
    return render(request, "api_docs.html", {"installed": installed(), "openapi": OPENAPI})
