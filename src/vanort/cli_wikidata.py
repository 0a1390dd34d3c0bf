"""``vanort wikidata fetch|diff|quickstatements`` (issue #5): thin wrappers over
``vanort.wikidata``. ``fetch`` is the only command that uses the network; ``diff`` and
``quickstatements`` read its cache and the current release."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from . import config
from .errors import VanortError
from .wikidata import diff as diffing
from .wikidata import ours, quickstatements
from .wikidata.client import DEFAULT_CONTACT, DEFAULT_ENDPOINT, Snapshot, WdqsClient

DEFAULT_CACHE = ".cache/wikidata/p190.json"


def _engine_and_settings(ctx: click.Context, release_dir: str | None):  # type: ignore[no-untyped-def]
    from .manifest import open_current
    from .store import OxigraphEngine

    root = ctx.find_root().obj.get("root", ".") if ctx.find_root().obj else "."
    try:
        settings = config.load(root, {"release_dir": release_dir})
        current = open_current(settings.path("release_dir"))
    except VanortError as exc:
        raise click.ClickException(f"{exc.detail} (run `vanort build` first)") from exc
    return OxigraphEngine.from_nquads(current.path("dataset.nq"), current.version, settings.base_iri), settings


def _snapshot(cache: str) -> Snapshot:
    try:
        return Snapshot.load(Path(cache))
    except VanortError as exc:
        raise click.ClickException(exc.detail) from exc


@click.group()
def wikidata() -> None:
    """Compare our twinnings with Wikidata P190 and write QuickStatements for the gaps."""


@wikidata.command()
@click.option("--endpoint", default=DEFAULT_ENDPOINT, show_default=True, help="WDQS SPARQL endpoint.")
@click.option("--contact", default=DEFAULT_CONTACT, show_default=True,
              help="Contact (URL or e-mail) sent in the User-Agent, as the Wikimedia policy asks.")
@click.option("--cache", default=DEFAULT_CACHE, show_default=True, help="Where the answers are kept.")
@click.option("--max-age-days", default=1.0, show_default=True, help="Reuse a cache younger than this.")
@click.option("--timeout", default=60.0, show_default=True, help="Seconds to wait for one answer.")
@click.option("--release-dir", default=None, help="Folder of releases.")
@click.pass_context
def fetch(ctx: click.Context, endpoint: str, contact: str, cache: str, max_age_days: float, timeout: float,
          release_dir: str | None) -> None:
    """Fetch the P190 statements (with P580/P582 and references) of our municipalities."""
    engine, settings = _engine_and_settings(ctx, release_dir)
    qids = sorted({item.qid for item in ours.items(engine, settings.base_iri).values()})
    path = Path(cache)
    if path.is_file():
        old = _snapshot(cache)
        age = dt.date.today() - dt.date.fromisoformat(old.retrieved)
        if old.endpoint == endpoint and set(old.items) == set(qids) and age.days < max_age_days:
            click.echo(f"vanort: cache {path} from {old.retrieved} is fresh; not fetching", err=True)
            return
    client = WdqsClient(endpoint=endpoint, contact=contact, timeout_s=timeout)
    try:
        snapshot = client.fetch_p190(qids)
    except VanortError as exc:
        raise click.ClickException(exc.detail) from exc
    snapshot.save(path)
    click.echo(f"vanort: {len(snapshot.statements())} P190 statements of {len(qids)} items -> {path}", err=True)


@wikidata.command()
@click.option("--cache", default=DEFAULT_CACHE, show_default=True, help="Answers saved by `fetch`.")
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--release-dir", default=None, help="Folder of releases.")
@click.pass_context
def diff(ctx: click.Context, cache: str, output: str, release_dir: str | None) -> None:
    """Ours against Wikidata: missing statements either side, reverses, dates, references."""
    engine, settings = _engine_and_settings(ctx, release_dir)
    snapshot = _snapshot(cache)
    mine = ours.twinnings(engine, settings.base_iri)
    findings = diffing.diff(mine, snapshot.statements())
    if output == "json":
        click.echo(diffing.to_json(findings, snapshot.retrieved), nl=False)
        return
    labels = {q: n for t in mine for q, n in t.labels.items()}
    click.echo(f"Wikidata answers retrieved {snapshot.retrieved} from {snapshot.endpoint}")
    click.echo(diffing.to_table(findings, labels))


@wikidata.command(name="quickstatements")
@click.option("--cache", default=DEFAULT_CACHE, show_default=True, help="Answers saved by `fetch`.")
@click.option("--allow-unverified", is_flag=True, help="Also write lines for QIDs our data marks unverified.")
@click.option("--release-dir", default=None, help="Folder of releases.")
@click.pass_context
def quickstatements_command(ctx: click.Context, cache: str, allow_unverified: bool, release_dir: str | None) -> None:
    """QuickStatements V1 (on stdout) for the P190 statements and qualifiers Wikidata lacks."""
    engine, settings = _engine_and_settings(ctx, release_dir)
    snapshot = _snapshot(cache)
    lines, warnings = quickstatements.lines(ours.twinnings(engine, settings.base_iri), snapshot.statements(),
                                            allow_unverified)
    for warning in warnings:
        click.echo(f"vanort: {warning}", err=True)  # V1 has no comment syntax
    for line in lines:
        sys.stdout.write(line + "\n")
