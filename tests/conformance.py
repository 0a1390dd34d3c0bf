"""Where the conformance material lives, and what a test does when it is absent (issue 12).

The W3C SPARQL protocol tests, the DCAT-AP shapes and the reconciliation schemas are not part
of this repository. ``VANORT_CONFORMANCE`` names their folder (default ``../shared/conformance``
beside the repository; a relative value is taken from the repository root). A test that needs
them calls ``require(...)`` or carries ``needs(...)``: without the material it skips with a
reason naming the variable, so a fresh clone standing alone passes ``make test``.

CI must never skip them: ``.ci/run`` sets ``VANORT_REQUIRE_CONFORMANCE=1``, and then a missing
folder fails the run at start-up (``check_required``, called from tests/conftest.py) and in
every test that would have skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VARIABLE = "VANORT_CONFORMANCE"
REQUIRE_VARIABLE = "VANORT_REQUIRE_CONFORMANCE"
DEFAULT = "../shared/conformance"
# The parts the suite uses; check_required looks for each.
PARTS = ("sparql11-protocol/manifest.ttl", "sparql11-query", "dcat-ap", "reconciliation/0.2/schemas")


def folder() -> Path:
    """The conformance folder, from ``VANORT_CONFORMANCE`` or the default."""
    value = os.environ.get(VARIABLE) or DEFAULT
    path = Path(value)
    return (path if path.is_absolute() else ROOT / path).resolve()


def path(*parts: str) -> Path:
    """A file or folder inside the conformance material (it may not exist)."""
    return folder().joinpath(*parts)


def available(*parts: str) -> bool:
    return path(*parts).exists()


def required() -> bool:
    return os.environ.get(REQUIRE_VARIABLE, "").strip().lower() in ("1", "true", "yes")


def reason(*parts: str) -> str:
    return (f"conformance material {path(*parts)} is absent: set {VARIABLE} to the folder holding it "
            f"(default {DEFAULT} relative to the repository root)")


def require(*parts: str) -> Path:
    """The path, or skip the calling test (fail it when ``VANORT_REQUIRE_CONFORMANCE`` is set)."""
    if not available(*parts):
        if required():
            pytest.fail(f"{REQUIRE_VARIABLE} is set but {reason(*parts)}")
        pytest.skip(reason(*parts))
    return path(*parts)


def needs(*parts: str) -> pytest.MarkDecorator:
    """A mark for tests or modules that need the material (skips with the reason when absent;
    with ``VANORT_REQUIRE_CONFORMANCE`` set the run has already failed in ``check_required``)."""
    return pytest.mark.skipif(not available(*parts), reason=reason(*parts))


def check_required() -> None:
    """Fail the whole run early when CI asks for the material and some of it is missing."""
    if not required():
        return
    missing = [part for part in PARTS if not available(part)]
    if missing:
        raise pytest.UsageError(f"{REQUIRE_VARIABLE} is set but {', '.join(reason(m) for m in missing)}")
