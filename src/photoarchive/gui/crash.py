"""Unexpected errors in the window: logged with their traceback and shown in a dialog."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from photoarchive.gui.mailbox import Mailbox
from photoarchive.logs import log_path

log = logging.getLogger(__name__)

TITLE = "Photo Archive — unexpected error"

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
ThreadHook = Callable[[threading.ExceptHookArgs], object]


class CrashReporter(QObject):
    """Replaces ``sys.excepthook`` and ``threading.excepthook`` while installed.

    An error raised in a slot, a Qt virtual or a Python thread is logged with its traceback
    and shown in a dialog naming the log file, instead of a silent exit or a line on a
    terminal nobody sees. The dialog is always shown from the GUI thread, one at a time.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window = parent
        self._showing = False
        self._previous: tuple[ExceptHook, ThreadHook] | None = None
        self._mailbox: Mailbox | None = None  # errors of other threads reach the GUI thread

    def install(self) -> None:
        """From the GUI thread: report errors from now on."""
        if self._previous is None:
            self._mailbox = Mailbox(self)
            self._previous = (sys.excepthook, threading.excepthook)
            sys.excepthook = self.excepthook
            threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None
        if self._mailbox is not None:
            self._mailbox.close()  # its notifier stops here, on the GUI thread
            self._mailbox = None

    def excepthook(
        self,
        kind: type[BaseException],
        error: BaseException,
        traceback: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, traceback)
            return
        log.critical("Unexpected error", exc_info=(kind, error, traceback))
        message = f"{kind.__name__}: {error}" if str(error) else kind.__name__
        if threading.current_thread() is threading.main_thread():
            self.show_dialog(message)
        else:
            mailbox = self._mailbox
            if mailbox is not None:
                mailbox.post(self.show_dialog, message)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        error = args.exc_value if args.exc_value is not None else args.exc_type()
        self.excepthook(args.exc_type, error, args.exc_traceback)

    def show_dialog(self, message: str) -> None:
        if self._showing:  # an error while the dialog is up is logged, not stacked
            return
        self._showing = True
        try:
            QMessageBox.critical(self.window, TITLE, dialog_text(message))
        finally:
            self._showing = False


def dialog_text(message: str) -> str:
    return (
        f"Photo Archive met an error it did not expect:\n\n{message}\n\n"
        "What you were doing may not have finished; your photos are not touched. "
        f"The details are in the log file:\n{log_path()}"
    )


def install(window: QWidget | None = None) -> CrashReporter:
    """Report unexpected errors in a dialog over ``window`` from now on."""
    reporter = CrashReporter(window)
    reporter.install()
    return reporter
