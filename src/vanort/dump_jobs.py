"""The release's formats written side by side on the machine's cores (issue #13).

Every format of a graph (Turtle, JSON-LD, RDF/XML) is made from its sorted N-Triples file alone,
and TriG from ``dataset.nq`` alone, so they can be written at the same time by separate
processes without changing a byte: each job writes one file and returns its sha256 and size.
On a large release the writing of the dumps was a quarter of the build, on one core.

A job on a small file runs at once in the build's own process: starting interpreters costs
about a second, more than small files take, and the test suite builds many small releases.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "g.nt").write_bytes(b'<http://e/a> <http://e/p> "x" .\\n')
>>> with Jobs() as jobs:
...     small = jobs.submit(Job("turtle", str(folder / "g.nt"), str(folder / "g.ttl"), "http://e/", {}))
>>> with Jobs(workers=2, min_bytes=0) as jobs:
...     child = jobs.submit(Job("turtle", str(folder / "g.nt"), str(folder / "h.ttl"), "http://e/", {}))
>>> small.result() == child.result() and small.result()[1] == (folder / "h.ttl").stat().st_size
True
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType

# Below this many bytes of input a job runs in the build's process (see the module's docstring).
PARALLEL_MIN_BYTES = 64 * 2**20


@dataclass(frozen=True)
class Job:
    """Write ``target`` in format ``name`` (or ``trig``) from ``source`` (sorted N-Triples, or
    ``dataset.nq`` for TriG) with the prefixes ``chosen``. Picklable: it crosses to a worker."""

    name: str
    source: str
    target: str
    base: str
    chosen: dict[str, str] = field(default_factory=dict)


def run(job: Job) -> tuple[str, int]:
    """Write one file; (sha256, size). Runs in a worker process or in the build's own."""
    import pyoxigraph as ox

    from . import dumps
    from .release import _filler

    source, target = Path(job.source), Path(job.target)
    if job.name == "trig":
        return dumps.write_file(target, lambda out: ox.serialize(
            ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS), out, ox.RdfFormat.TRIG, prefixes=job.chosen))
    return dumps.write_file(target, _filler(job.name, source, job.base, job.chosen))


class _Running:
    """A job in a child process (``python -m vanort.dump_jobs``): not multiprocessing, whose
    children import the parent's main script again (a script without a main guard would run twice)."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.process = subprocess.Popen([sys.executable, "-m", __name__, json.dumps(asdict(job))],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._result: tuple[str, int] | None = None

    def result(self) -> tuple[str, int]:
        if self._result is None:
            out, err = self.process.communicate()
            if self.process.returncode != 0:
                raise RuntimeError(f"writing {self.job.target} failed (exit {self.process.returncode}): "
                                   f"{err.decode('utf-8', 'replace')[-2000:]}")
            digest, size = out.decode("ascii").split()
            self._result = (digest, int(size))
        return self._result

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class _Done:
    def __init__(self, value: tuple[str, int]) -> None:
        self.value = value

    def result(self) -> tuple[str, int]:
        return self.value


Result = _Running | _Done


class Jobs:
    """Runs jobs: large ones in child processes, at most ``workers`` at a time (default: the
    cores), small ones at once. Use as a context manager; leaving it waits for every job (or
    stops them all when the build failed)."""

    def __init__(self, workers: int | None = None, min_bytes: int | None = None) -> None:
        self.workers = workers or min(4, os.cpu_count() or 1)
        self.min_bytes = PARALLEL_MIN_BYTES if min_bytes is None else min_bytes
        self._running: list[_Running] = []

    def submit(self, job: Job) -> Result:
        if self.workers < 2 or Path(job.source).stat().st_size < self.min_bytes:
            return _Done(run(job))
        while sum(1 for r in self._running if r.process.poll() is None) >= self.workers:
            # communicate, never wait(): a child blocked on a full stderr pipe would never end
            next(r for r in self._running if r.process.poll() is None).result()
        running = _Running(job)
        self._running.append(running)
        return running

    def __enter__(self) -> Jobs:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        for running in self._running:
            if error is None:
                running.result()  # raises when a job failed: the build fails with its error
            else:
                running.kill()
        self._running = []


def main(argv: list[str]) -> int:
    digest, size = run(Job(**json.loads(argv[0])))
    print(digest, size)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
