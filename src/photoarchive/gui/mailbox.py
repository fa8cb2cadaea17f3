"""Handing work from background threads to the GUI thread, with no Qt call on the way.

A background thread that emits a Qt signal runs Qt's signal machinery while holding
Python's interpreter lock, and that machinery takes Qt's own locks. The GUI thread, meanwhile,
takes those locks in its event loop (deleting an object, delivering an event) and may need
the interpreter lock while it holds them, to let go of a Python slot. Each can wait for the
other for ever: the window freezes. So the background threads here never touch Qt to report:
they append to a queue and write one byte to a socket, and the GUI thread's event loop, woken
by the socket, runs what was posted, in the order it was posted.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections import deque
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger(__name__)


class Mailbox(QObject):
    """Calls posted from any thread, made on the thread that made the mailbox.

    Make it on the GUI thread, as the child of the object whose signals it carries: when that
    object goes, calls still waiting go with it, as queued signals to a deleted object would.
    Close it there too when its owner has no parent: Python's garbage collector may delete an
    unparented object on any thread, and an enabled socket notifier must not go elsewhere.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._calls: deque[tuple[Callable[..., object], tuple[Any, ...]]] = deque()
        self._lock = threading.Lock()  # posting against closing
        self._receiver, self._sender = socket.socketpair()
        self._receiver.setblocking(False)
        self._sender.setblocking(False)
        self._open = True
        self._notifier = QSocketNotifier(self._receiver.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._deliver)
        self.destroyed.connect(partial(_close, self._receiver, self._sender))  # not self: going

    def post(self, call: Callable[..., object], *args: Any) -> None:
        """Have ``call(*args)`` made on the mailbox's thread soon; from any thread."""
        with self._lock:
            if not self._open:
                return
            self._calls.append((call, args))
            self._wake()

    def _wake(self) -> None:
        try:
            self._sender.send(b"\0")
        except BlockingIOError:
            pass  # the socket is full of wake-ups already: the calls will be seen
        except OSError:
            log.debug("A mailbox closed while a call was posted to it", exc_info=True)

    def close(self) -> None:
        """Drop waiting calls and take no more (the owner is closing)."""
        self._notifier.setEnabled(False)
        self._close_sockets()

    def _close_sockets(self) -> None:
        with self._lock:
            self._open = False
            self._calls.clear()
            self._receiver.close()
            self._sender.close()

    def _deliver(self) -> None:
        try:
            while self._receiver.recv(4096):
                pass
        except (BlockingIOError, OSError):
            pass
        while True:
            try:
                call, args = self._calls.popleft()
            except IndexError:
                return
            try:
                call(*args)
            except BaseException:
                with self._lock:  # the calls after it still go, on the next turn of the loop
                    if self._open and self._calls:
                        self._wake()
                raise


def _close(*sockets: socket.socket) -> None:
    for each in sockets:
        each.close()
