"""vanort benchmark (issue #6): `make bench` or `.venv/bin/python bench/run.py --help`.

1. For each N of --sizes: `vanort synth`, `vanort build` (time, peak RSS) and `vanort serve`
   start-up (time to the first answer, RSS) -> table 2 and an SVG chart.
2. On the release of N = --serve-n: vanort serve (answer cache on and off), Oxigraph server
   (read-only, union default graph), rdflib-endpoint, Virtuoso if `virtuoso-t` (and its ISQL
   client, `isql-vt`) is installed: a private database in <work>/virtuoso-<release>/ with its
   own virtuoso.ini, dataset.nq bulk-loaded into the quad store (ld_dir + rdf_loader_run +
   checkpoint) by a first virtuoso-t run, then served by a second one (/sparql; a query
   without FROM sees all graphs); the load counts in its start-up, as Oxigraph's does.
   The same query mix at each concurrency for a bounded time and request count; every answer
   is checked (status, and the row count against Oxigraph's) -> table 1.
3. The uncached workloads (bench/unique.py, issue #13): every request unique, side by side with
   Oxigraph server and Virtuoso, with each server's CPU per request and vanort's cache counters.
Everything listens on 127.0.0.1 only. Results: bench/results/<date>.md with the chart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

import unique  # bench/unique.py: the uncached workloads (issue #13)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
VO, RDFS = "https://w3id.org/vanort/def/", "http://www.w3.org/2000/01/rdf-schema#"
JSON = "application/sparql-results+json"


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run a command; (seconds, peak RSS MB of its whole process tree, stdout).

    The tree's RSS is summed and sampled every 0.2 s (issue #13): a build runs sort(1) and the
    RML engine beside itself, which GNU time's per-process maximum would not add up."""
    start = time.perf_counter()
    before = os.times()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = [0.0]

    def sample() -> None:
        while process.poll() is None:
            total = 0
            for p in unique._tree(process.pid):
                try:
                    total += next(int(line.split()[1]) for line in Path(f"/proc/{p}/status").read_text().splitlines()
                                  if line.startswith("VmRSS:"))
                except (OSError, StopIteration):
                    pass
            peak[0] = max(peak[0], total / 1024)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    after = os.times()
    timed.cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)  # type: ignore[attr-defined]
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{stderr[-2000:]}")
    return seconds, peak[0], stdout


