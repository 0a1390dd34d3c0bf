"""Hostile inputs (issue #7): accept headers, protocol parameters and build inputs never
raise anything but the project's own errors, never hang, and always name the problem."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vanort import build, config
from vanort.errors import InputError, ValidationFailed, VanortError
from vanort.formats import OFFERS, NotAcceptable, negotiate
from vanort.sparql_protocol import parse

FAST = settings(max_examples=300, deadline=None, derandomize=True)


@FAST
@given(accept=st.text(max_size=100), offer=st.sampled_from(sorted(OFFERS)))
def test_negotiate_returns_an_offered_format_or_406(accept: str, offer: str) -> None:
    try:
        chosen = negotiate(accept, offer)
    except NotAcceptable as exc:
        assert exc.accepted
        return
    assert chosen.name in OFFERS[offer]


@FAST
@given(query_string=st.text(max_size=100), body=st.binary(max_size=100),
       content_type=st.one_of(st.none(), st.text(max_size=40)), method=st.sampled_from(["GET", "POST"]))
def test_protocol_parse_raises_only_protocol_errors(query_string: str, body: bytes, content_type: str | None,
                                                    method: str) -> None:
    try:
        parse(method, query_string, content_type, body, 1000)
    except VanortError as exc:
        assert 400 <= exc.status < 500 and exc.detail


def _check(project: Path) -> VanortError:
    started = time.monotonic()
    with pytest.raises((InputError, ValidationFailed)) as caught:
        build.build(config.load(project, {"release_dir": str(project / "release")}, environ={}))
    assert time.monotonic() - started < 120, "a hostile input must not make the build hang"
    assert not (project / "release").exists() or not any((project / "release").iterdir())
    return caught.value


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("truncated.ttl", b"@prefix vo: <https://w3id.org/vanort/def/> .\n<https://w3id.org/vanort/id/x/y> vo:partner ",
     "truncated.ttl:"),
    ("invalid-utf8.ttl", b'<https://w3id.org/vanort/id/x/y> <http://e/p> "\xff\xfe" .\n', "not valid UTF-8"),
    ("binary.ttl", bytes(range(256)) * 4, "binary.ttl:"),
    ("deep.ttl", b"<https://w3id.org/vanort/id/x/y> <http://e/p> " + b"[ <http://e/p> " * 5000 + b"1" + b" ]" * 5000
     + b" .\n", "deep.ttl"),
    ("huge-literal.ttl", b'<https://w3id.org/vanort/id/x/y> <http://e/p> "' + b"A" * 5_000_000 + b'" .\n',
     "huge-literal.ttl:1: a literal of 5000000 characters"),
    ("nul.ttl", b"<https://w3id.org/vanort/id/x/y> <http://e/p> \x00 .\n", "nul.ttl:1:"),
    ("bad-iri.ttl", b"<https://w3id.org/vanort/id/x y> <http://e/p> 1 .\n", "bad-iri.ttl:1:"),
])
def test_hostile_data_file_is_refused_by_name(mini_project: Path, name: str, content: bytes, expected: str) -> None:
    (mini_project / "data" / name).write_bytes(content)
    error = _check(mini_project)
    assert expected in str(error)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(content=st.binary(max_size=400))
def test_random_bytes_as_a_data_file_never_crash_the_build(tmp_path_factory: pytest.TempPathFactory,
                                                           content: bytes) -> None:
    from tests.conftest import MINI, copy_project

    project = copy_project(MINI, tmp_path_factory.mktemp("fuzz") / "project")
    (project / "data" / "fuzz.ttl").write_bytes(content)
    try:
        build.build(config.load(project, {"release_dir": str(project / "release")}, environ={}))
    except VanortError as exc:
        assert exc.detail
