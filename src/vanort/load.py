"""Read the source folders into quads: one named graph per file.

Parsing uses pyoxigraph because its errors carry exact positions, so a data editor gets
``data/places/x.ttl:12:7: The prefix foo: has not been declared``. The IRIs written with the
default base are rewritten to the configured base, so the same files publish under any base.

>>> from pathlib import Path
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.ttl").write_text("<https://w3id.org/vanort/id/x/a> <http://e/p> 1 .")
>>> files = read_folder(folder, "data", "https://example.org/")
>>> files[0].graph, files[0].quads[0].subject.value
('https://example.org/graph/data/a', 'https://example.org/id/x/a')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import hashlib
import re

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from .errors import InputError
from .namespaces import DEFAULT_BASE, graph_iri
from .spool import Quads, Slice, Spool

ROLES = ("ontology", "shapes", "data")


@dataclass
class SourceFile:
    """One parsed Turtle file and the named graph it becomes."""

    path: Path
    display: str  # the path as a data editor knows it, e.g. data/places/x.ttl
    role: str
    graph: str
    quads: list[ox.Quad] | Slice  # a Slice once spooled: parsed again on each iteration
    prefixes: dict[str, str] = field(default_factory=dict)


@dataclass
class Sources:
    """Everything the build reads, in a stable order (role, then path)."""

    base_iri: str
    files: list[SourceFile]
    spool: Spool | None = None  # where the files' quads live once spooled (issue #13)

    def of_role(self, role: str) -> list[SourceFile]:
        return [f for f in self.files if f.role == role]

    def quads(self, *roles: str) -> Quads:
        """The quads of the roles' files, in file order (iterable again, ``len``, ``+``)."""
        return Quads(f.quads for f in self.files if f.role in roles)

    def keep(self, source: SourceFile) -> SourceFile:
        """Move a parsed file's quads into the spool (made on first use)."""
        if isinstance(source.quads, list):
            self.spool = self.spool or Spool()
            source.quads = self.spool.add(source.quads, source.graph)
        return source

    def defining_files(self, only: set[str] | None = None) -> dict[str, list[str]]:
        """Subject IRI -> the files whose triples describe it (for readable reports); with
        ``only``, just those subjects (a report names few: no map of every subject is made)."""
        where: dict[str, list[str]] = {}
        for source in self.files:
            for quad in source.quads:
                if only is not None and quad.subject.value not in only:
                    continue
                names = where.setdefault(quad.subject.value, [])
                if source.display not in names:
                    names.append(source.display)
        return where


def _rebase(term: ox.NamedNode | ox.BlankNode | ox.Literal, base: str):  # type: ignore[no-untyped-def]
    if base != DEFAULT_BASE and isinstance(term, ox.NamedNode) and term.value.startswith(DEFAULT_BASE):
        return ox.NamedNode(base + term.value[len(DEFAULT_BASE):])
    if base != DEFAULT_BASE and isinstance(term, ox.Literal) and term.datatype.value.startswith(DEFAULT_BASE):
        return ox.Literal(term.value, datatype=_rebase(term.datatype, base))
    return term


