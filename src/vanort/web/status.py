"""``/-/status``: what the server is doing, for operators and for the load tests.

Release version, query workers (idle, busy, killed, replaced, failed, refused when saturated; whether
they are sandboxed, their memory limit) and the
answer cache (hits, misses). Numbers only; no configuration secrets.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from ..manifest import Release
from ..store import Engine
from .deps import get_engine, get_release

router = APIRouter(tags=["Operations"])


def snapshot(engine: Engine, release: Release) -> dict[str, Any]:
    """The status document (pure: reads counters only)."""
    status: dict[str, Any] = {"status": "ok", "release": release.version, "engine": type(engine).__name__}
    cache = getattr(engine, "cache", None)
    if cache is not None:
        status["cache"] = {"hits": cache.hits, "misses": cache.misses}
    inner = getattr(engine, "engine", engine)
    pool = getattr(inner, "pool", None)
    if pool is not None:
        status["workers"] = {"idle": pool.idle(), "busy": len(pool.busy_pids()), **pool.stats,
                             "sandboxed": pool.policy.network, "memory_limit_mb": pool.policy.memory_mb}
    return status


@router.get("/-/status", summary="Server status: release, query workers, cache")
def get_status(engine: Engine = Depends(get_engine), release: Release = Depends(get_release)) -> JSONResponse:
    return JSONResponse(snapshot(engine, release), headers={"Cache-Control": "no-store"})
