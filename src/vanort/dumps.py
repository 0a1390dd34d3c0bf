"""Stream the release dumps to files, hashing while writing (issue #13).

The dumps are never held in memory whole. Their order is the byte order of their N-Quads
(N-Triples) lines, produced by an external merge sort (``sort -u`` in the C locale, from
coreutils: bounded memory, both cores), so the files are deterministic and each statement
appears once. The other formats are written by pyoxigraph's serialisers from a streaming
parse of the sorted lines; JSON-LD by ``write_jsonld`` below, compacted with the fixed context
shipped in the package (pyoxigraph 0.5 writes only expanded JSON-LD, bench/NOTES.md).

>>> import io
>>> out = HashingWriter(io.BytesIO())
>>> out.write(b"abc")
3
>>> out.size, out.sha256[:12]
(3, 'ba7816bf8f01')
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from .namespaces import RDF, RDFS, SKOS

CHUNK = 1 << 20
SORT_MEMORY = "512M"  # sort(1)'s buffer; beyond it, it merges runs from temporary files


class HashingWriter:
    """A binary file wrapper that counts and hashes every byte written through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self._digest, self.size = raw, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self._digest.update(data)
        self.size += len(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()


def sort_unique(unsorted: Path, target: Path, scratch: Path) -> tuple[str, int]:
    """Sort the lines of ``unsorted`` into ``target`` (unique, C byte order); return (sha256, size).

    ``unsorted`` is removed afterwards. GNU sort spills to ``scratch`` beyond its buffer, so
    the memory it takes is bounded whatever the size of the release.
    """
    env = {**os.environ, "LC_ALL": "C"}
    command = ["sort", "-u", "-S", SORT_MEMORY, "--parallel=2", "-T", str(scratch), str(unsorted)]
    with target.open("wb") as raw, subprocess.Popen(command, stdout=subprocess.PIPE, env=env) as sort:
        assert sort.stdout is not None
        out = HashingWriter(raw)
        while chunk := sort.stdout.read(CHUNK):
            out.write(chunk)
    if sort.returncode != 0:
        raise RuntimeError(f"sort(1) failed with exit code {sort.returncode} on {unsorted}")
    unsorted.unlink()
    return out.sha256, out.size


def write_sorted(terms: Iterable[ox.Quad] | Iterable[ox.Triple], target: Path, scratch: Path,
                 format: ox.RdfFormat) -> tuple[str, int]:
    """Write quads (N-Quads) or triples (N-Triples), sorted and unique, into ``target``."""
    unsorted = scratch / (target.name + ".unsorted")
    ox.serialize(terms, str(unsorted), format)
    return sort_unique(unsorted, target, scratch)


def write_file(target: Path, write: Any) -> tuple[str, int]:
    """Open ``target``, let ``write(stream)`` fill it, return (sha256, size)."""
    with target.open("wb") as raw:
        out = HashingWriter(raw)
        write(out)
    return out.sha256, out.size


def lines(path: Path) -> Iterator[bytes]:
    """The complete lines of a file, read in large chunks (for prefix scanning)."""
    rest = b""
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK * 16):
            chunk = rest + chunk
            cut = chunk.rfind(b"\n") + 1
            rest = chunk[cut:]
            yield chunk[:cut]
    if rest:
        yield rest


_PREFIX_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


def used_prefixes(path: Path, base: str, known: dict[str, str]) -> dict[str, str]:
    """The prefixes a sorted N-Triples/N-Quads file needs: known ones it uses, plus one per
    ``id/<kind>/`` (Turtle local names cannot contain '/'). Scanned as bytes: fast, and no
    set of every IRI is held."""
    things = base + "id/"
    kinds_re = re.compile(rb"<" + re.escape(things.encode()) + rb"([^/>]+)/")
    known_re = {name: b"<" + ns.encode() for name, ns in known.items() if name != "id"}
    kinds: set[str] = set()
    found: set[str] = set()
    for block in lines(path):
        kinds.update(k.decode() for k in set(kinds_re.findall(block)))
        found.update(name for name, needle in known_re.items() if name not in found and needle in block)
    chosen = {k: f"{things}{k}/" for k in sorted(kinds) if _PREFIX_NAME.fullmatch(k) and k not in known_re}
    chosen.update({name: known[name] for name in found})
    return dict(sorted(chosen.items()))


