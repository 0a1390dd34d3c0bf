from __future__ import annotations

import json
from pathlib import Path

import pytest

from vanort import build, config
from vanort.errors import ReleaseError, ValidationFailed
from vanort.manifest import open_current, open_release


def _settings(project: Path, release_dir: Path) -> config.Settings:
    return config.load(project, {"release_dir": str(release_dir)}, environ={})


def _break_partnership(project: Path) -> None:
    target = project / "data" / "partnerships.ttl"
    text = target.read_text()
    assert ", m:b" in text, "the mini project's partnership lists two partners"
    target.write_text(text.replace(", m:b", "", 1))


def test_two_builds_are_byte_identical(mini_project: Path, tmp_path: Path) -> None:
    first = build.build(_settings(mini_project, tmp_path / "one"))
    second = build.build(_settings(mini_project, tmp_path / "two"))
    assert first.name == second.name
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_release_has_every_artefact_listed_with_checksums(mini_project: Path, tmp_path: Path) -> None:
    folder = build.build(_settings(mini_project, tmp_path / "rel"))
    manifest = json.loads((folder / "manifest.json").read_text())
    expected = {"dataset.nq", "dataset.trig", "data.ttl", "data.jsonld", "data.nt", "data.rdf",
                "ontology.ttl", "ontology.jsonld", "ontology.rdf", "shapes.ttl", "shapes.jsonld",
                "shapes.rdf", "validation-report.ttl"}
    assert expected <= set(manifest["files"])
    assert manifest["conforms"] is True
    assert manifest["version"] == folder.name
    assert manifest["files"]["data.ttl"]["media_type"] == "text/turtle"
    assert manifest["counts"]["data_triples"] > 0
    assert open_release(folder).version == folder.name


def test_failing_build_writes_nothing_and_keeps_the_previous_release(mini_project: Path, tmp_path: Path) -> None:
    release_dir = tmp_path / "rel"
    good = build.build(_settings(mini_project, release_dir))
    _break_partnership(mini_project)
    with pytest.raises(ValidationFailed) as caught:
        build.build(_settings(mini_project, release_dir))
    assert "data/partnerships.ttl" in caught.value.detail
    assert "at least two parties" in caught.value.detail
    assert sorted(p.name for p in release_dir.iterdir()) == sorted([good.name, "current"])
    assert open_current(release_dir).version == good.name


def test_changed_data_gives_a_new_version(mini_project: Path, tmp_path: Path) -> None:
    release_dir = tmp_path / "rel"
    first = build.build(_settings(mini_project, release_dir))
    target = mini_project / "data" / "places.ttl"
    target.write_text(target.read_text().replace('"Bby"@en', '"Bby town"@en'))
    second = build.build(_settings(mini_project, release_dir))
    assert first.name != second.name
    assert open_current(release_dir).version == second.name


def test_tampered_file_is_refused_naming_it(mini_project: Path, tmp_path: Path) -> None:
    folder = build.build(_settings(mini_project, tmp_path / "rel"))
    (folder / "data.ttl").write_bytes(b"# changed\n")
    with pytest.raises(ReleaseError, match=r"data\.ttl: checksum differs"):
        open_release(folder)


def test_missing_manifest_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReleaseError, match="manifest missing"):
        open_release(tmp_path)


def test_failing_release_is_refused(mini_project: Path, tmp_path: Path) -> None:
    folder = build.build(_settings(mini_project, tmp_path / "rel"))
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["conforms"] = False
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ReleaseError, match="did not pass validation"):
        open_release(folder)


def test_no_release_yet_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(ReleaseError, match="vanort build"):
        open_current(tmp_path)


def test_up_to_date_follows_the_sources(mini_project: Path, tmp_path: Path) -> None:
    s = _settings(mini_project, tmp_path / "rel")
    assert not build.up_to_date(s)
    build.build(s)
    assert build.up_to_date(s)
    import os
    import time

    later = time.time() + 5
    os.utime(mini_project / "data" / "places.ttl", (later, later))
    assert not build.up_to_date(s)


