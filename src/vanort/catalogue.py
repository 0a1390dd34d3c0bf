"""The DCAT-AP 3.0.1 / DCAT-AP-SE catalogue, computed at build time (issue #4).

Inputs: the checked data, the release artefacts, the version and ``catalogue.toml`` (the one
file of publisher details). Nothing is hand-written and nothing depends on the clock: dates
come from ``release_date`` only, identifiers are UUID5 of IRIs, so builds stay byte-identical.

Decisions (written here because DESIGN.md is silent):

- Catalogue, dataset, distributions, service, contact, checksums and the period are hash IRIs
  of the catalogue document ``<base>datasets/dcat#...``: never blank nodes (DCAT-AP-SE), and
  each dereferences to the document that describes it.
- Download, access and endpoint URLs are written under the base IRI
  (``<base>download/<file>``, ``<base>sparql``), as every other IRI of the release; the server
  maps the base IRI to its own origin (web/origin.py), and a public deployment redirects the
  base (w3id.org) to the server. The catalogue files themselves are not distributions: a file
  cannot carry its own checksum.
- Release history: the current release is the dataset (``dcat:version``); the releases
  published before it come from ``catalogue.toml [[history]]`` (version, date, notes), kept
  by hand because the release folder of one machine is not a source and the files must stay
  byte-identical for the same sources. They are ``dcat:hasVersion`` values chained by
  ``dcat:previousVersion``, without distributions (only the current files are served).

>>> dataset_iri("https://w3id.org/vanort/")
'https://w3id.org/vanort/datasets/dcat#dataset'
>>> uuid_of("https://w3id.org/vanort/datasets/dcat#dataset")
'88294c58-68e2-5c45-be75-bab5cf1dd5e9'
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from . import catalogue_licence, queries
from .catalogue_settings import PastRelease, Publisher, load_publisher
from .formats import BY_NAME
from .namespaces import ADMS, DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, SPDX, VCARD, XSD
from .release import AnyArtefact, Artefact
from .spool import Quads, as_parts

DOCUMENT = "datasets/dcat"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
GEONAMES = "https://sws.geonames.org/"
LINKS = (OWL + "sameAs", SKOS + "exactMatch")  # closeMatch is a caveat, not an identity
DCATAP = "http://data.europa.eu/r5r/"
CATALOGUE_FILES = ("catalogue.ttl", "catalogue.rdf", "catalogue.jsonld")

Triples = list[ox.Triple]

# Labels of the external concepts the catalogue names (DCAT-AP: a skos:Concept needs a
# skos:prefLabel, a skos:ConceptScheme a dct:title). Theme labels as in the EU data-theme
# authority table; the publisher type as in ADMS.
CONCEPT_LABELS: dict[str, tuple[str, str]] = {
    EU + "data-theme/GOVE": ("Regeringen och den offentliga sektorn", "Government and public sector"),
    EU + "data-theme/REGI": ("Regioner och städer", "Regions and cities"),
    EU + "data-theme/INTR": ("Internationella frågor", "International issues"),
    "http://purl.org/adms/publishertype/LocalAuthority": ("Lokal myndighet", "Local Authority"),
}


def dataset_iri(base: str) -> str:
    return f"{base}{DOCUMENT}#dataset"


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


class _Graph:
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


def temporal_start(data: Iterable[ox.Quad], ontology: Iterable[ox.Quad], base: str) -> str | None:
    """Earliest possible start of any partnership or membership, ``YYYY-MM-DD``, or None."""
    from .derive import union_store

    return temporal_start_in(union_store(Quads([*as_parts(data), *as_parts(ontology)])), base)


def temporal_start_in(store: ox.Store, base: str) -> str | None:
    """The same, in a store already holding the data (stated, derived) and the ontology."""
    rows = list(store.query(queries.text("catalogue-temporal", base), use_default_graph_as_union=True))  # type: ignore[union-attr]
    start = rows[0]["start"] if rows else None
    return start.value[:10] if start is not None else None


def spatial(data: list[ox.Quad]) -> list[str]:
    """GeoNames features the data links its places to by identity (sorted)."""
    found = {q.object.value for q in data
             if q.predicate.value in LINKS and isinstance(q.object, ox.NamedNode)
             and q.object.value.startswith((GEONAMES, "http://sws.geonames.org/"))}
    return sorted(found)


def standards(ontology: list[ox.Quad], shapes: list[ox.Quad], base: str) -> list[str]:
    """IRIs of the ontology and the shapes graph: what every distribution conforms to."""
    found = {q.subject.value for q in ontology + shapes
             if q.predicate.value == RDF + "type" and q.object.value == OWL + "Ontology"
             and isinstance(q.subject, ox.NamedNode)}
    if not any(q.subject.value in found for q in shapes):
        found.add(base + "shapes")
    if not found & {q.subject.value for q in ontology}:
        found.add(base + "def")
    return sorted(found)


def _publisher(g: _Graph, p: Publisher) -> ox.NamedNode | None:
    if not p.get("publisher", "iri"):
        return None
    agent = ox.NamedNode(p.get("publisher", "iri"))
    g.add(agent, RDF + "type", FOAF + "Agent")
    g.add(agent, RDF + "type", FOAF + "Organization")
    g.texts(agent, FOAF + "name", p.get("publisher", "name_sv"), p.get("publisher", "name_en"))
    if p.get("publisher", "type"):
        kind = g.thing(p.get("publisher", "type"), SKOS + "Concept")
        g.add(agent, DCTERMS + "type", kind)
    if p.get("publisher", "organisation_number"):
        g.typed(agent, DCTERMS + "identifier", p.get("publisher", "organisation_number"), XSD + "string")
    return agent


def _contact(g: _Graph, p: Publisher, base: str) -> ox.NamedNode:
    contact = node(base, "contact")
    g.add(contact, RDF + "type", VCARD + "Organization")
    g.add(contact, RDF + "type", VCARD + "Kind")  # DCAT-AP range: vcard:Kind, no inference
    g.texts(contact, VCARD + "fn", p.get("contact", "name_sv"), p.get("contact", "name_en"))
    if p.get("contact", "email"):
        g.add(contact, VCARD + "hasEmail", "mailto:" + p.get("contact", "email"))
    return contact


def _common(g: _Graph, subject: ox.NamedNode, p: Publisher, agent: ox.NamedNode | None,
            contact: ox.NamedNode, release_date: str | None) -> None:
    if agent is not None:
        g.add(subject, DCTERMS + "publisher", agent)
    g.add(subject, DCAT + "contactPoint", contact)
    if release_date:
        for prop in ("issued", "modified"):
            g.typed(subject, DCTERMS + prop, release_date, XSD + "date")
    for code in p.list("dataset", "languages"):
        g.add(subject, DCTERMS + "language", g.thing(EU + "language/" + code, DCTERMS + "LinguisticSystem"))


def _distribution(g: _Graph, base: str, artefact: AnyArtefact, dataset: ox.NamedNode,
                  licence: ox.NamedNode | None, conforms: list[ox.NamedNode], service: ox.NamedNode) -> ox.NamedNode:
    fmt = BY_NAME[artefact.format]
    key = artefact.name.replace(".", "-")
    dist = node(base, "distribution-" + key)
    g.add(dataset, DCAT + "distribution", dist)
    g.add(dist, RDF + "type", DCAT + "Distribution")
    g.texts(dist, DCTERMS + "title", f"{artefact.name} (version av datamängden)", artefact.name)
    g.texts(dist, DCTERMS + "description", _DESCRIPTIONS_SV.get(artefact.name.split(".")[0], "Fil ur utgåvan."),
            artefact.description)
    url = g.thing(download_url(base, artefact.name), RDFS + "Resource")  # full 3.0.1 shapes: rdfs:Resource
    g.add(dist, DCAT + "downloadURL", url)
    g.add(dist, DCAT + "accessURL", url)
    g.add(dist, DCAT + "accessService", service)
    g.add(dist, DCAT + "mediaType", g.thing(IANA + fmt.media_type, DCTERMS + "MediaType"))
    if fmt.eu_file_type:
        g.add(dist, DCTERMS + "format", g.thing(fmt.eu_file_type, DCTERMS + "MediaTypeOrExtent"))
    g.typed(dist, DCAT + "byteSize", artefact.size, XSD + "nonNegativeInteger")
    checksum = node(base, "checksum-" + key)
    g.add(dist, SPDX + "checksum", checksum)
    g.add(checksum, RDF + "type", SPDX + "Checksum")
    g.add(checksum, SPDX + "algorithm", g.thing(SPDX + "checksumAlgorithm_sha256", SPDX + "ChecksumAlgorithm"))
    g.typed(checksum, SPDX + "checksumValue", artefact.sha256, XSD + "hexBinary")
    if licence is not None:
        g.add(dist, DCTERMS + "license", licence)
    if artefact.name.startswith("data"):  # the data files; not ontology, shapes, report, VoID
        for standard in conforms:
            g.add(dist, DCTERMS + "conformsTo", standard)
    return dist


_DESCRIPTIONS_SV = {
    "dataset": "Hela datamängden med en namngiven graf per källfil, den härledda grafen, ontologin och formerna.",
    "data": "Data (angivna och härledda tripplar, graferna sammanslagna).",
    "ontology": "Ontologin vanort (OWL).",
    "shapes": "SHACL-formerna som varje utgåva uppfyller.",
    "validation-report": "SHACL-valideringsrapporten för utgåvan.",
    "void": "VoID-beskrivning av datamängden: storlek, klasser, egenskaper och länkar.",
}


def _service(g: _Graph, base: str, p: Publisher, dataset: ox.NamedNode, licence: ox.NamedNode | None,
             agent: ox.NamedNode | None, contact: ox.NamedNode) -> ox.NamedNode:
    service = node(base, "sparql-service")
    g.add(service, RDF + "type", DCAT + "DataService")
    g.texts(service, DCTERMS + "title", "SPARQL-ändpunkt för vänorter och regionalt samarbete",
            "SPARQL endpoint for twin towns and regional cooperation")
    g.texts(service, DCTERMS + "description",
            "Skrivskyddad SPARQL 1.1-ändpunkt över hela datamängden; standardgrafen är unionen av alla grafer.",
            "Read-only SPARQL 1.1 endpoint over the whole dataset; the default graph is the union of all graphs.")
    # The full DCAT-AP 3.0.1 shapes give both properties the class rdfs:Resource.
    endpoint = g.thing(endpoint_url(base), RDFS + "Resource")
    g.add(service, DCAT + "endpointURL", endpoint)
    # SPARQL 1.1 Service Description §2: a GET without a query returns the description.
    g.add(service, DCAT + "endpointDescription", endpoint)
    g.add(service, DCTERMS + "conformsTo", g.thing(SPARQL_PROTOCOL, DCTERMS + "Standard"))
    g.add(service, DCAT + "servesDataset", dataset)
    for name in ("json", "xml", "csv", "tsv", "turtle"):
        g.add(service, DCTERMS + "format", g.thing(BY_NAME[name].eu_file_type or "", DCTERMS + "MediaTypeOrExtent"))
    g.add(service, DCTERMS + "accessRights", g.thing(EU + "access-right/" + (p.get("dataset", "access_rights") or "PUBLIC"),
                                                     DCTERMS + "RightsStatement"))
    if licence is not None:
        g.add(service, DCTERMS + "license", licence)
    if agent is not None:
        g.add(service, DCTERMS + "publisher", agent)
    g.add(service, DCAT + "contactPoint", contact)
    return service


def describe(settings_base: str, release_date: str | None, p: Publisher, data: Iterable[ox.Quad],
             ontology: Iterable[ox.Quad], shapes: Iterable[ox.Quad], files: Iterable[AnyArtefact], version: str,
             start: Callable[[], str | None] | None = None) -> Triples:
    """The catalogue graph, as sorted triples. ``data`` needs only the triples of the licence,
    attribution and identity-link predicates (``CATALOGUE_PREDICATES``); ``start`` gives the
    temporal start when it was found during the build (else it is computed from ``data``)."""
    base, g = settings_base, _Graph()
    catalogue, dataset = node(base, "catalogue"), ox.NamedNode(dataset_iri(base))
    agent, contact = _publisher(g, p), _contact(g, p, base)
    chosen = catalogue_licence.effective_licence(p.get("dataset", "licence") or None, data)  # CC BY-SA if a source is
    licence = g.thing(chosen, DCTERMS + "LicenseDocument") if chosen else None
    g.add(catalogue, RDF + "type", DCAT + "Catalog")
    g.texts(catalogue, DCTERMS + "title", p.get("catalogue", "title_sv"), p.get("catalogue", "title_en"))
    g.texts(catalogue, DCTERMS + "description", p.get("catalogue", "description_sv"), p.get("catalogue", "description_en"))
    g.add(catalogue, DCTERMS + "license", g.thing(CC0, DCTERMS + "LicenseDocument"))  # DCAT-AP-SE: exactly this IRI
    g.typed(catalogue, DCTERMS + "identifier", uuid_of(catalogue.value), XSD + "string")
    g.add(catalogue, FOAF + "homepage", g.thing(base + "psidata", FOAF + "Document"))
    themes = g.thing(EU + "data-theme", SKOS + "ConceptScheme")
    g.texts(themes, DCTERMS + "title", "Datatema", "Data theme")
    g.add(catalogue, DCAT + "themeTaxonomy", themes)
    g.add(catalogue, DCAT + "dataset", dataset)
    _common(g, catalogue, p, agent, contact, release_date)
    g.add(dataset, RDF + "type", DCAT + "Dataset")
    g.texts(dataset, DCTERMS + "title", p.get("dataset", "title_sv"), p.get("dataset", "title_en"))
    g.texts(dataset, DCTERMS + "description", p.get("dataset", "description_sv"), p.get("dataset", "description_en"))
    g.typed(dataset, DCTERMS + "identifier", uuid_of(dataset.value), XSD + "string")
    g.typed(dataset, DCAT + "version", version, XSD + "string")
    g.texts(dataset, ADMS + "versionNotes", *_version_notes(version, p.history))
    for lang in ("sv", "en"):
        for word in p.list("dataset", f"keywords_{lang}"):
            g.add(dataset, DCAT + "keyword", ox.Literal(word.lower(), language=lang))
    for code in p.list("dataset", "themes"):
        g.add(dataset, DCAT + "theme", g.thing(EU + "data-theme/" + code, SKOS + "Concept"))
    g.add(dataset, DCTERMS + "accessRights", g.thing(EU + "access-right/" + (p.get("dataset", "access_rights") or "PUBLIC"),
                                                     DCTERMS + "RightsStatement"))
    g.add(dataset, DCAT + "landingPage", g.thing(base + "psidata", FOAF + "Document"))
    rights = catalogue_licence.rights_texts(data)
    if rights:
        statement = node(base, "rights")
        g.add(statement, RDF + "type", DCTERMS + "RightsStatement")
        g.texts(statement, RDFS + "label", *rights)
        g.add(dataset, DCTERMS + "rights", statement)
    if p.get("dataset", "source"):
        g.add(dataset, DCTERMS + "provenance", _provenance(g, base, p))
    for place in spatial(data):
        g.add(dataset, DCTERMS + "spatial", g.thing(place, DCTERMS + "Location"))
    start = start() if start is not None else temporal_start(data, ontology, base)
    if start:
        period = node(base, "temporal")
        g.add(dataset, DCTERMS + "temporal", period)
        g.add(period, RDF + "type", DCTERMS + "PeriodOfTime")
        g.typed(period, DCAT + "startDate", start, XSD + "date")  # open end: partnerships continue
    conforms = [g.thing(s, DCTERMS + "Standard") for s in standards(ontology, shapes, base)]
    for standard in conforms:
        g.add(dataset, DCTERMS + "conformsTo", standard)
    _common(g, dataset, p, agent, contact, release_date)
    _history(g, base, p, dataset, agent, contact)
    service = _service(g, base, p, dataset, licence, agent, contact)
    g.add(catalogue, DCAT + "service", service)
    for artefact in files:
        if artefact.name not in CATALOGUE_FILES:
            _distribution(g, base, artefact, dataset, licence, conforms, service)
    return sorted(g.triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _version_notes(version: str, history: Sequence[PastRelease]) -> tuple[str, str]:
    sv = (f"Utgåva {version}. Versionen är de 12 första hexsiffrorna i sha256 av dataset.nq och av det som formar "
          "katalogen (catalogue.toml, utgivningsdatum): en ändrad fil ger en ny version.")
    en = (f"Release {version}. The version is the first 12 hex digits of the sha256 of dataset.nq and of what shapes "
          "the catalogue (catalogue.toml, release date): a changed file gives a new version.")
    if history:
        sv += f" Föregående utgåva: {history[-1].version} ({history[-1].issued}); tidigare utgåvor: dcat:hasVersion."
        en += f" Previous release: {history[-1].version} ({history[-1].issued}); earlier releases: dcat:hasVersion."
    else:
        sv += " Detta är den första publicerade utgåvan."
        en += " This is the first published release."
    return sv, en


def _history(g: _Graph, base: str, p: Publisher, dataset: ox.NamedNode, agent: ox.NamedNode | None,
             contact: ox.NamedNode) -> None:
    """The releases published before this one (``catalogue.toml [[history]]``, oldest first), as
    DCAT 3 versions of the dataset: typed and described, as the DCAT-AP range shapes require of
    a ``dcat:hasVersion`` value, chained by ``dcat:previousVersion``. Their files are not
    distributions: only the current release's files are served."""
    previous: ox.NamedNode | None = None
    for past in p.history:
        release = node(base, "release-" + past.version)
        g.add(dataset, DCAT + "hasVersion", release)
        g.add(release, RDF + "type", DCAT + "Dataset")
        g.add(release, DCTERMS + "isVersionOf", dataset)
        g.texts(release, DCTERMS + "title", f"{p.get('dataset', 'title_sv')} (utgåva {past.version})",
                f"{p.get('dataset', 'title_en')} (release {past.version})")
        g.texts(release, DCTERMS + "description",
                f"En tidigare utgåva av datamängden, publicerad {past.issued}. Dess filer tillhandahålls inte längre här.",
                f"An earlier release of the dataset, published {past.issued}. Its files are no longer served here.")
        g.typed(release, DCTERMS + "identifier", uuid_of(release.value), XSD + "string")
        g.typed(release, DCAT + "version", past.version, XSD + "string")
        g.typed(release, DCTERMS + "issued", past.issued, XSD + "date")
        g.texts(release, ADMS + "versionNotes", past.notes_sv, past.notes_en)
        if agent is not None:
            g.add(release, DCTERMS + "publisher", agent)
        g.add(release, DCAT + "contactPoint", contact)
        if previous is not None:
            g.add(release, DCAT + "previousVersion", previous)
        previous = release
    if previous is not None:
        g.add(dataset, DCAT + "previousVersion", previous)


