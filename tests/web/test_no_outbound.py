"""The server never opens a connection to anywhere (issue #7).

A listener on a loopback port stands for "the rest of the world". Queries, parameters, pages,
headers and uploads that name it are sent to the real server; the listener must see no
connection at all. pyoxigraph's SERVICE would connect by default; nothing else may either.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest


class Listener:
    """Counts connection attempts on a loopback port until closed."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.socket.close()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    probe = Listener()
    yield probe
    probe.close()


def _requests(world: str) -> list[tuple[str, str, dict]]:  # type: ignore[type-arg]
    """(method, path, httpx keyword arguments) that all name the outside world."""
    select = {"Accept": "application/sparql-results+json"}
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    queries = [
        f"SELECT * WHERE {{ SERVICE <{world}sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{world}sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{world}graph> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{world}graph> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"LOAD <{world}data.ttl>",
        f"CONSTRUCT {{ <{world}x> <{world}p> ?o }} WHERE {{ ?s ?p ?o }} LIMIT 2",
        f"DESCRIBE <{world}thing>",
        f"SELECT ?x WHERE {{ BIND(IRI(\"{world}x\") AS ?x) }}",
        f"PREFIX w: <{world}> SELECT * WHERE {{ SERVICE w:sparql {{ ?s ?p ?o }} }}",
    ]
    requests: list[tuple[str, str, dict]] = []  # type: ignore[type-arg]
    for query in queries:
        requests.append(("GET", "/sparql", {"params": {"query": query}, "headers": select}))
        requests.append(("POST", "/sparql", {"data": {"query": query}, "headers": select}))
    requests += [
        ("GET", "/sparql", {"params": {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
                                       "default-graph-uri": world + "g", "named-graph-uri": world + "n"}}),
        ("POST", "/sparql", {"data": {"update": f"LOAD <{world}x>"}, "headers": form}),
        ("POST", "/sparql", {"content": f"LOAD <{world}x>", "headers": {"Content-Type": "application/sparql-update"}}),
        ("GET", "/id/municipality/se-2460-vannas", {"headers": {"Accept": "application/ld+json",
                                                                 "X-Forwarded-Host": world[7:-1]}}),
        ("GET", "/id/municipality/se-2460-vannas", {"headers": {"Accept": "text/html", "Referer": world}}),
        ("GET", "/", {"headers": {"Accept": "text/html", "X-Forwarded-Host": world[7:-1]}}),
        ("GET", "/-/quality", {"headers": {"Accept": "application/json", "X-Forwarded-Host": world[7:-1]}}),
        ("GET", "/datasets/dcat", {"headers": {"X-Forwarded-Host": world[7:-1]}}),
        ("GET", "/reconcile", {"params": {"queries": f'{{"q0": {{"query": "{world}"}}}}'}}),
        ("GET", "/reconcile/preview", {"params": {"id": world}}),
        ("GET", "/download/data.jsonld", {}),
        ("GET", "/" + world, {}),
    ]
    return requests


def test_no_request_makes_the_server_connect_anywhere(live_server: str, listener: Listener) -> None:
    statuses = []
    with httpx.Client(base_url=live_server, timeout=30) as client:
        for method, path, options in _requests(listener.url):
            response = client.request(method, path, **options)
            statuses.append((method, path, response.status_code))
            assert response.status_code < 500, (method, path, options, response.text[:300])
    time.sleep(0.3)  # a connection started late would still be counted
    assert listener.accepted == 0, statuses
    refused = [s for s in statuses if s[2] == 403]
    assert len(refused) >= 10  # SERVICE, LOAD, remote FROM and updates are refused, not ignored


def test_listener_counts_a_real_connection(listener: Listener) -> None:
    # The probe itself works: without this the test above could pass by never listening.
    with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
        pass
    deadline = time.monotonic() + 2
    while listener.accepted == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert listener.accepted == 1
