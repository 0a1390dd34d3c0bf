"""Write a release: every artefact, deterministic, into ``release/<version>/`` atomically.

The version is the first 12 hex digits of the sha256 of ``dataset.nq``: the same sources
give the same version and byte-identical files. The folder appears whole (written aside,
then renamed) and ``release/current`` is switched after it, so a reader never sees half a
release and a failed build leaves the previous one in place.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from . import __version__, dumps
from .dump_jobs import Job, Jobs, Result
from .formats import BY_NAME
from .namespaces import RDF, prefixes
from .spool import Quads, as_parts, write_ntriples

CURRENT = "current"
MANIFEST = "manifest.json"
CONTEXT_FILE = "context.jsonld"


@dataclass(frozen=True)
class Artefact:
    """A small artefact made in memory (catalogue, VoID), written with the manifest."""

    name: str
    format: str
    content: bytes
    description: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True)
class Written:
    """A dump already streamed into the staging folder, hashed while it was written."""

    name: str
    format: str
    sha256: str
    size: int
    description: str


AnyArtefact = Artefact | Written


def sort_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    return sorted(set(quads), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def distinct_triples(quads: list[ox.Quad]) -> set[ox.Triple]:
    """The triples of all graphs, each once, in no order (for counting: no sort needed)."""
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}


def union_triples(quads: list[ox.Quad]) -> list[ox.Triple]:
    """The triples of all graphs, each once, sorted by subject, predicate, object."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def jsonld_context(base: str) -> dict[str, Any]:
    """The JSON-LD context shipped in the package, with the prefixes of the base."""
    shipped = json.loads(resources.files("vanort").joinpath("context", CONTEXT_FILE).read_text("utf-8"))
    shipped["@context"].update(prefixes(base))
    return shipped


_PREFIX_NAME = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


def used_prefixes(terms: list[ox.Quad] | list[ox.Triple], base: str) -> dict[str, str]:
    """The prefixes a file needs: the project's known ones plus one per ``id/<kind>/``.

    Turtle local names cannot contain '/', so ``municipality:se-2460-vannas`` reads better
    than an escaped ``id:municipality\\/se-2460-vannas``.
    """
    known = {k: v for k, v in prefixes(base).items() if k != "id"}
    iris = {t.value for q in terms for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)}
    iris |= {q.object.datatype.value for q in terms if isinstance(q.object, ox.Literal)}
    chosen: dict[str, str] = {}
    things = base + "id/"
    for iri in sorted(iris):
        if iri.startswith(things) and "/" in iri[len(things):]:
            kind = iri[len(things):].split("/", 1)[0]
            if _PREFIX_NAME.fullmatch(kind) and kind not in known:
                chosen.setdefault(kind, f"{things}{kind}/")
    for name, namespace in known.items():
        if any(i.startswith(namespace) for i in iris):
            chosen[name] = namespace
    return dict(sorted(chosen.items()))


def serialize(triples: list[ox.Triple], name: str, base: str) -> bytes:
    """Serialise sorted triples in a graph format; JSON-LD is compacted with our context."""
    if name == "jsonld":
        return _jsonld(triples, base)
    return ox.serialize(triples, format=BY_NAME[name].rdf_format, prefixes=used_prefixes(triples, base))


def _stable(node: Any, key: str = "") -> Any:
    """Sort JSON-LD arrays (unordered in RDF), except the contents of @list."""
    if isinstance(node, dict):
        return {k: _stable(v, k) for k, v in node.items()}
    if isinstance(node, list):
        items = [_stable(v) for v in node]
        return items if key == "@list" else sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return node


def _jsonld(triples: list[ox.Triple], base: str) -> bytes:
    graph = Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    if any(isinstance(t.subject, ox.BlankNode) for t in triples):
        graph = to_canonical_graph(graph)  # rdflib relabels blank nodes on parsing
    context = jsonld_context(base)["@context"]
    text = graph.serialize(format="json-ld", context=context, auto_compact=True)
    # rdflib's node order follows set iteration; sort so the file is byte-stable.
    document = _stable(json.loads(text))
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def report_turtle(report: Graph, base: str) -> bytes:
    canonical = to_canonical_graph(report)
    triples = list(ox.parse(canonical.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES))
    return ox.serialize(
        sorted((ox.Triple(t.subject, t.predicate, t.object) for t in triples), key=str),
        format=ox.RdfFormat.TURTLE, prefixes=used_prefixes(triples, base),
    )


