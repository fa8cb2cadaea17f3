"""The window's one catalogue task at a time (import, demo build, removal) and its progress in
the status bar: count, current file, rate and a Cancel button."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from photoarchive.gui.import_worker import BackgroundTask, Task

if TYPE_CHECKING:
    from photoarchive.importer.pipeline import Progress


class ImportPanel(QWidget):
    """Hidden until work starts; ``cancelRequested`` when the user presses Cancel."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.detail = QLabel()
        self.detail.setProperty("role", "muted")
        self.detail.setMinimumWidth(260)
        self.detail.setMaximumWidth(460)
        self.bar = QProgressBar()
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self._cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        for widget in (self.title, self.bar, self.detail, self.cancel_button):
            layout.addWidget(widget)
        self.hide()

    def start(self, title: str, *, cancellable: bool = True) -> None:
        self.title.setText(title)
        self.detail.setText("Looking for photos…")
        self.bar.setRange(0, 0)  # busy until the folders are scanned
        self.cancel_button.setEnabled(cancellable)
        self.cancel_button.setText("Cancel")
        self.cancel_button.setVisible(cancellable)
        self.show()

    def show_progress(self, progress: Progress) -> None:
        name = PurePath(progress.current).name if progress.current else ""
        if progress.total is None:
            self.bar.setRange(0, 0)
            text = f"Scanning… {name}"
        else:
            self.bar.setRange(0, max(progress.total, 1))
            self.bar.setValue(progress.done)
            text = f"{progress.done:,} of {progress.total:,} · {progress.rate:.1f} photos/s"
            if name:
                text += f" · {name}"
        metrics = self.detail.fontMetrics()
        self.detail.setText(
            metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, self.detail.maximumWidth())
        )
        self.detail.setToolTip(progress.current)

    def finish(self) -> None:
        self.hide()

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("Cancelling…")
        self.cancelRequested.emit()


class TaskRunner(QObject):
    """Runs the window's one catalogue task at a time, with its progress in ``panel``."""

    progressed = Signal(object)  # Progress, about ten a second
    finished = Signal(object)  # what the task returned
    failed = Signal(str)
    busyChanged = Signal(bool)

    def __init__(self, panel: ImportPanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.panel = panel
        self.task: BackgroundTask | None = None
        panel.cancelRequested.connect(self.cancel)
        self.progressed.connect(panel.show_progress)

    @property
    def busy(self) -> bool:
        return self.task is not None

    def start(self, task: Task, title: str, *, cancellable: bool = True) -> None:
        if self.task is not None:
            raise RuntimeError("a catalogue task is already running")
        self.task = BackgroundTask(task, cancellable=cancellable, parent=self)
        self.task.progressed.connect(self.progressed)
        self.task.done.connect(self._done)
        self.task.failed.connect(self._failed)
        self.busyChanged.emit(True)
        self.panel.start(title, cancellable=cancellable)
        self.task.start()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def shutdown(self) -> None:
        """Cancel the running task and wait for it (its thread ends with the window)."""
        if self.task is not None:
            self.task.cancel()
            self._end()

    def _done(self, result: object) -> None:
        self._end()
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        self._end()
        self.failed.emit(message)

    def _end(self) -> None:
        if self.task is not None:
            self.task.wait()
            self.task.deleteLater()
            self.task = None
        self.panel.finish()
        self.busyChanged.emit(False)
