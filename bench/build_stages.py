"""CPU and memory of each stage of ``build.check`` (issue #13, "SHACL without the engine's ontology
mixing" in bench/NOTES.md).

Usage: PYTHONPATH=src build_stages.py PROJECT

Runs ``build.check`` itself and prints, at each progress message it gives (loaded, references
checked and derivation begun, derived and validation begun) and when it returns, the CPU seconds
so far, the resident size and the peak since the previous line (a thread samples
``/proc/self/status`` every 0.2 s). Linux only. The stage that sets the build's peak is the one to
profile; ``bench/run.py --build-only`` gives the whole build's figure against ``oxigraph load``.
"""

from __future__ import annotations

import sys
import threading
import time

from vanort import build, config


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

    def mark(self, message: str) -> None:
        rss = _rss_mb()
        print(f"cpu {time.process_time() - self.started:8.1f} s   rss {rss:6d} MB   "
              f"peak since the last line {max(self.peak, rss):6d} MB   {message}", flush=True)
        self.peak = rss


def main() -> None:
    settings = config.load(sys.argv[1], {})
    stages = Stages()
    checked = build.check(settings, stages.mark)
    stages.mark(f"validated and links checked: {len(checked.report.results)} SHACL results")


if __name__ == "__main__":
    main()
