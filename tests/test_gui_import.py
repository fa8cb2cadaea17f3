"""Importing from the window: progress, cancel, errors, dropped folders, the welcome page, and a
GUI thread that keeps answering while the importer works."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from photoarchive.gui.main_window import MainWindow
from photoarchive.importer.pipeline import ImportSummary, Progress, WorkerKind
from photoarchive.importer.writer import Counts
from photoarchive.paths import demo_dir
from tests.images import write_jpeg

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

WAIT = 60_000  # ms: imports on a shared two-core machine


def photo_folder(folder: Path, count: int, size: tuple[int, int] = (96, 64)) -> Path:
    for n in range(count):
        write_jpeg(folder / f"Barda 1997/photo {n:03d}.jpg", seed=n, size=size)
    return folder


def empty_window(
    qtbot: QtBot, tmp_path: Path, kind: WorkerKind = "thread", workers: int = 1
) -> MainWindow:
    window = MainWindow(import_kind=kind, import_workers=workers)
    qtbot.addWidget(window)
    window.open_catalogue(str(tmp_path / "catalogue.sqlite"))
    assert window.browser is not None
    with qtbot.waitSignal(window.browser.gridUpdated, timeout=WAIT):
        window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    opened = empty_window(qtbot, tmp_path)
    yield opened
    opened.close()


def test_an_empty_catalogue_shows_the_welcome_page(window: MainWindow) -> None:
    assert window.pages.currentWidget() is window.welcome
    assert window.welcome.import_button.text() == "Import Folder…"
    assert window.welcome.demo_button.text() == "Open Demo Archive"
    assert window.count_label.text() == "0 of 0 photos"


def test_an_import_from_the_window_reports_progress_and_shows_the_photos(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = photo_folder(tmp_path / "scans", 12)
    progress: list[Progress] = []
    window.tasks.progressed.connect(progress.append)
    with qtbot.waitSignal(window.tasks.finished, timeout=WAIT) as finished:
        window.import_folders([folder])
        assert window.import_panel.isVisible()
        assert not window.commands.import_folder.isEnabled()
    summary = finished.args[0]
    assert isinstance(summary, ImportSummary)
    assert summary.counts.imported == 12 and not summary.cancelled
    assert progress and progress[-1].phase == "finishing"
    assert any(p.total == 12 for p in progress)
    assert not window.import_panel.isVisible()
    assert window.commands.import_folder.isEnabled()
    assert window.browser is not None
    qtbot.waitUntil(lambda: window.browser.model.rowCount() == 12, timeout=WAIT)
    assert window.pages.currentWidget() is window.browser  # the welcome page gave way
    assert window.count_label.text().startswith("12 of 12 photos")
    assert "Import finished" in window.statusBar().currentMessage()
    # The year from the folder name is on the timeline.
    qtbot.waitUntil(lambda: 1997 in window.browser.timeline.years(), timeout=WAIT)


def test_an_import_can_be_cancelled(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    folder = photo_folder(tmp_path / "scans", 150, size=(640, 480))
    cancelled: list[Progress] = []

    def cancel_once_importing(update: Progress) -> None:
        if update.phase == "importing" and not cancelled:
            cancelled.append(update)
            qtbot.mouseClick(window.import_panel.cancel_button, Qt.MouseButton.LeftButton)

    window.tasks.progressed.connect(cancel_once_importing)
    with qtbot.waitSignal(window.tasks.finished, timeout=WAIT) as finished:
        window.import_folders([folder])
    summary = finished.args[0]
    assert cancelled and summary.cancelled
    assert summary.counts.imported < 150
    assert "Import cancelled" in window.statusBar().currentMessage()
    assert window.browser is not None
    qtbot.waitUntil(
        lambda: window.browser.model.rowCount() == summary.counts.imported, timeout=WAIT
    )


def test_the_gui_thread_never_blocks_while_importing(qtbot: QtBot, tmp_path: Path) -> None:
    window = empty_window(qtbot, tmp_path, kind="process", workers=2)
    # The browser page is built once, by a first small import; the one measured after it is
    # what an archivist sees: importing into the catalogue the window is showing.
    first = write_jpeg(tmp_path / "first" / "one.jpg", seed=999).parent
    with qtbot.waitSignal(window.tasks.finished, timeout=WAIT):
        window.import_folders([first])
    assert window.browser is not None
    qtbot.waitUntil(lambda: window.browser.model.rowCount() == 1, timeout=WAIT)
    folder = photo_folder(tmp_path / "scans", 40, size=(1600, 1200))
    beats: list[float] = []
    heartbeat = QTimer(interval=10)
    heartbeat.timeout.connect(lambda: beats.append(time.perf_counter()))
    heartbeat.start()
    try:
        with qtbot.waitSignal(window.tasks.finished, timeout=WAIT):
            window.import_folders([folder])
        assert window.browser is not None
        qtbot.waitUntil(lambda: window.browser.model.rowCount() == 41, timeout=WAIT)
    finally:
        heartbeat.stop()
        window.close()
    gaps = [later - earlier for earlier, later in itertools.pairwise(beats)]
    assert len(beats) > 20
    assert max(gaps) < 0.1, f"the GUI thread stalled for {max(gaps) * 1000:.0f} ms"


def test_import_errors_are_listed_and_reachable_later(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = photo_folder(tmp_path / "scans", 2)
    (folder / "Barda 1997" / "broken.jpg").write_bytes(b"\xff\xd8 not really a JPEG")
    with qtbot.waitSignal(window.tasks.finished, timeout=WAIT):
        window.import_folders([folder])
    dialog = window.errors_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 0).data().endswith("broken.jpg")
    assert dialog.model.index(0, 1).data()  # the reason
    dialog.close()
    window.commands.import_errors.trigger()
    assert window.errors_dialog is not None and window.errors_dialog.isVisible()
    assert window.errors_dialog.model.rowCount() == 1


def test_dropping_a_folder_imports_it(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    folder = photo_folder(tmp_path / "dropped", 3)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(folder))])
    drop = QDropEvent(
        QPoint(50, 50).toPointF(),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.tasks.finished, timeout=WAIT) as finished:
        window.dropEvent(drop)
    assert finished.args[0].counts.imported == 3
    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile(str(next(folder.rglob("*.jpg"))))])
    window.dropEvent(
        QDropEvent(
            QPoint(50, 50).toPointF(),
            Qt.DropAction.CopyAction,
            files,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )
    assert not window.tasks.busy  # a file is not a folder: nothing to import


def test_open_demo_archive_from_the_welcome_page(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.tasks.finished, timeout=WAIT):
        qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert window.catalogue is not None
    assert window.catalogue.sqlite_path == demo_dir() / "catalogue.sqlite"
    assert window.browser is not None
    qtbot.waitUntil(lambda: window.browser.model.rowCount() == 51, timeout=WAIT)
    assert window.pages.currentWidget() is window.browser


def test_closing_during_an_import_cancels_and_waits(qtbot: QtBot, tmp_path: Path) -> None:
    window = empty_window(qtbot, tmp_path)
    folder = photo_folder(tmp_path / "scans", 120, size=(640, 480))
    started: list[Progress] = []
    window.tasks.progressed.connect(started.append)
    window.import_folders([folder])
    qtbot.waitUntil(lambda: bool(started), timeout=WAIT)
    window.close()  # the no_leaked_threads fixture checks that nothing is left running
    assert window.catalogue is None


def test_summary_text_names_what_happened() -> None:
    from photoarchive.gui.import_worker import summary_text

    counts = Counts(imported=3, unchanged=2, failed=1)
    text = summary_text(ImportSummary(1, counts, cancelled=False, seconds=1.25))
    assert text == "Import finished in 1.2 s: 3 imported, 2 unchanged, 1 failed."