def _provenance(g: _Graph, base: str, p: Publisher) -> ox.NamedNode:
    statement = node(base, "provenance")
    g.add(statement, RDF + "type", DCTERMS + "ProvenanceStatement")
    source = p.get("dataset", "source")
    g.texts(statement, RDFS + "label",
            f"Varje uppgift spåras till sitt källdokument (en namngiven graf per källfil); första källan: {source}",
            f"Every fact traces to its source document (one named graph per source file); first source: {source}")
    return statement


TURTLE_PREFIXES = {
    "dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "vcard": VCARD, "spdx": SPDX, "adms": ADMS, "skos": SKOS,
    "rdfs": RDFS, "xsd": XSD, "owl": OWL, "dcatap": DCATAP, "void": "http://rdfs.org/ns/void#",
}


def serialize(triples: Triples, name: str, base: str) -> bytes:
    """Catalogue/VoID triples in a graph format, byte-stable."""
    from .release import serialize as release_serialize

    if name == "jsonld":
        return release_serialize(triples, name, base)
    chosen = {k: v for k, v in TURTLE_PREFIXES.items() if any(_uses(t, v) for t in triples)}
    return ox.serialize(triples, format=BY_NAME[name].rdf_format, prefixes=dict(sorted(chosen.items())))


def _uses(t: ox.Triple, namespace: str) -> bool:
    terms = [t.predicate, t.object] + ([t.object.datatype] if isinstance(t.object, ox.Literal) else [])
    return any(isinstance(x, ox.NamedNode) and x.value.startswith(namespace) for x in terms)


