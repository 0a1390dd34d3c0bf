"""The vocabulary of the catalogue graph: IRIs of its resources and a small triple collector.

Shared by catalogue.py (catalogue, service, history), catalogue_datasets.py (the two datasets and
their distributions) and catalogue_sources.py (the source graphs). Every resource of the
catalogue is a hash IRI of the catalogue document ``<base>datasets/dcat#<key>`` (DCAT-AP-SE: no
blank nodes); identifiers are UUID5 of IRIs, so builds stay byte-identical.

>>> dataset_iri("https://w3id.org/vanort/")
'https://w3id.org/vanort/datasets/dcat#dataset'
>>> uuid_of("https://w3id.org/vanort/datasets/dcat#dataset")
'88294c58-68e2-5c45-be75-bab5cf1dd5e9'
"""

from __future__ import annotations

import uuid

import pyoxigraph as ox

from .namespaces import OWL, RDF, SKOS

DOCUMENT = "datasets/dcat"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
GEONAMES = "https://sws.geonames.org/"
LINKS = (OWL + "sameAs", SKOS + "exactMatch")  # closeMatch is a caveat, not an identity

# Labels of the external concepts the catalogue names (DCAT-AP: a skos:Concept needs a
# skos:prefLabel, a skos:ConceptScheme a dct:title). Theme labels as in the EU data-theme
# authority table; the publisher type as in ADMS.
CONCEPT_LABELS: dict[str, tuple[str, str]] = {
    EU + "data-theme/GOVE": ("Regeringen och den offentliga sektorn", "Government and public sector"),
    EU + "data-theme/REGI": ("Regioner och städer", "Regions and cities"),
    EU + "data-theme/INTR": ("Internationella frågor", "International issues"),
    "http://purl.org/adms/publishertype/LocalAuthority": ("Lokal myndighet", "Local Authority"),
}


def dataset_iri(base: str, key: str = "dataset") -> str:
    """The IRI of a dataset of the catalogue: ``#dataset`` (the Vännäs page), ``#national``."""
    return f"{base}{DOCUMENT}#{key}"


def node(base: str, key: str) -> ox.NamedNode:
    """A resource of the catalogue document: ``<base>datasets/dcat#<key>``."""
    return ox.NamedNode(f"{base}{DOCUMENT}#{key}")


def uuid_of(iri: str) -> str:
    """A UUID that is always the same for the same IRI (UUID5, URL namespace)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, iri))


def download_url(base: str, name: str) -> str:
    return f"{base}download/{name}"


def endpoint_url(base: str) -> str:
    return f"{base}sparql"


class Graph:
    """A small triple collector; every value goes through one of its typed helpers."""

    def __init__(self) -> None:
        self.triples: set[ox.Triple] = set()

    def add(self, s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal | str) -> None:
        obj = ox.NamedNode(o) if isinstance(o, str) else o
        self.triples.add(ox.Triple(s, ox.NamedNode(p), obj))

    def texts(self, s: ox.NamedNode, p: str, sv: str, en: str) -> None:
        for text, lang in ((sv, "sv"), (en, "en")):
            if text:
                self.add(s, p, ox.Literal(text, language=lang))

    def typed(self, s: ox.NamedNode, p: str, value: str | int, datatype: str) -> None:
        self.add(s, p, ox.Literal(str(value), datatype=ox.NamedNode(datatype)))

    def thing(self, iri: str, *classes: str) -> ox.NamedNode:
        """An external resource with the class DCAT-AP's range shapes expect of it."""
        n = ox.NamedNode(iri)
        for c in classes:
            self.add(n, RDF + "type", c)
        if iri in CONCEPT_LABELS:
            self.texts(n, SKOS + "prefLabel", *CONCEPT_LABELS[iri])
        return n
