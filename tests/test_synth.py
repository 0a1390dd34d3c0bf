"""Synthetic data: deterministic, in the real model, and passing the real shapes (issue #6)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from vanort import build, config, synth
from vanort.manifest import open_release

from tests.conftest import ROOT


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def source_settings() -> config.Settings:
    settings = config.load(ROOT, environ={})
    if not any(settings.path("shapes_dir").glob("*.ttl")):
        pytest.skip("the project's shapes/ are not written yet")
    return settings


def test_same_seed_gives_same_bytes(tmp_path, source_settings) -> None:  # type: ignore[no-untyped-def]
    first = synth.synthesise(source_settings, tmp_path / "a", 40, seed=7)
    second = synth.synthesise(source_settings, tmp_path / "b", 40, seed=7)
    assert _digest(first) == _digest(second)
    other = synth.synthesise(source_settings, tmp_path / "c", 40, seed=8)
    assert _digest(other) != _digest(first)


def test_layout_mirrors_data(tmp_path, source_settings) -> None:  # type: ignore[no-untyped-def]
    folder = synth.synthesise(source_settings, tmp_path / "p", 40, seed=1)
    municipalities = [p for p in (folder / "data" / "places").glob("*.ttl") if p.read_text("utf-8").count("a vo:Municipality")]
    assert len(municipalities) == 40
    assert (folder / "data" / "sources.ttl").is_file()
    assert any((folder / "data" / "partnerships").glob("*.ttl"))
    assert (folder / "ontology").is_dir() and (folder / "shapes").is_dir()


def test_refuses_to_overwrite_a_real_project(tmp_path, source_settings) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "data").mkdir()
    with pytest.raises(FileExistsError):
        synth.synthesise(source_settings, tmp_path, 5)


def test_synthetic_project_passes_the_shapes(tmp_path, source_settings) -> None:  # type: ignore[no-untyped-def]
    # Small N: pySHACL re-parses SPARQL constraints per focus node (see bench/NOTES.md).
    folder = synth.synthesise(source_settings, tmp_path / "project", 10, seed=3)
    settings = config.load(folder, {"release_dir": str(tmp_path / "release")}, environ={})
    release = open_release(build.build(settings))
    assert release.document["conforms"] is True
    classes = release.document["counts"]["classes"]
    assert classes["https://w3id.org/vanort/def/Municipality"] == 10
    assert classes.get("https://w3id.org/vanort/def/Partnership", 0) >= 1


def test_lau_codes_stay_within_the_shape_pattern_at_any_size() -> None:
    # N = 100,000 gives country regions numbered up to 1,200, 25 municipalities each: the code
    # once became 7 digits there and the shapes refused the release (bench/NOTES.md).
    import re
    pattern = re.compile(r"^[0-9]{3,6}$")
    codes = {synth.lau_code(region, local) for region in (1, 99, 100, 1200, 9999) for local in (1, 25, 99)}
    assert len(codes) == 15 and all(pattern.match(c) for c in codes)
    with pytest.raises(ValueError, match="region 10000"):
        synth.lau_code(10_000, 1)
