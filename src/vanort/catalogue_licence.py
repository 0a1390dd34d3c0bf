"""The licence the release can honestly carry, from the licences its sources declare (issue #14).

``catalogue.toml [dataset] licence`` is the licence of the project's own work (CC0 1.0). Facts
derived from a share-alike source (Wikipedia's articles and twin-town lists, CC BY-SA 4.0) cannot
be republished under CC0, so when any source in the data declares CC BY-SA, the dataset, its
distributions and its endpoint carry CC BY-SA 4.0 instead, with a ``dct:rights`` statement naming
every attribution the sources ask for (``cc:attributionName``). The DCAT-AP way: ``dct:license``
(a licence document) plus ``dct:rights`` (a rights statement); the catalogue record itself stays
CC0 (DCAT-AP-SE).

Splitting the release into a CC0 Vännäs dataset and a CC BY-SA national register, each with its own
files, is the better answer and not done yet: until then the stricter licence covers the whole.

>>> share_alike([])
False
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from .namespaces import DCTERMS

CC_BY_SA_4 = "http://creativecommons.org/licenses/by-sa/4.0/"
CC = "http://creativecommons.org/ns#"
SPDX_LICENCES = "http://spdx.org/licenses/"
# Licences whose terms oblige a reuser to share alike (SPDX ids and Creative Commons IRIs).
SHARE_ALIKE = {SPDX_LICENCES + "CC-BY-SA-4.0", CC_BY_SA_4, "https://creativecommons.org/licenses/by-sa/4.0/"}
# Licences that ask for attribution: their sources' cc:attributionName go into the rights statement.
_ATTRIBUTION = ("CC-BY-", "MIT", "ODbL", "LGPL", "creativecommons.org/licenses/by")


def _licences(data: Iterable[ox.Quad]) -> dict[str, str]:
    return {q.subject.value: q.object.value for q in data
            if q.predicate.value == DCTERMS + "license" and isinstance(q.object, ox.NamedNode)}


def share_alike(data: Iterable[ox.Quad]) -> bool:
    """Does any source in the data declare a share-alike licence?"""
    return any(licence in SHARE_ALIKE for licence in _licences(data).values())


def attributions(data: list[ox.Quad]) -> list[str]:
    """The distinct attribution names of the sources whose licence asks for attribution, sorted."""
    licences = _licences(data)
    asking = {s for s, licence in licences.items() if any(mark in licence for mark in _ATTRIBUTION)}
    return sorted({q.object.value for q in data if q.predicate.value == CC + "attributionName"
                   and q.subject.value in asking and isinstance(q.object, ox.Literal)})


def effective_licence(configured: str | None, data: list[ox.Quad]) -> str | None:
    """The configured licence, or CC BY-SA 4.0 when a source obliges the data to share alike."""
    return CC_BY_SA_4 if share_alike(data) else configured


def rights_texts(data: list[ox.Quad]) -> tuple[str, str] | None:
    """The rights statement (sv, en) of a share-alike release, naming the attributions; else None."""
    if not share_alike(data):
        return None
    names = "; ".join(attributions(data))
    return (f"Innehåller uppgifter från källor under CC BY-SA 4.0 (bland annat Wikipedia) och licensieras därför "
            f"under CC BY-SA 4.0. Erkännande: {names}. Källan till varje uppgift: dess namngivna graf.",
            f"Contains facts from sources under CC BY-SA 4.0 (Wikipedia among them) and is therefore licensed "
            f"under CC BY-SA 4.0. Attribution: {names}. The source of every fact: its named graph.")
