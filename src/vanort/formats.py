"""One table of formats, and content negotiation as a pure function.

Every media type, file extension and engine format in the project comes from ``FORMATS``;
no other module branches on media types or suffixes.

>>> negotiate("text/turtle;q=1, */*;q=0.1", "rdf").name
'turtle'
>>> negotiate("", "results").name
'json'
>>> negotiate("application/sparql-results+json;q=0", "results")
Traceback (most recent call last):
...
vanort.formats.NotAcceptable: none of the accepted media types is on offer
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str
    kind: str  # "rdf" (graphs), "dataset" (quads), "results" (SELECT/ASK), "html"
    aliases: tuple[str, ...] = ()
    charset: bool = True
    format_iri: str | None = None  # W3C formats registry (SPARQL service description)
    eu_file_type: str | None = None  # EU Publications Office file-type authority table

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type

    @property
    def rdf_format(self) -> ox.RdfFormat:
        return _RDF_ENGINE[self.name]

    @property
    def results_format(self) -> ox.QueryResultsFormat:
        return _RESULTS_ENGINE[self.name]


_W3C = "http://www.w3.org/ns/formats/"
_EU = "http://publications.europa.eu/resource/authority/file-type/"

FORMATS: tuple[Format, ...] = (
    Format("html", "text/html", "html", "html", ("application/xhtml+xml",)),
    Format("turtle", "text/turtle", "ttl", "rdf", ("application/x-turtle",), True, _W3C + "Turtle", _EU + "RDF_TURTLE"),
    Format("jsonld", "application/ld+json", "jsonld", "rdf", (), False, _W3C + "JSON-LD", _EU + "JSON_LD"),
    Format("ntriples", "application/n-triples", "nt", "rdf", (), True, _W3C + "N-Triples", _EU + "RDF_N_TRIPLES"),
    Format("rdfxml", "application/rdf+xml", "rdf", "rdf", ("application/xml", "text/xml"), True, _W3C + "RDF_XML", _EU + "RDF_XML"),
    Format("nquads", "application/n-quads", "nq", "dataset", (), True, _W3C + "N-Quads", _EU + "RDF_N_QUADS"),
    Format("trig", "application/trig", "trig", "dataset", (), True, _W3C + "TriG", _EU + "RDF_TRIG"),
    Format("json", "application/sparql-results+json", "srj", "results", ("application/json",), False, _W3C + "SPARQL_Results_JSON", _EU + "JSON"),
    Format("xml", "application/sparql-results+xml", "srx", "results", ("application/xml", "text/xml"), True, _W3C + "SPARQL_Results_XML", _EU + "XML"),
    Format("csv", "text/csv", "csv", "results", (), True, _W3C + "SPARQL_Results_CSV", _EU + "CSV"),
    Format("tsv", "text/tab-separated-values", "tsv", "results", (), True, _W3C + "SPARQL_Results_TSV", _EU + "TSV"),
)

_RDF_ENGINE = {
    "turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML, "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
}
_RESULTS_ENGINE = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
}

# Which formats each kind of answer can take, the default first (used for an empty or
# wildcard Accept). Graph answers may also be sent as quads formats (a graph is a dataset).
OFFERS: dict[str, tuple[str, ...]] = {
    "rdf": ("turtle", "jsonld", "ntriples", "rdfxml", "nquads", "trig"),
    "results": ("json", "xml", "csv", "tsv"),
    "resource": ("html", "turtle", "jsonld", "ntriples", "rdfxml"),
    "machine": ("turtle", "jsonld", "ntriples", "rdfxml"),
    "page": ("html", "turtle", "jsonld", "ntriples", "rdfxml"),
    "catalogue": ("rdfxml", "turtle", "jsonld", "ntriples"),
}

BY_NAME = {f.name: f for f in FORMATS}


class NotAcceptable(Exception):
    """No offered format is acceptable; ``accepted`` lists what is on offer."""

    def __init__(self, offered: tuple[str, ...]) -> None:
        super().__init__("none of the accepted media types is on offer")
        self.offered = offered
        self.accepted = [BY_NAME[name].media_type for name in offered]


def by_name(name: str, offer: str | None = None) -> Format | None:
    """A format by its name, extension or media type (``?format=ttl`` and friends)."""
    wanted = name.strip().lower()
    names = OFFERS[offer] if offer else tuple(BY_NAME)
    for candidate in names:
        f = BY_NAME[candidate]
        if wanted in (f.name, f.extension, f.media_type, *f.aliases):
            return f
    return None


def by_extension(extension: str, offer: str) -> Format | None:
    """The format a file suffix such as ``ttl`` forces, if that offer has it."""
    for candidate in OFFERS[offer]:
        if BY_NAME[candidate].extension == extension:
            return BY_NAME[candidate]
    return None


def parse_accept(header: str) -> list[tuple[str, float, int]]:
    """Media ranges of an Accept header as (range, q, position)."""
    ranges = []
    for position, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media_range = pieces[0].lower()
        if not media_range:
            continue
        if "/" not in media_range:
            media_range = "*/*" if media_range == "*" else media_range
        q = 1.0
        for parameter in pieces[1:]:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media_range, q, position))
    return ranges


def _specificity(media_range: str, media_type: str) -> int:
    if media_range == media_type:
        return 3
    major, _, minor = media_range.partition("/")
    if minor == "*" and media_type.startswith(major + "/"):
        return 2
    if media_range == "*/*":
        return 1
    return 0


def negotiate(accept: str | None, offer: str) -> Format:
    """The best format of ``offer`` for an Accept header (RFC 9110 §12.5.1).

    Each offered type takes the q of its most specific matching range; the highest q wins,
    ties go to the earlier range in the header, then to the offer's order. An empty header
    gives the offer's default.
    """
    names = OFFERS[offer]
    ranges = parse_accept(accept or "")
    if not ranges:
        return BY_NAME[names[0]]
    best: tuple[float, int, int] | None = None
    chosen: Format | None = None
    for order, name in enumerate(names):
        f = BY_NAME[name]
        match = None
        for media_range, q, position in ranges:
            # Aliases answer only when named exactly: `text/*` must not reach SPARQL XML
            # results through its `text/xml` alias, nor `application/*` Turtle through
            # `application/x-turtle`.
            score = max([_specificity(media_range, f.media_type)]
                        + [3 for alias in f.aliases if media_range == alias])
            if score and (match is None or score > match[0]):
                match = (score, q, position)
        if match is None or match[1] <= 0:
            continue
        # wildcard-only matches rank after explicit ones of equal q
        key = (match[1], -(match[2] if match[0] == 3 else len(ranges) + (3 - match[0])), -order)
        if best is None or key > best:
            best, chosen = key, f
    if chosen is None:
        raise NotAcceptable(names)
    return chosen


def choose(accept: str | None, forced: str | None, offer: str) -> Format:
    """The format for ``offer``: the ``format`` parameter if given, else Accept negotiation.

    >>> choose("text/csv", None, "results").name
    'csv'
    >>> choose("text/csv", "ttl", "rdf").name
    'turtle'
    """
    if forced is None:
        return negotiate(accept, offer)
    chosen = by_name(forced, offer)
    if chosen is None:
        raise NotAcceptable(OFFERS[offer])
    return chosen
