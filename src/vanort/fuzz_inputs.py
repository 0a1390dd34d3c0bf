"""The pieces the raw-HTTP fuzzer (``fuzz.py``) builds requests from, and how it joins them.

Each piece list holds what broke servers like ours before (issue #11) next to what is valid,
so that a request mixes the two and gets past the first check into the code behind it.

>>> import random
>>> raw = compose(random.Random(1), "127.0.0.1:8000")
>>> raw.endswith(b"\\r\\n\\r\\n") or b"\\r\\n\\r\\n" in raw
True
"""

from __future__ import annotations

import random
from urllib.parse import quote

METHODS = ("GET", "GET", "GET", "GET", "GET", "GET", "HEAD", "HEAD", "POST", "POST", "OPTIONS", "PUT", "DELETE",
           "PATCH", "TRACE", "FOO", "get")
# Every route prefix of the app (README "HTTP routes") and some that are none.
PREFIXES = ("/", "/sparql", "/query", "/id/", "/id/municipality/", "/id/partnership/", "/def", "/def/", "/shapes",
            "/shapes/", "/graph/", "/graph/derived", "/static/", "/static/vendor/yasgui/", "/static/vendor/swagger-ui/",
            "/download/", "/download", "/datasets/dcat", "/.well-known/void", "/psidata", "/-/quality", "/-/status",
            "/-/docs", "/-/openapi.json", "/reconcile", "/reconcile/preview", "/reconcile/suggest/entity",
            "/class/", "/nothing/", "//", "/%2F")
KNOWN = ("municipality/se-2460-vannas", "partnership/vannas-cameri-twinning", "Partnership", "PartnershipShape",
         "vanort.css", "dataset.nq", "catalogue.ttl", "manifest.json", "derived", "se-2460-vannas")
SEGMENTS = ("%22", "%3E", "%3C", "%zz", "%", "%2", "%00", "%0A", "%0D%0A", "%FF", "%C3", "%C3%A4", "%E2%80%AE",
            "%2F", "%5C", "%25", "%20", "%7B%7D", "..", ".", "%2E%2E", "%2e", "~", "a b", "\"", "'", "<", ">",
            "`", "{}", "|", "^", "\\", ";", ",", "@", "$", "!", "*", "(", ")", "+", "=", ":", "x.ttl", "x.jsonld",
            "x.html", "x.xyz", ".ttl", "x.", "vännäs", "Прокупље", "\x7f", "\x01", "AUX", "con", "nul")
SUFFIXES = ("", "", "", ".ttl", ".jsonld", ".nt", ".rdf", ".html", ".xyz", "/", ".", "..", "%00", "?", "#x")
PARAMETERS = ("query", "query", "format", "lang", "page", "default-graph-uri", "named-graph-uri", "queries",
              "callback", "id", "prefix", "type", "limit", "", "%zz", "a[]")
VALUES = ("", "ttl", "json", "html", "turtle", "xml", "csv", "xyz", "sv", "en", "zz", "1", "0", "-1", "99999999999999999999",
          "1e3", "%zz", "%", "%C3", "%FF", "%00", "a+b", "SELECT * WHERE { ?s ?p ?o } LIMIT 2",
          "ASK { ?s ?p ?o }", "SELECT%20*%20WHERE%20%7B%3Fs%3Fp%3Fo%7D", "DESCRIBE <https://w3id.org/vanort/id/x>",
          "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3", "SELECT * {", "INSERT DATA { <a:b> <a:b> <a:b> }",
          "{\"q0\":{\"query\":\"Vännäs\"}}", "{\"q0\":", "[]", "null", "https://w3id.org/vanort/graph/derived",
          "<", "\"", "javascript:alert(1)", "x" * 3000)
VALID_HOSTS = ("{authority}", "{authority}", "{authority}", "localhost", "127.0.0.1", "[::1]:8000", "data.example.se",
               "example.org:443", "xn--vnns-loa.se")
