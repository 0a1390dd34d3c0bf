"""The catalogue's and the link check's facts, read from the spooled text (issue #13), agree with the
same facts computed quad by quad from the parsed data, on N-Triples made to mislead a text filter."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from vanort import catalogue_datasets, catalogue_licence, link
from vanort.catalogue_facts import Collector, Facts, triples
from vanort.spool import Quads, Spool

BASE = "https://e.org/"
PREFIXES = f"""
@prefix vo: <{BASE}def/> . @prefix id: <{BASE}id/> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix adms: <http://www.w3.org/ns/adms#> . @prefix cc: <http://creativecommons.org/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
UNVERIFIED = "http://publications.europa.eu/resource/authority/verification-status/unverified"
# Each graph's Turtle: literals holding predicate IRIs and whole fake lines, escaped quotes, language
# tags, datatypes, blank nodes, spaces and non-ASCII text, and objects of the wrong kind.
GRAPHS = {
    "graph/data/places/a": f"""
id:vännäs a vo:Municipality ; vo:country id:se ; owl:sameAs <https://sws.geonames.org/602137/> ;
  rdfs:label "Vännäs <http://purl.org/dc/terms/source> <{BASE}id/source/fake> ."@sv ;
  rdfs:comment "line one\\n<{BASE}id/x> <http://www.w3.org/2002/07/owl#sameAs> <https://sws.geonames.org/1/> .\\nend" ;
  rdfs:comment "say \\"<http://purl.org/dc/terms/license>\\" twice; a \\"quoted\\" phrase with spaces" ;
  dct:source id:source\\/wp, "a source as a literal"@en, "7"^^xsd:integer, [ rdfs:label "anonymous source" ] ;
  adms:identifier [ skos:notation "Q123", "Q0", "Q7"@en ; adms:status <{UNVERIFIED}> ] .
id:se owl:sameAs <https://sws.geonames.org/2661886/>, <http://www.wikidata.org/entity/Q34> ;
  skos:exactMatch <http://sws.geonames.org/2661886/> ; skos:closeMatch <https://sws.geonames.org/3/> .
_:m a vo:Municipality ; vo:country id:no, "Norway"@en ; owl:sameAs "https://sws.geonames.org/9/" .
id:p1 a vo:Partnership, vo:PartnershipKind ; rdfs:seeAlso "<{BASE}def/Municipality> ." .
id:fake a "{BASE}def/Municipality"@en ; vo:country id:dk .
id:notone a "{BASE}def/Municipality " , <{BASE}def/Municipalities> , "<{BASE}def/Municipality>" .
id:no owl:sameAs <https://sws.geonames.org/3144096/> ; vo:countryCode "NO" .
""",
    "graph/data/places/b": f"""
id:x owl:sameAs <http://www.wikidata.org/entity/500210> ; dct:source id:source\\/wp .
id:y owl:sameAs <http://www.wikidata.org/entity/Q34> .
[] skos:notation "Q99" ; adms:status <{UNVERIFIED}> .
""",
    "graph/data/tables/sources": f"""
id:source\\/wp dct:title "Wikipedia"@en ; rdfs:label "Wikipedia \\"sv\\""@sv ; foaf:page <https://sv.wikipedia.org/> ;
  dct:license <http://spdx.org/licenses/CC-BY-SA-4.0> ; cc:attributionName "Wikipedia contributors" ;
  vo:sourceKind vo:secondary ; vo:consulted "2026-11-30"^^xsd:date ; rdfs:comment "not copied" .
id:source\\/gn dct:license <http://spdx.org/licenses/CC-BY-4.0> ; cc:attributionName "GeoNames", <https://e.org/iri> .
_:s dct:license <http://spdx.org/licenses/MIT> ; dct:license "MIT as a literal" .
""",
    "graph/source/wp": """
id:x vo:partner id:y . id:x vo:partner id:y . _:b vo:partner id:y .
""",
    "graph/data/empty": "",
}


def _quads(graph: str, text: str) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(BASE + graph))  # type: ignore[union-attr]
            for t in ox.parse(PREFIXES + text, format=ox.RdfFormat.TURTLE)]


@pytest.fixture
def spooled(tmp_path: Path) -> Quads:
    spool = Spool(tmp_path)
    parts = [spool.add(_quads(g, text), BASE + g) for g, text in GRAPHS.items()]
    duplicate = _quads("graph/source/wp", GRAPHS["graph/source/wp"])
    parts.append(spool.add(duplicate, BASE + "graph/source/wp"))  # a graph in two slices
    return Quads(parts)


def _reference(quads: Quads) -> Facts:
    """Every quad parsed into Python objects, one by one (``list`` leaves no slice to read as text)."""
    return Collector(BASE).of(list(quads))


