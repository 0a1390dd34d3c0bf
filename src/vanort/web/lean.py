"""The hot routes as lean ASGI endpoints (issue #13): ``/sparql`` queries and ``/id/...``.

A unique point lookup through FastAPI cost about 2.5 ms of server CPU, of which the engine
took a tenth (bench/NOTES.md, profile 4): dependency injection ran each plain ``def``
dependency through the thread pool (three hops per request), and the response passed five
``send`` wrappers. Here the same work is done with the ASGI scope directly:

- ``/sparql`` with a query (GET with ``query=``, any POST): the protocol functions of
  ``sparql_protocol`` on the raw parts of the request, then the engine's ``run_async``: the
  query goes to a worker process as bytes and the event loop waits for its finished answer
  (``isolation.WorkerPool.run_async``), with no thread-pool hop. An engine without query
  workers (tests, a bare in-process store) is called on the thread pool.
- ``GET /id/...`` as Turtle, N-Triples or RDF/XML: a lookup in the store plus pyoxigraph's
  serialisation (tens of microseconds), answered on the event loop; HTML pages (templates)
  and JSON-LD (compacted with rdflib) go to the thread pool, as before.
- A GET without a ``query`` parameter (service description, query UI) and every other path
  go to the FastAPI application, unchanged. A HEAD takes the path its GET takes: the
  application's outermost middleware (``methods.HeadAsGet``) makes it a GET in both stacks.

The application's own pure ASGI middleware (``user_middleware``: security headers and body
limit, forwarded headers, response cache, origin Vary) wraps both paths, so replayed answers,
CORS, CSP and limits are identical, and errors are rendered by the exception handlers FastAPI
has registered (``problems``).
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.types import Receive, Scope, Send

from ..formats import NotAcceptable
from ..sparql_protocol import bad_request, execute, execute_async, parse, too_long
from . import resources

RESOURCE_PREFIX = "/id/"
# Representations pyoxigraph writes in microseconds; HTML (templates) and JSON-LD (compacted
# with rdflib) take milliseconds and are made on the thread pool.
IN_LOOP = frozenset({"turtle", "ntriples", "rdfxml"})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return value.decode("latin-1")  # type: ignore[no-any-return]
    return None


async def _body(receive: Receive, cap: int, max_query_length: int) -> bytes:
    """The request body, refused (413) as soon as it passes ``cap`` bytes."""
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()  # SecurityMiddleware logs it in one line
        body += message.get("body", b"")
        if len(body) > cap:
            raise too_long(len(body), max_query_length)
        if not message.get("more_body", False):
            break
    return bytes(body)


async def _send_bytes(send: Send, status: int, headers: dict[str, str], body: bytes) -> None:
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    raw.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class HotRoutes:
    """The endpoint behind the middleware: answers what it can, hands the rest to FastAPI."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            if scope["path"] == "/sparql":
                await self.sparql(scope, receive, send)
            else:
                await self.resource(scope, receive, send)
        except Exception as exc:  # noqa: BLE001 - a known error becomes its problem document
            handler = self.handler(exc)
            if handler is None:
                raise  # a middleware's own (e.g. the body limit's), else ServerErrorMiddleware's 500
            response = handler(Request(scope, receive), exc)
            if asyncio.iscoroutine(response):
                response = await response
            await response(scope, receive, send)

    async def sparql(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = self.app.state
        settings, engine = state.settings, state.engine
        method = scope["method"]
        try:
            query_string = scope["query_string"].decode("utf-8")
        except UnicodeDecodeError:
            query_string = scope["query_string"].decode("latin-1")  # parse() names the bad parameter
        body = b""
        if method == "POST":
            cap = 3 * 4 * settings.max_query_length + 65_536  # percent-encoding triples a query at most
            body = await _body(receive, cap, settings.max_query_length)
        operation = parse(method, query_string, _header(scope, b"content-type"), body, settings.max_query_length)
        if operation.query is None:  # hot() sends a GET here only with a query parameter
            raise bad_request("no 'query' parameter: send exactly one query")
        gone: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        watcher = asyncio.create_task(_watch(receive, gone))
        accept = _header(scope, b"accept")
        try:
            if hasattr(engine, "run_async"):  # query workers: waited for on this event loop
                outcome = await execute_async(engine, operation, accept, settings.max_result_rows,
                                              settings.base_iri, gone, settings.max_query_depth)
            else:  # an engine that runs queries in this process (tests, a bare OxigraphEngine)
                outcome = await run_in_threadpool(execute, engine, operation, accept, settings.max_result_rows,
                                                  settings.base_iri, gone.done, settings.max_query_depth)
        finally:
            watcher.cancel()
        await _send_bytes(send, 200, {**outcome.headers, "content-type": outcome.content_type}, outcome.body)

    async def resource(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        path = scope["path"][1:]
        _, suffixed = resources.split_suffix(path)
        try:
            wanted = suffixed or resources.representation(request.headers.get("accept"),
                                                          request.query_params.get("format"))
            in_loop = wanted.name in IN_LOOP
        except (resources.BadFormat, NotAcceptable):
            in_loop = True  # answered with a problem at once
        if in_loop:
            response = resources.dereference(request, path)
        else:
            response = await run_in_threadpool(resources.dereference, request, path)
        await response(scope, receive, send)

    def handler(self, exc: Exception) -> Any:
        """The handler FastAPI's ExceptionMiddleware would use (``problems.install``); the
        catch-all for ``Exception`` is ServerErrorMiddleware's, outside the middleware."""
        for kind in type(exc).__mro__:
            if kind is Exception:
                return None
            handler = self.app.exception_handlers.get(kind)
            if handler is not None:
                return handler
        return None


async def _watch(receive: Receive, gone: asyncio.Future[None]) -> None:
    """Resolve ``gone`` when the client disconnects (the body, if any, has been read)."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            if not gone.done():
                gone.set_result(None)
            return


def hot(scope: Scope) -> bool:
    """Whether a request takes the lean path."""
    if scope["type"] != "http":
        return False
    path, method = scope["path"], scope["method"]
    if method == "HEAD":
        method = "GET"  # methods.HeadAsGet, in both stacks, answers it as the GET
    if path == "/sparql":
        return method == "POST" or (method == "GET" and any(
            pair.partition(b"=")[0] == b"query" for pair in scope["query_string"].split(b"&")))
    return method == "GET" and path.startswith(RESOURCE_PREFIX) and len(path) > len(RESOURCE_PREFIX)


class LeanFastAPI(FastAPI):
    """FastAPI, with the hot routes answered before FastAPI's own stack (see the module)."""

    _lean: Any = None

    def lean_stack(self) -> Any:
        """``HotRoutes`` inside the application's own pure ASGI middleware, in the same order
        (Starlette's ``user_middleware``: the one added last is outermost), inside Starlette's
        ServerErrorMiddleware with the application's 500 handler, as Starlette builds it."""
        app: Any = HotRoutes(self)
        for cls, args, kwargs in reversed(self.user_middleware):
            app = cls(app, *args, **kwargs)
        return ServerErrorMiddleware(app, handler=self.exception_handlers.get(Exception), debug=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if hot(scope):
            if self._lean is None:
                self._lean = self.lean_stack()
            scope["app"] = self
            await self._lean(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
