"""The inspector's fields: the caption box, the new-place dialog and filling the choice lists."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from photoarchive.catalogue.selection import MIXED

NONE_ID = 0  # item data of "no place", "no programme", "no photographer": ids start at 1
MIXED_ITEM, NEW_PLACE_ITEM = "mixed", "new place"


class SaveProgress(QWidget):
    """How far a large save is, with Cancel while the change can still be dropped."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar, self.cancel = QProgressBar(), QPushButton("Cancel")
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.cancel.clicked.connect(self.cancelRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel)
        self.hide()

    def start(self, *, cancellable: bool) -> None:
        self.bar.setValue(0)
        self.cancel.setVisible(cancellable)
        self.cancel.setEnabled(True)
        self.show()

    def set_share(self, share: float) -> None:
        """Show how far the save is; a finished save hides the bar."""
        if share >= 1.0:
            self.hide()
            return
        self.bar.setValue(round(1000 * share))
        self.show()


class CaptionEdit(QPlainTextEdit):
    """Multi-line caption text, committed on focus-out or Ctrl+Enter."""

    committed = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.committed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if control and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.committed.emit()
        else:
            super().keyPressEvent(event)


class NewPlaceDialog(QDialog):
    """Name a new place and choose the place it lies in."""

    def __init__(self, places: list[tuple[str, int]], inside: int | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("New place")
        self.inside = QComboBox()
        fill(self.inside, [("— nothing: a new country —", NONE_ID), *places])
        self.inside.setCurrentIndex(max(0, self.inside.findData(inside or NONE_ID)))
        self.name = QLineEdit(placeholderText="Zengisali")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.name.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        form = QFormLayout(self)
        form.addRow("Inside", self.inside)
        form.addRow("Name", self.name)
        form.addRow(buttons)

    def choice(self) -> tuple[int | None, str]:
        return self.inside.currentData() or None, self.name.text().strip()


def line_edit(combo: QComboBox) -> QLineEdit:
    line_edit = combo.lineEdit()
    assert line_edit is not None, "an editable combo box"
    return line_edit


def fill(combo: QComboBox, items: Sequence[tuple[str, object]]) -> None:
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)


def show_choice(combo: QComboBox, value: object, empty: str = "") -> None:
    """Select ``value``'s item. MIXED shows as a "— mixed —" item, removed once the photos
    share a value again; an editable combo shows MIXED and None as placeholder text."""
    mixed = combo.findData(MIXED_ITEM)
    if value is MIXED and not combo.isEditable():
        if mixed < 0:
            combo.insertItem(0, "— mixed —", MIXED_ITEM)
        combo.setCurrentIndex(0)
        return
    if mixed >= 0:
        combo.removeItem(mixed)
    if combo.isEditable():
        line_edit(combo).setPlaceholderText("Mixed" if value is MIXED else empty)
    shown = value is not MIXED and (value is not None or not combo.isEditable())
    combo.setCurrentIndex(combo.findData(value or NONE_ID) if shown else -1)


def chip(colour: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(colour)
    return QIcon(pixmap)
