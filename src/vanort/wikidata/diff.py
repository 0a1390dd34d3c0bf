"""Ours against Wikidata's P190 ("twinned administrative body", a symmetric property).

Findings, each about one direction ``subject -> object``:

=====================  ==========================================================
missing-in-wikidata    our twinning has no P190 statement in this direction
missing-reverse        Wikidata has the other direction but not this one
missing-in-ours        a P190 statement with no twinning of ours behind it
not-a-twinning         a P190 statement where our data records another kind
                       (e.g. Vännäs and Prokuplje: an invitation, not a twinning)
start-differs          P580 differs from our start (value or precision)
start-missing          we know the start, Wikidata has no P580
end-differs/-missing   the same for P582
no-reference           the statement has no reference at all
=====================  ==========================================================
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from .model import Statement, Twinning, When


@dataclass(frozen=True)
class Finding:
    kind: str
    subject: str
    object: str
    ours: str = ""
    theirs: str = ""
    detail: str = ""


def _label(value: When | None) -> str:
    return value.label() if value else ""


def _dates(twinning: Twinning, statement: Statement) -> list[Finding]:
    found = []
    for part, ours, theirs in (("start", twinning.start, statement.start), ("end", twinning.end, statement.end)):
        if ours and not theirs:
            found.append(Finding(f"{part}-missing", statement.subject, statement.object, _label(ours), "",
                                 f"P{'580' if part == 'start' else '582'} missing"))
        elif ours and theirs and (ours.precision, ours.key()) != (theirs.precision, theirs.key()):
            found.append(Finding(f"{part}-differs", statement.subject, statement.object, _label(ours), _label(theirs),
                                 "value differs" if ours.precision == theirs.precision else "precision differs"))
    return found


def diff(ours: list[Twinning], theirs: list[Statement]) -> list[Finding]:
    """All findings, sorted by subject, object and kind."""
    by_pair: dict[tuple[str, str], Statement] = {}
    for statement in theirs:
        by_pair.setdefault((statement.subject, statement.object), statement)
    ours_by_pair: dict[frozenset[str], list[Twinning]] = {}
    for twinning in ours:
        ours_by_pair.setdefault(frozenset((twinning.a_qid, twinning.b_qid)), []).append(twinning)
    findings: list[Finding] = []
    for twinning in (t for t in ours if t.is_twinning):
        for subject, obj in ((twinning.a_qid, twinning.b_qid), (twinning.b_qid, twinning.a_qid)):
            statement = by_pair.get((subject, obj))
            if statement is None:
                kind = "missing-reverse" if (obj, subject) in by_pair else "missing-in-wikidata"
                findings.append(Finding(kind, subject, obj, _label(twinning.start), "", twinning.partnership))
            else:
                findings.extend(_dates(twinning, statement))
    for statement in theirs:
        if statement.references == 0:
            findings.append(Finding("no-reference", statement.subject, statement.object, "", "", statement.statement))
        mine = ours_by_pair.get(frozenset((statement.subject, statement.object)), [])
        if any(t.is_twinning for t in mine):
            continue
        if mine:
            kinds = ", ".join(sorted({t.kind.rsplit("/", 1)[-1] for t in mine}))
            findings.append(Finding("not-a-twinning", statement.subject, statement.object, kinds, "P190",
                                    "our data records this relation as " + kinds))
        else:
            findings.append(Finding("missing-in-ours", statement.subject, statement.object, "", "P190",
                                    statement.statement))
    return sorted(set(findings), key=lambda f: (f.subject, f.object, f.kind, f.detail))


def to_json(findings: list[Finding], retrieved: str | None = None) -> str:
    """The findings as JSON (``retrieved``: the date of the Wikidata answers compared)."""
    document = {"retrieved": retrieved, "findings": [asdict(f) for f in findings]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_table(findings: list[Finding], labels: dict[str, str] | None = None) -> str:
    """A plain-text table for the terminal.

    >>> print(to_table([Finding("start-missing", "Q1", "Q2", "2003", "", "P580 missing")]))
    kind           subject  object  ours  wikidata  detail
    start-missing  Q1       Q2      2003            P580 missing
    """
    names = labels or {}
    header = ("kind", "subject", "object", "ours", "wikidata", "detail")
    rows = [header] + [
        (f.kind, _named(f.subject, names), _named(f.object, names), f.ours, f.theirs, f.detail) for f in findings
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)


def _named(qid: str, labels: dict[str, str]) -> str:
    return f"{qid} ({labels[qid]})" if qid in labels else qid
