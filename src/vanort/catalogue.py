"""The DCAT-AP 3.0.1 / DCAT-AP-SE catalogue, computed at build time (issue #4).

Inputs: the checked data, the release artefacts, the version and ``catalogue.toml`` (the one
file of publisher details). Nothing is hand-written and nothing depends on the clock: dates
come from ``release_date`` only, identifiers are UUID5 of IRIs, so builds stay byte-identical.

Decisions (written here because DESIGN.md is silent):

- Catalogue, dataset, distributions, service, contact, checksums and the period are hash IRIs
  of the catalogue document ``<base>datasets/dcat#...``: never blank nodes (DCAT-AP-SE), and
  each dereferences to the document that describes it.
- Two datasets (issue #14): the Vännäs page dataset ``#dataset`` (CC0, ``catalogue.toml
  [dataset]``) and the national register ``#national`` (CC BY-SA 4.0 because share-alike
  sources state some of its facts, ``[national]``), each with its own distributions, coverage
  and licence (catalogue_split.py says which statement belongs to which, catalogue_datasets.py
  describes them). The SPARQL endpoint is one ``dcat:DataService`` serving both, under the
  stricter licence (it answers over the union). Each source graph is described as a
  ``void:subset`` of the register (catalogue_sources.py).
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

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from . import catalogue_datasets, catalogue_sources, catalogue_split
from .catalogue_facts import Collector
from .catalogue_licence import CC_BY_SA_4
from .catalogue_datasets import Spec, spatial, standards, temporal_start, temporal_start_in  # noqa: F401 - re-exported
from .catalogue_settings import PastRelease, Publisher, load_publisher
from .catalogue_terms import (CC0, DOCUMENT, EU, Graph, dataset_iri, download_url, endpoint_url,  # noqa: F401
                              node, uuid_of)
from .formats import BY_NAME
from .namespaces import ADMS, DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, SPDX, VCARD, XSD
from .release import AnyArtefact, Artefact
from .spool import Quads, as_parts

SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
DCATAP = "http://data.europa.eu/r5r/"
CATALOGUE_FILES = ("catalogue.ttl", "catalogue.rdf", "catalogue.jsonld")
VANNAS, NATIONAL = "dataset", "national"  # the datasets' keys: #dataset keeps the IRI it had
VOCABULARY_FILES = ("ontology", "shapes")  # the project's own work: the configured licence

Triples = list[ox.Triple]
_Graph = Graph


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


def _service(g: _Graph, base: str, p: Publisher, agent: ox.NamedNode | None, contact: ox.NamedNode) -> ox.NamedNode:
    """The SPARQL endpoint, one service for both datasets (``dcat:servesDataset`` each, added by
    ``describe``); its licence is added there too: the stricter of the two, as it answers over
    their union."""
    service = node(base, "sparql-service")
    g.add(service, RDF + "type", DCAT + "DataService")
    g.texts(service, DCTERMS + "title", "SPARQL-ändpunkt för vänorter och regionalt samarbete",
            "SPARQL endpoint for twin towns and regional cooperation")
    g.texts(service, DCTERMS + "description",
            "Skrivskyddad SPARQL 1.1-ändpunkt över båda datamängderna; standardgrafen är unionen av alla grafer, "
            "en namngiven graf per källa och källfil.",
            "Read-only SPARQL 1.1 endpoint over both datasets; the default graph is the union of all graphs, "
            "one named graph per source and source file.")
    # The full DCAT-AP 3.0.1 shapes give both properties the class rdfs:Resource.
    endpoint = g.thing(endpoint_url(base), RDFS + "Resource")
    g.add(service, DCAT + "endpointURL", endpoint)
    # SPARQL 1.1 Service Description §2: a GET without a query returns the description.
    g.add(service, DCAT + "endpointDescription", endpoint)
    g.add(service, DCTERMS + "conformsTo", g.thing(SPARQL_PROTOCOL, DCTERMS + "Standard"))
    for name in ("json", "xml", "csv", "tsv", "turtle"):
        g.add(service, DCTERMS + "format", g.thing(BY_NAME[name].eu_file_type or "", DCTERMS + "MediaTypeOrExtent"))
    g.add(service, DCTERMS + "accessRights", g.thing(EU + "access-right/" + (p.get("dataset", "access_rights") or "PUBLIC"),
                                                     DCTERMS + "RightsStatement"))
    if agent is not None:
        g.add(service, DCTERMS + "publisher", agent)
    g.add(service, DCAT + "contactPoint", contact)
    return service


def specs(base: str, data: Iterable[ox.Quad], vannas: Iterable[ox.Quad], files: Iterable[AnyArtefact],
          excluded: set[ox.Triple], national_start: str | None = None,
          vannas_start: str | None = None, collector: Collector | None = None) -> tuple[Spec, Spec]:
    """The two datasets: the Vännäs page (its ``vannas.*`` files) and the national register
    (the whole release's files), each with what its licence follows from (``excluded``: the
    triples only share-alike sources state). ``national_start``: the whole data's temporal start,
    which the build finds while its derivation store is loaded (no second store of everything).
    ``collector``: where the facts of the data are read (catalogue_facts.py), once per spooled graph."""
    collector = collector or Collector(base)
    mine = [a for a in files if a.name not in CATALOGUE_FILES]
    in_vannas = tuple(a for a in mine if a.name.startswith("vannas."))
    national = tuple(a for a in mine if a not in in_vannas)
    has_only = bool(excluded) and any(ox.Triple(q.subject, q.predicate, q.object) in excluded for q in vannas)
    return (Spec(VANNAS, "dataset", vannas, collector.of(vannas), in_vannas, has_only, catalogue_datasets.PLACES,
                 start=vannas_start),
            Spec(NATIONAL, "national", data, collector.of(data), national, bool(excluded), catalogue_datasets.COUNTRIES,
                 VOCABULARY_FILES, national_start))


def describe(settings_base: str, release_date: str | None, p: Publisher, data: list[ox.Quad],
             ontology: list[ox.Quad], shapes: list[ox.Quad], files: Iterable[AnyArtefact], version: str,
             stated: list[ox.Quad] | None = None, vannas: list[ox.Quad] | None = None,
             excluded: set[ox.Triple] | None = None, national_start: str | None = None,
             vannas_start: str | None = None, collector: Collector | None = None) -> Triples:
    """The catalogue graph, as sorted triples. ``stated`` are the data without the derived graph
    (default: ``data``); ``vannas`` the Vännäs page dataset and ``excluded`` the share-alike-only
    triples (default: computed from ``stated``); ``collector`` the facts of the data read so far."""
    base, g = settings_base, _Graph()
    collector = collector or Collector(base)
    stated = data if stated is None else stated
    excluded = (catalogue_split.share_alike_triples(stated, base, collector.of(stated).licences)
                if excluded is None else excluded)
    vannas = catalogue_split.vannas_data(stated, ontology, base, excluded) if vannas is None else vannas
    catalogue = node(base, "catalogue")
    agent, contact = _publisher(g, p), _contact(g, p, base)
    g.add(catalogue, RDF + "type", DCAT + "Catalog")
    g.texts(catalogue, DCTERMS + "title", p.get("catalogue", "title_sv"), p.get("catalogue", "title_en"))
    g.texts(catalogue, DCTERMS + "description", p.get("catalogue", "description_sv"), p.get("catalogue", "description_en"))
    g.add(catalogue, DCTERMS + "license", g.thing(CC0, DCTERMS + "LicenseDocument"))  # DCAT-AP-SE: exactly this IRI
    g.typed(catalogue, DCTERMS + "identifier", uuid_of(catalogue.value), XSD + "string")
    g.add(catalogue, FOAF + "homepage", g.thing(base + "psidata", FOAF + "Document"))
    themes = g.thing(EU + "data-theme", SKOS + "ConceptScheme")
    g.texts(themes, DCTERMS + "title", "Datatema", "Data theme")
    g.add(catalogue, DCAT + "themeTaxonomy", themes)
    _common(g, catalogue, p, agent, contact, release_date)
    service = _service(g, base, p, agent, contact)
    g.add(catalogue, DCAT + "service", service)
    licences = []
    for spec in specs(base, data, vannas, files, excluded, national_start, vannas_start, collector):
        dataset, licence = catalogue_datasets.describe(g, base, p, spec, ontology, shapes, version, service)
        g.add(catalogue, DCAT + "dataset", dataset)
        g.add(service, DCAT + "servesDataset", dataset)
        g.texts(dataset, ADMS + "versionNotes", *_version_notes(version, p.history if spec.key == VANNAS else ()))
        _common(g, dataset, p, agent, contact, release_date)
        g.add(dataset, DCTERMS + "provenance", _provenance(g, base, p, spec.key))
        licences.append(licence)
        if spec.key == VANNAS:
            _history(g, base, p, dataset, agent, contact)
        else:
            catalogue_sources.describe(g, base, stated, dataset, collector)
    # the endpoint answers over the union: the strictest licence of the datasets it serves
    strictest = next((n for n in licences if n is not None and n.value == CC_BY_SA_4), licences[0])
    if strictest is not None:
        g.add(service, DCTERMS + "license", strictest)
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


def _provenance(g: _Graph, base: str, p: Publisher, key: str) -> ox.NamedNode:
    statement = node(base, "provenance" if key == VANNAS else f"provenance-{key}")
    g.add(statement, RDF + "type", DCTERMS + "ProvenanceStatement")
    if key == VANNAS:
        source = p.get("dataset", "source")
        g.texts(statement, RDFS + "label",
                f"Varje uppgift spåras till sina källor (dct:source, en namngiven graf per källfil); första källan: {source}",
                f"Every fact traces to its sources (dct:source, one named graph per source file); first source: {source}")
    else:
        g.texts(statement, RDFS + "label",
                "Varje uppgift står i den namngivna grafen för varje källa som anger den (graph/source/<nyckel> för "
                "tabellerna, en graf per Turtle-fil); källgraferna beskrivs som void:subset av registret.",
                "Every fact stands in the named graph of each source that states it (graph/source/<key> for the "
                "tables, one graph per Turtle file); the source graphs are described as void:subset of the register.")
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
    void_triples = void.describe(base, stats, files)
    void_file = Artefact("void.ttl", "turtle", serialize(void_triples, "turtle", base),
                         "VoID description of the national register: size, class and property partitions, linksets.")
    triples = describe(base, settings.release_date, publisher, checked.data, ontology, shapes, [*files, void_file], version,
                       checked.sources.quads("data"), checked.vannas, checked.share_alike, checked.temporal_start,
                       checked.vannas_start, checked.facts)
    out = [void_file]
    for name, fmt in zip(CATALOGUE_FILES, ("turtle", "rdfxml", "jsonld")):
        out.append(Artefact(name, fmt, serialize(triples, fmt, base),
                            f"DCAT-AP 3.0.1 / DCAT-AP-SE catalogue of this release as {fmt}."))
    return out

