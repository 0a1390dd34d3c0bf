"""The on-disk, read-only store of a release and ``serve --workers`` (issue #6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vanort import config, disk_store
from vanort.cli import main
from vanort.formats import BY_NAME
from vanort.store import QueryError

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _choose(kind: str):  # type: ignore[no-untyped-def]
    return BY_NAME["csv" if kind == "results" else "ntriples"]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("stores")


@pytest.fixture(scope="module")
def disk_engine(store_path, release, settings):  # type: ignore[no-untyped-def]
    return disk_store.open_engine(store_path, release, settings.base_iri)


def test_prepare_builds_once_per_version(store_path, release, disk_engine) -> None:  # type: ignore[no-untyped-def]
    folder = disk_store.prepare(store_path, release)
    assert folder == store_path / release.version
    assert (folder / disk_store.MARKER).read_text("utf-8").strip() == release.version
    before = (folder / disk_store.MARKER).stat().st_mtime_ns
    assert disk_store.prepare(store_path, release) == folder
    assert (folder / disk_store.MARKER).stat().st_mtime_ns == before
    assert [p.name for p in store_path.iterdir()] == [release.version]  # no staging left behind


def test_disk_engine_answers_as_embedded(disk_engine, engine) -> None:  # type: ignore[no-untyped-def]
    assert disk_engine.graphs() == engine.graphs()
    assert disk_engine.run(COUNT, _choose).body == engine.run(COUNT, _choose).body
    subjects = [row["s"].value for row in engine.select("SELECT DISTINCT ?s WHERE { ?s a ?c FILTER(isIRI(?s)) } LIMIT 20")]
    for iri in subjects:
        assert len(disk_engine.describe(iri)) == len(engine.describe(iri))
        assert disk_engine.exists(iri)


def test_disk_engine_refuses_updates(disk_engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError) as caught:
        disk_engine.run("INSERT DATA { <http://e/a> <http://e/b> 1 }", _choose)
    assert caught.value.status == 403


def test_incomplete_store_is_rebuilt(tmp_path, release) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / release.version
    (broken / "db").mkdir(parents=True)  # a crash before the marker was written
    folder = disk_store.prepare(tmp_path, release)
    assert (folder / disk_store.MARKER).is_file()


def test_factory_reads_store_path_from_environment(monkeypatch, settings, store_path, release) -> None:  # type: ignore[no-untyped-def]
    from vanort.web.app import factory

    monkeypatch.delenv("VANORT_TEST_ROOT", raising=False)  # a tests-only variable config.load rejects
    monkeypatch.chdir(settings.root)
    monkeypatch.setenv("VANORT_RELEASE_DIR", str(settings.path("release_dir")))
    monkeypatch.setenv("VANORT_STORE_PATH", str(store_path))
    app = factory()
    assert app.state.release.version == release.version
    assert app.state.engine.graphs() == sorted(app.state.engine.graphs())
    assert (store_path / release.version / disk_store.MARKER).is_file()
    if app.state.close:
        app.state.close()


def test_serve_workers_without_store_is_usage_error(monkeypatch, settings) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("VANORT_TEST_ROOT", raising=False)
    result = CliRunner().invoke(main, ["--root", str(settings.root), "serve", "--workers", "2",
                                       "--release-dir", str(settings.path("release_dir"))])
    assert result.exit_code == 2
    assert "--workers above 1 needs --store" in result.output


def test_serve_get_with_on_disk_store(monkeypatch, settings, store_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("VANORT_TEST_ROOT", raising=False)
    result = CliRunner().invoke(main, ["--root", str(settings.root), "serve", "--store", str(store_path),
                                       "--release-dir", str(settings.path("release_dir")),
                                       "--get", "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D",
                                       "--accept", "application/sparql-results+json"])
    assert result.exit_code == 0, result.output
    assert '"boolean": true' in result.output


def test_store_settings_are_declared() -> None:
    names = {s.name for s in config.SETTINGS}
    assert {"store", "store_path", "store_load_url", "workers"} <= names


def test_processes_switching_together_load_a_store_once(tmp_path, release) -> None:  # type: ignore[no-untyped-def]
    """Workers that reload at the same moment all prepare the new release's store: one loads it,
    the others wait for it and open the same folder."""
    import threading

    loads: list[str] = []
    folders: list[Path] = []
    start = threading.Barrier(3)

    def prepare() -> None:
        start.wait()
        folders.append(disk_store.prepare(tmp_path, release, loads.append))

    threads = [threading.Thread(target=prepare) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert folders == [tmp_path / release.version] * 3
    assert len(loads) == 1, loads
    assert [p.name for p in tmp_path.iterdir()] == [release.version]
