"""``vanort check``: the portal self-check of issue #4, as a command.

It opens the current release, builds the app around it and fetches every access and
download URL in-process (or from a running server with ``--url``), then prints the
data.europa.eu indicators with points and what to fix. Exit 0 when nothing needs fixing,
1 when a setting is missing, a link is broken or a SHACL check fails, 2 on usage errors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import config
from .errors import VanortError


def _render(report) -> str:  # type: ignore[no-untyped-def]
    from .quality import rating

    lines = [f"score {report.score} / {report.maximum} ({rating(report.score)})"]
    for name, (got, most) in report.dimensions().items():
        lines.append(f"  {name}: {got} / {most}")
    lines.append("indicators to fix:")
    lines += [f"  [{i.dimension}] {i.name}: {i.points} / {i.maximum}: {i.fix}" for i in report.indicators if i.fix]
    lines += [f"missing setting: {m}" for m in report.missing_settings]
    lines += [f"broken link: {b}" for b in report.broken_links]
    lines.append(f"dataset SHACL: {'conforms' if report.dataset_conforms else 'does not conform'}")
    if report.dcat_ap_checked:
        lines.append(f"DCAT-AP 3.0.1 SHACL: {len(report.dcat_ap)} violation(s)")
        lines += [f"  {v}" for v in report.dcat_ap]
    else:
        lines.append("DCAT-AP 3.0.1 SHACL: not checked (give --dcat-ap-shapes)")
    return "\n".join(lines)


@click.command()
@click.option("--release-dir", default=None, help="Folder of releases (checks its `current`).")
@click.option("--url", default=None, help="Fetch URLs from a running server at this origin instead of in-process.")
@click.option("--dcat-ap-shapes", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder with the DCAT-AP 3.0.1 modular SHACL files (shapes.ttl, range.ttl).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def check(ctx: click.Context, release_dir: str | None, url: str | None, dcat_ap_shapes: Path | None,
          as_json: bool) -> None:
    """Self-check the catalogue as a portal would (data.europa.eu MQA indicators)."""
    from .web.app import app_for
    from .web.catalogue import http_fetch, in_process_fetch, self_check

    root = ctx.obj.get("root", ".") if ctx.obj else "."
    try:
        settings = config.load(root, {"release_dir": release_dir})
        app = app_for(settings)
    except VanortError as exc:
        click.echo(f"vanort: {exc.title}:\n{exc.detail}", err=True)
        sys.exit(exc.exit_code)
    fetch = http_fetch(url, settings) if url else in_process_fetch(app, settings)
    report = self_check(settings, app.state.release, fetch, dcat_ap_shapes)
    click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False) if as_json else _render(report))
    failed = report.broken_links or report.missing_settings or report.dcat_ap or not report.dataset_conforms
    sys.exit(1 if failed else 0)
