"""Reconciliation API 0.2 at /reconcile: every response is validated against the 0.2 schemas
in ../shared/conformance/reconciliation (draft-07, relative $refs resolved among the files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft7Validator
from referencing import Registry, Resource

from tests import conformance
from tests.conftest import media_type
from test_wikidata_diff import fixture_engine

from vanort import config
from vanort.manifest import Release
from vanort.web.app import create_app

SCHEMAS = conformance.path("reconciliation", "0.2", "schemas")


def _registry() -> Registry:
    registry = Registry()
    for path in SCHEMAS.glob("*.json"):
        document = json.loads(path.read_text("utf-8"))
        resource = Resource.from_contents(document, default_specification=__import__("referencing").jsonschema.DRAFT7)
        registry = registry.with_resource(document.get("$id", path.name), resource)
        registry = registry.with_resource(path.name, resource)
    return registry


def validate(document: object, schema: str) -> None:
    conformance.require("reconciliation", "0.2", "schemas")
    contents = json.loads((SCHEMAS / f"{schema}.json").read_text("utf-8"))
    errors = sorted(Draft7Validator(contents, registry=_registry()).iter_errors(document), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


@pytest.fixture()
def rclient(tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = config.load(tmp_path, {}, environ={})
    release = Release(tmp_path, {"version": "test", "files": {}})
    with TestClient(create_app(settings, fixture_engine(), release), base_url="http://127.0.0.1:8000") as client:
        yield client


MESSY = {
    "q0": {"query": "Vannas", "type": "https://w3id.org/vanort/def/Municipality"},
    "q1": {"query": "Storkyro"},
    "q2": {"query": "Прокупље"},
    "q3": {"query": "  HEMNES kommune "},
    "q4": {"query": "Bjurholms kommun", "type": "Municipality"},
    "q5": {"query": "cameri", "properties": [{"pid": "P635", "v": "003032"}]},
    "q6": {"query": "Isokyro"},
}
EXPECTED = {"q0": "municipality/se-2460-vannas", "q1": "municipality/fi-152-isokyro", "q2": "municipality/rs-prokuplje",
            "q3": "municipality/no-1832-hemnes", "q4": "municipality/se-2403-bjurholm",
            "q5": "municipality/it-003032-cameri", "q6": "municipality/fi-152-isokyro"}


def test_get_reconcile_manifest(rclient: TestClient) -> None:
    r = rclient.get("/reconcile")
    assert r.status_code == 200 and media_type(r) == "application/json"
    assert r.headers["access-control-allow-origin"] == "*"
    document = r.json()
    validate(document, "manifest")
    assert document["versions"] == ["0.2"]
    assert document["identifierSpace"] == "https://w3id.org/vanort/id/"
    assert {t["name"] for t in document["defaultTypes"]} == {"Municipality", "Partnership"}
    assert document["preview"]["url"].startswith("http://127.0.0.1:8000/reconcile/preview?id=")


@pytest.mark.parametrize("method", ["get", "post"])
def test_reconcile_messy_batch(rclient: TestClient, method: str) -> None:
    validate(MESSY, "reconciliation-query-batch")
    payload = {"queries": json.dumps(MESSY, ensure_ascii=False)}
    r = rclient.get("/reconcile", params=payload) if method == "get" else rclient.post("/reconcile", data=payload)
    assert r.status_code == 200 and media_type(r) == "application/json"
    assert r.headers["access-control-allow-origin"] == "*"
    document = r.json()
    validate(document, "reconciliation-result-batch")
    for key, wanted in EXPECTED.items():
        best = document[key]["result"][0]
        assert best["id"] == wanted, (key, document[key])
        assert best["match"] is True, (key, document[key])


def test_get_reconcile_codes_and_qids_as_properties(rclient: TestClient) -> None:
    batch = {"a": {"properties": [{"pid": "P525", "v": "2460"}]},
             "b": {"query": "", "properties": [{"pid": "wikidata", "v": "Q488776"}]},
             "c": {"query": "Hemnes", "properties": [{"pid": "P2504", "v": "9999"}]}}
    r = rclient.get("/reconcile", params={"queries": json.dumps(batch)})
    document = r.json()
    validate(document, "reconciliation-result-batch")
    assert document["a"]["result"][0]["id"] == "municipality/se-2460-vannas" and document["a"]["result"][0]["match"]
    assert document["b"]["result"][0]["id"] == "municipality/no-1832-hemnes"
    assert not any(c["match"] for c in document["c"]["result"])  # the code contradicts the name


def test_get_reconcile_ambiguous_is_never_a_match(rclient: TestClient) -> None:
    r = rclient.get("/reconcile", params={"queries": json.dumps({"q": {"query": "Vännäs"}})})
    document = r.json()
    validate(document, "reconciliation-result-batch")
    # Vännäs the municipality and the partnerships named after it: only one strong candidate may match.
    assert sum(c["match"] for c in document["q"]["result"]) <= 1
    unknown = rclient.get("/reconcile", params={"queries": json.dumps({"q": {"query": "Zzyzx"}})}).json()
    validate(unknown, "reconciliation-result-batch")
    assert unknown["q"]["result"] == []


def test_get_reconcile_bad_queries_is_400(rclient: TestClient) -> None:
    r = rclient.get("/reconcile", params={"queries": "{not json"})
    assert r.status_code == 400 and media_type(r) == "application/problem+json"
    assert r.json()["type"].endswith("/invalid-parameter")


def test_get_reconcile_jsonp(rclient: TestClient) -> None:
    r = rclient.get("/reconcile", params={"callback": "jQuery_123"})
    assert r.status_code == 200 and media_type(r) == "text/javascript"
    assert r.text.startswith("/**/jQuery_123(") and r.text.endswith(");")
    validate(json.loads(r.text[len("/**/jQuery_123("):-2]), "manifest")
    bad = rclient.get("/reconcile", params={"callback": "alert(1)//"})
    assert bad.status_code == 400 and media_type(bad) == "application/problem+json"


def test_get_reconcile_suggest_entity(rclient: TestClient) -> None:
    r = rclient.get("/reconcile/suggest/entity", params={"prefix": "prokup"})
    assert r.status_code == 200 and media_type(r) == "application/json"
    assert r.headers["access-control-allow-origin"] == "*"
    validate(r.json(), "suggest-entities-response")
    assert r.json()["result"][0]["id"] == "municipality/rs-prokuplje"


def test_get_reconcile_preview(rclient: TestClient) -> None:
    r = rclient.get("/reconcile/preview", params={"id": "municipality/rs-prokuplje"})
    assert r.status_code == 200 and media_type(r) == "text/html"
    # An iframe needs no CORS (the shared security middleware drops it on HTML), but it must be framable.
    assert "frame-ancestors *" in r.headers["content-security-policy"]
    assert "Прокупље" in r.text and "Q729524" in r.text
    missing = rclient.get("/reconcile/preview", params={"id": "municipality/nowhere"})
    assert missing.status_code == 404 and media_type(missing) == "application/problem+json"


def test_get_reconcile_on_the_real_release(client: TestClient, engine) -> None:  # type: ignore[no-untyped-def]
    assert engine.exists("https://w3id.org/vanort/id/municipality/se-2460-vannas")
    r = client.post("/reconcile", data={"queries": json.dumps(MESSY, ensure_ascii=False)})
    assert r.status_code == 200 and media_type(r) == "application/json"
    document = r.json()
    validate(document, "reconciliation-result-batch")
    for key in ("q0", "q1", "q2", "q3", "q6"):
        assert document[key]["result"][0]["id"] == EXPECTED[key] and document[key]["result"][0]["match"]
