"""``/download/``: listing, files, validators, 304, HEAD, gzip, refusals (#3)."""

from __future__ import annotations

import gzip
import hashlib

from rdflib import Graph

from tests.conftest import media_type


def test_get_download_listing_json(client, release) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/download/", headers={"Accept": "application/json"})
    assert r.status_code == 200
    assert media_type(r) == "application/json"
    files = {f["name"]: f for f in r.json()["files"]}
    assert files["data.ttl"]["sha256"] == release.files["data.ttl"]["sha256"]
    assert files["data.ttl"]["bytes"] > 0 and r.json()["version"] == release.version


def test_get_download_listing_html(client, release) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/download/", headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert release.files["dataset.nq"]["sha256"] in r.text and 'href="/download/data.ttl"' in r.text


def test_get_download_without_slash_no_redirect(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/download", headers={"Accept": "application/json"}, follow_redirects=False)
    assert r.status_code == 200
    assert media_type(r) == "application/json"
    assert r.json()["files"]


def test_get_download_file_turtle(client, release) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/download/data.ttl", headers={"Accept-Encoding": "identity"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    assert r.headers["etag"] == f'"{release.files["data.ttl"]["sha256"]}"'
    assert r.headers["content-disposition"] == 'attachment; filename="data.ttl"'
    assert "last-modified" in r.headers
    assert hashlib.sha256(r.content).hexdigest() == release.files["data.ttl"]["sha256"]
    assert len(Graph().parse(data=r.text, format="turtle")) > 0


def test_get_download_file_gzip(client, release) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/download/dataset.nq", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert media_type(r) == "application/n-quads"
    assert r.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in r.headers["vary"]
    # httpx decodes the body: it must be the very file the manifest names
    assert hashlib.sha256(r.content).hexdigest() == release.files["dataset.nq"]["sha256"]


def test_get_download_if_none_match_is_304(client, release) -> None:  # type: ignore[no-untyped-def]
    etag = f'"{release.files["data.nt"]["sha256"]}"'
    r = client.get("/download/data.nt", headers={"If-None-Match": etag, "Accept-Encoding": "identity"})
    assert r.status_code == 304
    assert r.headers["etag"] == etag and r.content == b""


def test_get_download_if_modified_since_is_304(client) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/download/data.nt", headers={"Accept-Encoding": "identity"})
    r = client.get("/download/data.nt", headers={"If-Modified-Since": first.headers["last-modified"],
                                                 "Accept-Encoding": "identity"})
    assert r.status_code == 304
    assert r.headers["last-modified"] == first.headers["last-modified"]


def test_get_download_stale_etag_is_200(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/download/data.nt", headers={"If-None-Match": '"0000"', "Accept-Encoding": "identity"})
    assert r.status_code == 200
    assert media_type(r) == "application/n-triples"
    assert r.content.count(b"\n") > 0


def test_head_download_file(client, release) -> None:  # type: ignore[no-untyped-def]
    r = client.head("/download/data.ttl", headers={"Accept-Encoding": "identity"})
    assert r.status_code == 200
    assert media_type(r) == "text/turtle"
    assert r.headers["etag"] == f'"{release.files["data.ttl"]["sha256"]}"' and r.content == b""


def test_get_download_unknown_is_404_problem(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/download/nothing.ttl")
    assert r.status_code == 404
    assert media_type(r) == "application/problem+json"
    assert r.json()["type"].endswith("/not-found")


def test_get_download_traversal_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/download/..%2Fmanifest.json", "/download/%2E%2E/%2E%2E/pyproject.toml"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert media_type(r) == "application/problem+json"
        assert "pyproject" not in r.text or r.json()["status"] == 404


def test_get_download_gzip_q0_is_identity(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/download/data.ttl", headers={"Accept-Encoding": "gzip;q=0"})
    assert r.status_code == 200
    assert media_type(r) == "text/turtle"
    assert "content-encoding" not in r.headers
    assert gzip.decompress(gzip.compress(r.content)) == r.content


def test_a_large_file_is_streamed_from_disk_with_ranges_and_without_gzip(client, release, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # issue #13: dataset.nq is 2.8 GB at N = 100,000; it must never be read whole into memory,
    # compressed per release or held by the response cache (the threshold is lowered here)
    from vanort.web import downloads

    monkeypatch.setattr(downloads, "STREAM_MIN_BYTES", 0)
    whole = release.path("data.nt").read_bytes()
    r = client.get("/download/data.nt", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200 and "content-encoding" not in r.headers
    assert r.content == whole and int(r.headers["content-length"]) == len(whole)
    assert r.headers["etag"] == f'"{release.files["data.nt"]["sha256"]}"' and r.headers["accept-ranges"] == "bytes"
    assert media_type(r) == "application/n-triples"
    part = client.get("/download/data.nt", headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == whole[10:20]
    head = client.head("/download/data.nt")
    assert head.status_code == 200 and head.content == b"" and head.headers["content-length"] == str(len(whole))
    assert client.get("/download/data.nt", headers={"If-None-Match": r.headers["etag"]}).status_code == 304
    again = client.get("/download/data.nt", headers={"Accept-Encoding": "gzip"})
    assert again.content == whole
