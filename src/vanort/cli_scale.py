"""``vanort synth``: write a synthetic project for benchmarks and scale tests (issue #6)."""

from __future__ import annotations

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
