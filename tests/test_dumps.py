"""Streamed dumps (issue #13): sorted, unique, hashed while written; JSON-LD without rdflib."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pyoxigraph as ox

from vanort import dumps, release
from vanort.namespaces import RDF, RDFS, XSD

BASE = "https://w3id.org/vanort/"
EX = BASE + "id/municipality/"


def _triples() -> list[ox.Triple]:
    a, b = ox.NamedNode(EX + "se-1-a"), ox.NamedNode(EX + "se-2-b")
    blank = ox.BlankNode("x1")
    return [
        ox.Triple(a, ox.NamedNode(RDF + "type"), ox.NamedNode(BASE + "def/Municipality")),
        ox.Triple(a, ox.NamedNode(RDFS + "label"), ox.Literal("Å", language="sv")),
        ox.Triple(a, ox.NamedNode(RDFS + "label"), ox.Literal("A", language="en")),
        ox.Triple(a, ox.NamedNode(RDFS + "label"), ox.Literal("A2", language="en")),
        ox.Triple(a, ox.NamedNode(BASE + "def/population"), ox.Literal("12", datatype=ox.NamedNode(XSD + "integer"))),
        ox.Triple(a, ox.NamedNode(BASE + "def/twinTown"), b),
        ox.Triple(b, ox.NamedNode(RDFS + "label"), ox.Literal("plain")),
        ox.Triple(b, ox.NamedNode("http://example.org/p"), ox.NamedNode("http://example.org//odd")),
        ox.Triple(blank, ox.NamedNode(RDFS + "comment"), ox.Literal('quote " and\nnewline')),
    ]


def test_write_sorted_is_sorted_unique_and_hashed(tmp_path: Path) -> None:
    triples = _triples()
    target = tmp_path / "out.nt"
    digest, size = dumps.write_sorted(list(reversed(triples)) + triples, target, tmp_path, ox.RdfFormat.N_TRIPLES)
    content = target.read_bytes()
    lines = content.splitlines()
    assert lines == sorted(set(lines)) and len(lines) == len(triples)
    assert digest == hashlib.sha256(content).hexdigest() and size == len(content)
    assert not (tmp_path / "out.nt.unsorted").exists()


def test_jsonld_reads_back_as_the_same_triples(tmp_path: Path) -> None:
    target = tmp_path / "data.nt"
    dumps.write_sorted(_triples(), target, tmp_path, ox.RdfFormat.N_TRIPLES)
    out = io.BytesIO()
    dumps.write_jsonld(dumps.triples_of(target), release.jsonld_context(BASE), out)
    document = json.loads(out.getvalue())
    node = next(n for n in document["@graph"] if n["@id"] == "id:municipality/se-1-a")
    assert node["label"] == {"en": ["A", "A2"], "sv": "Å"} and node["@type"] == "vo:Municipality"
    back = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(out.getvalue(), format=ox.RdfFormat.JSON_LD)}
    expected = set(_triples())
    named = {t for t in expected if not isinstance(t.subject, ox.BlankNode)}
    assert {t for t in back if not isinstance(t.subject, ox.BlankNode)} == named
    assert len(back) == len(expected)


def test_used_prefixes_scans_kinds_and_known_namespaces(tmp_path: Path) -> None:
    target = tmp_path / "data.nt"
    dumps.write_sorted(_triples(), target, tmp_path, ox.RdfFormat.N_TRIPLES)
    chosen = dumps.used_prefixes(target, BASE, {"rdfs": RDFS, "vo": BASE + "def/", "owl": "http://www.w3.org/2002/07/owl#"})
    assert chosen == {"municipality": EX, "rdfs": RDFS, "vo": BASE + "def/"}
