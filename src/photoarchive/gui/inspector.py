"""The inspector: place, programme, photographer, date, caption and restriction of the selection."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QFont,
    QPalette,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.dates import PartialDate, format_date, parse_date_text
from photoarchive.catalogue.models import Place
from photoarchive.catalogue.names import fold_text
from photoarchive.catalogue.places import ensure_place, place_path
from photoarchive.catalogue.selection import (
    MIXED,
    SelectionValues,
    load_selection,
    vocabularies,
    vocabulary_stamp,
)
from photoarchive.catalogue.tagging import TagChange
from photoarchive.catalogue.values import Restriction
from photoarchive.catalogue.vocabulary import ensure_photographer, parse_credit
from photoarchive.errors import PhotoArchiveError
from photoarchive.gui import commands
from photoarchive.gui.background import BackgroundJobs
from photoarchive.gui.commands import TagBackground, TagCommand, failure_text
from photoarchive.gui.inspector_fields import (
    MIXED_ITEM,
    NEW_PLACE_ITEM,
    NONE_ID,
    CaptionEdit,
    NewPlaceDialog,
    SaveProgress,
    chip,
    fill,
    line_edit,
    show_choice,
)
from photoarchive.gui.timeline import programme_colour

SAVED_HINT = "Changes are saved at once; Ctrl+Z undoes them."
EMPTY_HINT = "Select photos to see and change their place, programme, date and caption."
READING_HINT = "Reading what the selected photos share…"
CAPTION_HINT = "Saved when you leave the field, or with Ctrl+Enter"
DATE_HINT = "Undated: type 1997, 1990s, c. 1995, 2022-03, 14 March 2022"


class Inspector(QWidget):
    """Shows and edits the selected photos' tags; every edit is one command on the undo stack.

    A field that differs between the photos shows as mixed and is left alone unless edited;
    choosing the value the photos already have changes nothing. New places come from the
    "New place…" entry; a credit typed into the photographer field that is not known yet
    creates that photographer (undo keeps it: it is vocabulary, not a tag).
    """

    photosChanged = Signal(list)  # ids of photos whose tags changed: edit, undo or redo

    def __init__(
        self, catalogue: Catalogue, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._catalogue, self._undo_stack = catalogue, undo_stack
        self._ids: list[int] = []
        self._generation = 0  # of the selection shown: answers for older ones are dropped
        self._jobs = BackgroundJobs("inspector", self)
        self._values = SelectionValues()
        self._places: list[tuple[str, int]] = []
        self._stamp: tuple[int, ...] = ()
        self.header, self.hint, self.fields = QLabel(), QLabel(), QWidget()
        self.place, self.programme, self.photographer = QComboBox(), QComboBox(), QComboBox()
        self.date, self.date_error = QLineEdit(), QLabel()
        self.caption, self.restriction, self.message = CaptionEdit(), QComboBox(), QLabel()
        self.save_progress = SaveProgress()
        self._cancellable: TagCommand | None = None  # the new change being saved, if large
        self._build()
        self._lay_out()
        self._connect()
        self.reload_vocabularies()
        self.set_selection([])

    # ------------------------------------------------------------ public API

    def set_selection(self, photo_ids: list[int]) -> None:
        self._commit_caption()  # an edit in progress belongs to the photos it was typed for
        self._ids = list(photo_ids)
        self._refresh()

    def selection_values(self) -> SelectionValues:
        return self._values

    def reload_vocabularies(self) -> None:
        """Read places, programmes and photographers again (after someone added one)."""
        with self._catalogue.session() as session:
            self._places, programmes, credits = vocabularies(session)
            self._stamp = vocabulary_stamp(session)
        fill(self.place, [("— no place —", NONE_ID), *self._places, ("New place…", NEW_PLACE_ITEM)])
        fill(self.programme, [("— no programme —", NONE_ID), *programmes])
        for index in range(self.programme.count()):
            colour = programme_colour(self.programme.itemData(index) or None)
            self.programme.setItemIcon(index, chip(colour))
        fill(self.photographer, [("— no photographer —", NONE_ID), *credits])
        self._show(self._values)

    def create_place(self, inside: int | None, name: str) -> int | None:
        """Create the place ``name`` in ``inside`` (None: a country) and tag the selection."""
        try:
            with self._catalogue.transaction() as session:
                parent = session.get(Place, inside) if inside else None
                path = place_path(session, parent) if parent else []
                place_id = ensure_place(session, [*path, name]).id
        except PhotoArchiveError as error:
            self._show_error(str(error))
            return None
        self.reload_vocabularies()
        self._apply("place_id", place_id)
        return place_id

    # ------------------------------------------------------------ building

    def _build(self) -> None:
        font = QFont(self.header.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.header.setFont(font)
        for combo in (self.place, self.photographer):
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = QCompleter(combo.model(), combo)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            combo.setCompleter(completer)
        policy = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        for combo in (self.place, self.programme, self.photographer, self.restriction):
            combo.setSizeAdjustPolicy(policy)  # long place paths must not widen the panel
            combo.setMinimumContentsLength(16)
        self.caption.setTabChangesFocus(True)
        self.caption.setFixedHeight(self.caption.fontMetrics().lineSpacing() * 5 + 12)
        fill(self.restriction, [(r.value.capitalize(), r.value) for r in Restriction])
        for label in (self.date_error, self.message):
            label.setWordWrap(True)
            label.hide()
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "muted")  # the window's style sheet greys it
        muted = self.hint.palette()
        grey = muted.color(QPalette.ColorRole.WindowText)
        grey.setAlpha(150)  # and without that style sheet, so does this
        muted.setColor(QPalette.ColorRole.WindowText, grey)
        self.hint.setPalette(muted)

    def _lay_out(self) -> None:
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Place", self.place)
        form.addRow("Programme", self.programme)
        form.addRow("Photographer", self.photographer)
        form.addRow("Date", self.date)
        form.addRow("", self.date_error)
        form.addRow("Caption", self.caption)
        form.addRow("Restriction", self.restriction)
        layout = QVBoxLayout(self)
        for widget in (self.header, self.hint, self.save_progress, self.fields, self.message):
            layout.addWidget(widget)
        layout.addStretch(1)

    def _connect(self) -> None:
        for combo, key in (
            (self.place, "place_id"),
            (self.programme, "programme_id"),
            (self.photographer, "photographer_id"),
            (self.restriction, "restriction"),
        ):
            combo.activated.connect(partial(self._chosen, combo, key))
        line_edit(self.place).returnPressed.connect(self._place_typed)
        line_edit(self.photographer).returnPressed.connect(self._credit_typed)
        self.date.editingFinished.connect(self._commit_date)
        self.caption.committed.connect(self._commit_caption)
        self.save_progress.cancelRequested.connect(self._cancel_save)

    # ------------------------------------------------------------ showing values

    def _refresh(self) -> None:
        self._generation += 1
        self.header.setText(
            f"{_photos(len(self._ids))} selected" if self._ids else "No photo selected"
        )
        self.fields.setVisible(bool(self._ids))
        if len(self._ids) > commands.BACKGROUND_FROM:  # seconds of reading: not on the GUI thread
            self._wait(READING_HINT)
            ids = list(self._ids)
            self._jobs.run(
                partial(self._read, ids),
                partial(self._selection_read, self._generation),
                self._write_failed,
            )
            return
        self._selection_read(self._generation, self._read(self._ids))

    def _read(self, photo_ids: list[int]) -> tuple[SelectionValues, tuple[int, ...]]:
        with self._catalogue.session() as session:
            return load_selection(session, photo_ids), vocabulary_stamp(session)

    def _selection_read(
        self, generation: int, answer: tuple[SelectionValues, tuple[int, ...]]
    ) -> None:
        if generation != self._generation:
            return  # the selection changed again while this was read
        values, stamp = answer
        if stamp != self._stamp:  # an import or another view added a place or photographer
            self.reload_vocabularies()
        self.hint.setText(SAVED_HINT if self._ids else EMPTY_HINT)
        self.fields.setEnabled(True)
        self._show(values)

    def _wait(self, hint: str) -> None:
        """Show ``hint`` and keep the fields from edits until the photos are read again."""
        self.hint.setText(hint)
        self.fields.setEnabled(False)

    def close_workers(self) -> None:
        """Finish a save in progress and stop the background thread (before closing)."""
        self._jobs.close()

    def _show(self, values: SelectionValues) -> None:
        self._values = values
        show_choice(self.place, values.place_id, "No place")
        self.place.setToolTip(self.place.currentText())  # the whole path, when it is cut off
        show_choice(self.programme, values.programme_id)
        show_choice(self.photographer, values.photographer_id, 'No photographer: type "Name/ICRC"')
        restriction = values.restriction
        show_choice(self.restriction, restriction if restriction is MIXED else str(restriction))
        date = values.date
        self.date.setText(format_date(date) if isinstance(date, PartialDate) and date.value else "")
        self.date.setPlaceholderText("Mixed" if date is MIXED else DATE_HINT)
        self.date_error.hide()
        caption = values.caption if isinstance(values.caption, str) else ""
        if caption != self.caption.toPlainText():  # after a save, the cursor stays put
            self.caption.setPlainText(caption)
        self.caption.setPlaceholderText("Mixed" if values.caption is MIXED else CAPTION_HINT)
        self.caption.document().setModified(False)

    def _show_error(self, text: str, label: QLabel | None = None) -> None:
        label = label or self.message
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        label.setStyleSheet(f"color: {'#ff8a80' if dark else '#c62828'}")  # readable on both
        label.setText(text)
        label.show()

    # ------------------------------------------------------------ editing

    def _apply(self, key: str, value: Any) -> None:
        if not self._ids:
            return
        if getattr(self._values, key) == value:
            self._show(self._values)  # the photos have it already: nothing to undo
            return
        self.message.hide()
        text = f"Set {key.removesuffix('_id')} of {_photos(len(self._ids))}"
        change = TagChange(**{key: value})
        command = TagCommand(
            self._catalogue,
            self._ids,
            change,
            text,
            on_changed=self._changed,
            background=TagBackground(
                self._jobs, self._saving, self._write_failed, self.save_progress.set_share
            ),
        )
        self._undo_stack.push(command)

    def _saving(self, photo_ids: list[int], cancellable: TagCommand | None) -> None:
        self._cancellable = cancellable
        self.save_progress.start(cancellable=cancellable is not None)
        if not set(photo_ids).isdisjoint(self._ids):
            self._generation += 1  # a read under way shows the photos before this save
            self._wait(f"Saving {_photos(len(photo_ids))}…")

    def _cancel_save(self) -> None:
        if self._cancellable is not None:
            self._cancellable.cancel()
            self.save_progress.cancel.setEnabled(False)
            self.hint.setText("Cancelling…")

    def _write_failed(self, error: Exception) -> None:
        self.save_progress.hide()
        self._cancellable = None
        self._show_error(failure_text(error))
        stack = self._undo_stack
        top = stack.command(stack.count() - 1) if stack.index() == stack.count() else None
        if top is not None and top.isObsolete():
            stack.undo()  # takes the dropped change off the Edit menu; undoes nothing
        self._refresh()

    def _changed(self, photo_ids: list[int]) -> None:
        if not set(photo_ids).isdisjoint(self._ids):
            self._refresh()
        self.photosChanged.emit(photo_ids)

    def _chosen(self, combo: QComboBox, key: str, index: int) -> None:
        data = combo.itemData(index)
        if data == NEW_PLACE_ITEM:
            self._ask_new_place()
        elif data != MIXED_ITEM:
            self._apply(key, Restriction(data) if key == "restriction" else data or None)

    def _ask_new_place(self) -> None:
        self._show(self._values)  # not "New place…" in the field while the dialog is open
        inside = self._values.place_id if isinstance(self._values.place_id, int) else None
        dialog = NewPlaceDialog(self._places, inside, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.create_place(*dialog.choice()))
        dialog.open()

    def _place_typed(self) -> None:
        """Enter on typed text: the one place whose path contains it, as the completer shows."""
        typed = self.place.currentText().strip()
        matches = [p for path, p in self._places if typed and fold_text(typed) in fold_text(path)]
        if len(matches) == 1:
            self._apply("place_id", matches[0])
        elif typed:
            what = "Several places match" if matches else "No place matches"
            self._show_error(f'{what} "{typed}": pick one from the list, or "New place…".')

    def _credit_typed(self) -> None:
        text = self.photographer.currentText().strip()
        known = self.photographer.findText(text, Qt.MatchFlag.MatchFixedString)  # any case
        if known >= 0:  # if the completer applied it too, the second time changes nothing
            self._chosen(self.photographer, "photographer_id", known)
            return
        name, organisation = parse_credit(text)
        if not (name or organisation):
            return
        with self._catalogue.transaction() as session:
            photographer_id = ensure_photographer(session, name, organisation).id
        self.reload_vocabularies()
        self._apply("photographer_id", photographer_id)

    def _commit_date(self) -> None:
        if not self.date.isModified():
            return
        try:
            date = parse_date_text(self.date.text())
        except ValueError as error:  # DateTextError: its message is written for the archivist
            self._show_error(str(error), self.date_error)
            return
        self.date_error.hide()
        self._apply("date", date)

    def _commit_caption(self) -> None:
        if not self._ids or not self.caption.document().isModified():
            return
        caption = self.caption.toPlainText().strip() or None
        if caption is None and self._values.caption is MIXED:
            self._show(self._values)  # an emptied mixed field is no order to clear them all
            return
        self._apply("caption", caption)


def _photos(n: int) -> str:
    return f"{n:,} photo" if n == 1 else f"{n:,} photos"
