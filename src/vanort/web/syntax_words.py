"""A SPARQL syntax error in a reader's words (issue #15).

The engine (Oxigraph's PEG parser) reports what it expected as a list of grammar tokens, e.g.
``expected one of "$", "'", "(", … ['A' ..= 'Z' | 'a' ..= 'z' | '\\u{00C0}'..='\\u{00D6}' …], [_]``.
A person needs the kinds of thing that may come next: "a variable, an IRI, a string". The token kinds follow the SPARQL 1.1 grammar (§19.8): ``?``/``$``
start a variable (VAR1/VAR2), ``<`` an IRI (IRIREF), quotes a string, digits a number, a letter
a prefixed name or keyword, ``_:``/``[`` a blank node. The raw message stays in the problem
document for programs.
"""

from __future__ import annotations

import re

# One token of the expected list: a quoted literal, a character class in brackets, or a keyword.
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|\[((?:[^\]\\]|\\.)*)\]|([A-Za-z][A-Za-z0-9_]*)')
_EXPECTED = re.compile(r"expected (?:one of )?(.*)", re.S)

KINDS: dict[str, tuple[str, str]] = {  # kind -> (sv, en)
    "variable": ("en variabel (?x)", "a variable (?x)"),
    "iri": ("ett IRI (<…>)", "an IRI (<…>)"),
    "name": ("ett prefixat namn eller nyckelord", "a prefixed name or a keyword"),
    "string": ("en sträng", "a string"),
    "number": ("ett tal", "a number"),
    "blank": ("en blank nod", "a blank node"),
    "boolean": ("true eller false", "true or false"),
    "quoted": ("en citerad trippel (<<…>>)", "a quoted triple (<<…>>)"),
}
_BY_TOKEN = {"$": "variable", "?": "variable", "<": "iri", ":": "name", "'": "string", "'''": "string",
             '\\"': "string", '\\"\\"\\"': "string", "+": "number", "-": "number", "_:": "blank", "[": "blank",
             "true": "boolean", "false": "boolean", "<<": "quoted", "<<(": "quoted"}
SHOWN = 8  # names in one sentence at most
# Oxigraph's position is the furthest the parser got, sometimes a token past the real slip (the
# end of "ORDER ?x" for a missing BY): the sentence says where it stopped, not what it found.
WORDS = {
    "sv": {"or": "eller", "others": "något av {n} till",
           "expected": "Tolken stannade vid markeringen: den väntade sig {what}.",
           "nothing": "Tolken kan inte läsa vidare från markeringen."},
    "en": {"or": "or", "others": "one of {n} more",
           "expected": "The parser stopped at the mark: it expected {what}.",
           "nothing": "The parser cannot read on from the mark."},
}


def expected_kinds(message: str) -> list[str]:
    """The expected tokens of an engine message as kinds or literal symbols, in order, once each.

    >>> expected_kinds('error at 1:6: expected one of "$", "(", "<", "?", "{", "}", [\\'0\\'..=\\'9\\'], [_]')
    ['variable', '(', 'iri', '{', '}', 'number']
    >>> expected_kinds("error at 1:38: expected BY")
    ['BY']
    """
    found = _EXPECTED.search(message)
    if not found:
        return []
    out: list[str] = []
    for quoted, bracket, word in _TOKEN.findall(found.group(1)):
        if bracket:
            # a character class: digits start a number, letters a prefixed name; [_] is "any
            # other character" (the parser's catch-all), which says nothing to a reader
            kind = "number" if "'0'" in bracket else "name" if "'a'" in bracket else ""
        elif word:
            kind = _BY_TOKEN.get(word, word)
        else:
            kind = _BY_TOKEN.get(quoted, quoted.replace('\\"', '"').replace("\\\\", "\\"))
            if kind == "." and "number" in out:
                kind = ""  # ".5" starts a number, but "." alone is also the triple separator
        if kind and kind not in out:
            out.append(kind)
    return out


def in_words(message: str, language: str) -> str | None:
    """One sentence for the error page, or ``None`` when the message is not the parser's (the
    guard's messages are words already).

    >>> in_words('error at 1:6: expected one of "?", "<", "}"', "en")
    'The parser stopped at the mark: it expected a variable (?x), an IRI (<…>) or “}”.'
    >>> in_words("error at 1:7: expected CONSTRUCT", "sv")
    'Tolken stannade vid markeringen: den väntade sig «CONSTRUCT».'
    >>> in_words("error at 1:30: expected [_]", "en")
    'The parser cannot read on from the mark.'
    >>> in_words("a string is not closed before the end of its line (line 1, column 3)", "en") is None
    True
    """
    words = WORDS[language]
    if not _EXPECTED.search(message):
        return None
    kinds = expected_kinds(message)
    if not kinds:  # only the catch-all: the parser names nothing it would take
        return words["nothing"]
    quote = ("«{}»" if language == "sv" else "“{}”").format
    names = [KINDS[k][0 if language == "sv" else 1] if k in KINDS else quote(k) for k in kinds]
    if len(names) > SHOWN:  # e.g. every function name after "FILTER(?o >": a few say what is meant
        names = names[:SHOWN - 1] + [words["others"].format(n=len(names) - SHOWN + 1)]
    what = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {words['or']} " + names[-1]
    return words["expected"].format(what=what)
