"""Map between the server's own origin and the base IRI.

Resources are named under the base IRI (e.g. https://w3id.org/vanort/id/...), but the server
answers at its own origin (http://127.0.0.1:8000/id/...) or at a configured public base URL
behind a proxy, which may also be told by ``X-Forwarded-Proto`` / ``X-Forwarded-Host``.

>>> to_iri("/id/municipality/x", "https://w3id.org/vanort/")
'https://w3id.org/vanort/id/municipality/x'
>>> to_local("https://w3id.org/vanort/id/municipality/x", "https://w3id.org/vanort/")
'/id/municipality/x'
>>> to_local("http://www.wikidata.org/entity/Q1", "https://w3id.org/vanort/") is None
True
"""

from __future__ import annotations

from fastapi import Request

from ..config import Settings


def to_iri(path: str, base: str) -> str:
    """The IRI a local path stands for."""
    return base + path.lstrip("/")


def to_local(iri: str, base: str) -> str | None:
    """The local path of an IRI under the base, or None for an external IRI."""
    return "/" + iri[len(base):] if iri.startswith(base) else None


def public_origin(request: Request, settings: Settings) -> str:
    """The origin clients reach this server at, ending with '/'."""
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/") + "/"
    proto = request.headers.get("x-forwarded-proto", request.url.scheme).split(",")[0].strip()
    host = request.headers.get("x-forwarded-host", request.headers.get("host", request.url.netloc))
    return f"{proto}://{host.split(',')[0].strip()}/"
