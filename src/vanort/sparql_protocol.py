"""SPARQL 1.1 Protocol as pure functions: request parameters in, an ``Outcome`` out.

``parse`` turns the raw parts of an HTTP request (method, query string, Content-Type, body)
into an ``Operation``; ``execute`` runs it through ``Engine.run`` and returns the bytes with
their headers. Neither touches HTTP objects, so both are tested without a server
(oxigraph's ``handle_request`` idea, split per step).

Decisions (SPARQL 1.1 Protocol §2.1):

- GET takes its parameters from the query string; POST ``application/x-www-form-urlencoded``
  from the query string plus the body; POST ``application/sparql-query`` takes the body as the
  query and the graph parameters from the query string. Each is percent-decoded exactly once
  (``urllib.parse.parse_qsl``): decoding twice turns ``AC%2FDC`` into ``AC/DC`` (the
  rdflib-endpoint bug).
- ``query`` must occur exactly once (400). Any other request media type is 415, a charset
  other than UTF-8 too. ``update`` or ``application/sparql-update`` is 403: read-only.
- A query longer than ``max_query_length`` characters is 413; one nesting deeper than
  ``max_query_depth`` is 400; SERVICE, LOAD and updates are 403 (``guarded``, before any
  engine sees the query, on the request's worker thread, never on the event loop).
- Relative IRIs in a query resolve against the base IRI of the dataset (the protocol leaves
  the base to the service, W3C test ``update_base_uri``): ``BASE <base>`` is put on a line of
  its own before the query's prologue (a later BASE of the query still wins, SPARQL 1.1 §4.1.1)
  and syntax error positions are shifted back by that line.
- ``format``, ``output`` and ``results`` (names, extensions, media types or aliases from
  ``formats.FORMATS``, repeated as SPARQLWrapper does) override Accept; values naming different
  formats for the query's answer are a 400 naming both.
- At most ``max_result_rows`` rows or triples are returned; a cut answer carries the headers
  ``Vanort-Results-Truncated: true`` and ``Vanort-Results-Limit: <n>`` (and the JSON/XML
  results say so in the body, see ``render.results_bytes``).

>>> op = parse("GET", "query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fe%2Fg", None, b"", 100)
>>> op.query, op.default_graphs
('ASK {}', ('http://e/g',))
"""

from __future__ import annotations

import asyncio
import re
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NoReturn
from urllib.parse import parse_qsl

from .engine.guard import DEFAULT_MAX_DEPTH, Refused, check
from .errors import VanortError
from .formats import BY_NAME, FORMATS, OFFERS, by_name, parameter_values
from .store import Engine, Negotiation, QueryError

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
TRUNCATED_HEADER = "Vanort-Results-Truncated"
LIMIT_HEADER = "Vanort-Results-Limit"


class ProtocolError(VanortError):
    """A request the protocol does not allow; status and problem type set per instance."""

    # The client's query text, when the error is about it: the HTML error page shows it with
    # the position marked (a POST body is gone by then). Never part of the JSON problem.
    query: str | None = None

    def __init__(self, status: int, slug: str, title: str, detail: str, **extensions: Any) -> None:
        super().__init__(detail, **extensions)
        self.status = status
        self.slug = slug
        self.title = title


def bad_request(detail: str) -> ProtocolError:
    return ProtocolError(400, "invalid-request", "Invalid SPARQL protocol request", detail)


def read_only(detail: str) -> ProtocolError:
    return ProtocolError(403, "update-refused", "This endpoint is read-only", detail)


def unsupported(detail: str) -> ProtocolError:
    return ProtocolError(415, "unsupported-media-type", "Unsupported media type", detail,
                         accepted=[FORM, DIRECT])


def too_long(length: int, limit: int) -> ProtocolError:
    return ProtocolError(413, "query-too-long", "Query too long",
                         f"The query has {length} characters; this endpoint accepts at most {limit} "
                         "(setting max_query_length).", limit=limit, setting="max_query_length")


_TITLES = {"refused-operation": "Operation refused", "update-refused": "This endpoint is read-only",
           "query-too-deep": "Query nested too deeply", "query-syntax": "SPARQL syntax error"}


def guarded(query: str, max_depth: int, added_lines: int = 0) -> None:
    """Run the guard (``vanort.engine.guard``) before any engine sees the query; a refusal
    becomes a problem with the ``line``/``column`` of the client's text.

    >>> guarded("ASK { SERVICE <http://x/> {} }", 100)
    Traceback (most recent call last):
    ...
    vanort.sparql_protocol.ProtocolError: SERVICE is refused: this endpoint never connects to other servers (line 1, column 7)
    """
    try:
        check(query, max_depth)
    except Refused as exc:
        line = exc.line - added_lines
        raise ProtocolError(exc.status, exc.slug, _TITLES[exc.slug], f"{exc.reason} (line {line}, column {exc.column})",
                            line=line, column=exc.column, **exc.extensions) from None


