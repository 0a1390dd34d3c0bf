"""The two datasets on the web (issue #14): every distribution answers from the real server with
its declared media type and checksum; /psidata and /download show each dataset with its licence
and attribution."""

from __future__ import annotations

import hashlib

import httpx
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from tests.conftest import media_type
from vanort import config
from vanort.web.origin import to_local

SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA = "https://www.iana.org/assignments/media-types/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
CC_BY_SA = "http://creativecommons.org/licenses/by-sa/4.0/"


def test_every_distribution_answers_200_from_the_live_server_with_its_media_type_and_checksum(
        live_server: str, settings: config.Settings) -> None:
    r = httpx.get(live_server + "/datasets/dcat", headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code == 200 and media_type(r) == "text/turtle"
    g = Graph().parse(data=r.text, format="turtle")
    owners = {d: ds for ds in g.objects(None, DCAT.dataset) for d in g.objects(ds, DCAT.distribution)}
    assert {str(ds).rsplit("#", 1)[-1] for ds in owners.values()} == {"dataset", "national"}
    assert len(owners) == len(set(g.subjects(RDF.type, DCAT.Distribution))) >= 20
    for d in owners:
        url = str(g.value(d, DCAT.downloadURL))
        local = to_local(url, settings.base_iri)
        assert local is not None, url
        answer = httpx.get(live_server + local, timeout=60)
        assert answer.status_code == 200, (url, answer.status_code)
        assert media_type(answer) == str(g.value(d, DCAT.mediaType)).removeprefix(IANA), url
        declared = str(g.value(g.value(d, SPDX.checksum), SPDX.checksumValue))
        assert hashlib.sha256(answer.content).hexdigest() == declared, url
        assert int(g.value(d, DCAT.byteSize)) == len(answer.content), url


def test_get_psidata_shows_both_datasets_with_licence_and_attribution(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/psidata")
    assert r.status_code == 200 and media_type(r) == "text/html"
    text = r.text
    assert "Vännäs kommuns vänorter och regionala samarbeten" in text
    assert "Register över svenska kommuners vänorter och partnerskap" in text
    assert f'href="{CC0}" rel="license">CC0 1.0' in text and f'href="{CC_BY_SA}" rel="license">CC BY-SA 4.0' in text
    assert "Attribution: " in text and "Wikipedia contributors" in text
    assert "http://127.0.0.1:8000/download/vannas.nq" in text and "http://127.0.0.1:8000/download/dataset.nq" in text


def test_get_download_html_groups_the_files_by_dataset_with_licence(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/download/", headers={"Accept": "text/html", "Accept-Language": "en"})
    assert r.status_code == 200 and media_type(r) == "text/html"
    text = r.text
    vannas, national = text.index("Twin towns and regional cooperation of Vännäs Municipality"), text.index(
        "Register of the twin towns and partnerships of Swedish municipalities")
    assert vannas < text.index('href="/download/vannas.nq"') < national < text.index('href="/download/dataset.nq"')
    assert 'rel="license">CC0 1.0' in text[vannas:national] and 'rel="license">CC BY-SA 4.0' in text[national:]
    assert "Wikipedia contributors" in text[national:]
    assert text.index("The catalogue and the other files") < text.index('href="/download/catalogue.ttl"')


def test_get_download_json_names_each_dataset_and_its_files(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/download/", headers={"Accept": "application/json"})
    assert r.status_code == 200 and media_type(r) == "application/json"
    by_key = {d["iri"].rsplit("#", 1)[-1]: d for d in r.json()["datasets"]}
    assert by_key["dataset"]["licence"] == CC0 and "vannas.ttl" in by_key["dataset"]["files"]
    assert by_key["national"]["licence"] == CC_BY_SA and "data.ttl" in by_key["national"]["files"]
    listed = {f["name"] for f in r.json()["files"]}
    assert set(by_key["dataset"]["files"]) | set(by_key["national"]["files"]) <= listed


def test_get_datasets_dcat_names_both_datasets(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/datasets/dcat")
    assert r.status_code == 200 and media_type(r) == "application/rdf+xml"
    g = Graph().parse(data=r.content, format="xml")
    base = "https://w3id.org/vanort/datasets/dcat#"
    assert set(g.objects(None, DCAT.dataset)) == {URIRef(base + "dataset"), URIRef(base + "national")}
    assert str(g.value(URIRef(base + "national"), DCTERMS.license)) == CC_BY_SA
