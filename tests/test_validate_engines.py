"""The build's SHACL engine (pyshacl-turbo) against the reference engine (pySHACL), through
vanort's own validate(): the same results on the project's data and on fixtures that cover
each kind of constraint the shapes use (issue #13). tests/test_shapes.py compares the two
engines on every fixture as well."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from vanort import derive, load, validate

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "shapes_fixtures"
BASE = "https://w3id.org/vanort/"
# SPARQL constraints and targets, sh:xone/sh:not, qualified shapes, sh:minInclusive on
# xsd:nonNegativeInteger (a typed literal a pyoxigraph store would rewrite), sh:uniqueLang,
# sh:languageIn, sh:alternativePath, sh:class, sh:pattern, blank nodes
COVERING = ("NoBlankNodeShape", "PartnershipDistinctPartnersShape", "IntervalOrderShape", "InstantPrecisionShape",
            "BoundsOrderShape", "ParticipantHeadcountShape", "LabelUniqueLangShape", "EventParticipantShape",
            "NearPlaceShape", "LanguageTaggedTextShape", "MunicipalityWikidataShape", "RiverShape")


@pytest.fixture(scope="module")
def project() -> tuple[list[ox.Quad], list[ox.Quad], list[ox.Quad]]:
    sources = load.read_sources(ROOT, {role: ROOT / role for role in load.ROLES}, BASE)
    data = sources.quads("data") + derive.derive(sources.quads("ontology", "data"), BASE)
    return data, sources.quads("shapes"), sources.quads("ontology")


def _fixture(shape: str) -> list[ox.Quad]:
    graph = ox.NamedNode(BASE + "graph/fixture")
    path = FIXTURES / shape / "invalid.ttl"
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]


def _both(data: list[ox.Quad], shapes: list[ox.Quad], ontology: list[ox.Quad]) -> list[validate.ValidationReport]:
    return [validate.validate(data, shapes, ontology, engine=engine) for engine in ("turbo", "pyshacl")]


def test_engines_agree_on_the_project_data(project) -> None:  # type: ignore[no-untyped-def]
    turbo, reference = _both(*project)
    assert turbo.conforms and reference.conforms
    assert turbo.results == reference.results == []


@pytest.mark.parametrize("shape", COVERING)
def test_engines_agree_on_a_fixture(project, shape: str) -> None:  # type: ignore[no-untyped-def]
    data, shapes, ontology = project
    turbo, reference = _both(data + _fixture(shape), shapes, ontology)
    assert not turbo.conforms and not reference.conforms
    if shape == "NoBlankNodeShape":  # each engine labels the blank node of sh:value its own way
        assert [r.value for r in turbo.results] != [None] and len(turbo.results) == len(reference.results)
        turbo.results = [replace(r, value=None) for r in turbo.results]
        reference.results = [replace(r, value=None) for r in reference.results]
    assert turbo.results == reference.results
    assert {r.shape for r in turbo.results} == {f"<{BASE}shapes/{shape}>"}


def test_turbo_finds_every_fixture_violation(project) -> None:  # type: ignore[no-untyped-def]
    data, shapes, ontology = project
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        report = validate.validate(data + _fixture(folder.name), shapes, ontology)
        assert not report.conforms, folder.name
        assert {r.shape for r in report.results} == {f"<{BASE}shapes/{folder.name}>"}, folder.name


def test_unknown_engine_is_refused(project) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="unknown SHACL engine 'jena'"):
        validate.validate(*project, engine="jena")


EX = "http://example.org/"
ONTOLOGY_TTL = f"""
@prefix ex: <{EX}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:Place a owl:Class . ex:Town a owl:Class ; rdfs:subClassOf ex:Place ,
    [ a owl:Restriction ; owl:onProperty ex:near ; owl:someValuesFrom ex:Place ] .
ex:near a owl:ObjectProperty ; rdfs:label "near"@en .
"""
# sh:class follows rdfs:subClassOf in the data graph: a Town is a Place only when the ontology's
# axioms are mixed in. The SPARQL target reads every triple, so the axioms' blank node (the
# restriction) and its number of triples show whether the mixing copied them as pySHACL does.
SHAPES_TTL = f"""
@prefix ex: <{EX}> . @prefix sh: <http://www.w3.org/ns/shacl#> .
ex:NearShape a sh:NodeShape ; sh:targetSubjectsOf ex:near ;
    sh:property [ sh:path ex:near ; sh:class ex:Place ] .
ex:AxiomCountShape a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ; sh:select "SELECT ?this WHERE {{ ?this a <{EX}Town> }}" ] ;
    sh:sparql [ a sh:SPARQLConstraint ; sh:message "a blank node's {{?p}}" ;
        sh:select "SELECT DISTINCT $this ?p WHERE {{ $this a <{EX}Town> . ?s ?p ?o FILTER(isBlank(?s)) }}" ] .
"""
DATA_TTL = f"@prefix ex: <{EX}> . ex:a ex:near ex:b . ex:b a ex:Town ."


def _graph_of(text: str) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
            for t in ox.parse(text, format=ox.RdfFormat.TURTLE)]


def test_the_ontology_axioms_are_mixed_in_as_pyshacl_does() -> None:
    data, shapes, ontology = _graph_of(DATA_TTL), _graph_of(SHAPES_TTL), _graph_of(ONTOLOGY_TTL)
    turbo, reference = _both(data, shapes, ontology)
    # ex:b is a Place through the ontology's rdfs:subClassOf, so only the SPARQL shape reports,
    # once per predicate of the restriction (a blank node in the ontology)
    restriction = sorted(f"a blank node's http://www.w3.org/{p}" for p in (
        "1999/02/22-rdf-syntax-ns#type", "2002/07/owl#onProperty", "2002/07/owl#someValuesFrom"))
    assert sorted(r.message for r in turbo.results) == sorted(r.message for r in reference.results) == restriction
    assert {r.focus for r in turbo.results} == {f"{EX}b"}
    without = validate.validate(data, shapes, [], engine="turbo")  # the fixture depends on the axioms:
    assert [(r.focus, r.path) for r in without.results] == [(f"{EX}a", f"<{EX}near>")]
