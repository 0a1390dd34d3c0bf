"""The WDQS client against a local server on 127.0.0.1 that answers like WDQS."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from vanort.wikidata.client import Snapshot, WdqsClient, WikidataError, p190_query

RECORDED = (Path(__file__).resolve().parent / "wikidata" / "wdqs-p190.json").read_bytes()


class FakeWdqs(BaseHTTPRequestHandler):
    script: list[str] = []  # one action per request: "ok", "429:<s>", "500", "slow"
    seen: list[dict[str, str]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("content-length", 0))).decode()
        self.seen.append({"ua": self.headers.get("user-agent", ""), "query": parse_qs(body)["query"][0],
                          "accept": self.headers.get("accept", "")})
        action = self.script.pop(0) if self.script else "ok"
        if action.startswith("429"):
            self._reply(429, b"Too Many Requests", {"Retry-After": action.split(":")[1]})
        elif action == "500":
            self._reply(500, b"java.util.concurrent.TimeoutException")
        elif action == "slow":
            time.sleep(1.0)
            self._reply(200, RECORDED)
        else:
            self._reply(200, RECORDED, {"Content-Type": "application/sparql-results+json"})

    def _reply(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture()
def wdqs() -> Iterator[str]:
    FakeWdqs.script, FakeWdqs.seen = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeWdqs)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def client(endpoint: str, naps: list[float], **options: float) -> WdqsClient:
    return WdqsClient(endpoint=endpoint, contact="mailto:test@example.org", sleep=naps.append, **options)  # type: ignore[arg-type]


def test_fetch_sends_polite_request_and_caches(wdqs: str, tmp_path: Path) -> None:
    naps: list[float] = []
    snapshot = client(wdqs, naps).fetch_p190(["Q500210", "Q22129"])
    request = FakeWdqs.seen[0]
    assert request["ua"].startswith("vanort/") and "mailto:test@example.org" in request["ua"]
    assert request["accept"] == "application/sparql-results+json"
    assert "VALUES ?item { wd:Q22129 wd:Q500210 }" in request["query"]
    assert len(snapshot.statements()) == 5  # the deprecated statement is dropped
    path = tmp_path / "cache.json"
    snapshot.save(path)
    again = Snapshot.load(path)
    assert again.retrieved == snapshot.retrieved and again.endpoint == wdqs
    assert again.statements() == snapshot.statements()


def test_429_retry_after_is_honoured(wdqs: str) -> None:
    FakeWdqs.script = ["429:7", "ok"]
    naps: list[float] = []
    client(wdqs, naps).select("SELECT * WHERE {}")
    assert naps == [7.0] and len(FakeWdqs.seen) == 2


def test_429_with_long_retry_after_is_an_error(wdqs: str) -> None:
    FakeWdqs.script = ["429:3600"]
    with pytest.raises(WikidataError, match="rate limited"):
        client(wdqs, [], max_retry_after_s=60).select("SELECT * WHERE {}")
    assert len(FakeWdqs.seen) == 1


def test_500_is_retried_a_bounded_number_of_times(wdqs: str) -> None:
    FakeWdqs.script = ["500", "ok"]
    naps: list[float] = []
    assert client(wdqs, naps).select("SELECT * WHERE {}")["results"]["bindings"]
    FakeWdqs.script = ["500"] * 10
    with pytest.raises(WikidataError, match="HTTP 500 after 3 attempts"):
        client(wdqs, naps, max_retries=2).select("SELECT * WHERE {}")
    assert len(FakeWdqs.seen) == 2 + 3


def test_slow_answer_times_out(wdqs: str) -> None:
    FakeWdqs.script = ["slow", "slow"]
    started = time.monotonic()
    with pytest.raises(WikidataError, match="no answer within"):
        client(wdqs, [], timeout_s=0.2, max_retries=1).select("SELECT * WHERE {}")
    assert time.monotonic() - started < 5


def test_qids_are_validated_before_reaching_the_query() -> None:
    assert "wd:Q1 " in p190_query(["Q1"])
    for bad in ("Q0", "P190", "Q1}", "Q1 . ?s ?p ?o", "wd:Q1"):
        with pytest.raises(WikidataError):
            p190_query([bad])


def test_cache_written_by_anyone_else_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"head": {}, "results": {}}))
    with pytest.raises(WikidataError, match="not a vanort Wikidata cache"):
        Snapshot.load(path)
