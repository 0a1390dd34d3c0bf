"""A representation asked for by many clients at once is built once (web/representations.py)."""

from __future__ import annotations

import threading
import time

from fastapi.responses import Response
from starlette.requests import Request

from vanort.web import representations


def request_for(app) -> Request:  # type: ignore[no-untyped-def]
    return Request({"type": "http", "app": app, "method": "GET", "path": "/", "headers": [], "query_string": b""})


def test_concurrent_requests_for_one_key_build_it_once(app) -> None:  # type: ignore[no-untyped-def]
    builds: list[int] = []

    def build() -> Response:
        builds.append(1)
        time.sleep(0.3)  # long enough for every thread to arrive while it is being built
        return Response(b"<p>page</p>", media_type="text/html")

    key = ("single-flight-test", time.monotonic())
    answers: list[Response] = []
    threads = [threading.Thread(target=lambda: answers.append(representations.cached(request_for(app), key, build)))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(builds) == 1
    assert [a.status_code for a in answers] == [200] * 8 and {a.body for a in answers} == {b"<p>page</p>"}
    assert not app.state.building  # the table of keys being built forgets them


def test_a_failed_build_is_not_kept_and_the_next_request_builds_again(app) -> None:  # type: ignore[no-untyped-def]
    statuses = iter([503, 200])

    def build() -> Response:
        return Response(b"x", status_code=next(statuses), media_type="text/plain")

    key = ("single-flight-failure", time.monotonic())
    assert representations.cached(request_for(app), key, build).status_code == 503
    assert representations.cached(request_for(app), key, build).status_code == 200
