"""``vanort fuzz``: the raw-HTTP fuzzer of ``fuzz.py`` as a command (``make fuzz``).

Exit 0 when no answer was an unexpected 5xx and every HTML answer carried the content
security policy, 1 otherwise, 2 on usage errors.
"""

from __future__ import annotations

import sys

import click

from . import config
from .errors import VanortError


@click.command()
@click.argument("url", required=False)
@click.option("--serve", "start", is_flag=True, help="Start `vanort serve` on a free loopback port and fuzz it.")
@click.option("--requests", "count", default=100_000, show_default=True, help="Requests to send.")
@click.option("--seconds", default=1800.0, show_default=True, help="Upper bound on the run, in seconds.")
@click.option("--seed", default=1, show_default=True, help="Request i of a seed is always the same bytes.")
@click.option("--concurrency", default=4, show_default=True, help="Connections open at once.")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE", help="Settings for --serve.")
@click.pass_context
def fuzz(ctx: click.Context, url: str | None, start: bool, count: int, seconds: float, seed: int,
         concurrency: int, assignments: tuple[str, ...]) -> None:
    """Send seeded raw-HTTP requests (paths, methods, headers, bodies) to a loopback server and
    print the answers by status; fails on any 5xx other than 503/504."""
    from . import fuzz as fuzzer
    from .serve_process import running_server

    if not url and not start:
        raise click.UsageError("give the URL of a loopback server, or --serve to start one")
    root = ctx.obj.get("root", ".") if ctx.obj else "."
    overrides = dict(pair.split("=", 1) for pair in assignments if "=" in pair)
    try:
        settings = config.load(root, overrides)
    except VanortError as exc:
        raise click.UsageError(str(exc)) from exc

    def progress(message: str) -> None:
        click.echo(f"vanort fuzz: {message}", err=True)

    try:
        if start:
            with running_server(settings, assignments) as (served_url, _pid):
                report = fuzzer.run(served_url, seed, count, seconds, concurrency, progress=progress)
        else:
            report = fuzzer.run(url or "", seed, count, seconds, concurrency, progress=progress)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(report.table())
    sys.exit(1 if report.failures else 0)
