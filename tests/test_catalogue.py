"""The DCAT-AP-SE catalogue of a release (issue #4): real values, parsed as RDF."""

from __future__ import annotations

import hashlib
import re
import uuid
from pathlib import Path

import pyoxigraph as ox
import pytest
from tests.catalogue_support import TEST_EMAIL, build_project, catalogue_files
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT as _DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, XSD

from vanort import catalogue_settings
from vanort.errors import ConfigError
from vanort.manifest import Release

DCAT = Namespace(str(_DCAT))  # rdflib's closed DCAT lacks dcat:version (DCAT 3)
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VO = Namespace("https://w3id.org/vanort/def/")
CC0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
# The register holds facts only Wikipedia states (CC BY-SA 4.0), so its files cannot be CC0 (issue #14).
CC_BY_SA = URIRef("http://creativecommons.org/licenses/by-sa/4.0/")
PUBLISHER = URIRef("http://dataportal.se/organisation/SE2120002841")
THEME = "http://publications.europa.eu/resource/authority/data-theme/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple:  # type: ignore[type-arg]
    messages: list[str] = []
    settings, release = build_project(tmp_path_factory.mktemp("cat"), messages=messages)
    return settings, release, messages


@pytest.fixture(scope="module")
def release(built) -> Release:  # type: ignore[no-untyped-def]
    return built[1]


@pytest.fixture(scope="module")
def graph(release: Release) -> Graph:
    return Graph().parse(release.path("catalogue.ttl"), format="turtle")


@pytest.fixture(scope="module")
def data(release: Release) -> Graph:
    return Graph().parse(release.path("data.nt"), format="nt")


def one(graph: Graph, cls: URIRef) -> URIRef:
    things = list(graph.subjects(RDF.type, cls))
    assert len(things) == 1, things
    return things[0]  # type: ignore[return-value]


def datasets_of(graph: Graph) -> dict[str, URIRef]:
    """The catalogue's two datasets by key (issue #14: the Vännäs page ``dataset``, the
    ``national`` register); the other dcat:Dataset resources are past releases."""
    things = list(graph.objects(one(graph, DCAT.Catalog), DCAT.dataset))
    assert len(things) == 2, things
    return {str(t).rsplit("#", 1)[-1]: t for t in things}  # type: ignore[misc]


def dataset_of(graph: Graph, key: str = "dataset") -> URIRef:
    """One dataset of the catalogue: the Vännäs page (``dataset``) unless ``key`` says ``national``."""
    return datasets_of(graph)[key]


@pytest.fixture(scope="module")
def vannas(release: Release) -> Graph:
    return Graph().parse(release.path("vannas.nt"), format="nt")


def test_catalogue_files_are_in_the_release_and_manifest(release: Release) -> None:
    for name in ("catalogue.ttl", "catalogue.rdf", "catalogue.jsonld", "void.ttl"):
        assert name in release.files
        assert hashlib.sha256(release.path(name).read_bytes()).hexdigest() == release.files[name]["sha256"]


def test_three_formats_are_the_same_graph(release: Release, graph: Graph) -> None:
    assert isomorphic(graph, Graph().parse(release.path("catalogue.rdf"), format="xml"))
    # rdflib's JSON-LD parser warns (ConjunctiveGraph); pyoxigraph reads it exactly
    triples = ox.parse(path=str(release.path("catalogue.jsonld")), format=ox.RdfFormat.JSON_LD)
    nt = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
    assert isomorphic(graph, Graph().parse(data=nt, format="nt"))


def test_no_blank_nodes(graph: Graph) -> None:
    assert not [t for t in graph if isinstance(t[0], BNode) or isinstance(t[2], BNode)]


def test_catalogue_licence_is_cc0_exactly(graph: Graph) -> None:
    assert list(graph.objects(one(graph, DCAT.Catalog), DCTERMS.license)) == [CC0]


def test_publisher_is_the_municipality_with_type(graph: Graph) -> None:
    catalogue, dataset = one(graph, DCAT.Catalog), dataset_of(graph)
    assert graph.value(catalogue, DCTERMS.publisher) == PUBLISHER == graph.value(dataset, DCTERMS.publisher)
    assert (PUBLISHER, RDF.type, FOAF.Agent) in graph
    assert (PUBLISHER, DCTERMS.type, URIRef("http://purl.org/adms/publishertype/LocalAuthority")) in graph
    names = {(str(n), n.language) for n in graph.objects(PUBLISHER, FOAF.name)}
    assert ("Vännäs kommun", "sv") in names and {lang for _, lang in names} == {"sv", "en"}
    assert str(graph.value(PUBLISHER, DCTERMS.identifier)) == "212000-2841"


