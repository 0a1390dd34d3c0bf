"""The query workers' sandbox: no network and bounded memory, enforced by the kernel.

pyoxigraph executes ``SERVICE`` over HTTP, and no filter over query text can be proven to see
every spelling of it. So each query worker confines itself:

- right after it starts, before it reads the release or takes a query, ``enter()`` installs
  a seccomp filter (libseccomp, through the ``pyseccomp`` binding) makes every call that could
  open a connection fail with ``EPERM``: ``socket``, ``socketpair``, ``connect``, ``bind``,
  ``listen``, ``accept``, ``sendto`` with an address, and ``io_uring_setup`` (io_uring submits
  socket operations without passing the syscall filter). ``ptrace`` and
  ``process_vm_writev`` are refused too, so a worker cannot act through the web process,
  which keeps its network. ``EPERM`` rather than killing the worker: pyoxigraph reports the
  refused connection as an error, which becomes a clean problem for the client.
  The worker needs none of them: its pipe to the server is a socket pair the fork server
  hands over already open, and it reads and writes it with plain ``read``/``write``.
- once its copy of the release is loaded, ``limit_memory()`` sets ``RLIMIT_DATA``. A query past
  it fails an allocation: pyoxigraph (Rust) then aborts the process, Python raises
  ``MemoryError``; either way the pool answers that client with a problem naming
  ``worker_memory_mb`` and starts a fresh worker. After loading, not before: the bulk loader
  takes a transient buffer per CPU core (measured: 230 MB for a 1.4 MB release on 2 cores),
  which says nothing about what queries may take. ``RLIMIT_DATA`` rather than ``RLIMIT_AS``:
  since Linux 4.7 it counts the writable private memory a process really takes, not the
  address space it merely reserves (allocator arenas), so the number is the one an operator
  sizes a server with.

Where the kernel or the library cannot do this, ``enter()`` raises ``SandboxUnavailable`` and
the server refuses to start, unless the setting ``query_sandbox = "off"`` accepts running
without it.
"""

from __future__ import annotations

import errno
import resource
from dataclasses import dataclass

from ..errors import ConfigError

MODES = ("required", "off")

# Calls that open, accept or address a connection; the worker makes none of them.
_NETWORK_CALLS = ("socket", "socketpair", "connect", "bind", "listen", "accept", "accept4", "io_uring_setup")
# Calls that would let a worker act through another process of the same user.
_PROCESS_CALLS = ("ptrace", "process_vm_writev")


class SandboxUnavailable(ConfigError):
    """This platform cannot confine query workers; the message names the setting that accepts it."""

    slug = "sandbox-unavailable"
    title = "Query workers cannot be sandboxed"

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"query workers cannot be sandboxed here ({reason}); the sandbox needs Linux with seccomp and "
            "libseccomp (Debian package libseccomp2). To run without it, knowing that a query could then "
            "make the server connect to other hosts, set query_sandbox = \"off\"")
        self.reason = reason


@dataclass(frozen=True)
class Policy:
    """What a worker applies to itself; picklable, so it crosses into the worker."""

    network: bool = True  # True: the seccomp filter is installed ("required")
    memory_mb: int | None = None

    @property
    def description(self) -> str:
        parts = ["no network (seccomp)" if self.network else "network NOT confined (query_sandbox = off)"]
        if self.memory_mb:
            parts.append(f"memory limit {self.memory_mb} MB (worker_memory_mb)")
        return "; ".join(parts)


def enter(policy: Policy) -> None:
    """Take the network away from the calling process for good, as ``policy`` says. Raises
    ``SandboxUnavailable`` when the filter cannot be installed."""
    if policy.network:
        deny_network()


def limit_memory(megabytes: int) -> None:
    """Cap the memory of the calling process at ``megabytes`` from now on (soft and hard limit,
    so it cannot be raised again). Refused with ``ConfigError`` if the process holds that much
    already: every query would fail."""
    held = _data_mb()
    if held is not None and held >= megabytes * 0.9:
        raise ConfigError(f"a query worker holds {held} MB with the release loaded, too close to "
                          f"worker_memory_mb = {megabytes}; raise that setting or serve from store_path")
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _data_mb() -> int | None:
    """This process's data size (what ``RLIMIT_DATA`` counts), in MB; None off Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


def deny_network() -> None:
    """Install the seccomp filter in this process, all its threads and every child it makes."""
    try:
        import pyseccomp as seccomp  # raises RuntimeError when libseccomp.so.2 is missing
    except (ImportError, RuntimeError, OSError) as exc:
        raise SandboxUnavailable(f"the seccomp library cannot be loaded: {exc}") from exc
    refuse = seccomp.ERRNO(errno.EPERM)
    try:
        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        # Every thread of the worker, not only the calling one (pyoxigraph may start threads).
        rules.set_attr(seccomp.Attr.CTL_TSYNC, 1)
        for call in _NETWORK_CALLS + _PROCESS_CALLS:
            rules.add_rule(refuse, call)
        # sendto with a destination (argument 4) would address an unconnected socket.
        rules.add_rule(refuse, "sendto", seccomp.Arg(4, seccomp.NE, 0))
        rules.load()
    except (OSError, RuntimeError, ValueError) as exc:
        raise SandboxUnavailable(f"the kernel refused the seccomp filter: {exc}") from exc
