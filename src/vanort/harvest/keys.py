"""Stable keys of the tables: lower-case ASCII, ``[a-z0-9-]`` (the tables schema's rule)."""

from __future__ import annotations

import re
import unicodedata

# Letters NFKD does not split into a base letter and a mark.
_EXTRA = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l", "ı": "i", "þ": "th", "ð": "d"})


def slug(text: str) -> str:
    """``"Upplands Väsby"`` -> ``"upplands-vasby"``; empty when nothing ASCII is left."""
    text = text.lower().translate(_EXTRA)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def municipality_key(code: str, short_name: str) -> str:
    """Swedish municipality: ``se-<kommunkod>-<name>``, e.g. ``se-2460-vannas``."""
    return f"se-{code}-{slug(short_name)}"


def county_key(code: str, name: str) -> str:
    """County: ``se-<länskod>-<name without 'län'>``, e.g. ``se-24-vasterbotten``."""
    base = re.sub(r"s? län$", "", name.strip())
    return f"se-{code}-{slug(base)}"


def partner_key(iso2: str, name: str) -> str:
    """Foreign partner as the source names it: ``<iso2>-<name>``, e.g. ``ru-apatity``."""
    return f"{iso2.lower()}-{slug(name)}"


def partnership_key(a_short: str, b_name: str) -> str:
    """``boden-apatity``: the Swedish short name first, as in data/partnerships."""
    return f"{slug(a_short)}-{slug(b_name)}"