def test_contact_point_has_fn_and_the_configured_email(graph: Graph) -> None:
    contact = graph.value(dataset_of(graph), DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Organization) in graph
    assert graph.value(contact, VCARD.fn) is not None
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:" + TEST_EMAIL)


@pytest.mark.parametrize("cls", [DCAT.Catalog, DCAT.Dataset, DCAT.DataService, DCAT.Distribution])
def test_free_texts_in_swedish_and_english(graph: Graph, cls: URIRef) -> None:
    for thing in graph.subjects(RDF.type, cls):
        for prop in (DCTERMS.title, DCTERMS.description):
            languages = {o.language for o in graph.objects(thing, prop)}
            assert languages == {"sv", "en"}, (thing, prop, languages)


def test_keywords_singular_lower_case_both_languages(graph: Graph) -> None:
    keywords = list(graph.objects(dataset_of(graph), DCAT.keyword))
    assert {k.language for k in keywords} == {"sv", "en"}
    assert all(str(k) == str(k).lower() for k in keywords)
    assert Literal("twin town", lang="en") in keywords


def test_eu_data_themes(graph: Graph) -> None:
    themes = {str(t) for t in graph.objects(dataset_of(graph), DCAT.theme)}
    assert themes == {THEME + c for c in ("GOVE", "REGI", "INTR")}


def test_identifiers_are_uuids_and_version_is_the_release(graph: Graph, release: Release) -> None:
    dataset = dataset_of(graph)
    assert uuid.UUID(str(graph.value(dataset, DCTERMS.identifier))).version == 5
    assert uuid.UUID(str(graph.value(one(graph, DCAT.Catalog), DCTERMS.identifier))).version == 5
    assert str(graph.value(dataset, DCAT.version)) == release.version


def test_spatial_coverage_of_the_vannas_page_is_the_geonames_links_of_its_data(graph: Graph, vannas: Graph) -> None:
    expected = {str(o) for p in (OWL.sameAs, SKOS.exactMatch) for o in vannas.objects(None, p)
                if "sws.geonames.org/" in str(o)}
    assert {str(o) for o in graph.objects(dataset_of(graph), DCTERMS.spatial)} == expected


def test_spatial_coverage_of_the_register_is_the_countries_of_its_municipalities(graph: Graph, data: Graph) -> None:
    countries = {c for m in data.subjects(RDF.type, VO.Municipality) for c in data.objects(m, VO.country)}
    expected = {str(o) for c in countries for o in data.objects(c, OWL.sameAs) if "sws.geonames.org/" in str(o)}
    found = {str(o) for o in graph.objects(dataset_of(graph, "national"), DCTERMS.spatial)}
    assert found == expected and "https://sws.geonames.org/2661886/" in found  # Sweden


@pytest.mark.parametrize("key", ["dataset", "national"])
def test_temporal_coverage_starts_at_an_earliest_bound_of_its_data(graph: Graph, data: Graph, vannas: Graph,
                                                                     key: str) -> None:
    bounds = sorted(str(o) for o in (vannas if key == "dataset" else data).objects(None, VO.earliest))
    period = graph.value(dataset_of(graph, key), DCTERMS.temporal)
    if not bounds:
        assert period is None
        return
    start = str(graph.value(period, DCAT.startDate))
    assert start == bounds[0]
    assert graph.value(period, DCAT.endDate) is None  # open: partnerships go on


def test_a_distribution_per_release_file_with_size_and_checksum(graph: Graph, release: Release) -> None:
    """Issue #14: each release file is a distribution of exactly one dataset: vannas.* of the
    Vännäs page (CC0), the rest of the register (CC BY-SA; its ontology and shapes CC0)."""
    vannas, national = (list(graph.objects(dataset_of(graph, k), DCAT.distribution)) for k in ("dataset", "national"))
    name = lambda d: str(graph.value(d, DCAT.downloadURL)).rsplit("/", 1)[-1]  # noqa: E731
    assert sorted(map(name, vannas)) == sorted(n for n in release.files if n.startswith("vannas."))
    assert sorted(map(name, vannas)) == ["vannas.jsonld", "vannas.nq", "vannas.nt", "vannas.rdf", "vannas.trig", "vannas.ttl"]
    expected = sorted(n for n in release.files if not n.startswith(("catalogue.", "vannas.")))
    assert sorted(map(name, national)) == expected
    for d in vannas + national:
        own = d in vannas or name(d).split(".")[0] in ("ontology", "shapes")
        assert graph.value(d, DCTERMS.license) == (CC0 if own else CC_BY_SA), name(d)
    for d in vannas + national:
        name = str(graph.value(d, DCAT.downloadURL)).rsplit("/", 1)[-1]
        entry = release.files[name]
        assert graph.value(d, DCAT.accessURL) == graph.value(d, DCAT.downloadURL)
        assert int(graph.value(d, DCAT.byteSize)) == entry["bytes"]
        checksum = graph.value(d, SPDX.checksum)
        assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        assert str(graph.value(checksum, SPDX.checksumValue)) == entry["sha256"]
        assert str(graph.value(d, DCAT.mediaType)) == "https://www.iana.org/assignments/media-types/" + entry["media_type"]
        assert str(graph.value(d, DCTERMS.format)).startswith("http://publications.europa.eu/resource/authority/file-type/")
        assert graph.value(d, DCAT.accessService) is not None


