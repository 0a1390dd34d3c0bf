"""Which origin a request was made to, decided once before routing (issue #11).

``ForwardedHeaders`` (in front of the response cache):
- ``X-Forwarded-Host`` / ``X-Forwarded-Proto`` count only when the connection comes from an
  address in ``trusted_proxies`` (default: none). From anyone else they are removed from the
  request, so no route, no cache key and no link can see them: ignoring them is what a
  server that is not behind that proxy must do, and refusing them would break clients that
  happen to pass through an unknown proxy. (``Forwarded``, RFC 7239, is not read at all.)
- From a trusted proxy, a value that is not a host (RFC 3986 host and port) or not
  ``http``/``https`` is a 400 naming the header: the proxy is misconfigured, and guessing
  would put a wrong origin into links.
- ``Host`` is checked the same way for every request (400 when it is not a host).

``OriginVary`` (behind the response cache, so that kept responses carry it): a response
whose route used the origin (``origin.public_origin``) gets ``Vary`` naming the headers the
origin came from, so that a shared cache in front never serves one host's links to another.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..config import Settings
from . import origin
from .problems import problem

FORWARDED = (b"x-forwarded-host", b"x-forwarded-proto")
LABELS = {b"host": "Host", b"x-forwarded-host": "X-Forwarded-Host", b"x-forwarded-proto": "X-Forwarded-Proto"}


def check(name: bytes, value: bytes) -> str | None:
    """Why a Host or forwarded value is refused, or None.

    >>> check(b"x-forwarded-proto", b"gopher")
    "X-Forwarded-Proto: 'gopher' is not http or https"
    >>> check(b"host", b"data.example.se") is None
    True
    """
    text = value.decode("latin-1")
    first = text.split(",")[0].strip() if name in FORWARDED else text
    label = LABELS[name]
    if name == b"x-forwarded-proto":
        return None if first.lower() in origin.PROTOCOLS else f"{label}: {first!r} is not http or https"
    return None if origin.valid_host(first) else f"{label}: {first!r} is not a host name or address with a port"


class ForwardedHeaders:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.trusted = settings.trusted_proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        peer = (scope.get("client") or (None,))[0]
        from_proxy = origin.trusted_peer(peer, self.trusted)
        kept = []
        refused = None
        for name, value in scope["headers"]:
            lowered = name.lower()
            if lowered in FORWARDED and not from_proxy:
                continue
            if lowered in FORWARDED or lowered == b"host":
                refused = refused or check(lowered, value)
            kept.append((name, value))
        scope["headers"] = kept
        if refused is not None:
            response = problem(Request(scope), 400, "invalid-header", refused + " (RFC 3986 §3.2.2; README "
                               "\"A public endpoint that stays up\").")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


class OriginVary:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.vary = origin.vary(settings).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.vary:
            await self.app(scope, receive, send)
            return

        async def marked_send(message: Message) -> None:
            if message["type"] == "http.response.start" and scope.get(origin.USED):
                message["headers"] = add_vary(list(message.get("headers", [])), self.vary)
            await send(message)

        await self.app(scope, receive, marked_send)


def add_vary(headers: list[tuple[bytes, bytes]], names: bytes) -> list[tuple[bytes, bytes]]:
    """``headers`` with ``names`` added to its one ``Vary`` header.

    >>> add_vary([(b"vary", b"Accept")], b"Host")
    [(b'vary', b'Accept, Host')]
    """
    present = [v for k, v in headers if k.lower() == b"vary"]
    rest = [(k, v) for k, v in headers if k.lower() != b"vary"]
    joined = b", ".join(present + [names])
    return rest + [(b"vary", joined)]
