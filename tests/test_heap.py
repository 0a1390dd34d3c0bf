"""Freed memory goes back to the system between build stages (issue #13)."""

from __future__ import annotations

import sys

import pytest

from vanort import heap


def _rss_mb() -> int:
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) // 1024


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and glibc's malloc_trim")
def test_give_back_returns_a_freed_heap_to_the_system() -> None:
    # blocks of 2 KB come from the C heap (Python's own allocator takes up to 512 bytes); one
    # kept at its top stops glibc from shrinking the heap by itself when the rest are freed
    before = _rss_mb()
    blocks = [bytes(2048 + i % 7) for i in range(150_000)]
    pin = bytes(2048)
    grown = _rss_mb()
    assert grown - before > 250
    del blocks
    held = _rss_mb()
    assert heap.give_back() is True
    assert _rss_mb() - before < (held - before) / 2
    assert pin
