"""Namespace constants shared by build and serve."""

from __future__ import annotations

DEFAULT_BASE = "https://w3id.org/vanort/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
ORG = "http://www.w3.org/ns/org#"
ADMS = "http://www.w3.org/ns/adms#"
SCHEMA = "https://schema.org/"
SH = "http://www.w3.org/ns/shacl#"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
FOAF = "http://xmlns.com/foaf/0.1/"
GEO = "http://www.opengis.net/ont/geosparql#"
CPOV = "http://data.europa.eu/m8g/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SPDX = "http://spdx.org/rdf/terms#"
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
DBO = "http://dbpedia.org/ontology/"


def vocab(base: str) -> str:
    """The ontology's term namespace under a base IRI.

    >>> vocab("https://w3id.org/vanort/")
    'https://w3id.org/vanort/def/'
    """
    return base + "def/"


def graph_iri(base: str, name: str) -> str:
    """IRI of a named graph of the release.

    >>> graph_iri("https://w3id.org/vanort/", "data/places/se-2460-vannas")
    'https://w3id.org/vanort/graph/data/places/se-2460-vannas'
    """
    return f"{base}graph/{name}"


def prefixes(base: str) -> dict[str, str]:
    """Prefixes used when writing Turtle and TriG."""
    return {
        "vo": vocab(base),
        "id": base + "id/",
        "vsh": base + "shapes/",
        "rdf": RDF,
        "rdfs": RDFS,
        "xsd": XSD,
        "owl": OWL,
        "skos": SKOS,
        "dct": DCTERMS,
        "dcat": DCAT,
        "prov": PROV,
        "time": TIME,
        "org": ORG,
        "adms": ADMS,
        "schema": SCHEMA,
        "sh": SH,
        "foaf": FOAF,
        "geo": GEO,
        "cpov": CPOV,
        "wd": WD,
        "wdt": WDT,
        "dbo": DBO,
    }
