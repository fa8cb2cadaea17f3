"""The main window: one open catalogue, its browser, viewer and gallery pages, and menus."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QStackedWidget

from photoarchive.catalogue.database import Catalogue, describe, open_catalogue
from photoarchive.catalogue.query import Sort
from photoarchive.errors import PhotoArchiveError
from photoarchive.gui import dialogs, roots_dialog, settings, style
from photoarchive.gui.browser import BrowserPage
from photoarchive.gui.catalogue_work import CatalogueWork, dropped_folders
from photoarchive.gui.gallery_controller import GalleryController
from photoarchive.gui.import_worker import demo_task
from photoarchive.gui.menus import WindowActions
from photoarchive.gui.viewer import ViewerPage
from photoarchive.gui.welcome import WelcomePage
from photoarchive.paths import default_catalogue_path, demo_dir

if TYPE_CHECKING:
    from photoarchive.importer.pipeline import WorkerKind

TITLE = "Photo Archive"


class MainWindow(QMainWindow):
    """The desktop window; ``shutdown`` (also run on close) stops every thread it started."""

    def __init__(self, *, import_workers: int | None = None, import_kind: WorkerKind = "process"):
        super().__init__()
        self.import_workers, self.import_kind = import_workers, import_kind
        self.catalogue: Catalogue | None = None
        self.browser: BrowserPage | None = None
        self.viewer: ViewerPage | None = None
        self.undo_stack = QUndoStack(self)
        self.pages = QStackedWidget()
        self.welcome = WelcomePage()
        self.pages.addWidget(self.welcome)
        self.setCentralWidget(self.pages)
        self.commands = WindowActions(self, self.undo_stack)
        self.commands.build_menus()
        self.work = CatalogueWork(self)
        self.import_panel, self.tasks = self.work.panel, self.work.runner
        self.galleries = GalleryController(self)
        self.count_label = QLabel()
        for widget in (self.import_panel, self.galleries.exports.panel, self.count_label):
            self.statusBar().addPermanentWidget(widget)
        self.setWindowTitle(TITLE)
        self.setWindowIcon(style.app_icon())
        self.setAcceptDrops(True)
        self._connect()
        self._restore_state()

    def _connect(self) -> None:
        a = self.commands
        a.open_catalogue.triggered.connect(self.choose_catalogue)
        a.open_url.triggered.connect(self.choose_catalogue_url)
        a.open_demo.triggered.connect(self.open_demo)
        a.import_folder.triggered.connect(self.work.choose_folder)
        a.import_errors.triggered.connect(self.work.show_errors)
        a.library_roots.triggered.connect(lambda: roots_dialog.show_for(self))
        a.quit.triggered.connect(self.close)
        a.select_all.triggered.connect(self._select_all)
        a.remove.triggered.connect(self.work.remove_selected)
        a.find.triggered.connect(self._find)
        a.clear_filters.triggered.connect(self._clear_filters)
        a.open_photo.triggered.connect(self._open_current)
        a.captions.toggled.connect(self._show_captions)
        a.full_screen.toggled.connect(self._full_screen)
        a.about.triggered.connect(self._about)
        a.sort_group.triggered.connect(lambda action: self._sort(Sort(action.data())))
        a.recent.aboutToShow.connect(self._fill_recent)
        for runner in (self.tasks, self.galleries.exports.runner):
            runner.busyChanged.connect(self._set_busy)
        self.welcome.importRequested.connect(self.work.choose_folder)
        self.welcome.demoRequested.connect(self.open_demo)

    def _restore_state(self) -> None:
        self.commands.captions.setChecked(bool(settings.read(settings.SHOW_CAPTIONS)))
        self.commands.sort[settings.saved_sort()].setChecked(True)
        if not self.restoreGeometry(settings.read(settings.GEOMETRY)):
            self.resize(1360, 860)
        self.restoreState(settings.read(settings.WINDOW_STATE))

    # ------------------------------------------------------------ catalogues

    def open_catalogue(self, url: str) -> None:
        """Open the catalogue at ``url`` (a path or URL); a user's mistake raises."""
        catalogue = open_catalogue(url)
        self._close_catalogue()
        self.catalogue = catalogue
        self._remember(catalogue)
        self.browser = BrowserPage(
            catalogue,
            self.undo_stack,
            sort=settings.saved_sort(),
            sort_menu=self.commands.sort_menu,
            captions=self.commands.captions,
        )
        self.browser.grid.set_show_captions(self.commands.captions.isChecked())
        self.viewer = ViewerPage(catalogue)
        self._wire_pages(self.browser, self.viewer)
        self.galleries.attach(catalogue, self.browser)
        self.welcome.set_catalogue(str(catalogue))
        self.setWindowTitle(f"{describe(catalogue.url)} — {TITLE}")
        self.pages.setCurrentWidget(self.browser)

    def open_last_catalogue(self) -> None:
        """The catalogue used last, or the default one when there is none or it fails."""
        last = settings.read(settings.LAST_CATALOGUE)
        if last:
            try:
                self.open_catalogue(last)
                return
            except PhotoArchiveError as error:
                self.statusBar().showMessage(str(error), 10_000)
        self.open_catalogue(str(default_catalogue_path()))

    def open_demo(self) -> None:
        """Open the demo archive, building (or checking) it in the background."""
        if not self.idle():
            return
        self._try_open(str(demo_dir() / "catalogue.sqlite"))
        if self.catalogue is not None:
            task = demo_task(self.catalogue, demo_dir() / "pictures")
            self.tasks.start(task, "Building the demo archive", cancellable=False)

    def _try_open(self, url: str) -> None:
        try:
            self.open_catalogue(url)
        except PhotoArchiveError as error:
            self.warn(str(error))

    def _remember(self, catalogue: Catalogue) -> None:
        # Passwords stay out of the settings file (a server's come from ~/.pgpass and the like).
        url = catalogue.url.set(password=None).render_as_string(hide_password=False)
        if catalogue.sqlite_path is not None:
            url = str(catalogue.sqlite_path)
        settings.remember_catalogue(url)

    def _wire_pages(self, browser: BrowserPage, viewer: ViewerPage) -> None:
        for action in self.commands.grid_actions:
            browser.grid.addAction(action)
        viewer.addAction(self.commands.remove)
        browser.countsChanged.connect(self._counts_changed)
        browser.selectionChanged.connect(lambda _n: self._show_count())
        browser.photoActivated.connect(self.show_viewer)
        browser.failed.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        viewer.closed.connect(self.show_grid)
        self.pages.addWidget(browser)
        self.pages.addWidget(viewer)
        for splitter, key in self._splitters():
            splitter.restoreState(settings.read(key))

    def _close_catalogue(self) -> None:
        self._save_splitters()
        self.galleries.detach()
        self.undo_stack.clear()
        for page in (self.browser, self.viewer):
            if page is not None:
                page.close_workers()
                self.pages.removeWidget(page)
                page.deleteLater()
        self.browser = self.viewer = None
        if self.catalogue is not None:
            self.catalogue.close()
            self.catalogue = None

    def choose_catalogue(self) -> None:
        if self.idle():
            start = str(self.catalogue.sqlite_path or "") if self.catalogue else ""
            path = dialogs.ask_catalogue_file(self, start)
            if path:
                self._try_open(path)

    def choose_catalogue_url(self) -> None:
        if self.idle():
            url = dialogs.ask_catalogue_url(self)
            if url:
                self._try_open(url)

    def _fill_recent(self) -> None:
        self.commands.fill_recent(settings.read(settings.RECENT_CATALOGUES), self._open_recent)

    def _open_recent(self, url: str) -> None:
        if self.idle():
            self._try_open(url)

    # ------------------------------------------------------------ pages and counts

    def _counts_changed(self, shown: int, total: int) -> None:
        self._show_count()
        if self.browser is None:
            return
        if total == 0 and self.pages.currentWidget() is self.browser:
            self.pages.setCurrentWidget(self.welcome)
        elif total > 0 and self.pages.currentWidget() is self.welcome:
            self.pages.setCurrentWidget(self.browser)

    def _show_count(self) -> None:
        browser = self.browser
        if browser is None:
            self.count_label.clear()
            return
        shown, total = browser.model.rowCount(), browser.total
        text = f"{shown:,} of {total:,} photos"
        selected = len(browser.selected_ids())
        if selected:
            text += f" · {selected:,} selected"
        self.count_label.setText(text)

    def show_viewer(self, row: int) -> None:
        if self.browser is None or self.viewer is None or not self.browser.model.ids:
            return
        self.pages.setCurrentWidget(self.viewer)
        self.viewer.show_photos(self.browser.model.ids, row, self.browser.model.cached_record)

    def show_grid(self, photo_id: int | None = None) -> None:
        if self.browser is None:
            return
        self.pages.setCurrentWidget(self.browser)
        if photo_id is not None:
            self.browser.select_ids({photo_id})
        self.browser.grid.setFocus()

    def _open_current(self) -> None:
        if self.browser is not None and self.pages.currentWidget() is self.browser:
            current = self.browser.grid.currentIndex()
            if current.isValid():
                self.show_viewer(current.row())

    def _select_all(self) -> None:
        if self.browser is not None:
            self.browser.grid.selectAll()

    def _clear_filters(self) -> None:
        if self.browser is not None:
            self.browser.clear_filters()

    def _find(self) -> None:
        if self.browser is not None:
            self.show_grid()
            self.browser.facets.focus_search()

    def _sort(self, sort: Sort) -> None:
        settings.write(settings.SORT, sort.value)
        if self.browser is not None:
            self.browser.set_sort(sort)

    def _show_captions(self, shown: bool) -> None:
        settings.write(settings.SHOW_CAPTIONS, shown)
        if self.browser is not None:
            self.browser.grid.set_show_captions(shown)

    def _full_screen(self, full: bool) -> None:
        if full:
            self.showFullScreen()
        else:
            self.showNormal()

    def _about(self) -> None:
        dialogs.AboutDialog(str(self.catalogue or "none"), self).exec()

    # ------------------------------------------------------------ imports, removal, exports

    @property
    def errors_dialog(self) -> dialogs.ImportErrorsDialog | None:
        return self.work.errors_dialog

    def import_folders(self, folders: list[Path]) -> None:
        """Import ``folders`` in the background; the window stays usable meanwhile."""
        self.work.import_folders(folders)

    def cancel_import(self) -> None:
        self.tasks.cancel()

    def catalogue_changed(self) -> None:
        """After an import or a removal: read names, photos and galleries again."""
        if self.browser is not None:
            self.browser.inspector.reload_vocabularies()
            self.browser.refresh(vocabulary=True, keep_selection=True)
        self.galleries.refresh()

    def _set_busy(self, _busy: bool) -> None:
        busy = self.tasks.busy or self.galleries.busy
        c = self.commands
        for action in (c.open_catalogue, c.open_url, c.open_demo, c.import_folder, c.remove):
            action.setEnabled(not busy)
        c.recent.setEnabled(not busy)
        self.welcome.setEnabled(not busy)

    def idle(self) -> bool:
        """True when no import, removal or export runs; else says so in the status bar."""
        if not self.tasks.busy and not self.galleries.busy:
            return True
        self.statusBar().showMessage("Wait for the current import or export to end.", 5000)
        return False

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_folders(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        folders = dropped_folders(event.mimeData().urls())
        if folders:
            event.acceptProposedAction()
            self.import_folders(folders)

    # ------------------------------------------------------------ asking the user

    def confirm(self, title: str, text: str) -> bool:
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
        answer = QMessageBox.question(self, title, text, buttons, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def warn(self, text: str) -> None:
        QMessageBox.warning(self, TITLE, text)

    # ------------------------------------------------------------ closing

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.write(settings.GEOMETRY, self.saveGeometry())
        settings.write(settings.WINDOW_STATE, self.saveState())
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Cancel an import or export and wait for it, stop every worker, close the catalogue."""
        self.work.close()
        self._close_catalogue()

    def _splitters(self) -> list[tuple[QSplitter, settings.Key]]:
        if self.browser is None or self.viewer is None:
            return []
        return [
            (self.browser.splitter, settings.BROWSER_SPLITTER),
            (self.browser.facets.splitter, settings.FACET_SPLITTER),
            (self.browser.side, settings.SIDE_SPLITTER),
            (self.viewer.splitter, settings.VIEWER_SPLITTER),
        ]

    def _save_splitters(self) -> None:
        for splitter, key in self._splitters():
            settings.write(key, splitter.saveState())
