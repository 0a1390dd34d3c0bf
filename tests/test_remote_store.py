"""The publisher's routes answered through a REAL Oxigraph server (issue #6).

An ``oxigraph serve`` process is started on a free loopback port, the session release is
loaded into it over HTTP (``PUT /store``, N-Quads), and the app is built around a
``RemoteEngine``. Its answers must equal the embedded engine's.
"""

from __future__ import annotations


import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from tests.conftest import media_type
from tests.oxigraph_server import running_oxigraph
from vanort import remote_store
from vanort.formats import BY_NAME
from vanort.store import QueryError

pytestmark = pytest.mark.e2e
SUBJECTS = "SELECT DISTINCT ?s WHERE { ?s a ?c FILTER(isIRI(?s)) } ORDER BY ?s LIMIT 40"


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="module")
def remote(oxigraph_url, release, settings):  # type: ignore[no-untyped-def]
    engine = remote_store.open_remote(f"{oxigraph_url}/query", release.path("dataset.nq"), release.version,
                                      settings.base_iri, release.document["counts"]["quads"])
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def remote_client(remote, release, settings):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from vanort.web.app import create_app

    with TestClient(create_app(settings, remote, release), base_url="http://127.0.0.1:8000") as client:
        yield client


def _choose(kind: str):  # type: ignore[no-untyped-def]
    return BY_NAME["json" if kind == "results" else "ntriples"]


def test_remote_store_holds_the_release(remote, engine, release) -> None:  # type: ignore[no-untyped-def]
    assert remote.quad_count() == release.document["counts"]["quads"]
    assert remote.graphs() == engine.graphs()


def test_open_remote_does_not_load_twice(oxigraph_url, remote, release, settings) -> None:  # type: ignore[no-untyped-def]
    again = remote_store.open_remote(f"{oxigraph_url}/query", release.path("dataset.nq"), release.version,
                                     settings.base_iri, release.document["counts"]["quads"])
    assert again.quad_count() == release.document["counts"]["quads"]
    again.close()


def test_describe_and_exists_equal_embedded(remote, engine) -> None:  # type: ignore[no-untyped-def]
    subjects = [row["s"].value for row in engine.select(SUBJECTS)]
    assert subjects
    for iri in subjects:
        local, far = engine.describe(iri), remote.describe(iri)
        if not any(isinstance(t.object, ox.BlankNode) for t in local):  # stores relabel blank nodes
            assert far == local, iri
        assert len(far) == len(local), iri
        assert remote.exists(iri) is True
    assert remote.exists("https://w3id.org/vanort/id/municipality/no-such-place") is False


def test_select_with_bindings_equal_embedded(remote, engine) -> None:  # type: ignore[no-untyped-def]
    iri = engine.select(SUBJECTS)[0]["s"]
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isBlank(?o)) } ORDER BY ?p ?o"
    bound = {"s": ox.NamedNode(iri.value)}
    assert remote.select(query, bound) == engine.select(query, bound)


def test_run_refuses_what_the_embedded_store_refuses(remote) -> None:  # type: ignore[no-untyped-def]
    for query, status in (("INSERT DATA { <http://e/a> <http://e/b> 1 }", 403),
                          ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }", 403),
                          ("LOAD <http://127.0.0.1:1/x>", 403),
                          ("SELECT * WHERE { ?s ?p }", 400)):
        with pytest.raises(QueryError) as caught:
            remote.run(query, _choose)
        assert caught.value.status == status, query


