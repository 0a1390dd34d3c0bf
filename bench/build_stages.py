"""CPU and memory of each stage of ``build.check`` in one process (issue #13, "SHACL without the
engine's ontology mixing" in bench/NOTES.md).

Usage: PYTHONPATH=src build_stages.py PROJECT [--no-shacl]

Runs the stages as ``build.check`` does (read, reference checks, derivation store, rules, temporal
coverage, SHACL), with ``heap.give_back`` between them as the build does, and prints after each
its CPU seconds so far, the resident size left and the stage's peak (a thread samples
``/proc/self/status`` every 0.2 s). Linux only. The stage that sets the build's peak is the one to
profile; ``bench/run.py --build-only`` gives the whole build's figure against ``oxigraph load``.
"""

from __future__ import annotations

import sys
import threading
import time

from vanort import build, catalogue, config, derive, heap, references
from vanort import validate as shacl


def _rss_mb() -> int:
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) // 1024


class Stages:
    def __init__(self) -> None:
        self.peak = _rss_mb()
        self.started = time.process_time()
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, _rss_mb())
            time.sleep(0.2)

    def mark(self, name: str) -> None:
        peak = max(self.peak, _rss_mb())
        heap.give_back()
        print(f"{name:28s} cpu {time.process_time() - self.started:8.1f} s   rss {_rss_mb():6d} MB   "
              f"stage peak {peak:6d} MB", flush=True)
        self.peak = _rss_mb()


def main() -> None:
    settings = config.load(sys.argv[1], {})
    stages = Stages()
    stages.mark("start")
    sources = build.read(settings)
    stages.mark("read")
    problems = references.check(sources)
    stages.mark(f"references ({len(problems)})")
    store = derive.union_store(sources.quads("ontology", "data"))
    stages.mark(f"derivation store ({len(store)})")
    derived = derive.derive_in(store, settings.base_iri)
    store.bulk_extend(derived)
    stages.mark(f"rules ({len(derived)})")
    catalogue.temporal_start_in(store, settings.base_iri)
    stages.mark("temporal coverage")
    del store
    stages.mark("store freed")
    if sources.spool is not None:
        derived = sources.spool.add(derived, derive.graph_name(settings.base_iri))
    if "--no-shacl" not in sys.argv:
        report = shacl.validate(sources.quads("data") + derived, sources.quads("shapes"), sources.quads("ontology"),
                                sources.defining_files)
        stages.mark(f"SHACL ({len(report.results)} results)")


if __name__ == "__main__":
    main()
