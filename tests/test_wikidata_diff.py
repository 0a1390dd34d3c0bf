"""The P190 diff against hand-written WDQS answers (tests/wikidata/README.md), and on the real release."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from vanort.store import OxigraphEngine
from vanort.wikidata import diff, ours
from vanort.wikidata.client import Snapshot, parse_p190
from vanort.wikidata.model import When

HERE = Path(__file__).resolve().parent / "wikidata"
BASE = "https://w3id.org/vanort/"


def fixture_engine() -> OxigraphEngine:
    store = ox.Store()
    store.load(path=str(HERE / "twinnings.ttl"), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(BASE + "graph/t"))
    return OxigraphEngine(store, "test", BASE)


def recorded() -> list:
    return parse_p190(json.loads((HERE / "wdqs-p190.json").read_text("utf-8")))


def test_parse_p190_drops_deprecated_and_groups_references() -> None:
    statements = {(s.subject, s.object): s for s in recorded()}
    assert ("Q488776", "Q500210") not in statements  # deprecated rank
    assert statements[("Q500210", "Q1754")].references == 2
    assert statements[("Q500210", "Q22129")].start == When(1998, 10, 0, 10)
    assert statements[("Q22129", "Q500210")].references == 0


def test_ours_reads_precision_and_verification() -> None:
    found = {t.partnership.rsplit("/", 1)[-1]: t for t in ours.twinnings(fixture_engine(), BASE)}
    assert found["vannas-hemnes"].start == When(1980, 0, 0, 8)
    assert found["vannas-cameri"].start == When(1998, 10, 0, 10)
    assert found["vannas-bjurholm"].start == When(2003, 5, 17, 11)
    assert found["vannas-bjurholm"].end == When(2010, 0, 0, 9)
    assert found["vannas-isokyro"].unverified == ("Q571384",)
    assert not found["vannas-prokuplje"].is_twinning
    assert found["vannas-cameri"].source_url == "https://example.org/vanorter"
    assert found["vannas-cameri"].retrieved == "2026-11-27"


def test_diff_reports_every_kind() -> None:
    findings = diff.diff(ours.twinnings(fixture_engine(), BASE), recorded())
    got = {(f.kind, f.subject, f.object) for f in findings}
    assert ("missing-in-wikidata", "Q500210", "Q488776") in got
    assert ("missing-in-wikidata", "Q488776", "Q500210") in got
    assert ("missing-reverse", "Q500210", "Q376003") in got
    assert ("start-missing", "Q22129", "Q500210") in got
    assert ("no-reference", "Q22129", "Q500210") in got
    assert ("start-differs", "Q376003", "Q500210") in got
    assert ("end-missing", "Q376003", "Q500210") in got
    assert ("not-a-twinning", "Q500210", "Q729524") in got
    assert ("missing-in-ours", "Q500210", "Q1754") in got
    # Equal dates at equal precision are no finding.
    assert not any(f.subject == "Q500210" and f.object == "Q22129" for f in findings)


def test_diff_json_and_table() -> None:
    findings = diff.diff(ours.twinnings(fixture_engine(), BASE), recorded())
    document = json.loads(diff.to_json(findings, "2026-11-27"))
    assert document["retrieved"] == "2026-11-27"
    assert {"kind", "subject", "object", "ours", "theirs", "detail"} <= set(document["findings"][0])
    table = diff.to_table(findings, {"Q500210": "Vännäs"})
    assert table.splitlines()[0].split() == ["kind", "subject", "object", "ours", "wikidata", "detail"]
    assert "Q500210 (Vännäs)" in table


def test_cli_diff_and_quickstatements_on_the_real_release(request, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue #5 'done when': a diff and a QuickStatements file from recorded answers, on the real data."""
    from click.testing import CliRunner

    from vanort.cli import main
    from vanort.manifest import open_release

    release_folder = request.getfixturevalue("release_folder")

    engine = OxigraphEngine.from_nquads(open_release(release_folder).path("dataset.nq"), "r", settings.base_iri)
    vannas = settings.base_iri + "id/municipality/se-2460-vannas"
    assert engine.exists(vannas) and engine.exists(settings.base_iri + "id/partnership/vannas-hemnes")
    snapshot = Snapshot("http://127.0.0.1/sparql", "2026-11-27", ["Q500210"],
                        json.loads((HERE / "wdqs-p190.json").read_text("utf-8")))
    cache = tmp_path / "p190.json"
    snapshot.save(cache)
    root = ["--root", str(settings.root), "wikidata"]
    where = ["--cache", str(cache), "--release-dir", str(settings.path("release_dir"))]
    runner = CliRunner()
    shown = runner.invoke(main, [*root, "diff", "--format", "json", *where])
    assert shown.exit_code == 0, shown.output
    kinds = {(f["kind"], f["subject"], f["object"]) for f in json.loads(shown.output)["findings"]}
    assert ("missing-in-wikidata", "Q500210", "Q488776") in kinds
    assert ("not-a-twinning", "Q500210", "Q729524") in kinds
    written = runner.invoke(main, [*root, "quickstatements", *where])
    assert written.exit_code == 0, written.output
    lines = [line for line in written.stdout.splitlines() if line]
    assert lines and all("\tP190\t" in line for line in lines)
    assert not any("Q729524" in line for line in lines)  # contact / friendship, unverified
    assert any(line.startswith("Q500210\tP190\tQ488776\tP580\t+1980-00-00T00:00:00Z/8") for line in lines)
