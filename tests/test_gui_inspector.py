"""The inspector: showing the selection's tags, editing them at once, undo and redo."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.models import Photo, Photographer, Place
from photoarchive.catalogue.places import ensure_place, place_path
from photoarchive.catalogue.tagging import TagChange, apply_tags
from photoarchive.catalogue.values import DatePrecision
from photoarchive.catalogue.vocabulary import find_programme
from photoarchive.gui import commands
from photoarchive.gui.inspector import MIXED, Inspector, NewPlaceDialog, load_selection
from tests.catalogue_factory import fill_catalogue

# Qt's offscreen platform warns that it cannot size windows to their layout, raise the
# completer's popup or give it the keyboard: things only a real screen does.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CAPTIONS = ("Mine awareness in Tartar.", "Family message delivered.", None)


def add_photos(catalogue: Catalogue, captions: tuple[str | None, ...] = CAPTIONS) -> list[int]:
    with catalogue.transaction() as session:
        ensure_place(session, ["Azerbaijan", "Aghdam district"])
        photos = [
            Photo(content_hash=f"{number:064x}", byte_size=1, width=4, height=3, format="JPEG",
                  imported_at=datetime(2024, 1, 1), caption=caption)
            for number, caption in enumerate(captions, 1)
        ]  # fmt: skip
        session.add_all(photos)
        session.flush()
        return [photo.id for photo in photos]


def photo_values(catalogue: Catalogue, ids: list[int], field: str) -> list[Any]:
    with catalogue.session() as session:
        rows = session.scalars(select(Photo).where(Photo.id.in_(ids)).order_by(Photo.id))
        return [getattr(photo, field) for photo in rows]


@pytest.fixture
def stack() -> Iterator[QUndoStack]:
    undo_stack = QUndoStack()
    yield undo_stack
    undo_stack.clear()


@pytest.fixture
def inspector(qtbot: QtBot, catalogue: Catalogue, stack: QUndoStack) -> Iterator[Inspector]:
    widget = Inspector(catalogue, stack)
    qtbot.addWidget(widget)
    widget.resize(380, 440)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close_workers()


def choose(combo: QComboBox, text: str) -> None:
    """Pick an item as a click in the popup does: current index, then activated."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not in the list"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_differing_captions_show_as_mixed(inspector: Inspector, catalogue: Catalogue) -> None:
    ids = add_photos(catalogue)
    inspector.set_selection(ids)
    assert inspector.header.text() == "3 photos selected"
    assert inspector.caption.toPlainText() == ""
    assert inspector.caption.placeholderText() == "Mixed"
    assert inspector.selection_values().caption is MIXED
    assert inspector.programme.currentText() == "— no programme —"  # shared: none

    inspector.set_selection(ids[:1])
    assert inspector.header.text() == "1 photo selected"
    assert inspector.caption.toPlainText() == CAPTIONS[0]


def test_a_differing_programme_shows_a_mixed_item_until_set(
    inspector: Inspector, catalogue: Catalogue
) -> None:
    ids = add_photos(catalogue)
    with catalogue.transaction() as session:
        apply_tags(session, ids[:1], TagChange(programme_id=find_programme(session, "Health").id))
    inspector.set_selection(ids)
    assert inspector.programme.currentText() == "— mixed —"
    choose(inspector.programme, "Education")
    assert inspector.programme.currentText() == "Education"
    assert inspector.programme.findText("— mixed —") < 0


def test_setting_the_programme_tags_every_photo_and_undoes(
    qtbot: QtBot, inspector: Inspector, catalogue: Catalogue, stack: QUndoStack
) -> None:
    ids = add_photos(catalogue)
    with catalogue.session() as session:
        health = find_programme(session, "Health").id
    inspector.set_selection(ids)

    with qtbot.waitSignal(inspector.photosChanged) as signal:
        choose(inspector.programme, "Health")
    assert signal.args == [ids]
    assert photo_values(catalogue, ids, "programme_id") == [health] * 3
    assert stack.count() == 1
    assert stack.undoText() == "Set programme of 3 photos"

    with qtbot.waitSignal(inspector.photosChanged) as signal:
        stack.undo()
    assert signal.args == [ids]
    assert photo_values(catalogue, ids, "programme_id") == [None] * 3
    assert inspector.programme.currentText() == "— no programme —"

    with qtbot.waitSignal(inspector.photosChanged):
        stack.redo()
    assert photo_values(catalogue, ids, "programme_id") == [health] * 3
    assert inspector.programme.currentText() == "Health"


def test_choosing_the_value_the_photos_have_changes_nothing(
    inspector: Inspector, catalogue: Catalogue, stack: QUndoStack
) -> None:
    inspector.set_selection(add_photos(catalogue))
    choose(inspector.restriction, "Open")
    assert stack.count() == 0


