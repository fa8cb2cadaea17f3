"""Exports from the window: the Export dialog's answer run on its own thread, its progress in
the status bar (with Cancel) while the window stays usable, and the report at the end.

The export code (Pillow, Jinja2, the PDF writer) is loaded when the first export starts, not
at launch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.galleries import GallerySummary
from photoarchive.errors import PhotoArchiveError
from photoarchive.export.options import PHASE_NAMES
from photoarchive.gui import settings
from photoarchive.gui.export_dialog import Confirm, ExportDialog, ExportRequest
from photoarchive.gui.import_panel import ImportPanel, TaskRunner
from photoarchive.gui.import_worker import Task

if TYPE_CHECKING:
    from photoarchive.export.options import ExportProgress
    from photoarchive.export.report import ExportReport

Status = Callable[[str], None]


class ExportPanel(ImportPanel):
    """The status bar's progress of an export: the step, a count and the current file."""

    def start(self, title: str, *, cancellable: bool = True) -> None:
        super().start(title, cancellable=cancellable)
        self.detail.setText("Preparing…")

    def show_progress(self, progress: Any) -> None:
        step: ExportProgress = progress
        if step.total > 1:
            self.bar.setRange(0, step.total)
            self.bar.setValue(step.done)
        else:
            self.bar.setRange(0, 0)  # a step with no count: busy
        name = PurePath(step.current).name if step.current else ""
        text = PHASE_NAMES.get(step.phase, step.phase)
        if step.total > 1:
            text += f" {step.done:,} of {step.total:,}"
        if name:
            text += f" · {name}"
        metrics = self.detail.fontMetrics()
        self.detail.setText(
            metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, self.detail.maximumWidth())
        )
        self.detail.setToolTip(step.current)


class Exports(QObject):
    """The window's exports, one at a time: ``ask`` opens the dialog, accepting it starts one.

    The report (or the error) shows in a message that does not stop the window, kept in
    ``message``; a cancelled export is told in the status bar.
    """

    def __init__(self, window: QWidget, confirm: Confirm, status: Status) -> None:
        super().__init__(window)
        self.window, self._confirm, self._status = window, confirm, status
        self.panel = ExportPanel()
        self.runner = TaskRunner(self.panel, self)
        self.workers = 2  # threads resizing images
        self.dialog: ExportDialog | None = None
        self.message: QMessageBox | None = None
        self._catalogue: Catalogue | None = None
        self.runner.finished.connect(self._exported)
        self.runner.failed.connect(self._failed)

    @property
    def busy(self) -> bool:
        return self.runner.busy

    def ask(self, catalogue: Catalogue, galleries: Sequence[GallerySummary]) -> None:
        """Open the Export dialog for ``galleries``; the export starts when it is accepted."""
        if self.runner.busy:
            self._status("An export is running; wait for it to end, or cancel it.")
            return
        dialog = ExportDialog(
            galleries, _start_folder(), self._confirm, workers=self.workers, parent=self.window
        )
        dialog.accepted.connect(lambda: self._accepted(catalogue, dialog))
        self.dialog = dialog
        dialog.open()

    def _accepted(self, catalogue: Catalogue, dialog: ExportDialog) -> None:
        if dialog.request is not None:
            self.start(catalogue, dialog.request)

    def start(self, catalogue: Catalogue, request: ExportRequest) -> None:
        if self.runner.busy:
            return
        settings.write(settings.EXPORT_FOLDER, str(request.destination))
        count = len(request.galleries)
        title = f"Exporting {count} galler{'y' if count == 1 else 'ies'}"
        self.runner.start(export_task(catalogue, request), title)

    def close(self) -> None:
        """Cancel an export and wait for it (the staging folder goes); close the dialogs."""
        self.runner.shutdown()
        for dialog in (self.dialog, self.message):
            if dialog is not None:
                dialog.close()
        self.dialog = self.message = None

    def _exported(self, result: object) -> None:
        report = cast("ExportReport", result)
        summary, details = report_summary(report)
        if report.cancelled:
            self._status(summary)
            return
        box = self._show("Export Finished", summary, details=details)
        open_folder = box.addButton("Open Folder", QMessageBox.ButtonRole.ActionRole)
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(report.destination)))
        )
        self._status(summary.splitlines()[0])

    def _failed(self, message: str) -> None:
        self._show("Export Failed", message, warning=True)

    def _show(
        self, title: str, text: str, *, details: str = "", warning: bool = False
    ) -> QMessageBox:
        if self.message is not None:
            self.message.close()
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Close, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if details:
            box.setDetailedText(details)
        self.message = box
        box.finished.connect(lambda _result: self._forget(box))
        box.open()
        return box

    def _forget(self, box: QMessageBox) -> None:
        if self.message is box:
            self.message = None


def export_task(catalogue: Catalogue, request: ExportRequest) -> Task:
    """The export as a task for :class:`~photoarchive.gui.import_panel.TaskRunner`."""

    def run(progress: Any, cancel: Any) -> ExportReport:
        from photoarchive.export.run import export_galleries  # noqa: PLC0415 - see the docstring

        try:
            return export_galleries(
                catalogue,
                list(request.galleries),
                request.destination,
                request.options,
                progress=progress,
                cancel=cancel,
            )
        except OSError as error:  # a disk full or a folder gone while writing: the user's to fix
            reason = error.strerror or str(error)
            raise PhotoArchiveError(
                f"Cannot write the export to {request.destination}: {reason}."
            ) from error

    return run


def report_summary(report: ExportReport) -> tuple[str, str]:
    """A short text for the message at the end, and the whole report for its details."""
    if report.cancelled:
        return f"Export cancelled; {report.destination} was left as it was.", ""
    count = len(report.galleries)
    lines = [
        f"Exported {count} galler{'y' if count == 1 else 'ies'} with "
        f"{_photos(report.photos)} to {report.destination}."
    ]
    if report.left_out:
        reasons: dict[str, int] = {}
        for left in report.left_out:
            reason = left.reason.split(" (")[0]
            reasons[reason] = reasons.get(reason, 0) + 1
        why = "; ".join(f"{n} {reason}" for reason, n in reasons.items())
        lines.append(f"Left out {_photos(len(report.left_out))}: {why}.")
    else:
        lines.append("No photo was left out.")
    if report.flagged:
        lines.append(f"{len(report.flagged)} flagged for review in the manifest.")
    if report.gps_kept:
        lines.append("The images keep their GPS locations.")
    return "\n".join(lines), report.text()


def _photos(count: int) -> str:
    return f"{count:,} photo{'' if count == 1 else 's'}"


def _start_folder() -> Path:
    """The folder the last export went into, else the documents folder."""
    last = settings.read(settings.EXPORT_FOLDER)
    if last and Path(last).parent.is_dir():
        return Path(last).parent
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home())
