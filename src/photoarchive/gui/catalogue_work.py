"""Imports and removals from the window: asking what, running it in the background with its
progress in the status bar, and telling how it went."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QUrl

from photoarchive.catalogue.import_log import last_import_errors
from photoarchive.gui import dialogs
from photoarchive.gui.import_panel import ImportPanel, TaskRunner
from photoarchive.gui.import_worker import import_task, removal_task, summary_text

if TYPE_CHECKING:
    from photoarchive.gui.main_window import MainWindow
    from photoarchive.importer.pipeline import ImportSummary


class CatalogueWork(QObject):
    """The window's imports and removals; one at a time, on ``runner``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = ImportPanel()
        self.runner = TaskRunner(self.panel, self)
        self.errors_dialog: dialogs.ImportErrorsDialog | None = None
        self.runner.finished.connect(self._done)
        self.runner.failed.connect(window.warn)

    def choose_folder(self) -> None:
        folder = dialogs.ask_import_folder(self.window)
        if folder is not None:
            self.import_folders([folder])

    def import_folders(self, folders: list[Path]) -> None:
        """Import ``folders`` in the background; the window stays usable meanwhile."""
        window = self.window
        if window.catalogue is None or not window.idle():
            return
        task = import_task(
            window.catalogue, folders, workers=window.import_workers, worker_kind=window.import_kind
        )
        names = ", ".join(folder.name or str(folder) for folder in folders)
        self.runner.start(task, f"Importing {names}")

    def remove_selected(self) -> None:
        """Remove the selected photos (or the one in the viewer) from the catalogue."""
        window = self.window
        browser, viewer = window.browser, window.viewer
        if browser is None or window.catalogue is None or not window.idle():
            return
        if window.pages.currentWidget() not in (browser, viewer):
            return  # the gallery page takes items out of its gallery, never out of the catalogue
        viewed = viewer.photo_id if viewer is not None else None
        in_viewer = window.pages.currentWidget() is viewer and viewed is not None
        ids = [viewed] if in_viewer and viewed is not None else browser.selected_ids()
        if not ids:
            return
        n = len(ids)
        question = (
            f"Remove {n:,} photo{'s' if n != 1 else ''} from the catalogue?\n\n"
            "Their captions and tags are forgotten. The files on disk are not touched: "
            "importing their folder again brings the photos back."
        )
        if window.confirm("Remove from Catalogue", question):
            window.show_grid()
            task = removal_task(window.catalogue, ids)
            self.runner.start(task, "Removing photos", cancellable=False)

    def _done(self, result: object) -> None:
        status = self.window.statusBar()
        if isinstance(result, int):  # a removal
            status.showMessage(f"Removed {result:,} photos from the catalogue.", 10_000)
        else:  # an import or the demo build
            summary = cast("ImportSummary", result)
            status.showMessage(summary_text(summary), 15_000)
            if summary.counts.failed or summary.counts.unsupported:
                self.show_errors()
        self.window.catalogue_changed()

    def show_errors(self) -> None:
        catalogue = self.window.catalogue
        if catalogue is None:
            return
        with catalogue.session() as session:
            errors = last_import_errors(session)
        if self.errors_dialog is not None:
            self.errors_dialog.close()
        self.errors_dialog = dialogs.ImportErrorsDialog(errors, self.window)
        self.errors_dialog.show()

    def close(self) -> None:
        """Cancel a task and wait for it; close the errors dialog."""
        self.runner.shutdown()
        if self.errors_dialog is not None:
            self.errors_dialog.close()


def dropped_folders(urls: list[QUrl]) -> list[Path]:
    """The dropped items if every one is a local folder, else nothing."""
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    if paths and len(paths) == len(urls) and all(path.is_dir() for path in paths):
        return paths
    return []
