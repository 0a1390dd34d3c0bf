"""The load test of issue #7, bounded: 16 clients with the example mix, 2 sending runaway
queries, on the real server. Normal queries keep working with bounded latency, runaway ones
are stopped at their limit, memory stays bounded, and the server is healthy afterwards.
The long run is ``vanort loadtest --serve --duration 300`` (or ``make load``)."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import ROOT
from tests.web.conftest import start_server
from vanort import config, loadtest
from vanort.manifest import Release


@pytest.fixture(scope="module")
def loaded_server(release: Release, settings: config.Settings,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    log = tmp_path_factory.mktemp("load-server") / "server.log"
    processes: list[subprocess.Popen] = []  # type: ignore[type-arg]
    for url in start_server(release.folder.parent, settings.base_iri, log, "--set", "query_timeout_s=2",
                            "--set", "query_workers=4", "--set", "queue_wait_s=5", processes=processes):
        yield url, processes[0].pid


def test_load_mix_with_runaways_keeps_serving(loaded_server: tuple[str, int]) -> None:
    url, pid = loaded_server
    descriptors_before = len(os.listdir(f"/proc/{pid}/fd"))
    steps = loadtest.steps_from(ROOT / "queries", ["/id/municipality/se-2460-vannas",
                                                    "/id/partnership/vannas-cameri-twinning", "/def", "/"])
    report = loadtest.run(url, steps, clients=16, runaway_clients=2, duration_s=8, max_requests=4000, pid=pid)
    print("\n" + report.table())
    assert len(report.normal) >= 100
    assert not report.errors
    assert {status for (_, status) in report.statuses} == {200}, report.statuses
    assert set(report.runaway_statuses) == {504}, report.runaway_statuses
    assert all(1.9 < t < 6 for t in report.runaway_times)
    assert loadtest.percentile(report.normal, 99) < 2.0
    # bounded: the runaway queries' workers grow until they are stopped at their limit (more with the
    # national register's ~20x data than with the Vännäs page alone), then the memory comes back
    assert max(report.memory_kib) < report.memory_kib[0] + 800 * 1024
    assert report.memory_kib[-1] < report.memory_kib[0] + 200 * 1024  # no leak per request
    status = httpx.get(url + "/-/status", timeout=5).json()
    assert status["status"] == "ok" and status["workers"]["killed"] >= 2
    # No leaked connections or pipes: the server's open descriptors settle back once the
    # clients are gone and the killed workers are replaced.
    deadline = time.monotonic() + 10
    while len(os.listdir(f"/proc/{pid}/fd")) > descriptors_before + 8 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(os.listdir(f"/proc/{pid}/fd")) <= descriptors_before + 8
