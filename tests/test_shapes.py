"""SHACL shape tests (independent of the vanort package).

Layout: tests/shapes_fixtures/<ShapeLocalName>/*.ttl, one directory per shape in shapes/.
Each fixture starts with two comment lines:
    # expect-shape: <ShapeLocalName>
    # expect-message: <key words the sh:message must contain>
For every fixture the whole valid data/ (including data/schemes/) is loaded, the fixture is added,
and pySHACL validates with the ontology as ont_graph, inference="none" (all types are explicit in
data/; see shapes/vanort-shapes.ttl) and advanced=True (SPARQL-based targets).
The combined graph must not conform, every result must come from exactly the expected shape, and
the message must name the problem.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, SH

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology"
SHAPES = ROOT / "shapes"
FIXTURES = Path(__file__).resolve().parent / "shapes_fixtures"
SHAPES_NS = "https://w3id.org/vanort/shapes/"
INFERENCE = "none"


def _parse_dir(path: Path) -> rdflib.Graph:
    g = rdflib.Graph()
    for f in sorted(path.rglob("*.ttl")):
        g.parse(f, format="turtle")
    return g


_CACHE: dict[str, rdflib.Graph] = {}


def _graphs():
    if not _CACHE:
        _CACHE["data"] = _parse_dir(DATA)
        _CACHE["ont"] = _parse_dir(ONTOLOGY)
        _CACHE["shapes"] = _parse_dir(SHAPES)
    return _CACHE["data"], _CACHE["ont"], _CACHE["shapes"]


def _validate(extra: str | None, engine: str = "pyshacl"):
    """Validate data/ (+ an optional fixture file); return (conforms, [(shape, message, focus)], rows).

    ``rows`` is the whole report as comparable tuples, for comparing pySHACL (the reference)
    with pyshacl-turbo (the engine `vanort build` uses; issue #13)."""
    import pyshacl
    import pyshacl_turbo

    data, ont, shapes = _graphs()
    g = rdflib.Graph()
    for t in data:
        g.add(t)
    if extra:
        g.parse(extra, format="turtle")
    module = {"pyshacl": pyshacl, "turbo": pyshacl_turbo}[engine]
    conforms, report, _ = module.validate(
        g, shacl_graph=shapes, ont_graph=ont, inference=INFERENCE, advanced=True, allow_warnings=False
    )
    results, rows = [], set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        results.append(
            (
                str(report.value(r, SH.sourceShape)),
                " ".join(str(m) for m in report.objects(r, SH.resultMessage)),
                str(report.value(r, SH.focusNode)),
            )
        )
        terms = [report.value(r, p) for p in (SH.sourceShape, SH.focusNode, SH.resultPath, SH.value,
                                                SH.resultSeverity, SH.sourceConstraintComponent)]
        # blank nodes (a path expression, a blank sh:value) are labelled by each engine its own way
        key = tuple("_:b" if isinstance(t, rdflib.BNode) else str(t) for t in terms)
        rows.add(key + (tuple(sorted(str(m) for m in report.objects(r, SH.resultMessage))),))
    return conforms, results, rows


def _both_engines(extra: str | None):
    return _validate(extra, "pyshacl"), _validate(extra, "turbo")


def _fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*/*.ttl"))


def _header(path: Path) -> dict[str, str]:
    head = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if ":" in line:
            k, v = line[1:].split(":", 1)
            head[k.strip()] = v.strip()
    return head


def _named_shapes() -> set[str]:
    _, _, shapes = _graphs()
    out = set()
    for s in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        if isinstance(s, rdflib.URIRef) and str(s).startswith(SHAPES_NS):
            out.add(str(s)[len(SHAPES_NS):])
    return out


@pytest.fixture(scope="module")
def fixture_results():
    files = _fixture_files()
    workers = max(1, min(len(files), os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        outcomes = list(pool.map(_both_engines, [str(f) for f in files]))
    return dict(zip(files, outcomes))


@pytest.mark.parametrize("engine", ["pyshacl", "turbo"])
def test_real_data_conforms(engine):
    conforms, results, _ = _validate(None, engine)
    assert conforms, "data/ does not conform:\n" + "\n".join(f"{s} {f}: {m}" for s, m, f in results)
    assert results == []


def test_every_shape_has_a_fixture():
    shapes = _named_shapes()
    dirs = {d.name for d in FIXTURES.iterdir() if d.is_dir() and any(d.glob("*.ttl"))}
    assert shapes, "no named shapes found"
    assert not (shapes - dirs), f"shapes without fixtures: {sorted(shapes - dirs)}"
    assert not (dirs - shapes), f"fixture directories without a shape: {sorted(dirs - shapes)}"


def test_every_shape_has_an_english_message():
    _, _, shapes = _graphs()
    for name in _named_shapes():
        node = rdflib.URIRef(SHAPES_NS + name)
        msgs = list(shapes.objects(node, SH.message))
        for c in shapes.objects(node, SH.sparql):
            msgs += list(shapes.objects(c, SH.message))
        assert any(getattr(m, "language", None) == "en" for m in msgs), f"{name} has no English sh:message"


@pytest.mark.parametrize("fixture", _fixture_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_violates_exactly_its_shape(fixture, fixture_results):
    head = _header(fixture)
    shape = head.get("expect-shape", fixture.parent.name)
    keyword = head["expect-message"]
    assert shape == fixture.parent.name
    (conforms, results, _), _ = fixture_results[fixture]
    assert not conforms, f"{fixture}: data + fixture unexpectedly conforms"
    sources = {s[len(SHAPES_NS):] if s.startswith(SHAPES_NS) else s for s, _, _ in results}
    assert shape in sources, f"{fixture}: expected a result from {shape}, got {sorted(sources)}"
    assert sources == {shape}, f"{fixture}: violates other shapes too: {sorted(sources - {shape})}"
    for s, message, _ in results:
        assert keyword.lower() in message.lower(), f"{fixture}: message {message!r} does not mention {keyword!r}"


@pytest.mark.parametrize("fixture", _fixture_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_same_report_from_both_engines(fixture, fixture_results):
    """pyshacl-turbo reports exactly what pySHACL reports: every result, with its shape, focus
    node, path, value, severity, constraint component and messages."""
    (conforms, _, rows), (turbo_conforms, _, turbo_rows) = fixture_results[fixture]
    assert turbo_conforms == conforms
    assert turbo_rows == rows, f"{fixture}: only pySHACL {sorted(rows - turbo_rows)}; only turbo {sorted(turbo_rows - rows)}"
