"""Settings: one declared table, one precedence.

A value comes from the command line, else a ``VANORT_<NAME>`` environment variable, else
``[tool.vanort]`` in the project's ``pyproject.toml``, else the default. Nothing else in the
package reads the environment.

>>> s = load(root=".", overrides={"port": "9000"}, environ={})
>>> s.port, s.base_iri
(9000, 'https://w3id.org/vanort/')
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    type: Callable[[str], Any]
    default: Any
    help: str
    secret: bool = False


def _iri_base(value: str) -> str:
    if not value.startswith(("http://", "https://")) or not value.endswith("/"):
        raise ValueError("must be an http(s) IRI ending with '/'")
    return value


def _optional_str(value: str) -> str | None:
    return value or None


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError("must be a positive integer")
    return number


def _non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be 0 or a positive integer")
    return number


def _depth(value: str) -> int:
    """A nesting limit the engine survives: pyoxigraph's parser crashes near 3,000 levels."""
    number = _positive_int(value)
    if number > 1000:
        raise ValueError("must be at most 1000 (pyoxigraph's parser crashes on much deeper queries)")
    return number


def _positive_float(value: str) -> float:
    number = float(value)
    if number <= 0:
        raise ValueError("must be a positive number")
    return number


def _one_of(*choices: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        word = value.strip().lower()
        if word not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return word
    return parse


def _boolean(value: str) -> bool:
    """``true``/``false`` as TOML, environment variables and ``--set`` write them."""
    word = value.strip().lower()
    if word in ("true", "1", "yes", "on"):
        return True
    if word in ("false", "0", "no", "off"):
        return False
    raise ValueError("must be true or false")


def _addresses(value: str) -> str | None:
    """Proxy addresses or networks, comma-separated (``127.0.0.1, 10.0.0.0/8``), normalised."""
    import ipaddress

    parts = [str(ipaddress.ip_network(p.strip(), strict=False)) for p in value.split(",") if p.strip()]
    return ", ".join(parts) or None


SETTINGS: tuple[Setting, ...] = (
    Setting("base_iri", _iri_base, "https://w3id.org/vanort/", "Base IRI of every resource, ontology and shape."),
    Setting("data_dir", str, "data", "Folder with the dataset's Turtle files (relative to the project root)."),
    Setting("ontology_dir", str, "ontology", "Folder with the OWL ontology in Turtle."),
    Setting("shapes_dir", str, "shapes", "Folder with the SHACL shapes in Turtle."),
    Setting("rml_python", _optional_str, None, "Python of the environment holding the RML engine morph-kgc, which maps data/tables/*.csv; empty = .venv-rml/bin/python in the project root, else beside vanort's own environment."),
    Setting("release_dir", str, "release", "Folder where `vanort build` writes releases and `serve` reads them."),
    Setting("queries_dir", str, "queries", "Folder with the example SPARQL queries (*.rq)."),
    Setting("release_date", _optional_str, None, "Release date written into the catalogue (YYYY-MM-DD); none by default so builds stay byte-identical."),
    Setting("host", str, "127.0.0.1", "Address `vanort serve` listens on."),
    Setting("port", _positive_int, 8000, "Port `vanort serve` listens on."),
    Setting("public_base_url", _optional_str, None, "Public origin behind a proxy (e.g. https://data.example.se/); maps to base_iri."),
    Setting("store", _optional_str, None, "URL of a remote SPARQL 1.1 store; empty = embedded pyoxigraph."),
    Setting("query_timeout_s", _positive_float, 30.0, "Hard time limit of one SPARQL query, in seconds."),
    Setting("max_query_length", _positive_int, 20_000, "Longest SPARQL query accepted, in characters (longer: 413)."),
    Setting("max_query_depth", _depth, 100, "Deepest nesting of {, ( and [ accepted in a query (deeper: 400); at most 1000."),
    Setting("max_result_rows", _positive_int, 10_000, "Most rows or triples one query returns; longer results are cut and flagged."),
    Setting("query_workers", _positive_int, 2, "Worker processes running SPARQL queries; also the most queries run at once."),
    Setting("queue_wait_s", _positive_float, 2.0, "How long a query waits for a free worker before 503 with Retry-After."),
    Setting("query_sandbox", _one_of("required", "off"), "required", "Query workers have no network (a seccomp filter, Linux); 'required' refuses to start where that is unavailable, 'off' accepts running without it."),
    Setting("worker_memory_mb", _positive_int, 1024, "Memory each query worker may take, in MB, its copy of an in-memory release included (RLIMIT_DATA); a query past it gets 503."),
    Setting("max_body_bytes", _positive_int, 1_048_576, "Largest request body accepted, in bytes (larger: 413)."),
    Setting("cache_bytes", _positive_int, 67_108_864, "Memory for answers to repeated queries and whole responses to repeated GETs, in bytes (per release)."),
    Setting("store_path", _optional_str, None, "Folder of on-disk stores, one per release version, bulk-loaded once and opened read-only (shared by --workers); empty = in memory."),
    Setting("memory_store_max_mb", _non_negative_int, 64, "Largest dataset.nq (MB) served from memory when store_path is empty; a larger release is served from an on-disk store in build/store, shared read-only by every process (0 = always on disk)."),
    Setting("store_load_url", _optional_str, None, "Where `serve --store` loads the release (bulk N-Quads endpoint); empty = derived from store (.../query -> .../store); 'none' = already loaded."),
    Setting("workers", _positive_int, 1, "Web worker processes of `vanort serve`; more than 1 needs store_path or store."),
    Setting("access_log", _boolean, True, "Log one line per request (uvicorn's access log); false behind a proxy that logs them already."),
    Setting("trusted_proxies", _addresses, None, "Addresses or networks of the proxies whose X-Forwarded-Host/Proto are believed (e.g. 127.0.0.1, 10.0.0.0/8); empty = none, the headers are ignored."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    root: Path
    base_iri: str
    data_dir: str
    ontology_dir: str
    shapes_dir: str
    rml_python: str | None
    release_dir: str
    queries_dir: str
    release_date: str | None
    host: str
    port: int
    public_base_url: str | None
    store: str | None
    query_timeout_s: float
    max_query_length: int
    max_query_depth: int
    max_result_rows: int
    query_workers: int
    queue_wait_s: float
    query_sandbox: str
    worker_memory_mb: int
    max_body_bytes: int
    cache_bytes: int
    store_path: str | None
    memory_store_max_mb: int
    store_load_url: str | None
    workers: int
    access_log: bool
    trusted_proxies: str | None

    def path(self, name: str) -> Path:
        """Absolute path of a folder setting such as ``data_dir``."""
        return (self.root / getattr(self, name)).resolve()

    def public(self) -> dict[str, Any]:
        """Settings as shown on ``/-/settings``: secrets redacted."""
        shown = {s.name: ("***" if s.secret else getattr(self, s.name)) for s in SETTINGS}
        return shown


def _pyproject_values(root: Path) -> dict[str, Any]:
    path = root / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    values = document.get("tool", {}).get("vanort", {})
    unknown = sorted(set(values) - set(_BY_NAME))
    if unknown:
        raise ConfigError(f"{path} [tool.vanort]: unknown setting(s) {', '.join(unknown)}")
    return {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in values.items()}


# The test suite's own variables (tests/conformance.py): not settings, so never refused as unknown ones.
_TEST_SUITE_VARIABLES = frozenset({"VANORT_CONFORMANCE", "VANORT_REQUIRE_CONFORMANCE"})


def _environment_values(environ: Mapping[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for key, value in environ.items():
        if not key.startswith("VANORT_") or key in _TEST_SUITE_VARIABLES:
            continue
        name = key[len("VANORT_"):].lower()
        if name not in _BY_NAME:
            raise ConfigError(f"environment variable {key}: unknown setting {name!r}")
        values[name] = value
    return values


def load(
    root: str | Path = ".",
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve every setting with the documented precedence."""
    root_path = Path(root).resolve()
    layers = [
        _pyproject_values(root_path),
        _environment_values(os.environ if environ is None else environ),
        {k: v for k, v in (overrides or {}).items() if v is not None},
    ]
    unknown = sorted(k for k in layers[2] if k not in _BY_NAME)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
    resolved: dict[str, Any] = {}
    for setting in SETTINGS:
        raw: Any = setting.default
        for layer in layers:
            if setting.name in layer:
                raw = layer[setting.name]
        if raw is None or not isinstance(raw, str):
            resolved[setting.name] = raw
            continue
        try:
            resolved[setting.name] = setting.type(raw)
        except ValueError as exc:
            raise ConfigError(f"setting {setting.name}={raw!r}: {exc}") from exc
    return Settings(root=root_path, **resolved)


def replace(settings: Settings, **changes: Any) -> Settings:
    """A copy of ``settings`` with some values changed (used by tests and the CLI)."""
    return dataclasses.replace(settings, **changes)


def help_text() -> str:
    """The settings table as text, for ``vanort serve --help-settings``."""
    lines = []
    for s in SETTINGS:
        lines.append(f"{s.name} (VANORT_{s.name.upper()}, default {s.default!r})\n    {s.help}")
    return "\n".join(lines)
