"""What crosses the pipe between the server and a query worker: length-prefixed bytes.

A query goes out as its text, the two formats negotiated in the server (one for results,
one for graphs: the worker learns which it needs only when the query is parsed), the graph
parameters and the row cap. The answer comes back finished: a status byte, the format name,
the truncation flag and the serialised bytes. Nothing is pickled: unpickling a dataclass per
request, and negotiating again in the worker, cost more than the engine for a point lookup
(bench/NOTES.md, profile 4).

>>> raw = request_bytes("ASK {}", Fixed("json", ""), ("http://e/g",), (), 10)
>>> query, chooser, default, named, rows = parse_request(raw)
>>> query, chooser("results").name, default, named, rows
('ASK {}', 'json', ('http://e/g',), (), 10)
>>> chooser("rdf")
Traceback (most recent call last):
...
vanort.formats.NotAcceptable: none of the accepted media types is on offer
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

from ..formats import BY_NAME, OFFERS, Format, NotAcceptable

_HEAD = struct.Struct("!iHH")  # row cap (-1: none), default graphs, named graphs
_LEN = struct.Struct("!I")
OK, QUERY_ERROR, NOT_ACCEPTABLE, MEMORY, FAILED = b"o", b"q", b"n", b"m", b"e"


@dataclass(frozen=True)
class Fixed:
    """A chooser whose formats were negotiated already ("" for none acceptable)."""

    results: str
    rdf: str

    @classmethod
    def of(cls, choose: object) -> Fixed:
        """Negotiate both kinds of answer now, in the server, with any chooser."""
        names = []
        for kind in ("results", "rdf"):
            try:
                names.append(choose(kind).name)  # type: ignore[operator]
            except NotAcceptable:
                names.append("")
        return cls(*names)

    def __call__(self, kind: str) -> Format:
        name = self.results if kind == "results" else self.rdf
        if not name:
            raise NotAcceptable(OFFERS["results" if kind == "results" else "rdf"])
        return BY_NAME[name]


def _strings(parts: Sequence[str]) -> bytes:
    out = bytearray()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        out += _LEN.pack(len(data))
        out += data
    return bytes(out)


def _read_strings(raw: memoryview, count: int, offset: int) -> tuple[list[str], int]:
    parts = []
    for _ in range(count):
        (size,) = _LEN.unpack_from(raw, offset)
        offset += _LEN.size
        parts.append(bytes(raw[offset:offset + size]).decode("utf-8", "surrogatepass"))
        offset += size
    return parts, offset


def request_bytes(query: str, chooser: Fixed, default_graphs: Sequence[str], named_graphs: Sequence[str],
                  max_rows: int | None) -> bytes:
    head = _HEAD.pack(-1 if max_rows is None else max_rows, len(default_graphs), len(named_graphs))
    return head + _strings([query, chooser.results, chooser.rdf, *default_graphs, *named_graphs])


def parse_request(raw: bytes) -> tuple[str, Fixed, tuple[str, ...], tuple[str, ...], int | None]:
    view = memoryview(raw)
    max_rows, n_default, n_named = _HEAD.unpack_from(view, 0)
    parts, _ = _read_strings(view, 3 + n_default + n_named, _HEAD.size)
    query, results, rdf = parts[:3]
    return (query, Fixed(results, rdf), tuple(parts[3:3 + n_default]), tuple(parts[3 + n_default:]),
            None if max_rows < 0 else max_rows)


def answer_bytes(body: bytes, fmt: Format, kind: str, truncated: bool) -> bytes:
    """An answer: ``o``, truncated flag, kind, format name, then the body as it is."""
    return OK + (b"1" if truncated else b"0") + _strings([kind, fmt.name]) + body


def error_bytes(status: bytes, *parts: str) -> bytes:
    return status + _strings(parts)


def parse_reply(raw: bytes) -> tuple[bytes, list[str], bytes]:
    """``(status, strings, body)``: for ``o`` the strings are truncated flag, kind, format."""
    view = memoryview(raw)
    status = bytes(view[:1])
    if status == OK:
        parts, offset = _read_strings(view, 2, 2)
        return status, [chr(view[1]), *parts], bytes(view[offset:])
    count = {QUERY_ERROR: 3, NOT_ACCEPTABLE: 1, MEMORY: 0}.get(status, 1)
    parts, _ = _read_strings(view, count, 1)
    return status, parts, b""
