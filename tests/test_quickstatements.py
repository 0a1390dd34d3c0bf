"""QuickStatements V1 lines: every emitted line is parsed against the V1 grammar."""

from __future__ import annotations

import re

from test_wikidata_diff import BASE, fixture_engine, recorded

from vanort.wikidata import ours, quickstatements

ITEM = r"Q[1-9]\d*"
TIME = r"\+\d{4}-\d{2}-\d{2}T00:00:00Z/(?:8|9|10|11)"
STRING = r'"[^"\t\n]*"'
QUALIFIER = rf"P(?:580|582)\t{TIME}"
SOURCE = rf"S854\t{STRING}(?:\tS813\t\+\d{{4}}-\d{{2}}-\d{{2}}T00:00:00Z/11)?"
V1_LINE = re.compile(rf"{ITEM}\tP190\t{ITEM}(?:\t{QUALIFIER})*(?:\t{SOURCE})?")


def _precision_consistent(line: str) -> bool:
    """Zeroed fields beyond the precision (V1: /9 year has -00-00, /10 month has -00 day)."""
    for value, precision in re.findall(r"\+(\d{4}-\d{2}-\d{2})T00:00:00Z/(\d+)", line):
        year, month, day = value.split("-")
        if int(precision) <= 9 and (month, day) != ("00", "00"):
            return False
        if int(precision) == 10 and (month == "00" or day != "00"):
            return False
        if int(precision) == 8 and not year.endswith("0"):
            return False
    return True


def emitted(allow_unverified: bool = False) -> tuple[list[str], list[str]]:
    return quickstatements.lines(ours.twinnings(fixture_engine(), BASE), recorded(), allow_unverified)


def test_every_line_parses_as_v1() -> None:
    lines, _ = emitted(allow_unverified=True)
    assert lines
    for line in lines:
        assert V1_LINE.fullmatch(line), line
        assert _precision_consistent(line), line


def test_both_directions_with_decade_and_sources() -> None:
    lines, _ = emitted()
    source = '\tS854\t"https://example.org/vanorter"\tS813\t+2026-11-27T00:00:00Z/11'
    assert "Q500210\tP190\tQ488776\tP580\t+1980-00-00T00:00:00Z/8" + source in lines
    assert "Q488776\tP190\tQ500210\tP580\t+1980-00-00T00:00:00Z/8" + source in lines


def test_missing_qualifier_on_existing_statement_month_precision() -> None:
    lines, _ = emitted()
    assert any(line.startswith("Q22129\tP190\tQ500210\tP580\t+1998-10-00T00:00:00Z/10\tS854") for line in lines)
    # The other direction already has P580 at the same month: nothing to add.
    assert not any(line.startswith("Q500210\tP190\tQ22129") for line in lines)


def test_day_and_year_precision_for_missing_reverse() -> None:
    lines, _ = emitted()
    assert any(line.startswith("Q500210\tP190\tQ376003\tP580\t+2003-05-17T00:00:00Z/11\tP582\t+2010-00-00T00:00:00Z/9")
               for line in lines)
    # Wikidata's statement has a (different) P580: only the missing P582 is added, never a second start.
    assert any(line.startswith("Q376003\tP190\tQ500210\tP582\t+2010-00-00T00:00:00Z/9\tS854") for line in lines)


def test_never_a_contact_and_unverified_only_on_request() -> None:
    lines, warnings = emitted()
    assert not any("Q729524" in line for line in lines)  # Vännäs–Prokuplje is a contact
    assert not any("Q571384" in line for line in lines)
    assert any("Q571384" in w and "unverified" in w for w in warnings)
    forced, forced_warnings = emitted(allow_unverified=True)
    assert "Q500210\tP190\tQ571384\tS854\t\"https://example.org/vanorter\"\tS813\t+2026-11-27T00:00:00Z/11" in forced
    assert not any("Q729524" in line for line in forced)
    assert any(w.startswith("WARNING") and "Q571384" in w for w in forced_warnings)
