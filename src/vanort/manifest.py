"""Read and verify a release before serving it.

``vanort serve`` refuses a release whose manifest is missing, that did not conform, or whose
files do not match their checksums, and says which file is wrong.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ReleaseError
from .release import CURRENT, MANIFEST


@dataclass(frozen=True)
class Release:
    folder: Path
    document: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.document["version"])

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        return dict(self.document["files"])

    def path(self, name: str) -> Path:
        if name not in self.files:
            raise KeyError(name)
        return self.folder / name


def current_folder(release_dir: Path) -> Path:
    pointer = release_dir / CURRENT
    if not pointer.is_file():
        raise ReleaseError(f"{pointer}: no release found; run `vanort build` first")
    name = pointer.read_text("utf-8").strip()
    return inside(release_dir, name, f"{pointer}: the release {name!r}")


def inside(folder: Path, name: str, what: str) -> Path:
    """``folder / name``, refused unless it stays inside ``folder`` (issue #11): no absolute
    path, no ``..``, no symbolic link that leads out. A manifest is data; a checksum that
    matches ``../../etc/hostname`` must not make the server publish that file.

    >>> inside(Path("/r/v1"), "dataset.nq", "entry")
    PosixPath('/r/v1/dataset.nq')
    """
    relative = Path(name)
    target = folder / relative
    if not name or relative.is_absolute() or ".." in relative.parts or "\\" in name or "\x00" in name:
        raise ReleaseError(f"{what} is not a plain path inside {folder}; refused")
    if target.exists() and not target.resolve().is_relative_to(folder.resolve()):
        raise ReleaseError(f"{what} leads out of {folder} (a symbolic link); refused")
    return target


def open_release(folder: Path, verify: bool = True) -> Release:
    """Load a release's manifest and, by default, check every file against it."""
    path = folder / MANIFEST
    if not path.is_file():
        raise ReleaseError(f"{path}: manifest missing; this is not a complete release")
    try:
        document = json.loads(path.read_text("utf-8"))
        files = document["files"]
        document["version"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ReleaseError(f"{path}: unreadable manifest ({exc})") from exc
    if document.get("conforms") is not True:
        raise ReleaseError(f"{path}: the release did not pass validation; it is never served")
    for name in sorted(files):
        inside(folder, name, f"{path}: the entry {name!r}")
    if verify:
        for name, entry in sorted(files.items()):
            file = folder / name
            if not file.is_file():
                raise ReleaseError(f"{file}: listed in the manifest but missing")
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
            if digest != entry.get("sha256"):
                raise ReleaseError(f"{file}: checksum differs from the manifest (tampered or truncated)")
    return Release(folder, document)


def open_current(release_dir: Path, verify: bool = True) -> Release:
    return open_release(current_folder(release_dir), verify)
