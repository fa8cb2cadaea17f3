"""The window's actions with their usual shortcuts, and the menu bar that shows them."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu

from photoarchive.catalogue.query import Sort
from photoarchive.gui.browser import SORT_NAMES

Key = QKeySequence.StandardKey


class WindowActions:
    """Every menu command of the main window; the window connects what they do."""

    def __init__(self, window: QMainWindow, undo_stack: QUndoStack) -> None:
        self.window = window
        self.open_catalogue = self._action("&Open Catalogue…", Key.Open)
        self.open_url = self._action("Open Catalogue &URL…")
        self.open_demo = self._action("Open &Demo Archive")
        self.import_folder = self._action("&Import Folder…", "Ctrl+I")
        self.import_errors = self._action("Import &Errors…")
        self.library_roots = self._action("Library &Roots…")
        self.quit = self._action("&Quit", Key.Quit)
        self.quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.undo = undo_stack.createUndoAction(window, "&Undo")
        self.undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo = undo_stack.createRedoAction(window, "&Redo")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        # Grid-only keys: in a text field Ctrl+A, Delete and Enter keep their usual meaning.
        self.select_all = self._action("Select &All", "Ctrl+A", grid=True)
        self.remove = self._action("&Remove from Catalogue…", Qt.Key.Key_Delete, grid=True)
        self.find = self._action("&Find…", Key.Find)
        self.find.setShortcut(QKeySequence("Ctrl+F"))
        self.clear_filters = self._action("&Clear Filters", "Ctrl+Shift+L")
        self.open_photo = self._action("&Open Photo", Qt.Key.Key_Return, grid=True)
        self.open_photo.setShortcuts(
            [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)]
        )
        self.captions = self._action("Show &Captions", checkable=True)
        self.full_screen = self._action("&Full Screen", "F11", checkable=True)
        self.about = self._action("&About Photo Archive")
        self.sort_group = QActionGroup(window)
        self.sort: dict[Sort, QAction] = {}
        for sort in Sort:
            action = self._action(f"By {SORT_NAMES[sort]}", checkable=True)
            action.setData(sort.value)
            self.sort_group.addAction(action)
            self.sort[sort] = action
        self.new_gallery = self._action("&New Gallery from Selection…", "Ctrl+Shift+N")
        self.add_to_gallery = QMenu("&Add to Gallery")
        self.open_gallery = self._action("&Open Gallery")
        self.add_section = self._action("Add &Section")
        self.remove_from_gallery = self._action("&Remove from Gallery")
        self.delete_gallery = self._action("&Delete Gallery…")
        self.export = self._action("&Export…", "Ctrl+E")
        self.recent = QMenu("Open &Recent")
        self.sort_menu = QMenu("&Sort")
        self.sort_menu.addActions(list(self.sort.values()))
        self.grid_actions = (self.select_all, self.remove, self.open_photo)

    def _action(
        self,
        text: str,
        key: QKeySequence.StandardKey | str | Qt.Key | None = None,
        *,
        grid: bool = False,
        checkable: bool = False,
    ) -> QAction:
        action = QAction(text, self.window)
        if key is not None:
            action.setShortcut(QKeySequence(key))
        if grid:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        else:
            self.window.addAction(action)  # shortcuts work with the menu bar hidden (full screen)
        action.setCheckable(checkable)
        return action

    def build_menus(self) -> None:
        bar = self.window.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.open_catalogue, self.open_url])
        file.addMenu(self.recent)
        file.addAction(self.open_demo)
        file.addSeparator()
        file.addActions([self.import_folder, self.import_errors, self.library_roots])
        file.addSeparator()
        file.addAction(self.quit)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo, self.redo])
        edit.addSeparator()
        edit.addActions([self.select_all, self.remove])
        edit.addSeparator()
        edit.addActions([self.find, self.clear_filters])
        view = bar.addMenu("&View")
        view.addAction(self.open_photo)
        view.addMenu(self.sort_menu)
        view.addAction(self.captions)
        view.addSeparator()
        view.addAction(self.full_screen)
        gallery = bar.addMenu("&Gallery")
        gallery.addAction(self.new_gallery)
        gallery.addMenu(self.add_to_gallery)
        gallery.addSeparator()
        gallery.addActions([self.open_gallery, self.add_section, self.remove_from_gallery])
        gallery.addAction(self.delete_gallery)
        gallery.addSeparator()
        gallery.addAction(self.export)
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.import_errors, self.about])

    def fill_recent(self, urls: list[str], open_url: Callable[[str], None]) -> None:
        """List the recent catalogues in File > Open Recent."""
        self.recent.clear()
        for url in urls:
            self.recent.addAction(url).triggered.connect(partial(open_url, url))
        if self.recent.isEmpty():
            self.recent.addAction("No recent catalogues").setEnabled(False)
