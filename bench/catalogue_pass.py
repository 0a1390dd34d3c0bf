"""Two versions of vanort side by side: CPU seconds of the link check and the catalogue stage of
one build (issue #13, "One pass for the catalogue and link checks" in bench/NOTES.md).

Usage: catalogue_pass.py PROJECT RELEASE --old SRC --new SRC [--rounds 3]

PROJECT is a project (``vanort synth``), RELEASE a release folder built from it (its ``data.nt``
and ``dataset.nq`` are what the catalogue stage reads; both versions write the same dumps). Each
round runs one child per version, in alternating order (the machine is noisy: compare ratios
within a round), with ``PYTHONPATH=SRC``. A child loads and derives the project as ``vanort build``
does, with SHACL replaced by a conforming report (not measured here), and measures in CPU seconds
of its own process and of its children (sort(1) of the VoID scan):

- link: from the end of validation to the end of ``build.check`` (``link.check`` and what it needs);
- catalogue: ``Checked.parts()`` (the Vännäs split), ``catalogue.release_artefacts`` (VoID and the
  catalogue in three formats) and ``release.counts_of`` (the manifest's counts), as ``build.build``
  calls them, over the existing RELEASE folder.

It prints the sha256 of every file it made, so the two versions are seen to write the same bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

EXTENSIONS = {"nq": "nquads", "trig": "trig", "ttl": "turtle", "nt": "ntriples", "jsonld": "jsonld", "rdf": "rdfxml"}
MADE_BY_THE_STAGE = {"void.ttl", "catalogue.ttl", "catalogue.rdf", "catalogue.jsonld", "manifest.json"}


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def child(project: str, folder: Path) -> dict[str, object]:
    from rdflib import Graph

    from vanort import build, catalogue, config, release
    from vanort.validate import ValidationReport

    marks: dict[str, float] = {}

    def validated(*args, **kwargs):  # type: ignore[no-untyped-def]
        marks["validated"] = _cpu()
        return ValidationReport(True, [], Graph())

    build.validate = validated  # type: ignore[assignment]
    settings = config.load(project, {"release_date": "2026-01-01"}, environ={})
    start = _cpu()
    checked = build.check(settings)
    link_cpu = _cpu() - marks["validated"]
    load_cpu = marks["validated"] - start
    document = json.loads((folder / "manifest.json").read_text("utf-8"))
    files = [release.Written(name, EXTENSIONS[name.rsplit(".", 1)[1]], entry["sha256"], entry["bytes"],
                             entry["description"])
             for name, entry in document["files"].items() if name not in MADE_BY_THE_STAGE]
    before = _cpu()
    checked.parts()
    made = catalogue.release_artefacts(settings, checked, files, document["version"], folder=folder)
    counts = release.counts_of(folder)
    catalogue_cpu = _cpu() - before
    return {"load_and_derive_cpu": round(load_cpu, 1), "link_cpu": round(link_cpu, 2),
            "catalogue_cpu": round(catalogue_cpu, 2),
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            "sha256": {a.name: a.sha256 for a in made}, "counts_ok": counts["quads"] == document["counts"]["quads"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project")
    parser.add_argument("release", type=Path)
    parser.add_argument("--old", required=True, help="src folder of the code to compare against")
    parser.add_argument("--new", required=True, help="src folder of the code measured")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.project, args.release)))
        return
    rows: dict[str, list[dict]] = {"old": [], "new": []}
    for round_ in range(args.rounds):
        for name in (("old", "new") if round_ % 2 == 0 else ("new", "old")):
            env = {**os.environ, "PYTHONPATH": getattr(args, name)}
            began = time.monotonic()
            out = subprocess.run([sys.executable, __file__, args.project, str(args.release), "--old", args.old,
                                  "--new", args.new, "--child"], env=env, check=True, capture_output=True, text=True)
            row = json.loads(out.stdout.strip().splitlines()[-1])
            rows[name].append(row)
            print(f"round {round_ + 1} {name}: link {row['link_cpu']} s, catalogue {row['catalogue_cpu']} s CPU "
                  f"(load+derive {row['load_and_derive_cpu']} s, peak {row['max_rss_mb']} MB, "
                  f"{time.monotonic() - began:.0f} s wall)", flush=True)
    same = all(o["sha256"] == n["sha256"] for o, n in zip(rows["old"], rows["new"]))
    print(f"\nsame catalogue and VoID bytes from both: {same}")
    print("| stage | old, CPU s (median) | new, CPU s (median) | old / new, per round |")
    print("|---|---|---|---|")
    for stage in ("link_cpu", "catalogue_cpu"):
        old = [r[stage] for r in rows["old"]]
        new = [r[stage] for r in rows["new"]]
        ratios = ", ".join(f"{o / n:.1f}x" if n else "-" for o, n in zip(old, new))
        print(f"| {stage.removesuffix('_cpu')} | {statistics.median(old):.2f} | {statistics.median(new):.2f} | {ratios} |")


if __name__ == "__main__":
    main()
