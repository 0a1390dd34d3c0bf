"""The README tells the truth: every setting, command and public route is documented, and the
worked example of adding a twin town validates as written."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import ROOT, copy_project
from vanort import build, config
from vanort.cli import main

README = (ROOT / "README.md").read_text("utf-8")


def test_every_setting_is_documented() -> None:
    for setting in config.SETTINGS:
        assert f"| `{setting.name}` |" in README, setting.name


def test_every_command_is_documented() -> None:
    for name, command in main.commands.items():
        assert f"`vanort {name}" in README, name
        for sub in getattr(command, "commands", {}):
            assert f"`vanort {name} {sub}`" in README, f"{name} {sub}"


def test_every_public_route_is_documented(app) -> None:  # type: ignore[no-untyped-def]
    for path in app.openapi()["paths"]:
        if path == "/{path}":
            continue  # the catch-all is documented as the dereferenceable IRIs
        # a path parameter may be written {name} or <file>
        pattern = re.sub(r"\\\{[^}]+\\\}", "(?:<[^>`]+>|\\{[^}]+\\})", re.escape(path))
        assert re.search(rf"[ `,]{pattern}[`,]", README), path


def test_the_two_commands_come_first() -> None:
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert "make serve" in first_block and "make test" in first_block


def test_worked_example_of_adding_a_twin_town_validates(tmp_path: Path) -> None:
    snippet = README.split("```turtle", 1)[1].split("```", 1)[0]
    project = copy_project(ROOT, tmp_path / "project")
    prefixes = "".join(line + "\n" for line in (project / "data" / "partnerships" / "vannas-isokyro.ttl")
                       .read_text("utf-8").splitlines() if line.startswith("@prefix"))
    # An existing municipality stands in for Exampleby, and the Vännäs page for the new source.
    text = snippet.replace("xx-1234-exampleby", "it-003106-novara").replace("src:the-source", "src:vannas-page")
    (project / "data" / "partnerships" / "vannas-exampleby.ttl").write_text(prefixes + text, "utf-8")
    result = CliRunner().invoke(main, ["--root", str(project), "validate"])
    assert result.exit_code == 0, result.output
    settings = config.load(project, {"release_dir": str(tmp_path / "release")}, environ={})
    checked = build.check(settings)
    twins = {(q.subject.value, q.object.value) for q in checked.derived if q.predicate.value.endswith("/twinTown")}
    assert ("https://w3id.org/vanort/id/municipality/se-2460-vannas",
            "https://w3id.org/vanort/id/municipality/it-003106-novara") in twins