def parse_file(path: Path, display: str, role: str, graph: str, base: str) -> SourceFile:
    """Parse one Turtle file; a syntax error names file, line and column."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{display}: cannot read: {exc.strerror}", file=display) from exc
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise InputError(f"{display}:{line}: the file is not valid UTF-8", file=display, line=line) from exc
    graph_node = ox.NamedNode(graph)
    parser = ox.parse(content, format=ox.RdfFormat.TURTLE, base_iri=DEFAULT_BASE)
    try:
        quads = [
            ox.Quad(_rebase(q.subject, base), _rebase(q.predicate, base), _rebase(q.object, base), graph_node)
            for q in parser
        ]
    except SyntaxError as exc:
        location = exc.args[1] if len(exc.args) > 1 else (None, None, None)
        line, column = location[1], location[2]
        message = str(exc.args[0]) if exc.args else str(exc)
        raise InputError(
            f"{display}:{line}:{column}: {message}", file=display, line=line, column=column
        ) from exc
    if not quads:  # an emptied file would silently drop what it used to state (issue #11)
        raise InputError(f"{display}: the file states nothing (empty, or only prefixes and comments); "
                         "restore its content, or delete the file if its statements are meant to go", file=display)
    for quad in quads:
        if isinstance(quad.object, ox.Literal) and len(quad.object.value) > MAX_LITERAL:
            raise InputError(f"{display}:{_line_of(content, quad.subject)}: a literal of {len(quad.object.value)} "
                             f"characters on <{quad.subject}> {quad.predicate}; at most {MAX_LITERAL} are accepted",
                             file=display)
    blank = sum(1 for q in quads for t in (q.subject, q.object) if isinstance(t, ox.BlankNode))
    if blank and role == "data":
        # Data nodes are named so that they dereference and diff cleanly, and so that a release
        # never needs blank-node canonicalisation (which is slow on hostile nesting).
        raise InputError(f"{display}:{_first_blank_line(content)}: blank nodes are not allowed in data files; "
                         "give every node an IRI under the base (e.g. <https://w3id.org/vanort/id/<kind>/<key>>)",
                         file=display)
    if blank > MAX_BLANK_NODES:
        raise InputError(f"{display}: {blank} blank-node positions; at most {MAX_BLANK_NODES} are accepted "
                         "in ontology and shapes files", file=display)
    return SourceFile(path, display, role, graph, canonical_blank_nodes(quads, graph), _shared(dict(parser.prefixes)))


_PREFIX_MAPS: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}


def _shared(prefixes: dict[str, str]) -> dict[str, str]:
    """One dict per distinct prefix map (read only): at N = 100,000 the 180,766 files' own copies
    of the same map took ~1.4 GB (issue #13, bench/NOTES.md)."""
    return _PREFIX_MAPS.setdefault(tuple(sorted(prefixes.items())), prefixes)


MAX_BLANK_NODES = 5_000
MAX_LITERAL = 100_000  # characters; a description, not a document


def _line_of(content: bytes, term: object) -> int | None:
    """The first line mentioning an IRI (in full), for errors found after parsing."""
    needle = str(term).strip("<>").encode()
    position = content.find(needle)
    return content[:position].count(b"\n") + 1 if position >= 0 else None


def _first_blank_line(content: bytes) -> int | None:
    """The first line that opens a blank node (``[`` or ``_:``) outside an IRI or string."""
    for number, line in enumerate(content.decode("utf-8").splitlines(), start=1):
        code = re.sub(r'"(?:[^"\\]|\\.)*"|<[^>]*>|#.*', "", line)
        if "[" in code or "_:" in code:
            return number
    return None


def canonical_blank_nodes(quads: list[ox.Quad], graph: str) -> list[ox.Quad]:
    """Relabel blank nodes canonically so that the same file always gives the same labels.

    The labels are prefixed with a hash of the graph name: N-Quads labels are scoped to the
    whole document, and two files must never share a blank node.
    """
    if not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
        return quads
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    rdf_graph = Graph()
    rdf_graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    prefix = "b" + hashlib.sha256(graph.encode()).hexdigest()[:8]
    text = to_canonical_graph(rdf_graph).serialize(format="nt")
    graph_node = ox.NamedNode(graph)

    def relabel(term):  # type: ignore[no-untyped-def]
        return ox.BlankNode(prefix + term.value) if isinstance(term, ox.BlankNode) else term

    return [
        ox.Quad(relabel(t.subject), t.predicate, relabel(t.object), graph_node)
        for t in ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES)
    ]


def read_folder(folder: Path, role: str, base: str, root: Path | None = None,
                keep: Callable[[SourceFile], SourceFile] = lambda f: f) -> list[SourceFile]:
    """Parse every ``*.ttl`` under ``folder`` (sorted, so the build is deterministic); ``keep``
    takes each file as soon as it is parsed (``Sources.keep`` spools it)."""
    if not folder.is_dir():
        raise InputError(f"{folder}: folder not found (check the {role}_dir setting)")
    files = []
    for path in sorted(folder.rglob("*.ttl")):
        relative = path.relative_to(folder).with_suffix("").as_posix()
        display = path.relative_to(root).as_posix() if root and path.is_relative_to(root) else str(path)
        files.append(keep(parse_file(path, display, role, graph_iri(base, f"{role}/{relative}"), base)))
    if not files:
        raise InputError(f"{folder}: no .ttl files found (check the {role}_dir setting)")
    return files


def read_sources(root: Path, folders: dict[str, Path], base: str) -> Sources:
    """Read the ontology, shapes and data folders of a project, spooling each file's quads."""
    sources = Sources(base, [])
    for role in ROLES:
        sources.files.extend(read_folder(folders[role], role, base, root, sources.keep))
    return sources
