"""The two datasets of the catalogue and their distributions (issue #14).

Which statements each holds is catalogue_split.py's rule; this module describes each as a
DCAT-AP 3.0.1 / DCAT-AP-SE dataset from its own statements: titles, descriptions, keywords and
themes from its ``catalogue.toml`` section (``[dataset]`` for the Vännäs page, ``[national]`` for
the register), its licence and rights statement (catalogue_licence.py), its temporal coverage
(the earliest bound of any partnership or membership it holds), its spatial coverage and its
distributions (the release files made from it).

Spatial coverage, as IRIs the data already holds: the Vännäs page names a dozen places, so its
coverage is their GeoNames features (``owl:sameAs``/``skos:exactMatch``); the register names
thousands, so its coverage is the GeoNames features of the countries its municipalities are in
(``vo:country``): what a portal's coverage facet can show.

The description of a dataset ends with counts computed from its statements at build time (the
same statements give the same text, so builds stay byte-identical); nothing else is added to the
texts of ``catalogue.toml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from . import catalogue_licence, queries
from .catalogue_facts import Facts
from .catalogue_settings import Publisher
from .catalogue_terms import EU, GEONAMES, IANA, LINKS, Graph, download_url, node, uuid_of
from .formats import BY_NAME
from .namespaces import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, SPDX, XSD
from .release import AnyArtefact

PLACES, COUNTRIES = "places", "countries"


@dataclass(frozen=True)
class Spec:
    """One dataset of the catalogue: its key (``#<key>``), catalogue.toml section, statements
    (stated and derived) and their facts (catalogue_facts.py), the release files made from it and
    what its licence follows from."""

    key: str
    section: str
    data: Iterable[ox.Quad]
    facts: Facts
    files: tuple[AnyArtefact, ...]
    share_alike_only: bool
    spatial: str = PLACES
    vocabulary_files: tuple[str, ...] = ()  # files that are the project's own work (ontology, shapes)
    start: str | None = None  # the temporal start when the build found it already (else computed from data)


def temporal_start(data: Iterable[ox.Quad], ontology: Iterable[ox.Quad], base: str) -> str | None:
    """Earliest possible start of any partnership or membership, ``YYYY-MM-DD``, or None.
    ``data`` may be the build's spool: it is loaded as text, no Python object per quad (issue #13)."""
    from .derive import union_store
    from .spool import Quads, as_parts

    return temporal_start_in(union_store(Quads([*as_parts(data), *as_parts(ontology)])), base)


def temporal_start_in(store: ox.Store, base: str) -> str | None:
    """The same, in a store already holding the data (stated, derived) and the ontology."""
    rows = list(store.query(queries.text("catalogue-temporal", base), use_default_graph_as_union=True))  # type: ignore[union-attr]
    start = rows[0]["start"] if rows else None
    return start.value[:10] if start is not None else None


def _geonames(facts: Facts, subjects: set[str] | None = None) -> list[str]:
    """GeoNames features linked by identity (of ``subjects``, IRIs, when given)."""
    found = {target for subject, predicate, target in facts.links
             if predicate in LINKS and (subjects is None or subject in subjects)
             and target.startswith((GEONAMES, "http://sws.geonames.org/"))}
    return sorted(found)


def spatial(facts: Facts, scope: str = PLACES, base: str = "") -> list[str]:
    """GeoNames features of the places the data links (``places``), or of the countries its
    municipalities are in (``countries``); sorted."""
    if scope == PLACES:
        return _geonames(facts)
    countries = {country[1:-1] for subject, country in facts.countries
                 if subject in facts.municipalities and country.startswith("<")}
    return _geonames(facts, countries)


def standards(ontology: list[ox.Quad], shapes: list[ox.Quad], base: str) -> list[str]:
    """IRIs of the ontology and the shapes graph: what every data distribution conforms to."""
    found = {q.subject.value for q in ontology + shapes
             if q.predicate.value == RDF + "type" and q.object.value == OWL + "Ontology"
             and isinstance(q.subject, ox.NamedNode)}
    if not any(q.subject.value in found for q in shapes):
        found.add(base + "shapes")
    if not found & {q.subject.value for q in ontology}:
        found.add(base + "def")
    return sorted(found)


def counts(facts: Facts) -> tuple[str, str]:
    """What the dataset holds, counted from its statements (sv, en); VoID has the triples."""
    municipalities, partnerships = len(facts.municipalities), len(facts.partnerships)
    countries = len({country for subject, country in facts.countries if subject in facts.municipalities})
    graphs = len(facts.graphs)
    return (f" Utgåvan: {municipalities} kommuner i {countries} länder, {partnerships} partnerskap, "
            f"{graphs} namngivna grafer.",
            f" This release: {municipalities} municipalities in {countries} countries, "
            f"{partnerships} partnerships, {graphs} named graphs.")


def describe(g: Graph, base: str, p: Publisher, spec: Spec, ontology: list[ox.Quad], shapes: list[ox.Quad],
             version: str, service: ox.NamedNode) -> tuple[ox.NamedNode, ox.NamedNode | None]:
    """The dataset and its distributions; returns the dataset node and its licence node."""
    dataset, section = node(base, spec.key), spec.section
    configured = p.get("dataset", "licence") or None
    chosen = catalogue_licence.dataset_licence(configured, spec.share_alike_only)
    licence = g.thing(chosen, DCTERMS + "LicenseDocument") if chosen else None
    g.add(dataset, RDF + "type", DCAT + "Dataset")
    g.texts(dataset, DCTERMS + "title", p.get(section, "title_sv"), p.get(section, "title_en"))
    extra_sv, extra_en = counts(spec.facts)
    g.texts(dataset, DCTERMS + "description", p.get(section, "description_sv") + extra_sv,
            p.get(section, "description_en") + extra_en)
    g.typed(dataset, DCTERMS + "identifier", uuid_of(dataset.value), XSD + "string")
    g.typed(dataset, DCAT + "version", version, XSD + "string")
    for lang in ("sv", "en"):
        for word in p.list(section, f"keywords_{lang}"):
            g.add(dataset, DCAT + "keyword", ox.Literal(word.lower(), language=lang))
    for code in p.list(section, "themes"):
        g.add(dataset, DCAT + "theme", g.thing(EU + "data-theme/" + code, SKOS + "Concept"))
    g.add(dataset, DCTERMS + "accessRights", g.thing(EU + "access-right/" + (p.get("dataset", "access_rights") or "PUBLIC"),
                                                     DCTERMS + "RightsStatement"))
    g.add(dataset, DCAT + "landingPage", g.thing(base + "psidata", FOAF + "Document"))
    if licence is not None:
        g.add(dataset, DCTERMS + "license", licence)
    rights = catalogue_licence.dataset_rights(spec.facts, set(spec.facts.cited(base)), spec.share_alike_only)
    if rights:
        statement = node(base, f"rights-{spec.key}")
        g.add(statement, RDF + "type", DCTERMS + "RightsStatement")
        g.texts(statement, RDFS + "label", *rights)
        g.add(dataset, DCTERMS + "rights", statement)
    for place in spatial(spec.facts, spec.spatial, base):
        g.add(dataset, DCTERMS + "spatial", g.thing(place, DCTERMS + "Location"))
    start = spec.start or temporal_start(spec.data, ontology, base)
    if start:
        period = node(base, f"temporal-{spec.key}")
        g.add(dataset, DCTERMS + "temporal", period)
        g.add(period, RDF + "type", DCTERMS + "PeriodOfTime")
        g.typed(period, DCAT + "startDate", start, XSD + "date")  # open end: partnerships continue
    conforms = [g.thing(s, DCTERMS + "Standard") for s in standards(ontology, shapes, base)]
    for standard in conforms:
        g.add(dataset, DCTERMS + "conformsTo", standard)
    own = g.thing(configured, DCTERMS + "LicenseDocument") if configured else None
    for artefact in spec.files:
        vocabulary = artefact.name.split(".")[0] in spec.vocabulary_files
        distribution(g, base, artefact, dataset, own if vocabulary else licence, [] if vocabulary else conforms, service)
    return dataset, licence


_DESCRIPTIONS_SV = {
    "dataset": "Hela utgåvan med en namngiven graf per källa och källfil, den härledda grafen, ontologin och formerna.",
    "data": "Hela registrets data (angivna och härledda tripplar, graferna sammanslagna).",
    "vannas": "Vännässidans datamängd.",
    "ontology": "Ontologin vanort (OWL).",
    "shapes": "SHACL-formerna som varje utgåva uppfyller.",
    "validation-report": "SHACL-valideringsrapporten för utgåvan.",
    "void": "VoID-beskrivning av registret: storlek, klasser, egenskaper, länkar och källgrafer.",
}


def distribution(g: Graph, base: str, artefact: AnyArtefact, dataset: ox.NamedNode, licence: ox.NamedNode | None,
                 conforms: Sequence[ox.NamedNode], service: ox.NamedNode) -> ox.NamedNode:
    """One release file as a distribution: download URL, media type, size, checksum, licence."""
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
    if artefact.name.split(".")[0] in ("data", "dataset", "vannas"):  # the data files; not report or VoID
        for standard in conforms:
            g.add(dist, DCTERMS + "conformsTo", standard)
    return dist

