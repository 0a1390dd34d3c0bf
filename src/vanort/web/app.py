"""``create_app(settings, engine, release)``: the one place the web application is built.

No module-level app: the CLI, the tests and uvicorn's factory all call this function.
Each protocol is one router module; this file only assembles them.
"""

from __future__ import annotations

from fastapi import FastAPI

from .. import __version__
from ..config import Settings
from ..manifest import Release
from ..store import Engine
from . import problems
from .security import SecurityMiddleware

# Router modules, in order of precedence (the resource router's catch-all comes last).
ROUTERS: tuple[str, ...] = ("sparql", "reconcile", "catalogue", "home", "query_ui", "downloads", "pages", "resources")


def create_app(settings: Settings, engine: Engine, release: Release) -> FastAPI:
    app = FastAPI(
        title="vanort",
        version=__version__,
        description="Municipal partnerships as linked open data: SPARQL 1.1 endpoint, "
        "dereferenceable resources, downloads.",
        docs_url="/-/docs",
        redoc_url=None,
        openapi_url="/-/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.release = release
    problems.install(app)
    app.add_middleware(SecurityMiddleware, max_body_bytes=settings.max_body_bytes)
    from importlib import import_module

    for name in ROUTERS:
        app.include_router(import_module(f"{__package__}.{name}").router)
    return app


def app_for(settings: Settings) -> FastAPI:
    """Open the current release of ``settings`` (verified) and build the app around it."""
    from ..manifest import open_current
    from ..store import OxigraphEngine

    release = open_current(settings.path("release_dir"))
    engine: Engine
    if settings.store:  # a remote SPARQL 1.1 store (issue #6)
        from ..remote_store import open_remote

        engine = open_remote(settings.store, release.path("dataset.nq"), release.version, settings.base_iri,
                             release.document.get("counts", {}).get("quads"), settings.store_load_url,
                             settings.query_timeout_s)
    elif settings.store_path:  # on-disk, read-only, shared by worker processes (issue #6)
        from ..disk_store import open_engine

        engine = open_engine(settings.path("store_path"), release, settings.base_iri)
    else:
        engine = OxigraphEngine.from_nquads(release.path("dataset.nq"), release.version, settings.base_iri)
    return create_app(settings, engine, release)


def factory() -> FastAPI:
    """uvicorn's factory for ``vanort serve --workers K``: settings from the environment
    (``VANORT_*``, set by the parent ``vanort serve``), as ``config.load`` reads them."""
    from ..config import load

    return app_for(load("."))
