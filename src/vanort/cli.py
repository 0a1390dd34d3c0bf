"""The ``vanort`` command. Thin wrappers: each command calls one function of the package.

Exit codes follow pySHACL: 0 success, 1 the data does not conform, 2 input or usage error.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from . import __version__
from . import build as build_flow
from . import config
from .errors import VanortError


def _settings(ctx: click.Context, **overrides: Any) -> config.Settings:
    root = ctx.obj.get("root", ".") if ctx.obj else "."
    try:
        return config.load(root, overrides)
    except VanortError as exc:
        raise click.UsageError(str(exc)) from exc


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
    settings = _settings(ctx, base_iri=base_iri, release_dir=release_dir, release_date=release_date)
    if if_needed and build_flow.up_to_date(settings):
        _progress("the current release is up to date")
        return
    try:
        folder = build_flow.build(settings, _progress)
    except VanortError as exc:
        _fail(exc)
        return
    click.echo(str(folder))
