"""The loaded quads kept on disk as N-Triples, one slice per source graph (issue #13).

A build used to hold every quad as a Python ``ox.Quad`` (~480 bytes each: 6 GB at
N = 100,000). Now each parsed file is serialised once into one scratch file and forgotten;
a ``Slice`` parses its part again when a check iterates it, and hands its N-Triples bytes
as they are to whatever takes text (SHACL, the sorted dumps, the derivation store), so no
Python object per quad lives longer than one file's worth.

N-Triples, not a pyoxigraph ``Store``: a store keeps typed literals by value
(``"2"^^xsd:nonNegativeInteger`` comes back as ``xsd:integer``), which would change the
validation report and the release bytes.

>>> import tempfile
>>> spool = Spool(tempfile.mkdtemp())
>>> q = ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x"), ox.NamedNode("http://e/g"))
>>> part = spool.add([q], "http://e/g")
>>> len(part), list(part) == [q], part.ntriples()
(1, True, b'<http://e/a> <http://e/p> "x" .\\n')
>>> both = Quads([part]) + [q]
>>> len(both), sum(1 for _ in both)
(2, 2)
"""

from __future__ import annotations

import re
import shutil
import tempfile
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

CHUNK = 1 << 24  # bytes handed to a consumer at a time


class Spool:
    """One append-only scratch file of N-Triples; removed with the object (or its folder)."""

    def __init__(self, folder: str | Path | None = None) -> None:
        if folder is None:  # removed when the spool is collected or at exit, whichever comes first
            folder = tempfile.mkdtemp(prefix="vanort-spool-")
            weakref.finalize(self, shutil.rmtree, folder, True)
        self.path = Path(folder) / "sources.nt"
        self.path.touch()
        self._size = self.path.stat().st_size

    def add(self, quads: Iterable[ox.Quad], graph: str) -> Slice:
        """Write one graph's quads (their graph names are ``graph``) and return its slice."""
        text = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)
        offset = self._size
        with self.path.open("ab") as out:  # opened per graph: no descriptor outlives a call
            out.write(text)
        self._size += len(text)
        return Slice(self, offset, len(text), text.count(b"\n"), graph)

    def read(self, offset: int, length: int) -> bytes:
        with self.path.open("rb") as stream:
            stream.seek(offset)
            return stream.read(length)


class Slice:
    """The quads of one graph in a spool: re-iterable, counted, never held as objects."""

    def __init__(self, spool: Spool, offset: int, length: int, count: int, graph: str) -> None:
        self.spool, self.offset, self.length, self.count, self.graph = spool, offset, length, count, graph

    def __len__(self) -> int:
        return self.count

    def ntriples(self) -> bytes:
        return self.spool.read(self.offset, self.length)

    def triples(self) -> Iterator[ox.Triple]:
        # ox.parse yields quads in the default graph for N-Triples; callers compare triples
        for q in ox.parse(self.ntriples(), format=ox.RdfFormat.N_TRIPLES):
            yield q.triple  # type: ignore[union-attr]

    def __iter__(self) -> Iterator[ox.Quad]:
        graph = ox.NamedNode(self.graph)
        for q in ox.parse(self.ntriples(), format=ox.RdfFormat.N_TRIPLES):
            yield ox.Quad(q.subject, q.predicate, q.object, graph)


Part = Slice | list[ox.Quad]


class Quads:
    """A chain of slices and lists of quads, iterated in order: what ``Sources.quads`` returns.

    It supports what the checks did with lists (iterate again, ``len``, ``+``), and hands its
    text over as N-Triples chunks without making quad objects."""

    def __init__(self, parts: Iterable[Part]) -> None:
        self.parts: list[Part] = [p for p in parts]

    def __iter__(self) -> Iterator[ox.Quad]:
        for part in self.parts:
            yield from part

    def __len__(self) -> int:
        return sum(len(p) for p in self.parts)

    def __add__(self, other: Iterable[ox.Quad]) -> Quads:
        return Quads([*self.parts, *as_parts(other)])

    def __radd__(self, other: Iterable[ox.Quad]) -> Quads:
        return Quads([*as_parts(other), *self.parts])

    def ntriples(self) -> Iterator[bytes]:
        """The triples as N-Triples text, part by part (graph names dropped; repeats kept)."""
        for part in self.parts:
            if isinstance(part, Slice):
                yield part.ntriples()
            elif part:
                yield ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in part),
                                   format=ox.RdfFormat.N_TRIPLES)

    def graphs(self) -> dict[str, list[Part]]:
        """Graph name (as in N-Quads, ``<iri>``) -> the parts holding its quads, sorted by name."""
        found: dict[str, list[Part]] = {}
        for part in self.parts:
            if isinstance(part, Slice):
                found.setdefault(f"<{part.graph}>", []).append(part)
                continue
            by_graph: dict[str, list[ox.Quad]] = {}
            for q in part:
                by_graph.setdefault(str(q.graph_name), []).append(q)
            for name, members in by_graph.items():
                found.setdefault(name, []).append(members)
        return dict(sorted(found.items()))


def as_parts(quads: Iterable[ox.Quad]) -> list[Part]:
    if isinstance(quads, Quads):
        return list(quads.parts)
    if isinstance(quads, Slice):
        return [quads]
    return [quads if isinstance(quads, list) else list(quads)]


def ntriples_of(quads: Iterable[ox.Quad]) -> Iterator[bytes]:
    """N-Triples chunks of any quads: straight from the spool when they live there."""
    return Quads(as_parts(quads)).ntriples()


def write_ntriples(quads: Iterable[ox.Quad], target: Path) -> None:
    """All triples of ``quads`` into ``target`` as N-Triples (unsorted, repeats kept)."""
    with target.open("wb") as out:
        for chunk in ntriples_of(quads):
            out.write(chunk)


# An IRI subject at the start of a line. In N-Triples a line is one triple and a literal's line
# breaks are escaped, so no line inside a literal starts here.
_SUBJECT_IRI = re.compile(rb"^<([^>\n]*)>", re.MULTILINE)


def _iri_value(raw: bytes) -> str:
    if b"\\" not in raw:
        return raw.decode("utf-8")
    # \uXXXX escapes (N-Triples UCHAR): let the parser read them
    parsed = next(iter(ox.parse(b"<" + raw + b"> <urn:x:p> <urn:x:o> .", format=ox.RdfFormat.N_TRIPLES)))
    return parsed.subject.value  # type: ignore[union-attr]


def subject_iris(quads: Iterable[ox.Quad]) -> set[str]:
    """The IRIs in subject position. Spooled slices are read as text, without a quad object per
    line: the reference check's set of described resources was a third of its time (issue #13)."""
    found: set[str] = set()
    for part in as_parts(quads):
        if isinstance(part, Slice):
            found.update(_iri_value(raw) for raw in set(_SUBJECT_IRI.findall(part.ntriples())))
        else:
            found.update(q.subject.value for q in part if isinstance(q.subject, ox.NamedNode))
    return found
