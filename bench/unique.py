"""The uncached workload of `make bench` (issue #13): questions nobody asked before.

Every request is unique for the whole run: a fresh random municipality (or year and date, or
label substring) per request, drawn once up front from the release being served, with no
query text used twice (a draw that repeats one is drawn again). Every server gets the same
questions in the same order, so each answer's row count is compared with Oxigraph's for the
same question. Workloads, each at one concurrency (default 8), in interleaved rounds:

- point: the labels and country of one municipality;
- twins: the twin towns of one municipality;
- twins-of-twins: their twin towns in turn, with labels;
- describe: ``DESCRIBE`` of one municipality, as Turtle;
- deref: ``GET /id/municipality/...`` as Turtle on vanort, the equivalent CONSTRUCT on peers;
- count-after: partnerships per partner country that began after a date of a random year;
- label-search: municipalities whose label CONTAINS a random substring of a label;
- mix: the above in turn.

For every server and workload: req/s (median round), latency percentiles, the server's CPU
seconds per request (utime + stime of the server's whole process tree, from /proc, read
before and after each round: the client runs in this process, outside the measured ones, and
is a minimal keep-alive HTTP/1.1 client, so that it costs the shared cores little),
and for vanort the answer-cache counters from ``/-/status`` before and after, to show that
no answer came from a cache.
"""

from __future__ import annotations

import json
import os
import random
import socket
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

VO = "https://w3id.org/vanort/def/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TIME = "http://www.w3.org/2006/time#"
XSD = "http://www.w3.org/2001/XMLSchema#"
JSON = "application/sparql-results+json"
TURTLE = "text/turtle"
NAMES = ("point", "twins", "twins-of-twins", "describe", "deref", "count-after", "label-search")
# Where vanort's /-/status is, and which servers have one.
STATUS = "/-/status"


@dataclass(frozen=True)
class Question:
    """One request: a SPARQL query (and the media type asked for), or a path to dereference
    on vanort with the query that peers answer in its place."""

    workload: str
    query: str
    accept: str
    path: str | None = None  # vanort dereferences this instead of running ``query``


def municipalities(sparql: str) -> list[tuple[str, str]]:
    """(IRI, English label) of every municipality of the served release."""
    query = (f"SELECT ?m ?l WHERE {{ ?m a <{VO}Municipality> ; <{RDFS}label> ?l FILTER(LANG(?l) = 'en') }} "
             "ORDER BY ?m")
    rows = httpx.get(sparql, params={"query": query}, headers={"accept": JSON}, timeout=120).json()
    seen: dict[str, str] = {}
    for row in rows["results"]["bindings"]:
        seen.setdefault(row["m"]["value"], row["l"]["value"])
    return sorted(seen.items())


def _ask(workload: str, rng: random.Random, places: list[tuple[str, str]], base: str) -> Question:
    iri, label = rng.choice(places)
    if workload == "point":
        return Question(workload, f"SELECT ?label ?country WHERE {{ <{iri}> <{RDFS}label> ?label ; "
                                  f"<{VO}country> ?country }}", JSON)
    if workload == "twins":
        return Question(workload, f"SELECT ?twin WHERE {{ <{iri}> <{VO}twinTown> ?twin }}", JSON)
    if workload == "twins-of-twins":
        return Question(workload, f"SELECT DISTINCT ?c ?label WHERE {{ <{iri}> <{VO}twinTown> ?b . "
                                  f"?b <{VO}twinTown> ?c . ?c <{RDFS}label> ?label FILTER(?c != <{iri}>) }}", JSON)
    if workload == "describe":
        return Question(workload, f"DESCRIBE <{iri}>", TURTLE)
    if workload == "deref":
        return Question(workload, f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}", TURTLE,
                        "/" + iri[len(base):])
    if workload == "count-after":
        # a date within a random year: a year alone would repeat within a few dozen requests
        day = f"{rng.randint(1950, 2020)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        return Question(workload, f"SELECT ?country (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a <{VO}Partnership> ; "
                                  f"<{VO}partner> ?m ; <{VO}period> ?period . ?period <{TIME}hasBeginning> ?b . "
                                  f"?b <{VO}earliest> ?begin . ?m <{VO}country> ?country "
                                  f'FILTER(?begin > "{day}"^^<{XSD}date>) }} GROUP BY ?country ORDER BY DESC(?n) ?country',
                        JSON)
    if workload == "label-search":
        length = rng.randint(3, 5)
        start = rng.randint(0, max(0, len(label) - length))
        needle = label[start:start + length].lower().replace("\\", "").replace('"', "")
        return Question(workload, f"SELECT ?s ?l WHERE {{ ?s a <{VO}Municipality> ; <{RDFS}label> ?l "
                                  f'FILTER(CONTAINS(LCASE(STR(?l)), "{needle}")) }} ORDER BY ?s ?l LIMIT 50', JSON)
    raise ValueError(workload)