def test_an_unreadable_date_shows_why_and_changes_nothing(
    qtbot: QtBot, inspector: Inspector, catalogue: Catalogue, stack: QUndoStack
) -> None:
    ids = add_photos(catalogue)
    inspector.set_selection(ids)
    qtbot.keyClicks(inspector.date, "1990-1995")
    with qtbot.assertNotEmitted(inspector.photosChanged):
        qtbot.keyClick(inspector.date, Qt.Key.Key_Return)
    assert inspector.date_error.isVisible()
    assert "range" in inspector.date_error.text()
    assert photo_values(catalogue, ids, "date_precision") == [DatePrecision.UNKNOWN] * 3
    assert stack.count() == 0

    inspector.date.clear()
    qtbot.keyClicks(inspector.date, "c. 1995")
    qtbot.keyClick(inspector.date, Qt.Key.Key_Return)
    assert not inspector.date_error.isVisible()
    assert photo_values(catalogue, ids, "year") == [1995] * 3
    assert photo_values(catalogue, ids, "date_circa") == [True] * 3
    assert inspector.date.text() == "circa 1995"


def test_caption_edits_save_on_ctrl_enter_and_merge_into_one_undo_step(
    qtbot: QtBot, inspector: Inspector, catalogue: Catalogue, stack: QUndoStack
) -> None:
    ids = add_photos(catalogue)
    inspector.set_selection(ids)
    control = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClicks(inspector.caption, "Aghdam, 1994")
    qtbot.keyClick(inspector.caption, Qt.Key.Key_Return, control)
    assert photo_values(catalogue, ids, "caption") == ["Aghdam, 1994"] * 3
    qtbot.keyClicks(inspector.caption, ": a school")
    qtbot.keyClick(inspector.caption, Qt.Key.Key_Return, control)
    assert photo_values(catalogue, ids, "caption") == ["Aghdam, 1994: a school"] * 3
    assert stack.count() == 1

    stack.undo()
    assert photo_values(catalogue, ids, "caption") == list(CAPTIONS)
    assert inspector.caption.placeholderText() == "Mixed"


def test_a_new_credit_creates_the_photographer(
    qtbot: QtBot, inspector: Inspector, catalogue: Catalogue, stack: QUndoStack
) -> None:
    ids = add_photos(catalogue)
    inspector.set_selection(ids)
    line_edit = inspector.photographer.lineEdit()
    assert line_edit is not None
    qtbot.keyClicks(line_edit, "Ingy Sedky/ICRC")
    with qtbot.waitSignal(inspector.photosChanged):
        qtbot.keyClick(line_edit, Qt.Key.Key_Return)
    with catalogue.session() as session:
        created = session.scalars(select(Photographer)).one()
    assert (created.name, created.organisation) == ("Ingy Sedky", "ICRC")
    assert photo_values(catalogue, ids, "photographer_id") == [created.id] * 3
    assert inspector.photographer.currentText() == "Ingy Sedky/ICRC"

    inspector.set_selection(ids[:1])
    stack.undo()  # no photographer again, but the new one stays in the list
    assert photo_values(catalogue, ids, "photographer_id") == [None] * 3
    qtbot.keyClicks(line_edit, "ingy sedky/icrc")  # a known credit, in any case
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)
    assert photo_values(catalogue, ids, "photographer_id") == [created.id, None, None]
    with catalogue.session() as session:
        assert len(session.scalars(select(Photographer)).all()) == 1


