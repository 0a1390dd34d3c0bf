"""The SPARQL guard: what a query may not do here, decided on its tokens (issue #11).

Refused with 403, with the line and column of the word in the client's text:
``SERVICE`` (an engine would connect to the named server), ``LOAD`` and every update
keyword. Refused with 400: a nesting of ``{``, ``(`` and ``[`` deeper than the limit
(pyoxigraph's recursive parser crashes near 3,000 levels), and a string that is never closed.

Only code counts: words inside strings, IRIs, comments, prefixed names (``service:x``) or
variables (``?service``) are data. One exception, on purpose: pyoxigraph 0.5 matches keywords
without a word boundary (``trueSERVICE<x>{}`` and ``service:x {`` with ``PREFIX : <…>``
both call SERVICE), so a bare word that contains ``service`` anywhere is refused, and so is a
prefixed name that contains it when a group follows (``GRAPH``/``FROM`` targets excepted).

The dataset clause (SPARQL 1.1 Query §13.2) is read here too: ``FROM``/``FROM NAMED``
targets written as IRIs, relative IRIs (against the query's ``BASE``, which the endpoint sets
to the base IRI) or prefixed names. ``plan`` then chooses the dataset (Protocol §2.1.4: the
``default-graph-uri``/``named-graph-uri`` parameters override the clause; with neither, the
default graph is the union of all graphs), keeps only graphs the release holds (a graph it
does not hold is an empty graph, whichever way it is named, and is never fetched) and blanks
the clause out of the text, so that no engine, embedded or remote, ever sees its IRIs.

>>> check("SELECT * WHERE { ?s ?p 'SERVICE' }").default
[]
>>> chosen = plan("BASE <http://e/> SELECT * FROM <g1> FROM <http://far/x> {}", {"http://e/g1"})
>>> chosen.default_graphs, chosen.named_graphs, " ".join(chosen.query.split())
(('http://e/g1',), (), 'BASE <http://e/> SELECT * {}')
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from ..store import QueryError
from .tokens import Source, Token, UnterminatedString, tokenize

UPDATES = frozenset({"INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD", "WITH", "USING"})
DEFAULT_MAX_DEPTH = 100
# The dataset of a query whose every named graph is outside the release: one graph no
# release holds. A urn: never resolves to a server, whatever a remote engine does with it.
EMPTY_GRAPH = "urn:vanort:no-such-graph"
_OPEN, _CLOSE = frozenset("{(["), frozenset("})]")
# An update keyword as a whole word, also between the dots of a run like ``x.LOAD``.
# (On text lowered in ASCII only, as the engines compare keywords; re.IGNORECASE is far
# slower here.)
_UPDATE_WORD = re.compile(rf"\b({'|'.join(sorted(w.lower() for w in UPDATES | {'LOAD'}))})\b", re.ASCII)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_LOCAL_ESCAPE = re.compile(r"\\(.)")


class Refused(QueryError):
    """A query the guard does not pass on, with where it says so."""

    def __init__(self, reason: str, slug: str, status: int, source: Source, index: int,
                 **extensions: Any) -> None:
        self.line, self.column = source.line_column(index)
        super().__init__(f"{reason} (line {self.line}, column {self.column})", slug, status)
        self.reason = reason
        self.extensions = extensions


@dataclass
class Analysis:
    """What the guard found: the dataset clause (targets resolved; None where unresolvable)."""

    source: Source
    default: list[str | None] = field(default_factory=list)
    named: list[str | None] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # the clause, in source.text

    def without_dataset(self) -> str:
        """The client's text with the dataset clause blanked out (newlines kept, so that an
        engine's error positions still point at the client's text)."""
        text = self.source.original
        for start, end in reversed(self.spans):
            first, last = self.source.original_index(start), self.source.original_index(end - 1) + 1
            text = text[:first] + re.sub(r"[^\n]", " ", text[first:last]) + text[last:]
        return text


@dataclass(frozen=True)
class Plan:
    """The text to send and the dataset to ask for; both empty means the union graph."""

    query: str
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]

    @property
    def union(self) -> bool:
        return not self.default_graphs and not self.named_graphs


def check(query: str, max_depth: int | None = DEFAULT_MAX_DEPTH, refuse: bool = True) -> Analysis:
    """Refuse what the endpoint never does; return the query's dataset clause.

    >>> check("SELECT * { ?s ?p ?o FILTER(?o < 2) SeRvIcE <http://x/> {} }")
    Traceback (most recent call last):
    ...
    vanort.engine.guard.Refused: SERVICE is refused: this endpoint never connects to other servers (line 1, column 36)
    """
    source = Source(query)
    try:
        tokens = list(tokenize(source))
    except UnterminatedString as exc:
        if not refuse:
            return Analysis(source)  # the engine reports the syntax error
        raise Refused(str(exc), "query-syntax", 400, source, exc.start) from None
    if max_depth is not None:
        _check_depth(tokens, source, max_depth)
    for index, token in enumerate(tokens if refuse else ()):
        _check_word(tokens, index, token, source)
    return _dataset(tokens, source)


def plan(query: str, known_graphs: Collection[str], default_graphs: Sequence[str] = (),
         named_graphs: Sequence[str] = (), max_depth: int | None = None, refuse: bool = True) -> Plan:
    """The query as an engine must get it, and its dataset (see the module docstring).
    ``refuse=False`` reads the dataset clause only (sandboxed workers: the OS is the barrier)."""
    analysis = check(query, max_depth, refuse)
    text = analysis.without_dataset()
    if default_graphs or named_graphs:
        chosen: tuple[Sequence[str | None], Sequence[str | None]] = (default_graphs, named_graphs)
    elif analysis.spans:
        chosen = (analysis.default, analysis.named)
    else:
        return Plan(text, (), ())
    default = tuple(dict.fromkeys(g for g in chosen[0] if g in known_graphs))
    named = tuple(dict.fromkeys(g for g in chosen[1] if g in known_graphs))
    return Plan(text, default or (() if named else (EMPTY_GRAPH,)), named)


def _check_depth(tokens: list[Token], source: Source, limit: int) -> None:
    depth = 0
    for token in tokens:
        if token.kind != "punct":
            continue
        if token.text in _OPEN:
            depth += 1
            if depth > limit:
                raise Refused(f"the query nests groups, brackets or parentheses deeper than the limit of "
                              f"{limit} (setting max_query_depth)", "query-too-deep", 400, source,
                              token.start, limit=limit, setting="max_query_depth")
        elif token.text in _CLOSE and depth:
            depth -= 1


def _check_word(tokens: list[Token], index: int, token: Token, source: Source) -> None:
    lowered = token.text.translate(_ASCII_LOWER)  # same length, so positions hold
    if token.kind == "word":
        if "service" in lowered:
            _refuse_service(source, token.start + lowered.index("service"))
        found = _UPDATE_WORD.search(lowered)
        if found and found.group(1).upper() == "LOAD":
            raise Refused("LOAD is refused: this endpoint never connects to other servers",
                          "refused-operation", 403, source, token.start + found.start())
        if found:
            raise Refused(f"{found.group(1).upper()}: this endpoint is read-only; updates are refused",
                          "update-refused", 403, source, token.start + found.start())
    elif token.kind == "pname" and "service" in lowered:
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        before = tokens[index - 1] if index else None
        targets = before is not None and before.kind == "word" and before.text.upper() in ("GRAPH", "FROM", "NAMED")
        if after is not None and after.text == "{" and not targets:
            _refuse_service(source, token.start + lowered.index("service"))


def _refuse_service(source: Source, index: int) -> None:
    raise Refused("SERVICE is refused: this endpoint never connects to other servers",
                  "refused-operation", 403, source, index)


def _dataset(tokens: list[Token], source: Source) -> Analysis:
    analysis = Analysis(source)
    base: str | None = None
    prefixes: dict[str, str] = {}
    for index, token in enumerate(tokens):
        if token.kind != "word":
            continue
        word = token.text.upper()
        following = tokens[index + 1: index + 4]
        if word == "BASE" and following and following[0].kind == "iri":
            base = _resolve(following[0].text[1:-1], base)
        elif word == "PREFIX" and len(following) >= 2 and following[0].kind == "pname" \
                and following[0].text.endswith(":") and following[1].kind == "iri":
            prefixes[following[0].text[:-1]] = _resolve(following[1].text[1:-1], base)
        elif word == "FROM" and following:
            named = following[0].kind == "word" and following[0].text.upper() == "NAMED"
            target = following[1] if named and len(following) > 1 else following[0]
            if target.kind in ("iri", "pname"):  # anything else: the engine reports the error
                (analysis.named if named else analysis.default).append(_iri(target, base, prefixes))
                analysis.spans.append((token.start, target.end))
    return analysis


def _iri(token: Token, base: str | None, prefixes: dict[str, str]) -> str | None:
    if token.kind == "iri":
        return _resolve(token.text[1:-1], base)
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
    return None  # an undeclared prefix: the engine reports it


def _resolve(reference: str, base: str | None) -> str:
    """An IRI reference against the base (RFC 3986 §5.2 for the hierarchical bases used here)."""
    if base is None or _SCHEME.match(reference):
        return reference
    return urljoin(base, reference)
