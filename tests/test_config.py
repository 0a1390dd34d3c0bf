from __future__ import annotations

from pathlib import Path

import pytest

from vanort import config
from vanort.errors import ConfigError


def test_defaults_without_any_source(tmp_path: Path) -> None:
    s = config.load(tmp_path, environ={})
    assert s.base_iri == "https://w3id.org/vanort/"
    assert s.port == 8000
    assert s.path("data_dir") == (tmp_path / "data").resolve()


def test_precedence_flag_over_environment_over_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.vanort]\nport = 7000\nhost = "0.0.0.0"\n')
    env = {"VANORT_PORT": "7100"}
    assert config.load(tmp_path, environ={}).port == 7000
    assert config.load(tmp_path, environ=env).port == 7100
    assert config.load(tmp_path, {"port": "7200"}, environ=env).port == 7200
    assert config.load(tmp_path, environ=env).host == "0.0.0.0"


def test_unknown_pyproject_key_is_named(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.vanort]\nprot = 1\n")
    with pytest.raises(ConfigError, match="prot"):
        config.load(tmp_path, environ={})


def test_unknown_environment_variable_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="VANORT_PROT"):
        config.load(tmp_path, environ={"VANORT_PROT": "1"})


@pytest.mark.parametrize(("name", "value"), [("port", "-1"), ("port", "eighty"), ("base_iri", "ftp://x/"),
                                             ("base_iri", "https://x.org/no-slash"), ("query_timeout_s", "0")])
def test_bad_value_names_key_and_value(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config.load(tmp_path, {name: value}, environ={})
    assert name in str(caught.value) and value in str(caught.value)


def test_public_settings_list_every_row(tmp_path: Path) -> None:
    shown = config.load(tmp_path, environ={}).public()
    assert set(shown) == {s.name for s in config.SETTINGS}


def test_help_text_names_every_setting_and_variable() -> None:
    text = config.help_text()
    for s in config.SETTINGS:
        assert s.name in text and f"VANORT_{s.name.upper()}" in text


def test_access_log_is_a_boolean_from_every_source(tmp_path: Path) -> None:
    assert config.load(tmp_path, environ={}).access_log is True
    (tmp_path / "pyproject.toml").write_text("[tool.vanort]\naccess_log = false\n", "utf-8")
    assert config.load(tmp_path, environ={}).access_log is False
    assert config.load(tmp_path, environ={"VANORT_ACCESS_LOG": "True"}).access_log is True  # as `serve --workers` exports it
    assert config.load(tmp_path, {"access_log": "off"}, environ={}).access_log is False
    with pytest.raises(ConfigError, match=r"setting access_log='sometimes': must be true or false"):
        config.load(tmp_path, {"access_log": "sometimes"}, environ={})


def test_test_suite_variables_are_not_settings_but_a_typo_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # CI sets VANORT_REQUIRE_CONFORMANCE for the tests (tests/conformance.py); the CLI the tests
    # start inherits it and must not refuse it as an unknown setting
    env = {"VANORT_REQUIRE_CONFORMANCE": "1", "VANORT_CONFORMANCE": "/x", "VANORT_PORT": "7300"}
    assert config.load(tmp_path, environ=env).port == 7300
    with pytest.raises(ConfigError, match="VANORT_REQUIRE_CONFORMANC: unknown setting"):
        config.load(tmp_path, environ={"VANORT_REQUIRE_CONFORMANC": "1"})
