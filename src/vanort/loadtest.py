"""``vanort loadtest URL``: a bounded load of realistic requests against a vanort server.

Clients send the example queries and resource lookups in a loop while other clients send
runaway queries; every answer is checked and timed. The run stops at a time limit or a
request count, whichever comes first, so it can never run away itself. Meant for loopback or
your own deployment, never for someone else's server.

>>> percentile([0.1, 0.2, 0.3, 0.4], 50)
0.2
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass(frozen=True)
class Step:
    name: str
    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Report:
    duration_s: float = 0.0
    normal: list[float] = field(default_factory=list)
    by_step: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    runaway_statuses: Counter[int] = field(default_factory=Counter)
    runaway_times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    memory_kib: list[int] = field(default_factory=list)

    def table(self) -> str:
        rate = len(self.normal) / self.duration_s if self.duration_s else 0.0
        lines = [
            f"duration {self.duration_s:.1f} s, {len(self.normal)} normal requests ({rate:.0f}/s), "
            f"{sum(self.runaway_statuses.values())} runaway",
            f"normal latency p50 {percentile(self.normal, 50) * 1000:.1f} ms, "
            f"p95 {percentile(self.normal, 95) * 1000:.1f} ms, p99 {percentile(self.normal, 99) * 1000:.1f} ms, "
            f"max {max(self.normal, default=0) * 1000:.1f} ms",
            "normal statuses: " + ", ".join(f"{n} {s}: {c}" for (n, s), c in sorted(self.statuses.items())),
            "runaway statuses: " + ", ".join(f"{s}: {c}" for s, c in sorted(self.runaway_statuses.items())),
        ]
        if self.runaway_times:
            lines.append(f"runaway stopped after {min(self.runaway_times):.1f}..{max(self.runaway_times):.1f} s")
        for name, times in sorted(self.by_step.items()):
            lines.append(f"  {name:50s} n={len(times):5d} p50 {percentile(times, 50) * 1000:8.1f} ms "
                         f"p99 {percentile(times, 99) * 1000:8.1f} ms")
        if self.memory_kib:
            lines.append(f"server memory {self.memory_kib[0] / 1024:.0f} MiB -> peak "
                         f"{max(self.memory_kib) / 1024:.0f} MiB -> end {self.memory_kib[-1] / 1024:.0f} MiB")
        lines += [f"error: {e}" for e in self.errors[:10]]
        return "\n".join(lines)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def steps_from(queries_dir: Path, resources: list[str]) -> list[Step]:
    """The example queries (``*.rq``) and lookups of a few resources as Turtle and HTML."""
    steps = [Step(p.stem, "GET", "/sparql", {"query": p.read_text("utf-8")},
                  {"Accept": "application/sparql-results+json"}) for p in sorted(queries_dir.glob("*.rq"))]
    for path in resources:
        steps.append(Step("turtle " + path, "GET", path, headers={"Accept": "text/turtle"}))
        steps.append(Step("html " + path, "GET", path, headers={"Accept": "text/html"}))
    return steps


def memory_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (Linux)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run(url: str, steps: list[Step], clients: int = 16, runaway_clients: int = 2, duration_s: float = 10.0,
        max_requests: int = 5000, pid: int | None = None, timeout_s: float = 60.0,
        progress: Callable[[str], None] = lambda _: None) -> Report:
    """Drive the server for at most ``duration_s`` seconds and ``max_requests`` requests."""
    report = Report()
    lock = threading.Lock()
    stop = threading.Event()
    budget = [max_requests]

    def take() -> bool:
        with lock:
            if budget[0] <= 0 or stop.is_set():
                return False
            budget[0] -= 1
            return True

    def normal_client(offset: int) -> None:
        with httpx.Client(base_url=url, timeout=timeout_s) as client:
            index = offset
            while take():
                step = steps[index % len(steps)]
                index += 1
                started = time.monotonic()
                try:
                    response = client.request(step.method, step.path, params=step.params, headers=step.headers)
                    status = response.status_code
                except httpx.HTTPError as exc:
                    status = 0
                    with lock:
                        report.errors.append(f"{step.name}: {type(exc).__name__}")
                elapsed = time.monotonic() - started
                with lock:
                    report.normal.append(elapsed)
                    report.by_step.setdefault(step.name, []).append(elapsed)
                    report.statuses[(step.name, status)] += 1

    def runaway_client() -> None:
        with httpx.Client(base_url=url, timeout=timeout_s) as client:
            while not stop.is_set():
                started = time.monotonic()
                try:
                    status = client.get("/sparql", params={"query": RUNAWAY}).status_code
                except httpx.HTTPError:
                    status = 0
                with lock:
                    report.runaway_statuses[status] += 1
                    report.runaway_times.append(time.monotonic() - started)

    threads = [threading.Thread(target=normal_client, args=(i,), daemon=True) for i in range(clients)]
    threads += [threading.Thread(target=runaway_client, daemon=True) for _ in range(runaway_clients)]
    started = time.monotonic()
    if pid:
        report.memory_kib.append(memory_kib(pid))
    for thread in threads:
        thread.start()
    while time.monotonic() - started < duration_s and any(t.is_alive() for t in threads[:clients]):
        time.sleep(0.5)
        if pid:
            report.memory_kib.append(memory_kib(pid))
        progress(f"{time.monotonic() - started:.0f} s, {len(report.normal)} requests")
    stop.set()
    for thread in threads:
        thread.join(timeout_s + 5)
    report.duration_s = time.monotonic() - started
    if pid:
        report.memory_kib.append(memory_kib(pid))
    return report
