"""Query workers: a runaway query is stopped for real and nobody else notices."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from vanort import build, config
from vanort.engine.sandbox import Policy
from vanort.isolation import (IsolatedEngine, MemoryLimit, QueryTimeout, Saturated, StoreSpec, WorkerFailed,
                              WorkerPool)
from vanort.manifest import open_release
from vanort.store import Negotiation, OxigraphEngine, QueryError

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
QUICK = "ASK { ?s ?p ?o }"
# pyoxigraph overflows its stack on this and dies of SIGSEGV (the guard refuses such nesting
# before it reaches a worker; the pool is called directly here, as if the guard had missed it).
CRASH = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
# Sorting a three-way cross product holds every row in memory at once.
GREEDY = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a"


@pytest.fixture(scope="module")
def mini_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import MINI, copy_project

    project = copy_project(MINI, tmp_path_factory.mktemp("iso") / "project")
    return build.build(config.load(project, {"release_dir": str(project / "release")}, environ={}))


@pytest.fixture()
def engine(mini_release: Path) -> Iterator[IsolatedEngine]:
    release = open_release(mini_release)
    nquads = release.path("dataset.nq")
    pool = WorkerPool(StoreSpec(str(nquads), release.version, None), size=2, timeout=1.0, queue_wait=0.3)
    isolated = IsolatedEngine(OxigraphEngine.from_nquads(nquads, release.version), pool)
    yield isolated
    isolated.close()


def _wait_for_workers(pool: WorkerPool, count: int) -> None:
    deadline = time.monotonic() + 30
    while pool.idle() < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pool.idle() == count and len(pool.pids()) == count


def test_quick_query_answers_through_a_worker(engine: IsolatedEngine) -> None:
    answer = engine.run(QUICK, Negotiation("application/sparql-results+json"))
    assert answer.format.name == "json"
    assert b'"boolean": true' in answer.body


def test_runaway_query_is_killed_at_its_limit_and_replaced(engine: IsolatedEngine) -> None:
    before = set(engine.pool.pids())
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as caught:
        engine.run(RUNAWAY, Negotiation())
    elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 5
    assert caught.value.status == 504 and "1 s" in str(caught.value) and "query_timeout_s" in str(caught.value)
    _wait_for_workers(engine.pool, 2)
    assert set(engine.pool.pids()) != before
    assert engine.run(QUICK, Negotiation()).body.endswith(b"true}")


def test_other_clients_keep_working_during_a_runaway(engine: IsolatedEngine) -> None:
    outcome: list[BaseException] = []
    runaway = threading.Thread(target=lambda: _capture(outcome, lambda: engine.run(RUNAWAY, Negotiation())))
    runaway.start()
    time.sleep(0.1)
    for _ in range(20):
        assert engine.run(QUICK, Negotiation()).body.endswith(b"true}")
    runaway.join(10)
    assert isinstance(outcome[0], QueryTimeout)


def test_saturated_pool_refuses_with_retry_after(engine: IsolatedEngine) -> None:
    errors: list[BaseException] = []
    threads = [threading.Thread(target=lambda: _capture(errors, lambda: engine.run(RUNAWAY, Negotiation())))
               for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.15)
    with pytest.raises(Saturated) as caught:
        engine.run(QUICK, Negotiation())
    assert caught.value.status == 503 and caught.value.retry_after >= 1
    for t in threads:
        t.join(10)


def test_killed_worker_fails_only_its_own_query(engine: IsolatedEngine) -> None:
    errors: list[BaseException] = []
    victim = threading.Thread(target=lambda: _capture(errors, lambda: engine.run(RUNAWAY, Negotiation())))
    victim.start()
    time.sleep(0.2)
    [busy] = engine.pool.busy_pids()
    os.kill(busy, signal.SIGKILL)
    answers = [engine.run(QUICK, Negotiation()) for _ in range(5)]  # on the other worker, meanwhile
    victim.join(10)
    assert all(a.body.endswith(b"true}") for a in answers)
    assert len(errors) == 1 and isinstance(errors[0], WorkerFailed)
    assert errors[0].status == 503
    _wait_for_workers(engine.pool, 2)


def test_worker_dead_while_idle_is_replaced_not_used(engine: IsolatedEngine) -> None:
    [first, _] = engine.pool.pids()
    os.kill(first, signal.SIGKILL)
    time.sleep(0.2)
    answers = [engine.run(QUICK, Negotiation()) for _ in range(4)]
    assert all(a.body.endswith(b"true}") for a in answers)
    _wait_for_workers(engine.pool, 2)
    assert first not in engine.pool.pids()


def test_cancelled_query_is_stopped(engine: IsolatedEngine) -> None:
    started = time.monotonic()
    with pytest.raises(QueryError, match="client went away"):
        engine.run(RUNAWAY, Negotiation(), cancelled=lambda: time.monotonic() - started > 0.2)
    assert time.monotonic() - started < 0.9


def test_refused_operation_never_reaches_a_worker(engine: IsolatedEngine) -> None:
    with pytest.raises(QueryError) as caught:
        engine.run("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", Negotiation())
    assert caught.value.status == 403


def _served_meanwhile(engine: IsolatedEngine, victim: threading.Thread) -> int:
    """Quick queries answered while ``victim`` runs; each must be right."""
    victim.start()
    served = 0
    while victim.is_alive() or served < 5:
        assert engine.run(QUICK, Negotiation()).body.endswith(b"true}")
        served += 1
    victim.join(30)
    return served


def test_query_that_crashes_its_worker_is_answered_once_and_not_retried(engine: IsolatedEngine) -> None:
    pool = engine.pool
    _wait_for_workers(pool, 2)
    before = set(pool.pids())
    errors: list[BaseException] = []
    victim = threading.Thread(target=lambda: _capture(errors, lambda: pool.run(CRASH, Negotiation(), (), (), None)))
    assert _served_meanwhile(engine, victim) >= 5
    [error] = errors
    assert isinstance(error, WorkerFailed) and error.status == 503 and error.slug == "worker-failed"
    assert "SIGSEGV" in str(error) and "not retried" in str(error)
    assert getattr(error, "retry_after", None) is None  # retrying would crash the next worker
    assert pool.stats["failed"] == 1 and pool.stats["replaced"] == 1  # one worker died, not two
    _wait_for_workers(pool, 2)
    assert len(before - set(pool.pids())) == 1


@pytest.fixture()
def limited(mini_release: Path) -> Iterator[IsolatedEngine]:
    release = open_release(mini_release)
    nquads = release.path("dataset.nq")
    pool = WorkerPool(StoreSpec(str(nquads), release.version, None), size=2, timeout=60.0, queue_wait=1.0,
                      policy=Policy(memory_mb=256))
    isolated = IsolatedEngine(OxigraphEngine.from_nquads(nquads, release.version), pool)
    yield isolated
    isolated.close()


def test_query_past_the_memory_limit_is_stopped_and_named(limited: IsolatedEngine) -> None:
    errors: list[BaseException] = []
    started = time.monotonic()
    victim = threading.Thread(target=lambda: _capture(errors, lambda: limited.run(GREEDY, Negotiation())))
    _served_meanwhile(limited, victim)
    assert time.monotonic() - started < 30  # stopped by memory, well before its 60 s time limit
    [error] = errors
    assert isinstance(error, MemoryLimit) and error.status == 503 and error.slug == "query-memory"
    assert "256 MB" in str(error) and "worker_memory_mb" in str(error)
    assert limited.pool.stats["failed"] == 1
    _wait_for_workers(limited.pool, 2)
    assert limited.run(QUICK, Negotiation()).body.endswith(b"true}")


def _capture(sink: list[BaseException], call) -> None:  # type: ignore[no-untyped-def]
    try:
        call()
    except BaseException as exc:  # noqa: BLE001 - the test inspects it
        sink.append(exc)
