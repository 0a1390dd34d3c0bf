"""Client matrix, Raptor's ``rapper`` (issue 12): it fetches each URL from the real server
itself, with the Accept header of the parser it is told to use (``-i nquads`` sends
``text/x-nquads, */*;q=0.1``), or none told (its default, RDF/XML), or ``-i guess`` (by the
answer's Content-Type), and must parse what it gets: every RDF download and every dereferenced
format. Raptor has no JSON-LD parser; JSON-LD is pyld's part of the matrix.

``rapper`` is Debian's ``raptor2-utils``, installed by ``.ci/run``; without it these tests skip.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import httpx
import pyoxigraph as ox
import pytest

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(shutil.which("rapper") is None,
                                 reason="rapper not found: install Debian's raptor2-utils (.ci/run does)")]

PARSERS = {"nq": "nquads", "trig": "trig", "ttl": "turtle", "nt": "ntriples", "rdf": "rdfxml"}
ENGINE = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "ttl": ox.RdfFormat.TURTLE,
          "nt": ox.RdfFormat.N_TRIPLES, "rdf": ox.RdfFormat.RDF_XML}
# Resources of every kind; the first group has graph context (N-Quads and TriG on offer).
WITH_GRAPHS = ["/id/municipality/se-2460-vannas", "/graph/data/sources", "/graph/derived", "/def", "/def/0.1.0",
               "/def/", "/shapes/", "/id/identifier-scheme/"]
WITHOUT_GRAPHS = ["/def/Partnership", "/id/", "/datasets/dcat", "/.well-known/void", "/sparql"]
TRIPLE_MODES = [[], ["-i", "turtle"], ["-i", "ntriples"], ["-i", "rdfxml"], ["-i", "guess"]]
QUAD_MODES = [["-i", "nquads"], ["-i", "trig"]]
COUNT = re.compile(r"Parsing returned (\d+) (?:triples|statements)")


def rapper(url: str, *options: str) -> int:
    """How many statements rapper parsed from ``url``; fails with its output otherwise."""
    done = subprocess.run(["rapper", "-c", *options, url], capture_output=True, text=True, timeout=60)
    found = COUNT.search(done.stderr)
    assert done.returncode == 0 and found, f"rapper {' '.join(options)} {url}: {done.returncode}\n{done.stderr[-2000:]}"
    return int(found.group(1))


def files(live_server: str) -> list[str]:
    listing = httpx.get(live_server + "/download/", headers={"Accept": "application/json"}, timeout=10).json()
    return [f["name"] for f in listing["files"] if f["name"].rsplit(".", 1)[-1] in PARSERS]


def test_rapper_parses_every_download(live_server: str) -> None:
    names = files(live_server)
    assert {"dataset.nq", "dataset.trig", "data.ttl", "data.nt", "data.rdf"} <= set(names)
    for name in names:
        url = f"{live_server}/download/{name}"
        extension = name.rsplit(".", 1)[-1]
        expected = len(list(ox.parse(httpx.get(url, timeout=10).content, format=ENGINE[extension])))
        assert rapper(url, "-i", PARSERS[extension]) == expected, name
        if extension == "rdf":
            assert rapper(url) == expected, name  # rapper's default parser is RDF/XML


@pytest.mark.parametrize("path", WITH_GRAPHS + WITHOUT_GRAPHS)
def test_rapper_parses_every_dereferenced_format(live_server: str, path: str) -> None:
    turtle = httpx.get(live_server + path, headers={"Accept": "text/turtle"}, timeout=10)
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    expected = len(set(ox.parse(turtle.content, format=ox.RdfFormat.TURTLE)))
    for mode in TRIPLE_MODES:
        assert rapper(live_server + path, *mode) == expected, (path, mode)
    for extension in ("ttl", "nt", "rdf"):
        suffixed = live_server + path.rstrip("/") + "." + extension
        if not path.endswith("/") and path not in ("/sparql", "/datasets/dcat", "/.well-known/void"):
            assert rapper(suffixed, "-i", PARSERS[extension]) == expected, suffixed
    if path in WITH_GRAPHS:
        for mode in QUAD_MODES:
            assert rapper(live_server + path, *mode) >= expected, (path, mode)
