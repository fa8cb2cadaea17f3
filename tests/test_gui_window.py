"""The main window on the demo archive, driven as a user would: facets, timeline, search,
viewer, tagging with undo, removal, sorting and the state it remembers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update

from photoarchive.catalogue import query
from photoarchive.catalogue.credits import house_credit
from photoarchive.catalogue.database import open_catalogue
from photoarchive.catalogue.models import (
    FileLocation,
    LibraryRoot,
    Photo,
    Programme,
    RootLocation,
    Thumbnail,
)
from photoarchive.catalogue.query import PhotoFilter, Sort
from photoarchive.catalogue.values import Restriction
from photoarchive.gui import settings
from photoarchive.gui.browser import BrowserPage
from photoarchive.gui.images import OFFLINE_NOTE
from photoarchive.gui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

WAIT = 10_000  # ms: generous, the machine is shared


@pytest.fixture
def demo_path(demo_archive: Path, tmp_path: Path) -> Path:
    """A private copy of the demo catalogue (its pictures are shared, and only read)."""
    copy = tmp_path / "demo.sqlite"
    with closing(sqlite3.connect(demo_archive)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    return copy


def open_window(qtbot: QtBot, path: Path) -> MainWindow:
    """The window on ``path``, once the grid, facets and timeline show the catalogue."""
    window = MainWindow(import_kind="thread", import_workers=1)
    qtbot.addWidget(window)
    window.open_catalogue(str(path))
    page = browser(window)
    with qtbot.waitSignals([page.gridUpdated, page.facetsUpdated], timeout=WAIT):
        window.resize(1280, 820)
        window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    opened = open_window(qtbot, demo_path)
    yield opened
    opened.close()


def browser(window: MainWindow) -> BrowserPage:
    assert window.browser is not None
    return window.browser


def expected_ids(path: Path, photo_filter: PhotoFilter, sort: Sort = Sort.DATE) -> list[int]:
    with open_catalogue(path) as catalogue, catalogue.session() as session:
        return query.photo_ids(session, photo_filter, sort)


def programme_id(path: Path, name: str) -> int:
    with open_catalogue(path) as catalogue, catalogue.session() as session:
        return session.scalars(select(Programme.id).where(Programme.name == name)).one()


def wait_for_filter(qtbot: QtBot, window: MainWindow, change) -> None:  # type: ignore[no-untyped-def]
    """Run ``change`` and wait until the grid shows its answer and the facets have caught up."""
    page = browser(window)
    with qtbot.waitSignals([page.gridUpdated, page.facetsUpdated], timeout=WAIT):
        change()
    qtbot.wait(20)


# ---------------------------------------------------------------- opening


def test_window_opens_on_the_demo_archive(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = browser(window)
    everything = expected_ids(demo_path, PhotoFilter())
    assert page.model.ids == everything
    assert window.count_label.text() == f"{len(everything)} of {len(everything)} photos"
    assert window.pages.currentWidget() is page
    assert "demo.sqlite" in window.windowTitle()
    assert not window.windowIcon().isNull()
    with qtbot.waitSignal(page.grid.screenComplete, timeout=WAIT):
        page.grid.viewport().update()
    places = page.facets.places
    top = places.index(0, 0)
    assert top.data() == "Azerbaijan"
    qtbot.waitUntil(lambda: top.data(places_count_role()) == len(everything), timeout=WAIT)


def places_count_role() -> int:
    from photoarchive.gui.facet_models import FacetRole

    return int(FacetRole.COUNT)


# ---------------------------------------------------------------- facets and timeline


def test_a_facet_entry_and_a_timeline_range_narrow_the_grid(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = browser(window)
    weapons = programme_id(demo_path, "Weapon contamination")
    wait_for_filter(
        qtbot, window, lambda: page.facets.select(page.facets.programme_view, {weapons})
    )
    only_weapons = PhotoFilter(programmes=frozenset({weapons}))
    assert page.model.ids == expected_ids(demo_path, only_weapons)

    timeline = page.timeline

    def drag_2021_to_2024() -> None:
        start, end = timeline.bar_rect(2021).center(), timeline.bar_rect(2024).center()
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseClick(
            timeline, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, pos=end
        )

    wait_for_filter(qtbot, window, drag_2021_to_2024)
    assert timeline.selected_range() == (2021, 2024)
    both = PhotoFilter(programmes=frozenset({weapons}), years=(2021, 2024))
    expected = expected_ids(demo_path, both)
    assert 0 < len(expected) < len(expected_ids(demo_path, only_weapons))
    assert page.model.ids == expected
    assert window.count_label.text().startswith(f"{len(expected)} of 51 photos")
    # The programme facet still counts the other programmes under the year range.
    with open_catalogue(demo_path) as catalogue, catalogue.session() as session:
        counts = query.facet_counts(session, both)
    row = page.facets.programmes.row_of(weapons)
    assert row is not None
    model = page.facets.programmes
    shown = {
        model.index(r).data(0x100 + 2): model.index(r).data(0x100 + 1)
        for r in range(model.rowCount())
    }
    assert {k: v for k, v in shown.items() if v} == counts.programmes.by_id

    wait_for_filter(qtbot, window, page.clear_filters)
    assert page.model.ids == expected_ids(demo_path, PhotoFilter())
    assert timeline.selected_range() is None


def test_places_are_a_tree_and_multi_select_within_a_facet(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = browser(window)
    with open_catalogue(demo_path) as catalogue, catalogue.session() as session:
        from photoarchive.catalogue.places import find_places

        barda, tartar = (find_places(session, name)[0].id for name in ("Barda", "Tartar"))
    wait_for_filter(
        qtbot, window, lambda: page.facets.select(page.facets.place_view, {barda, tartar})
    )
    assert page.model.ids == expected_ids(demo_path, PhotoFilter(places=frozenset({barda, tartar})))
    restricted = {Restriction.RESTRICTED}
    wait_for_filter(
        qtbot, window, lambda: page.facets.select(page.facets.restriction_view, restricted)
    )
    narrowed = PhotoFilter(places=frozenset({barda, tartar}), restrictions=frozenset(restricted))
    assert page.model.ids == expected_ids(demo_path, narrowed)


def test_the_search_field_finds_captions_and_credits(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = browser(window)
    window.commands.find.trigger()
    assert page.facets.search.hasFocus()
    wait_for_filter(qtbot, window, lambda: qtbot.keyClicks(page.facets.search, "landmines"))
    expected = expected_ids(demo_path, PhotoFilter(text="landmines"))
    assert expected
    assert page.model.ids == expected
    wait_for_filter(qtbot, window, lambda: qtbot.keyClicks(page.facets.search, " Heger"))
    assert page.model.ids == expected_ids(demo_path, PhotoFilter(text="landmines Heger"))


def test_sort_by_place_and_by_import_time(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = browser(window)
    with qtbot.waitSignal(page.gridUpdated, timeout=WAIT):
        window.commands.sort[Sort.PLACE].trigger()
    assert page.model.ids == expected_ids(demo_path, PhotoFilter(), Sort.PLACE)
    assert page.sort_button.text() == "Sort: Place"
    with qtbot.waitSignal(page.gridUpdated, timeout=WAIT):
        window.commands.sort[Sort.IMPORTED].trigger()
    assert page.model.ids == expected_ids(demo_path, PhotoFilter(), Sort.IMPORTED)
    assert settings.read(settings.SORT) == "imported"


# ---------------------------------------------------------------- selection and viewer


def test_caption_lines_can_be_hidden(qtbot: QtBot, window: MainWindow) -> None:
    grid = browser(window).grid
    with_captions = grid.cells.cell_size().height()
    window.commands.captions.trigger()
    assert grid.cells.cell_size().height() < with_captions
    assert settings.read(settings.SHOW_CAPTIONS) is False
    window.commands.captions.trigger()
    assert grid.cells.cell_size().height() == with_captions


def test_select_all_and_shift_click_select_runs(qtbot: QtBot, window: MainWindow) -> None:
    page = browser(window)
    grid = page.grid
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(page.selected_ids()) == 51
    qtbot.waitUntil(lambda: "51 selected" in window.count_label.text(), timeout=WAIT)
    first = grid.visualRect(page.model.index(1)).center()
    fifth = grid.visualRect(page.model.index(5)).center()
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=first)
    qtbot.mouseClick(
        grid.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, pos=fifth
    )
    assert page.selected_ids() == page.model.ids[1:6]
    qtbot.keyClick(grid, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert page.selected_ids() == page.model.ids[1:7]


def test_the_viewer_steps_through_the_filtered_list(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = browser(window)
    with open_catalogue(demo_path) as catalogue, catalogue.session() as session:
        from photoarchive.catalogue.places import find_places

        barda = find_places(session, "Barda")[0].id
    wait_for_filter(qtbot, window, lambda: page.facets.select(page.facets.place_view, {barda}))
    ids = expected_ids(demo_path, PhotoFilter(places=frozenset({barda})))
    assert page.model.ids == ids
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.model.index(0))
    qtbot.keyClick(page.grid, Qt.Key.Key_Return)
    viewer = window.viewer
    assert viewer is not None
    assert window.pages.currentWidget() is viewer
    assert viewer.photo_id == ids[0]
    qtbot.waitUntil(lambda: viewer.canvas.picture is not None, timeout=WAIT)
    assert not viewer.canvas.picture.image.isNull()
    assert viewer.record is not None
    assert viewer.info.credit.text() == house_credit(viewer.record)
    assert viewer.info.credit.text().startswith("Barda, ")
    for step in range(1, len(ids)):
        qtbot.keyClick(viewer.canvas, Qt.Key.Key_Right)
        assert viewer.photo_id == ids[step]
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_Right)  # the last stays the last
    assert viewer.photo_id == ids[-1]
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_Left)
    assert viewer.photo_id == ids[-2]
    assert viewer.position.text() == f"{len(ids) - 1} of {len(ids)}"
    qtbot.keyClick(viewer.canvas, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is page
    assert page.selected_ids() == [ids[-2]]


def test_an_offline_original_shows_the_thumbnail_with_a_note(
    qtbot: QtBot, demo_path: Path, tmp_path: Path
) -> None:
    with open_catalogue(demo_path) as catalogue, catalogue.transaction() as session:
        unplugged = str(tmp_path / "unplugged drive")
        session.execute(update(LibraryRoot).values(path=unplugged))
        session.execute(update(RootLocation).values(path=unplugged))
    window = open_window(qtbot, demo_path)
    window.show_viewer(0)
    viewer = window.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.canvas.picture is not None, timeout=WAIT)
    assert viewer.canvas.picture.note == OFFLINE_NOTE
    assert not viewer.canvas.picture.image.isNull()  # the thumbnail
    assert viewer.info.note.text() == OFFLINE_NOTE
    window.close()


def test_the_viewer_zooms_to_actual_pixels(qtbot: QtBot, window: MainWindow) -> None:
    window.show_viewer(2)
    viewer = window.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.canvas.picture is not None, timeout=WAIT)
    viewer.actions_by_name["actual"].trigger()
    qtbot.waitUntil(
        lambda: viewer.canvas.picture is not None and viewer.canvas.picture.full_size, timeout=WAIT
    )
    assert viewer.record is not None
    picture = viewer.canvas.picture.image
    assert {picture.width(), picture.height()} == {viewer.record.width, viewer.record.height}
    window.commands.full_screen.trigger()
    assert window.isFullScreen()
    window.commands.full_screen.trigger()
    assert not window.isFullScreen()


# ---------------------------------------------------------------- editing


def test_a_batch_tag_edit_persists_and_undoes(
    qtbot: QtBot, window: MainWindow, demo_path: Path
) -> None:
    page = browser(window)
    chosen = set(page.model.ids[:4])
    page.select_ids(chosen)
    inspector = page.inspector
    qtbot.waitUntil(lambda: inspector.header.text() == "4 photos selected", timeout=WAIT)
    health = programme_id(demo_path, "Health")

    def choose(combo: QComboBox, text: str) -> None:
        index = combo.findText(text)
        assert index >= 0
        combo.setCurrentIndex(index)
        combo.activated.emit(index)

    def programmes() -> set[int | None]:
        with open_catalogue(demo_path) as catalogue, catalogue.session() as session:
            rows = session.scalars(select(Photo.programme_id).where(Photo.id.in_(chosen)))
            return set(rows)

    before = programmes()
    wait_for_filter(qtbot, window, lambda: choose(inspector.programme, "Health"))
    assert programmes() == {health}
    assert page.selected_ids() and set(page.selected_ids()) == chosen  # kept across the refresh
    with open_catalogue(demo_path) as catalogue, catalogue.session() as session:
        counts = query.facet_counts(session, PhotoFilter())
    row = page.facets.programmes.row_of(health)
    assert row is not None
    assert (
        page.facets.programmes.index(row).data(places_count_role())
        == counts.programmes.by_id[health]
    )
    assert window.commands.undo.isEnabled()
    wait_for_filter(qtbot, window, window.commands.undo.trigger)
    assert programmes() == before
    wait_for_filter(qtbot, window, window.commands.redo.trigger)
    assert programmes() == {health}


def test_delete_removes_photos_from_the_catalogue_never_files(
    qtbot: QtBot, window: MainWindow, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = browser(window)
    victims = page.model.ids[:2]
    page.select_ids(set(victims))
    with open_catalogue(demo_path) as catalogue, catalogue.session() as session:
        files = [
            Path(root) / relative
            for root, relative in session.execute(
                select(LibraryRoot.path, FileLocation.relative_path)
                .join(FileLocation)
                .where(FileLocation.photo_id.in_(victims))
            )
        ]
    assert files and all(path.is_file() for path in files)
    asked: list[str] = []
    monkeypatch.setattr(window, "confirm", lambda title, text: asked.append(text) or True)
    page.grid.setFocus()
    with qtbot.waitSignal(page.gridUpdated, timeout=WAIT):
        qtbot.keyClick(page.grid, Qt.Key.Key_Delete)
    assert "Remove 2 photos" in asked[0]
    assert len(page.model.ids) == 49
    assert not set(victims) & set(page.model.ids)
    with open_catalogue(demo_path) as catalogue, catalogue.session() as session:
        for model, column in ((Photo, Photo.id), (Thumbnail, Thumbnail.photo_id)):
            assert session.scalar(select(func.count()).where(column.in_(victims))) == 0, model
    assert all(path.is_file() for path in files)


def test_declining_the_confirmation_removes_nothing(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = browser(window)
    page.select_ids(set(page.model.ids[:3]))
    monkeypatch.setattr(window, "confirm", lambda title, text: False)
    window.commands.remove.trigger()
    qtbot.wait(200)
    assert len(page.model.ids) == 51
    assert window.tasks.busy is False


# ---------------------------------------------------------------- remembering


def test_the_window_remembers_catalogue_geometry_and_splitters(
    qtbot: QtBot, demo_path: Path
) -> None:
    window = open_window(qtbot, demo_path)
    window.resize(701, 503)  # within the offscreen screen, which restoreGeometry respects
    page = browser(window)
    qtbot.wait(50)
    facets, centre, inspector = page.splitter.sizes()
    page.splitter.setSizes([facets + 10, centre, inspector - 10])
    qtbot.wait(50)
    sizes = page.splitter.sizes()
    assert sizes[0] == facets + 10
    window.close()
    assert settings.read(settings.LAST_CATALOGUE) == str(demo_path)
    assert settings.read(settings.RECENT_CATALOGUES)[0] == str(demo_path)

    again = MainWindow()
    qtbot.addWidget(again)
    again.open_last_catalogue()
    assert again.catalogue is not None and again.catalogue.sqlite_path == demo_path
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == (701, 503)
    qtbot.wait(50)
    assert browser(again).splitter.sizes() == sizes
    again.close()
    assert again.catalogue is None  # closed with the window


def test_about_dialog_shows_version_and_icon(qtbot: QtBot, window: MainWindow) -> None:
    from photoarchive import __version__
    from photoarchive.gui.dialogs import AboutDialog

    dialog = AboutDialog("demo.sqlite", window)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(type(window.count_label)))
    assert f"Photo Archive {__version__}" in texts
    icons = [label.pixmap() for label in dialog.findChildren(type(window.count_label))]
    assert any(not pixmap.isNull() for pixmap in icons)


def test_no_arguments_open_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    from photoarchive import cli
    from photoarchive.gui import app

    opened: list[str | None] = []
    monkeypatch.setattr(app, "run_window", lambda url=None, demo=False: opened.append(url) or 0)
    assert cli.main([]) == 0
    assert cli.main(["--catalogue", "/tmp/elsewhere.sqlite"]) == 0
    assert opened == [None, "/tmp/elsewhere.sqlite"]


def test_grid_point_outside_cells_is_nothing(window: MainWindow) -> None:
    grid = browser(window).grid
    assert not grid.indexAt(QPoint(-1, 5)).isValid()
