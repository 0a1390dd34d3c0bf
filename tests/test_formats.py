"""The format table and ``formats.negotiate``: one table-driven test (STYLE habit 2).

Cases follow oxigraph's negotiation tests plus real Accept headers of browsers and RDF
clients, and the rdflib-endpoint failures of STYLE's appendix.
"""

from __future__ import annotations

import pytest

from vanort import formats
from vanort.formats import BY_NAME, FORMATS, OFFERS, NotAcceptable, by_name, negotiate

CHROME = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,"
          "*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")
FIREFOX = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/png,"
           "image/svg+xml,*/*;q=0.8")
SAFARI = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CURL = "*/*"
# rdflib Graph.parse(url) without a format: every registered parser's media type, q=1.
RDFLIB = ("application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json, "
          "application/n-quads, application/trix, application/trig")
RDFLIB_SPARQL_XML = "application/sparql-results+xml, application/rdf+xml"  # SPARQLConnector default
# rapper (raptor2) builds its header from its parsers' media types and q values.
RAPPER = ("application/rdf+xml, text/rdf;q=0.6, application/n-triples, text/plain;q=0.1, text/x-nquads, "
          "application/x-trig, text/turtle, application/x-turtle, application/turtle, text/n3;q=0.3, "
          "text/rdf+n3;q=0.3, application/rdf+n3;q=0.3, text/html;q=0.6, application/xhtml+xml;q=0.8, "
          "application/json;q=0.1, application/rss+xml;q=0.8, application/xml;q=0.3, text/xml;q=0.3, */*;q=0.1")


# (accept, offer, expected format name, or None for 406)
CASES = [
    # empty or absent header: the offer's default
    (None, "results", "json"),
    ("", "results", "json"),
    ("", "rdf", "turtle"),
    ("   ", "rdf", "turtle"),
    # wildcards
    ("*/*", "results", "json"),
    ("*/*", "rdf", "turtle"),
    ("*", "rdf", "turtle"),
    ("text/*", "rdf", "turtle"),
    ("text/*", "results", "csv"),
    ("application/*", "rdf", "jsonld"),
    ("application/*", "results", "json"),
    ("image/*", "results", None),
    # exact types, aliases and parameters
    ("text/turtle", "rdf", "turtle"),
    ("text/turtle;charset=utf-8", "rdf", "turtle"),
    ("TEXT/Turtle", "rdf", "turtle"),
    ("application/x-turtle", "rdf", "turtle"),
    ("application/n-triples", "rdf", "ntriples"),
    ("application/ld+json", "rdf", "jsonld"),
    ("application/rdf+xml", "rdf", "rdfxml"),
    ("application/n-quads", "rdf", "nquads"),
    ("application/trig", "rdf", "trig"),
    ("application/sparql-results+xml", "results", "xml"),
    ("application/json", "results", "json"),
    ("text/tab-separated-values", "results", "tsv"),
    ("text/csv", "results", "csv"),
    ("application/ld+json;profile=\"http://www.w3.org/ns/json-ld#compacted\"", "rdf", "jsonld"),
    # q-values and q=0
    ("text/turtle;q=0.5, application/rdf+xml", "rdf", "rdfxml"),
    ("text/turtle;q=1", "machine", "turtle"),
    ("text/turtle;q=1.0, application/rdf+xml;q=0.9", "machine", "turtle"),
    ("application/sparql-results+json;q=0", "results", None),
    ("application/sparql-results+json;q=0, */*;q=0.1", "results", "xml"),
    ("*/*;q=0", "rdf", None),
    ("text/turtle;q=0, */*", "rdf", "jsonld"),
    ("text/turtle;q=bogus", "rdf", None),
    ("application/sparql-results+xml;q=0.2, text/csv;q=0.8", "results", "csv"),
    # ties: header order, then offer order
    ("text/csv, application/sparql-results+json", "results", "csv"),
    ("application/n-triples, text/turtle", "rdf", "ntriples"),
    # unknown types
    ("image/png", "results", None),
    ("image/png", "rdf", None),
    ("text/csv", "rdf", None),  # rdflib-endpoint labelled Turtle as text/csv
    ("application/sparql-results+json", "rdf", None),
    ("text/turtle", "results", None),
    # real clients
    (CHROME, "page", "html"),
    (FIREFOX, "page", "html"),
    (SAFARI, "page", "html"),
    (CHROME, "results", "xml"),
    (FIREFOX, "rdf", "rdfxml"),
    (CURL, "page", "html"),
    (CURL, "machine", "turtle"),
    (RDFLIB, "page", "rdfxml"),
    (RDFLIB, "rdf", "rdfxml"),
    (RDFLIB_SPARQL_XML, "results", "xml"),
    (RAPPER, "page", "rdfxml"),
    (RAPPER, "rdf", "rdfxml"),
]


@pytest.mark.parametrize(("accept", "offer", "expected"), CASES)
def test_negotiate(accept: str | None, offer: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(NotAcceptable) as caught:
            negotiate(accept, offer)
        assert caught.value.accepted == [BY_NAME[n].media_type for n in OFFERS[offer]]
    else:
        assert negotiate(accept, offer).name == expected


@pytest.mark.parametrize(("name", "offer", "expected"), [
    ("ttl", None, "turtle"),
    ("turtle", "rdf", "turtle"),
    ("text/turtle", "rdf", "turtle"),
    (" JSON ", "results", "json"),
    ("srj", "results", "json"),
    ("application/sparql-results+xml", "results", "xml"),
    ("xml", "results", "xml"),
    ("csv", "rdf", None),
    ("nq", "rdf", "nquads"),
    ("nq", "machine", None),
    ("png", None, None),
])
def test_by_name(name: str, offer: str | None, expected: str | None) -> None:
    found = by_name(name, offer)
    assert (found.name if found else None) == expected


def test_every_format_has_an_engine_id_and_format_iri() -> None:
    for f in FORMATS:
        if f.kind in ("rdf", "dataset"):
            assert f.rdf_format is not None
        if f.kind == "results":
            assert f.results_format is not None
        if f.kind != "html":
            assert f.format_iri and f.format_iri.startswith("http://www.w3.org/ns/formats/")


def test_content_type_has_charset_where_the_format_defines_one() -> None:
    assert BY_NAME["turtle"].content_type == "text/turtle; charset=utf-8"
    assert BY_NAME["csv"].content_type == "text/csv; charset=utf-8"
    assert BY_NAME["json"].content_type == "application/sparql-results+json"
    assert BY_NAME["jsonld"].content_type == "application/ld+json"


def test_offers_name_known_formats() -> None:
    for offer, names in OFFERS.items():
        assert names, offer
        assert set(names) <= set(BY_NAME)
    assert formats.OFFERS["rdf"][0] == "turtle"
    assert formats.OFFERS["results"][0] == "json"
