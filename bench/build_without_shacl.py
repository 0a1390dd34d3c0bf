"""`vanort build` with the SHACL step replaced by a conforming report, for benchmark sizes
where pySHACL takes hours (bench/NOTES.md). Loading, reference checks, derivation, link
checks and release writing are the real ones. Never used outside the benchmark.

Usage: build_without_shacl.py <project> <release-dir>
"""

import sys

from rdflib import Graph

from vanort import build, config
from vanort.validate import ValidationReport

project, releases = sys.argv[1], sys.argv[2]
build.validate = lambda *args, **kwargs: ValidationReport(True, [], Graph())  # type: ignore[assignment]
settings = config.load(project, {"release_dir": releases}, environ={})
print(build.build(settings, lambda m: print(f"vanort: {m}", file=sys.stderr, flush=True)))
