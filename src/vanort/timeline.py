"""A partnership's timeline as SVG geometry: its periods and status periods (dormancy shown).

Dates keep their real precision: a span starts somewhere between the earliest and latest
bound of its beginning instant (e.g. 1998-10-01..1998-10-31 for "1998-10"), and that
uncertain stretch is drawn lighter. A span without an end runs to ``today``. Each label stands
above its bar in the page's ink (never on the bar's colour, whose contrast could not be kept
at 4.5:1 over the lighter stretches), moved left when it would run past the right edge.

>>> import datetime as dt
>>> lines = layout([Span("active", "period", dt.date(1990, 1, 1), dt.date(1990, 12, 31), None, None,
...                       "1990", "")], today=dt.date(2020, 1, 1))
>>> lines.bars[0].x < lines.bars[0].x + lines.bars[0].width <= lines.width
True
>>> [t.label for t in lines.ticks][:2]
['1990', '2000']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

WIDTH = 640
ROW = 38
BAR = 14  # bar height; the label's baseline is 3 units above the bar
CHAR = 6.6  # average width of a character at the labels' 12px
LEFT = 10
RIGHT = 10
TOP = 8


@dataclass(frozen=True)
class Span:
    label: str
    kind: str  # "period" (the partnership itself) or "status" (a status period)
    start_earliest: dt.date | None
    start_latest: dt.date | None
    end_earliest: dt.date | None
    end_latest: dt.date | None
    start_text: str
    end_text: str
    status: str = ""  # local name of the status concept, e.g. "dormant": used as a CSS class


@dataclass(frozen=True)
class Bar:
    span: Span
    x: float
    width: float
    y: float
    fuzzy_start: float  # width of the uncertain stretch at the start
    fuzzy_end: float
    open_end: bool
    text_x: float = 0.0
    text_anchor: str = "start"


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass
class Timeline:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    undated: list[Span] = field(default_factory=list)  # spans no date places on the axis: listed, not drawn


def _year_fraction(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    return day.year + (day - start).days / 366


def layout(spans: list[Span], today: dt.date) -> Timeline:
    """Place each span on one row of a shared time axis, with decade ticks."""
    known = [d for s in spans for d in (s.start_earliest, s.start_latest, s.end_earliest, s.end_latest) if d]
    if not known:  # e.g. a status a source gives without saying since when
        return Timeline(WIDTH, 0, undated=list(spans))
    first = min(_year_fraction(d) for d in known)
    last = max([_year_fraction(d) for d in known] + ([_year_fraction(today)] if any(
        s.end_latest is None for s in spans) else []))
    first_decade = int(first // 10 * 10)
    last = max(last, first_decade + 10)
    scale = (WIDTH - LEFT - RIGHT) / (last - first_decade)

    def x_of(day: dt.date) -> float:
        return round(LEFT + (_year_fraction(day) - first_decade) * scale, 1)

    timeline = Timeline(WIDTH, TOP + ROW * len(spans) + 24)
    for row, span in enumerate(spans):
        start_lo = span.start_earliest or span.start_latest or dt.date(first_decade, 1, 1)
        start_hi = span.start_latest or start_lo
        end_hi = span.end_latest or today
        end_lo = span.end_earliest or end_hi
        x = x_of(start_lo)
        width = max(x_of(end_hi) - x, 2.0)
        text = len(f"{span.label}: {span.start_text}–{span.end_text}") * CHAR
        right_aligned = x + text > WIDTH - RIGHT
        timeline.bars.append(Bar(
            span, x, width, TOP + row * ROW + 16,
            min(x_of(start_hi) - x, width), min(x_of(end_hi) - x_of(end_lo), width),
            span.end_latest is None, WIDTH - RIGHT if right_aligned else x, "end" if right_aligned else "start",
        ))
    for decade in range(first_decade, int(last) + 1, 10):
        timeline.ticks.append(Tick(x_of(dt.date(decade, 1, 1)), str(decade)))
    return timeline


def parse_date(text: str | None) -> dt.date | None:
    """An xsd:date lexical form (the derived earliest/latest bounds) as a date.

    >>> parse_date("1998-10-31")
    datetime.date(1998, 10, 31)
    >>> parse_date("late") is None
    True
    """
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
