"""The W3C SPARQL 1.1 Protocol tests, run as written against ``/sparql``.

The manifest (``shared/conformance/sparql11-protocol/manifest.ttl``) is read with rdflib; each
``ht:Request`` is sent as it stands (method, path with its query string, headers, body in its
character encoding) through the in-process TestClient and through the real server on a
loopback port, both serving the three data files in the named graphs the manifest names.
Expectations checked: ``mf:expectedStatus``, ``mf:expectedFormat`` (media type and a parse of
the body) and ``mf:expectedBoolean``.

Tests whose requests must *succeed* as SPARQL Update are skipped with their name: the endpoint
is read-only by design (DESIGN.md, safety). The ``bad_update_*`` tests expect a 4xx and run.
``ht:connectionAuthority`` ("www.example") is not sent as Host: the endpoint does not depend on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from tests import conformance
from tests.conftest import media_type
from tests.web.conftest import W3C_PROTOCOL, boolean
from vanort.config import Settings
from vanort.formats import BY_NAME, OFFERS, by_name
from vanort.manifest import Release
from vanort.store import OxigraphEngine
from vanort.web.app import create_app

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
ENDPOINT = "/sparql"


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    statuses: tuple[int, ...]  # status classes: 2, 3, 4
    format: str | None
    boolean: bool | None

    @property
    def is_update(self) -> bool:
        content_type = dict(self.headers).get("content-type", "")
        return content_type.startswith("application/sparql-update") or (self.body or b"").startswith(b"update=")


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    requests: tuple[HttpRequest, ...]

    @property
    def needs_update(self) -> bool:
        """It expects an update to succeed; a read-only endpoint must refuse that."""
        return any(r.is_update and 2 in r.statuses for r in self.requests)


def _request(graph: Graph, node: URIRef) -> HttpRequest:
    path = str(graph.value(node, HT.absolutePath))
    assert path.startswith("/sparql/"), path
    headers_node = graph.value(node, HT.headers)
    headers = tuple(
        (str(graph.value(h, HT.fieldName)).lower(), str(graph.value(h, HT.fieldValue)))
        for h in (Collection(graph, headers_node) if headers_node is not None else [])
    )
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding.lower())
    response = graph.value(node, HT.resp)
    statuses = tuple(sorted(int(str(s)[len(HTS)]) for s in graph.objects(response, MF.expectedStatus)))
    expected_format = graph.value(response, MF.expectedFormat)
    expected_boolean = graph.value(response, MF.expectedBoolean)
    return HttpRequest(
        method=str(graph.value(node, HT.methodName)),
        path=ENDPOINT + path[len("/sparql"):].lstrip("/"),
        headers=headers, body=body, statuses=statuses,
        format=str(expected_format) if expected_format is not None else None,
        boolean=expected_boolean.toPython() if expected_boolean is not None else None,
    )


def load_tests() -> list[ProtocolTest]:
    manifest_path = W3C_PROTOCOL / "manifest.ttl"
    graph = Graph().parse(manifest_path, publicID="http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(entry, MF.action)
        requests = Collection(graph, graph.value(action, HT.requests))
        tests.append(ProtocolTest(str(entry).rsplit("#", 1)[-1], tuple(_request(graph, r) for r in requests)))
    return tests


# Read at collection to parametrise; without the material (VANORT_CONFORMANCE) one placeholder
# stands in, and the module's mark skips it with the reason.
pytestmark = conformance.needs("sparql11-protocol", "manifest.ttl")
TESTS: list[ProtocolTest | None] = load_tests() if conformance.available("sparql11-protocol", "manifest.ttl") else [None]


def name_of(test: ProtocolTest | None) -> str:
    return test.name if test is not None else "conformance-absent"


def test_manifest_read_completely() -> None:
    # README of the conformance folder: 34 tests, 14 of them about update.
    assert len(TESTS) == 34
    update_tests = [t for t in TESTS if t.name.startswith(("update_", "bad_update_")) or t.name == "bad_multiple_updates"]
    assert len(update_tests) == 14
    assert [t.name for t in TESTS if t.needs_update] == [t.name for t in update_tests if not t.name.startswith("bad_")]


def check(response: httpx.Response, expected: HttpRequest) -> None:
    assert response.status_code // 100 in expected.statuses, (response.status_code, response.text[:500])
    if response.status_code >= 400:
        assert media_type(response) == "application/problem+json"
        assert response.json()["status"] == response.status_code
        return
    if expected.format in ("boolean", "tabular"):
        fmt = by_name(media_type(response), "results")
        assert fmt is not None, response.headers["content-type"]
        if expected.format == "boolean":
            assert fmt.name in ("json", "xml")
            answer = boolean(response)
            assert expected.boolean is None or answer is expected.boolean
        elif fmt.name == "csv":
            assert response.text.split("\r\n")[0]
        else:
            solutions = ox.parse_query_results(response.content, format=fmt.results_format)
            assert [v.value for v in solutions.variables]  # type: ignore[union-attr]
    elif expected.format == "RDF":
        fmt = by_name(media_type(response), "rdf")
        assert fmt is not None, response.headers["content-type"]
        assert response.headers["content-type"] == fmt.content_type
        list(ox.parse(response.content, format=fmt.rdf_format))


def run(client: httpx.Client, test: ProtocolTest) -> None:
    if test.needs_update:
        pytest.skip(f"{test.name}: needs SPARQL Update; this endpoint is read-only by design")
    for request in test.requests:
        response = client.request(request.method, request.path, headers=dict(request.headers),
                                  content=request.body)
        check(response, request)


@pytest.fixture(scope="module")
def w3c_client(settings: Settings, w3c_engine: OxigraphEngine, release: Release) -> Iterator[TestClient]:
    with TestClient(create_app(settings, w3c_engine, release), base_url="http://www.example") as client:
        yield client


@pytest.mark.parametrize("test", TESTS, ids=name_of)
def test_w3c_protocol_in_process(w3c_client: TestClient, test: ProtocolTest) -> None:
    run(w3c_client, test)


@pytest.mark.e2e
@pytest.mark.parametrize("test", TESTS, ids=name_of)
def test_w3c_protocol_live_server(w3c_live_server: str, test: ProtocolTest) -> None:
    with httpx.Client(base_url=w3c_live_server, timeout=10.0) as client:
        run(client, test)


def test_w3c_data_in_named_graphs(w3c_engine: OxigraphEngine) -> None:
    assert w3c_engine.graphs() == [f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in (1, 2, 3)]
    assert set(OFFERS["results"]) <= set(BY_NAME)
