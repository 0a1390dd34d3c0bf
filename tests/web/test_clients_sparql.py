"""Client matrix, SPARQL clients (issue 12): SPARQLWrapper 2.0 and rdflib's ``SPARQLStore``,
as users run them, against the real server (uvicorn on a loopback port).

SPARQLWrapper's default mode repeats its format as ``format``, ``output`` and ``results``
(with the media type too for TSV, JSON-LD and RDF/XML) beside an Accept header; its
conneg-only mode sends the Accept header alone. Every query form is tried with every format
SPARQLWrapper offers for it, by GET and by POST. A warning from SPARQLWrapper that the answer's
format is not the one asked for, or of a content type it does not know, fails the test (its
other warnings, ``*/*`` for ``json``/``rdf`` on CONSTRUCT and rdflib's deprecations, do not).
"""

from __future__ import annotations

import warnings
from typing import Any
from xml.dom.minidom import Document

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDF, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

pytestmark = pytest.mark.e2e

BASE = "https://w3id.org/vanort/"
MUNICIPALITY = BASE + "def/Municipality"
QUERIES = {
    "SELECT": f"SELECT ?m WHERE {{ ?m a <{MUNICIPALITY}> }} ORDER BY ?m LIMIT 3",
    "ASK": f"ASK {{ ?m a <{MUNICIPALITY}> }}",
    "CONSTRUCT": f"CONSTRUCT {{ ?m a <{MUNICIPALITY}> }} WHERE {{ ?m a <{MUNICIPALITY}> }} LIMIT 3",
    "DESCRIBE": f"DESCRIBE <{BASE}def>",
}
# The formats SPARQLWrapper documents per query form; for CONSTRUCT/DESCRIBE, JSON and RDF
# have no media type of their own in SPARQLWrapper (it sends */*), so only its default mode,
# which names them in the parameters, can ask for them.
RESULTS = [XML, JSON, CSV, TSV]
GRAPHS = [XML, RDFXML, TURTLE, N3, JSONLD, JSON, RDF]
CONNEG_GRAPHS = [XML, RDFXML, TURTLE, N3, JSONLD]
CASES = [(form, fmt, conneg) for conneg in (False, True) for form in QUERIES
         for fmt in (RESULTS if form in ("SELECT", "ASK") else CONNEG_GRAPHS if conneg else GRAPHS)]


def run(endpoint: str, form: str, fmt: str, method: str, conneg: bool) -> tuple[Any, list[str]]:
    client = SPARQLWrapper(endpoint + "/sparql")
    client.setQuery(QUERIES[form])
    client.setReturnFormat(fmt)
    client.setMethod(method)
    client.setOnlyConneg(conneg)
    client.setTimeout(20)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = client.queryAndConvert()
    return result, [str(w.message) for w in caught]


def check(form: str, fmt: str, result: Any) -> None:
    if form == "SELECT":
        if fmt == JSON:
            assert len(result["results"]["bindings"]) == 3
        elif fmt == XML:
            assert isinstance(result, Document) and len(result.getElementsByTagName("result")) == 3
        else:
            lines = result.decode("utf-8").strip().splitlines()
            assert lines[0].lstrip("?") == "m" and len(lines) == 4
    elif form == "ASK":
        if fmt == JSON:
            assert result["boolean"] is True
        elif fmt == XML:
            assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"
        else:
            assert result.decode("utf-8").strip().splitlines()[-1].lower() == "true"
    else:
        graph = result if isinstance(result, rdflib.Graph) else rdflib.Graph().parse(data=result, format="turtle")
        assert len(graph) >= 3
        if form == "DESCRIBE":
            assert (rdflib.URIRef(BASE + "def"), rdflib.RDF.type, rdflib.OWL.Ontology) in graph


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("form,fmt,conneg", CASES,
                         ids=[f"{f}-{fmt}-{'conneg' if c else 'default'}" for f, fmt, c in CASES])
def test_sparqlwrapper(live_server: str, form: str, fmt: str, conneg: bool, method: str) -> None:
    result, messages = run(live_server, form, fmt, method, conneg)
    check(form, fmt, result)
    mismatches = [m for m in messages if m.startswith(("Format requested was", "unknown response content type"))]
    assert not mismatches, mismatches


def test_rdflib_sparqlstore_select_ask_construct(live_server: str) -> None:
    store = SPARQLStore(live_server + "/sparql", returnFormat="xml", method="POST")
    graph = rdflib.Graph(store)
    rows = list(graph.query(QUERIES["SELECT"]))
    assert len(rows) == 3 and all(str(row[0]).startswith(BASE + "id/municipality/") for row in rows)
    assert graph.query(QUERIES["ASK"]).askAnswer is True
    constructed = graph.query(QUERIES["CONSTRUCT"]).graph
    assert constructed is not None and len(constructed) == 3
    assert (None, rdflib.RDF.type, rdflib.URIRef(MUNICIPALITY)) in constructed


def test_rdflib_sparqlstore_triples_by_get(live_server: str) -> None:
    graph = rdflib.Graph(SPARQLStore(live_server + "/sparql", method="GET"))
    found = list(graph.triples((rdflib.URIRef(BASE + "def"), rdflib.RDF.type, None)))
    assert (rdflib.URIRef(BASE + "def"), rdflib.RDF.type, rdflib.OWL.Ontology) in found


def test_conflicting_format_parameters_are_400_through_the_query_workers(live_server: str) -> None:
    # the conflict is found in a query worker (it depends on the query form) and crosses back as a 400
    r = httpx.get(live_server + "/sparql", params=[("query", QUERIES["SELECT"]), ("format", "csv"), ("output", "tsv")],
                  timeout=20)
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem+json")
    assert "'csv'" in r.json()["detail"] and "'tsv'" in r.json()["detail"]
