"""Query workers awaited on the event loop (``run_async``, issue #13): the same answers and the
same limits as ``run`` in a thread, and the waiting queue they share (engine/handoff.py)."""

from __future__ import annotations

import asyncio
import queue
import threading
import time

import pytest

from tests.test_isolation import CRASH, QUICK, RUNAWAY, engine, mini_release  # noqa: F401 - fixtures
from vanort.engine.channel import Fixed, parse_reply, request_bytes
from vanort.engine.handoff import IdleQueue
from vanort.formats import NotAcceptable
from vanort.isolation import IsolatedEngine, QueryTimeout, Saturated, WorkerFailed
from vanort.store import Negotiation, QueryError

SELECT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o LIMIT 7"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isIRI(?s) && !isBlank(?o)) } ORDER BY ?s ?p ?o LIMIT 5"


@pytest.mark.parametrize(("query", "accept"), [(QUICK, "application/sparql-results+json"), (SELECT, "text/csv"),
                                               (SELECT, "application/sparql-results+xml"), (CONSTRUCT, "text/turtle")])
def test_async_answers_are_the_threaded_ones(engine: IsolatedEngine, query: str, accept: str) -> None:
    threaded = engine.run(query, Negotiation(accept), max_rows=5)
    awaited = asyncio.run(engine.run_async(query, Negotiation(accept), max_rows=5))
    assert awaited == threaded
    assert awaited.body and awaited.format.media_type == accept
    assert awaited.truncated == (query == SELECT)  # 7 rows, cut at 5


def test_async_errors_cross_the_channel(engine: IsolatedEngine) -> None:
    with pytest.raises(QueryError) as syntax:
        asyncio.run(engine.run_async("SELECT WHERE {", Negotiation("")))
    assert syntax.value.slug == "query-syntax" and syntax.value.status == 400
    with pytest.raises(NotAcceptable) as refused:
        asyncio.run(engine.run_async(CONSTRUCT, Negotiation("application/sparql-results+json")))
    assert "text/turtle" in refused.value.accepted


def test_async_runaway_is_killed_at_its_limit(engine: IsolatedEngine) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        asyncio.run(engine.run_async(RUNAWAY, Negotiation("")))
    assert 0.9 < time.monotonic() - started < 5
    assert engine.pool.stats["killed"] == 1


def test_async_query_of_a_client_gone_is_stopped(engine: IsolatedEngine) -> None:
    async def leave() -> None:
        gone: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().call_later(0.2, gone.set_result, None)
        await engine.run_async(RUNAWAY, Negotiation(""), gone=gone)

    started = time.monotonic()
    with pytest.raises(QueryError) as stopped:
        asyncio.run(leave())
    assert stopped.value.status == 499 and time.monotonic() - started < 0.9


def test_async_waiters_share_the_workers(engine: IsolatedEngine) -> None:
    async def many() -> list[bytes]:
        answers = await asyncio.gather(*(engine.run_async(f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {n}", Negotiation("text/csv"))
                                         for n in range(1, 9)))
        return [a.body for a in answers]

    bodies = asyncio.run(many())  # 8 queries, 2 workers: 6 wait on the event loop
    assert [b.count(b"\r\n") - 1 for b in bodies] == list(range(1, 9))
    assert engine.pool.idle() == 2


def test_async_request_is_refused_when_every_worker_is_busy(engine: IsolatedEngine) -> None:
    busy = [threading.Thread(target=lambda: pytest.raises(QueryTimeout, engine.run, RUNAWAY, Negotiation("")))
            for _ in range(2)]
    for t in busy:
        t.start()
    time.sleep(0.2)
    with pytest.raises(Saturated):
        asyncio.run(engine.run_async(QUICK, Negotiation("")))
    for t in busy:
        t.join()


def test_async_query_that_crashes_its_worker_is_not_retried(engine: IsolatedEngine) -> None:
    with pytest.raises(WorkerFailed):
        asyncio.run(engine.pool.run_async(CRASH, Negotiation(""), (), (), None))
    assert engine.pool.stats["failed"] == 1


def test_idle_queue_hands_items_to_threads_and_tasks_in_turn() -> None:
    q = IdleQueue()
    with pytest.raises(queue.Empty):
        q.get(0.01)
    got: list[str] = []
    waiting = threading.Thread(target=lambda: got.append(q.get(5)))
    waiting.start()
    time.sleep(0.05)

    async def scenario() -> str:
        task = asyncio.ensure_future(q.aget(5))
        await asyncio.sleep(0.05)
        q.put("first")  # the thread waited longest
        q.put("second")
        return await task

    assert asyncio.run(scenario()) == "second"
    waiting.join()
    assert got == ["first"] and q.qsize() == 0


def test_idle_queue_task_that_gives_up_leaves_the_item() -> None:
    q = IdleQueue()

    async def scenario() -> None:
        with pytest.raises(queue.Empty):
            await q.aget(0.05)
        q.put("kept")

    asyncio.run(scenario())
    assert q.qsize() == 1 and q.get(0) == "kept"


def test_channel_request_and_reply_round_trip() -> None:
    raw = request_bytes("SELECT * { ?s ?p 'é\U0001F600' }", Fixed.of(Negotiation("text/csv, text/turtle;q=0.5")), ("http://e/g",),
                        ("http://e/n1", "http://e/n2"), None)
    from vanort.engine.channel import answer_bytes, error_bytes, parse_request

    query, chooser, default, named, rows = parse_request(raw)
    assert query.endswith("'é\U0001F600' }") and chooser("results").name == "csv" and chooser("rdf").name == "turtle"
    assert (default, named, rows) == (("http://e/g",), ("http://e/n1", "http://e/n2"), None)
    assert parse_reply(answer_bytes(b"x\r\n", chooser("results"), "results", True)) == (b"o", ["1", "results", "csv"], b"x\r\n")
    assert parse_reply(error_bytes(b"q", "400", "query-syntax", "bad")) == (b"q", ["400", "query-syntax", "bad"], b"")


def test_async_answer_larger_than_a_pipe_buffer_under_uvloop(engine: IsolatedEngine) -> None:
    # uvloop (what uvicorn runs on) makes a watched descriptor non-blocking: the answer, bigger
    # than the pipe's buffer, must still be read whole, and the worker stay usable from threads.
    uvloop = pytest.importorskip("uvloop")
    query = ("SELECT ?s ?p ?o ?a ?b WHERE { ?s ?p ?o . ?a ?b ?c FILTER(isIRI(?s) && isIRI(?a) && !isBlank(?o)) } "
             "ORDER BY ?s ?p ?o ?a ?b LIMIT 3000")
    threaded = engine.run(query, Negotiation("text/csv"))
    assert len(threaded.body) > 65_536
    awaited = uvloop.run(engine.run_async(query, Negotiation("text/csv")))
    assert awaited.body == threaded.body
    assert engine.run(query, Negotiation("text/csv")).body == threaded.body
