"""Shared fixtures. The real project is built once per session into a temporary folder;
tests that need a broken project copy it and change the copy.

A route test takes ``client`` (in-process, FastAPI TestClient); end-to-end tests take
``live_server`` (defined in tests/web/conftest.py) which starts the real uvicorn server.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vanort import build, config
from vanort.manifest import Release, open_release
from vanort.store import OxigraphEngine

from tests import conformance

ROOT = Path(__file__).resolve().parents[1]
PROJECT = ROOT  # the project whose release the session fixtures build
MINI = Path(__file__).resolve().parent / "data" / "project"
CONFORMANCE = conformance.folder()  # VANORT_CONFORMANCE (tests/conformance.py)


def pytest_configure(config: pytest.Config) -> None:
    conformance.check_required()  # CI: missing conformance material fails the run (issue 12)


def media_type(response) -> str:  # type: ignore[no-untyped-def]
    """The part of Content-Type before ';'."""
    return response.headers.get("content-type", "").split(";")[0].strip()


def copy_project(source: Path, target: Path) -> Path:
    """A writable copy of a project's sources (ontology, shapes, data, pyproject)."""
    for name in ("ontology", "shapes", "data", "queries"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    if (source / "pyproject.toml").is_file():
        shutil.copy(source / "pyproject.toml", target / "pyproject.toml")
    return target


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> config.Settings:
    """Settings of the real project, releasing into a session temporary folder."""
    release_dir = tmp_path_factory.mktemp("release")
    return config.load(PROJECT, {"release_dir": str(release_dir)}, environ={})


@pytest.fixture(scope="session")
def release_folder(settings: config.Settings) -> Path:
    """The real project's release, built once per session."""
    return build.build(settings)


@pytest.fixture(scope="session")
def release(release_folder: Path) -> Release:
    return open_release(release_folder)


@pytest.fixture(scope="session")
def engine(release: Release, settings: config.Settings) -> OxigraphEngine:
    return OxigraphEngine.from_nquads(release.path("dataset.nq"), release.version, settings.base_iri)


@pytest.fixture(scope="session")
def app(settings: config.Settings, engine: OxigraphEngine, release: Release):  # type: ignore[no-untyped-def]
    from vanort.web.app import create_app

    return create_app(settings, engine, release)


@pytest.fixture()
def client(app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="http://127.0.0.1:8000") as test_client:
        yield test_client


@pytest.fixture()
def mini_project(tmp_path: Path) -> Path:
    """A writable copy of the tiny hand-written project in tests/data/project."""
    return copy_project(MINI, tmp_path / "project")
