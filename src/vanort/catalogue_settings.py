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
}


@dataclass(frozen=True)
class Publisher:
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: str = FILE

    def get(self, section: str, key: str) -> str:
        value = self.values.get(section, {}).get(key, "")
        return value.strip() if isinstance(value, str) else ""

    def list(self, section: str, key: str) -> list[str]:
        value = self.values.get(section, {}).get(key, [])
        return [str(v).strip() for v in value if str(v).strip()] if isinstance(value, list) else []

    def missing(self) -> list[str]:
        """One message per empty setting, naming the file, section and key."""
        out = []
        for section, keys in KEYS.items():
            for key, why in keys.items():
                raw = self.values.get(section, {}).get(key)
                if not (self.list(section, key) if isinstance(raw, list) else self.get(section, key)):
                    out.append(f"{self.path} [{section}] {key} is empty: {why}")
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
    for section, values in document.items():
        if section not in KEYS or not isinstance(values, dict):
            raise ConfigError(f"{path}: unknown section [{section}] (known: {', '.join(KEYS)})")
        unknown = sorted(set(values) - set(KEYS[section]))
        if unknown:
            raise ConfigError(f"{path} [{section}]: unknown key(s) {', '.join(unknown)}")
    return Publisher(document, str(path))