Progress = Callable[[str], None]


def version_inputs(settings) -> list[bytes]:  # type: ignore[no-untyped-def]
    """What the catalogue adds to the release version: the publisher file and release date."""
    path = settings.root / "catalogue.toml"
    return [path.read_bytes() if path.is_file() else b"", (settings.release_date or "").encode()]


# The data predicates the catalogue reads (licence, attribution, identity links); VoID's linksets too.
CATALOGUE_PREDICATES = (DCTERMS + "license", "http://creativecommons.org/ns#attributionName",
                        OWL + "sameAs", SKOS + "exactMatch", SKOS + "closeMatch")


def release_artefacts(settings, checked, files: list[AnyArtefact], version: str,  # type: ignore[no-untyped-def]
                      progress: Progress = lambda _: None, folder: Path | None = None) -> list[Artefact]:
    """void.ttl and the catalogue in three formats, for ``build.build`` (issue #4). ``folder``
    is the staging folder the dumps were written to (else they are in ``files``)."""
    from . import void

    publisher = load_publisher(settings.root)
    for problem in publisher.missing():
        progress(f"warning: {problem}")
    base = settings.base_iri
    ontology, shapes = checked.sources.quads("ontology"), checked.sources.quads("shapes")
    from .ntstats import of_release

    stats = of_release(files, folder, base + "id/", CATALOGUE_PREDICATES)
    data = stats.kept  # only what the catalogue reads of the data; the rest is counted in `stats`
    void_triples = void.describe(base, stats, files)
    void_file = Artefact("void.ttl", "turtle", serialize(void_triples, "turtle", base),
                         "VoID description of the dataset: size, class and property partitions, linksets.")
    triples = describe(base, settings.release_date, publisher, data, ontology, shapes, [*files, void_file], version,
                       lambda: checked.temporal_start)
    out = [void_file]
    for name, fmt in zip(CATALOGUE_FILES, ("turtle", "rdfxml", "jsonld")):
        out.append(Artefact(name, fmt, serialize(triples, fmt, base),
                            f"DCAT-AP 3.0.1 / DCAT-AP-SE catalogue of this release as {fmt}."))
    return out

