"""Values shared by the Wikidata client, the diff and the QuickStatements writer.

A point in time keeps its real precision, with Wikidata's precision numbers
(8 decade, 9 year, 10 month, 11 day; Wikibase data model, "Time"):

>>> When(1998, 10, 0, 10).quickstatements()
'+1998-10-00T00:00:00Z/10'
>>> When(1980, 0, 0, 8).label()
'1980s'
>>> When.from_wikidata("2003-01-01T00:00:00Z", 9)
When(year=2003, month=0, day=0, precision=9)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

QID = re.compile(r"Q[1-9][0-9]*")
WD_ENTITY = "http://www.wikidata.org/entity/"
DECADE, YEAR, MONTH, DAY = 8, 9, 10, 11


def qid_of(iri: str) -> str | None:
    """The QID of a Wikidata entity IRI, or None.

    >>> qid_of("http://www.wikidata.org/entity/Q500210"), qid_of("http://example.org/Q1")
    ('Q500210', None)
    """
    if iri.startswith(WD_ENTITY) and QID.fullmatch(iri[len(WD_ENTITY):]):
        return iri[len(WD_ENTITY):]
    return None


@dataclass(frozen=True, order=True)
class When:
    year: int
    month: int
    day: int
    precision: int

    def key(self) -> tuple[int, ...]:
        """The parts that the precision makes significant."""
        if self.precision <= DECADE:
            return (self.year // 10,)
        return (self.year, self.month, self.day)[: self.precision - DECADE]

    def quickstatements(self) -> str:
        month = self.month if self.precision >= MONTH else 0
        day = self.day if self.precision >= DAY else 0
        year = self.year - self.year % 10 if self.precision == DECADE else self.year
        return f"+{year:04d}-{month:02d}-{day:02d}T00:00:00Z/{self.precision}"

    def label(self) -> str:
        if self.precision <= DECADE:
            return f"{self.year - self.year % 10}s"
        return "-".join(f"{v:02d}" if i else f"{v:04d}" for i, v in enumerate(self.key()))

    @classmethod
    def from_wikidata(cls, value: str, precision: int) -> When:
        match = re.match(r"([+-]?\d{1,16})-(\d\d)-(\d\d)", value)
        if not match:
            raise ValueError(f"not a Wikidata time value: {value!r}")
        year, month, day = (int(g) for g in match.groups())
        return cls(year, month if precision >= MONTH else 0, day if precision >= DAY else 0, precision)


@dataclass(frozen=True)
class Statement:
    """One P190 statement on Wikidata (deprecated ranks are dropped on parsing)."""

    subject: str
    object: str
    statement: str
    start: When | None = None
    end: When | None = None
    reference_urls: tuple[str, ...] = ()
    references: int = 0


@dataclass(frozen=True)
class Twinning:
    """One partnership of ours between two parties that have Wikidata items."""

    partnership: str
    kind: str
    a: str
    b: str
    a_qid: str
    b_qid: str
    unverified: tuple[str, ...] = ()  # the QIDs of the two that are marked unverified
    start: When | None = None
    end: When | None = None
    source_url: str | None = None
    retrieved: str | None = None  # YYYY-MM-DD, the source's vo:consulted date
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_twinning(self) -> bool:
        return self.kind.endswith("/partnership-kind/twinning")
