"""``vanort synth``: write a synthetic project for benchmarks and scale tests (issue #6)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from . import config
from .errors import VanortError


@click.command()
@click.option("--municipalities", "-n", default=1000, show_default=True, type=click.IntRange(1),
              help="How many municipalities to generate.")
@click.option("--seed", default=1, show_default=True, type=int, help="Random seed; the same seed gives the same bytes.")
@click.option("--out", default=None, type=click.Path(file_okay=False),
              help="Project folder to write (default build/synth-<N>).")
@click.pass_context
def synth(ctx: click.Context, municipalities: int, seed: int, out: str | None) -> None:
    """Write a deterministic synthetic project (real ontology and shapes, fictitious places)."""
    from .synth import synthesise

    root = ctx.obj.get("root", ".") if ctx.obj else "."
    try:
        settings = config.load(root)
    except VanortError as exc:
        raise click.UsageError(str(exc)) from exc
    target = Path(out) if out else settings.root / "build" / f"synth-{municipalities}"
    try:
        folder = synthesise(settings, target, municipalities, seed,
                            lambda message: click.echo(f"vanort: {message}", err=True))
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(str(folder))


def store_overrides(store: str | None) -> dict[str, str]:
    """``--store``: a URL names a remote SPARQL endpoint, anything else an on-disk store folder.

    >>> store_overrides("http://127.0.0.1:7878/query"), store_overrides("build/store")
    ({'store': 'http://127.0.0.1:7878/query'}, {'store_path': 'build/store'})
    """
    if store is None:
        return {}
    return {"store": store} if store.startswith(("http://", "https://")) else {"store_path": store}


def serve_workers(settings: config.Settings, progress: Callable[[str], None]) -> None:
    """``vanort serve --workers K``: prepare the shared store once, then let uvicorn start K
    processes that each build the app with ``vanort.web.app:factory``.

    Each worker holds no state of its own: the on-disk store is opened read-only by all, or
    the remote store answers all. The settings reach the workers as ``VANORT_*`` variables
    (the documented precedence) and the project root as their working folder.
    """
    import os

    import uvicorn

    from .manifest import open_current

    if not (settings.store or settings.store_path):
        raise click.UsageError("--workers above 1 needs --store (an on-disk store folder or a SPARQL endpoint URL): "
                               "worker processes share the store instead of each loading the release")
    try:
        release = open_current(settings.path("release_dir"))
        if settings.store_path:
            from .disk_store import prepare

            prepare(settings.path("store_path"), release, progress)
        else:
            from .remote_store import open_remote

            open_remote(settings.store or "", release.path("dataset.nq"), release.version, settings.base_iri,
                        release.document.get("counts", {}).get("quads"), settings.store_load_url,
                        settings.query_timeout_s).close()
    except VanortError as exc:
        raise click.ClickException(f"{exc.title}: {exc.detail}") from exc
    for setting in config.SETTINGS:
        value = getattr(settings, setting.name)
        if value is not None:
            os.environ[f"VANORT_{setting.name.upper()}"] = str(value)
    os.chdir(settings.root)
    from .web.reload import write_pid

    # `vanort reload` (or SIGHUP) reaches the supervisor, which passes it on to every worker; each
    # opens and verifies the new release (and its on-disk store, built once) and switches in
    # place, or refuses it and goes on serving the old one (web/supervisor.py). The health-check
    # wait covers a worker's start-up on a large store.
    from .web import supervisor

    pid_file = write_pid(settings.path("release_dir"))
    progress(f"serving release {release.version} on http://{settings.host}:{settings.port}/ "
             f"with {settings.workers} workers (pid {os.getpid()}; `vanort reload` or SIGHUP picks up a new release)")
    try:
        supervisor.run(uvicorn.Config("vanort.web.app:worker_factory", factory=True, workers=settings.workers,
                                      host=settings.host, port=settings.port, log_level="info",
                                      access_log=settings.access_log, proxy_headers=False,
                                      timeout_worker_healthcheck=600))
    finally:
        pid_file.unlink(missing_ok=True)
