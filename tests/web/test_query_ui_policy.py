"""The query page's content security policy: no inline script, and inline style only for the
two fixed style texts of Yasr's column resizer, by hash (issue #15). The hashes are re-derived
here from the vendored Yasgui, so an upgrade that changes those texts fails this test instead of
quietly bringing back the empty space above the results."""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import resources

import pytest

from tests.conftest import media_type
from vanort.web.query_ui import STYLE_HASHES, VENDOR, editor_installed
from vanort.web.security import CSP

HTML = {"accept": "text/html"}


def sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def test_query_ui_style_hashes_are_those_of_the_vendored_yasgui() -> None:
    if not editor_installed():
        pytest.skip("Yasgui is not vendored (make vendor needs npm)")
    code = resources.files("vanort").joinpath(*VENDOR).read_text(encoding="utf-8")
    tables = re.findall(r"createStyle\(\w+,`([^`]*)`\)", code)  # column-resizer's table rules
    drag = re.search(r"dragCursor:`([^`]*)`", code)  # "*{cursor:" + dragCursor + "!important}" while dragging
    assert len(tables) == 1 and drag, "column-resizer's styles moved: update STYLE_HASHES in web/query_ui.py"
    assert sorted(STYLE_HASHES) == sorted([sha256(tables[0]), sha256("*{cursor:" + drag.group(1) + "!important}")])


def test_get_query_policy_allows_those_styles_and_no_inline_script(client) -> None:  # type: ignore[no-untyped-def]
    if not editor_installed():
        pytest.skip("Yasgui is not vendored: the plain form needs no inline style")
    page = client.get("/query", headers=HTML)
    assert page.status_code == 200 and media_type(page) == "text/html"
    policy = page.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "script-src 'self';" in policy
    assert all(f"'{h}'" in policy for h in STYLE_HASHES), policy
    other = client.get("/def", headers=HTML)  # every other page keeps the site's policy
    assert other.status_code == 200 and other.headers["content-security-policy"] == CSP
