"""Routes of issue #4: /datasets/dcat, /.well-known/void, /-/quality, /psidata, and every
download URL of the catalogue answering 200 with the checksum it declares."""

from __future__ import annotations

import hashlib

import pytest
from tests.catalogue_support import build_project, make_app, media_type
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, RDF

from vanort.web.origin import to_local

SPDX = Namespace("http://spdx.org/rdf/terms#")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    settings, release = build_project(tmp_path_factory.mktemp("routes"))
    return settings, release, make_app(settings, release)


@pytest.fixture()
def client(built):  # type: ignore[no-untyped-def]
    with TestClient(built[2], base_url="http://127.0.0.1:8000") as c:
        yield c


def test_get_datasets_dcat_default_is_rdfxml(client, built) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/datasets/dcat")
    assert r.status_code == 200 and media_type(r) == "application/rdf+xml"
    assert r.headers["vary"] == "Accept"
    assert r.headers["etag"] == '"' + built[1].files["catalogue.rdf"]["sha256"] + '"'
    g = Graph().parse(data=r.content, format="xml")
    assert len(list(g.subjects(RDF.type, DCAT.Catalog))) == 1


@pytest.mark.parametrize("accept,expected,fmt", [
    ("text/turtle", "text/turtle", "turtle"), ("application/n-triples", "application/n-triples", "nt"),
    ("text/turtle;q=0.5, application/rdf+xml;q=0.9", "application/rdf+xml", "xml")])
def test_get_datasets_dcat_negotiated(client, accept, expected, fmt) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/datasets/dcat", headers={"Accept": accept})
    assert r.status_code == 200 and media_type(r) == expected
    assert r.headers["content-type"].endswith("charset=utf-8")
    g = Graph().parse(data=r.content, format=fmt)
    assert (None, DCAT.endpointURL, None) in g


def test_get_datasets_dcat_jsonld(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/datasets/dcat", headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and media_type(r) == "application/ld+json"
    assert "dcat" in r.text and r.json()


def test_get_datasets_dcat_image_png_is_406(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/datasets/dcat", headers={"Accept": "image/png"})
    assert r.status_code == 406 and media_type(r) == "application/problem+json"
    assert "application/rdf+xml" in r.json()["accepted"]


def test_get_datasets_dcat_if_none_match_is_304(client) -> None:  # type: ignore[no-untyped-def]
    etag = client.get("/datasets/dcat").headers["etag"]
    r = client.get("/datasets/dcat", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.headers["etag"] == etag and not r.content


def test_get_well_known_void_turtle(client, built) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/.well-known/void")
    assert r.status_code == 200 and media_type(r) == "text/turtle"
    g = Graph().parse(data=r.content, format="turtle")
    base = built[0].base_iri
    assert (None, URIRef("http://rdfs.org/ns/void#sparqlEndpoint"), URIRef(base + "sparql")) in g


def test_get_well_known_void_csv_is_406(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/.well-known/void", headers={"Accept": "text/csv"}).status_code == 406


def test_get_psidata_html_lists_the_dataset(client, built) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/psidata")
    assert r.status_code == 200 and media_type(r) == "text/html"
    assert "/datasets/dcat" in r.text and "http://127.0.0.1:8000/download/data.ttl" in r.text
    assert built[1].version in r.text
    # the earlier releases of the test catalogue.toml, newest first
    assert "Tidigare utgåvor / Earlier releases" in r.text
    assert r.text.index("a1b2c3d4e5f6") < r.text.index("0123456789ab") and "Second test release." in r.text


def test_get_quality_json_names_missing_and_scores(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/-/quality", headers={"Accept": "application/json"})
    assert r.status_code == 200 and media_type(r) == "application/json"
    body = r.json()
    assert 0 < body["score"] <= body["maximum"] == 405
    assert set(body["dimensions"]) == {"findability", "accessibility", "interoperability", "reusability", "contextuality"}
    assert body["missing_settings"] == []  # the test catalogue.toml has an e-mail
    assert all(i["fix"] for i in body["indicators"] if i["points"] < i["maximum"])


def test_get_quality_html(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/-/quality", headers={"Accept": "text/html"})
    assert r.status_code == 200 and media_type(r) == "text/html"
    assert "Metadata quality self-check" in r.text and "findability" in r.text


def test_every_download_url_answers_200_with_its_checksum(client, built) -> None:  # type: ignore[no-untyped-def]
    """Needs /download/{file} (web/downloads.py); the app includes it even before ROUTERS does."""
    settings = built[0]
    g = Graph().parse(data=client.get("/datasets/dcat", headers={"Accept": "text/turtle"}).content, format="turtle")
    dists = list(g.subjects(RDF.type, DCAT.Distribution))
    assert dists
    for d in dists:
        url = str(g.value(d, DCAT.downloadURL))
        local = to_local(url, settings.base_iri)
        assert local is not None, url
        r = client.get(local)
        assert r.status_code == 200, (url, r.status_code)
        declared = str(g.value(g.value(d, SPDX.checksum), SPDX.checksumValue))
        assert hashlib.sha256(r.content).hexdigest() == declared, url


def test_get_quality_is_computed_once_per_release(client) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/-/quality", headers={"Accept": "application/json"})
    assert first.status_code == 200
    assert first.headers["content-type"].split(";")[0] == "application/json"
    assert "score" in first.text or "indicators" in first.text
    again = client.get("/-/quality", headers={"Accept": "application/json", "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