def test_the_vannas_page_is_cc0_and_the_register_cc_by_sa_with_attribution(graph: Graph) -> None:
    assert graph.value(dataset_of(graph), DCTERMS.license) == CC0
    dataset = dataset_of(graph, "national")
    assert graph.value(dataset, DCTERMS.license) == CC_BY_SA
    service = one(graph, DCAT.DataService)  # answers over both: the stricter licence
    assert graph.value(service, DCTERMS.license) == CC_BY_SA
    rights = graph.value(dataset, DCTERMS.rights)
    assert (rights, RDF.type, DCTERMS.RightsStatement) in graph
    texts = {t.language: str(t) for t in graph.objects(rights, RDFS.label)}
    assert set(texts) == {"sv", "en"}
    assert "CC BY-SA 4.0" in texts["en"] and "Wikipedia contributors" in texts["en"]
    # the catalogue record itself stays CC0 (DCAT-AP-SE)
    assert list(graph.objects(one(graph, DCAT.Catalog), DCTERMS.license)) == [CC0]


def test_data_distributions_conform_to_ontology_and_shapes(graph: Graph, release: Release) -> None:
    base = release.document["base_iri"]
    dist = URIRef(f"{base}datasets/dcat#distribution-data-ttl")
    standards = {str(o) for o in graph.objects(dist, DCTERMS.conformsTo)}
    assert base + "def" in standards and any(s.startswith(base + "shapes") for s in standards)


