"""Waiting for a query worker without a thread: from a thread or from the event loop.

``IdleQueue`` holds idle workers and hands each one that comes back to the longest waiter,
be it a thread (``get``, as ``queue.Queue``) or an event-loop task (``aget``): the web
server waits on its event loop, with no thread-pool hop (issue #13), while the command line
and the tests wait in threads. ``readable`` waits on the event loop for a worker's answer.

>>> q = IdleQueue()
>>> q.put("w1"); q.qsize(), q.get(0.1)
(1, 'w1')
"""

from __future__ import annotations

import asyncio
import os
import queue
import threading
from collections import deque
from collections.abc import Callable
from typing import Any


class _ThreadWaiter:
    def __init__(self) -> None:
        self.event = threading.Event()
        self.item: Any = None

    def offer(self, item: Any, put_back: Callable[[Any], None]) -> None:
        self.item = item
        self.event.set()


class _TaskWaiter:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.future: asyncio.Future[Any] = loop.create_future()

    def offer(self, item: Any, put_back: Callable[[Any], None]) -> None:
        def deliver() -> None:
            if self.future.done():  # it gave up meanwhile: the next waiter gets the item
                put_back(item)
            else:
                self.future.set_result(item)

        self.loop.call_soon_threadsafe(deliver)


class IdleQueue:
    """Items handed to waiting threads and tasks first come, first served."""

    def __init__(self) -> None:
        self._items: deque[Any] = deque()
        self._waiters: deque[_ThreadWaiter | _TaskWaiter] = deque()
        self._lock = threading.Lock()

    def qsize(self) -> int:
        with self._lock:
            return len(self._items)

    def put(self, item: Any) -> None:
        with self._lock:
            if not self._waiters:
                self._items.append(item)
                return
            waiter = self._waiters.popleft()
        waiter.offer(item, self.put)

    def get(self, timeout: float) -> Any:
        """An item within ``timeout`` seconds, else ``queue.Empty``."""
        with self._lock:
            if self._items:
                return self._items.popleft()
            waiter = _ThreadWaiter()
            self._waiters.append(waiter)
        if waiter.event.wait(timeout):
            return waiter.item
        with self._lock:
            if waiter.event.is_set():  # handed over just as the wait ended
                return waiter.item
            self._waiters.remove(waiter)
        raise queue.Empty

    async def aget(self, timeout: float) -> Any:
        """The same on the running event loop."""
        with self._lock:
            if self._items:
                return self._items.popleft()
            waiter = _TaskWaiter(asyncio.get_running_loop())
            self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(asyncio.shield(waiter.future), timeout)
        except (asyncio.TimeoutError, asyncio.CancelledError) as exc:
            with self._lock:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
            if waiter.future.done() and not waiter.future.cancelled():
                self.put(waiter.future.result())  # handed over just as the wait ended: pass it on
            else:
                waiter.future.cancel()  # a delivery still on its way puts the item back
            if isinstance(exc, asyncio.CancelledError):
                raise
            raise queue.Empty from None


async def readable(fd: int, timeout: float, alive: Callable[[], bool],
                   gone: asyncio.Future[Any] | None = None) -> str:
    """Wait on the event loop until ``fd`` can be read ("ready"), ``timeout`` passes
    ("timeout"), ``alive()`` turns false ("died", checked every 0.25 s) or ``gone`` is
    done ("gone": the client went away). ``fd`` is left in blocking mode."""
    loop = asyncio.get_running_loop()
    outcome: asyncio.Future[str] = loop.create_future()

    def mark(what: str) -> None:
        if not outcome.done():
            outcome.set_result(what)

    def check() -> None:
        nonlocal checker
        if not alive():
            mark("died")
        elif not outcome.done():
            checker = loop.call_later(0.25, check)

    loop.add_reader(fd, mark, "ready")
    timer = loop.call_later(timeout, mark, "timeout")
    checker = loop.call_later(0.25, check)
    if gone is not None:
        gone.add_done_callback(lambda _: mark("gone"))
    try:
        return await outcome
    finally:
        loop.remove_reader(fd)
        timer.cancel()
        checker.cancel()
        # uvloop makes a watched descriptor non-blocking; a multiprocessing Connection reads
        # and writes whole messages and needs it blocking again
        os.set_blocking(fd, True)
