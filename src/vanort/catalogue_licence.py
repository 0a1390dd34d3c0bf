"""The licence each dataset can honestly carry, from the licences its sources declare (issue #14).

``catalogue.toml [dataset] licence`` is the licence of the project's own work (CC0 1.0). Facts
that only a share-alike source states (Wikipedia's articles and twin-town lists, CC BY-SA 4.0)
cannot be republished under CC0, so a dataset holding any such fact, its distributions and the
endpoint serving it carry CC BY-SA 4.0 instead, with a ``dct:rights`` statement naming every
attribution its sources ask for (``cc:attributionName``). The DCAT-AP way: ``dct:license``
(a licence document) plus ``dct:rights`` (a rights statement); the catalogue record itself stays
CC0 (DCAT-AP-SE).

The release is split into a CC0 Vännäs page dataset and a CC BY-SA national register, each with
its own files (catalogue_split.py decides which statement belongs to which): each dataset gets
the licence its own statements allow (``dataset_licence``) and a rights statement naming the
attributions of the sources it cites (``dataset_rights``).

>>> dataset_licence("http://creativecommons.org/publicdomain/zero/1.0/", True)
'http://creativecommons.org/licenses/by-sa/4.0/'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .namespaces import DCTERMS

if TYPE_CHECKING:  # catalogue_facts imports catalogue_split, which imports this module
    from .catalogue_facts import Facts

CC_BY_SA_4 = "http://creativecommons.org/licenses/by-sa/4.0/"
CC = "http://creativecommons.org/ns#"
SPDX_LICENCES = "http://spdx.org/licenses/"
# Licences whose terms oblige a reuser to share alike (SPDX ids and Creative Commons IRIs).
SHARE_ALIKE = {SPDX_LICENCES + "CC-BY-SA-4.0", CC_BY_SA_4, "https://creativecommons.org/licenses/by-sa/4.0/"}
# Licences that ask for attribution: their sources' cc:attributionName go into the rights statement.
_ATTRIBUTION = ("CC-BY-", "MIT", "ODbL", "LGPL", "creativecommons.org/licenses/by")


def licences(data: Iterable[ox.Quad]) -> dict[str, str]:
    """Source IRI -> the licence IRI it declares (``dct:license``)."""
    return {q.subject.value: q.object.value for q in data
            if q.predicate.value == DCTERMS + "license" and isinstance(q.object, ox.NamedNode)}


def attributions(facts: Facts | Iterable[ox.Quad], cited: set[str] | None = None) -> list[str]:
    """The distinct attribution names of the sources whose licence asks for attribution, sorted;
    with ``cited``, only of those sources. ``facts``: catalogue_facts.Facts (or quads, collected)."""
    from .catalogue_facts import Collector, Facts

    if not isinstance(facts, Facts):
        facts = Collector("").of(facts)
    asking = {s for s, licence in facts.licences.items() if any(mark in licence for mark in _ATTRIBUTION)
              and (cited is None or s in cited)}
    return sorted({name for subject, name in facts.attributions if subject in asking})


def dataset_licence(configured: str | None, share_alike_only: bool) -> str | None:
    """A dataset's licence: CC BY-SA 4.0 when it holds a statement standing only on share-alike
    sources (catalogue_split.share_alike_triples), else the configured licence."""
    return CC_BY_SA_4 if share_alike_only else configured


def dataset_rights(facts: Facts, cited: set[str], share_alike_only: bool) -> tuple[str, str] | None:
    """The rights statement (sv, en) of one dataset: why its licence, and every attribution its
    cited sources ask for; None when there is nothing to say (no attribution asked, not share-alike)."""
    names = "; ".join(attributions(facts, cited))
    if share_alike_only:
        return (f"Innehåller uppgifter som bara källor under CC BY-SA 4.0 (bland annat Wikipedia) anger och "
                f"licensieras därför under CC BY-SA 4.0. Erkännande: {names}. Källan till varje uppgift: dess namngivna graf.",
                f"Contains facts that only sources under CC BY-SA 4.0 (Wikipedia among them) state, and is therefore "
                f"licensed under CC BY-SA 4.0. Attribution: {names}. The source of every fact: its named graph.")
    if not names:
        return None
    return (f"Ingen uppgift står bara på källor under en Dela lika-licens; licensen är projektets egen. Källor som ber om "
            f"erkännande: {names}.",
            f"No fact stands only on share-alike sources; the licence is the project's own. Sources "
            f"that ask for attribution: {names}.")