def questions(places: list[tuple[str, str]], base: str, count: int, seed: int) -> dict[str, list[Question]]:
    """``count`` questions per workload and for the mix, none asked twice in the whole run.

    When a workload runs out of new questions (a draw repeats 1,000 times), its list is shorter
    and its rounds end early: a repeat would be answered by vanort's cache.
    """
    rng = random.Random(seed)
    used: set[str] = set()

    def fresh(workload: str) -> Question | None:
        for _ in range(1000):
            question = _ask(workload, rng, places, base)
            key = question.path or question.query
            if key not in used:
                used.add(key)
                return question
        return None

    out: dict[str, list[Question]] = {}
    for name in (*NAMES, "mix"):
        drawn = []
        for i in range(count):
            question = fresh(NAMES[i % len(NAMES)] if name == "mix" else name)
            if question is None:
                break
            drawn.append(question)
        out[name] = drawn
    return out


def _tree(pid: int) -> list[int]:
    """A process and all its descendants (query workers are forked by a fork server)."""
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                todo += [int(c) for c in task.read_text().split()]
            except OSError:
                pass
    return pids


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process tree, with its waited-for children's, in seconds."""
    ticks = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime (fields 14-17)
    return ticks / os.sysconf("SC_CLK_TCK")


def cache_counters(server: Any) -> dict[str, int] | None:
    if not server.name.startswith("vanort"):
        return None
    try:
        status = httpx.get(server.url + STATUS, timeout=30).json()
    except (httpx.HTTPError, ValueError):
        return None
    return dict(status.get("cache", {}))


def _rows(kind: str, body: bytes) -> int | None:
    """Rows of a SPARQL JSON answer (graphs are not counted)."""
    if "json" in kind:
        return len(json.loads(body).get("results", {}).get("bindings", []))
    return None


class Client:
    """A minimal HTTP/1.1 keep-alive client (Content-Length or chunked answers).

    httpx costs the client about a millisecond of CPU per request; on two shared cores the
    client then limits the faster servers. This one sends a prepared request line and reads
    the answer with a buffered socket file.
    """

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.address = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.host = f"{self.address[0]}:{self.address[1]}".encode()
        self.sock: socket.socket | None = None

    def _connect(self) -> None:
        self.close()
        self.sock = socket.create_connection(self.address, timeout=120)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.file = self.sock.makefile("rb")

    def close(self) -> None:
        if self.sock is not None:
            self.file.close()
            self.sock.close()
            self.sock = None

    def get(self, target: str, accept: str) -> tuple[int, str, bytes]:
        request = b"GET " + target.encode() + b" HTTP/1.1\r\nHost: " + self.host + b"\r\nAccept: " + accept.encode() + b"\r\n\r\n"
        for attempt in (1, 2):
            try:
                if self.sock is None:
                    self._connect()
                assert self.sock is not None
                self.sock.sendall(request)
                return self._read()
            except (OSError, ValueError, IndexError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _read(self) -> tuple[int, str, bytes]:
        status = int(self.file.readline().split()[1])
        headers: dict[str, str] = {}
        while True:
            line = self.file.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = self.file.read(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.file.readline().split(b";")[0], 16)
                if size == 0:
                    while self.file.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.file.read(size))
                self.file.readline()
            body = b"".join(chunks)
        else:
            body = self.file.read()
            self.close()
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers.get("content-type", ""), body


@dataclass
class Round:
    n: int
    seconds: float
    cpu: float
    latencies: list[float]
    failures: list[str]
    rows: dict[int, int] = field(default_factory=dict)


def drive(server: Any, batch: list[tuple[int, Question]], concurrency: int, seconds: float) -> Round:
    """Send the batch with ``concurrency`` clients until it is done or ``seconds`` have passed."""
    latencies: list[float] = []
    failures: list[str] = []
    rows: dict[int, int] = {}
    todo = iter(batch)
    lock = threading.Lock()
    pid = server.process.pid
    before = cpu_seconds(pid)
    stop_at = time.perf_counter() + seconds

    sparql = urlsplit(server.sparql).path

    def client() -> None:
        http = Client(server.url)
        try:
            while time.perf_counter() < stop_at:
                with lock:
                    item = next(todo, None)
                if item is None:
                    return
                index, question = item
                if question.path is not None and server.name.startswith("vanort"):
                    target = question.path
                else:
                    target = sparql + "?" + urlencode({"query": question.query})
                start = time.perf_counter()
                status, kind, body = http.get(target, question.accept)
                elapsed = time.perf_counter() - start
                counted = _rows(kind, body) if status == 200 else None
                with lock:
                    latencies.append(elapsed)
                    if status != 200:
                        failures.append(f"{status} {body[:120].decode('utf-8', 'replace')}")
                    elif counted is not None:
                        rows[index] = counted
        finally:
            http.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return Round(len(latencies), wall, cpu_seconds(pid) - before, latencies, failures, rows)


