"""HTTP method semantics for every route, in one place (RFC 9110 §9.1, §9.3.2, §9.3.7, §15.5.6).

- ``HEAD`` is ``GET`` minus the body (``HeadAsGet``, the outermost of the application's
  middleware): the request runs as a GET through the same stack (lean path, response cache,
  security headers, forwarded headers), so status and headers (``Content-Type``,
  ``Content-Length``, ``ETag``, ``Vary``, ``Link``, CSP, CORS) are GET's by construction,
  and only the body is dropped. FastAPI's ``@router.get`` routes do not answer HEAD (unlike
  Starlette's), and the resource router's catch-all used to take every HEAD it did not know,
  so ``HEAD /sparql`` was a 404. A HEAD costs what the GET costs: a query in ``/sparql?query=``
  runs with all its limits (guard, time limit, no network), as the same negotiation needs it.
- Any other method on a path that exists but does not support it is 405 with ``Allow``
  (``AllowedMethods``, the innermost middleware); a non-preflight ``OPTIONS`` is 204 with
  ``Allow``; preflights stay with ``security.SecurityMiddleware``. A path no route knows is
  404 whatever the method. Starlette's router would answer 405 with the methods of the first
  route that matches the path only, and the catch-all ``/{path:path}`` matches every path.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import problem

# Set in the GET scope of a HEAD, for a response that can send its headers alone (a file).
HEAD_KEY = "vanort.head"
ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# A request header the probe GET must not inherit: it would change the answer (a body, a
# condition, a range) without telling whether the resource exists.
PROBE_DROPS = frozenset({b"accept", b"accept-encoding", b"content-type", b"content-length", b"transfer-encoding",
                         b"range", b"if-none-match", b"if-modified-since", b"if-match", b"if-unmodified-since",
                         b"if-range"})


class HeadAsGet:
    """Answer ``HEAD`` as ``GET`` without the body (RFC 9110 §9.3.2)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # a streamed GET: its chunks are dropped, the end is sent once
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        # A copy: the server keeps its own scope saying HEAD, so it sends no body either.
        await self.app({**scope, "method": "GET", HEAD_KEY: True}, receive, headers_only)


def allowed(scope: Scope) -> list[str]:
    """The methods some route takes at this path, in ``ORDER`` (HEAD with GET, OPTIONS always).

    Asked of the routes with ``BaseRoute.matches`` for each method, so routers included into
    the app answer for their own routes. The catch-all ``/{path:path}`` takes GET anywhere, so
    whether the path names anything at all is the probe's question (``AllowedMethods.probe``).
    """
    methods = [m for m in ORDER if m not in ("HEAD", "OPTIONS") and takes(scope, m)]
    if "GET" in methods:
        methods.insert(1, "HEAD")
    return [*methods, "OPTIONS"]


def takes(scope: Scope, method: str) -> bool:
    """Whether a route takes ``method`` at the path of ``scope``."""
    return any(route.matches({**scope, "method": method})[0] == Match.FULL for route in scope["app"].router.routes)


class AllowedMethods:
    """405 with ``Allow`` for a method a path does not support, 204 with ``Allow`` for OPTIONS,
    404 for a path nothing answers; GET, and POST where a route takes it, pass through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method")
        if scope["type"] != "http" or method == "GET" or (method != "OPTIONS" and takes(scope, method)):
            await self.app(scope, receive, send)
            return
        methods = allowed(scope)
        request = Request(scope, receive)
        if methods == ["OPTIONS"] or await self.probe(scope) == 404:
            response = problem(request, 404, "not-found", f"Nothing is published at {scope['path']}.")
        elif method == "OPTIONS":  # not a preflight: SecurityMiddleware answered those
            response = Response(status_code=204, headers={"Allow": ", ".join(methods)})
        else:
            response = problem(request, 405, "method-not-allowed",
                               f"{method} is not supported on {scope['path']}; it answers {', '.join(methods)}.",
                               headers={"Allow": ", ".join(methods)}, allowed=methods)
        await response(scope, receive, send)

    async def probe(self, scope: Scope) -> int:
        """The status a plain GET of this path gets, its body dropped: a path exists when its
        GET is not a 404 (``/id/no-such-thing``, ``/download/no-such-file`` are). It costs
        one GET of the path alone: no query string (``PUT /sparql?query=...`` runs no query)
        and the cheapest representation (``Accept: */*``)."""
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in PROBE_DROPS]
        probe_scope = {**scope, "method": "GET", "query_string": b"", "headers": [*headers, (b"accept", b"*/*")]}
        status = 500
        asked = False

        async def receive() -> Message:
            nonlocal asked
            if asked:
                return {"type": "http.disconnect"}
            asked = True
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await self.app(probe_scope, receive, send)
        return status
