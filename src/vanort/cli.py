"""The ``vanort`` command. Thin wrappers: each command calls one function of the package.

Exit codes follow pySHACL: 0 success, 1 the data does not conform, 2 input or usage error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from . import __version__
from . import config
from .errors import VanortError


def _settings(ctx: click.Context, **overrides: Any) -> config.Settings:
    root = ctx.obj.get("root", ".") if ctx.obj else "."
    try:
        return config.load(root, overrides)
    except VanortError as exc:
        raise click.UsageError(str(exc)) from exc


def _assigned(assignments: tuple[str, ...]) -> dict[str, str]:
    """``NAME=VALUE`` pairs of ``--set``; a pair without '=' is a usage error naming it."""
    values = {}
    for pair in assignments:
        name, equals, value = pair.partition("=")
        if not equals:
            raise click.BadParameter(f"{pair!r}: write NAME=VALUE", param_hint="--set")
        values[name.strip()] = value.strip()
    return values


def _progress(message: str) -> None:
    click.echo(f"vanort: {message}", err=True)


def _fail(exc: VanortError) -> None:
    click.echo(f"vanort: {exc.title}:\n{exc.detail}", err=True)
    sys.exit(exc.exit_code)


class DefaultGroup(click.Group):
    """A group whose default command is ``serve`` (datasette's habit)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0].startswith("-") and args[0] not in ("--help", "--version", "--root")):
            args = ["serve", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup)
@click.version_option(__version__, prog_name="vanort")
@click.option("--root", default=".", show_default=True, help="Project folder (with data/, ontology/, shapes/).")
@click.pass_context
def main(ctx: click.Context, root: str) -> None:
    """vanort: publish municipal partnerships as linked open data."""
    ctx.ensure_object(dict)
    ctx.obj["root"] = root


@main.command()
@click.option("--base-iri", default=None, help="Base IRI of every resource.")
@click.pass_context
def validate(ctx: click.Context, base_iri: str | None) -> None:
    """Validate data/ against shapes/ with the ontology (exit 0 conforms, 1 not, 2 input error)."""
    from . import build as build_flow  # pySHACL and rdflib: loaded by the commands that validate only

    settings = _settings(ctx, base_iri=base_iri)
    try:
        checked = build_flow.check(settings, _progress)
    except VanortError as exc:
        _fail(exc)
        return
    click.echo(checked.report.text())
    for problem in checked.links.problems:
        click.echo(f"identifier: {problem}")
    sys.exit(0 if checked.report.conforms and checked.links.ok else 1)


@main.command()
@click.option("--base-iri", default=None, help="Base IRI of every resource.")
@click.option("--release-dir", default=None, help="Where releases are written.")
@click.option("--release-date", default=None, help="Release date for the catalogue (YYYY-MM-DD).")
@click.option("--if-needed", is_flag=True, help="Do nothing when a valid current release exists and no source is newer.")
@click.pass_context
def build(ctx: click.Context, base_iri: str | None, release_dir: str | None, release_date: str | None,
          if_needed: bool) -> None:
    """Build a release: validate, then write every artefact to release/<version>/."""
    from . import build as build_flow

    settings = _settings(ctx, base_iri=base_iri, release_dir=release_dir, release_date=release_date)
    if if_needed and build_flow.up_to_date(settings):
        _progress("the current release is up to date")
        return
    try:
        with _termination_as_exit():
            folder = build_flow.build(settings, _progress)
    except VanortError as exc:
        _fail(exc)
        return
    click.echo(str(folder))


@contextmanager
def _termination_as_exit() -> Iterator[None]:
    """SIGTERM and SIGHUP end a build as an exception does, not at once: the ``finally`` blocks
    and exit handlers then remove the spool (gigabytes in the temporary folder at scale), the
    staging and sort folders, and stop the dump jobs' child processes. Nothing is published.
    The previous handlers come back afterwards (the command may run inside another program)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@main.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port to listen on (default 8000).")
@click.option("--release-dir", default=None, help="Folder of releases (serves its `current`).")
@click.option("--base-iri", default=None, help="Base IRI of the resources.")
@click.option("--public-base-url", default=None, help="Public origin behind a proxy.")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Answer one in-process GET request for PATH, print it and exit (0 on 2xx, else 1).")
@click.option("--accept", default=None, help="Accept header for --get.")
@click.option("--help-settings", is_flag=True, help="List every setting with its default and exit.")
@click.option("--store", default=None, help="A SPARQL endpoint URL (remote store) or a folder (on-disk store).")
@click.option("--workers", default=None, type=int, help="Web worker processes (above 1 needs --store).")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE",
              help="Any setting of --help-settings, e.g. --set query_timeout_s=10 (repeatable).")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, release_dir: str | None,
          base_iri: str | None, public_base_url: str | None, get_path: str | None,
          accept: str | None, help_settings: bool, store: str | None = None, workers: int | None = None,
          assignments: tuple[str, ...] = ()) -> None:
    """Serve the current release: SPARQL endpoint, resource pages, downloads (the default command)."""
    if help_settings:
        click.echo(config.help_text())
        return
    from .cli_scale import serve_workers, store_overrides

    explicit = dict(host=host, port=port and str(port), release_dir=release_dir, base_iri=base_iri,
                    public_base_url=public_base_url, workers=workers and str(workers), **store_overrides(store))
    overrides = {**_assigned(assignments), **{k: v for k, v in explicit.items() if v is not None}}
    settings = _settings(ctx, **overrides)
    if settings.workers > 1 and get_path is None:
        return serve_workers(settings, _progress)
    from .web.app import app_for

    try:
        app = app_for(settings)
    except VanortError as exc:
        _fail(exc)
        return
    if get_path is not None:
        from fastapi.testclient import TestClient

        with TestClient(app) as client:
            response = client.get(get_path, headers={"accept": accept} if accept else {})
        click.echo(response.text)
        sys.exit(0 if 200 <= response.status_code < 300 else 1)
    import uvicorn

    from .web.reload import install_signal, write_pid

    install_signal(app)
    pid_file = write_pid(settings.path("release_dir"))
    _progress(f"serving release {app.state.release.version} on http://{settings.host}:{settings.port}/ "
              f"(pid {os.getpid()}; `vanort reload` or SIGHUP picks up a new release)")
    try:
        # uvicorn's own proxy headers would believe any X-Forwarded-Proto/For from 127.0.0.1; vanort
        # decides which proxies to believe (trusted_proxies, web/forwarded.py).
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", access_log=settings.access_log,
                    proxy_headers=False)
    finally:
        pid_file.unlink(missing_ok=True)


@main.command()
@click.argument("query")
@click.option("--format", "format_name", default="csv", show_default=True,
              help="Results format (json, xml, csv, tsv) or graph format (turtle, ntriples, ...).")
@click.option("--release-dir", default=None, help="Folder of releases.")
@click.pass_context
def query(ctx: click.Context, query: str, format_name: str, release_dir: str | None) -> None:
    """Run a SPARQL query against the current release and print the answer."""
    from . import formats
    from .manifest import open_current
    from .store import OxigraphEngine, QueryError

    settings = _settings(ctx, release_dir=release_dir)
    try:
        current = open_current(settings.path("release_dir"))
    except VanortError as exc:
        _fail(exc)
        return
    engine = OxigraphEngine.from_nquads(current.path("dataset.nq"), current.version, settings.base_iri)
    wanted = formats.by_name(format_name)
    if wanted is None:
        raise click.BadParameter(f"unknown format {format_name!r}", param_hint="--format")

    def choose(kind: str) -> formats.Format:
        if wanted.kind == kind or (kind == "rdf" and wanted.kind == "dataset"):
            return wanted
        return formats.negotiate("", kind)

    try:
        answer = engine.run(query, choose)
    except QueryError as exc:
        click.echo(f"vanort: {exc}", err=True)
        sys.exit(2)
    sys.stdout.buffer.write(answer.body)
main.add_command(__import__("vanort.cli_scale", fromlist=["synth"]).synth)
from .cli_wikidata import wikidata; main.add_command(wikidata)  # noqa: E402,I001 (issue #5)
from .cli_catalogue import check; main.add_command(check)  # noqa: E402,I001 (issue #4)
from .cli_fuzz import fuzz; main.add_command(fuzz)  # noqa: E402,I001 (issue #11)


@main.command()
@click.argument("url", required=False)
@click.option("--serve", "start", is_flag=True, help="Start `vanort serve` on a free loopback port and load it.")
@click.option("--duration", default=120.0, show_default=True, help="Seconds to run (an upper bound).")
@click.option("--max-requests", default=100_000, show_default=True, help="Most normal requests to send.")
@click.option("--clients", default=16, show_default=True, help="Clients sending the normal mix.")
@click.option("--runaway-clients", default=2, show_default=True, help="Clients sending runaway queries.")
@click.option("--queries-dir", default=None, help="Example queries for the mix (default: queries_dir).")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE", help="Settings for --serve.")
@click.pass_context
def loadtest(ctx: click.Context, url: str | None, start: bool, duration: float, max_requests: int, clients: int,
             runaway_clients: int, queries_dir: str | None, assignments: tuple[str, ...]) -> None:
    """Send a bounded load (example queries, lookups, runaway queries) and print the figures."""
    from . import loadtest as load
    from .serve_process import running_server

    settings = _settings(ctx, **_assigned(assignments))
    if not url and not start:
        raise click.UsageError("give the URL of a server, or --serve to start one on loopback")
    steps = load.steps_from(Path(queries_dir) if queries_dir else settings.path("queries_dir"),
                            ["/id/municipality/se-2460-vannas", "/id/partnership/vannas-cameri-twinning"])
    if start:
        with running_server(settings, assignments) as (served_url, pid):
            report = load.run(served_url, steps, clients, runaway_clients, duration, max_requests, pid,
                              progress=_progress)
    else:
        report = load.run(url or "", steps, clients, runaway_clients, duration, max_requests, progress=_progress)
    click.echo(report.table())


@main.command()
@click.option("--release-dir", default=None, help="Folder of releases the server serves.")
@click.pass_context
def reload(ctx: click.Context, release_dir: str | None) -> None:
    """Tell the running `vanort serve` to pick up the current release (no downtime; a bad
    release is refused and the old one keeps serving)."""
    from .web.reload import signal_server

    settings = _settings(ctx, release_dir=release_dir)
    try:
        pid = signal_server(settings.path("release_dir"))
    except VanortError as exc:
        _fail(exc)
        return
    click.echo(f"asked vanort serve (pid {pid}) to reload {settings.path('release_dir')}")