@dataclass(frozen=True)
class Operation:
    """A parsed protocol request. ``query`` is None when none was sent (GET only)."""

    query: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    format: tuple[str, ...] | None = None  # format/output/results values, each once


@dataclass(frozen=True)
class Outcome:
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


def _pairs(text: str) -> list[tuple[str, str]]:
    """Percent-decode ``a=1&b=2`` once; ``+`` is a space (HTML form encoding)."""
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError as exc:
        raise bad_request(f"a parameter is not percent-encoded UTF-8: {exc.reason}") from exc


def _media_type(content_type: str | None) -> tuple[str, str | None]:
    """``(type, charset)`` of a Content-Type header, lower-cased."""
    if not content_type:
        return "", None
    pieces = [p.strip() for p in content_type.split(";")]
    charset = None
    for parameter in pieces[1:]:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return pieces[0].lower(), charset


def _decode(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise unsupported(f"charset={charset}: SPARQL requests are UTF-8 (SPARQL 1.1 Protocol §2.1.3)")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise bad_request(f"the request body is not UTF-8: {exc.reason} at byte {exc.start}") from exc


def request_pairs(method: str, query_string: str, content_type: str | None,
                  body: bytes) -> tuple[list[tuple[str, str]], str | None]:
    """All parameters of a request, and the query of a direct POST (None otherwise)."""
    pairs = _pairs(query_string)
    if method == "GET":
        return pairs, None
    media_type, charset = _media_type(content_type)
    if media_type == FORM:
        return pairs + _pairs(_decode(body, charset)), None
    if media_type == DIRECT:
        return pairs, _decode(body, charset)
    if media_type == UPDATE:
        raise read_only("SPARQL Update is refused: this endpoint is read-only.")
    shown = content_type or "no Content-Type"
    raise unsupported(f"{shown}: send the query as {FORM} or {DIRECT} (SPARQL 1.1 Protocol §2.1.2, §2.1.3)")


def parse(method: str, query_string: str, content_type: str | None, body: bytes,
          max_query_length: int) -> Operation:
    """Check a request against the protocol and return its operation.

    >>> parse("POST", "", "text/plain", b"ASK {}", 100)
    Traceback (most recent call last):
    ...
    vanort.sparql_protocol.ProtocolError: text/plain: send the query as application/x-www-form-urlencoded or application/sparql-query (SPARQL 1.1 Protocol §2.1.2, §2.1.3)
    """
    pairs, direct = request_pairs(method, query_string, content_type, body)
    if any(name in ("update", "using-graph-uri", "using-named-graph-uri") for name, _ in pairs):
        raise read_only("SPARQL Update is refused: this endpoint is read-only.")
    queries = [value for name, value in pairs if name == "query"]
    if direct is not None:
        if queries:
            raise bad_request("a direct POST carries the query in the body; 'query' must not be a parameter too")
        queries = [direct]
    if len(queries) > 1:
        raise bad_request(f"'query' was given {len(queries)} times; send exactly one query")
    if not queries and method != "GET":
        raise bad_request("no 'query' parameter: send exactly one query")
    formats = format_parameters(pairs)
    query = queries[0] if queries else None
    if query is not None and len(query) > max_query_length:
        raise too_long(len(query), max_query_length)
    return Operation(
        query=query,
        default_graphs=tuple(v for n, v in pairs if n == "default-graph-uri"),
        named_graphs=tuple(v for n, v in pairs if n == "named-graph-uri"),
        format=formats or None,
    )


# Virtuoso reads `format`, Joseki and sparqler `output`, others `results`: SPARQLWrapper sends
# all three, repeating its choice as a name and a media type (issue 12).
FORMAT_PARAMETERS = ("format", "output", "results")


def format_parameters(pairs: list[tuple[str, str]]) -> tuple[str, ...]:
    """The values of the format parameters; any that names no format at all is a 400.

    Whether the rest agree is decided when the query form is known (``formats.choose``):
    ``xml`` is SPARQL Results XML for SELECT and RDF/XML for CONSTRUCT.

    >>> format_parameters([("format", "tsv"), ("format", "text/tab-separated-values"), ("output", "tsv")])
    ('tsv', 'text/tab-separated-values')
    """
    values = parameter_values([value for name, value in pairs if name in FORMAT_PARAMETERS])
    for value in values:
        if by_name(value) is None:
            names = sorted({n for f in FORMATS if f.kind != "html" for n in (f.name, f.extension, *f.aliases)
                            if "/" not in n})
            raise ProtocolError(400, "invalid-request", "Invalid SPARQL protocol request", f"format={value!r} names no format; "
                                f"give a name ({', '.join(names)}) or a media type", accepted=names)
    return values


# Longest query the guard reads on the event loop (it is linear: a few microseconds per 100
# characters); a longer one is read on a thread, so the loop never waits on it.
GUARD_ON_LOOP_CHARS = 4_000

_POSITION = re.compile(r"\berror at (\d+):(\d+)")


def syntax_problem(exc: QueryError, added_lines: int = 0) -> VanortError:
    """A 400 problem for a syntax error, with ``line``/``column`` when the engine gives them."""
    position = _POSITION.search(str(exc))
    extensions: dict[str, int] = {}
    message = str(exc)
    if position:
        line, column = int(position.group(1)) - added_lines, int(position.group(2))
        extensions = {"line": line, "column": column}
        message = _POSITION.sub(f"error at {line}:{column}", message, count=1)
    return ProtocolError(400, "query-syntax", "SPARQL syntax error", message, **extensions)


@contextmanager
def _about(query: str) -> Iterator[None]:
    """A protocol error raised inside carries the query it is about (``ProtocolError.query``)."""
    try:
        yield
    except ProtocolError as exc:
        exc.query = query
        raise


def execute(engine: Engine, operation: Operation, accept: str | None, max_rows: int,
            base: str | None = None, cancelled: Callable[[], bool] | None = None,
            max_depth: int = DEFAULT_MAX_DEPTH) -> Outcome:
    """Run a query and serialise its answer, in one call on the calling thread.

    >>> from vanort.store import OxigraphEngine
    >>> e = OxigraphEngine.from_nquads(b'<http://e/a> <http://e/p> "x" <http://e/g> .', "v1")
    >>> execute(e, Operation("SELECT ?o { ?s ?p ?o }"), "text/csv", 10).body
    b'o\\r\\nx\\r\\n'
    """
    assert operation.query is not None
    prologue = f"BASE <{base}>\n" if base else ""
    with _about(operation.query):
        guarded(prologue + operation.query, max_depth, prologue.count("\n"))
        try:
            answer = engine.run(
                prologue + operation.query,
                Negotiation(accept or "", operation.format),
                default_graphs=operation.default_graphs,
                named_graphs=operation.named_graphs,
                max_rows=max_rows,
                cancelled=cancelled,
            )
        except Exception as exc:
            _reraise(exc, prologue)
    return _outcome(answer, max_rows)


async def execute_async(engine: Any, operation: Operation, accept: str | None, max_rows: int,
                        base: str | None = None, gone: Any = None, max_depth: int = DEFAULT_MAX_DEPTH) -> Outcome:
    """``execute`` on the event loop, for an engine with ``run_async`` (web/lean.py): the wait
    for a query worker takes no thread. ``gone`` is done when the client went away. The guard
    reads a short query on the loop (microseconds) and a long one on a thread."""
    assert operation.query is not None
    prologue = f"BASE <{base}>\n" if base else ""
    with _about(operation.query):
        if len(operation.query) <= GUARD_ON_LOOP_CHARS:
            guarded(prologue + operation.query, max_depth, prologue.count("\n"))
        else:
            await asyncio.to_thread(guarded, prologue + operation.query, max_depth, prologue.count("\n"))
        try:
            answer = await engine.run_async(prologue + operation.query, Negotiation(accept or "", operation.format),
                                            default_graphs=operation.default_graphs,
                                            named_graphs=operation.named_graphs, max_rows=max_rows, gone=gone)
        except Exception as exc:
            _reraise(exc, prologue)
    return _outcome(answer, max_rows)


def _reraise(exc: Exception, prologue: str) -> NoReturn:
    # pyoxigraph's result iterators are unsendable: an error raised inside ``run`` (e.g.
    # NotAcceptable from ``choose``) must not carry them, in its traceback's frames, to the
    # event-loop thread that renders the problem. Clear those frames here, on this thread.
    traceback.clear_frames(exc.__traceback__)
    if isinstance(exc, QueryError) and exc.slug == "query-syntax":
        raise syntax_problem(exc, prologue.count("\n")) from exc
    raise exc


def _outcome(answer: Any, max_rows: int) -> Outcome:
    headers = {"Vary": "Accept"}
    if answer.truncated:
        headers[TRUNCATED_HEADER] = "true"
        headers[LIMIT_HEADER] = str(max_rows)
    return Outcome(answer.body, answer.format.content_type, headers)


def all_media_types(offer: str) -> list[str]:
    """Media types on offer for ``offer``, for documentation and the service description."""
    return [BY_NAME[name].media_type for name in OFFERS[offer]]
