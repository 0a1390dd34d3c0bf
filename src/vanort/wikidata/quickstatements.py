"""QuickStatements V1 for the P190 statements and qualifiers Wikidata lacks.

V1 is one command per line, fields separated by TAB: ``item TAB property TAB value``
followed by qualifier pairs (``P580``/``P582``) and source pairs (``S854`` reference URL,
``S813`` retrieved). Times are ``+YYYY-MM-DDT00:00:00Z/precision``; strings are in double
quotes. When the statement exists, the same line adds the missing qualifiers to it.

Nothing is written for a relation that is not a twinning, nor for a QID that our data
marks unverified unless ``allow_unverified`` is set (a warning is returned for each).

>>> from .model import Twinning, When
>>> t = Twinning("p", "https://w3id.org/vanort/id/partnership-kind/twinning", "a", "b", "Q1", "Q2",
...              start=When(2003, 0, 0, 9), source_url="https://example.org/", retrieved="2026-11-27")
>>> print(lines([t], [])[0][0].replace("\\t", " | "))
Q1 | P190 | Q2 | P580 | +2003-00-00T00:00:00Z/9 | S854 | "https://example.org/" | S813 | +2026-11-27T00:00:00Z/11
"""

from __future__ import annotations

import datetime as dt

from .model import DAY, Statement, Twinning, When


def _time(value: When) -> str:
    return value.quickstatements()


def _string(value: str) -> str:
    if '"' in value or "\t" in value or "\n" in value:
        raise ValueError(f"cannot quote {value!r} in QuickStatements V1")
    return f'"{value}"'


def _sources(twinning: Twinning) -> list[str]:
    fields: list[str] = []
    if twinning.source_url:
        fields += ["S854", _string(twinning.source_url)]
        if twinning.retrieved:
            day = dt.date.fromisoformat(twinning.retrieved)
            fields += ["S813", _time(When(day.year, day.month, day.day, DAY))]
    return fields


def _line(subject: str, obj: str, twinning: Twinning, statement: Statement | None) -> str | None:
    qualifiers: list[str] = []
    if twinning.start and (statement is None or statement.start is None):
        qualifiers += ["P580", _time(twinning.start)]
    if twinning.end and (statement is None or statement.end is None):
        qualifiers += ["P582", _time(twinning.end)]
    if statement is not None and not qualifiers:
        return None  # Wikidata has the statement and every qualifier we could add
    return "\t".join([subject, "P190", obj, *qualifiers, *_sources(twinning)])


def lines(ours: list[Twinning], theirs: list[Statement], allow_unverified: bool = False) -> tuple[list[str], list[str]]:
    """(QuickStatements lines, warnings) for what Wikidata lacks, both directions."""
    by_pair = {(s.subject, s.object): s for s in theirs}
    out: list[str] = []
    warnings: list[str] = []
    for twinning in ours:
        if not twinning.is_twinning:
            continue
        if twinning.unverified:
            qids = ", ".join(twinning.unverified)
            if not allow_unverified:
                warnings.append(f"skipped {twinning.a_qid}-{twinning.b_qid}: unverified QID(s) {qids} "
                                "(use --allow-unverified after checking them on Wikidata)")
                continue
            warnings.append(f"WARNING: {twinning.a_qid}-{twinning.b_qid} uses unverified QID(s) {qids}; "
                            "check them on Wikidata before running these lines")
        for subject, obj in ((twinning.a_qid, twinning.b_qid), (twinning.b_qid, twinning.a_qid)):
            line = _line(subject, obj, twinning, by_pair.get((subject, obj)))
            if line and line not in out:
                out.append(line)
    return out, warnings
