"""A remote SPARQL 1.1 store behind the same ``Engine`` protocol (DESIGN.md: remote store).

``RemoteEngine`` answers every call through the SPARQL 1.1 Protocol (§2.1.3, POST with a
URL-encoded body) with httpx, so any engine works: Oxigraph server, Apache Jena Fuseki,
Virtuoso, QLever, GraphDB. The remote answer is read as SPARQL JSON results or N-Triples and
written again by our own serialisers, so clients get the same bytes, row cap and prefixes as
from the embedded store. ``engine.guard.plan`` runs before anything is sent: updates, LOAD
and SERVICE stay refused, whatever the remote engine would allow, and the dataset is sent as
protocol parameters naming only graphs the release holds.

``load_release`` puts a release's ``dataset.nq`` into the store, either in one request to a
bulk endpoint that takes N-Quads (Oxigraph server ``POST /store``, Fuseki ``POST /<ds>``) or
graph by graph with the Graph Store Protocol (``PUT ?graph=<iri>``, §5.3, any engine).

The default graph must be the union of the named graphs, as in the embedded store: the
engine asks Oxigraph for it per query (``union-default-graph``, an Oxigraph parameter other
engines ignore); Virtuoso's default graph is the union already; Fuseki needs
``tdb2:unionDefaultGraph true`` in its dataset configuration.

>>> _with_values("SELECT ?o WHERE { ?s ?p ?o }", {"s": ox.NamedNode("http://e/a")})
'SELECT ?o WHERE { VALUES (?s) { (<http://e/a>) } ?s ?p ?o }'
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from .folder_lock import exclusive
from .formats import Format
from .engine.guard import plan
from .store import _STRIP, Answer, Chooser, QueryError, answer, named, serialize_triples

# What we ask the remote engine for: results as JSON, graphs as N-Triples (both exact and
# streamable); the answer is re-serialised in the negotiated format.
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/plain;q=0.1"
HEADERS = {"accept": ACCEPT, "content-type": "application/x-www-form-urlencoded"}
DESCRIBE = "SELECT DISTINCT ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
EXISTS = "ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


class RemoteError(QueryError):
    """The remote store failed or could not be reached: a 502/504, never a client error."""

    def __init__(self, message: str, status: int = 502) -> None:
        super().__init__(message, slug="remote-store", status=status)


def _with_values(query: str, bindings: dict[str, Any]) -> str:
    """Bind values by a ``VALUES`` block at the start of the first group (SPARQL 1.1 §10.2).

    The terms are written by pyoxigraph (``str`` of a validated ``NamedNode``/``Literal`` is
    N-Triples syntax, which SPARQL accepts), never spliced as raw text; and only our own
    queries from ``queries/*.rq`` take bindings.
    """
    if not bindings:
        return query
    names = sorted(bindings)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(str(bindings[n]) for n in names)}) }} "
    position = 0
    for match in itertools.chain(_STRIP.finditer(query), [None]):
        end = match.start() if match else len(query)
        brace = query.find("{", position, end)
        if brace >= 0:
            return query[: brace + 1] + " " + block + query[brace + 1:].lstrip()
        if match is None:
            break
        position = match.end()
    raise ValueError("no group pattern to bind values in")


class RemoteEngine:
    """The ``Engine`` protocol over the SPARQL 1.1 Protocol of a remote store."""

    def __init__(self, endpoint: str, version: str, base: str | None = None, *, timeout: float = 30.0,
                 client: httpx.Client | None = None) -> None:
        self.endpoint = endpoint
        self.version = version
        self._base = base
        self._timeout = timeout
        self._client = client or httpx.Client(timeout=httpx.Timeout(timeout, connect=5.0),
                                              limits=httpx.Limits(max_connections=32))
        self._graphs = sorted(row["g"].value for row in self._select(GRAPHS) if isinstance(row.get("g"), ox.NamedNode))
        self._graph_set = set(self._graphs)

    def close(self) -> None:
        self._client.close()

    # -- transport -------------------------------------------------------------------
    def _post(self, query: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> httpx.Response:
        form: list[tuple[str, str]] = [("query", query)]
        form += [("default-graph-uri", g) for g in default_graphs]
        form += [("named-graph-uri", g) for g in named_graphs]
        if not default_graphs and not named_graphs:
            form.append(("union-default-graph", ""))
        try:
            # a form body keeps repeated graph parameters and any query length (§2.1.2)
            response = self._client.post(self.endpoint, content=urlencode(form).encode("ascii"), headers=HEADERS)
        except httpx.TimeoutException as exc:
            raise RemoteError(f"the remote store did not answer within {self._timeout:g} s", 504) from exc
        except httpx.HTTPError as exc:
            raise RemoteError(f"the remote store at {self.endpoint} cannot be reached: {exc}") from exc
        if response.status_code == 400:
            raise QueryError(f"the remote store refused the query: {response.text[:500]}")
        if response.status_code >= 300:
            raise RemoteError(f"the remote store answered {response.status_code}: {response.text[:300]}")
        return response

    def _parse(self, response: httpx.Response) -> Any:
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media in ("application/sparql-results+json", "application/json"):
            return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        if media in ("application/n-triples", "text/plain"):
            return ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)
        if media == "text/turtle":
            return ox.parse(response.content, format=ox.RdfFormat.TURTLE)
        raise RemoteError(f"the remote store answered in {media or 'no media type'}, not JSON results or N-Triples")

    def _select(self, query: str) -> list[dict[str, Any]]:
        result = self._parse(self._post(query))
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in result]

    # -- Engine protocol -------------------------------------------------------------
    def graphs(self) -> list[str]:
        return list(self._graphs)

    def run(self, query: str, choose: Chooser, *, default_graphs: Sequence[str] = (),
            named_graphs: Sequence[str] = (), max_rows: int | None = None,
            cancelled: Callable[[], bool] | None = None) -> Answer:
        # ``cancelled`` is not used: the HTTP timeout bounds the request; the remote engine
        # enforces its own query limits.
        for graph in (*default_graphs, *named_graphs):
            try:
                ox.NamedNode(graph)
            except ValueError as exc:
                raise QueryError(f"{graph!r} is not a valid graph IRI", slug="invalid-parameter") from exc
        # With a remote store the guard is the only barrier: the store gets the text without
        # its dataset clause and only graphs the release holds, as protocol parameters.
        chosen = plan(query, self._graph_set, default_graphs, named_graphs)
        result = self._parse(self._post(chosen.query, chosen.default_graphs, chosen.named_graphs))
        return answer(result, choose, max_rows, self._base)

    def serialize(self, triples: list[ox.Triple], fmt: Format) -> bytes:
        return serialize_triples(triples, fmt, self._base)

    def describe(self, iri: str) -> list[ox.Triple]:
        """Every triple with ``iri`` as subject, in all graphs, sorted (as the embedded store)."""
        node = named(iri)
        if node is None:
            return []
        rows = self._select(_with_values(DESCRIBE, {"s": node}))
        triples = {ox.Triple(node, row["p"], row["o"]) for row in rows}
        return sorted(triples, key=lambda t: (str(t.predicate), str(t.object)))

    def exists(self, iri: str) -> bool:
        node = named(iri)
        return node is not None and bool(self._parse(self._post(_with_values(EXISTS, {"s": node}))))

    def select(self, query: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None) -> list[dict[str, object]]:
        """One of our own SELECT queries with bound values; rows as term dictionaries."""
        return self._select(_with_values(query, bindings or {}))  # type: ignore[return-value]

    def quad_count(self) -> int:
        rows = self._select(COUNT)
        return int(rows[0]["n"].value) if rows else 0


def load_url_for(endpoint: str) -> str:
    """Where a release is loaded, guessed from the query endpoint (Oxigraph's layout).

    >>> load_url_for("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/store'
    """
    return re.sub(r"/(query|sparql)$", "/store", endpoint)


def load_release(nquads: Path, store_url: str, *, mode: str = "dataset", timeout: float = 600.0,
                 replace: bool = True) -> None:
    """Load ``dataset.nq`` into a remote store.

    ``mode="dataset"``: one request with the whole file as N-Quads (``PUT`` replaces the
    store's content, ``POST`` adds). ``mode="graphs"``: the Graph Store Protocol, one
    ``PUT <store_url>?graph=<iri>`` per named graph with its triples as N-Triples.
    """
    with httpx.Client(timeout=httpx.Timeout(timeout, connect=5.0)) as client:
        if mode == "dataset":
            with nquads.open("rb") as handle:
                response = client.request("PUT" if replace else "POST", store_url, content=handle,
                                          headers={"content-type": "application/n-quads"})
            _check(response, store_url)
            return
        by_graph: dict[str, list[ox.Triple]] = defaultdict(list)
        for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
            if isinstance(quad.graph_name, ox.NamedNode):
                by_graph[quad.graph_name.value].append(ox.Triple(quad.subject, quad.predicate, quad.object))
        for graph, triples in sorted(by_graph.items()):
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            response = client.put(store_url, params={"graph": graph}, content=body,
                                  headers={"content-type": "application/n-triples"})
            _check(response, f"{store_url}?graph={graph}")


def _check(response: httpx.Response, where: str) -> None:
    if response.status_code >= 300:
        raise RemoteError(f"loading into {where} failed: {response.status_code} {response.text[:300]}")


def open_remote(endpoint: str, nquads: Path, version: str, base: str, expected_quads: int | None,
                load_url: str | None = None, timeout: float = 30.0) -> RemoteEngine:
    """Connect to a remote store and load the release into it unless it already holds it.

    The store is taken to hold the release when its number of quads equals the manifest's
    (a store shared by several releases is not supported: one store per release).
    """
    engine = RemoteEngine(endpoint, version, base, timeout=timeout)
    if load_url == "none":
        return engine
    with exclusive(nquads.parent):  # workers switching together: the first loads, the others find it loaded
        if expected_quads is None or engine.quad_count() != expected_quads:
            load_release(nquads, load_url or load_url_for(endpoint))
            engine.close()
            engine = RemoteEngine(endpoint, version, base, timeout=timeout)
    return engine

