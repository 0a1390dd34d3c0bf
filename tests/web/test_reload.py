"""A new release is picked up without downtime, and a bad one is refused while the old one
keeps serving (issue #7), on the real server process."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from tests.conftest import MINI, copy_project, media_type
from tests.web.conftest import start_server
from vanort import build, config
from vanort.cli import main
from vanort.release import CURRENT


def _status(url: str) -> dict:  # type: ignore[type-arg]
    return httpx.get(url + "/-/status", timeout=5).json()  # type: ignore[no-any-return]


def _wait_for_version(url: str, version: str) -> None:
    deadline = time.monotonic() + 30
    while _status(url)["release"] != version:
        assert time.monotonic() < deadline, f"still serving {_status(url)['release']}, expected {version}"
        time.sleep(0.1)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(MINI, tmp_path / "project")


@pytest.fixture()
def served(project: Path, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen, config.Settings]]:  # type: ignore[type-arg]
    settings = config.load(project, {"release_dir": str(project / "release")}, environ={})
    build.build(settings)
    processes: list[subprocess.Popen] = []  # type: ignore[type-arg]
    for url in start_server(settings.path("release_dir"), settings.base_iri, tmp_path / "server.log",
                            processes=processes):
        yield url, processes[0], settings


@contextmanager
def _hammered(request: Callable[[], str | None], threads: int) -> Iterator[list[str]]:
    """``request`` in a loop on ``threads`` threads while the block runs; yields the failures."""
    failures: list[str] = []
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            failure = request()
            if failure is not None:
                failures.append(failure)

    workers = [threading.Thread(target=loop) for _ in range(threads)]
    for t in workers:
        t.start()
    try:
        yield failures
    finally:
        stop.set()
        for t in workers:
            t.join(10)


def _turtle_of_b(url: str) -> str:
    r = httpx.get(url + "/id/municipality/b", headers={"Accept": "text/turtle"}, timeout=10)
    assert r.status_code == 200 and media_type(r) == "text/turtle"
    return r.text


def _change_data(project: Path, label: str) -> None:
    target = project / "data" / "places.ttl"
    target.write_text(target.read_text().replace('"Bby"@en', f'"{label}"@en'))


def test_sighup_switches_release_while_requests_keep_succeeding(served) -> None:  # type: ignore[no-untyped-def]
    url, process, settings = served
    first = _status(url)["release"]
    def ask() -> str | None:
        r = httpx.get(url + "/sparql", params={"query": "ASK { ?s ?p ?o }"},
                      headers={"Accept": "application/sparql-results+json"}, timeout=10)
        return None if r.status_code == 200 else str(r.status_code)

    # Asked twice before the switch, so that the old answer is in the response cache.
    for _ in range(2):
        assert '"Bby"@en' in _turtle_of_b(url)
    with _hammered(ask, threads=4) as failures:
        _change_data(settings.root, "Bby town")
        second = build.build(settings).name
        assert second != first
        process.send_signal(signal.SIGHUP)
        _wait_for_version(url, second)
        time.sleep(0.5)
    assert failures == []
    assert '"Bby town"@en' in _turtle_of_b(url)


def test_reload_command_refuses_a_tampered_release_and_keeps_serving(served) -> None:  # type: ignore[no-untyped-def]
    url, _, settings = served
    good = _status(url)["release"]
    release_dir = settings.path("release_dir")
    # A new release whose data file was changed after its manifest was written.
    _change_data(settings.root, "Bby tampered")
    bad = build.build(settings)
    (bad / "data.ttl").write_bytes(b"# not what the manifest says\n")
    result = CliRunner().invoke(main, ["--root", str(settings.root), "reload", "--release-dir", str(release_dir)])
    assert result.exit_code == 0, result.output
    assert "reload" in result.output
    time.sleep(2)
    assert _status(url)["release"] == good
    r = httpx.get(url + "/id/municipality/b", headers={"Accept": "text/turtle"}, timeout=10)
    assert r.status_code == 200 and "tampered" not in r.text
    # Once a good release is current again, the next reload takes it.
    shutil.rmtree(bad)
    _change_data(settings.root, "Bby fixed")
    fixed = build.build(settings).name
    assert json.loads((release_dir / fixed / "manifest.json").read_text())["conforms"] is True
    assert (release_dir / CURRENT).read_text().strip() == fixed
    CliRunner().invoke(main, ["--root", str(settings.root), "reload", "--release-dir", str(release_dir)])
    _wait_for_version(url, fixed)


def test_reload_without_a_server_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "reload", "--release-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "no running `vanort serve` found" in result.output


def _workers_of(supervisor: int) -> set[int]:
    """The uvicorn worker processes under ``supervisor`` (spawned children running uvicorn's target)."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == supervisor and b"multiprocessing.spawn" in command and b"resource_tracker" not in command:
            found.add(int(entry.name))
    return found


def _refused_or_served(url: str) -> str | None:
    try:  # a new connection each time, so that every worker answers
        r = httpx.get(url + "/id/municipality/b", headers={"Accept": "text/turtle"}, timeout=10)
        return None if r.status_code == 200 else str(r.status_code)
    except httpx.TransportError as exc:
        return repr(exc)


def test_reload_with_worker_processes_switches_every_worker_in_place(project: Path, tmp_path: Path) -> None:
    """``serve --workers 2`` over an on-disk store: `vanort reload` reaches the supervisor, which
    passes it on to every worker; each switches release in place, so no request fails (not even
    one whose connection a stopping worker had accepted) and no process is replaced. A tampered
    release is refused by every worker, which goes on serving the previous one."""
    settings = config.load(project, {"release_dir": str(project / "release")}, environ={})
    first = build.build(settings).name
    store = tmp_path / "store"
    processes: list[subprocess.Popen] = []  # type: ignore[type-arg]
    for url in start_server(settings.path("release_dir"), settings.base_iri, tmp_path / "server.log",
                            "--workers", "2", "--store", str(store), processes=processes):
        supervisor = processes[0].pid
        assert _status(url)["release"] == first
        assert (settings.path("release_dir") / "serve.pid").read_text().strip() == str(supervisor)
        workers = _workers_of(supervisor)
        assert len(workers) == 2, workers

        def reload() -> None:
            result = CliRunner().invoke(main, ["--root", str(project), "reload", "--release-dir",
                                               str(settings.path("release_dir"))])
            assert result.exit_code == 0, result.output

        def served_by_all(expected: str) -> None:
            deadline = time.monotonic() + 60
            while {_status(url)["release"] for _ in range(12)} != {expected}:
                assert time.monotonic() < deadline, f"not every worker serves {expected}"
                time.sleep(0.2)

        with _hammered(lambda: _refused_or_served(url), threads=3) as failures:
            _change_data(project, "Bby workers")
            second = build.build(settings).name
            reload()
            served_by_all(second)
            # A release changed after its manifest was written: every worker refuses it.
            _change_data(project, "Bby tampered")
            tampered = build.build(settings)
            (tampered / "data.ttl").write_bytes(b"# not what the manifest says\n")
            reload()
            time.sleep(2)
            served_by_all(second)
        assert failures == []
        assert '"Bby workers"@en' in _turtle_of_b(url)
        assert _workers_of(supervisor) == workers
        # The tampered release was refused before its store was loaded; no staging folder is left.
        assert sorted(p.name for p in store.iterdir()) == sorted([first, second])
