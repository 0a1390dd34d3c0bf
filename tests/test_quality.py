"""The portal self-check (issue #4): indicators, points, fixes and the `check` command."""

from __future__ import annotations

import json
import os

import pytest
from tests import conformance
from tests.catalogue_support import SHARED_DCAT_AP, build_project, catalogue_toml
from click.testing import CliRunner
from rdflib import Graph

from vanort import quality
from vanort.catalogue_settings import Publisher
from vanort.cli import main

# The CLI reads VANORT_* variables; the tests run it with none of them set.
NO_TEST_ENV = {name: None for name in os.environ if name.startswith("VANORT_")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return build_project(tmp_path_factory.mktemp("quality"))


@pytest.fixture(scope="module")
def graph(built) -> Graph:  # type: ignore[no-untyped-def]
    return Graph().parse(built[1].path("catalogue.ttl"), format="turtle")


def test_all_urls_answering_gives_full_accessibility(graph: Graph) -> None:
    report = quality.assess(graph, lambda url: 200, Publisher({}), True, [])
    assert report.dimensions()["accessibility"] == (100, 100)
    assert report.broken_links == []
    assert report.maximum == 405


def test_broken_downloads_lose_points_and_are_listed(graph: Graph) -> None:
    report = quality.assess(graph, lambda url: 404 if "/download/" in url else 200, Publisher({}), True, [])
    assert report.dimensions()["accessibility"][0] == 20  # only "download URL exists"
    assert report.broken_links and all("answered 404" in b for b in report.broken_links)
    fix = next(i.fix for i in report.indicators if i.name == "download URL accessible")
    assert "/download/" in fix


def test_missing_email_is_flagged_with_its_setting(graph: Graph, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "catalogue.toml").write_text(catalogue_toml(""), "utf-8")
    from vanort.catalogue_settings import load_publisher

    report = quality.assess(graph, lambda url: 200, load_publisher(tmp_path), True, None)
    assert any("catalogue.toml [contact] email" in m for m in report.missing_settings)
    dcat = next(i for i in report.indicators if i.name == "DCAT-AP compliance")
    assert dcat.points == 0 and "--dcat-ap-shapes" in dcat.fix


@conformance.needs("dcat-ap")
def test_check_command_in_process_with_shapes(built) -> None:  # type: ignore[no-untyped-def]
    settings, _ = built
    result = CliRunner().invoke(main, ["--root", str(settings.root), "check", "--release-dir", str(settings.path("release_dir")),
                                       "--dcat-ap-shapes", str(SHARED_DCAT_AP / "3.0.1" / "modular"), "--json"], env=NO_TEST_ENV)
    body = json.loads(result.output)
    assert body["dcat_ap_checked"] and body["dcat_ap_violations"] == []
    assert body["missing_settings"] == []
    assert body["broken_links"] == [], body["broken_links"]  # needs /download/ among the app's ROUTERS
    assert result.exit_code == 0


def test_check_command_names_missing_email(built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings, _ = built
    (settings.root / "catalogue.toml").write_text(catalogue_toml(""), "utf-8")
    try:
        result = CliRunner().invoke(main, ["--root", str(settings.root), "check", "--release-dir",
                                           str(settings.path("release_dir"))], env=NO_TEST_ENV)
    finally:
        (settings.root / "catalogue.toml").write_text(catalogue_toml(), "utf-8")
    assert result.exit_code == 1
    assert "missing setting:" in result.output and "[contact] email" in result.output
