"""Background threads of the window: each runs queued jobs off the GUI thread, in its own order.

Jobs report back through a :class:`~photoarchive.gui.mailbox.Mailbox` of an object that lives
in the GUI thread, which emits that object's signals there: no Qt call is made on a job's
thread to report, and only the mailbox crosses threads.

These are Python threads rather than QThreads on purpose. Python 3.11 gives every foreign
thread that touches :mod:`threading` (logging does, and so does starting the importer's
executor) a ``_DummyThread`` entry that is never removed, so a QThread would look like a
thread left running forever. A Python thread is joined and gone.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Literal

log = logging.getLogger(__name__)

Job = Callable[[], object]
Order = Literal["fifo", "lifo", "latest"]


class Worker:
    """One thread running submitted jobs one at a time.

    ``fifo`` runs jobs in order (writes); ``lifo`` runs the newest first and, past ``limit``
    waiting jobs, drops the oldest (what scrolled off screen); ``latest`` keeps only the newest
    waiting job (a filter the user has already changed again is not worth answering).
    """

    def __init__(self, name: str, order: Order = "fifo", limit: int = 0) -> None:
        self.name, self.order, self.limit = name, order, limit
        self._jobs: deque[Job] = deque()
        self._condition = threading.Condition()
        self._stopping = False
        self._thread = threading.Thread(target=self._loop, name=name)
        self._thread.start()

    def submit(self, job: Job) -> list[Job]:
        """Queue ``job``; returns the waiting jobs it pushed out, which will never run."""
        with self._condition:
            if self._stopping:
                return [job]
            dropped = self._take_all() if self.order == "latest" else []
            self._jobs.append(job)
            while self.limit and len(self._jobs) > self.limit:
                dropped.append(self._jobs.popleft())
            self._condition.notify()
        return dropped

    def clear(self) -> list[Job]:
        """Drop every waiting job (the running one finishes); returns them."""
        with self._condition:
            return self._take_all()

    @property
    def has_waiting(self) -> bool:
        """True when a job is waiting: a running ``latest`` job may stop early."""
        return bool(self._jobs)

    def stop(self) -> None:
        """Drop waiting jobs, let the running one finish and join the thread."""
        with self._condition:
            self._stopping = True
            self._jobs.clear()
            self._condition.notify()
        self._thread.join()

    def _take_all(self) -> list[Job]:
        taken = list(self._jobs)
        self._jobs.clear()
        return taken

    def _next(self) -> Job | None:
        with self._condition:
            while not self._jobs and not self._stopping:
                self._condition.wait()
            if self._stopping:
                return None
            return self._jobs.pop() if self.order == "lifo" else self._jobs.popleft()

    def _loop(self) -> None:
        while (job := self._next()) is not None:
            try:
                job()
            except Exception:  # a failed job must not take the thread, and the window, down
                log.exception("A background job of %s failed", self.name)
