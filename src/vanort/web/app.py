"""``create_app(settings, engine, release)``: the one place the web application is built.

No module-level app: the CLI, the tests and uvicorn's factory all call this function.
Each protocol is one router module; this file only assembles them.
"""

from __future__ import annotations

import threading
from pathlib import Path
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from .. import __version__
from ..config import Settings
from ..manifest import Release
from ..store import Engine
from . import problems
from .forwarded import ForwardedHeaders, OriginVary
from .lean import LeanFastAPI
from .methods import AllowedMethods, HeadAsGet
from .response_cache import ResponseCacheMiddleware
from .security import SecurityMiddleware

# Router modules, in order of precedence (the resource router's catch-all comes last).
ROUTERS: tuple[str, ...] = ("sparql", "status", "reconcile", "catalogue", "home", "query_ui", "api_docs", "downloads",
                            "pages", "resources")


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    close = getattr(app.state, "close", None)
    if close is not None:
        close()  # stop the query workers with the server


def create_app(settings: Settings, engine: Engine, release: Release) -> FastAPI:
    app = LeanFastAPI(
        lifespan=_lifespan,
        title="vanort",
        version=__version__,
        description="Municipal partnerships as linked open data: SPARQL 1.1 endpoint, "
        "dereferenceable resources, downloads.",
        docs_url=None,  # web/api_docs.py: Swagger UI from this server, not FastAPI's CDN page
        redoc_url=None,
        openapi_url="/-/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.release = release
    app.state.reload_lock = threading.Lock()
    app.state.quality_lock = threading.Lock()  # the portal self-check runs once (web/catalogue.py)
    problems.install(app)
    # Starlette runs the middleware added last first: the security headers apply to replayed
    # responses too; untrusted forwarded headers are gone before the response cache keys a
    # request, and the Vary a route's use of the origin adds is kept with the response. HEAD is
    # a GET from the outermost layer in, so it gets GET's headers and cached answers; methods a
    # path does not take are refused innermost, with the security headers (web/methods.py).
    app.add_middleware(AllowedMethods)
    app.add_middleware(OriginVary, settings=settings)
    app.add_middleware(ResponseCacheMiddleware)
    app.add_middleware(ForwardedHeaders, settings=settings)
    app.add_middleware(SecurityMiddleware, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(HeadAsGet)
    from importlib import import_module

    for name in ROUTERS:
        app.include_router(import_module(f"{__package__}.{name}").router)
    return app


def app_for(settings: Settings) -> FastAPI:
    """Open the current release of ``settings`` (verified) and build the app around it."""
    from ..manifest import open_current

    release = open_current(settings.path("release_dir"))
    engine = open_engine(settings, release)
    app = create_app(settings, engine, release)
    app.state.close = getattr(engine, "close", None)
    return app


def open_engine(settings: Settings, release: Release) -> Engine:
    """The engine for a release: embedded (in memory or on disk) or remote; user queries of an
    embedded store run in killable worker processes; repeated answers come from a cache."""
    from ..cache import AnswerCache, CachingEngine
    from ..engine.sandbox import Policy
    from ..isolation import IsolatedEngine, StoreSpec, WorkerPool
    from ..store import OxigraphEngine

    if settings.store:  # a remote SPARQL 1.1 store (issue #6): it enforces its own limits
        from ..remote_store import open_remote

        remote = open_remote(settings.store, release.path("dataset.nq"), release.version, settings.base_iri,
                             release.document.get("counts", {}).get("quads"), settings.store_load_url,
                             settings.query_timeout_s)
        return CachingEngine(remote, AnswerCache(settings.cache_bytes))  # type: ignore[return-value]
    folder = None
    local: OxigraphEngine
    store_path = on_disk(settings, release)
    if store_path is not None:  # on-disk, read-only, shared by worker processes (issue #6)
        from ..disk_store import open_engine as open_disk, prepare

        local = open_disk(store_path, release, settings.base_iri)
        folder = str(prepare(store_path, release) / "db")
    else:
        local = OxigraphEngine.from_nquads(release.path("dataset.nq"), release.version, settings.base_iri)
    spec = StoreSpec(str(release.path("dataset.nq")), release.version, settings.base_iri, folder)
    policy = Policy(network=settings.query_sandbox == "required", memory_mb=settings.worker_memory_mb)
    pool = WorkerPool(spec, settings.query_workers, settings.query_timeout_s, settings.queue_wait_s, policy=policy)
    return CachingEngine(IsolatedEngine(local, pool), AnswerCache(settings.cache_bytes))  # type: ignore[return-value]


def on_disk(settings: Settings, release: Release) -> Path | None:
    """Where the on-disk store of a release is kept, or None to serve it from memory.

    In memory, the web process and every query worker hold a copy of about 1.5 times the
    N-Quads size each (bench/NOTES.md): beyond a small release that is the largest part of
    serving memory, so a release larger than ``memory_store_max_mb`` is served from one
    on-disk store that all of them open read-only (issue #13), in ``store_path`` if set. Below
    it, memory: aggregates ran 2-3 times faster there than on disk at N = 1,000.
    """
    if settings.store_path:
        return settings.path("store_path")
    if release.path("dataset.nq").stat().st_size > settings.memory_store_max_mb * 1024 * 1024:
        return settings.root / "build" / "store"
    return None


def factory() -> FastAPI:
    """uvicorn's factory for ``vanort serve --workers K``: settings from the environment
    (``VANORT_*``, set by the parent ``vanort serve``), as ``config.load`` reads them."""
    from ..config import load

    return app_for(load("."))


def worker_factory() -> FastAPI:
    """The app of each ``serve --workers`` process: ``factory``'s, switching release in place
    on the SIGHUP that the supervisor passes on (``supervisor.py``)."""
    from .reload import install_signal

    app = factory()
    install_signal(app)
    return app
