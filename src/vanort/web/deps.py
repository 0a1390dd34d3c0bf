"""Dependencies of the routes: the objects ``create_app`` placed on ``app.state``."""

from __future__ import annotations

from fastapi import Request

from ..config import Settings
from ..manifest import Release
from ..store import Engine


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def get_engine(request: Request) -> Engine:
    return request.app.state.engine  # type: ignore[no-any-return]


def get_release(request: Request) -> Release:
    return request.app.state.release  # type: ignore[no-any-return]
