"""A local portal self-check: the data.europa.eu metadata-quality indicators (issue #4).

The five dimensions and points follow the data.europa.eu Metadata Quality Assessment
methodology (findability 100, accessibility 100, interoperability 110, reusability 75,
contextuality 20; 405 in all; rating excellent >= 351, good >= 221, sufficient >= 121).
Distribution-level indicators score the share of distributions that pass, as the MQA does.
URLs are fetched through a ``fetch(url) -> status`` function the caller supplies (in-process
through the app, or over HTTP), so this module has no network code and is tested offline.

>>> rating(360), rating(221), rating(50)
('excellent', 'good', 'bad')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from .catalogue_settings import Publisher

EU = "http://publications.europa.eu/resource/authority/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SPDX = "http://spdx.org/rdf/terms#"
# EU file types that are both open (non-proprietary) and machine-readable.
OPEN_MACHINE_READABLE = {EU + "file-type/" + c for c in (
    "RDF_TURTLE", "JSON_LD", "RDF_N_TRIPLES", "RDF_XML", "RDF_N_QUADS", "RDF_TRIG", "CSV", "TSV", "JSON", "XML")}
KNOWN_LICENCES = {"http://creativecommons.org/publicdomain/zero/1.0/", "https://creativecommons.org/licenses/by/4.0/"}

Fetch = Callable[[str], int]


@dataclass
class Indicator:
    dimension: str
    name: str
    points: float
    maximum: int
    fix: str = ""  # empty when full points


@dataclass
class QualityReport:
    indicators: list[Indicator] = field(default_factory=list)
    broken_links: list[str] = field(default_factory=list)
    missing_settings: list[str] = field(default_factory=list)
    dcat_ap: list[str] = field(default_factory=list)  # violations; empty = conforms
    dcat_ap_checked: bool = False
    dataset_conforms: bool | None = None

    @property
    def score(self) -> int:
        return round(sum(i.points for i in self.indicators))

    @property
    def maximum(self) -> int:
        return sum(i.maximum for i in self.indicators)

    def dimensions(self) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for i in self.indicators:
            got, most = out.get(i.dimension, (0, 0))
            out[i.dimension] = (got + round(i.points), most + i.maximum)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"score": self.score, "maximum": self.maximum, "rating": rating(self.score),
                "dimensions": {k: {"points": v[0], "maximum": v[1]} for k, v in self.dimensions().items()},
                "indicators": [asdict(i) for i in self.indicators], "broken_links": self.broken_links,
                "missing_settings": self.missing_settings, "dcat_ap_checked": self.dcat_ap_checked,
                "dcat_ap_violations": self.dcat_ap, "dataset_conforms": self.dataset_conforms}


def rating(score: int) -> str:
    return "excellent" if score >= 351 else "good" if score >= 221 else "sufficient" if score >= 121 else "bad"


def _share(graph: Graph, things: list[URIRef], test: Callable[[URIRef], bool]) -> float:
    return sum(1 for t in things if test(t)) / len(things) if things else 0.0


def _ind(report: QualityReport, dimension: str, name: str, share: float, maximum: int, fix: str) -> None:
    report.indicators.append(Indicator(dimension, name, round(share * maximum, 1), maximum, "" if share >= 1 else fix))


def _has(graph: Graph, s: URIRef, p: URIRef) -> bool:
    return (s, p, None) in graph


def assess(graph: Graph, fetch: Fetch, publisher: Publisher, dataset_conforms: bool | None = None,
           dcat_ap_violations: list[str] | None = None) -> QualityReport:
    """Score the catalogue ``graph``; ``fetch`` answers the HTTP status of a URL."""
    report = QualityReport(missing_settings=publisher.missing(), dataset_conforms=dataset_conforms,
                           dcat_ap=list(dcat_ap_violations or []), dcat_ap_checked=dcat_ap_violations is not None)
    # what a portal harvests: the catalogue's datasets (past releases are dcat:hasVersion values, not listed)
    datasets = sorted(graph.objects(None, DCAT.dataset))
    dists = sorted(graph.subjects(RDF.type, DCAT.Distribution))
    _findability(report, graph, datasets)
    _accessibility(report, graph, dists, fetch)
    _interoperability(report, graph, dists)
    _reusability(report, graph, datasets, dists, publisher)
    _contextuality(report, graph, datasets, dists)
    return report


def _findability(r: QualityReport, g: Graph, ds: list[URIRef]) -> None:
    d = "findability"
    _ind(r, d, "keywords", _share(g, ds, lambda s: _has(g, s, DCAT.keyword)), 30,
         "catalogue.toml [dataset] keywords_sv / keywords_en: add singular lower-case keywords")
    _ind(r, d, "categories (data themes)", _share(g, ds, lambda s: _has(g, s, DCAT.theme)), 30,
         "catalogue.toml [dataset] themes: add EU data-theme codes such as GOVE")
    _ind(r, d, "geo search (spatial coverage)", _share(g, ds, lambda s: _has(g, s, DCTERMS.spatial)), 20,
         "link the municipalities to GeoNames with owl:sameAs in data/ so the spatial coverage can be derived")
    _ind(r, d, "time-based search (temporal coverage)", _share(g, ds, lambda s: _has(g, s, DCTERMS.temporal)), 20,
         "give the partnerships dated periods in data/ so the temporal coverage can be derived")


def _accessibility(r: QualityReport, g: Graph, dists: list[URIRef], fetch: Fetch) -> None:
    d, status = "accessibility", {}
    for url in sorted({str(o) for s in dists for p in (DCAT.accessURL, DCAT.downloadURL) for o in g.objects(s, p)}
                      | {str(o) for o in g.objects(None, DCAT.endpointURL)} | {str(o) for o in g.objects(None, DCAT.landingPage)}):
        status[url] = fetch(url)
        if not 200 <= status[url] < 400:
            r.broken_links.append(f"{url} answered {status[url]}")

    def ok(prop: URIRef) -> Callable[[URIRef], bool]:
        return lambda s: any(200 <= status.get(str(o), 0) < 400 for o in g.objects(s, prop))

    _ind(r, d, "access URL accessible", _share(g, dists, ok(DCAT.accessURL)), 50,
         "the access URLs listed under broken links do not answer 2xx/3xx; check the server and the base-IRI redirect")
    _ind(r, d, "download URL", _share(g, dists, lambda s: _has(g, s, DCAT.downloadURL)), 20,
         "give every distribution a dcat:downloadURL")
    _ind(r, d, "download URL accessible", _share(g, dists, ok(DCAT.downloadURL)), 30,
         "the download URLs listed under broken links do not answer; is /download/{file} served?")


def _interoperability(r: QualityReport, g: Graph, dists: list[URIRef]) -> None:
    d = "interoperability"
    formats = lambda s: [str(o) for o in g.objects(s, DCTERMS.format)]  # noqa: E731
    _ind(r, d, "format", _share(g, dists, lambda s: bool(formats(s))), 20, "add dct:format to every distribution")
    _ind(r, d, "media type", _share(g, dists, lambda s: _has(g, s, DCAT.mediaType)), 10,
         "add dcat:mediaType (IANA IRI) to every distribution")
    _ind(r, d, "format from vocabulary", _share(g, dists, lambda s: any(f.startswith(EU + "file-type/") for f in formats(s))),
         10, "use EU file-type IRIs for dct:format (formats.FORMATS eu_file_type)")
    _ind(r, d, "non-proprietary", _share(g, dists, lambda s: any(f in OPEN_MACHINE_READABLE for f in formats(s))), 20,
         "offer the data in an open format (Turtle, JSON-LD, N-Triples, CSV)")
    _ind(r, d, "machine-readable", _share(g, dists, lambda s: any(f in OPEN_MACHINE_READABLE for f in formats(s))), 20,
         "offer the data in a machine-readable format")
    share = (0.0 if r.dcat_ap else 1.0) if r.dcat_ap_checked else 0.0
    fix = ("fix the DCAT-AP violations listed below" if r.dcat_ap_checked
           else "not checked: run `vanort check --dcat-ap-shapes <DCAT-AP 3.0.1 shacl folder>`")
    _ind(r, d, "DCAT-AP compliance", share, 30, fix)


def _reusability(r: QualityReport, g: Graph, ds: list[URIRef], dists: list[URIRef], p: Publisher) -> None:
    d = "reusability"
    _ind(r, d, "licence information", _share(g, dists, lambda s: _has(g, s, DCTERMS.license)), 20,
         "catalogue.toml [dataset] licence: name the data licence")
    _ind(r, d, "licence from vocabulary",
         _share(g, dists, lambda s: any(str(o) in KNOWN_LICENCES for o in g.objects(s, DCTERMS.license))), 10,
         "use a licence IRI portals know (e.g. http://creativecommons.org/publicdomain/zero/1.0/)")
    _ind(r, d, "access restrictions", _share(g, ds, lambda s: _has(g, s, DCTERMS.accessRights)), 10,
         "catalogue.toml [dataset] access_rights")
    _ind(r, d, "access restrictions from vocabulary",
         _share(g, ds, lambda s: any(str(o).startswith(EU + "access-right/") for o in g.objects(s, DCTERMS.accessRights))),
         5, "use an EU access-right code")
    email = lambda s: any(_has(g, c, URIRef(VCARD + "hasEmail")) for c in g.objects(s, DCAT.contactPoint))  # noqa: E731
    _ind(r, d, "contact point", _share(g, ds, email), 20,
         "catalogue.toml [contact] email is empty: set the address the municipality confirms (never a guess)")
    _ind(r, d, "publisher", _share(g, ds, lambda s: _has(g, s, DCTERMS.publisher)), 10,
         "catalogue.toml [publisher] iri")


def _contextuality(r: QualityReport, g: Graph, ds: list[URIRef], dists: list[URIRef]) -> None:
    d = "contextuality"
    _ind(r, d, "rights", _share(g, dists, lambda s: _has(g, s, DCTERMS.rights)), 5,
         "add dct:rights to the distributions (a rights statement besides the licence)")
    _ind(r, d, "file size", _share(g, dists, lambda s: _has(g, s, DCAT.byteSize)), 5, "add dcat:byteSize")
    _ind(r, d, "date of issue", _share(g, ds, lambda s: _has(g, s, DCTERMS.issued)), 5,
         "set release_date (VANORT_RELEASE_DATE or --release-date) when building")
    _ind(r, d, "modification date", _share(g, ds, lambda s: _has(g, s, DCTERMS.modified)), 5,
         "set release_date (VANORT_RELEASE_DATE or --release-date) when building")


def dcat_ap_violations(graph: Graph, shapes_dir: Path) -> list[str]:
    """pySHACL with the DCAT-AP 3.0.1 modular shapes.ttl + range.ttl; violations as text.

    The controlled-vocabulary layer (mdr-vocabularies) needs EU code lists that are not
    available offline, so the self-check leaves it to the test suite and the EU validator.
    """
    import pyshacl

    shapes = Graph()
    for name in ("shapes.ttl", "range.ttl"):
        shapes.parse(shapes_dir / name, format="turtle")
    _, report, _ = pyshacl.validate(graph, shacl_graph=shapes, advanced=True)
    sh = "http://www.w3.org/ns/shacl#"
    out = []
    for result in report.subjects(RDF.type, URIRef(sh + "ValidationResult")):
        if report.value(result, URIRef(sh + "resultSeverity")) == URIRef(sh + "Violation"):
            focus, path = report.value(result, URIRef(sh + "focusNode")), report.value(result, URIRef(sh + "resultPath"))
            message = report.value(result, URIRef(sh + "resultMessage")) or Literal("")
            out.append(f"<{focus}> {path}: {message}")
    return sorted(out)
