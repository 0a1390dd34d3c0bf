"""The SPARQL 1.1 Service Description of the endpoint (W3C SPARQL 1.1 Service Description).

Built per request from the settings, the engine's graphs and the public origin of the server,
so that ``sd:endpoint`` is the URL a client actually reached. What it states:

- ``sd:endpoint`` ``<origin>sparql``, ``sd:supportedLanguage sd:SPARQL11Query`` (no update:
  the endpoint is read-only, so no ``sd:SPARQL11Update`` and no ``sd:inputFormat``, which
  names formats a service *loads*);
- ``sd:resultFormat`` for every results and graph format of ``formats.FORMATS``;
- ``sd:feature sd:UnionDefaultGraph`` (the default graph is the union of the named graphs);
- ``sd:defaultDataset`` with one ``sd:namedGraph`` per named graph of the store, and
  ``rdfs:seeAlso`` the VoID description at ``<origin>.well-known/void``;
- the limits, as extension properties in the vanort vocabulary
  (``vo:queryTimeoutSeconds``, ``vo:maxQueryLength``, ``vo:maxResultRows``,
  ``vo:maxConcurrentQueries``, ``vo:maxRequestBytes``), declared in the ontology.

Node names are fragment IRIs of the endpoint (``#service``, ``#dataset``...) rather than blank
nodes, so that the description is stable and every serialisation is deterministic.

>>> from vanort.config import load
>>> triples = build(load(".", environ={}), ["http://e/g"], "http://127.0.0.1:8000/")
>>> any(t.object.value == "http://127.0.0.1:8000/sparql" for t in triples)
True
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from .config import Settings
from .formats import BY_NAME, OFFERS, Format
from .namespaces import RDF, RDFS, SD, XSD, vocab
from .release import serialize as serialize_graph
from .release import used_prefixes

ENTAILMENT_SIMPLE = "http://www.w3.org/ns/entailment/Simple"
FORMATS_NS = "http://www.w3.org/ns/formats/"


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _typed(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=_iri(XSD + datatype))


def limit_properties(settings: Settings) -> dict[str, ox.Literal]:
    """The documented extension properties stating the endpoint's limits."""
    terms = vocab(settings.base_iri)
    return {
        terms + "queryTimeoutSeconds": _typed(settings.query_timeout_s, "decimal"),
        terms + "maxQueryLength": _typed(settings.max_query_length, "integer"),
        terms + "maxResultRows": _typed(settings.max_result_rows, "integer"),
        terms + "maxConcurrentQueries": _typed(settings.query_workers, "integer"),
        terms + "maxRequestBytes": _typed(settings.max_body_bytes, "integer"),
    }


def build(settings: Settings, graphs: Sequence[str], origin: str) -> list[ox.Triple]:
    """The description's triples, sorted; ``origin`` ends with '/'."""
    endpoint = origin + "sparql"
    service, dataset, default = (_iri(f"{endpoint}#{name}") for name in ("service", "dataset", "default-graph"))
    a = _iri(RDF + "type")
    triples = [
        ox.Triple(service, a, _iri(SD + "Service")),
        ox.Triple(service, _iri(SD + "endpoint"), _iri(endpoint)),
        ox.Triple(service, _iri(SD + "supportedLanguage"), _iri(SD + "SPARQL11Query")),
        ox.Triple(service, _iri(SD + "feature"), _iri(SD + "UnionDefaultGraph")),
        ox.Triple(service, _iri(SD + "defaultEntailmentRegime"), _iri(ENTAILMENT_SIMPLE)),
        ox.Triple(service, _iri(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, a, _iri(SD + "Dataset")),
        ox.Triple(dataset, _iri(SD + "defaultGraph"), default),
        ox.Triple(dataset, _iri(RDFS + "seeAlso"), _iri(origin + ".well-known/void")),
        ox.Triple(default, a, _iri(SD + "Graph")),
    ]
    for name in OFFERS["results"] + OFFERS["rdf"]:
        format_iri = BY_NAME[name].format_iri
        if format_iri:
            triples.append(ox.Triple(service, _iri(SD + "resultFormat"), _iri(format_iri)))
    for property_iri, value in limit_properties(settings).items():
        triples.append(ox.Triple(service, _iri(property_iri), value))
    for number, graph in enumerate(graphs):
        node = _iri(f"{endpoint}#graph-{number}")
        triples += [
            ox.Triple(dataset, _iri(SD + "namedGraph"), node),
            ox.Triple(node, a, _iri(SD + "NamedGraph")),
            ox.Triple(node, _iri(SD + "name"), _iri(graph)),
            # SPARQL 1.1 SD §3.2.6: the graph's description; the graph IRI dereferences to it
            # (web/graphs.py), and the catalogue describes the source graphs under the same IRI
            ox.Triple(node, _iri(SD + "graph"), _iri(graph)),
        ]
    return sorted(set(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def serialize(triples: list[ox.Triple], fmt: Format, base: str) -> bytes:
    """The description in a graph format, with the ``sd:`` and ``formats:`` prefixes in Turtle."""
    if fmt.name == "jsonld":
        return serialize_graph(triples, fmt.name, base)
    chosen = {**used_prefixes(triples, base), "sd": SD, "formats": FORMATS_NS}
    return ox.serialize(triples, format=fmt.rdf_format, prefixes=chosen)
