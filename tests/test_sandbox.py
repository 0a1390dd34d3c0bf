"""The query workers' sandbox (issue #11): the kernel, not the query text, keeps them off the network.

A loopback listener stands for "the rest of the world". Each test that shows a refusal has a
twin without the sandbox that does connect, so none of them can pass by never trying.
"""

from __future__ import annotations

import errno
import json
import multiprocessing as mp
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.web.test_no_outbound import Listener
from vanort import build, config
from vanort.engine.sandbox import Policy, enter
from vanort.isolation import StoreSpec, WorkerPool
from vanort.manifest import open_release
from vanort.store import Negotiation, QueryError

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp is Linux only")
_CONTEXT = mp.get_context("forkserver")


@pytest.fixture()
def listener() -> Iterator[Listener]:
    probe = Listener()
    yield probe
    probe.close()


@pytest.fixture(scope="module")
def mini_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import MINI, copy_project

    project = copy_project(MINI, tmp_path_factory.mktemp("sandbox") / "project")
    return build.build(config.load(project, {"release_dir": str(project / "release")}, environ={}))


def _wait_accepted(listener: Listener, count: int) -> None:
    deadline = time.monotonic() + 5
    while listener.accepted < count and time.monotonic() < deadline:
        time.sleep(0.02)
    assert listener.accepted == count


def _environment() -> dict[str, str]:
    # The child takes its settings from the command line only, not from the caller's VANORT_*.
    return {k: v for k, v in os.environ.items() if not k.startswith("VANORT_")}


def _pool(release_folder: Path, network: bool) -> WorkerPool:
    release = open_release(release_folder)
    spec = StoreSpec(str(release.path("dataset.nq")), release.version, None)
    return WorkerPool(spec, size=1, timeout=10.0, policy=Policy(network=network, memory_mb=512))


def _try_network(policy: Policy, port: int, conn: Connection) -> None:  # pragma: no cover - in the child
    """In a fresh worker-like process: confine it as a query worker is, then try to get out."""
    early = socket.socket()  # made before the filter: only connect() is left to refuse
    enter(policy)
    outcome: dict[str, object] = {}
    for name, attempt in [
        ("inet", lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM)),
        ("inet6", lambda: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)),
        ("netlink", lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW)),
        ("unix", lambda: socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)),
        ("socketpair", socket.socketpair),
        ("connect", lambda: early.connect(("127.0.0.1", port))),
    ]:
        try:
            attempt()
            outcome[name] = "allowed"
        except OSError as exc:
            outcome[name] = exc.errno
    conn.send(outcome)


def _run_child(policy: Policy, port: int) -> dict[str, object]:
    parent, child = _CONTEXT.Pipe()
    process = _CONTEXT.Process(target=_try_network, args=(policy, port, child))
    process.start()
    child.close()
    assert parent.poll(30), "the child did not report"
    outcome: dict[str, object] = parent.recv()
    process.join(10)
    assert process.exitcode == 0
    return outcome


def test_sandboxed_process_cannot_open_or_connect_a_socket(listener: Listener) -> None:
    outcome = _run_child(Policy(network=True), listener.port)
    assert outcome == {"inet": errno.EPERM, "inet6": errno.EPERM, "netlink": errno.EPERM, "unix": errno.EPERM,
                       "socketpair": errno.EPERM, "connect": errno.EPERM}
    assert listener.accepted == 0


def test_same_process_without_the_filter_does_connect(listener: Listener) -> None:
    outcome = _run_child(Policy(network=False), listener.port)
    assert set(outcome.values()) == {"allowed"}
    _wait_accepted(listener, 1)


def test_service_reaching_a_worker_unguarded_makes_no_connection(mini_release: Path, listener: Listener) -> None:
    # The pool is called directly: no guard between the query text and pyoxigraph's SERVICE.
    pool = _pool(mini_release, network=True)
    try:
        with pytest.raises(QueryError) as caught:
            pool.run(f"SELECT * WHERE {{ SERVICE <{listener.url}sparql> {{ ?s ?p ?o }} }}", Negotiation(), (), (), None)
        assert caught.value.status == 403 and caught.value.slug == "refused-operation"
        assert "Operation not permitted" in str(caught.value)
        silent = pool.run(f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}sparql> {{ ?s ?p ?o }} }}",
                          Negotiation("application/sparql-results+json"), (), (), None)
        assert json.loads(silent.body)["results"]["bindings"] == [{}]  # SILENT: one empty solution
        assert pool.run("ASK { ?s ?p ?o }", Negotiation(), (), (), None).body.endswith(b"true}")
        assert pool.stats["failed"] == 0  # refused, not crashed
    finally:
        pool.close()
    assert listener.accepted == 0


def test_same_service_query_without_the_sandbox_connects(mini_release: Path, listener: Listener) -> None:
    pool = _pool(mini_release, network=False)
    try:
        with pytest.raises(QueryError):  # the listener hangs up without an answer
            pool.run(f"SELECT * WHERE {{ SERVICE <{listener.url}sparql> {{ ?s ?p ?o }} }}", Negotiation(), (), (), None)
    finally:
        pool.close()
    _wait_accepted(listener, 1)


# A process whose kernel refuses new seccomp filters, as some container runtimes do: the
# helper forbids the two ways to install one (the seccomp() call and prctl(PR_SET_SECCOMP)),
# then runs the real command line.
_WITHOUT_SECCOMP = """
import errno, sys
import pyseccomp as s
rules = s.SyscallFilter(defaction=s.ALLOW)
rules.add_rule(s.ERRNO(errno.ENOSYS), "seccomp")
rules.add_rule(s.ERRNO(errno.EINVAL), "prctl", s.Arg(0, s.EQ, 22))
rules.load()
from vanort.cli import main
sys.argv = ["vanort", *sys.argv[1:]]
main()
"""


def _status_without_seccomp(release_folder: Path, *settings: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", _WITHOUT_SECCOMP, "--root", str(ROOT), "serve",
               "--release-dir", str(release_folder.parent), "--get", "/-/status", "--accept", "application/json",
               "--set", "query_workers=1", *settings]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env=_environment())


def test_start_up_fails_loudly_where_the_sandbox_is_unavailable(mini_release: Path) -> None:
    result = _status_without_seccomp(mini_release)
    assert result.returncode == 2, result.stderr
    assert "cannot be sandboxed" in result.stderr and 'query_sandbox = "off"' in result.stderr
    assert "Traceback" not in result.stderr


def test_start_up_without_the_sandbox_when_the_setting_accepts_it(mini_release: Path) -> None:
    result = _status_without_seccomp(mini_release, "--set", "query_sandbox=off")
    assert result.returncode == 0, result.stderr
    workers = json.loads(result.stdout)["workers"]
    assert workers["sandboxed"] is False and workers["idle"] == 1
    assert "NOT confined" in result.stderr  # said once, at start-up


def test_status_says_workers_are_sandboxed(mini_release: Path) -> None:
    command = [sys.executable, "-m", "vanort", "--root", str(ROOT), "serve", "--release-dir",
               str(mini_release.parent), "--get", "/-/status", "--set", "query_workers=1"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT,
                            env=_environment())
    assert result.returncode == 0, result.stderr
    workers = json.loads(result.stdout)["workers"]
    assert workers["sandboxed"] is True and workers["memory_limit_mb"] == 1024
