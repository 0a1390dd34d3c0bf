"""``vanort fuzz URL``: a raw-HTTP fuzzer, seeded and bounded, for a vanort server on loopback.

It writes request bytes to a socket itself (no HTTP client library, no OpenAPI description),
so it can send what clients and proxies really send and libraries refuse to: broken
percent-encodings, invalid UTF-8, dot segments, 5,000-character segments, odd methods, a
missing or hostile ``Host``, ``X-Forwarded-*`` and ``Forwarded`` values, ``Content-Length``
that lies, ``Range``, ``If-None-Match``, arbitrary query strings and bodies, on every route
prefix. Request *i* of seed *s* is always the same bytes, so a failure is reproducible from
its number (issue #11: 1,201 answers 500 from four causes that the schemathesis and
hypothesis tests, which speak only the OpenAPI description, did not find).

Checked on every answer: no 5xx other than the documented 503 (busy) and 504 (query timed
out), and every HTML answer carries the content security policy.

>>> raw = request_bytes(7, 3, "127.0.0.1:8000")
>>> raw == request_bytes(7, 3, "127.0.0.1:8000")
True
>>> raw.split(b" ", 1)[0] in {m.encode() for m in METHODS}
True
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from . import fuzz_inputs as inputs

METHODS = inputs.METHODS
EXPECTED_5XX = frozenset({503, 504})  # README: busy (Retry-After) and query timed out
READ_LIMIT = 1 << 21  # read at most 2 MB of an answer: the status line and headers are what counts


@dataclass(frozen=True)
class Answer:
    status: int  # 0: the server closed the connection without an answer; -1: no answer in time
    headers: dict[str, str]


@dataclass
class Report:
    sent: int = 0
    duration_s: float = 0.0
    statuses: Counter[int] = field(default_factory=Counter)
    unexpected: list[tuple[int, int, bytes]] = field(default_factory=list)  # (index, status, request head)
    html_without_csp: list[tuple[int, bytes]] = field(default_factory=list)

    @property
    def failures(self) -> int:
        return len(self.unexpected) + len(self.html_without_csp)

    def table(self) -> str:
        names = {0: "closed without answer", -1: "no answer in time (incomplete request body)"}
        lines = [f"{self.sent} requests in {self.duration_s:.1f} s "
                 f"({self.sent / self.duration_s if self.duration_s else 0:.0f}/s)", "status  count"]
        lines += [f"{s:>6}  {c}" + (f"  ({names[s]})" if s in names else "") for s, c in sorted(self.statuses.items())]
        lines.append(f"unexpected 5xx: {len(self.unexpected)}")
        lines.append(f"HTML without content security policy: {len(self.html_without_csp)}")
        for index, status, head in self.unexpected[:20]:
            lines.append(f"  #{index} -> {status}: {head!r}")
        for index, head in self.html_without_csp[:20]:
            lines.append(f"  #{index} -> HTML without CSP: {head!r}")
        return "\n".join(lines)


def request_bytes(seed: int, index: int, authority: str) -> bytes:
    """Request ``index`` of run ``seed``, as the bytes written to the socket."""
    return inputs.compose(random.Random(f"{seed}:{index}"), authority)


def send(host: str, port: int, raw: bytes, timeout_s: float) -> Answer:
    """Write ``raw`` on a new connection and read the answer's status and headers."""
    received = b""
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as connection:
            connection.sendall(raw)
            deadline = time.monotonic() + timeout_s
            while len(received) < READ_LIMIT and time.monotonic() < deadline:
                connection.settimeout(max(0.01, deadline - time.monotonic()))
                chunk = connection.recv(65536)
                if not chunk:
                    break
                received += chunk
    except TimeoutError:
        if not received:
            return Answer(-1, {})
    except OSError:
        pass  # reset by the server after it answered (or without answering: status 0)
    return parse(received)


def parse(received: bytes) -> Answer:
    """Status and headers of a raw answer.

    >>> parse(b"HTTP/1.1 404 Not Found\\r\\nContent-Type: text/html\\r\\n\\r\\nbody")
    Answer(status=404, headers={'content-type': 'text/html'})
    >>> parse(b"").status
    0
    """
    head = received.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    lines = head.split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        return Answer(0, {})
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Answer(int(parts[1]), headers)


def run(url: str, seed: int, count: int, seconds: float, concurrency: int = 4, timeout_s: float = 20.0,
        progress: Callable[[str], None] | None = None) -> Report:
    """Send requests ``0..count-1`` of ``seed`` (or as many as fit in ``seconds``) to ``url``,
    an ``http://127.0.0.1:PORT`` server, from ``concurrency`` threads."""
    authority = url.split("://", 1)[1].rstrip("/")
    host, _, port = authority.rpartition(":")
    if host not in ("127.0.0.1", "localhost", "[::1]"):
        raise ValueError(f"the fuzzer only sends to a loopback server, not {host}")
    report = Report()
    lock = threading.Lock()
    next_index = iter(range(count))
    started = time.monotonic()
    deadline = started + seconds

    def client() -> None:
        while time.monotonic() < deadline:
            with lock:
                index = next(next_index, None)
            if index is None:
                return
            raw = request_bytes(seed, index, authority)
            # A body shorter than Content-Length keeps the server waiting for the rest, as it
            # should; the fuzzer gives up on those quickly instead of waiting the full timeout.
            answer = send(host.strip("[]"), int(port), raw, 2.0 if inputs.short_body(raw) else timeout_s)
            record(report, lock, index, raw, answer, progress)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report.duration_s = time.monotonic() - started
    return report


def record(report: Report, lock: threading.Lock, index: int, raw: bytes, answer: Answer,
           progress: Callable[[str], None] | None) -> None:
    head = raw.split(b"\r\n\r\n", 1)[0][:400]
    with lock:
        report.sent += 1
        report.statuses[answer.status] += 1
        if answer.status >= 500 and answer.status not in EXPECTED_5XX:
            report.unexpected.append((index, answer.status, head))
        if answer.headers.get("content-type", "").startswith("text/html") and \
                "content-security-policy" not in answer.headers:
            report.html_without_csp.append((index, head))
        if progress is not None and report.sent % 10_000 == 0:
            progress(f"{report.sent} requests, {len(report.unexpected)} unexpected 5xx")
