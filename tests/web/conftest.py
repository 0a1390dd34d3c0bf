"""Web fixtures and helpers: the real server, a release of the W3C protocol data, parsers.

``live_server`` runs ``python -m vanort serve`` as a subprocess (uvicorn, the real release,
real HTTP) and yields its base URL. ``w3c_release_dir`` is a release of the three W3C
protocol data files, each in the named graph the manifest names, written by the project's
own release writer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pyoxigraph as ox
import pytest
from fastapi import FastAPI
from rdflib import RDFS, Graph, Namespace

from tests import conformance
from tests.conftest import PROJECT, ROOT
from vanort import config
from vanort import release as release_writer
from vanort.config import Settings
from vanort.errors import PROBLEM_BASE
from vanort.manifest import Release
from vanort.serve_process import free_port, stop
from vanort.store import OxigraphEngine
from vanort.web.app import create_app

W3C_PROTOCOL = conformance.path("sparql11-protocol")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
STARTUP_S = 60.0  # the national release (~1,000 places) loads in 5-6 s on 2 shared cores; 20 s was hit under a loaded suite
RESULTS_JSON = "application/sparql-results+json"

# A small engine with awkward data, for tests that check values (the session release may be
# the real dataset or the tiny test project; these tests must not depend on which).
EX = "http://example.org/"
AWKWARD = "AC/DC & Co + #1 Vännäs Прокупље"
# The IRI keeps its %2F; decoding the request twice would turn it into AC/DC (a different IRI,
# present too so that the double-decoding bug gives a wrong answer instead of none).
SLASH_IRI = EX + "AC%2FDC"
NQUADS = f"""
<{SLASH_IRI}> <{EX}name> "{AWKWARD}" <{EX}g1> .
<{EX}AC/DC> <{EX}name> "decoded twice" <{EX}g1> .
<{EX}item1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Item> <{EX}g2> .
<{EX}item2> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Item> <{EX}g2> .
<{EX}item3> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Item> <{EX}g2> .
<{EX}item4> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Item> <{EX}g2> .
<{EX}item5> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Item> <{EX}g2> .
"""


def start_server(release_dir: Path, base_iri: str, log: Path, *extra: str,
                 processes: list[subprocess.Popen] | None = None) -> Iterator[str]:  # type: ignore[type-arg]
    """Run ``vanort serve`` until the generator is closed; yields the base URL.

    ``extra`` are further ``serve`` options, e.g. ``"--set", "query_timeout_s=2"``."""
    port = free_port()
    # The child takes its settings from the command line only, not from the caller's VANORT_*.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("VANORT_")}
    command = [sys.executable, "-m", "vanort", "--root", str(PROJECT), "serve", "--host", "127.0.0.1",
               "--port", str(port), "--release-dir", str(release_dir), "--base-iri", base_iri, *extra]
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
    if processes is not None:
        processes.append(process)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"vanort serve exited with {process.returncode}:\n{log.read_text('utf-8', 'replace')}")
            try:
                if httpx.get(url + "/sparql", headers={"accept": "text/turtle"}, timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"vanort serve did not answer within {STARTUP_S} s:\n{log.read_text('utf-8', 'replace')}")
            time.sleep(0.1)
        yield url
    finally:
        stop(process)


@pytest.fixture(scope="session")
def live_server(release: Release, settings: config.Settings,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real server on the session release, e.g. ``http://127.0.0.1:54321``."""
    log = tmp_path_factory.mktemp("live-server") / "server.log"
    yield from start_server(release.folder.parent, settings.base_iri, log)


def w3c_graph_files() -> dict[str, str]:
    """Data file name -> named graph IRI, as the manifest's ``ut:graphData`` entries state."""
    conformance.require("sparql11-protocol", "manifest.ttl")
    manifest = Graph().parse(W3C_PROTOCOL / "manifest.ttl", publicID=W3C_PROTOCOL.as_uri() + "/manifest.ttl")
    files: dict[str, str] = {}
    for node in manifest.objects(None, UT.graphData):
        graph_file = manifest.value(node, UT.graph)
        label = manifest.value(node, RDFS.label)
        assert graph_file is not None and label is not None
        files[str(graph_file).rsplit("/", 1)[-1]] = str(label)
    return files


def w3c_quads() -> list[ox.Quad]:
    quads = []
    for name, graph in sorted(w3c_graph_files().items()):
        for triple in ox.parse(path=str(W3C_PROTOCOL / name), format=ox.RdfFormat.N_TRIPLES):
            quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(graph)))
    return quads


@pytest.fixture(scope="session")
def w3c_engine(settings: config.Settings) -> OxigraphEngine:
    data = ox.serialize(w3c_quads(), format=ox.RdfFormat.N_QUADS)
    return OxigraphEngine.from_nquads(data, "w3c-protocol", settings.base_iri)


@pytest.fixture(scope="session")
def w3c_release_dir(settings: config.Settings, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete release (manifest, checksums) holding only the W3C protocol data."""
    release_dir = tmp_path_factory.mktemp("w3c-release")
    quads = release_writer.sort_quads(w3c_quads())
    files = release_writer.artefacts(settings.base_iri, quads, [], [], Graph())
    document = release_writer.manifest(release_writer.version_of(files), settings.base_iri, files,
                                       release_writer.counts(quads, quads), True, None)
    release_writer.write(release_dir, files, document)
    return release_dir


@pytest.fixture(scope="session")
def w3c_live_server(w3c_release_dir: Path, settings: config.Settings,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real server on the W3C protocol data."""
    log = tmp_path_factory.mktemp("w3c-live-server") / "server.log"
    yield from start_server(w3c_release_dir, settings.base_iri, log)


def small_engine(base: str) -> OxigraphEngine:
    return OxigraphEngine.from_nquads(NQUADS.encode("utf-8"), "test-small", base)


def small_app(settings: Settings, release: Release, **changes: object) -> FastAPI:
    return create_app(config.replace(settings, **changes), small_engine(settings.base_iri), release)


@pytest.fixture()
def small_client(settings: Settings, release: Release) -> Iterator[object]:
    """A TestClient over the small engine (values known, independent of the dataset)."""
    from fastapi.testclient import TestClient

    with TestClient(small_app(settings, release), base_url="http://127.0.0.1:8000") as test_client:
        yield test_client


def values(response: httpx.Response, variable: str) -> list[str]:
    """The values of one variable in a JSON results document."""
    return [b[variable]["value"] for b in response.json()["results"]["bindings"] if variable in b]


def boolean(response: httpx.Response) -> bool:
    """The answer of an ASK in JSON or XML results."""
    if response.headers["content-type"].startswith("application/sparql-results+xml"):
        node = ElementTree.fromstring(response.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
        assert node is not None
        return node.text == "true"
    return bool(json.loads(response.content)["boolean"])


def triples(response: httpx.Response, fmt: ox.RdfFormat) -> list[ox.Triple]:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.content, format=fmt)]


def assert_problem(response: httpx.Response, status: int, slug: str) -> dict[str, object]:
    """An RFC 9457 problem document with the given status and type."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].split(";")[0].strip() == "application/problem+json"
    body = response.json()
    assert body["type"] == PROBLEM_BASE + slug, body
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["instance"]
    return body  # type: ignore[no-any-return]