def rss_mb(pid: int) -> float:
    """Peak RSS (VmHWM) of a process and its children, MB."""
    total = 0.0
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        pids += [int(p) for p in task.read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def pss_mb(pid: int) -> float:
    """Proportional set size of a process and its descendants, MB: shared pages (the fork
    server's modules, an on-disk store's mapped files) are counted once across them."""
    total = 0.0
    for p in unique._tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


class Server:
    def __init__(self, name: str, command: list[str], url: str, sparql: str, env: dict[str, str] | None = None,
                 before: float = 0.0) -> None:
        self.name, self.url, self.sparql = name, url, sparql
        self.log = open(f"/tmp/vanort-bench-{name}.log", "wb")
        start = time.perf_counter()
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = start + 600
        while True:
            try:
                if httpx.get(self.sparql, params={"query": "ASK { ?s ?p ?o }"}, headers={"accept": JSON},
                             timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.perf_counter() > deadline:
                self.stop()  # leave no process behind
                raise RuntimeError(f"{name} did not start; see /tmp/vanort-bench-{name}.log")
            time.sleep(0.05)
        self.startup = before + time.perf_counter() - start

    def stop(self) -> float:
        peak = rss_mb(self.process.pid)
        self.pss = pss_mb(self.process.pid)
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        return peak


def synth_and_build(n: int, seed: int, shacl_max_n: int, work: Path, build_only: bool = False,
                    rebuild: bool = True) -> dict[str, object]:
    project, releases = work / f"synth-{n}", work / f"release-{n}"
    log(f"N={n}: synth")
    synth_s, _, _ = timed([str(BIN / "vanort"), "--root", str(ROOT), "synth", "-n", str(n), "--seed", str(seed),
                           "--out", str(project)])
    shacl = n <= shacl_max_n
    log(f"N={n}: build ({'with' if shacl else 'WITHOUT'} SHACL)")
    shutil.rmtree(releases, ignore_errors=True)
    if shacl:
        command = [str(BIN / "vanort"), "--root", str(project), "build", "--release-dir", str(releases)]
    else:  # asked for with --shacl-max-n (pySHACL holds the data as rdflib graphs); the flow is otherwise the same
        command = [sys.executable, str(HERE / "build_without_shacl.py"), str(project), str(releases)]
    build_s, build_mb, _ = timed(command)
    build_cpu = timed.cpu  # type: ignore[attr-defined]
    folder = Path(releases / (releases / "current").read_text().strip())
    floor = oxigraph_load(folder, work)
    rebuild_s = float("nan")
    if rebuild:  # a second full build: --no-rebuild leaves it out where one build takes an hour
        log(f"N={n}: one-row change, rebuild")
        edit_one_row(project)
        rebuild_s, _, _ = timed(command)
    if build_only:
        return {"n": n, "synth_s": synth_s, "build_s": build_s, "build_cpu": build_cpu, "build_mb": build_mb,
                "shacl": shacl, **floor, "rebuild_s": rebuild_s, "nq_mb": (folder / "dataset.nq").stat().st_size / 2**20,
                "startup_s": float("nan"), "serve_mb": float("nan"), "release": folder, "project": project,
                "quads": _lines(folder / "dataset.nq")}
    log(f"N={n}: serve start-up")
    port = free_port()
    server = Server("vanort-startup", [str(BIN / "vanort"), "--root", str(project), "serve", "--release-dir",
                                       str(releases), "--port", str(port)],
                    f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}/sparql")
    serve_mb = server.stop()
    return {"n": n, "synth_s": synth_s, "build_s": build_s, "build_cpu": build_cpu, "build_mb": build_mb,
            "shacl": shacl, **floor, "rebuild_s": rebuild_s, "nq_mb": (folder / "dataset.nq").stat().st_size / 2**20,
            "startup_s": server.startup, "serve_mb": serve_mb, "release": folder, "project": project,
            "quads": _lines(folder / "dataset.nq")}


def _lines(path: Path) -> int:
    count = 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 24):
            count += chunk.count(b"\n")
    return count


def oxigraph_load(release: Path, work: Path) -> dict[str, float]:
    """The build's floor (issue #13): `oxigraph load` of the same dataset.nq (parse and index)."""
    oxigraph = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    if not oxigraph:
        return {"load_s": float("nan"), "load_mb": float("nan"), "load_cpu": float("nan")}
    location = work / f"oxigraph-floor-{release.name}"
    shutil.rmtree(location, ignore_errors=True)
    load_s, load_mb, _ = timed([oxigraph, "load", "--location", str(location), "--file", str(release / "dataset.nq")])
    load_cpu = timed.cpu  # type: ignore[attr-defined]
    shutil.rmtree(location, ignore_errors=True)
    return {"load_s": load_s, "load_mb": load_mb, "load_cpu": load_cpu}


def edit_one_row(project: Path) -> None:
    """Change one cell: the text of the first English label of the first place file."""
    path = sorted((project / "data" / "places").glob("*.ttl"))[0]
    text = path.read_text("utf-8")
    at = text.index('"@en')
    path.write_text(text[:at] + ' (edited)' + text[at:], "utf-8")


def sample_iris(sparql: str, limit: int = 40) -> list[str]:
    query = f"SELECT ?s WHERE {{ ?s a <{VO}Municipality> ; <{VO}twinTown> ?t }} ORDER BY ?s LIMIT {limit}"
    rows = httpx.get(sparql, params={"query": query}, headers={"accept": JSON}, timeout=60).json()
    return sorted({r["s"]["value"] for r in rows["results"]["bindings"]})


def query_mix(iris: list[str], project: Path) -> list[tuple[str, object]]:
    """(name, query or callable(i) -> query). Point queries rotate over sample IRIs."""
    mix: list[tuple[str, object]] = [
        ("point-lookup", lambda i: f"SELECT ?p ?o WHERE {{ <{iris[i % len(iris)]}> ?p ?o }}"),
        ("describe-ttl", lambda i: f"CONSTRUCT {{ <{iris[i % len(iris)]}> ?p ?o }} WHERE {{ <{iris[i % len(iris)]}> ?p ?o }}"),
        ("twins-of-twins", lambda i: f"SELECT DISTINCT ?c WHERE {{ <{iris[i % len(iris)]}> <{VO}twinTown> ?b . "
                                     f"?b <{VO}twinTown> ?c FILTER(?c != <{iris[i % len(iris)]}>) }}"),
        ("country-pairs", f"SELECT ?ca ?cb (COUNT(*) AS ?n) WHERE {{ ?p a <{VO}Partnership> ; <{VO}partner> ?a, ?b . "
                          f"?a <{VO}country> ?ca . ?b <{VO}country> ?cb FILTER(STR(?a) < STR(?b)) }} "
                          "GROUP BY ?ca ?cb ORDER BY DESC(?n) ?ca ?cb"),
        ("label-search", f"SELECT ?s ?l WHERE {{ ?s a <{VO}Municipality> ; <{RDFS}label> ?l "
                         'FILTER(CONTAINS(LCASE(STR(?l)), "berg")) } ORDER BY ?s ?l LIMIT 50'),
    ]
    for path in sorted((project / "queries").glob("*.rq")):
        mix.append((f"example:{path.stem}", path.read_text("utf-8")))
    return mix


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, ASK or DESCRIBE: the first keyword after comments and the prologue."""
    body = re.sub(r"(?im)^\s*(#.*|(PREFIX|BASE)\s.*)$", "", text).split()
    return body[0].upper() if body else ""


def request_for(server: Server, name: str, query: object, i: int, base: str) -> tuple[str, dict, dict]:
    text = query(i) if callable(query) else query  # type: ignore[operator]
    if server.name.startswith("vanort") and name in ("describe-ttl", "page-html"):
        iri = text.split("<", 2)[1].split(">", 1)[0]
        accept = "text/turtle" if name == "describe-ttl" else "text/html"
        return server.url + "/" + iri[len(base):], {}, {"accept": accept}
    accept = "text/turtle" if name == "describe-ttl" else f"{JSON}, text/turtle;q=0.9" if name == "mixed" else JSON
    if server.name == "virtuoso" and name == "mixed" and query_form(str(text)) == "CONSTRUCT":
        # Virtuoso honours the mixed Accept's first choice for a CONSTRUCT too: the triples come back as
        # s/p/o bindings in SPARQL JSON, and load() would count them as rows, so MIXED's row median would
        # differ from Oxigraph's. vanort and Oxigraph answer Turtle there; ask Virtuoso for the same.
        accept = "text/turtle"
    return server.sparql, {"query": text}, {"accept": accept}


def load(server: Server, name: str, query: object, concurrency: int, seconds: float, max_requests: int,
         base: str) -> dict[str, object]:
    latencies: list[float] = []
    failures: list[str] = []
    sizes: list[int] = []
    counter = iter(range(max_requests))
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker() -> None:
        with httpx.Client(timeout=60) as client:
            while time.perf_counter() < stop_at:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                url, params, headers = request_for(server, name, query, i, base)
                start = time.perf_counter()
                response = client.get(url, params=params, headers=headers)
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    if response.status_code != 200:
                        failures.append(f"{response.status_code} {response.text[:120]}")
                    elif "json" in response.headers.get("content-type", ""):
                        sizes.append(len(response.json().get("results", {}).get("bindings", [])))

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies) or [float("nan")]

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    return {"n": len(latencies), "rps": len(latencies) / wall, "p50": pct(0.5), "p95": pct(0.95), "p99": pct(0.99),
            "failures": failures, "rows": statistics.median(sizes) if sizes else None, "latencies": latencies}


VIRTUOSO_INI = """\
; written by bench/run.py for one benchmark run; everything in this folder, loopback only
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 16
; no periodic checkpoints while serving (the load ends with an explicit one)
CheckpointInterval = 0
O_DIRECT = 0
CaseMode = 2
AllowOSCalls = 0
DirsAllowed = ., {db}, {release}
; 8 kB pages: ~280 MB of buffers at most (the Debian default is 10,000, ~85 MB)
NumberOfBuffers = 34000
MaxDirtyBuffers = 25000
MaxQueryMem = 512M
ThreadsPerQuery = {threads}
AsyncQueueMaxThreads = 10

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
MaxClientConnections = 32
ServerThreads = 32
MaxKeepAlives = 32
KeepAliveTimeout = 10
EnabledDavVSP = 0
HTTPProxyEnabled = 0
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
; no 10,000-row cap and no "anytime" partial answers: they would spoil the row check
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 0
"""
# no [Plugins], [Zero Config] (mDNS), [Replication], [URIQA] or mail server: nothing but the two loopback ports


def virtuoso_isql(isql: str, port: int, sql: str, timeout: float = 600) -> str:
    """Run SQL through Virtuoso's ISQL client as dba (a fresh database's password is dba)."""
    done = subprocess.run([isql, f"127.0.0.1:{port}", "dba", "dba", "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF",
                           "ECHO=OFF", f"exec={sql}"], check=False, capture_output=True, text=True,
                          timeout=timeout)
    if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:  # isql exits 0 after a failed statement
        raise RuntimeError(f"isql: {sql[:200]} failed:\n{(done.stdout + done.stderr)[-2000:]}")
    return done.stdout


def virtuoso_load(virtuoso: str, isql: str, ini: Path, isql_port: int, release: Path) -> float:
    """Create the database and bulk-load dataset.nq into the quad store with a first virtuoso-t run
    (start, wait for ISQL, ld_dir + rdf_loader_run + checkpoint, shutdown). Returns its seconds."""
    start = time.perf_counter()
    with open("/tmp/vanort-bench-virtuoso-load.log", "wb") as out:
        process = subprocess.Popen([virtuoso, "+foreground", "+configfile", str(ini)], cwd=ini.parent, stdout=out,
                                   stderr=subprocess.STDOUT)
        try:
            deadline = start + 300
            while True:
                try:
                    virtuoso_isql(isql, isql_port, "select 1;", timeout=10)
                    break
                except (RuntimeError, subprocess.TimeoutExpired):
                    if process.poll() is not None or time.perf_counter() > deadline:
                        raise RuntimeError("virtuoso did not start; see /tmp/vanort-bench-virtuoso-load.log")
                    time.sleep(0.1)
            ready = time.perf_counter()
            folder = str(release.resolve()).replace("'", "''")
            # N-Quads (by the .nq extension): every quad goes into its own named graph; the third argument
            # would be the graph of a line without one (there are none in a release)
            virtuoso_isql(isql, isql_port, f"ld_dir('{folder}', 'dataset.nq', 'urn:vanort:bench:no-graph'); "
                                           "rdf_loader_run(); checkpoint;")
            state = virtuoso_isql(isql, isql_port, "select 'LOADED', count(*) from DB.DBA.load_list where "
                                                   "ll_state = 2 and ll_error is null;")
            if not re.search(r"LOADED\s+1\b", state):
                errors = virtuoso_isql(isql, isql_port, "select ll_file, ll_state, ll_error from DB.DBA.load_list;")
                raise RuntimeError(f"virtuoso did not load dataset.nq:\n{errors}")
            loaded = time.perf_counter()
            virtuoso_isql(isql, isql_port, "shutdown;")
            process.wait(timeout=120)
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
    seconds = time.perf_counter() - start
    log(f"virtuoso: database created in {ready - start:.1f} s, dataset.nq loaded and checkpointed in "
        f"{loaded - ready:.1f} s, shut down in {seconds - (loaded - start):.1f} s")
    return seconds


def start_servers(release: Path, project: Path, work: Path, skip: set[str], baseline: str | None = None) -> list[Server]:
    servers: list[Server] = []
    try:
        _start_servers(servers, release, project, work, skip, baseline)
    except BaseException:
        for server in servers:  # leave no process behind
            server.stop()
        raise
    return servers


def _start_servers(servers: list[Server], release: Path, project: Path, work: Path, skip: set[str],
                   baseline: str | None = None) -> None:
    releases = release.parent
    clean = {k: v for k, v in os.environ.items() if not k.startswith("VANORT_")}
    # a release above memory_store_max_mb is served from an on-disk store that the first start
    # loads (as `oxigraph load` counts in Oxigraph's start-up): start from none
    shutil.rmtree(project / "build" / "store", ignore_errors=True)
    vanorts = [("vanort", [str(BIN / "vanort")], clean), ("vanort-nocache", [str(BIN / "vanort")], clean | {"VANORT_CACHE_BYTES": "1"})]
    if baseline:  # another checkout's src/ (e.g. a worktree of the commit before a change), same venv
        vanorts.append(("vanort-before", [sys.executable, "-m", "vanort"], clean | {"PYTHONPATH": str(Path(baseline).resolve())}))
    for name, program, env in vanorts:
        if name in skip:
            continue
        port = free_port()
        log(f"starting {name}")
        servers.append(Server(name, [*program, "--root", str(project), "serve", "--release-dir",
                                     str(releases), "--port", str(port)], f"http://127.0.0.1:{port}",
                              f"http://127.0.0.1:{port}/sparql", env))
    oxigraph = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    if oxigraph and "oxigraph" not in skip:
        location = work / f"oxigraph-{release.name}"
        shutil.rmtree(location, ignore_errors=True)
        log("loading Oxigraph server's store")
        load_s, _, _ = timed([oxigraph, "load", "--location", str(location), "--file", str(release / "dataset.nq")])
        port = free_port()
        servers.append(Server("oxigraph", [oxigraph, "serve-read-only", "--location", str(location), "--bind",
                                           f"127.0.0.1:{port}", "--union-default-graph"],
                              f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}/query", before=load_s))
    virtuoso, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql-v")
    if virtuoso and isql and "virtuoso" not in skip:
        location = (work / f"virtuoso-{release.name}").resolve()
        shutil.rmtree(location, ignore_errors=True)
        location.mkdir(parents=True)
        isql_port, http_port = free_port(), free_port()
        ini = location / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(db=location, release=release.resolve(), isql_port=isql_port,
                                           http_port=http_port, threads=max(2, os.cpu_count() or 2)), "utf-8")
        log("loading Virtuoso's database")
        load_s = virtuoso_load(virtuoso, isql, ini, isql_port, release)
        # the same ini and database, now to serve; terminate() (SIGTERM) makes it shut down at once
        servers.append(Server("virtuoso", [virtuoso, "+foreground", "+configfile", str(ini)],
                              f"http://127.0.0.1:{http_port}", f"http://127.0.0.1:{http_port}/sparql", before=load_s))
    endpoint = shutil.which("rdflib-endpoint", path=str(BIN))
    if endpoint and "rdflib-endpoint" not in skip:
        port = free_port()
        log("starting rdflib-endpoint")
        servers.append(Server("rdflib-endpoint", [endpoint, "serve", "--host", "127.0.0.1", "--port", str(port),
                                                  str(release / "dataset.trig")],
                              f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}/"))


def compare(servers: list[Server], mix: list[tuple[str, object]], levels: list[int], seconds: float,
            max_requests: int, base: str, rounds: int = 3, warmup: bool = True) -> dict[tuple[str, str, int], dict[str, object]]:
    """Each workload on every server, interleaved: ``rounds`` short runs per server in turn, so
    that a noisy moment of the shared machine falls on all servers alike; req/s is the median
    of the rounds, percentiles come from all their requests. With ``warmup``, every server first
    gets one unmeasured pass of the same requests (caches warm, for all alike); the uncached
    path is what ``vanort-nocache`` measures."""

    class Mixed:  # each request is sent as the SPARQL form of its query (dereferencing is measured separately)
        def __call__(self, i: int) -> str:
            _, query = mix[i % len(mix)]
            return query(i) if callable(query) else query  # type: ignore[operator]

    workloads: list[tuple[str, str, object]] = [(name, name, query) for name, query in mix] + [("MIXED", "mixed", Mixed())]
    results: dict[tuple[str, str, int], dict[str, object]] = {}
    for level in levels:
        for label, name, query in workloads:
            runs: dict[str, list[dict[str, object]]] = {s.name: [] for s in servers}
            for rnd in range(-1 if warmup else 0, rounds):
                for server in servers:
                    # rdflib-endpoint is orders of magnitude slower: give it a tenth of the requests
                    budget = max(5, max_requests // 10) if server.name == "rdflib-endpoint" else max_requests
                    log(f"{server.name}: {label} at concurrency {level}, {'warm-up' if rnd < 0 else f'round {rnd + 1}/{rounds}'}")
                    run = load(server, name, query, level, seconds / rounds, max(2, budget // rounds), base)
                    if rnd >= 0:
                        runs[server.name].append(run)
            for server in servers:
                results[(server.name, label, level)] = _merge(runs[server.name])
    return results


def _merge(runs: list[dict[str, object]]) -> dict[str, object]:
    latencies = sorted(x for r in runs for x in r["latencies"]) or [float("nan")]  # type: ignore[attr-defined]

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    rows = [r["rows"] for r in runs if r["rows"] is not None]
    return {"n": sum(int(r["n"]) for r in runs), "rps": statistics.median(float(r["rps"]) for r in runs),  # type: ignore[arg-type]
            "p50": pct(0.5), "p95": pct(0.95), "p99": pct(0.99),
            "failures": [f for r in runs for f in r["failures"]], "rows": statistics.median(rows) if rows else None}  # type: ignore[attr-defined]


def table_servers(results, servers: list[Server], levels: list[int], mix_names: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    peers = [s.name for s in servers if not s.name.startswith("vanort")]
    head = "| query | c | server | req/s | p50 ms | p95 ms | p99 ms | n | check |" + "".join(
        f" vanort/{p} |" for p in peers)
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for level in levels:
        for name in [*mix_names, "MIXED"]:
            reference = results.get(("oxigraph", name, level), {}).get("rows")
            for server in servers:
                r = results.get((server.name, name, level))
                if not r:
                    continue
                check = "ok" if not r["failures"] else f"{len(r['failures'])} failed: {r['failures'][0][:60]}"
                if reference is not None and r["rows"] is not None and r["rows"] != reference:
                    check += f" rows {r['rows']} vs oxigraph {reference}"
                ratios = "".join(
                    f" {r['rps'] / results[(p, name, level)]['rps']:.2f}x |"
                    if server.name.startswith("vanort") and (p, name, level) in results
                    and results[(p, name, level)]["rps"] else " |" for p in peers)
                lines.append(f"| {name} | {level} | {server.name} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | "
                             f"{r['p99']:.1f} | {r['n']} | {check} |{ratios}")
    return lines


def svg_chart(rows: list[dict[str, object]]) -> str:
    """Build time (s) and peak memory (MB) against N, drawn by hand (no matplotlib)."""
    w, h, pad = 640, 320, 50
    ns = [float(r["n"]) for r in rows]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">',
             f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="black"/>',
             f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{h - pad}" stroke="black"/>',
             f'<text x="{w / 2}" y="{h - 12}" text-anchor="middle">municipalities (N)</text>']
    for key, colour, label in (("build_s", "#c0392b", "build time, s"), ("build_mb", "#2471a3", "build peak RSS, MB"),
                               ("startup_s", "#229954", "serve start-up, s")):
        values = [float(r[key]) for r in rows]  # type: ignore[arg-type]
        top = max(values) or 1.0
        points = " ".join(f"{pad + (w - 2 * pad) * (n / max(ns)):.1f},{h - pad - (h - 2 * pad) * (v / top):.1f}"
                          for n, v in zip(ns, values))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        for n, v in zip(ns, values):
            x, y = pad + (w - 2 * pad) * (n / max(ns)), h - pad - (h - 2 * pad) * (v / top)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'
                         f'<text x="{x + 4:.1f}" y="{y - 4:.1f}" fill="{colour}">{v:.1f}</text>')
        parts.append(f'<text x="{pad + 10}" y="{pad - 30 + 14 * ("build_s", "build_mb", "startup_s").index(key)}" '
                     f'fill="{colour}">{label} (each line scaled to its own maximum)</text>')
    for n in ns:
        parts.append(f'<text x="{pad + (w - 2 * pad) * (n / max(ns)):.1f}" y="{h - pad + 14}" text-anchor="middle">{int(n)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def isolation_cost(release: Path, queries: int = 300) -> list[str]:
    """What running a query in a worker process costs (issue #7): the same small query, in
    process and through the worker pool, timed side by side in one run."""
    from vanort.isolation import IsolatedEngine, StoreSpec, WorkerPool
    from vanort.manifest import open_release
    from vanort.store import Negotiation, OxigraphEngine

    current = open_release(release)
    nquads = current.path("dataset.nq")
    local = OxigraphEngine.from_nquads(nquads, current.version, None)
    pool = WorkerPool(StoreSpec(str(nquads), current.version, None), size=2, timeout=30)
    isolated = IsolatedEngine(local, pool)
    query, choose = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10", Negotiation("application/sparql-results+json")
    timings = {}
    try:
        for name, engine in (("in process", local), ("worker process", isolated)):
            engine.run(query, choose)
            started = time.perf_counter()
            for _ in range(queries):
                engine.run(query, choose)
            timings[name] = (time.perf_counter() - started) / queries * 1000
    finally:
        pool.close()
    extra = timings["worker process"] - timings["in process"]
    return ["", "## What query isolation costs", "", "| engine | ms per query |", "|---|---|",
            *(f"| {name} | {ms:.3f} |" for name, ms in timings.items()),
            f"| **cost of the worker round trip** | **{extra:.3f}** |", ""]


def existing_build(n: int, work: Path) -> dict[str, object]:
    """The release an earlier run built for N (``--reuse``), without measuring anything."""
    project, releases = work.resolve() / f"synth-{n}", work.resolve() / f"release-{n}"
    if not (releases / "current").is_file():
        raise SystemExit(f"bench: --reuse: no release at {releases}; run once without --reuse")
    folder = releases / (releases / "current").read_text().strip()
    return {"n": n, "release": folder, "project": project, "quads": (folder / "dataset.nq").read_bytes().count(b"\n")}


def build_table(rows: list[dict[str, object]]) -> list[str]:
    """The build against `oxigraph load` of the same dataset.nq (issue #13's targets: time <= 10x,
    peak memory of the build's whole process tree <= 2x the N-Quads size, one-row rebuild <= 10%)."""
    out = ["", "## Build against `oxigraph load` of the same dataset.nq (issue #13)", "",
           "| N | quads | N-Quads MB | build s (CPU s) | oxigraph load s (CPU s) | time ratio (CPU ratio) | build peak MB "
           "| oxigraph load peak MB | peak / N-Quads size | one-row rebuild s | rebuild / build |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    out += [f"| {r['n']} | {r['quads']} | {r['nq_mb']:.0f} | {r['build_s']:.1f} ({r['build_cpu']:.0f}) | "
            f"{r['load_s']:.1f} ({r['load_cpu']:.0f}) | {r['build_s'] / r['load_s']:.1f}x "
            f"({r['build_cpu'] / max(r['load_cpu'], 1e-9):.1f}x) | {r['build_mb']:.0f} | {r['load_mb']:.0f} | "
            f"{r['build_mb'] / r['nq_mb']:.2f}x | {r['rebuild_s']:.1f} | {r['rebuild_s'] / r['build_s']:.0%} |"
            for r in rows]
    return out


def build_only(sizes: list[int], seed: int, shacl_max_n: int, work: Path, rebuild: bool = True) -> int:
    """``--build-only``: the build table alone, printed and written to bench/results/<date>-build.md."""
    rows = [synth_and_build(n, seed, shacl_max_n, work, build_only=True, rebuild=rebuild) for n in sizes]
    machine = f"{platform.node()}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}"
    out = [f"# vanort build benchmark {dt.datetime.now().isoformat(timespec='seconds')}", "", f"Machine: {machine}."]
    out += build_table(rows)
    results_dir = HERE / "results"
    results_dir.mkdir(exist_ok=True)
    target = results_dir / f"{dt.datetime.now().strftime('%Y-%m-%d-%H%M')}-build.md"
    target.write_text("\n".join(out) + "\n", "utf-8")
    print("\n".join(out))
    log(f"wrote {target}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="N values for the build/start-up table (N = 100,000 takes about an hour here)")
    parser.add_argument("--serve-n", type=int, default=None, help="N of the release the servers are compared on (default: first size)")
    parser.add_argument("--concurrency", default="1,8")
    parser.add_argument("--seconds", type=float, default=5.0, help="time limit per query and concurrency")
    parser.add_argument("--max-requests", type=int, default=400, help="request limit per query and concurrency")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per server and workload (median req/s)")
    parser.add_argument("--no-warmup", action="store_true", help="measure from cold caches (default: one unmeasured pass first)")
    parser.add_argument("--no-rebuild", action="store_true",
                        help="leave out the one-row rebuild (a second full build) in the build table")
    parser.add_argument("--shacl-max-n", type=int, default=10**9,
                        help="above this N the build skips pySHACL, for machines short of memory (default: never; NOTES.md)")
    parser.add_argument("--skip", default="", help="servers to leave out, comma-separated (oxigraph, virtuoso, rdflib-endpoint)")
    parser.add_argument("--work", default=str(ROOT / "build" / "bench"))
    parser.add_argument("--workloads", default="cached,unique",
                        help="cached (repeated questions, the mix and single queries), unique (every request unique, "
                             "bench/unique.py), comma-separated")
    parser.add_argument("--unique-concurrency", type=int, default=8, help="clients of the unique workloads")
    parser.add_argument("--reuse", action="store_true",
                        help="serve an existing <work>/release-N built by an earlier run (no synth, build or start-up table)")
    parser.add_argument("--baseline", default=None, metavar="SRC",
                        help="also serve a 'vanort-before' from another checkout's src/ folder, for before/after in one run")
    parser.add_argument("--build-only", action="store_true",
                        help="only the build table (synth, build, `oxigraph load` of the same dataset.nq, one-row "
                             "rebuild); no servers (`make bench-build`)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",") if n]
    levels = [int(c) for c in args.concurrency.split(",") if c]
    workloads = set(args.workloads.split(","))
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    serve_n = args.serve_n or sizes[0]
    if args.build_only:
        return build_only(sizes, args.seed, args.shacl_max_n, work, not args.no_rebuild)
    rows = [] if args.reuse else [synth_and_build(n, args.seed, args.shacl_max_n, work) for n in sizes]
    chosen = next((r for r in rows if r["n"] == serve_n), None) or (
        existing_build(serve_n, work) if args.reuse else synth_and_build(serve_n, args.seed, args.shacl_max_n, work))
    base = "https://w3id.org/vanort/"
    servers = start_servers(chosen["release"], chosen["project"], work, set(args.skip.split(",")), args.baseline)  # type: ignore[arg-type]
    results: dict[tuple[str, str, int], dict[str, object]] = {}
    mix: list[tuple[str, object]] = []
    unique_lines: list[str] = []
    try:
        if "cached" in workloads:
            iris = sample_iris(servers[0].sparql)
            mix = query_mix(iris, chosen["project"]) + [("page-html", lambda i: f"SELECT * WHERE {{ <{iris[i % len(iris)]}> ?p ?o }}")]  # type: ignore[arg-type]
            results = compare(servers, mix, levels, args.seconds, args.max_requests, base, args.rounds, not args.no_warmup)
        if "unique" in workloads:
            unique_lines = unique.run(servers, base, args.unique_concurrency, args.seconds, args.max_requests,
                                      args.rounds, args.seed, log)
    finally:
        peaks = {s.name: s.stop() for s in servers}
    machine = f"{platform.node()}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}"
    out = [f"# vanort benchmark {dt.datetime.now().isoformat(timespec='seconds')}", "", f"Machine: {machine}.", "",
           f"## Servers on the release of N = {serve_n} ({chosen['quads']} quads)", "",
           "| server | start-up s | peak RSS MB (summed) | PSS MB at the end |", "|---|---|---|---|"]
    out += [f"| {s.name} | {s.startup:.2f} | {peaks[s.name]:.0f} | {s.pss:.0f} |" for s in servers]
    out += ["", "page-html is vanort's HTML page; peers answer the equivalent SELECT. describe-ttl is vanort's "
            "dereferenced IRI as Turtle; peers answer the CONSTRUCT.",
            f"Each workload ran on every server in turn, {args.rounds} interleaved rounds of at most "
            f"{args.seconds / args.rounds:.1f} s and {max(2, args.max_requests // args.rounds)} requests (rdflib-endpoint a tenth); "
            "req/s is the median round, percentiles over all rounds; "
            + ("every server first got one unmeasured pass of the same requests (warm caches; vanort-nocache "
               "is the cold path)." if not args.no_warmup else "no warm-up pass (cold caches)."), ""]
    if results:
        out += table_servers(results, servers, levels, [m[0] for m in mix])
    out += unique_lines
    out += isolation_cost(chosen["release"])  # type: ignore[arg-type]
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M")
    results_dir = HERE / "results"
    results_dir.mkdir(exist_ok=True)
    if rows:
        out += build_table(rows)
        out += ["", "## Build and serve start-up against N", "", "| N | quads | synth s | build s | build peak MB | SHACL | serve start-up s | serve RSS MB |",
                "|---|---|---|---|---|---|---|---|"]
        out += [f"| {r['n']} | {r['quads']} | {r['synth_s']:.1f} | {r['build_s']:.1f} | {r['build_mb']:.0f} | "
                f"{'yes' if r['shacl'] else 'skipped'} | {r['startup_s']:.2f} | {r['serve_mb']:.0f} |" for r in rows]
        (results_dir / f"{stamp}.svg").write_text(svg_chart(rows), "utf-8")
        out += ["", f"![build time, memory and start-up against N]({stamp}.svg)", ""]
    (results_dir / f"{stamp}.md").write_text("\n".join(out), "utf-8")
    print("\n".join(out))
    log(f"wrote {results_dir / (stamp + '.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