HOSTS = ("{authority}", "{authority}", "{authority}", "localhost", "127.0.0.1", "[::1]:8000", "example.org:443",
         "a\"", "a>b", "a b", "", "a,b", "x:99999999", "x:-1", ":80", "[::1", "ex_ample.org", "%41", "h" * 300,
         "\xe5.se", "a/b", "a@b", "a\\b", "1.2.3.4:", "xn--vnns-loa.se")
PROTOS = ("http", "https", "", "gopher", "HTTPS", "http, https", "javascript", "https\"", "ftp", "h" * 100)
ACCEPTS = ("*/*", "text/html", "text/html,application/xhtml+xml,*/*;q=0.8", "text/turtle", "application/ld+json",
           "application/sparql-results+json", "application/problem+json", "image/png", "", ";;", "a/b/c",
           "text/*;q=abc", "*/*;q=0", "text/html;q=0.5, application/json;q=0.5", "\xff\xfe", "x" * 500)
CONTENT_TYPES = ("application/sparql-query", "application/x-www-form-urlencoded", "application/json", "text/plain",
                 "multipart/form-data", "multipart/form-data; boundary=x", "application/sparql-update", "",
                 "application/x-www-form-urlencoded; charset=latin-1", ";", "\xff")
BODIES = (b"", b"query=SELECT+*+WHERE+%7B%3Fs+%3Fp+%3Fo%7D+LIMIT+1", b"query=%zz", b"query=%C3", b"SELECT * {",
          b"ASK {}", b"queries=%7B%22q0%22%3A%7B%22query%22%3A%22V%C3%A4nn%C3%A4s%22%7D%7D", b"\xff\xfe\x00",
          b"--x\r\nContent-Disposition: form-data; name=\"query\"\r\n\r\nASK {}\r\n--x--\r\n", b"{\"a\":",
          b"update=DROP+ALL", b"query=1&query=2", b"a" * 5000)
EXTRA_HEADERS = (
    ("Range", ("bytes=0-10", "bytes=-5", "bytes=99999999-", "bytes=5-1", "bytes=a-b", "items=0-1", "bytes=0-0,1-1")),
    ("If-None-Match", ("*", "\"x\"", "W/\"x\"", "\"", "", "\"abc\", \"def\"")),
    ("If-Modified-Since", ("Thu, 01 Jan 1970 00:00:00 GMT", "yesterday", "")),
    ("Accept-Language", ("sv", "en;q=0.5", "*", "zz-ZZ", ";q=", "x" * 200)),
    ("Accept-Encoding", ("gzip", "br", "identity;q=0", "*;q=0", "")),
    ("Origin", ("https://example.org", "null", "")),
    ("Access-Control-Request-Method", ("GET", "DELETE", "")),
    ("Forwarded", ("for=1.2.3.4;host=evil;proto=https", "host=\"a>b\"", "proto=gopher", ";;;", "")),
    ("X-Forwarded-For", ("1.2.3.4", "", "a\"b", "::1, 10.0.0.1")),
    ("X-Forwarded-Port", ("443", "x", "")),
    ("X-Forwarded-Prefix", ("/x", "", "\"")),
)


def pick(rng: random.Random, items: tuple[str, ...]) -> str:
    return items[rng.randrange(len(items))]


def path(rng: random.Random) -> str:
    """A request target: a route prefix, then known names and hostile segments."""
    parts = [pick(rng, PREFIXES)]
    for _ in range(rng.randrange(4)):
        roll = rng.random()
        if roll < 0.3:
            segment = pick(rng, KNOWN)
        elif roll < 0.85:
            segment = "".join(pick(rng, SEGMENTS) for _ in range(rng.randrange(1, 4)))
        else:
            segment = rng.choice("ax%") * rng.choice((255, 256, 300, 1000, 5000))
        if rng.random() < 0.85:  # as clients send them; the rest raw, for the HTTP parser to judge
            segment = quote(segment, safe="%;:@!$&'()*+,=~.")
        parts.append(("" if parts[-1].endswith("/") else "/") + segment)
    target = "".join(parts) + pick(rng, SUFFIXES)
    if rng.random() < 0.4:
        pairs = [pick(rng, PARAMETERS) + ("=" + pick(rng, VALUES) if rng.random() < 0.9 else "")
                 for _ in range(rng.randrange(1, 4))]
        target += "?" + "&".join(quote(p, safe="%=&+;:@!$'()*,~/?") if rng.random() < 0.85 else p for p in pairs)
    return target


