"""The build flow: load -> check references -> derive -> validate -> link -> release.

Each step can stop the build; nothing is written unless every step passed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
import shutil
from pathlib import Path
import sys

import pyoxigraph as ox

from . import catalogue, catalogue_facts, catalogue_split, derive, heap, link, references, release, tables
from .config import Settings
from .errors import InputError, ValidationFailed
from .load import Sources, read_sources
from .spool import Quads, Slice
from .validate import ValidationReport, validate

Progress = Callable[[str], None]


@dataclass
class Checked:
    sources: Sources
    derived: Slice | list[ox.Quad]
    report: ValidationReport
    links: link.LinkReport
    base: str = ""
    temporal_start: str | None = None  # the catalogue's, found while the derivation store was loaded
    facts: catalogue_facts.Collector | None = None  # the facts of the data, read once (issue #13)

    def __post_init__(self) -> None:
        self.facts = self.facts or catalogue_facts.Collector(self.base)

    @property
    def data(self) -> Quads:
        """Stated and derived quads; re-iterable, parsed from the spool on each pass."""
        return self.sources.quads("data") + self.derived

    @cached_property
    def share_alike(self) -> set[ox.Triple]:
        """The triples only share-alike sources state (issue #14, catalogue_split.py)."""
        stated = self.sources.quads("data")
        return catalogue_split.share_alike_triples(stated, self.base, self.facts.of(stated).licences)  # type: ignore[union-attr]

    @cached_property
    def vannas(self) -> Quads:
        """The Vännäs page dataset (issue #14): its statements and what derives from them alone.
        Streamed from the spool: on a project without tables it is the whole data (issue #13)."""
        return catalogue_split.vannas_data(self.sources.quads("data"), self.sources.quads("ontology"), self.base,
                                           self.share_alike, self.derived)

    @cached_property
    def vannas_whole(self) -> bool:
        """The Vännäs dataset holds the same quads as the whole register (no tables, nothing share-alike)."""
        return catalogue_split.is_whole(self.sources.quads("data"), self.base, self.share_alike)

    @property
    def vannas_start(self) -> str | None:
        """The Vännäs dataset's temporal start when it is the whole register's (else None: computed)."""
        return self.temporal_start if self.vannas_whole else None

    def parts(self) -> tuple[release.Part, ...]:
        """The datasets with dumps of their own beside the whole release's."""
        return (release.Part("vannas", self.vannas, "The Vännäs page dataset (CC0)", self.vannas_whole),)


def _quiet(_: str) -> None:
    return None


def read(settings: Settings) -> Sources:
    """The Turtle files, then the data tables mapped by RML (issue #14), as one Sources."""
    folders = {role: settings.path(f"{role}_dir") for role in ("ontology", "shapes", "data")}
    sources = read_sources(settings.root, folders, settings.base_iri)
    if (settings.path("data_dir") / tables.FOLDER).is_dir():
        iris = {q.subject.value for q in sources.quads("ontology", "data")}
        mapped = tables.read(settings.path("data_dir"), settings.root, rml_python(settings), settings.base_iri, iris)
        sources.files += [sources.keep(f) for f in mapped]
    return sources


def rml_python(settings: Settings) -> Path:
    """The RML engine's interpreter: the setting, or .venv-rml in the project, or beside our venv.

    Never resolved: a virtual environment's python is a symlink that only works under its own path.
    """
    if settings.rml_python:
        return settings.root / settings.rml_python
    local = settings.root / ".venv-rml" / "bin" / "python"
    return local if local.exists() else Path(sys.prefix).parent / ".venv-rml" / "bin" / "python"


def check(settings: Settings, progress: Progress = _quiet) -> Checked:
    """Load, check, derive and validate; raise on the first failing step."""
    progress("loading sources")
    sources = read(settings)
    progress(f"loaded {len(sources.files)} files, {len(sources.quads('ontology', 'shapes', 'data'))} triples")
    problems = references.check(sources)
    if problems:
        lines = "\n".join(p.render() for p in problems)
        raise InputError(f"{len(problems)} problem(s) in the data files:\n{lines}",
                         problems=[p.render() for p in problems])
    heap.give_back()
    progress("deriving shortcuts")
    store = derive.union_store(sources.quads("ontology", "data"))
    derived: Slice | list[ox.Quad] = derive.derive_in(store, settings.base_iri)
    store.bulk_extend(derived)
    start = catalogue.temporal_start_in(store, settings.base_iri)
    del store  # ~500 bytes a quad; freed before the SHACL engine makes its own graph
    heap.give_back()
    if sources.spool is not None:  # spooled like the files: the derived graph can be large
        derived = sources.spool.add(derived, derive.graph_name(settings.base_iri))
    progress(f"derived {len(derived)} triples; validating with SHACL")
    report = validate(
        sources.quads("data") + derived, sources.quads("shapes"), sources.quads("ontology"),
        sources.defining_files,
    )
    heap.give_back()  # the SHACL engine's graph, before the dumps' sort and jobs
    facts = catalogue_facts.Collector(settings.base_iri)  # one pass over the data for the links and the catalogue
    checked = Checked(sources, derived, report, link.check(facts.of(sources.quads("data"))), settings.base_iri, start,
                      facts)
    for entry in checked.links.unverified:
        progress(f"unverified Wikidata identifier (check it before publishing it as certain): {entry}")
    return checked


def build(settings: Settings, progress: Progress = _quiet) -> Path:
    """Build and write a release; return its folder. Raises ValidationFailed on violations."""
    checked = check(settings, progress)
    if not checked.report.conforms:
        raise ValidationFailed(checked.report.text(), results=[r.render() for r in checked.report.results])
    if not checked.links.ok:
        raise ValidationFailed("external identifiers:\n" + "\n".join(checked.links.problems))
    progress("writing release artefacts")
    base = settings.base_iri
    ontology, shapes = checked.sources.quads("ontology"), checked.sources.quads("shapes")
    staging = release.staging(settings.path("release_dir"))
    try:  # the dumps stream into the staging folder as they are made (issue #13)
        files = release.artefacts(base, checked.data, ontology, shapes, checked.report.graph, staging, checked.parts())
        version = release.version_of(files, *catalogue.version_inputs(settings))
        files += catalogue.release_artefacts(settings, checked, files, version, progress, staging)  # issue #4
        count = release.counts_of(staging)
        count["links"] = checked.links.links
        document = release.manifest(version, base, files, count, True, settings.release_date)
        folder = release.write(settings.path("release_dir"), files, document, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    progress(f"release {version} written to {folder}")
    return folder


def up_to_date(settings: Settings) -> bool:
    """True when the current release verifies and no source file is newer than it."""
    from .manifest import open_current  # serve-side module; imported lazily
    from .errors import ReleaseError

    try:
        current = open_current(settings.path("release_dir"))
    except ReleaseError:
        return False
    built = (current.folder / release.MANIFEST).stat().st_mtime
    if current.document.get("base_iri") != settings.base_iri:
        return False
    for role in ("ontology", "shapes", "data"):
        for path in settings.path(f"{role}_dir").rglob("*.*"):
            if path.stat().st_mtime > built:
                return False
    publisher = settings.root / "catalogue.toml"
    return not (publisher.is_file() and publisher.stat().st_mtime > built)
