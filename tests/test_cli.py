"""The command line: exit codes 0 conforms / 1 does not / 2 input error (pySHACL's scheme)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from vanort.cli import main


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_validate_conforming_project_exits_0(mini_project: Path) -> None:
    result = _run("--root", str(mini_project), "validate")
    assert result.exit_code == 0, result.output
    assert "Conforms" in result.output


def test_validate_violation_exits_1_and_names_file_and_node(mini_project: Path) -> None:
    target = mini_project / "data" / "partnerships.ttl"
    target.write_text(target.read_text().replace(", m:b", "", 1))
    result = _run("--root", str(mini_project), "validate")
    assert result.exit_code == 1
    assert "data/partnerships.ttl" in result.output
    assert "https://w3id.org/vanort/id/partnership/a-b" in result.output


def test_validate_syntax_error_exits_2(mini_project: Path) -> None:
    (mini_project / "data" / "broken.ttl").write_text("<a> <b> .\n")
    result = _run("--root", str(mini_project), "validate")
    assert result.exit_code == 2
    assert "data/broken.ttl:1:" in result.output


def test_build_then_query_answers_from_the_release(mini_project: Path, tmp_path: Path) -> None:
    release_dir = str(tmp_path / "rel")
    built = _run("--root", str(mini_project), "build", "--release-dir", release_dir)
    assert built.exit_code == 0, built.output
    assert Path(built.output.strip().splitlines()[-1]).is_dir()
    answer = _run("--root", str(mini_project), "query", "--release-dir", release_dir,
                  "SELECT ?b WHERE { <https://w3id.org/vanort/id/municipality/a> "
                  "<https://w3id.org/vanort/def/twinTown> ?b }")
    assert answer.exit_code == 0
    assert answer.output.splitlines() == ["b", "https://w3id.org/vanort/id/municipality/b"]


def test_build_if_needed_skips_an_up_to_date_release(mini_project: Path, tmp_path: Path) -> None:
    release_dir = str(tmp_path / "rel")
    _run("--root", str(mini_project), "build", "--release-dir", release_dir)
    again = _run("--root", str(mini_project), "build", "--release-dir", release_dir, "--if-needed")
    assert again.exit_code == 0
    assert "up to date" in again.output


def test_serve_get_smoke_test_and_help_settings(mini_project: Path, tmp_path: Path) -> None:
    release_dir = str(tmp_path / "rel")
    _run("--root", str(mini_project), "build", "--release-dir", release_dir)
    missing = _run("--root", str(mini_project), "serve", "--release-dir", release_dir, "--get", "/no/such/page")
    assert missing.exit_code == 1
    assert '"status":404' in missing.output
    listed = _run("serve", "--help-settings")
    assert "query_timeout_s" in listed.output and "VANORT_PORT" in listed.output


def test_serve_without_release_exits_2_saying_what_to_do(tmp_path: Path) -> None:
    result = _run("--root", str(tmp_path), "serve", "--release-dir", str(tmp_path / "none"), "--get", "/")
    assert result.exit_code == 2
    assert "vanort build" in result.output


def test_build_stopped_by_sigterm_leaves_no_scratch_and_publishes_nothing(mini_project: Path, tmp_path: Path) -> None:
    """A build stopped from outside (SIGTERM, as a service manager or `kill` sends) exits 143 and
    removes its spool and staging folders; before, the spool stayed in the temporary folder."""
    import os
    import signal
    import subprocess
    import sys
    import time

    scratch, release_dir = tmp_path / "tmp", tmp_path / "rel"
    scratch.mkdir()
    environment = {**{k: v for k, v in os.environ.items() if not k.startswith("VANORT_")}, "TMPDIR": str(scratch)}
    process = subprocess.Popen([sys.executable, "-m", "vanort", "--root", str(mini_project), "build",
                                "--release-dir", str(release_dir)], env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not any(p.name.startswith("vanort-spool-") for p in scratch.iterdir()):
            assert process.poll() is None, process.stdout.read().decode()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "the build never spooled its sources"
            time.sleep(0.005)
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=60)[0].decode()
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + signal.SIGTERM, output
    assert list(scratch.iterdir()) == [], output
    assert not release_dir.exists() or list(release_dir.iterdir()) == [], output
