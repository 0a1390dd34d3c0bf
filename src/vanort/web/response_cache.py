"""Whole responses to repeated GET requests, kept per release and replayed before routing.

A release never changes once it is served, so the response to a GET depends only on the
release, the request line and the request headers. Replaying the recorded response skips
what costs most on the Python request path for small answers (routing, dependency
injection, negotiation, the thread-pool hop, serialisation): a repeated point lookup or a
dereferenced resource costs about what Oxigraph server's whole request costs (bench/NOTES.md).

What is kept: complete responses with status 200 or 303 sent as one body. A live route says
so the HTTP way, ``Cache-Control: no-store`` (``/-/status``), and is never replayed. Other
methods and conditional requests pass through (the routes answer those with 304 from their
ETags).

The key holds the release version, the method, the scheme, the path, the query string and
every request header except those no route reads (user agent, cookies, fetch metadata...),
so two requests share an answer only when the routes could not tell them apart. The store
is the engine's answer cache (``CachingEngine.cache``): one byte budget (``cache_bytes``)
for both, a new empty one with each release, and none when the cache is off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

KEPT_STATUSES = frozenset({200, 303})
# Headers that no route reads: leaving them out of the key lets browsers and clients with
# different user agents share answers.
IGNORED = frozenset({
    b"user-agent", b"connection", b"keep-alive", b"cookie", b"referer", b"cache-control", b"pragma",
    b"dnt", b"upgrade-insecure-requests", b"priority", b"te", b"via", b"x-request-id",
})
CONDITIONAL = frozenset({b"if-none-match", b"if-modified-since", b"if-match", b"if-unmodified-since", b"if-range",
                         b"range"})


@dataclass(frozen=True)
class KeptResponse:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


def request_key(scope: Scope, version: str) -> tuple[Any, ...] | None:
    """The cache key of a request, or None when it must reach the routes."""
    if scope["method"] not in ("GET", "HEAD"):
        return None
    headers = []
    for name, value in scope["headers"]:
        name = name.lower()
        if name in CONDITIONAL:
            return None
        if name in IGNORED or name.startswith(b"sec-"):
            continue
        headers.append((name, value))
    headers.sort()
    return ("response", version, scope["method"], scope.get("scheme"), scope.get("root_path", ""),
            scope["path"], scope["query_string"], tuple(headers))


class ResponseCacheMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        cache = getattr(state.engine, "cache", None)
        key = request_key(scope, state.release.version) if cache is not None else None
        if key is None:
            await self.app(scope, receive, send)
            return
        kept = cache.get(key)
        if kept is not None:
            await send({"type": "http.response.start", "status": kept.status, "headers": list(kept.headers)})
            await send({"type": "http.response.body", "body": kept.body})
            return
        start: Message | None = None
        chunks: list[bytes] = []
        whole = True

        async def recording_send(message: Message) -> None:
            nonlocal start, whole
            if message["type"] == "http.response.start":
                # a copy: the middleware outside (security headers) adds to the message it is
                # sent, and a replay would get those added twice
                start = {**message, "headers": list(message.get("headers", ()))}
            elif message["type"] == "http.response.body":
                if whole and not chunks and not message.get("more_body", False):
                    chunks.append(message.get("body", b""))
                else:  # streamed (a large download): nothing of it is held
                    whole = False
                    chunks.clear()
            await send(message)

        await self.app(scope, receive, recording_send)
        if start is not None and whole and chunks and start["status"] in KEPT_STATUSES and keepable(start):
            cache.put(key, KeptResponse(start["status"], tuple(start.get("headers", ())), chunks[0]))


def keepable(start: Message) -> bool:
    """A route that marks its answer ``Cache-Control: no-store`` is never replayed."""
    return not any(name.lower() == b"cache-control" and b"no-store" in value.lower()
                   for name, value in start.get("headers", ()))
