"""Nothing about the server's file system on a public answer (issue #15): every kind of page,
in sv and en, as HTML, plus the JSON of the status and quality routes and the error pages, is
searched for the project's folder, the release folder and the temporary folder the session
builds in. (The quality check once showed ``…/catalogue.toml`` with its full path.)"""

from __future__ import annotations

import tempfile

import pytest

from tests.web.page_kinds import KINDS, LANGUAGES, with_language
from vanort.config import Settings
from vanort.manifest import Release

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# answers for programs that are public too
MACHINE = ("/-/status", "/-/quality", "/sparql?query=ASK%20%7B", "/no/such/page", "/-/openapi.json",
           "/datasets/dcat", "/.well-known/void")


def secrets(settings: Settings, release: Release) -> list[str]:
    """Folder names a visitor must not learn (each long enough not to occur by chance)."""
    folders = {str(settings.root), str(release.folder), str(release.folder.parent), tempfile.gettempdir() + "/"}
    return sorted(f for f in folders if len(f) > 4)


@pytest.mark.parametrize("language", LANGUAGES)
def test_get_every_page_kind_names_no_server_folder(client, settings: Settings, release: Release,  # type: ignore[no-untyped-def]
                                                     language: str) -> None:
    hidden = secrets(settings, release)
    assert str(settings.root) in hidden
    for kind, path in KINDS.items():
        response = client.get(with_language(path, language), headers={"accept": BROWSER})
        assert response.headers["content-type"].startswith("text/html"), (kind, response.headers["content-type"])
        assert response.status_code < 500, (kind, response.status_code)
        leaked = [h for h in hidden if h in response.text]
        assert not leaked, f"{kind} ({path}) shows {leaked}"


def test_get_status_quality_and_errors_for_programs_name_no_server_folder(client, settings: Settings,  # type: ignore[no-untyped-def]
                                                                          release: Release) -> None:
    hidden = secrets(settings, release)
    for path in MACHINE:
        response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
        assert response.content, path
        leaked = [h for h in hidden if h in response.text]
        assert not leaked, f"{path} ({response.headers['content-type']}) shows {leaked}"
    quality = client.get("/-/quality").json()  # still says which setting is missing, by the file's name
    assert all(m.startswith("catalogue.toml [") for m in quality["missing_settings"]), quality["missing_settings"]
