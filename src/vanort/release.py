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
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from . import __version__
from .formats import BY_NAME
from .namespaces import RDF, prefixes

CURRENT = "current"
MANIFEST = "manifest.json"
CONTEXT_FILE = "context.jsonld"


@dataclass(frozen=True)
class Artefact:
    name: str
    format: str
    content: bytes
    description: str


def sort_quads(quads: list[ox.Quad]) -> list[ox.Quad]:
    return sorted(set(quads), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


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


def artefacts(
    base: str,
    data: list[ox.Quad],
    ontology: list[ox.Quad],
    shapes: list[ox.Quad],
    report: Graph,
) -> list[Artefact]:
    """Every file of a release except the manifest, in a fixed order."""
    everything = sort_quads(ontology + shapes + data)
    files = [
        Artefact("dataset.nq", "nquads", ox.serialize(everything, format=ox.RdfFormat.N_QUADS),
                 "The whole dataset with one named graph per source file, the derived graph, the ontology and the shapes."),
        Artefact("dataset.trig", "trig",
                 ox.serialize(everything, format=ox.RdfFormat.TRIG, prefixes=used_prefixes(everything, base)),
                 "The same dataset as TriG."),
    ]
    for stem, quads, what in (
        ("data", data, "The data (stated and derived triples, graphs merged)"),
        ("ontology", ontology, "The vanort OWL ontology"),
        ("shapes", shapes, "The SHACL shapes every release passes"),
    ):
        triples = union_triples(quads)
        names = ("turtle", "jsonld", "ntriples", "rdfxml") if stem == "data" else ("turtle", "jsonld", "rdfxml")
        for name in names:
            f = BY_NAME[name]
            files.append(Artefact(f"{stem}.{f.extension}", name, serialize(triples, name, base), f"{what} as {name}."))
    files.append(Artefact("validation-report.ttl", "turtle", report_turtle(report, base),
                          "The SHACL validation report of this release."))
    return files


def counts(data: list[ox.Quad], everything: list[ox.Quad]) -> dict[str, Any]:
    triples = union_triples(data)
    classes = Counter(t.object.value for t in triples if t.predicate.value == RDF + "type")
    return {
        "quads": len(set(everything)),
        "graphs": len({q.graph_name.value for q in everything}),
        "data_triples": len(triples),
        "subjects": len({t.subject for t in triples}),
        "classes": dict(sorted(classes.items())),
    }


def manifest(version: str, base: str, files: list[Artefact], count: dict[str, Any],
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
                "sha256": hashlib.sha256(a.content).hexdigest(),
                "bytes": len(a.content),
                "media_type": BY_NAME[a.format].media_type,
                "description": a.description,
            }
            for a in files
        },
    }


def version_of(files: list[Artefact], *inputs: bytes) -> str:
    """The release version: a hash of ``dataset.nq`` and of any further input that shapes the
    artefacts (the publisher details behind the catalogue, the release date), so that a
    changed input never meets an existing, immutable folder of the same version."""
    digest = hashlib.sha256(next(a for a in files if a.name == "dataset.nq").content)
    for extra in inputs:
        digest.update(hashlib.sha256(extra).digest())
    return digest.hexdigest()[:12]


def write(release_dir: Path, files: list[Artefact], document: dict[str, Any]) -> Path:
    """Write the release folder atomically and point ``current`` at it."""
    release_dir.mkdir(parents=True, exist_ok=True)
    target = release_dir / document["version"]
    if not target.is_dir():
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=release_dir))
        try:
            for a in files:
                (staging / a.name).write_bytes(a.content)
            (staging / MANIFEST).write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", "utf-8")
            os.replace(staging, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    pointer = release_dir / f".{CURRENT}.tmp"
    pointer.write_text(document["version"] + "\n", "utf-8")
    os.replace(pointer, release_dir / CURRENT)
    return target
