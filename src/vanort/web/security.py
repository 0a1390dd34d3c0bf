"""Response and request guards that apply to every route, as one pure ASGI middleware.

- Request bodies larger than ``max_body_bytes`` are refused with 413 before they are read
  whole (by ``Content-Length``, and by counting when the body is streamed).
- HTML gets a content security policy that allows only the server's own assets (no CDN, no
  inline script; JSON-LD data blocks are not scripts) and no CORS header: pages are for people.
- An exception no route handled becomes the 500 problem here, with the policy too; a client
  that hung up is one log line.
- Everything else (data, SPARQL results, API answers) is open to scripts on other origins
  with ``Access-Control-Allow-Origin: *``; preflight requests are answered here.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.requests import ClientDisconnect, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.utils import ClientDisconnected

from ..errors import PROBLEM_BASE
from . import problems

log = logging.getLogger("vanort.web")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'none'; "
       "form-action 'self'; object-src 'none'")
EXPOSED = "Content-Location, Link, ETag, Vary, Retry-After, Vanort-Results-Truncated, Vanort-Results-Limit"


class BodyTooLarge(Exception):
    pass


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await _preflight(send)
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body_bytes:
            await self._too_large(scope, send)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = _with_policy(list(message.get("headers", [])))
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except BodyTooLarge:
            if not started:
                await self._too_large(scope, send)
        except (ClientDisconnect, ClientDisconnected):
            # The client hung up mid-request or mid-response: nobody is left to answer, and it is
            # not the server's fault. One line, no traceback (issue #11).
            log.warning("vanort: the client went away before its answer: %s %s", scope["method"], scope.get("path", ""))
        except Exception as exc:  # Starlette's own 500 page would be sent past this middleware
            if started:
                raise
            await problems.unexpected(Request(scope), exc)(scope, receive, guarded_send)

    async def _too_large(self, scope: Scope, send: Send) -> None:
        body = json.dumps({
            "type": PROBLEM_BASE + "body-too-large", "title": "Content too large", "status": 413,
            "detail": f"The request body is larger than {self.max_body_bytes} bytes (setting max_body_bytes).",
            "instance": scope.get("path", ""), "limit": self.max_body_bytes,
        }).encode()
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"), (b"access-control-allow-origin", b"*")]})
        await send({"type": "http.response.body", "body": body})


def _with_policy(headers: list[Any]) -> list[Any]:
    names = {k.lower() for k, _ in headers}
    content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
    if content_type.startswith(b"text/html"):
        if b"content-security-policy" not in names:
            headers.append((b"content-security-policy", CSP.encode()))
        headers.append((b"x-content-type-options", b"nosniff"))
        headers.append((b"referrer-policy", b"strict-origin-when-cross-origin"))
        return [(k, v) for k, v in headers if not k.lower().startswith(b"access-control-")]
    if b"access-control-allow-origin" not in names:
        headers.append((b"access-control-allow-origin", b"*"))
        headers.append((b"access-control-expose-headers", EXPOSED.encode()))
    return headers


async def _preflight(send: Send) -> None:
    await send({"type": "http.response.start", "status": 204, "headers": [
        (b"access-control-allow-origin", b"*"),
        (b"access-control-allow-methods", b"GET, HEAD, POST, OPTIONS"),
        (b"access-control-allow-headers", b"Accept, Content-Type, If-None-Match, If-Modified-Since"),
        (b"access-control-max-age", b"86400"),
        (b"vary", b"Origin")]})
    await send({"type": "http.response.body", "body": b""})
