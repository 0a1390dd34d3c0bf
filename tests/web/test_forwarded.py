"""The origin links name, and the inputs that used to give 500 (issue #11).

``X-Forwarded-Host``/``-Proto`` count only from ``trusted_proxies``; ``Host`` and forwarded
values are checked; responses that depend on them say so with ``Vary``; the response cache
cannot be poisoned; the portal self-check runs once whatever host is named; a path that names
no IRI, a file name no file system takes and an unexpected exception are problems with the CSP.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.conftest import media_type
from tests.web.conftest import assert_problem
from vanort import config
from vanort.manifest import Release
from vanort.store import OxigraphEngine
from vanort.web.app import create_app
from vanort.web.security import CSP

TURTLE = {"Accept": "text/turtle"}
HTML = {"Accept": "text/html"}
PATH = "/id/municipality/se-2460-vannas"
PROXY = ("10.1.2.3", 40000)


@pytest.fixture()
def proxied(settings: config.Settings, engine: OxigraphEngine, release: Release) -> Iterator[TestClient]:
    """A client whose connection comes from a trusted proxy."""
    app = create_app(config.replace(settings, trusted_proxies="10.0.0.0/8"), engine, release)
    with TestClient(app, base_url="http://127.0.0.1:8000", client=PROXY) as test_client:
        yield test_client


@pytest.fixture()
def stranger(settings: config.Settings, engine: OxigraphEngine, release: Release) -> Iterator[TestClient]:
    """A client from an address that is not a trusted proxy, on the same settings."""
    app = create_app(config.replace(settings, trusted_proxies="10.0.0.0/8"), engine, release)
    with TestClient(app, base_url="http://127.0.0.1:8000", client=("192.0.2.7", 40000)) as test_client:
        yield test_client


def test_setting_trusted_proxies_is_validated(settings: config.Settings) -> None:
    loaded = config.load(settings.root, {"trusted_proxies": "127.0.0.1, 10.0.0.0/8"}, environ={})
    assert loaded.trusted_proxies == "127.0.0.1/32, 10.0.0.0/8"
    assert config.load(settings.root, {}, environ={}).trusted_proxies is None
    with pytest.raises(config.ConfigError, match="trusted_proxies"):
        config.load(settings.root, {"trusted_proxies": "not-an-address"}, environ={})


def test_get_id_forwarded_headers_from_trusted_proxy_name_the_origin(proxied: TestClient) -> None:
    r = proxied.get(PATH, headers={**TURTLE, "X-Forwarded-Proto": "https", "X-Forwarded-Host": "data.example.se, x"})
    assert r.status_code == 200 and media_type(r) == "text/turtle"
    assert f"<https://data.example.se{PATH}.jsonld>" in r.headers["link"]
    assert r.headers["vary"] == "Accept, Accept-Language, Host, X-Forwarded-Host, X-Forwarded-Proto"


def test_get_id_forwarded_headers_from_stranger_are_dropped_not_cached(stranger: TestClient, proxied: TestClient) -> None:
    evil = {**TURTLE, "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}
    r = stranger.get(PATH, headers=evil)
    assert r.status_code == 200 and media_type(r) == "text/turtle"
    assert "evil.example" not in r.headers["link"] and f"<http://127.0.0.1:8000{PATH}.ttl>" in r.headers["link"]
    # A stranger's request with a forwarded host never fills the cache slot of a proxy's request.
    again = stranger.get(PATH, headers=TURTLE)
    assert again.headers["link"] == r.headers["link"]


@pytest.mark.parametrize(("name", "value"), [
    ("X-Forwarded-Host", 'a"'), ("X-Forwarded-Host", "a>b"), ("X-Forwarded-Host", "x:99999"),
    ("X-Forwarded-Proto", "gopher"), ("X-Forwarded-Proto", ""), ("X-Forwarded-Proto", "javascript"),
])
def test_get_sparql_bad_forwarded_value_from_trusted_proxy_is_400(proxied: TestClient, name: str, value: str) -> None:
    r = proxied.get("/sparql", headers={**TURTLE, name: value})
    body = assert_problem(r, 400, "invalid-header")
    assert name in str(body["detail"])


@pytest.mark.parametrize("value", ['a"', "gopher", ""])
def test_get_sparql_bad_forwarded_value_from_stranger_is_ignored(stranger: TestClient, value: str) -> None:
    r = stranger.get("/sparql", headers={**TURTLE, "X-Forwarded-Host": value, "X-Forwarded-Proto": value})
    assert r.status_code == 200 and media_type(r) == "text/turtle"
    assert b"<http://127.0.0.1:8000/sparql>" in r.content


@pytest.mark.parametrize("host", ['a"', "a>b", "a b", "[::1", "x:99999", "a,b", ""])
def test_get_any_route_invalid_host_is_400(client: TestClient, host: str) -> None:
    r = client.get("/sparql", headers={**TURTLE, "Host": host})
    body = assert_problem(r, 400, "invalid-header")
    assert "Host" in str(body["detail"])


def test_get_quality_forwarded_proto_gopher_not_500_and_checked_once(client: TestClient, proxied: TestClient) -> None:
    first = client.get("/-/quality", headers={"Accept": "application/json", "X-Forwarded-Proto": "gopher"})
    assert first.status_code == 200 and media_type(first) == "application/json"
    assert first.json()["score"] > 0
    assert_problem(proxied.get("/-/quality", headers={"Accept": "application/json", "X-Forwarded-Proto": "gopher"}),
                   400, "invalid-header")
    kept = client.app.state.quality_report  # type: ignore[attr-defined]
    for n in range(3):  # new hosts do not make new self-checks
        r = client.get("/-/quality", headers={"Accept": "application/json", "Host": f"host{n}.example"})
        assert r.status_code == 200 and r.json() == first.json()
    assert client.app.state.quality_report is kept  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/def/%22", "/shapes/%3E", "/def/%zz", "/id/%3C%3E", "/shapes/a%20b", "/graph/%7B"])
def test_get_path_that_names_no_iri_is_400(client: TestClient, path: str) -> None:
    body = assert_problem(client.get(path, headers=TURTLE), 400, "invalid-iri")
    assert "does not name an IRI" in str(body["detail"])
    page = client.get(path, headers=HTML)
    assert page.status_code == 400 and media_type(page) == "text/html"
    assert page.headers["content-security-policy"] == CSP


@pytest.mark.parametrize("name", ["x" * 300, "vendor/" + "y" * 5000, "a%00b"])
def test_get_static_impossible_name_is_404(client: TestClient, name: str) -> None:
    assert_problem(client.get("/static/" + name, headers={"Accept": "application/json"}), 404, "not-found")


def test_unexpected_exception_is_500_problem_with_csp(settings: config.Settings, engine: OxigraphEngine,
                                                      release: Release, caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(settings, engine, release)

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/-/broken", broken)
    app.router.routes.insert(0, app.router.routes.pop())  # before the resource router's catch-all
    with TestClient(app, base_url="http://127.0.0.1:8000") as test_client:
        r = test_client.get("/-/broken", headers=HTML)
        assert r.status_code == 500 and media_type(r) == "text/html"
        assert r.headers["content-security-policy"] == CSP
        assert "a bug" not in r.text
        body = assert_problem(test_client.get("/-/broken"), 500, "internal-error")
    assert any(str(body["request_id"]) in record.getMessage() for record in caplog.records)
