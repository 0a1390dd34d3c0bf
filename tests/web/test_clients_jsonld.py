"""Client matrix, JSON-LD processors (issue 12): pyld with a document loader that refuses every
URL, as a processor with no network would be, turns every JSON-LD file of the release, the
JSON-LD representations and the block embedded in every HTML page into exactly the triples of
the matching Turtle. A remote ``@context`` (``"https://schema.org"``) would fail here, and a
context mapping terms to ``http://schema.org/`` would give different IRIs.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pyld import jsonld
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from tests.conftest import media_type
from tests.web.test_crawl import BASE, release_iris

FILES = [("data.jsonld", "data.ttl"), ("ontology.jsonld", "ontology.ttl"), ("shapes.jsonld", "shapes.ttl"),
         ("catalogue.jsonld", "catalogue.ttl")]
BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"  # as the crawl asks, so pages come from the cache
BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def refuse(url: str, options: dict[str, Any] | None = None) -> None:
    raise jsonld.JsonLdError(f"no network: refused to load {url}", "jsonld.LoadDocumentError",
                             {"url": url}, code="loading document failed")


def offline_graph(document: Any) -> Graph:
    """The triples a JSON-LD processor without network gets from ``document``."""
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": refuse})
    return Graph().parse(data=nquads, format="nt")


def assert_same_triples(got: Graph, expected: Graph, what: str) -> None:
    if not isomorphic(got, expected):
        _, only_got, only_expected = graph_diff(to_isomorphic(got), to_isomorphic(expected))
        pytest.fail(f"{what}: JSON-LD gives {len(got)} triples, Turtle {len(expected)}\n"
                    f"only in JSON-LD: {sorted(only_got)[:5]}\nonly in Turtle: {sorted(only_expected)[:5]}")


def test_offline_loader_refuses_a_remote_context() -> None:
    with pytest.raises(jsonld.JsonLdError):
        offline_graph({"@context": "https://schema.org", "@id": BASE + "x", "name": "x"})


@pytest.mark.parametrize("jsonld_file,turtle_file", FILES)
def test_pyld_offline_expands_every_jsonld_download(client, jsonld_file: str, turtle_file: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"/download/{jsonld_file}")
    assert r.status_code == 200 and media_type(r) == "application/ld+json"
    expected = Graph().parse(data=client.get(f"/download/{turtle_file}").text, format="turtle")
    assert_same_triples(offline_graph(r.json()), expected, jsonld_file)


@pytest.mark.parametrize("path", ["/id/municipality/se-2460-vannas", "/def", "/graph/derived", "/datasets/dcat"])
def test_pyld_offline_expands_jsonld_representations(client, path: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get(path, headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and media_type(r) == "application/ld+json"
    expected = Graph().parse(data=client.get(path, headers={"Accept": "text/turtle"}).text, format="turtle")
    assert_same_triples(offline_graph(r.json()), expected, path)


def test_pyld_offline_expands_sparql_construct_jsonld(client) -> None:  # type: ignore[no-untyped-def]
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 50"
    r = client.get("/sparql", params={"query": query}, headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and media_type(r) == "application/ld+json"
    assert len(offline_graph(r.json())) == 50


def test_pyld_offline_expands_the_jsonld_of_every_page(client, release) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for iri in sorted(release_iris(release)):
        path = "/" + iri[len(BASE):]
        page = client.get(path, headers={"Accept": BROWSER})
        if media_type(page) != "text/html" or not (block := BLOCK.search(page.text)):
            continue
        document = json.loads(block.group(1).replace("<\\/", "</"))
        assert isinstance(document["@context"], dict), path  # inline, never fetched
        expected = Graph().parse(data=client.get(path, headers={"Accept": "text/turtle"}).text, format="turtle")
        assert_same_triples(offline_graph(document), expected, path)
        checked += 1
    assert checked > 100
