"""The window's galleries: the list in the side panel, the gallery page, the Gallery menu and
the grid's context menu, every edit as an undoable command, and exports in the background.

Reads are short sessions on the GUI thread (a gallery is a few hundred rows at most); writes
go through :class:`GalleryCommand` on the window's undo stack; an export runs on its own thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import QInputDialog, QMenu
from sqlalchemy.orm import Session

from photoarchive.catalogue import galleries as edits
from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.galleries import GalleryChange, GallerySummary
from photoarchive.errors import PhotoArchiveError
from photoarchive.gui.browser import BrowserPage
from photoarchive.gui.export_runner import Exports
from photoarchive.gui.gallery_commands import GalleryCommand
from photoarchive.gui.gallery_view import GalleryPage

if TYPE_CHECKING:
    from photoarchive.gui.main_window import MainWindow

QUEUED = Qt.ConnectionType.QueuedConnection  # drops and edits in place end before the write
MESSAGE_MS = 10_000


class GalleryController(QObject):
    """Everything galleries in one window; ``attach`` to an open catalogue, ``detach`` after."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window, self.actions, self.stack = window, window.commands, window.undo_stack
        self.catalogue: Catalogue | None = None
        self.browser: BrowserPage | None = None
        self.page: GalleryPage | None = None
        self.galleries: list[GallerySummary] = []
        self.exports = Exports(window, self._confirm, self._status)
        self._connect_actions()
        self._enable()

    def _connect_actions(self) -> None:
        a = self.actions
        a.new_gallery.triggered.connect(self.new_gallery_from_selection)
        a.add_to_gallery.aboutToShow.connect(lambda: self.fill_add_menu(a.add_to_gallery))
        a.open_gallery.triggered.connect(self._open_selected)
        a.export.triggered.connect(self.export_chosen)
        a.delete_gallery.triggered.connect(self.delete_selected)
        a.add_section.triggered.connect(lambda: self._on_page(GalleryPage.request_section))
        a.remove_from_gallery.triggered.connect(lambda: self._on_page(GalleryPage.request_removal))
        self.window.pages.currentChanged.connect(lambda _index: self._enable())

    @property
    def busy(self) -> bool:
        return self.exports.busy

    def _on_page(self, act: Callable[[GalleryPage], None]) -> None:
        if self.page is not None and self.showing() is not None:
            act(self.page)

    # ------------------------------------------------------------ catalogue and pages

    def attach(self, catalogue: Catalogue, browser: BrowserPage) -> None:
        self.catalogue, self.browser = catalogue, browser
        panel = browser.galleries
        panel.opened.connect(self.open_gallery)
        panel.export_button.clicked.connect(self.export_chosen)
        panel.model.photosDropped.connect(self.add_photos, QUEUED)
        panel.view.selectionModel().selectionChanged.connect(self._enable)
        browser.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        browser.grid.customContextMenuRequested.connect(self._grid_menu)
        self.page = page = GalleryPage(catalogue)
        page.closed.connect(self.window.show_grid)
        page.exportRequested.connect(lambda gallery_id: self.export([gallery_id]))
        page.textsEdited.connect(self._texts_edited)
        page.sectionRequested.connect(self._add_section)
        page.removeRequested.connect(self._remove_items)
        model = page.model
        model.captionEdited.connect(self._caption_edited, QUEUED)
        model.sectionEdited.connect(self._section_edited, QUEUED)
        model.itemsMoved.connect(self._move_items, QUEUED)
        model.photosDropped.connect(self._photos_dropped, QUEUED)
        self.window.pages.addWidget(page)
        self.refresh()

    def detach(self) -> None:
        """Stop an export (waiting for it) and forget the catalogue's pages."""
        self.exports.close()
        if self.page is not None:
            self.page.close_workers()
            self.window.pages.removeWidget(self.page)
            self.page.deleteLater()
        self.catalogue = self.browser = self.page = None
        self.galleries = []

    def refresh(self) -> None:
        """Read the galleries again (after an edit, an import or a removal)."""
        if self.catalogue is None or self.browser is None:
            return
        with self.catalogue.session() as session:
            self.galleries = edits.list_galleries(session)
        self.browser.galleries.set_galleries(self.galleries)
        shown = self.showing()
        if shown is not None:
            self._show_page(shown)
        self._enable()

    def showing(self) -> int | None:
        """The gallery on screen, if the gallery page is."""
        page = self.page
        if page is None or self.window.pages.currentWidget() is not page:
            return None
        return page.gallery_id

    def open_gallery(self, gallery_id: int) -> None:
        if self.page is not None and self._show_page(gallery_id):
            self.window.pages.setCurrentWidget(self.page)
            self.page.view.setFocus()

    def _show_page(self, gallery_id: int) -> bool:
        assert self.catalogue is not None and self.page is not None
        try:
            with self.catalogue.session() as session:
                state = edits.load_gallery(session, gallery_id)
        except PhotoArchiveError as error:  # undone, or deleted meanwhile
            if self.window.pages.currentWidget() is self.page:
                self.window.show_grid()
            self._status(str(error))
            return False
        self.page.show_gallery(state)
        return True

    def _open_selected(self) -> None:
        chosen = self._chosen()
        if chosen:
            self.open_gallery(chosen[0])

    def _chosen(self) -> list[int]:
        """The gallery on screen, else those selected in the list."""
        shown = self.showing()
        if shown is not None:
            return [shown]
        return self.browser.galleries.selected_ids() if self.browser is not None else []

    def _enable(self) -> None:
        a, on_page = self.actions, self.showing() is not None
        for action in (a.new_gallery, a.export):
            action.setEnabled(self.browser is not None)
        a.add_to_gallery.setEnabled(self.browser is not None)
        for action in (a.open_gallery, a.delete_gallery):
            action.setEnabled(bool(self._chosen()))
        for action in (a.add_section, a.remove_from_gallery):
            action.setEnabled(on_page)

    # ------------------------------------------------------------ menus

    def fill_add_menu(self, menu: QMenu) -> None:
        """Gallery › Add to Gallery: one entry per gallery, for the selected photos."""
        menu.clear()
        for gallery in self.galleries:
            action = menu.addAction(gallery.title)
            action.triggered.connect(partial(self.add_selection, gallery.id))
        if not self.galleries:
            menu.addAction("No galleries yet").setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.actions.new_gallery)

    def grid_menu(self) -> QMenu:
        """The grid's context menu: open, make or add to a gallery, remove."""
        assert self.browser is not None
        menu = QMenu(self.browser.grid)
        menu.addAction(self.actions.open_photo)
        menu.addSeparator()
        menu.addAction(self.actions.new_gallery)
        add = menu.addMenu("Add to Gallery")
        self.fill_add_menu(add)
        menu.addSeparator()
        menu.addAction(self.actions.remove)
        return menu

    def _grid_menu(self, position: QPoint) -> None:
        if self.browser is None or not self.browser.selected_ids():
            return
        menu = self.grid_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.browser.grid.viewport().mapToGlobal(position))

    # ------------------------------------------------------------ edits

    def push(self, text: str, edit: Callable[[Session], GalleryChange]) -> GalleryCommand | None:
        """Run ``edit`` as an undoable command; None (and a message) if it failed."""
        if self.catalogue is None:
            return None
        command = GalleryCommand(
            self.catalogue, edit, text, on_changed=self._changed, on_failed=self._failed
        )
        self.stack.push(command)
        return None if command.error else command

    def _changed(self, gallery_id: int, items: tuple[int, ...]) -> None:
        self.refresh()
        if self.page is not None and self.showing() == gallery_id:
            self.page.select_items(set(items))

    def _failed(self, message: str) -> None:
        # Told once the command is off the stack's hands: a dialog's loop must not run inside it.
        QTimer.singleShot(0, lambda: self.window.warn(message))
        self.refresh()  # the page shows the texts as they are, not as they were typed

    def ask_title(self, count: int) -> str | None:
        photos = f"{count:,} photo{'' if count == 1 else 's'}"
        text, ok = QInputDialog.getText(
            self.window, "New Gallery from Selection", f"Title of the new gallery ({photos}):"
        )
        return text.strip() if ok and text.strip() else None

    def new_gallery_from_selection(self) -> None:
        if self.browser is None:
            return
        ids = self.browser.selected_ids()
        title = self.ask_title(len(ids))
        if title is None:
            return
        command = self.push(f'New gallery "{title}"', lambda s: edits.create_gallery(s, title, ids))
        if command is not None and command.gallery_id is not None and self.browser is not None:
            self.browser.galleries.select_ids({command.gallery_id})
            self._status(f'Made the gallery "{title}" with {_photos(len(ids))}.')

    def add_selection(self, gallery_id: int, _checked: bool = False) -> None:
        if self.browser is not None:
            self.add_photos(gallery_id, self.browser.selected_ids())

    def add_photos(self, gallery_id: int, photo_ids: Sequence[int], position: int = -1) -> None:
        """Add photos (at the end, or before row ``position``); ones already there stay put."""
        summary = next((g for g in self.galleries if g.id == gallery_id), None)
        if summary is None or not photo_ids or self.catalogue is None:
            return
        with self.catalogue.session() as session:
            present = set(edits.load_gallery(session, gallery_id).photo_ids)
        new = [pid for pid in dict.fromkeys(photo_ids) if pid not in present]
        if not new:
            self._status(f'Those photos are in "{summary.title}" already.')
            return
        at = None if position < 0 else position
        text = f'Add {_photos(len(new))} to "{summary.title}"'
        if self.push(text, lambda s: edits.add_photos(s, gallery_id, new, at)):
            there = len(photo_ids) - len(new)
            self._status(
                f"{text.replace('Add', 'Added', 1)}"
                + (f"; {there} there already." if there else ".")
            )

    def delete_selected(self) -> None:
        chosen = [g for g in self.galleries if g.id in self._chosen()]
        if not chosen:
            return
        names = ", ".join(f'"{g.title}"' for g in chosen)
        question = (
            f"Delete the gallery {names}?\n\nIts photos stay in the catalogue; Ctrl+Z undoes."
        )
        if not self.window.confirm("Delete Gallery", question):
            return
        if self.showing() is not None:
            self.window.show_grid()
        for gallery in chosen:
            delete = partial(_delete_gallery, gallery_id=gallery.id)
            self.push(f'Delete gallery "{gallery.title}"', delete)

    def _texts_edited(self, gallery_id: int, title: object, intro: object, language: str) -> None:
        self.push(
            "Edit gallery title and introduction",
            lambda s: edits.set_gallery_text(s, gallery_id, _text(title), _text(intro), language),
        )

    def _caption_edited(self, item_id: int, caption: object, language: str) -> None:
        self.push("Edit caption", lambda s: edits.set_caption(s, item_id, _text(caption), language))

    def _section_edited(self, item_id: int, heading: object, body: object, language: str) -> None:
        self.push(
            "Edit section",
            lambda s: edits.set_section_text(s, item_id, _text(heading), _text(body), language),
        )

    def _add_section(self, gallery_id: int, position: int) -> None:
        language = self.page.model.language if self.page is not None else None
        command = self.push(
            "Add section",
            lambda s: edits.add_section(
                s, gallery_id, position, heading="New section", language=language
            ),
        )
        if command is not None and command.change is not None and self.page is not None:
            self.page.edit_item(command.change.items[0])

    def _remove_items(self, gallery_id: int, item_ids: list[int]) -> None:
        n = len(item_ids)
        text = f"Remove {n} item{'' if n == 1 else 's'} from the gallery"
        self.push(text, lambda s: edits.remove_items(s, gallery_id, item_ids))

    def _move_items(self, item_ids: list[int], position: int) -> None:
        gallery_id = self.page.gallery_id if self.page is not None else None
        if gallery_id is not None:
            n = len(item_ids)
            self.push(
                f"Move {n} item{'' if n == 1 else 's'}",
                lambda s: edits.move_items(s, gallery_id, item_ids, position),
            )

    def _photos_dropped(self, photo_ids: list[int], position: int) -> None:
        if self.page is not None and self.page.gallery_id is not None:
            self.add_photos(self.page.gallery_id, photo_ids, position)

    # ------------------------------------------------------------ export

    def export_chosen(self) -> None:
        chosen = self._chosen() or ([self.galleries[0].id] if len(self.galleries) == 1 else [])
        if not chosen:
            self._status("Select the galleries to export in the list under the facets.")
            return
        self.export(chosen)

    def export(self, gallery_ids: Sequence[int]) -> None:
        """Open the Export dialog for these galleries."""
        chosen = [g for g in self.galleries if g.id in gallery_ids]
        if chosen and self.catalogue is not None:
            self.exports.ask(self.catalogue, chosen)

    # ------------------------------------------------------------ telling the user

    def _confirm(self, title: str, question: str) -> bool:
        return self.window.confirm(title, question)  # looked up when asked: tests answer it

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, MESSAGE_MS)


def _delete_gallery(session: Session, *, gallery_id: int) -> GalleryChange:
    return edits.delete_gallery(session, gallery_id)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _photos(n: int) -> str:
    return f"{n:,} photo{'' if n == 1 else 's'}"
