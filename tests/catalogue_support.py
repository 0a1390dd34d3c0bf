"""Helpers for the catalogue tests (issue #4): a project copy with a test catalogue.toml.

The project's catalogue.toml leaves the contact e-mail empty (nobody confirmed one), so the
tests copy it and set a reserved example address (RFC 2606 example.org), never a real one.
"""

from __future__ import annotations

from pathlib import Path

from vanort import build, config
from vanort.manifest import Release, open_release
from vanort.store import OxigraphEngine

from tests import conformance
from tests.conftest import PROJECT, ROOT, copy_project, media_type  # noqa: F401 - used by the catalogue tests

TEST_EMAIL = "opendata@example.org"
SHARED_DCAT_AP = conformance.path("dcat-ap")


# A release history for the tests (the project has published none yet): two made-up past
# releases, so that the DCAT-AP shapes also check the dcat:hasVersion resources.
TEST_HISTORY = """
[[history]]
version = "0123456789ab"
issued = 2026-01-15
notes_sv = "Testutgåva (finns bara i testerna)."
notes_en = "Test release (exists in the tests only)."

[[history]]
version = "a1b2c3d4e5f6"
issued = "2026-06-01"
notes_sv = "Andra testutgåvan."
notes_en = "Second test release."
"""


def catalogue_toml(email: str = TEST_EMAIL, history: str = TEST_HISTORY) -> str:
    text = (ROOT / "catalogue.toml").read_text("utf-8")
    assert 'email = ""' in text or "email =" in text
    return text.replace('email = ""', f'email = "{email}"') + history


def build_project(target: Path, email: str = TEST_EMAIL, release_date: str | None = None,
                  messages: list[str] | None = None) -> tuple[config.Settings, Release]:
    """Copy the project under test, write the catalogue.toml copy, build a release."""
    root = copy_project(PROJECT, target / "project")
    (root / "catalogue.toml").write_text(catalogue_toml(email), "utf-8")
    settings = config.load(root, {"release_dir": str(target / "release"), "release_date": release_date}, environ={})
    folder = build.build(settings, (messages.append if messages is not None else lambda _: None))
    return settings, open_release(folder)


def make_app(settings: config.Settings, release: Release):  # type: ignore[no-untyped-def]
    """The app around a release, with the download router even before it is registered."""
    from importlib import import_module, util

    from vanort.web import app as web_app

    engine = OxigraphEngine.from_nquads(release.path("dataset.nq"), release.version, settings.base_iri)
    app = web_app.create_app(settings, engine, release)
    if "downloads" not in web_app.ROUTERS and util.find_spec("vanort.web.downloads") is not None:
        app.include_router(import_module("vanort.web.downloads").router)
    return app


def catalogue_files(settings: config.Settings, target: Path, email: str = TEST_EMAIL,
                    release_date: str | None = None, messages: list[str] | None = None,
                    history: str = TEST_HISTORY) -> dict[str, bytes]:
    """The catalogue/VoID artefacts of the project for another catalogue.toml or date,
    without a second full build (the SHACL validation of the real data is slow)."""
    from vanort import catalogue, release

    checked = build.check(settings)
    target.mkdir(parents=True, exist_ok=True)
    (target / "catalogue.toml").write_text(catalogue_toml(email, history), "utf-8")
    other = config.replace(settings, root=target, release_date=release_date)
    ontology, shapes = checked.sources.quads("ontology"), checked.sources.quads("shapes")
    files = release.artefacts(settings.base_iri, checked.data, ontology, shapes, checked.report.graph,
                              parts=checked.parts())
    extra = catalogue.release_artefacts(other, checked, files, release.version_of(files, *catalogue.version_inputs(other)),
                                        messages.append if messages is not None else (lambda _: None))
    return {a.name: a.content for a in [*files, *extra]}  # type: ignore[union-attr]
