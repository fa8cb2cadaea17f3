"""Exporting galleries from the window: the dialog's safe defaults, an export in the background
with its report, restricted photos, replacing an earlier export, cancelling, and errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from photoarchive.catalogue.database import open_catalogue
from photoarchive.catalogue.galleries import find_gallery, load_gallery
from photoarchive.catalogue.tagging import TagChange, apply_tags
from photoarchive.catalogue.values import Restriction
from photoarchive.demo.manifest import load_manifest
from photoarchive.export.manifest import read_manifest
from photoarchive.export.options import DEFAULT_FORMATS, ExportFormat
from photoarchive.export.report import ExportReport
from photoarchive.gui.export_dialog import GPS_WARNING, ExportDialog
from photoarchive.gui.export_runner import Exports
from photoarchive.gui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

WAIT = 60_000  # ms: an export on a shared two-core machine
DEMO_TITLE = load_manifest().gallery.title


@pytest.fixture
def demo_path(demo_archive: Path, tmp_path: Path) -> Path:
    """A copy of the demo catalogue where the gallery's third photo is restricted."""
    copy = tmp_path / "demo.sqlite"
    with closing(sqlite3.connect(demo_archive)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    with open_catalogue(copy) as catalogue, catalogue.transaction() as session:
        restricted = load_gallery(session, find_gallery(session, DEMO_TITLE)).photo_ids[2]
        apply_tags(session, [restricted], TagChange(restriction=Restriction.RESTRICTED))
    return copy


@pytest.fixture
def restricted(demo_path: Path) -> int:
    with open_catalogue(demo_path) as catalogue, catalogue.session() as session:
        return load_gallery(session, find_gallery(session, DEMO_TITLE)).photo_ids[2]


@pytest.fixture
def window(qtbot: QtBot, demo_path: Path) -> Iterator[MainWindow]:
    opened = MainWindow(import_kind="thread", import_workers=1)
    qtbot.addWidget(opened)
    opened.open_catalogue(str(demo_path))
    assert opened.browser is not None
    with qtbot.waitSignal(opened.browser.gridUpdated, timeout=WAIT):
        opened.resize(1280, 820)
        opened.show()
    qtbot.waitExposed(opened)
    opened.galleries.exports.workers = 1  # images resized inline: lighter on a shared machine
    yield opened
    opened.close()


def exports(window: MainWindow) -> Exports:
    return window.galleries.exports


def open_dialog(window: MainWindow, destination: Path) -> ExportDialog:
    """Select the demo gallery in the list and choose Gallery › Export… (Ctrl+E)."""
    assert window.browser is not None
    panel = window.browser.galleries
    panel.select_ids({g.id for g in window.galleries.galleries if g.title == DEMO_TITLE})
    window.commands.export.trigger()
    dialog = exports(window).dialog
    assert dialog is not None and dialog.isVisible()
    dialog.destination.setText(str(destination))
    return dialog


def export(qtbot: QtBot, window: MainWindow, dialog: ExportDialog) -> ExportReport:
    with qtbot.waitSignal(exports(window).runner.finished, timeout=WAIT) as done:
        dialog.export_button.click()
        assert exports(window).panel.isVisible()
    assert not exports(window).panel.isVisible()
    report = done.args[0]
    assert isinstance(report, ExportReport)
    return report


def exported_photos(folder: Path) -> set[int]:
    return {row["photo_id"] for row in read_manifest(folder)["files"] if row["photo_id"]}


def test_the_dialog_starts_with_the_safe_choices(window: MainWindow, tmp_path: Path) -> None:
    dialog = open_dialog(window, tmp_path / "out")
    chosen = {f for f, box in dialog.formats.items() if box.isChecked()}
    assert chosen == set(DEFAULT_FORMATS) and ExportFormat.ZIP not in chosen
    assert not dialog.restricted.isChecked()
    assert not dialog.keep_gps.isChecked()
    assert GPS_WARNING in [label.text() for label in dialog.findChildren(type(dialog.error))]
    assert dialog.max_size.value() == 2048
    languages = [dialog.language.itemData(i) for i in range(dialog.language.count())]
    assert languages[0] is None and {"en", "az"} <= set(languages)
    dialog.reject()


def test_the_dialog_exports_the_demo_gallery_without_restricted_photos(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
    restricted: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    dialog = open_dialog(window, out)
    report = export(qtbot, window, dialog)

    assert not report.cancelled and report.photos == 13
    assert [o.photo_id for o in report.left_out] == [restricted]
    assert (out / "index.html").is_file()
    assert len([p for p in out.glob("*.html") if p.name != "index.html"]) == 1
    assert len(list((out / "images").rglob("*.jpg"))) == 2 * 13
    assert len(list(out.glob("*.pdf"))) == 1 and (out / "manifest.json").is_file()
    photos = exported_photos(out)
    assert len(photos) == 13 and restricted not in photos
    message = exports(window).message
    assert message is not None and message.isVisible()
    assert "13 photos" in message.text() and "Left out 1 photo: 1 restricted" in message.text()
    assert "Open Folder" in [button.text() for button in message.buttons()]
    assert str(out) in message.detailedText()

    # Again into the same folder, restricted photos included: replacing asks first.
    asked: list[str] = []
    monkeypatch.setattr(window, "confirm", lambda title, text: asked.append(text) or True)
    dialog = open_dialog(window, out)
    dialog.restricted.setChecked(True)
    report = export(qtbot, window, dialog)
    assert asked and "earlier export" in asked[0]
    assert report.photos == 14 and not report.left_out
    assert restricted in exported_photos(out)
    flagged = [row for row in read_manifest(out)["files"] if "restricted" in row["flags"]]
    assert {row["photo_id"] for row in flagged} == {restricted}


def test_a_cancelled_export_leaves_the_folder_as_it_was(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    dialog = open_dialog(window, out)
    runner = exports(window).runner

    def cancel_once_started(_progress: object) -> None:
        exports(window).panel.cancel_button.click()

    runner.progressed.connect(cancel_once_started)
    report = export(qtbot, window, dialog)
    assert report.cancelled
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]  # no staging left
    assert "Export cancelled" in window.statusBar().currentMessage()
    assert exports(window).message is None
    assert window.commands.open_catalogue.isEnabled()  # busy no more


def test_a_folder_that_cannot_hold_an_export_is_one_clear_message(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    # Not empty and not an earlier export: the dialog says so and stays open.
    crowded = tmp_path / "letters"
    crowded.mkdir()
    (crowded / "letter.txt").write_text("keep me", encoding="utf-8")
    dialog = open_dialog(window, crowded)
    dialog.export_button.click()
    assert dialog.isVisible() and not exports(window).busy
    assert "not empty" in dialog.error.text()
    assert (crowded / "letter.txt").read_text(encoding="utf-8") == "keep me"
    dialog.reject()

    # A folder inside one that does not exist: the export fails with the catalogue's message.
    dialog = open_dialog(window, tmp_path / "no such folder" / "out")
    with qtbot.waitSignal(exports(window).runner.failed, timeout=WAIT) as failed:
        dialog.export_button.click()
    assert "does not exist" in failed.args[0]
    message = exports(window).message
    assert message is not None and message.icon() == QMessageBox.Icon.Warning
    assert "does not exist" in message.text() and "Traceback" not in message.text()
    assert not (tmp_path / "no such folder").exists()
