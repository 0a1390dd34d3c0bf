"""The build's quads on disk (issue #13): spool slices, their text for SHACL, counts from data.nt."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from vanort import release
from vanort.load import read_folder, Sources
from vanort.ntstats import scan, stats_of
from vanort.spool import Quads, Spool
from vanort.validate import ascii_ntriples

XSD = "http://www.w3.org/2001/XMLSchema#"
G = "https://example.org/graph/data/a"


def _quads(graph: str = G) -> list[ox.Quad]:
    s, g = ox.NamedNode("https://example.org/id/place/dąb"), ox.NamedNode(graph)
    return [
        ox.Quad(s, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Dąb \"x\"\n😀", language="pl"), g),
        ox.Quad(s, ox.NamedNode("https://example.org/def/n"), ox.Literal("02", datatype=ox.NamedNode(XSD + "nonNegativeInteger")), g),
        ox.Quad(s, ox.NamedNode("https://example.org/def/b"), ox.BlankNode("b1"), g),
    ]


def test_a_slice_gives_back_the_same_quads_and_keeps_literals_as_written(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    part = spool.add(_quads(), G)
    other = spool.add(_quads(G + "2"), G + "2")
    assert list(part) == _quads() and list(other) == _quads(G + "2")
    assert len(part) == 3 and len(Quads([part, other])) == 6
    # "02"^^xsd:nonNegativeInteger stays as written (a pyoxigraph Store would make it "2"^^xsd:integer)
    assert b'"02"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>' in part.ntriples()
    assert (tmp_path / "sources.nt").stat().st_size == part.length + other.length


def test_quads_chain_lists_and_slices_and_group_by_graph(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    chained = Quads([spool.add(_quads(), G)]) + _quads(G + "2")
    assert len(chained) == 6 and [q.graph_name.value for q in chained] == [G] * 3 + [G + "2"] * 3
    assert list(_quads() + chained)[:3] == _quads()  # a list on the left works too
    assert list(chained.graphs()) == [f"<{G}2>", f"<{G}>"]  # as N-Quads names sort: "2" before ">"
    text = b"".join(chained.ntriples())
    assert text.count(b"\n") == 6 and b"graph" not in text  # graph names dropped: the union


def test_release_dumps_are_the_same_from_lists_and_from_the_spool(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    quads = _quads() + _quads(G + "2")
    spooled = Quads([spool.add(_quads(), G), spool.add(_quads(G + "2"), G + "2")])
    from rdflib import Graph

    report = Graph()
    from_lists = {a.name: a.content for a in release.artefacts("https://example.org/", quads, [], [], report)}
    from_spool = {a.name: a.content for a in release.artefacts("https://example.org/", spooled, [], [], report)}
    assert from_lists == from_spool
    assert from_spool["dataset.nq"].count(b"\n") == 6 and from_spool["data.nt"].count(b"\n") == 3


def test_ascii_text_for_the_engine_parses_to_the_same_triples() -> None:
    text = b"".join(Quads([_quads()]).ntriples())
    escaped = ascii_ntriples([text])
    assert escaped.isascii() and "\\u0105" in escaped and "\\U0001F600" in escaped
    assert set(ox.parse(escaped.encode(), format=ox.RdfFormat.N_TRIPLES)) == set(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))


def test_counts_from_data_nt_equal_counts_over_a_set_of_triples(tmp_path: Path) -> None:
    a, b = ox.NamedNode("https://example.org/id/x/a"), ox.NamedNode("https://example.org/other/b")
    typ, p = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode("https://example.org/def/p")
    g1, g2 = ox.NamedNode(G), ox.NamedNode(G + "2")
    quads = [ox.Quad(a, typ, ox.NamedNode("https://example.org/def/C"), g1), ox.Quad(a, p, ox.Literal("a b"), g1),
             ox.Quad(a, p, ox.Literal("a b"), g2),  # the same triple in two graphs counts once
             ox.Quad(b, p, ox.Literal("a b"), g2), ox.Quad(b, typ, ox.Literal("odd"), g2)]
    stats = stats_of(quads, "https://example.org/id/")
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    assert stats.triples == len(triples) == 4
    assert stats.subjects == 2 and stats.entities == 1 and stats.objects == len({t[2] for t in triples}) == 3
    assert stats.classes == {"https://example.org/def/C": 1, "odd": 1}
    assert stats.class_iris == {"https://example.org/def/C": 1}
    assert stats.properties == {p.value: 2, typ.value: 2}


def test_scan_of_an_unsorted_file_is_not_what_it_counts(tmp_path: Path) -> None:
    """The subject runs rely on sorted input: the release writes data.nt through sort -u."""
    nt = tmp_path / "data.nt"
    nt.write_bytes(b"<http://e/a> <http://e/p> \"1\" .\n<http://e/b> <http://e/p> \"1\" .\n<http://e/a> <http://e/p> \"2\" .\n")
    assert scan(nt, "http://e/").subjects == 3  # unsorted: a's two runs are counted twice


def test_spooled_sources_name_the_files_of_focus_nodes_only(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.ttl").write_text("<https://w3id.org/vanort/id/x/a> <http://e/p> 1 .\n", "utf-8")
    (folder / "b.ttl").write_text("<https://w3id.org/vanort/id/x/b> <http://e/p> 2 .\n"
                                  "<https://w3id.org/vanort/id/x/a> <http://e/q> 3 .\n", "utf-8")
    sources = Sources("https://w3id.org/vanort/", [])
    sources.files = read_folder(folder, "data", "https://w3id.org/vanort/", tmp_path, sources.keep)
    assert sources.spool is not None and len(sources.quads("data")) == 3
    assert sources.defining_files({"https://w3id.org/vanort/id/x/a"}) == {
        "https://w3id.org/vanort/id/x/a": ["data/a.ttl", "data/b.ttl"]}


@pytest.mark.parametrize("bad", [b"\xff\xfe", b"<a> <b> ."])
def test_spooling_keeps_parse_errors_with_their_file(tmp_path: Path, bad: bytes) -> None:
    from vanort.errors import InputError

    (tmp_path / "x.ttl").write_bytes(bad)
    sources = Sources("https://w3id.org/vanort/", [])
    with pytest.raises(InputError, match="x.ttl"):
        read_folder(tmp_path, "data", "https://w3id.org/vanort/", tmp_path, sources.keep)


def test_subject_iris_from_the_text_are_those_of_the_parsed_quads(tmp_path: Path) -> None:
    from vanort.spool import Slice, subject_iris

    spool = Spool(tmp_path)
    g = ox.NamedNode(G)
    tricky = [  # a literal holding a whole fake line after an escaped line break, a blank subject
        ox.Quad(ox.NamedNode("https://example.org/id/a"), ox.NamedNode("https://example.org/def/p"),
                ox.Literal('x\n<https://example.org/id/fake> <https://example.org/def/p> "y" .'), g),
        ox.Quad(ox.BlankNode("b2"), ox.NamedNode("https://example.org/def/p"), ox.NamedNode("https://example.org/id/b"), g),
    ]
    parts = [spool.add(_quads(), G), spool.add(tricky, G)]
    # an IRI written with a \u escape, as another N-Triples writer may write it
    raw = b'<https://example.org/id/\\u00E5s> <https://example.org/def/p> "v" .\n'
    offset = (tmp_path / "sources.nt").stat().st_size
    with (tmp_path / "sources.nt").open("ab") as out:
        out.write(raw)
    parts.append(Slice(spool, offset, len(raw), 1, G))
    chain = Quads(parts) + [ox.Quad(ox.NamedNode("https://example.org/id/listed"), ox.NamedNode("https://example.org/def/p"), ox.Literal("z"), g)]
    expected = {q.subject.value for q in chain if isinstance(q.subject, ox.NamedNode)}
    assert subject_iris(chain) == expected
    assert expected == {"https://example.org/id/place/dąb", "https://example.org/id/a", "https://example.org/id/ås",
                        "https://example.org/id/listed"}
