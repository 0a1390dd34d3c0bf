"""Map between the server's own origin and the base IRI.

Resources are named under the base IRI (e.g. https://w3id.org/vanort/id/...), but the server
answers at its own origin (http://127.0.0.1:8000/id/...) or at a configured public base URL.
Behind a proxy listed in ``trusted_proxies``, ``X-Forwarded-Proto`` / ``X-Forwarded-Host``
name the origin; from anyone else they are dropped before routing (``forwarded.py``), and the
``Host`` header is checked there too, so what this module reads is always a valid origin.

>>> to_iri("/id/municipality/x", "https://w3id.org/vanort/")
'https://w3id.org/vanort/id/municipality/x'
>>> to_local("https://w3id.org/vanort/id/municipality/x", "https://w3id.org/vanort/")
'/id/municipality/x'
>>> to_local("http://www.wikidata.org/entity/Q1", "https://w3id.org/vanort/") is None
True
>>> valid_host("data.example.se:8443"), valid_host("[::1]:80"), valid_host('a"'), valid_host("x:99999")
(True, True, False, False)
>>> link_target("https://e.se/id/vännäs")
'https://e.se/id/v%C3%A4nn%C3%A4s'
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import quote

import pyoxigraph as ox
from fastapi import Request

from ..config import Settings
from ..errors import VanortError

# RFC 3986 §3.2.2: host = IP-literal / IPv4address / reg-name (unreserved, pct-encoded,
# sub-delims; no comma: proxies use it to list hops); §3.2.3 port, here at most 65535.
_HOST = re.compile(r"(?:\[[0-9A-Fa-f:.]{2,45}\]|(?:[A-Za-z0-9\-._~!$&'()*+;=]|%[0-9A-Fa-f]{2})+)(?::(\d{1,5}))?")
PROTOCOLS = ("http", "https")
# Where a link may keep a character as it is (RFC 3986 reserved and unreserved, and '%' of an
# existing escape); anything else, non-ASCII included, is percent-encoded (RFC 8288 §3).
_LINK_SAFE = ":/?#[]@!$&'()*+,;=%~"
# The scope key a route's use of the origin is recorded under (forwarded.OriginVary reads it).
USED = "vanort.origin_used"


class NotAnIri(VanortError):
    """A request path that names no IRI under the base (a quote, a bracket, a broken escape)."""

    status = 400
    slug = "invalid-iri"
    title = "Not an IRI"


def to_iri(path: str, base: str) -> str:
    """The IRI a local path stands for; the one check that a path names an IRI at all
    (RFC 3987), so that no code behind it meets a string that is not one."""
    iri = base + path.lstrip("/")
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise NotAnIri(f"The path /{path.lstrip('/')} does not name an IRI: {exc}.", path="/" + path.lstrip("/")) from exc
    return iri


def to_local(iri: str, base: str) -> str | None:
    """The local path of an IRI under the base, or None for an external IRI."""
    return "/" + iri[len(base):] if iri.startswith(base) else None


def valid_host(value: str) -> bool:
    """A ``Host`` or ``X-Forwarded-Host`` value: an RFC 3986 host and an optional port."""
    match = _HOST.fullmatch(value)
    return bool(match) and len(value) <= 255 and (match.group(1) is None or int(match.group(1)) <= 65535)


def link_target(url: str) -> str:
    """A URL as it may stand between ``<`` and ``>`` in a ``Link`` header (RFC 8288)."""
    return quote(url, safe=_LINK_SAFE)


@lru_cache(maxsize=32)
def networks(trusted: str | None) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """The ``trusted_proxies`` setting as networks.

    >>> networks("127.0.0.1, 10.0.0.0/8")
    (IPv4Network('127.0.0.1/32'), IPv4Network('10.0.0.0/8'))
    """
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in (trusted or "").split(",") if part.strip())


def trusted_peer(peer: str | None, trusted: str | None) -> bool:
    """Whether the connection's peer address is one of the configured proxies."""
    if not peer or not trusted:
        return False
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:  # e.g. a Unix socket or the test client's "testclient"
        return False
    return any(address in network for network in networks(trusted))


def vary(settings: Settings) -> str:
    """The request headers the origin depends on, for ``Vary`` (RFC 9110 §12.5.5)."""
    if settings.public_base_url:
        return ""
    return "Host, X-Forwarded-Host, X-Forwarded-Proto" if settings.trusted_proxies else "Host"


def public_origin(request: Request, settings: Settings) -> str:
    """The origin clients reach this server at, ending with '/'."""
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/") + "/"
    request.scope[USED] = True
    proto = request.headers.get("x-forwarded-proto", request.url.scheme).split(",")[0].strip().lower()
    host = request.headers.get("x-forwarded-host", request.headers.get("host", request.url.netloc))
    return f"{proto}://{host.split(',')[0].strip()}/"
