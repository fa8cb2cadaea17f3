"""The Library Roots dialog: offline roots shown as such, and relinking a moved drive."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.query import PhotoFilter, photo_ids, photo_records
from photoarchive.gui.roots_dialog import LibraryRootsDialog
from photoarchive.importer.pipeline import import_folders
from tests.images import write_jpeg


def test_a_moved_drive_shows_offline_and_is_relinked(
    qtbot: QtBot, catalogue: Catalogue, tmp_path: Path
) -> None:
    drive = tmp_path / "drive" / "Archive"
    for i in range(3):
        write_jpeg(drive / f"{i}.jpg", seed=i)
    import_folders(catalogue, [drive], worker_kind="inline")
    moved = tmp_path / "elsewhere" / "Archive"
    moved.parent.mkdir()
    shutil.move(drive, moved)

    dialog = LibraryRootsDialog(catalogue)
    qtbot.addWidget(dialog)
    assert [dialog.table.item(0, c).text() for c in (0, 1, 3)] == ["Archive", "Offline", "3"]
    with qtbot.waitSignal(dialog.relinked) as signal:
        assert dialog.relink("Archive", moved)
    assert signal.args == ["Archive"]
    assert dialog.table.item(0, 1).text() == "Online"
    assert dialog.table.item(0, 2).text() == str(moved.resolve())
    with catalogue.session() as session:
        records = photo_records(session, photo_ids(session, PhotoFilter()))
    assert all(r.online and r.paths[0].startswith(str(moved.resolve())) for r in records)
