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

Names: each format answers to its name, its extension, its media type and its ``aliases``,
the one table of the other names clients send (SPARQLWrapper 2.0 and Virtuoso's ``format``
values, older or unregistered media types). An alias may name formats of different kinds:
``xml`` is SPARQL Results XML for SELECT/ASK and RDF/XML for a graph, ``json`` SPARQL Results
JSON or JSON-LD; lookups are always within one offer, so each is unambiguous there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from .errors import VanortError


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
    Format("html", "text/html", "html", "html", ("application/xhtml+xml", "htm")),
    # Turtle is N3 without N3's extensions, so an N3 client reads it (SPARQLWrapper's `n3`)
    Format("turtle", "text/turtle", "ttl", "rdf", ("application/x-turtle", "application/turtle", "text/n3", "text/rdf+n3",
                                                  "application/n3", "n3"), True, _W3C + "Turtle", _EU + "RDF_TURTLE"),
    Format("jsonld", "application/ld+json", "jsonld", "rdf", ("json-ld", "application/x-json+ld", "json", "application/json"),
           False, _W3C + "JSON-LD", _EU + "JSON_LD"),
    Format("ntriples", "application/n-triples", "nt", "rdf", ("n-triples",), True, _W3C + "N-Triples", _EU + "RDF_N_TRIPLES"),
    Format("rdfxml", "application/rdf+xml", "rdf", "rdf", ("rdf+xml", "xml", "application/xml", "text/xml"),
           True, _W3C + "RDF_XML", _EU + "RDF_XML"),
    # text/x-nquads is what `rapper -i nquads` asks for; application/x-trig is TriG's old name
    Format("nquads", "application/n-quads", "nq", "dataset", ("n-quads", "text/x-nquads"), True, _W3C + "N-Quads", _EU + "RDF_N_QUADS"),
    Format("trig", "application/trig", "trig", "dataset", ("application/x-trig",), True, _W3C + "TriG", _EU + "RDF_TRIG"),
    Format("json", "application/sparql-results+json", "srj", "results", ("application/json", "sparql-results+json"),
           False, _W3C + "SPARQL_Results_JSON", _EU + "JSON"),
    Format("xml", "application/sparql-results+xml", "srx", "results", ("application/xml", "text/xml", "sparql-results+xml"),
           True, _W3C + "SPARQL_Results_XML", _EU + "XML"),
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
# Resources and documents list HTML last: a browser names text/html, so it gets HTML, while
# a wildcard (`*/*`, `text/x-nquads, */*;q=0.1` where N-Quads is not offered) means data.
OFFERS: dict[str, tuple[str, ...]] = {
    "rdf": ("turtle", "jsonld", "ntriples", "rdfxml", "nquads", "trig"),
    "results": ("json", "xml", "csv", "tsv"),
    # a resource with graph context (its triples stand in named graphs): quads formats too
    "resource": ("turtle", "jsonld", "ntriples", "rdfxml", "nquads", "trig", "html"),
    # a document served from a release file (ontology, shapes, VoID)
    "document": ("turtle", "jsonld", "ntriples", "rdfxml", "html"),
    "machine": ("turtle", "jsonld", "ntriples", "rdfxml"),
    "page": ("html", "turtle", "jsonld", "ntriples", "rdfxml"),
    "catalogue": ("rdfxml", "turtle", "jsonld", "ntriples"),
}

BY_NAME = {f.name: f for f in FORMATS}


class ConflictingFormats(VanortError):
    """Two format parameters name different formats (``format=csv&output=tsv``)."""

    status = 400
    slug = "invalid-request"
    title = "Conflicting format parameters"


class NotAcceptable(Exception):
    """No offered format is acceptable; ``accepted`` lists what is on offer."""

    def __init__(self, offered: tuple[str, ...]) -> None:
        super().__init__("none of the accepted media types is on offer")
        self.offered = offered
        self.accepted = [BY_NAME[name].media_type for name in offered]


def by_name(name: str, offer: str | None = None) -> Format | None:
    """A format by its name, extension, media type or alias (``?format=ttl`` and friends).

    Media type parameters are ignored; names are tried before aliases, so that without an
    offer ``xml`` is SPARQL Results XML.

    >>> by_name("xml", "rdf").name, by_name("xml", "results").name, by_name("xml").name
    ('rdfxml', 'xml', 'xml')
    >>> by_name("text/turtle; charset=utf-8").name
    'turtle'
    """
    wanted = name.split(";", 1)[0].strip().lower()
    names = OFFERS[offer] if offer else tuple(BY_NAME)
    for names_of in (lambda f: (f.name, f.extension, f.media_type), lambda f: f.aliases):
        for candidate in names:
            if wanted in names_of(BY_NAME[candidate]):
                return BY_NAME[candidate]
    return None


def by_media_type(media_type: str) -> Format | None:
    """The format whose registered media type this is (no aliases: a file's own type).

    >>> by_media_type("application/json") is None, by_media_type("text/turtle").name
    (True, 'turtle')
    """
    return next((f for f in FORMATS if f.media_type == media_type.split(";", 1)[0].strip().lower()), None)


def parameter_values(values: str | Sequence[str] | None) -> tuple[str, ...]:
    """The format names of ``format``/``output``/``results`` values, each once, in order.

    SPARQLWrapper repeats its choice and may send a comma-separated list of media types
    (``format=json-ld&format=application/ld+json,application/x-json+ld``); empty values
    (its ``format=`` for ``*/*``) say nothing.

    >>> parameter_values(["tsv", "text/tab-separated-values", "", "tsv"])
    ('tsv', 'text/tab-separated-values')
    """
    if values is None:
        return ()
    items = [values] if isinstance(values, str) else list(values)
    pieces = [piece.strip() for item in items for piece in item.split(",")]
    return tuple(dict.fromkeys(piece for piece in pieces if piece))


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
                        + [3 for alias in f.aliases if "/" in alias and media_range == alias])
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


def choose(accept: str | None, forced: str | Sequence[str] | None, offer: str) -> Format:
    """The format for ``offer``: the format parameters if given, else Accept negotiation.

    Every value must name the same format of ``offer``; two that differ are a 400 naming
    both, one value that names no format of ``offer`` is a 406.

    >>> choose("text/csv", None, "results").name
    'csv'
    >>> choose("text/csv", "ttl", "rdf").name
    'turtle'
    >>> choose("", ["xml", "application/rdf+xml"], "rdf").name
    'rdfxml'
    >>> choose("", ["xml", "application/rdf+xml"], "results")
    Traceback (most recent call last):
    ...
    vanort.formats.ConflictingFormats: format values 'xml' and 'application/rdf+xml' name different formats (application/sparql-results+xml and no format of this answer); give one
    """
    values = parameter_values(forced)
    if not values:
        return negotiate(accept, offer)
    found: dict[str | None, str] = {}
    for value in values:
        chosen = by_name(value, offer)
        found.setdefault(chosen.name if chosen else None, value)
    if len(found) > 1:
        (first, a), (second, b) = list(found.items())[:2]
        raise ConflictingFormats(f"format values {a!r} and {b!r} name different formats "
                                 f"({_title(first)} and {_title(second)}); give one",
                                 values=list(values))
    name = next(iter(found))
    if name is None:
        raise NotAcceptable(OFFERS[offer])
    return BY_NAME[name]


def _title(name: str | None) -> str:
    if name is None:
        return "no format of this answer"
    return BY_NAME[name].media_type
