"""Profile `vanort serve` on one uncached workload (issue #13): py-spy samples the server's
process tree while this process sends unique questions (bench/unique.py) with 8 clients.

    .venv/bin/python bench/profile_unique.py [--workload point] [--seconds 20] [--src SRC]

Needs an earlier `bench/run.py` run (it serves <work>/release-N) and py-spy (`pip install
py-spy`; sampling another process needs ptrace, i.e. root or CAP_SYS_PTRACE). Prints where the
samples fall: the share of each process, then the functions with the most samples, inclusive
(anywhere on the stack) and exclusive (on top), per process role.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import run
import unique


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", default="point", choices=[*unique.NAMES, "mix"])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    parser.add_argument("--src", default=None, help="serve another checkout's src/ (as bench/run.py --baseline)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--gil", action="store_true", help="only samples that hold the GIL (py-spy --gil)")
    parser.add_argument("--work", default=str(run.ROOT / "build" / "bench"))
    args = parser.parse_args()
    spy = shutil.which("py-spy", path=str(run.BIN)) or shutil.which("py-spy")
    if spy is None:
        raise SystemExit("profile: py-spy is not installed (pip install py-spy)")
    chosen = run.existing_build(args.n, Path(args.work))
    env = {k: v for k, v in os.environ.items() if not k.startswith("VANORT_")}
    program = [str(run.BIN / "vanort")]
    if args.src:
        program, env = [sys.executable, "-m", "vanort"], env | {"PYTHONPATH": str(Path(args.src).resolve())}
    port = run.free_port()
    server = run.Server("vanort-profiled", [*program, "--root", str(chosen["project"]), "serve", "--release-dir",
                                            str(Path(chosen["release"]).parent), "--port", str(port)],  # type: ignore[arg-type]
                        f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}/sparql", env)
    raw = Path(f"/tmp/vanort-profile-{args.workload}.txt")
    try:
        places = unique.municipalities(server.sparql)
        asked = unique.questions(places, "https://w3id.org/vanort/", 100_000, seed=7)[args.workload]
        spy_run = subprocess.Popen([spy, "record", "--pid", str(server.process.pid), "--subprocesses", "--format", "raw",
                                    "--rate", str(args.rate), "--duration", str(int(args.seconds)), "--nonblocking",
                                    *(["--gil"] if args.gil else []),
                                    "--output", str(raw)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(1.0)  # py-spy attaches
        done = unique.drive(server, list(enumerate(asked)), args.concurrency, args.seconds - 1.5)
        spy_run.wait(timeout=args.seconds + 60)
    finally:
        server.stop()
    print(f"{done.n} requests in {done.seconds:.1f} s ({done.n / done.seconds:.0f} req/s), server CPU "
          f"{done.cpu / max(1, done.n) * 1000:.2f} ms per request; {len(done.failures)} failed")
    summarise(raw, args.top, server.process.pid)
    return 0


def summarise(raw: Path, top: int, web_pid: int) -> None:
    """py-spy's raw (collapsed) stacks -> sample shares per process and per function."""
    per_process: collections.Counter[str] = collections.Counter()
    inclusive: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    exclusive: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    total = 0
    for line in raw.read_text("utf-8", "replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        # 'process <pid>:"<command line>";' once per ancestor, then the frames of the last one
        # (a command line may hold ';', never '";')
        pids = []
        while stack.startswith("process "):
            head, _, stack = stack.partition('";')
            pids.append(int(head.split()[1].rstrip(":").split(":")[0]))
        frames = ["", *stack.split(";")]
        role = _role(pids[-1] if pids else 0, web_pid, len(pids))
        n = int(count)
        total += n
        per_process[role] += n
        for frame in set(frames[1:]):
            inclusive[role][_short(frame)] += n
        exclusive[role][_short(frames[-1])] += n
    print(f"\n{total} samples")
    for role, n in per_process.most_common():
        print(f"\n### {role}: {n} samples ({100 * n / total:.0f}%)\n\ninclusive:")
        for name, k in inclusive[role].most_common(top):
            print(f"  {100 * k / n:5.1f}%  {name}")
        print("exclusive (on top of the stack):")
        for name, k in exclusive[role].most_common(top // 2):
            print(f"  {100 * k / n:5.1f}%  {name}")


def _role(pid: int, web_pid: int, depth: int) -> str:
    if pid == web_pid:
        return "web process (event loop and thread pool)"
    return "fork server" if depth == 2 else "query workers"


def _short(frame: str) -> str:
    # "function (path/to/module.py:line)" -> "function (module.py)"
    name, _, where = frame.partition(" (")
    return f"{name} ({Path(where.split(':')[0]).name})" if where else name


if __name__ == "__main__":
    sys.exit(main())