def test_the_facts_read_from_text_are_those_of_every_parsed_quad(spooled: Quads) -> None:
    fast, reference = Collector(BASE).of(spooled), _reference(spooled)
    assert asdict(fast) == asdict(reference)
    assert triples(spooled, BASE) == triples(list(spooled), BASE) == {BASE + "graph/source/wp": 2}
    # what the misleading literals must not add, and what the real lines must
    assert fast.sources == {BASE + "id/source/wp", "a source as a literal", "7", next(iter(
        s for s in fast.sources if s not in {BASE + "id/source/wp", "a source as a literal", "7"}))}
    assert len(fast.sources) == 4 and fast.graphs == {BASE + g for g in GRAPHS if GRAPHS[g]}
    assert len(fast.municipalities) == 3 and fast.partnerships == {f"<{BASE}id/p1>"}
    assert ("https://sws.geonames.org/1/" not in {t for _, _, t in fast.links})
    assert fast.licences == {BASE + "id/source/wp": "http://spdx.org/licenses/CC-BY-SA-4.0",
                             BASE + "id/source/gn": "http://spdx.org/licenses/CC-BY-4.0",
                             next(s for s in fast.licences if not s.startswith("http")): "http://spdx.org/licenses/MIT"}
    assert {(p.rsplit("/", 1)[-1].rsplit("#", 1)[-1]) for s, p, _ in fast.about} == {
        "title", "label", "page", "license", "attributionName", "sourceKind", "consulted"}


def test_the_catalogue_and_link_answers_agree_with_quad_by_quad_code(spooled: Quads) -> None:
    fast, reference = Collector(BASE).of(spooled), _reference(spooled)
    quads = list(spooled)
    vo = BASE + "def/"
    # the comprehensions the catalogue used before its one pass (issue #13), as the reference
    municipalities = {q.subject for q in quads if q.predicate.value.endswith("#type") and q.object.value == vo + "Municipality"}
    countries = {q.object for q in quads if q.predicate.value == vo + "country" and q.subject in municipalities}
    sv, en = catalogue_datasets.counts(fast)
    assert (f"{len(municipalities)} municipalities in {len(countries)} countries, 1 partnerships, "
            f"{len({q.graph_name.value for q in quads})} named graphs") in en
    assert (len(municipalities), len(countries)) == (3, 4)
    assert catalogue_datasets.counts(reference) == (sv, en)
    for scope in (catalogue_datasets.PLACES, catalogue_datasets.COUNTRIES):
        assert catalogue_datasets.spatial(fast, scope, BASE) == catalogue_datasets.spatial(reference, scope, BASE)
    assert catalogue_datasets.spatial(fast, catalogue_datasets.COUNTRIES, BASE) == [
        "http://sws.geonames.org/2661886/", "https://sws.geonames.org/2661886/", "https://sws.geonames.org/3144096/"]
    cited = set(fast.cited(BASE))
    assert BASE + "id/source/wp" in cited and cited == set(reference.cited(BASE))
    assert catalogue_licence.attributions(fast, cited) == catalogue_licence.attributions(reference, cited) == [
        "Wikipedia contributors"]
    assert catalogue_licence.attributions(fast) == ["GeoNames", "Wikipedia contributors"]
    checked, expected = link.check(fast), link.check(quads)
    assert checked == expected and checked.problems[0].startswith(f"<{BASE}id/x> http://www.w3.org/2002/07/owl#sameAs")
    assert any("owl:sameAs of 2 resources" in p for p in checked.problems)
    assert checked.unverified == _unverified_quad_by_quad(quads)
    assert len(checked.unverified) == 3 and any(u.endswith(" Q99") for u in checked.unverified)
    assert f"<{BASE}id/vännäs> Q123" in checked.unverified and f"<{BASE}id/vännäs> Q0" not in checked.unverified


def _unverified_quad_by_quad(quads: list[ox.Quad]) -> list[str]:
    """link._unverified_qids as it was before the one pass (issue #13)."""
    import re

    adms, skos = "http://www.w3.org/ns/adms#", "http://www.w3.org/2004/02/skos/core#"
    owner = {q.object: q.subject.value for q in quads if q.predicate.value == adms + "identifier"}
    status = {q.subject: q.object.value for q in quads if q.predicate.value == adms + "status"}
    return sorted({f"<{owner.get(q.subject, q.subject.value)}> {q.object.value}" for q in quads
                   if q.predicate.value == skos + "notation" and re.fullmatch(r"Q[1-9][0-9]*", q.object.value)
                   and status.get(q.subject, "").endswith("/verification-status/unverified")})


def test_a_chain_that_starts_with_one_read_reads_only_the_rest(spooled: Quads) -> None:
    collector = Collector(BASE)
    stated = Quads(spooled.parts[:3])
    first = collector.of(stated)
    assert collector.of(stated) is first  # asked again: nothing read
    whole = collector.of(spooled)
    assert whole is not first and asdict(whole) == asdict(_reference(spooled))
    assert asdict(first) == asdict(_reference(stated))  # the prefix's facts are not changed by the rest
