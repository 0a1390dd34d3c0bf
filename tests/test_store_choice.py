"""Which store a release is served from (web/app.py ``on_disk``, issue #13): memory for a
small release, one shared on-disk store for a larger one, ``store_path`` when it is set."""

from __future__ import annotations

from pathlib import Path

from vanort import config
from vanort.isolation import IsolatedEngine
from vanort.web.app import on_disk, open_engine


def test_a_small_release_is_served_from_memory(settings, release) -> None:  # type: ignore[no-untyped-def]
    assert release.path("dataset.nq").stat().st_size < 64 * 1024 * 1024
    assert on_disk(settings, release) is None


def test_store_path_names_the_folder(settings, release, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chosen = config.replace(settings, store_path=str(tmp_path / "stores"))
    assert on_disk(chosen, release) == tmp_path / "stores"


def test_a_release_over_the_limit_is_served_from_one_shared_store_on_disk(settings, release, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # memory_store_max_mb = 0: every release counts as large
    chosen = config.replace(settings, memory_store_max_mb=0, query_workers=1, root=tmp_path)
    assert on_disk(chosen, release) == tmp_path / "build" / "store"
    engine = open_engine(chosen, release)
    try:
        assert (tmp_path / "build" / "store" / release.version / "complete").is_file()
        inner = engine.engine  # type: ignore[attr-defined]
        assert isinstance(inner, IsolatedEngine)
        assert inner.pool.spec.store_folder == str(tmp_path / "build" / "store" / release.version / "db")
        from vanort.store import Negotiation

        answer = engine.run("ASK { ?s ?p ?o }", Negotiation("application/sparql-results+json"))
        assert b"true" in answer.body
    finally:
        engine.close()  # type: ignore[attr-defined]


def test_the_limit_must_not_be_negative(tmp_path: Path) -> None:
    import pytest

    with pytest.raises(Exception) as refused:
        config.load(tmp_path, {"memory_store_max_mb": "-1"}, environ={})
    assert "memory_store_max_mb" in str(refused.value)
