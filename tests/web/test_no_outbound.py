"""The server never opens a connection to anywhere (issues #7, #11).

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

from tests.guard_spellings import refused, unknown_graphs
from tests.oxigraph_server import running_oxigraph
from tests.web.conftest import start_server
from vanort.config import Settings
from vanort.manifest import Release


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


# --- every spelling of issue #11, through the real server, embedded and remote store --------

@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on loopback."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph-guard")) as url:
        yield url


@pytest.fixture(scope="module")
def remote_live_server(oxigraph_server: str, release: Release, settings: Settings,
                       tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``vanort serve --store`` in front of the real Oxigraph server (the release loaded into it)."""
    log = tmp_path_factory.mktemp("remote-live-server") / "server.log"
    yield from start_server(release.folder.parent, settings.base_iri, log, "--store", f"{oxigraph_server}/query")


def _send_every_spelling(server: str, listener: Listener, base_iri: str) -> None:
    world = listener.url + "x"
    failures = []
    with httpx.Client(base_url=server, timeout=30) as client:
        for name, query in refused(world):
            for response in (client.get("/sparql", params={"query": query}),
                             client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"})):
                body = response.json() if response.headers.get("content-type", "").startswith("application/problem+json") else {}
                if response.status_code != 403 or not (body.get("line", 0) >= 1 and body.get("column", 0) >= 1):
                    failures.append((name, response.status_code, response.text[:200]))
        for name, query in unknown_graphs(world, base_iri):
            response = client.get("/sparql", params={"query": query}, headers={"Accept": "application/n-triples, "
                                                                                "application/sparql-results+json"})
            if response.status_code != 200:
                failures.append((name, response.status_code, response.text[:200]))
            elif "boolean" in response.text:
                assert response.json()["boolean"] is False, name
            elif "bindings" in response.text:
                assert [b["n"]["value"] for b in response.json()["results"]["bindings"]] == ["0"], name
            else:
                assert response.content.strip() == b"", name  # CONSTRUCT/DESCRIBE of an empty graph
    time.sleep(0.3)  # a connection started late would still be counted
    assert failures == []
    assert listener.accepted == 0


def test_every_spelling_refused_without_connection_embedded(live_server: str, listener: Listener,
                                                            settings: Settings) -> None:
    _send_every_spelling(live_server, listener, settings.base_iri)


def test_every_spelling_refused_without_connection_remote_oxigraph(remote_live_server: str, listener: Listener,
                                                                   settings: Settings) -> None:
    # With a remote store the guard is the only barrier: Oxigraph server follows SERVICE.
    _send_every_spelling(remote_live_server, listener, settings.base_iri)


def test_remote_oxigraph_would_connect_without_the_guard(oxigraph_server: str, listener: Listener) -> None:
    # The probe is real: the same engine, asked directly, does reach the listener.
    query = f"SELECT * WHERE {{ BIND(1 AS ?x) FILTER(?x < 2) SERVICE <{listener.url}x> {{ ?s ?p ?o }} }}"
    httpx.get(f"{oxigraph_server}/query", params={"query": query}, timeout=10)
    deadline = time.monotonic() + 2
    while listener.accepted == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert listener.accepted >= 1
