"""An on-disk pyoxigraph store per release, built once, then opened read-only (issue #6).

For a release too big to load into memory at every start, or served by several worker
processes (``vanort serve --workers K``) that should share one copy, ``dataset.nq`` is
bulk-loaded once into ``<store_path>/<version>/`` (a build cache beside ``release/``, not
inside the release: releases are immutable and their manifest lists every file). Every
process then opens it with ``Store.read_only``; nothing writes to it again.

The store folder appears whole or not at all: it is loaded under a temporary name and
renamed, and a ``complete`` marker is written last, so a crash or a concurrent start never
leaves a half-loaded store that a later start would trust.

>>> folder_for(Path("/cache"), "0123abcd4567")
PosixPath('/cache/0123abcd4567')
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from .folder_lock import exclusive
from .manifest import Release
from .store import OxigraphEngine

MARKER = "complete"


def folder_for(store_path: Path, version: str) -> Path:
    return store_path / version


def prepare(store_path: Path, release: Release, progress: Callable[[str], None] = lambda _: None) -> Path:
    """The on-disk store of ``release``, bulk-loaded now if it does not exist yet."""
    target = folder_for(store_path, release.version)
    if (target / MARKER).is_file():
        return target
    store_path.mkdir(parents=True, exist_ok=True)
    with exclusive(store_path):  # workers switching together load it once
        if (target / MARKER).is_file():
            return target  # built by the process this one waited for
        return _load(store_path, release, target, progress)


def _load(store_path: Path, release: Release, target: Path, progress: Callable[[str], None]) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=f".{release.version}-", dir=store_path))
    try:
        progress(f"loading {release.path('dataset.nq')} into the on-disk store {target}")
        store = ox.Store(str(staging / "db"))
        store.bulk_load(path=str(release.path("dataset.nq")), format=ox.RdfFormat.N_QUADS)
        store.flush()
        store.optimize()
        del store  # closes the RocksDB instance before the folder is renamed
        (staging / MARKER).write_text(release.version + "\n", "utf-8")
        if (target / MARKER).is_file():
            return target  # another worker process finished first and may have it open already
        if target.exists():
            shutil.rmtree(target)  # an incomplete earlier attempt
        try:
            os.replace(staging, target)
        except OSError:
            if not (target / MARKER).is_file():  # another process won the race with a good store
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def open_engine(store_path: Path, release: Release, base: str,
                progress: Callable[[str], None] = lambda _: None) -> OxigraphEngine:
    """An engine over the read-only on-disk store of ``release`` (built first if needed)."""
    folder = prepare(store_path, release, progress)
    return OxigraphEngine(ox.Store.read_only(str(folder / "db")), release.version, base)
