"""One process (or thread) at a time, for work that several would otherwise repeat.

The web workers of ``vanort serve --workers K`` switch to a new release together (``web/supervisor.py``):
each would bulk-load the same on-disk store, or send the same release to a remote store, at the
same moment. Under this lock the first does it and the others find it done. The lock is
``flock`` on the folder itself, so no lock file is ever left behind, and it is released when
the holder exits, however it exits.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