def test_the_real_project_builds_byte_identical_twice(release_folder: Path, settings: config.Settings,
                                                      tmp_path: Path) -> None:
    again = build.build(config.replace(settings, release_dir=str(tmp_path / "again")))
    assert again.name == release_folder.name
    names = sorted(p.name for p in release_folder.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        assert (release_folder / name).read_bytes() == (again / name).read_bytes(), name


def _add_entry(folder: Path, name: str, content: bytes) -> None:
    """List ``name`` in the manifest with the checksum of ``content`` (what a forger would do)."""
    import hashlib

    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"][name] = {"sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)}
    (folder / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize("kind", ["dot-dot", "absolute", "symlink"])
def test_manifest_entry_leaving_the_release_folder_is_refused_naming_it(mini_project: Path, tmp_path: Path,
                                                                        kind: str) -> None:
    from click.testing import CliRunner

    from vanort.cli import main

    release_dir = tmp_path / "rel"
    folder = build.build(_settings(mini_project, release_dir))
    secret = tmp_path / "hostname"
    secret.write_bytes(b"municipal-server-01\n")
    name = {"dot-dot": "../../hostname", "absolute": str(secret), "symlink": "linked-hostname"}[kind]
    if kind == "symlink":
        (folder / name).symlink_to(secret)
    _add_entry(folder, name, secret.read_bytes())
    with pytest.raises(ReleaseError, match=f"{name!r}.*(not a plain path inside|leads out of)"):
        open_release(folder)
    with pytest.raises(ReleaseError, match="refused"):
        open_release(folder, verify=False)  # the listing is refused too, not only the reading
    result = CliRunner().invoke(main, ["--root", str(mini_project), "serve", "--release-dir", str(release_dir),
                                       "--get", "/download/"], catch_exceptions=False)
    assert result.exit_code == 2
    assert name in result.output and "refused" in result.output


def test_current_pointer_leaving_the_release_folder_is_refused(mini_project: Path, tmp_path: Path) -> None:
    release_dir = tmp_path / "rel"
    build.build(_settings(mini_project, release_dir))
    (release_dir / "current").write_text("../../etc")
    with pytest.raises(ReleaseError, match="'../../etc' is not a plain path"):
        open_current(release_dir)


def test_a_part_with_the_same_triples_as_the_data_gets_copies_of_the_same_bytes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A project without tables (the synthetic ones) has a Vännäs dataset equal to its whole data:
    # its files are copied instead of serialised again (issue #13), and must be what serialising gives.
    import pyoxigraph as ox
    from vanort import release as rel

    base = "https://example.org/"
    g = ox.NamedNode(base + "graph/data/x")
    quads = [ox.Quad(ox.NamedNode(base + f"id/s{i}"), ox.NamedNode(base + "def/p"), ox.Literal(f"v{i}", language="sv"), g)
             for i in range(5)]
    (tmp_path / "out").mkdir(), (tmp_path / "scratch").mkdir()
    names = rel.PART_FORMATS
    from vanort.dump_jobs import Jobs

    with Jobs() as jobs:
        data = {w.format: w for w in rel._graph_files(tmp_path / "out", tmp_path / "scratch", base, "data", quads, names,
                                                      "d", jobs)}
        copied = [rel._done(w) for w in rel._graph_files(tmp_path / "out", tmp_path / "scratch", base, "copy", quads,
                                                         names, "c", jobs, data)]
        made = [rel._done(w) for w in rel._graph_files(tmp_path / "out", tmp_path / "scratch", base, "made", quads,
                                                       names, "m", jobs)]
        fewer = [rel._done(w) for w in rel._graph_files(tmp_path / "out", tmp_path / "scratch", base, "fewer", quads[:4],
                                                        names, "f", jobs, data)]
    for c, m in zip(copied, made):
        assert (tmp_path / "out" / c.name).read_bytes() == (tmp_path / "out" / m.name).read_bytes()
        assert (c.sha256, c.size) == (m.sha256, m.size)
    assert {w.format: w.sha256 for w in fewer} != {w.format: w.sha256 for w in made}


def test_formats_written_side_by_side_are_the_bytes_written_one_after_the_other(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # issue #13: a large release's formats are written by a pool of processes; every file must be
    # what the build's own process writes (the pool is forced here by lowering its threshold)
    import pyoxigraph as ox
    from vanort import dump_jobs, release as rel

    base = "https://example.org/"
    data = [ox.Quad(ox.NamedNode(base + f"id/s{i % 7}"), ox.NamedNode(base + f"def/p{i % 3}"),
                    ox.Literal(f"värde {i}", language="sv"), ox.NamedNode(base + f"graph/data/g{i % 4}")) for i in range(60)]
    ontology = [ox.Quad(ox.NamedNode(base + "def/p0"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                        ox.Literal("p"), ox.NamedNode(base + "graph/ontology"))]
    shapes = [ox.Quad(ox.NamedNode(base + "shapes/S"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                      ox.Literal("S"), ox.NamedNode(base + "graph/shapes"))]
    part = (rel.Part("vannas", data[:30], "part"),)
    one = rel.artefacts(base, data, ontology, shapes, rel.Graph(), tmp_path / "one", part, workers=1)
    monkeypatch.setattr(dump_jobs, "PARALLEL_MIN_BYTES", 0)
    two = rel.artefacts(base, data, ontology, shapes, rel.Graph(), tmp_path / "two", part, workers=2)
    assert [(a.name, a.sha256, a.size) for a in one] == [(a.name, a.sha256, a.size) for a in two]
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == sorted(p.name for p in (tmp_path / "two").iterdir())
    for a in two:
        assert (tmp_path / "two" / a.name).read_bytes() == (tmp_path / "one" / a.name).read_bytes()
    assert not list((tmp_path / "two").glob("ontology.nt")) and {a.name for a in two} >= {"dataset.trig", "vannas.trig",
                                                                                          "data.jsonld", "vannas.rdf"}


def test_a_whole_part_copies_its_graphs_from_dataset_nq_byte_for_byte(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A part with the same quads as the data (the synthetic projects' Vännäs dataset) takes its
    # graphs' lines of dataset.nq instead of serialising them again (issue #13): same bytes.
    import pyoxigraph as ox
    from vanort import release as rel

    base = "https://example.org/"
    data = [ox.Quad(ox.NamedNode(base + f"id/s{i % 5}"), ox.NamedNode(base + "def/p"),
                    ox.Literal(f"a b {i}", language="en"), ox.NamedNode(base + f"graph/data/g{i % 3}")) for i in range(40)]
    onto = [ox.Quad(ox.NamedNode(base + "def/p"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                    ox.Literal("p q"), ox.NamedNode(base + "graph/ontology"))]
    copied = rel.artefacts(base, data, onto, [], rel.Graph(), tmp_path / "c", (rel.Part("vannas", data, "v", True),))
    made = rel.artefacts(base, data, onto, [], rel.Graph(), tmp_path / "m", (rel.Part("vannas", data, "v", False),))
    assert [(a.name, a.sha256) for a in copied] == [(a.name, a.sha256) for a in made]
    lines = (tmp_path / "c" / "vannas.nq").read_bytes().splitlines()
    assert len(lines) == 40 and not [x for x in lines if b"graph/ontology" in x]


def test_a_failing_dump_job_fails_the_build_with_its_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest
    from vanort.dump_jobs import Job, Jobs

    source = tmp_path / "g.nt"
    source.write_bytes(b'<http://e/a> <http://e/p> "x" .\n')
    with pytest.raises(RuntimeError, match=r"(?s)writing .*g\.nope failed.*KeyError"):
        with Jobs(workers=2, min_bytes=0) as jobs:
            jobs.submit(Job("nope", str(source), str(tmp_path / "g.nope"), "http://e/"))
