"""Galleries in the window on the demo archive: the list, new galleries from the selection,
adding photos by menu and by drag and drop, and the gallery view's edits with undo and redo,
each checked in the catalogue."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from photoarchive.catalogue.database import open_catalogue
from photoarchive.catalogue.galleries import (
    GalleryState,
    find_gallery,
    list_galleries,
    load_gallery,
)
from photoarchive.catalogue.models import Photo
from photoarchive.demo.manifest import load_manifest
from photoarchive.gui.browser import BrowserPage
from photoarchive.gui.facet_models import FacetRole
from photoarchive.gui.gallery_delegate import CaptionEditor, SectionEditor
from photoarchive.gui.gallery_model import ItemRole
from photoarchive.gui.gallery_view import GalleryPage
from photoarchive.gui.main_window import MainWindow
from photoarchive.gui.photo_drag import PHOTO_IDS, dropped_photo_ids, photo_ids_mime

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

WAIT = 10_000  # ms: generous, the machine is shared
DEMO_TITLE = load_manifest().gallery.title


@pytest.fixture
def demo_path(demo_archive: Path, tmp_path: Path) -> Path:
    """A private copy of the demo catalogue (its pictures are shared, and only read)."""
    copy = tmp_path / "demo.sqlite"
    with closing(sqlite3.connect(demo_archive)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    return copy


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    opened = MainWindow(import_kind="thread", import_workers=1)
    qtbot.addWidget(opened)
    opened.open_catalogue(str(demo_path))
    page = browser(opened)
    with qtbot.waitSignals([page.gridUpdated, page.facetsUpdated], timeout=WAIT):
        opened.resize(1280, 820)
        opened.show()
    qtbot.waitExposed(opened)
    yield opened
    opened.close()


def browser(window: MainWindow) -> BrowserPage:
    assert window.browser is not None
    return window.browser


def gallery_page(window: MainWindow) -> GalleryPage:
    assert window.galleries.page is not None
    return window.galleries.page


def state(path: Path, title: str = DEMO_TITLE) -> GalleryState:
    with open_catalogue(path) as catalogue, catalogue.session() as session:
        return load_gallery(session, find_gallery(session, title))


def titles(path: Path) -> list[str]:
    with open_catalogue(path) as catalogue, catalogue.session() as session:
        return [g.title for g in list_galleries(session)]


def not_in_demo_gallery(window: MainWindow, path: Path, count: int) -> list[int]:
    """``count`` photos of the grid, in grid order, that the demo gallery lacks."""
    present = set(state(path).photo_ids)
    return [pid for pid in browser(window).model.ids if pid not in present][:count]


def open_demo_gallery(qtbot: QtBot, window: MainWindow) -> GalleryPage:
    """Open the demo gallery as a user does: select it in the list and press Enter."""
    panel = browser(window).galleries
    row = panel.model.row_of(state_id(window))
    assert row is not None
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(row))
    qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    page = gallery_page(window)
    assert window.pages.currentWidget() is page
    return page


def state_id(window: MainWindow) -> int:
    return next(g.id for g in window.galleries.galleries if g.title == DEMO_TITLE)


def undo_redo_check(
    qtbot: QtBot, window: MainWindow, before: object, after: object, read: Callable[[], object]
) -> None:
    """Undo puts ``before`` back in the catalogue, redo ``after``."""
    assert read() == after
    window.commands.undo.trigger()
    assert read() == before
    window.commands.redo.trigger()
    assert read() == after


# ---------------------------------------------------------------- the list


def test_the_list_shows_the_demo_gallery_with_its_photo_count(
    window: MainWindow, demo_path: Path
) -> None:
    with open_catalogue(demo_path) as catalogue, catalogue.session() as session:
        [summary] = list_galleries(session)
    assert (summary.title, summary.photos, summary.sections) == (DEMO_TITLE, 14, 9)
    model = browser(window).galleries.model
    assert model.rowCount() == 1
    index = model.index(0)
    assert index.data() == DEMO_TITLE
    assert index.data(FacetRole.COUNT) == summary.photos
    assert "14 photos, 9 sections" in index.data(Qt.ItemDataRole.ToolTipRole)
    view = browser(window).galleries.view
    assert view.selectionMode() == view.SelectionMode.ExtendedSelection


def test_a_new_gallery_from_the_selection_keeps_the_grid_order(
    qtbot: QtBot, window: MainWindow, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = browser(window)
    chosen = {page.model.ids[9], page.model.ids[2], page.model.ids[5]}
    page.select_ids(chosen)
    in_grid_order = [pid for pid in page.model.ids if pid in chosen]
    asked: list[int] = []
    monkeypatch.setattr(
        window.galleries, "ask_title", lambda count: asked.append(count) or "Barda, 1990s"
    )
    window.commands.new_gallery.trigger()
    assert asked == [3]
    made = state(demo_path, "Barda, 1990s")
    assert list(made.photo_ids) == in_grid_order
    assert [s.title for s in page.galleries.model.galleries] == sorted([DEMO_TITLE, "Barda, 1990s"])
    assert page.galleries.selected_ids() == [made.id]
    assert (
        page.galleries.model.index(page.galleries.model.row_of(made.id)).data(FacetRole.COUNT) == 3
    )

    window.commands.undo.trigger()
    assert titles(demo_path) == [DEMO_TITLE]
    assert page.galleries.model.rowCount() == 1
    window.commands.redo.trigger()
    again = state(demo_path, "Barda, 1990s")
    assert (again.id, list(again.photo_ids)) == (made.id, in_grid_order)


def test_a_title_taken_already_is_refused_with_a_message(
    qtbot: QtBot, window: MainWindow, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser(window).select_ids({browser(window).model.ids[0]})
    monkeypatch.setattr(window.galleries, "ask_title", lambda count: DEMO_TITLE)
    warned: list[str] = []
    monkeypatch.setattr(window, "warn", warned.append)
    window.commands.new_gallery.trigger()
    assert titles(demo_path) == [DEMO_TITLE]
    assert window.undo_stack.count() == 0
    qtbot.waitUntil(lambda: bool(warned), timeout=WAIT)
    assert warned == [f'There is already a gallery called "{DEMO_TITLE}".']


def test_add_to_gallery_from_the_menu_and_the_grid_context_menu(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    before = list(state(demo_path).photo_ids)
    new = not_in_demo_gallery(window, demo_path, 3)
    browser(window).select_ids(set(new))
    menu = window.commands.add_to_gallery
    menu.aboutToShow.emit()
    [entry] = [a for a in menu.actions() if a.text() == DEMO_TITLE]
    entry.trigger()
    assert list(state(demo_path).photo_ids) == before + new
    model = browser(window).galleries.model
    assert model.index(0).data(FacetRole.COUNT) == 17
    undo_redo_check(qtbot, window, before, before + new, lambda: list(state(demo_path).photo_ids))

    context = window.galleries.grid_menu()
    texts = [a.text() for a in context.actions()]
    assert "Add to Gallery" in texts and window.commands.new_gallery.text() in texts
    [submenu] = [a.menu() for a in context.actions() if a.text() == "Add to Gallery"]
    assert DEMO_TITLE in [a.text() for a in submenu.actions()]


def test_dragging_photos_from_the_grid_onto_a_gallery_adds_them(
    qtbot: QtBot, window: MainWindow, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = browser(window)
    new = not_in_demo_gallery(window, demo_path, 2)
    page.select_ids(set(new))
    dragged: list[QMimeData] = []

    class FakeDrag:  # the real QDrag.exec runs a nested loop waiting for a mouse release
        def __init__(self, source: object) -> None:
            self.source = source

        def setMimeData(self, mime: QMimeData) -> None:
            dragged.append(mime)

        def setPixmap(self, pixmap: object) -> None:
            pass

        def exec(self, *actions: object) -> Qt.DropAction:
            return Qt.DropAction.CopyAction

    monkeypatch.setattr("photoarchive.gui.grid.QDrag", FakeDrag)
    grid = page.grid
    start = grid.visualRect(page.model.index(page.model.row_of(new[1]) or 0)).center()
    qtbot.mousePress(grid.viewport(), Qt.MouseButton.LeftButton, pos=start)
    far = start + QPoint(QApplication.startDragDistance() + 12, 4)
    qtbot.mouseMove(grid.viewport(), far)
    qtbot.mouseRelease(grid.viewport(), Qt.MouseButton.LeftButton, pos=far)
    [mime] = dragged
    assert mime.hasFormat(PHOTO_IDS)
    assert dropped_photo_ids(mime) == [pid for pid in page.model.ids if pid in new]

    model = page.galleries.model
    gallery = model.index(0)
    between = QModelIndex()
    assert not model.canDropMimeData(mime, Qt.DropAction.CopyAction, 1, 0, between)
    assert not model.canDropMimeData(QMimeData(), Qt.DropAction.CopyAction, -1, -1, gallery)
    assert model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, gallery)
    before = list(state(demo_path).photo_ids)
    assert model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, gallery)
    qtbot.waitUntil(lambda: len(state(demo_path).photo_ids) == len(before) + 2, timeout=WAIT)
    assert list(state(demo_path).photo_ids) == before + dropped_photo_ids(mime)
    # Dropped again: they are there already, nothing to undo.
    count = window.undo_stack.count()
    model.dropMimeData(photo_ids_mime(new), Qt.DropAction.CopyAction, -1, -1, gallery)
    qtbot.wait(50)
    assert window.undo_stack.count() == count
    assert "already" in window.statusBar().currentMessage()


# ---------------------------------------------------------------- the gallery view


def test_the_gallery_view_shows_items_in_order_with_captions_and_credits(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = open_demo_gallery(qtbot, window)
    saved = state(demo_path)
    model = page.model
    assert [model.index(r).data(ItemRole.ITEM_ID) for r in range(model.rowCount())] == [
        item.id for item in saved.items
    ]
    first_section = model.index(0)
    assert first_section.data(ItemRole.PHOTO_ID) is None
    assert first_section.data(ItemRole.HEADING).text == saved.items[0].texts["en"].heading
    photo_row = next(r for r, item in enumerate(saved.items) if not item.is_section)
    photo = model.index(photo_row)
    qtbot.waitUntil(lambda: photo.data(ItemRole.CREDIT) is not None, timeout=WAIT)
    credit = photo.data(ItemRole.CREDIT)
    assert credit.endswith("/ICRC") and ", " in credit
    with open_catalogue(demo_path) as catalogue, catalogue.session() as session:
        own = session.get(Photo, saved.items[photo_row].photo_id)
        assert own is not None
        assert photo.data(ItemRole.CAPTION).text == own.caption
    assert photo.data(ItemRole.CAPTION).source == "photo"
    qtbot.waitUntil(lambda: photo.data(ItemRole.THUMBNAIL) is not None, timeout=WAIT)
    assert page.counts.text() == "14 photos · 9 sections"
    qtbot.keyClick(page.view, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is browser(window)


def test_reordering_by_a_drop_moves_items_and_undoes(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = open_demo_gallery(qtbot, window)
    before = [item.id for item in state(demo_path).items]
    moved = [before[3], before[4]]
    mime = page.model.mimeData([page.model.index(3), page.model.index(4)])
    assert page.model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    after = [*moved, *(i for i in before if i not in moved)]
    qtbot.waitUntil(lambda: [i.id for i in state(demo_path).items] == after, timeout=WAIT)
    assert page.selected_item_ids() == moved
    assert [page.model.index(r).data(ItemRole.ITEM_ID) for r in range(2)] == moved
    undo_redo_check(qtbot, window, before, after, lambda: [i.id for i in state(demo_path).items])
    assert [page.model.index(r).data(ItemRole.ITEM_ID) for r in range(2)] == moved

    # Through the view, as a drag ends: the last item dropped on the top edge of the first.
    last = page.model.rowCount() - 1
    mime = page.model.mimeData([page.model.index(last)])
    top = page.view.visualRect(page.model.index(0)).topLeft() + QPoint(30, 2)
    viewport, actions = page.view.viewport(), Qt.DropAction.MoveAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for event in (
        QDragEnterEvent(top, actions, mime, buttons, keys),
        QDragMoveEvent(top, actions, mime, buttons, keys),
        QDropEvent(QPointF(top), actions, mime, buttons, keys),
    ):
        QApplication.sendEvent(viewport, event)
        assert event.isAccepted()
    expected = [after[-1], *after[:-1]]
    qtbot.waitUntil(lambda: [i.id for i in state(demo_path).items] == expected, timeout=WAIT)


def test_captions_are_edited_in_place_per_language_and_undo(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = open_demo_gallery(qtbot, window)
    saved = state(demo_path)
    row = next(r for r, item in enumerate(saved.items) if not item.is_section)
    item_id = saved.items[row].id
    index = page.model.index(row)

    def caption(language: str) -> str | None:
        texts = next(i for i in state(demo_path).items if i.id == item_id).texts
        return texts[language].caption if language in texts else None

    # In place: double-click or F2 opens the editor, Ctrl+Enter saves.
    page.view.setFocus()
    page.view.setCurrentIndex(index)
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    editor = page.view.indexWidget(index)
    assert isinstance(editor, CaptionEditor)
    editor.setPlainText("Baku, 2022. Forensic training for the search for the missing.")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: caption("en") is not None, timeout=WAIT)
    english = "Baku, 2022. Forensic training for the search for the missing."
    assert caption("en") == english
    assert index.data(ItemRole.CAPTION).text == english
    assert index.data(ItemRole.CAPTION).source == ""

    page.set_language("az")
    assert index.data(ItemRole.CAPTION).source == "en"  # shown in English until written
    assert page.model.setData(index, "Bakı, 2022. Məhkəmə-tibb təlimi.")
    qtbot.waitUntil(lambda: caption("az") is not None, timeout=WAIT)
    assert caption("az") == "Bakı, 2022. Məhkəmə-tibb təlimi."
    assert caption("en") == english
    assert index.data(ItemRole.CAPTION).text == "Bakı, 2022. Məhkəmə-tibb təlimi."

    undo_redo_check(qtbot, window, None, "Bakı, 2022. Məhkəmə-tibb təlimi.", lambda: caption("az"))
    window.commands.undo.trigger()
    window.commands.undo.trigger()
    assert (caption("en"), caption("az")) == (None, None)
    window.commands.redo.trigger()
    assert caption("en") == english


def test_section_texts_are_edited_in_place_and_undo(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = open_demo_gallery(qtbot, window)
    saved = state(demo_path)
    section = saved.items[0]
    index = page.model.index(0)

    def texts() -> tuple[str | None, str | None]:
        found = next(i for i in state(demo_path).items if i.id == section.id).texts["en"]
        return found.heading, found.body

    before = texts()
    page.view.setFocus()
    page.view.setCurrentIndex(index)
    qtbot.keyClick(page.view, Qt.Key.Key_F2)
    editor = page.view.indexWidget(index)
    assert isinstance(editor, SectionEditor)
    assert editor.heading.text() == before[0]
    editor.heading.setText("The missing and their families")
    editor.body.setPlainText(
        "Since 1992 the ICRC has helped families learn the fate of the missing."
    )
    qtbot.keyClick(editor.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    after = (
        "The missing and their families",
        "Since 1992 the ICRC has helped families learn the fate of the missing.",
    )
    qtbot.waitUntil(lambda: texts() == after, timeout=WAIT)
    assert index.data(ItemRole.HEADING).text == after[0]
    undo_redo_check(qtbot, window, before, after, texts)

    # The model's edit, as the delegate makes it: heading and text together.
    assert page.model.setData(index, ("Missing persons", ""))
    qtbot.waitUntil(lambda: texts() == ("Missing persons", None), timeout=WAIT)


def test_removing_an_item_keeps_the_photo_and_undoes(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = open_demo_gallery(qtbot, window)
    saved = state(demo_path)
    row = next(r for r, item in enumerate(saved.items) if not item.is_section)
    victim = saved.items[row]
    page.select_items({victim.id})
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)

    def items() -> list[int]:
        return [i.id for i in state(demo_path).items]

    before = [i.id for i in saved.items]
    after = [i for i in before if i != victim.id]
    assert items() == after
    assert page.model.rowCount() == len(after)
    with open_catalogue(demo_path) as catalogue, catalogue.session() as session:
        assert session.get(Photo, victim.photo_id) is not None  # never out of the catalogue
        assert session.scalar(select(func.count()).select_from(Photo)) == 51
    assert browser(window).galleries.model.index(0).data(FacetRole.COUNT) == 13
    undo_redo_check(qtbot, window, before, after, items)
    window.commands.undo.trigger()
    assert page.model.index(row).data(ItemRole.ITEM_ID) == victim.id
    assert page.selected_item_ids() == [victim.id]


def test_adding_a_section_and_editing_the_title_and_introduction(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = open_demo_gallery(qtbot, window)
    before = state(demo_path)
    page.select_items({before.items[1].id})
    window.commands.add_section.trigger()
    added = state(demo_path)
    [new] = [i for i in added.items if i.id not in {j.id for j in before.items}]
    assert added.items[1].id == new.id and new.texts["en"].heading == "New section"
    assert isinstance(page.view.indexWidget(page.model.index(1)), SectionEditor)
    qtbot.keyClick(page.view.indexWidget(page.model.index(1)).heading, Qt.Key.Key_Escape)
    window.commands.undo.trigger()
    assert [i.id for i in state(demo_path).items] == [i.id for i in before.items]

    page.title.setFocus()
    page.title.selectAll()
    page.title.setText("Azerbaijan, 1992–2024")
    page.title.setModified(True)
    qtbot.keyClick(page.title, Qt.Key.Key_Return)
    assert state(demo_path, "Azerbaijan, 1992–2024").id == before.id
    assert page.heading.text() == "Azerbaijan, 1992–2024"
    window.commands.undo.trigger()
    assert state(demo_path).title == DEMO_TITLE
    assert page.title.text() == DEMO_TITLE

    page.set_language("az")
    page.introduction.setFocus()
    page.introduction.setPlainText("Üç onillik.")  # QTest types ASCII only
    page.introduction.document().setModified(True)
    qtbot.keyClick(page.introduction, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    az = state(demo_path).texts["az"]
    assert az.introduction == "Üç onillik." and az.title == before.texts["az"].title
    assert state(demo_path).texts["en"].introduction == before.texts["en"].introduction


def test_the_gallery_models_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, window: MainWindow
) -> None:
    qtmodeltester.check(browser(window).galleries.model)
    page = open_demo_gallery(qtbot, window)
    qtmodeltester.check(page.model)