def run(servers: list[Any], base: str, concurrency: int, seconds: float, max_requests: int, rounds: int,
        seed: int, log: Callable[[str], None]) -> list[str]:
    """Run every workload on every server (vanort, Oxigraph, Virtuoso) and return the tables."""
    # rdflib-endpoint takes seconds per question; with every request unique the cache is idle anyway
    servers = [s for s in servers if s.name not in ("rdflib-endpoint", "vanort-nocache")]
    places = municipalities(servers[0].sparql)
    per_round = max(2, max_requests // rounds)
    asked = questions(places, base, per_round * rounds, seed)
    results: dict[tuple[str, str], list[Round]] = {}
    counters: dict[tuple[str, str], tuple[dict[str, int] | None, dict[str, int] | None]] = {}
    for name, batch in asked.items():
        before = {s.name: cache_counters(s) for s in servers}
        for rnd in range(rounds):
            chunk = list(enumerate(batch))[rnd * per_round:(rnd + 1) * per_round]
            for server in servers:
                log(f"{server.name}: unique {name}, round {rnd + 1}/{rounds}")
                results.setdefault((server.name, name), []).append(drive(server, chunk, concurrency, seconds / rounds))
        for s in servers:
            counters[(s.name, name)] = (before[s.name], cache_counters(s))
    return report(servers, results, counters, asked, concurrency, rounds, len(places))


def report(servers: list[Any], results: dict[tuple[str, str], list[Round]],
           counters: dict[tuple[str, str], tuple[dict[str, int] | None, dict[str, int] | None]],
           asked: dict[str, list[Question]], concurrency: int, rounds: int, places: int) -> list[str]:
    names = [s.name for s in servers]
    peers = [n for n in names if not n.startswith("vanort")]
    head = ("| workload | server | req/s | p50 ms | p95 ms | CPU ms/request | n | check |"
            + "".join(f" vanort/{p} |" for p in peers))
    lines = ["", f"## Questions nobody asked before (every request unique, concurrency {concurrency})", "",
             f"{places} municipalities; {rounds} interleaved rounds per workload, no warm-up; req/s is the median "
             "round, CPU ms/request the server process tree's user + system CPU over all rounds divided by the "
             "requests answered. deref is vanort's `GET /id/…` as Turtle; peers answer the equivalent CONSTRUCT. "
             "check compares each SELECT's row count with Oxigraph's for the same question.", "",
             head, "|" + "---|" * (head.count("|") - 1)]
    summary: dict[tuple[str, str], dict[str, float]] = {}
    for name in asked:
        for server in names:
            runs = results.get((server, name), [])
            if not runs:
                continue
            n = sum(r.n for r in runs)
            latencies = sorted(x for r in runs for x in r.latencies) or [float("nan")]
            summary[(server, name)] = {
                "rps": statistics.median(r.n / r.seconds for r in runs if r.seconds) if n else 0.0,
                "cpu": sum(r.cpu for r in runs) / n * 1000 if n else float("nan"),
                "p50": latencies[len(latencies) // 2] * 1000,
                "p95": latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] * 1000, "n": n}
        reference = {i: c for r in results.get(("oxigraph", name), []) for i, c in r.rows.items()}
        for server in names:
            runs = results.get((server, name), [])
            if not runs:
                continue
            s = summary[(server, name)]
            failures = [f for r in runs for f in r.failures]
            mine = {i: c for r in runs for i, c in r.rows.items()}
            differ = [i for i, c in mine.items() if i in reference and reference[i] != c]
            check = "ok" if not failures else f"{len(failures)} failed: {failures[0][:60]}"
            if differ:
                check += f"; rows differ from oxigraph on {len(differ)} of {len(mine)}"
            ratios = "".join(
                f" {s['rps'] / summary[(p, name)]['rps']:.2f}x |"
                if server.startswith("vanort") and summary.get((p, name), {}).get("rps") else " |" for p in peers)
            lines.append(f"| {name} | {server} | {s['rps']:.0f} | {s['p50']:.1f} | {s['p95']:.1f} | {s['cpu']:.2f} | "
                         f"{s['n']} | {check} |{ratios}")
    lines += ["", "vanort's cache counters (`/-/status`) before and after each workload: no hit means that no "
              "answer came from a cache (each `/-/status` read itself counts one miss).", "",
              "| workload | server | hits before | hits after | misses before | misses after |", "|---|---|---|---|---|---|"]
    for (server, name), (before, after) in counters.items():
        if before is None or after is None:
            continue
        lines.append(f"| {name} | {server} | {before.get('hits')} | {after.get('hits')} | "
                     f"{before.get('misses')} | {after.get('misses')} |")
    return lines