def test_sparql_endpoint_is_a_data_service(graph: Graph, release: Release) -> None:
    service = one(graph, DCAT.DataService)
    base = release.document["base_iri"]
    assert graph.value(service, DCAT.endpointURL) == URIRef(base + "sparql")
    assert graph.value(service, DCAT.endpointDescription) is not None
    assert (service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")) in graph
    assert set(graph.objects(service, DCAT.servesDataset)) == set(datasets_of(graph).values())


def test_no_dates_without_release_date(graph: Graph) -> None:
    assert graph.value(dataset_of(graph), DCTERMS.issued) is None


def test_release_date_gives_issued_and_modified(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = catalogue_files(built[0], tmp_path, release_date="2026-12-01")
    g = Graph().parse(data=files["catalogue.ttl"], format="turtle")
    dataset = dataset_of(g)
    assert str(g.value(dataset, DCTERMS.issued)) == "2026-12-01" == str(g.value(dataset, DCTERMS.modified))


def test_build_is_byte_identical(built, release: Release, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    again = catalogue_files(built[0], tmp_path)
    for name in ("catalogue.ttl", "catalogue.rdf", "catalogue.jsonld", "void.ttl", *(n for n in release.files
                                                                                     if n.startswith("vannas."))):
        assert again[name] == release.path(name).read_bytes(), name


def test_missing_email_is_named_by_the_build_and_not_invented(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    messages: list[str] = []
    files = catalogue_files(built[0], tmp_path, email="", messages=messages)
    assert any("catalogue.toml [contact] email" in m and m.startswith("warning") for m in messages)
    g = Graph().parse(data=files["catalogue.ttl"], format="turtle")
    assert not list(g.objects(None, VCARD.hasEmail))


def test_the_project_file_leaves_the_email_empty() -> None:
    from tests.catalogue_support import ROOT

    publisher = catalogue_settings.load_publisher(ROOT)
    assert publisher.get("contact", "email") == ""
    assert [m for m in publisher.missing() if "[contact] email" in m]


def test_unknown_key_in_catalogue_toml_is_named(tmp_path: Path) -> None:
    (tmp_path / "catalogue.toml").write_text('[contact]\nemial = "x"\n', "utf-8")
    with pytest.raises(ConfigError, match=re.escape("[contact]: unknown key(s) emial")):
        catalogue_settings.load_publisher(tmp_path)


ADMS = Namespace("http://www.w3.org/ns/adms#")


def _texts(g: Graph, s: URIRef, p: URIRef) -> dict[str, str]:
    return {o.language: str(o) for o in g.objects(s, p)}  # type: ignore[attr-defined]


def test_release_history_is_described_as_dcat_versions(graph: Graph, release: Release) -> None:
    dataset = dataset_of(graph)
    old, newer = (URIRef("https://w3id.org/vanort/datasets/dcat#release-" + v) for v in ("0123456789ab", "a1b2c3d4e5f6"))
    assert set(graph.objects(dataset, DCAT.hasVersion)) == {old, newer}
    assert graph.value(dataset, DCAT.previousVersion) == newer
    assert graph.value(newer, DCAT.previousVersion) == old and graph.value(old, DCAT.previousVersion) is None
    for node, version, issued in ((old, "0123456789ab", "2026-01-15"), (newer, "a1b2c3d4e5f6", "2026-06-01")):
        assert (node, RDF.type, DCAT.Dataset) in graph
        assert str(graph.value(node, DCAT.version)) == version
        assert graph.value(node, DCTERMS.issued) == Literal(issued, datatype=XSD.date)
        assert graph.value(node, DCTERMS.isVersionOf) == dataset
        assert set(_texts(graph, node, DCTERMS.title)) == {"sv", "en"} and version in _texts(graph, node, DCTERMS.title)["en"]
        assert graph.value(node, DCTERMS.publisher) == PUBLISHER
        assert not list(graph.objects(node, DCAT.distribution))  # its files are not served
    assert _texts(graph, old, ADMS.versionNotes) == {"sv": "Testutgåva (finns bara i testerna).",
                                                       "en": "Test release (exists in the tests only)."}
    notes = _texts(graph, dataset, ADMS.versionNotes)
    assert f"Release {release.version}." in notes["en"] and "Previous release: a1b2c3d4e5f6 (2026-06-01)" in notes["en"]
    assert "Föregående utgåva: a1b2c3d4e5f6" in notes["sv"]
    # a portal harvests the catalogue's datasets: past releases are not among them
    assert set(graph.objects(None, DCAT.dataset)) == set(datasets_of(graph).values())


def test_without_history_the_release_says_it_is_the_first(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = catalogue_files(built[0], tmp_path, history="")
    g = Graph().parse(data=files["catalogue.ttl"], format="turtle")
    dataset = dataset_of(g)
    assert not list(g.objects(dataset, DCAT.hasVersion)) and g.value(dataset, DCAT.previousVersion) is None
    assert "This is the first published release." in _texts(g, dataset, ADMS.versionNotes)["en"]
    assert len(list(g.subjects(RDF.type, DCAT.Dataset))) == 2  # the Vännäs page and the register


def test_the_history_is_part_of_the_version(built, tmp_path: Path, release: Release) -> None:  # type: ignore[no-untyped-def]
    # The catalogue is an artefact of the release: another history is another release.
    files = catalogue_files(built[0], tmp_path, history="")
    g = Graph().parse(data=files["catalogue.ttl"], format="turtle")
    assert str(g.value(dataset_of(g), DCAT.version)) != release.version


def test_the_project_has_published_no_release_yet() -> None:
    from tests.catalogue_support import ROOT

    assert catalogue_settings.load_publisher(ROOT).history == ()


ENTRY = 'version = "0123456789ab"\nissued = 2026-01-15\nnotes_sv = "a"\nnotes_en = "b"\n'


@pytest.mark.parametrize(("text", "message"), [
    ("[[history]]\n" + ENTRY.replace('"0123456789ab"', '"v1.0"'),
     "[[history]] entry 1: version 'v1.0' is not a release version"),
    ("[[history]]\n" + ENTRY.replace("2026-01-15", '"15 januari 2026"'),
     "[[history]] entry 1 (0123456789ab): issued '15 januari 2026' is not a date"),
    ("[[history]]\n" + ENTRY.replace('notes_en = "b"', 'notes_en = ""'),
     "[[history]] entry 1: notes_en missing or empty"),
    ("[[history]]\n" + ENTRY + "[[history]]\n" + ENTRY, "[[history]] entry 2: version 0123456789ab is listed twice"),
    ("[[history]]\n" + ENTRY + "[[history]]\n" + ENTRY.replace("0123456789ab", "a1b2c3d4e5f6").replace("2026-01-15", "2025-12-31"),
     "[[history]] entry 2 (a1b2c3d4e5f6): issued 2025-12-31 is before the entry above it"),
    ("[[history]]\n" + ENTRY + 'date = "2026-01-15"\n', "[[history]] entry 1: unknown key(s) date"),
    ('history = "0123456789ab"\n', "history must be a list of [[history]] tables"),
], ids=["version", "date", "notes", "twice", "order", "unknown-key", "not-a-table"])
def test_a_bad_history_entry_is_named(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "catalogue.toml").write_text(text, "utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)) as caught:
        catalogue_settings.load_publisher(tmp_path)
    assert str(tmp_path / "catalogue.toml") in str(caught.value)