@pytest.mark.parametrize(("query", "graphs"), [
    ("SELECT (COUNT(*) AS ?n) FROM <{g}> WHERE {{ ?s ?p ?o }}", {}),
    ("SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}", {"default_graphs": ["{g}"]}),
    ("SELECT (COUNT(*) AS ?n) FROM NAMED <{g}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
    ("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {"named_graphs": ["{g}"]}),
    ("SELECT (COUNT(*) AS ?n) FROM <http://e/not-here> WHERE {{ ?s ?p ?o }}", {}),
    ("SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}", {"default_graphs": ["http://e/not-here"]}),
    ("SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}", {}),
])
def test_dataset_remote_equals_embedded(remote, engine, query: str, graphs: dict[str, list[str]]) -> None:  # type: ignore[no-untyped-def]
    # FROM, FROM NAMED and the graph parameters select the same graphs in both stores.
    derived = next(g for g in engine.graphs() if g.endswith("/graph/derived"))
    text = query.format(g=derived)
    chosen = {k: [v.format(g=derived) for v in vs] for k, vs in graphs.items()}
    far = remote.run(text, _choose, **chosen).body
    near = engine.run(text, _choose, **chosen).body
    assert far == near
    assert b'"value"' in far


def test_run_truncates_at_max_rows(remote) -> None:  # type: ignore[no-untyped-def]
    answer = remote.run("SELECT ?s WHERE { ?s ?p ?o }", _choose, max_rows=3)
    assert answer.truncated is True
    assert answer.format.name == "json"


def _sparql(client, query: str, accept: str):  # type: ignore[no-untyped-def]
    return client.get("/sparql", params={"query": query}, headers={"Accept": accept})


def test_get_sparql_select_json_remote_equals_embedded(remote_client, client) -> None:  # type: ignore[no-untyped-def]
    query = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s ?label"
    far = _sparql(remote_client, query, "application/sparql-results+json")
    near = _sparql(client, query, "application/sparql-results+json")
    assert far.status_code == 200
    assert media_type(far) == "application/sparql-results+json"
    assert far.json()["results"]["bindings"] == near.json()["results"]["bindings"]
    assert far.json()["results"]["bindings"]


def test_get_sparql_construct_turtle_remote_isomorphic(remote_client, client) -> None:  # type: ignore[no-untyped-def]
    # the Turtle files' graphs: the whole release (with the national register, issue 14) is longer than
    # max_result_rows, and two stores may cut an unordered answer at different triples
    query = ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
             'FILTER STRSTARTS(STR(?g), "https://w3id.org/vanort/graph/data/") }')
    far, near = _sparql(remote_client, query, "text/turtle"), _sparql(client, query, "text/turtle")
    assert "vanort-results-truncated" not in far.headers and "vanort-results-truncated" not in near.headers
    assert far.status_code == 200
    assert media_type(far) == "text/turtle"
    assert far.headers["content-type"].endswith("charset=utf-8")
    graphs = [rdflib.Graph().parse(data=r.text, format="turtle") for r in (far, near)]
    assert len(graphs[0]) > 0
    assert isomorphic(graphs[0], graphs[1])


def test_get_sparql_ask_remote(remote_client) -> None:  # type: ignore[no-untyped-def]
    r = _sparql(remote_client, "ASK { ?s a ?c }", "application/sparql-results+json")
    assert r.status_code == 200
    assert media_type(r) == "application/sparql-results+json"
    assert r.json()["boolean"] is True


def test_get_sparql_update_remote_is_403_problem(remote_client) -> None:  # type: ignore[no-untyped-def]
    r = _sparql(remote_client, "DELETE WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert r.status_code == 403
    assert media_type(r) == "application/problem+json"
    assert r.json()["type"].endswith("update-refused")


def test_get_resource_turtle_remote_equals_embedded(remote_client, client, engine, settings) -> None:  # type: ignore[no-untyped-def]
    rows = engine.select("SELECT ?s ?id WHERE { ?s a ?c FILTER(STRSTARTS(STR(?s), STR(?id))) } ORDER BY ?s LIMIT 1",
                         {"id": ox.Literal(settings.base_iri + "id/")})
    iri = rows[0]["s"].value
    path = "/" + iri[len(settings.base_iri):]
    far, near = (c.get(path, headers={"Accept": "text/turtle"}) for c in (remote_client, client))
    assert near.status_code == 200, near.text[:300]
    assert far.status_code == 200
    assert media_type(far) == "text/turtle"
    graphs = [rdflib.Graph().parse(data=r.text, format="turtle") for r in (far, near)]
    assert len(graphs[0]) > 0
    assert isomorphic(graphs[0], graphs[1])


def test_workers_switching_together_load_a_remote_store_once(tmp_path, release, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Web workers that reload at the same moment each open the remote store: one sends the
    release, the others wait and find it there (each load replaces the store's content)."""
    import threading

    loads: list[str] = []
    real_load = remote_store.load_release

    def counted(nquads, store_url, **options):  # type: ignore[no-untyped-def]
        loads.append(store_url)
        return real_load(nquads, store_url, **options)

    monkeypatch.setattr(remote_store, "load_release", counted)
    start, engines = threading.Barrier(3), []

    def open_it() -> None:
        start.wait()
        engines.append(remote_store.open_remote(f"{url}/query", release.path("dataset.nq"), release.version,
                                                settings.base_iri, release.document["counts"]["quads"]))

    with running_oxigraph(tmp_path / "fresh") as url:
        threads = [threading.Thread(target=open_it) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert len(engines) == 3
        assert [e.quad_count() for e in engines] == [release.document["counts"]["quads"]] * 3
        for engine in engines:
            engine.close()
    assert loads == [f"{url}/store"]
