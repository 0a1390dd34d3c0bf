"""``catalogue.toml``: the one file of publisher details (issue #4).

A value nobody has confirmed from a source stays empty; ``missing()`` names each such
setting as ``catalogue.toml [section] key`` so the build can warn and the self-check flag it.
An unknown section or key is an error that names it (a typo must not silently drop a value).

>>> p = Publisher({"contact": {"email": ""}}, "catalogue.toml")
>>> p.get("contact", "email")
''
>>> any("catalogue.toml [contact] email is empty" in m for m in p.missing())
True
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

FILE = "catalogue.toml"

# section -> key -> why a portal needs it (shown when the value is empty)
KEYS: dict[str, dict[str, str]] = {
    "catalogue": {
        "title_sv": "catalogue title in Swedish (mandatory)", "title_en": "catalogue title in English",
        "description_sv": "catalogue description in Swedish (mandatory)",
        "description_en": "catalogue description in English",
    },
    "publisher": {
        "iri": "publisher IRI (DCAT-AP-SE: http://dataportal.se/organisation/SE<org. number>)",
        "organisation_number": "organisation number of the publisher",
        "organisation_number_source": "where the organisation number was confirmed",
        "name_sv": "publisher name in Swedish (foaf:name, mandatory)", "name_en": "publisher name in English",
        "type": "ADMS publisher type (DCAT-AP-SE: mandatory dct:type)",
    },
    "contact": {
        "name_sv": "contact point name in Swedish (vcard:fn)", "name_en": "contact point name in English",
        "email": "contact e-mail (vcard:hasEmail; DCAT-AP-SE requires a contact point with an e-mail; "
                 "dataportal.se and data.europa.eu score it)",
    },
    "dataset": {
        "title_sv": "dataset title in Swedish (mandatory)", "title_en": "dataset title in English",
        "description_sv": "dataset description in Swedish (mandatory)", "description_en": "dataset description in English",
        "keywords_sv": "keywords in Swedish", "keywords_en": "keywords in English",
        "themes": "EU data themes", "languages": "EU languages of the texts", "access_rights": "EU access right",
        "licence": "licence of the data (dct:license of every distribution)",
        "source": "the source page of the facts",
    },
    "national": {  # the national register (issue #14); its licence follows from its sources
        "title_sv": "register title in Swedish (mandatory)", "title_en": "register title in English",
        "description_sv": "register description in Swedish (mandatory)",
        "description_en": "register description in English",
        "keywords_sv": "register keywords in Swedish", "keywords_en": "register keywords in English",
        "themes": "EU data themes of the register",
    },
}


# [[history]]: the releases published before the current one, newest last (issue #4).
HISTORY_KEYS = ("version", "issued", "notes_sv", "notes_en")
VERSION = re.compile(r"[0-9a-f]{12}")


@dataclass(frozen=True)
class PastRelease:
    """A release published before the current one: its version, publication date and notes."""
    version: str
    issued: str
    notes_sv: str
    notes_en: str


@dataclass(frozen=True)
class Publisher:
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: str = FILE
    history: tuple[PastRelease, ...] = ()

    def get(self, section: str, key: str) -> str:
        value = self.values.get(section, {}).get(key, "")
        return value.strip() if isinstance(value, str) else ""

    def list(self, section: str, key: str) -> list[str]:
        value = self.values.get(section, {}).get(key, [])
        return [str(v).strip() for v in value if str(v).strip()] if isinstance(value, list) else []

    def missing(self) -> list[str]:
        """One message per empty setting, naming the file, section and key. The file by its name
        in the project root, not its full path: the messages reach the public /-/quality (#15)."""
        out = []
        for section, keys in KEYS.items():
            for key, why in keys.items():
                raw = self.values.get(section, {}).get(key)
                if not (self.list(section, key) if isinstance(raw, list) else self.get(section, key)):
                    out.append(f"{Path(self.path).name} [{section}] {key} is empty: {why}")
        return out


def load_publisher(root: Path) -> Publisher:
    """Read ``<root>/catalogue.toml``; a missing file gives an empty ``Publisher``."""
    path = Path(root) / FILE
    if not path.is_file():
        return Publisher({}, str(path))
    try:
        document = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    history = _history(document.pop("history", []), path)
    for section, values in document.items():
        if section not in KEYS or not isinstance(values, dict):
            raise ConfigError(f"{path}: unknown section [{section}] (known: {', '.join(KEYS)}, [[history]])")
        unknown = sorted(set(values) - set(KEYS[section]))
        if unknown:
            raise ConfigError(f"{path} [{section}]: unknown key(s) {', '.join(unknown)}")
    return Publisher(document, str(path), history)


def _history(entries: Any, path: Path) -> tuple[PastRelease, ...]:
    """The ``[[history]]`` entries, checked: each error names the entry and its key."""
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(f"{path}: history must be a list of [[history]] tables")
    out: list[PastRelease] = []
    for number, entry in enumerate(entries, start=1):
        where = f"{path} [[history]] entry {number}"
        unknown = sorted(set(entry) - set(HISTORY_KEYS))
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(HISTORY_KEYS)})")
        missing = [k for k in HISTORY_KEYS if not str(entry.get(k, "")).strip()]
        if missing:
            raise ConfigError(f"{where}: {', '.join(missing)} missing or empty; every past release needs "
                              "its version, its publication date and notes in Swedish and English")
        version, issued = str(entry["version"]).strip(), entry["issued"]
        if not VERSION.fullmatch(version):
            raise ConfigError(f"{where}: version {version!r} is not a release version (12 lower-case hex digits, "
                              "the name of the release folder)")
        if isinstance(issued, dt.datetime) or not isinstance(issued, (dt.date, str)):
            raise ConfigError(f"{where} ({version}): issued must be a date, YYYY-MM-DD")
        try:
            day = issued if isinstance(issued, dt.date) else dt.date.fromisoformat(issued.strip())
        except ValueError:
            raise ConfigError(f"{where} ({version}): issued {issued!r} is not a date, YYYY-MM-DD") from None
        if any(p.version == version for p in out):
            raise ConfigError(f"{where}: version {version} is listed twice")
        if out and day.isoformat() < out[-1].issued:
            raise ConfigError(f"{where} ({version}): issued {day} is before the entry above it; "
                              "list past releases oldest first")
        out.append(PastRelease(version, day.isoformat(), str(entry["notes_sv"]).strip(), str(entry["notes_en"]).strip()))
    return tuple(out)
