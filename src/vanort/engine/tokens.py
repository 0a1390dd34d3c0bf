"""SPARQL 1.1 text as tokens, in one linear pass, for the guard.

What a parser sees is what counts, so the text is read as SPARQL 1.1 §19 defines it:
codepoint escapes (``\\uXXXX``, ``\\UXXXXXXXX``) are replaced first, everywhere (§19.2);
then strings of all four kinds, IRIs, comments, variables, language tags, blank node labels,
numbers and prefixed names are single tokens, so nothing inside them is read as a keyword.

Why not Pygments' ``SparqlLexer``: it does not process codepoint escapes, and its error
recovery (one error token per unknown character) would need the same checks as this module
on top; the guard also needs the positions in the query as the client wrote it.

Every pattern below either cannot backtrack (possessive quantifiers, Python ≥ 3.11) or
backtracks only over a run it then consumes, and each match starts where the last ended: the
pass is linear in the length of the query, whatever the text (a 20 kB run of ``<`` or ``"``).

>>> [(t.kind, t.text) for t in tokenize(Source("SELECT ?s { ?s <http://e/p> 'SERVICE' }"))][:4]
[('word', 'SELECT'), ('var', '?s'), ('punct', '{'), ('var', '?s')]
>>> Source("\\\\u0053ERVICE").text
'SERVICE'
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

# SPARQL 1.1 §19.8 character classes (PN_CHARS_BASE, PN_CHARS_U, PN_CHARS).
_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
         "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_U = _BASE + "_"
_CHARS = _U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
# PN_LOCAL without its rule that the last character is not a dot: trailing dots are given
# back by ``tokenize`` (a possessive run cannot backtrack, so the pass stays linear).
_LOCAL = rf"(?:[{_U}:0-9]|{_PLX})(?:[{_CHARS}.:]++|{_PLX})*+"

_TOKEN = re.compile(
    r"(?P<ws>[ \t\r\n]++)"
    r"|(?P<comment>\#[^\r\n]*+)"
    # Long strings before short ones, as the grammar's own lexers try them (an unclosed
    # ''' is then read as '' followed by ', exactly as they read it).
    r"|(?P<string>'''(?:'{0,2}(?:[^'\\]|\\[\s\S]))*+'''"
    r'|"""(?:"{0,2}(?:[^"\\]|\\[\s\S]))*+"""'
    r"|'(?:[^'\\\r\n]|\\[^\r\n])*+'"
    r'|"(?:[^"\\\r\n]|\\[^\r\n])*+")'
    r"|(?P<quote>['\"])"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*+>)"
    rf"|(?P<var>[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*+)"
    rf"|(?P<bnode>_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)"
    r"|(?P<lang>@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+)"
    r"|(?P<number>(?:[0-9]++(?:\.[0-9]*+)?|\.[0-9]++)(?:[eE][+-]?[0-9]++)?)"
    # A run of name characters, dots included, read once: as a prefixed name when a colon
    # follows, else as a word (keywords, function names, true/false).
    rf"|(?P<name>(?:[{_BASE}][{_CHARS}.]*+)?:(?:{_LOCAL})?|[{_BASE}][{_CHARS}.]*+)"
    r"|(?P<punct>[\s\S])"
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Token:
    kind: str  # string, iri, var, bnode, lang, number, pname, word, punct
    text: str
    start: int  # in Source.text
    end: int


class Source:
    """A query with its codepoint escapes replaced, mapping positions back to the original."""

    def __init__(self, original: str) -> None:
        self.original = original
        self._breaks: list[int] = []  # positions in ``text`` right after each escape
        self._shift: list[int] = []  # original minus text position from that break on
        if "\\u" not in original and "\\U" not in original:
            self.text = original
            return
        parts: list[str] = []
        position = shift = length = 0
        for match in _ESCAPE.finditer(original):
            code = int(match.group(1) or match.group(2), 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                continue  # not a character: left for the engine to reject
            parts += [original[position:match.start()], chr(code)]
            length += match.start() - position + 1
            position = match.end()
            shift += len(match.group(0)) - 1
            self._breaks.append(length)
            self._shift.append(shift)
        parts.append(original[position:])
        self.text = "".join(parts)

    def original_index(self, index: int) -> int:
        """The position in the client's text of position ``index`` of ``text``."""
        at = bisect.bisect_right(self._breaks, index)
        return index + (self._shift[at - 1] if at else 0)

    def line_column(self, index: int) -> tuple[int, int]:
        """1-based line and column in the client's text (columns count characters)."""
        where = self.original_index(index)
        line = self.original.count("\n", 0, where) + 1
        return line, where - (self.original.rfind("\n", 0, where) + 1) + 1


class UnterminatedString(ValueError):
    def __init__(self, start: int) -> None:
        super().__init__("a string is not closed before the end of its line (or of the query)")
        self.start = start


def tokenize(source: Source) -> Iterator[Token]:
    """The significant tokens of the query (no whitespace, no comments)."""
    for match in _TOKEN.finditer(source.text):
        kind = match.lastgroup
        if kind in ("ws", "comment"):
            continue
        if kind == "quote":
            # A quote that opens no string: never valid SPARQL, and where a string ends
            # decides what is code; refuse rather than guess.
            raise UnterminatedString(match.start())
        text = match.group(0)
        if kind != "name":
            yield Token(kind or "punct", text, match.start(), match.end())
            continue
        # Names never end with a dot (SPARQL 1.1 §19.8): trailing dots end a triple.
        name = text.rstrip(".")
        end = match.start() + len(name)
        if name:
            yield Token("pname" if ":" in name else "word", name, match.start(), end)
        for dot in range(end, match.end()):
            yield Token("punct", ".", dot, dot + 1)