def _dataset_quads(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Quads graph by graph (sorted by graph name), each graph sorted and without repeats:
    only one graph is ever parsed and sorted at a time, and TriG gets one block per graph."""
    for parts in Quads(as_parts(quads)).graphs().values():
        members = {q for part in parts for q in part}
        yield from sorted(members, key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))


def _filler(name: str, nt: Path, base: str, chosen: dict[str, str]) -> Callable[[Any], None]:
    """What writes one format of a graph from its sorted N-Triples file."""
    if name == "jsonld":
        return lambda out: dumps.write_jsonld(dumps.triples_of(nt), jsonld_context(base), out)
    return lambda out: ox.serialize(dumps.triples_of(nt), out, BY_NAME[name].rdf_format, prefixes=chosen)


@dataclass(frozen=True)
class _Pending:
    """A file a job is writing (dump_jobs.py); ``done`` waits for it."""

    name: str
    format: str
    description: str
    future: Result

    def done(self) -> Written:
        digest, size = self.future.result()
        return Written(self.name, self.format, digest, size, self.description)


def _done(file: Written | _Pending) -> Written:
    return file.done() if isinstance(file, _Pending) else file


def _graph_files(folder: Path, scratch: Path, base: str, stem: str, quads: Iterable[ox.Quad],
                 names: tuple[str, ...], what: str, jobs: Jobs, same: dict[str, Written | _Pending] | None = None,
                 leftovers: list[Path] | None = None) -> list[Written | _Pending]:
    """``<stem>.nt`` (sorted, unique union of the graphs) and the other formats made from it,
    each by a job (``jobs``). ``leftovers``: where an N-Triples file not published goes, to be
    removed when the jobs reading it are done.

    ``same``: files already written from another graph (by format); when the sorted N-Triples
    turn out byte-identical to theirs, each format is a copy of theirs, since every format is
    made from that file alone (a synthetic project's Vännäs dataset is its whole data, issue #13)."""
    nt = folder / f"{stem}.nt"
    unsorted = scratch / f"{stem}.nt.unsorted"
    write_ntriples(quads, unsorted)  # spooled quads are copied as text, never parsed
    digest, size = dumps.sort_unique(unsorted, nt, scratch)
    written: dict[str, Written | _Pending] = {"ntriples": Written(nt.name, "ntriples", digest, size, f"{what} as ntriples.")}
    twin = same if same and "ntriples" in same and _done(same["ntriples"]).sha256 == digest else None
    chosen = None if twin else dumps.used_prefixes(nt, base, prefixes(base))
    for name in names:
        f = BY_NAME[name]
        if name == "ntriples":
            continue
        target = folder / f"{stem}.{f.extension}"
        if twin and name in twin:
            original = _done(twin[name])
            shutil.copyfile(folder / original.name, target)
            written[name] = Written(target.name, name, original.sha256, original.size, f"{what} as {name}.")
        else:
            chosen = dumps.used_prefixes(nt, base, prefixes(base)) if chosen is None else chosen
            written[name] = _Pending(target.name, name, f"{what} as {name}.",
                                     jobs.submit(Job(name, str(nt), str(target), base, chosen)))
    if "ntriples" not in names:
        if leftovers is None:
            raise ValueError("an unpublished N-Triples file needs a list of leftovers to be removed")
        leftovers.append(nt)
    return [written[n] for n in names]


@dataclass(frozen=True)
class Part:
    """A dataset of the catalogue with dumps of its own (issue #14): ``<stem>.nq`` and friends."""

    stem: str
    quads: Iterable[ox.Quad]
    what: str
    whole: bool = False  # the same quads as the release's data (catalogue_split.is_whole)


PART_FORMATS = ("turtle", "jsonld", "ntriples", "rdfxml")


def _copy_graphs(nquads: Path, graphs: set[bytes], out: Any) -> None:
    """The lines of an N-Quads file whose graph is one of ``graphs`` (``<iri>``), in order."""
    for block in dumps.lines(nquads):
        out.write(b"".join(line for line in block.splitlines(keepends=True)
                           if line[:-3].rsplit(b" ", 1)[1] in graphs))


def _part_files(folder: Path, scratch: Path, base: str, part: Part, jobs: Jobs,
                same: dict[str, Written | _Pending] | None = None) -> list[Written | _Pending]:
    """A part's N-Quads and TriG (its named graphs kept) and its merged graph in the data formats."""
    nq = folder / f"{part.stem}.nq"
    if part.whole:  # its graphs' blocks of dataset.nq as they are: the same quads give the same lines
        graphs = {name.encode("utf-8") for name in Quads(as_parts(part.quads)).graphs()}
        digest, size = dumps.write_file(nq, lambda out: _copy_graphs(folder / "dataset.nq", graphs, out))
    else:
        digest, size = dumps.write_file(nq, lambda out: ox.serialize(_dataset_quads(part.quads), out,
                                                                     ox.RdfFormat.N_QUADS))
    files: list[Written | _Pending] = [
        Written(nq.name, "nquads", digest, size, f"{part.what}, one named graph per source, as nquads.")]
    chosen = dumps.used_prefixes(nq, base, prefixes(base))
    trig = folder / f"{part.stem}.trig"
    files.append(_Pending(trig.name, "trig", f"{part.what}, one named graph per source, as trig.",
                          jobs.submit(Job("trig", str(nq), str(trig), base, chosen))))
    return files + _graph_files(folder, scratch, base, part.stem, part.quads, PART_FORMATS,
                                f"{part.what} (graphs merged)", jobs, same)


def artefacts(
    base: str,
    data: Iterable[ox.Quad],
    ontology: Iterable[ox.Quad],
    shapes: Iterable[ox.Quad],
    report: Graph,
    folder: Path | None = None,
    parts: tuple[Part, ...] = (),
    workers: int | None = None,
) -> list[AnyArtefact]:
    """Write every file of a release except the catalogue and the manifest into ``folder``
    (a staging folder), streaming and hashing; return them in a fixed order. ``parts`` are
    datasets that get dumps of their own beside the whole release's. The formats of large
    graphs are written side by side by ``workers`` processes (dump_jobs.py; default: the cores).

    Without a folder they are returned in memory (``Artefact``), for small releases and tests
    that call ``write`` without a staging folder.
    """
    if folder is None:
        with tempfile.TemporaryDirectory() as scratch_dir:
            made = artefacts(base, data, ontology, shapes, report, Path(scratch_dir) / "files", parts, workers)
            return [Artefact(a.name, a.format, (Path(scratch_dir) / "files" / a.name).read_bytes(), a.description)
                    for a in made]
    folder.mkdir(parents=True, exist_ok=True)
    leftovers: list[Path] = []
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".sort-") as scratch_dir, Jobs(workers) as jobs:
        scratch = Path(scratch_dir)
        everything = Quads([*as_parts(ontology), *as_parts(shapes), *as_parts(data)])
        nq = folder / "dataset.nq"
        digest, size = dumps.write_file(nq, lambda out: ox.serialize(_dataset_quads(everything), out, ox.RdfFormat.N_QUADS))
        pending: list[Written | _Pending] = [Written(
            "dataset.nq", "nquads", digest, size,
            "The whole dataset with one named graph per source file, the derived graph, the ontology and the shapes.")]
        chosen = dumps.used_prefixes(nq, base, prefixes(base))
        pending.append(_Pending("dataset.trig", "trig", "The same dataset as TriG.",
                                jobs.submit(Job("trig", str(nq), str(folder / "dataset.trig"), base, chosen))))
        data_files: dict[str, Written | _Pending] = {}
        for stem, quads, what in (
            ("data", data, "The data (stated and derived triples, graphs merged)"),
            ("ontology", ontology, "The vanort OWL ontology"),
            ("shapes", shapes, "The SHACL shapes every release passes"),
        ):
            names = ("turtle", "jsonld", "ntriples", "rdfxml") if stem == "data" else ("turtle", "jsonld", "rdfxml")
            made = _graph_files(folder, scratch, base, stem, quads, names, what, jobs, leftovers=leftovers)
            pending += made
            if stem == "data":
                data_files = {w.format: w for w in made}
        for part in parts:
            pending += _part_files(folder, scratch, base, part, jobs, data_files)
        files: list[AnyArtefact] = [_done(f) for f in pending]
    for path in leftovers:
        path.unlink()
    content = report_turtle(report, base)
    (folder / "validation-report.ttl").write_bytes(content)
    files.append(Written("validation-report.ttl", "turtle", hashlib.sha256(content).hexdigest(), len(content),
                         "The SHACL validation report of this release."))
    return files


def counts(data: list[ox.Quad], everything: list[ox.Quad]) -> dict[str, Any]:
    triples = distinct_triples(data)
    classes = Counter(t.object.value for t in triples if t.predicate.value == RDF + "type")
    return {
        "quads": len(set(everything)),
        "graphs": len({q.graph_name.value for q in everything}),
        "data_triples": len(triples),
        "subjects": len({t.subject for t in triples}),
        "classes": dict(sorted(classes.items())),
    }


def counts_of(folder: Path) -> dict[str, Any]:
    """``counts`` read from the written ``dataset.nq`` and ``data.nt`` (issue #13: one pass over
    each file, no set of every triple)."""
    from .ntstats import scan

    quads, graphs, previous = 0, 0, b""
    for block in dumps.lines(folder / "dataset.nq"):
        for line in block.splitlines():
            quads += 1
            graph = line[:-2].rsplit(b" ", 1)[1]  # dataset.nq comes graph by graph
            if graph != previous:
                graphs, previous = graphs + 1, graph
    stats = scan(folder / "data.nt", "", objects=False)
    return {"quads": quads, "graphs": graphs, "data_triples": stats.triples, "subjects": stats.subjects,
            "classes": stats.classes}


def manifest(version: str, base: str, files: list[AnyArtefact], count: dict[str, Any],
             conforms: bool, release_date: str | None) -> dict[str, Any]:
    return {
        "version": version,
        "generator": f"vanort {__version__}",
        "base_iri": base,
        "release_date": release_date,
        "conforms": conforms,
        "counts": count,
        "files": {
            a.name: {
                "sha256": a.sha256,
                "bytes": a.size,
                "media_type": BY_NAME[a.format].media_type,
                "description": a.description,
            }
            for a in files
        },
    }


def version_of(files: list[AnyArtefact], *inputs: bytes) -> str:
    """The release version: a hash of ``dataset.nq``'s digest and of any further input that
    shapes the artefacts (the publisher details behind the catalogue, the release date), so
    that a changed input never meets an existing, immutable folder of the same version."""
    digest = hashlib.sha256(bytes.fromhex(next(a for a in files if a.name == "dataset.nq").sha256))
    for extra in inputs:
        digest.update(hashlib.sha256(extra).digest())
    return digest.hexdigest()[:12]


def staging(release_dir: Path) -> Path:
    """A fresh staging folder beside the releases; ``write`` renames it into place."""
    release_dir.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".staging-", dir=release_dir))


def write(release_dir: Path, files: list[AnyArtefact], document: dict[str, Any],
          folder: Path | None = None) -> Path:
    """Complete the staging ``folder`` (the in-memory artefacts and the manifest), rename it
    to ``release/<version>`` and point ``current`` at it. Without a folder, every artefact
    must be in memory."""
    release_dir.mkdir(parents=True, exist_ok=True)
    target = release_dir / document["version"]
    folder = folder or staging(release_dir)
    try:
        if not target.is_dir():
            for a in files:
                if isinstance(a, Artefact):
                    (folder / a.name).write_bytes(a.content)
            (folder / MANIFEST).write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", "utf-8")
            os.replace(folder, target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    pointer = release_dir / f".{CURRENT}.tmp"
    pointer.write_text(document["version"] + "\n", "utf-8")
    os.replace(pointer, release_dir / CURRENT)
    return target