def triples_of(path: Path) -> Iterator[ox.Triple]:
    """A streaming parse of an N-Triples file."""
    for triple in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
        yield triple  # type: ignore[misc]


class Compactor:
    """IRIs to compact IRIs (``prefix:local``) with the prefixes of the JSON-LD context."""

    def __init__(self, context: dict[str, Any]) -> None:
        spaces = [(v, k) for k, v in context.items() if isinstance(v, str)]
        self.spaces = sorted(spaces, key=lambda s: -len(s[0]))  # longest namespace first

    def iri(self, iri: str) -> str:
        for namespace, name in self.spaces:
            local = iri[len(namespace):]
            # JSON-LD 1.1 §4.1.3: a suffix starting with '//' would read as an absolute IRI
            if iri.startswith(namespace) and local and not local.startswith("//"):
                return f"{name}:{local}"
        return iri

    def node(self, term: ox.NamedNode | ox.BlankNode) -> str:
        return self.iri(term.value) if isinstance(term, ox.NamedNode) else f"_:{term.value}"

    def value(self, term: Any) -> Any:
        if not isinstance(term, ox.Literal):
            return {"@id": self.node(term)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return term.value
        return {"@value": term.value, "@type": self.iri(term.datatype.value)}


# Terms of the shipped context that are language maps (src/vanort/context/context.jsonld)
LANGUAGE_MAPS = {RDFS + "label": "label", SKOS + "prefLabel": "prefLabel"}


def _order(value: Any) -> tuple[str, ...]:
    """A total order of JSON-LD values: strings, then value objects and node references by their
    items (the objects made here are flat: string keys and string values)."""
    return (value,) if isinstance(value, str) else ("\uffff", *(f"{k}\u0000{v}" for k, v in sorted(value.items())))


def _one_or_many(values: list[Any]) -> Any:
    if len(values) == 1:
        return values[0]
    return sorted(values, key=_order)


def node_object(subject: Any, triples: list[ox.Triple], compact: Compactor) -> dict[str, Any]:
    """One JSON-LD node object for the triples of one subject."""
    node: dict[str, Any] = {"@id": compact.node(subject)}
    by_predicate: dict[str, list[Any]] = {}
    for t in triples:
        by_predicate.setdefault(t.predicate.value, []).append(t.object)
    for predicate, objects in by_predicate.items():
        if predicate == RDF + "type" and all(isinstance(o, ox.NamedNode) for o in objects):
            node["@type"] = _one_or_many([compact.iri(o.value) for o in objects])
        elif predicate in LANGUAGE_MAPS and all(isinstance(o, ox.Literal) and o.language for o in objects):
            languages: dict[str, list[str]] = {}
            for o in objects:
                languages.setdefault(o.language, []).append(o.value)
            node[LANGUAGE_MAPS[predicate]] = {k: _one_or_many(v) for k, v in sorted(languages.items())}
        else:
            node[compact.iri(predicate)] = _one_or_many([compact.value(o) for o in objects])
    return node


def write_jsonld(triples: Iterable[ox.Triple], context: dict[str, Any], out: IO[bytes]) -> None:
    """Write compacted JSON-LD, one node object per subject and line, from triples sorted by
    subject. One line per node: ``json.dumps`` without ``indent`` runs in C, several times
    faster than the indenting encoder, which is pure Python (issue #13's profile).

    Keys are compact IRIs and values explicit value objects, so no term coercion of the context
    can change their meaning; only ``label``/``prefLabel`` use the context's language maps.
    """
    compact = Compactor(context["@context"])
    head = json.dumps({"@context": context["@context"]}, ensure_ascii=False, indent=2, sort_keys=True)
    out.write((head[:-2] + ',\n  "@graph": [').encode("utf-8"))
    first, subject, group = True, None, []

    def flush() -> None:
        nonlocal first
        if subject is None:
            return
        text = json.dumps(node_object(subject, group, compact), ensure_ascii=False, sort_keys=True)
        out.write((("\n    " if first else ",\n    ") + text).encode("utf-8"))
        first = False

    for t in triples:
        if t.subject != subject:
            flush()
            subject, group = t.subject, []
        group.append(t)
    flush()
    out.write(b"\n  ]\n}\n")