def headers(rng: random.Random, authority: str, body: bytes) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    # Mostly valid hosts, so that most requests get past the Host check into the routes.
    if rng.random() < 0.97:
        out.append(("Host", pick(rng, VALID_HOSTS if rng.random() < 0.9 else HOSTS).format(authority=authority)))
    if rng.random() < 0.2:
        out.append(("X-Forwarded-Host", pick(rng, VALID_HOSTS if rng.random() < 0.7 else HOSTS).format(authority=authority)))
    if rng.random() < 0.2:
        out.append(("X-Forwarded-Proto", pick(rng, ("http", "https") if rng.random() < 0.7 else PROTOS)))
    if rng.random() < 0.7:
        out.append(("Accept", pick(rng, ACCEPTS)))
    if body or rng.random() < 0.2:
        out.append(("Content-Type", pick(rng, CONTENT_TYPES)))
    for name, values in EXTRA_HEADERS:
        if rng.random() < 0.08:
            out.append((name, pick(rng, values)))
    length = len(body)
    roll = rng.random()
    if roll < 0.8:
        if body or roll < 0.1:
            out.append(("Content-Length", str(length)))
    elif roll < 0.86:
        out.append(("Content-Length", pick(rng, (str(length + 5), str(max(0, length - 3)), "-1", "x", "1e3",
                                                 f"{length}, {length}", "99999999999999999999"))))
    elif roll < 0.9:
        out.append(("Transfer-Encoding", pick(rng, ("chunked", "gzip", "chunked, chunked"))))
    rng.shuffle(out)
    return out


def compose(rng: random.Random, authority: str) -> bytes:
    """One whole request, ``Connection: close`` so that every request has its own connection."""
    method = pick(rng, METHODS)
    body = pick_body(rng) if method in ("POST", "PUT", "PATCH") or rng.random() < 0.05 else b""
    version = "HTTP/1.1" if rng.random() < 0.95 else pick(rng, ("HTTP/1.0", "HTTP/2.0", "HTTP/1.1x"))
    lines = [f"{method} {path(rng)} {version}"] + [f"{name}: {value}" for name, value in headers(rng, authority, body)]
    lines.append("Connection: close")
    head = "\r\n".join(lines).encode("utf-8", "surrogateescape") + b"\r\n\r\n"
    if rng.random() < 0.03:  # invalid UTF-8 in the request target and the headers
        head = head.replace(b"%FF", b"\xff").replace(b"%C3", b"\xc3")
    return head + body


def pick_body(rng: random.Random) -> bytes:
    if rng.random() < 0.2:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
    return BODIES[rng.randrange(len(BODIES))]


def short_body(raw: bytes) -> bool:
    """The request may be incomplete on purpose (a body shorter than its Content-Length, or
    chunked framing), so the server rightly waits for more.

    >>> short_body(b"POST / HTTP/1.1\\r\\nContent-Length: 9\\r\\n\\r\\nabc")
    True
    >>> short_body(b"POST / HTTP/1.1\\r\\nContent-Length: 3\\r\\n\\r\\nabc")
    False
    """
    head, _, body = raw.partition(b"\r\n\r\n")
    for line in head.lower().split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip() == b"transfer-encoding":
            return True
        if name.strip() == b"content-length":
            value = value.strip()
            if not value.isdigit() or int(value) > len(body):
                return True
    return False