def test_a_new_place_is_created_under_its_parent(
    qtbot: QtBot, inspector: Inspector, catalogue: Catalogue
) -> None:
    ids = add_photos(catalogue)
    inspector.set_selection(ids)
    choose(inspector.place, "New place…")
    dialog = inspector.findChild(NewPlaceDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    choose(dialog.inside, "Azerbaijan › Aghdam district")
    qtbot.keyClicks(dialog.name, "Zengisali")
    with qtbot.waitSignal(inspector.photosChanged):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    with catalogue.session() as session:
        place = session.scalars(select(Place).where(Place.name == "Zengisali")).one()
        assert place_path(session, place) == ["Azerbaijan", "Aghdam district", "Zengisali"]
    assert photo_values(catalogue, ids, "place_id") == [place.id] * 3
    assert inspector.place.currentText() == "Azerbaijan › Aghdam district › Zengisali"


def test_a_failed_save_is_shown_and_leaves_no_undo_step(
    inspector: Inspector, catalogue: Catalogue, stack: QUndoStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = add_photos(catalogue)
    inspector.set_selection(ids)

    def locked(*_: object) -> None:
        raise OperationalError("UPDATE photo", {}, Exception("database is locked"))

    monkeypatch.setattr(commands, "apply_tags", locked)
    choose(inspector.restriction, "Restricted")
    assert stack.count() == 0
    assert "Could not save" in inspector.message.text()
    assert inspector.restriction.currentText() == "Open"


def test_large_selections_are_summed_up_without_loading_rows(catalogue: Catalogue) -> None:
    with catalogue.transaction() as session:
        synthetic = fill_catalogue(session, 6_000, seed=3)
        ids = [row["id"] for row in synthetic.photos]
        programme = next(iter(synthetic.programmes))
        apply_tags(session, ids, TagChange(programme_id=programme, caption="Same"))
    with catalogue.session() as session:
        values = load_selection(session, ids)
        assert load_selection(session, ids[:1]).place_id == synthetic.photos[0]["place_id"]
    assert values.count == 6_000
    assert (values.programme_id, values.caption) == (programme, "Same")
    assert values.place_id is MIXED
    assert values.date is MIXED


def test_large_selections_are_read_and_saved_off_the_gui_thread(
    qtbot: QtBot,
    inspector: Inspector,
    catalogue: Catalogue,
    stack: QUndoStack,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(commands, "BACKGROUND_FROM", 1)  # every selection of 2 or more
    ids = add_photos(catalogue)
    inspector.set_selection(ids)
    assert inspector.header.text() == "3 photos selected"
    assert not inspector.fields.isEnabled()  # until the read answers
    qtbot.waitUntil(inspector.fields.isEnabled, timeout=5000)
    assert inspector.selection_values().caption is MIXED

    choose(inspector.programme, "Health")
    assert not inspector.fields.isEnabled()
    assert "Saving 3 photos" in inspector.hint.text()
    health = find_programme_id(catalogue, "Health")
    qtbot.waitUntil(lambda: photo_values(catalogue, ids, "programme_id") == [health] * 3)
    qtbot.waitUntil(inspector.fields.isEnabled, timeout=5000)
    assert inspector.selection_values().programme_id == health

    stack.undo()
    qtbot.waitUntil(lambda: photo_values(catalogue, ids, "programme_id") == [None] * 3)
    stack.redo()
    qtbot.waitUntil(lambda: photo_values(catalogue, ids, "programme_id") == [health] * 3)
    qtbot.waitUntil(inspector.fields.isEnabled, timeout=5000)


def test_a_large_save_shows_its_progress_and_cancel_drops_it(
    qtbot: QtBot,
    inspector: Inspector,
    catalogue: Catalogue,
    stack: QUndoStack,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(commands, "BACKGROUND_FROM", 1)
    ids = add_photos(catalogue)
    inspector.set_selection(ids)
    qtbot.waitUntil(inspector.fields.isEnabled, timeout=5000)
    progress = inspector.save_progress

    choose(inspector.programme, "Health")  # saved at once, in the background
    assert progress.isVisible() and progress.cancel.isVisible()
    health = find_programme_id(catalogue, "Health")
    qtbot.waitUntil(lambda: not progress.isVisible(), timeout=5000)  # done: the bar goes
    assert photo_values(catalogue, ids, "programme_id") == [health] * 3

    stack.undo()  # an undo cannot be cancelled: it has nothing to fall back to
    assert progress.isVisible() and not progress.cancel.isVisible()
    qtbot.waitUntil(lambda: photo_values(catalogue, ids, "programme_id") == [None] * 3)
    qtbot.waitUntil(lambda: not progress.isVisible(), timeout=5000)
    assert stack.count() == 1

    gate = threading.Event()  # holds the background thread, so the save waits its turn
    inspector._jobs.run(lambda: gate.wait(10), lambda _result: None)
    choose(inspector.programme, "Education")  # replaces the undone change on the stack
    assert stack.count() == 1 and progress.cancel.isEnabled()
    qtbot.mouseClick(progress.cancel, Qt.MouseButton.LeftButton)
    assert inspector.hint.text() == "Cancelling…"
    gate.set()
    qtbot.waitUntil(lambda: "cancelled" in inspector.message.text(), timeout=5000)
    assert photo_values(catalogue, ids, "programme_id") == [None] * 3
    assert stack.count() == 0  # the dropped change is not left on the Edit menu
    assert not progress.isVisible()
    qtbot.waitUntil(inspector.fields.isEnabled, timeout=5000)


def test_an_answer_for_an_older_selection_is_not_shown(
    qtbot: QtBot, inspector: Inspector, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(commands, "BACKGROUND_FROM", 1)
    ids = add_photos(catalogue)
    inspector.set_selection(ids)  # read in the background...
    monkeypatch.setattr(commands, "BACKGROUND_FROM", 2_000)
    inspector.set_selection(ids[:1])  # ...while this one is read at once
    assert inspector.selection_values().caption == CAPTIONS[0]
    qtbot.wait(300)  # the older answer arrives meanwhile, and is dropped
    assert inspector.selection_values().caption == CAPTIONS[0]
    assert inspector.header.text() == "1 photo selected"


def find_programme_id(catalogue: Catalogue, name: str) -> int:
    with catalogue.session() as session:
        return find_programme(session, name).id
