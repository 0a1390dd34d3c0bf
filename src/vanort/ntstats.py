"""Counts of the data, read in one pass over the release's sorted, unique ``data.nt`` (issue #13).

The manifest's counts and the VoID statistics used to be computed from a Python set of every
data triple (~4 GB at N = 100,000). ``data.nt`` already holds each triple once, sorted, so
subjects come in runs (a subject's lines share the prefix ``<subject> ``) and are counted
without a set; distinct objects are counted by ``sort -u`` (coreutils, bounded memory) on the
third column while Python reads the file. Lines are split as text: in N-Triples as pyoxigraph
writes it, subject and predicate contain no space, so the object is what follows the second.

>>> import tempfile
>>> from pathlib import Path
>>> nt = Path(tempfile.mkdtemp()) / "data.nt"
>>> _ = nt.write_bytes(b'<http://e/id/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://e/C> .\\n'
...                    b'<http://e/id/a> <http://e/p> "x y" .\\n<http://e/z> <http://e/p> "x y" .\\n')
>>> s = scan(nt, "http://e/id/")
>>> s.triples, s.subjects, s.entities, s.objects, sorted(s.properties.items()), s.classes
(3, 2, 1, 2, [('http://e/p', 2), ('http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 1)], {'http://e/C': 1})
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .dumps import CHUNK, lines
from .namespaces import RDF

_TYPE = f"<{RDF}type>".encode()


@dataclass
class Stats:
    triples: int = 0
    subjects: int = 0
    entities: int = 0  # subjects that are IRIs under the URI space
    objects: int = 0
    properties: Counter[str] = field(default_factory=Counter)
    classes: dict[str, int] = field(default_factory=dict)  # value of each rdf:type object -> count
    class_iris: dict[str, int] = field(default_factory=dict)  # the same, IRI objects only
    kept: list[ox.Triple] = field(default_factory=list)  # the triples of the predicates asked for


def _term(token: bytes) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """One N-Triples object token as a term (only for the few distinct rdf:type objects)."""
    triple = next(iter(ox.parse(b"<x:s> <x:p> " + token + b" .\n", format=ox.RdfFormat.N_TRIPLES)))
    return triple.object  # type: ignore[no-any-return]


def _distinct_objects(path: Path) -> tuple[subprocess.Popen[bytes], subprocess.Popen[bytes]]:
    """``cut -f3- | sort -u`` on the objects column; sort's stdout is one line per distinct object."""
    env = {**os.environ, "LC_ALL": "C"}
    cut = subprocess.Popen(["cut", "-d", " ", "-f3-", str(path)], stdout=subprocess.PIPE, env=env)
    sort = subprocess.Popen(["sort", "-u", "-S", "256M", "-T", str(path.parent)], stdin=cut.stdout,
                            stdout=subprocess.PIPE, env=env)
    assert cut.stdout is not None
    cut.stdout.close()  # sort owns the pipe now; cut gets SIGPIPE if sort dies
    return cut, sort


def scan(path: Path, uri_space: str, keep: Iterable[str] = (), objects: bool = True) -> Stats:
    """Count ``path`` (sorted, unique N-Triples); keep the triples of the ``keep`` predicates.
    Without ``objects``, distinct objects are not counted (``Stats.objects`` stays 0)."""
    stats = Stats()
    space = b"<" + uri_space.encode()
    wanted = {f"<{p}>".encode() for p in keep}
    types: Counter[bytes] = Counter()
    predicates: Counter[bytes] = Counter()
    kept: list[bytes] = []
    pipeline = _distinct_objects(path) if objects else None
    previous = b""
    for block in lines(path):
        for line in block.splitlines():
            subject, predicate, rest = line.split(b" ", 2)
            stats.triples += 1
            if subject != previous:
                previous = subject
                stats.subjects += 1
                stats.entities += subject.startswith(space)
            predicates[predicate] += 1
            if predicate == _TYPE:
                types[rest[:-2]] += 1
            if predicate in wanted:
                kept.append(line)
    if pipeline is not None:
        cut, sort = pipeline
        assert sort.stdout is not None
        with sort.stdout:
            while chunk := sort.stdout.read(CHUNK):
                stats.objects += chunk.count(b"\n")
        if sort.wait() != 0 or cut.wait() != 0:
            raise RuntimeError(f"cut(1) | sort(1) failed ({cut.returncode}, {sort.returncode}) on the objects of {path}")
    stats.properties = Counter({p[1:-1].decode(): n for p, n in predicates.items()})
    for token, count in types.items():
        term = _term(token)
        stats.classes[term.value] = stats.classes.get(term.value, 0) + count
        if isinstance(term, ox.NamedNode):
            stats.class_iris[term.value] = stats.class_iris.get(term.value, 0) + count
    stats.classes = dict(sorted(stats.classes.items()))
    if kept:
        stats.kept = list(ox.parse(b"\n".join(kept) + b"\n", format=ox.RdfFormat.N_TRIPLES))  # type: ignore[arg-type]
    return stats


def count_lines(path: Path) -> int:
    """Lines of a file, read in large chunks."""
    count = 0
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK * 16):
            count += chunk.count(b"\n")
    return count


def stats_of(quads: Iterable[ox.Quad], uri_space: str, keep: Iterable[str] = ()) -> Stats:
    """``scan`` for quads not yet written (small inputs: the doctests, a caller without a release)."""
    from .dumps import sort_unique
    from .spool import write_ntriples

    with tempfile.TemporaryDirectory(prefix="vanort-stats-") as scratch:
        unsorted, target = Path(scratch) / "data.nt.unsorted", Path(scratch) / "data.nt"
        write_ntriples(quads, unsorted)
        sort_unique(unsorted, target, Path(scratch))
        return scan(target, uri_space, keep)


def of_release(files: list[Any], folder: Path | None, uri_space: str, keep: Iterable[str] = ()) -> Stats:
    """``scan`` of a release's data.nt: in the staging ``folder`` it was streamed to, else the
    in-memory artefact of that name (small releases and tests)."""
    if folder is not None:
        return scan(folder / "data.nt", uri_space, keep)
    content = next(a.content for a in files if a.name == "data.nt")
    with tempfile.TemporaryDirectory(prefix="vanort-stats-") as scratch:
        (Path(scratch) / "data.nt").write_bytes(content)
        return scan(Path(scratch) / "data.nt", uri_space, keep)
