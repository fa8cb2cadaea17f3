"""The viewer's side panel: caption, credit line, place, date, programme, restriction, camera,
and the full metadata folded away below."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from photoarchive.catalogue.credits import house_credit
from photoarchive.catalogue.records import PhotoRecord
from photoarchive.catalogue.values import Restriction
from photoarchive.gui import describe


def _label(role: str = "", *, wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        label.setProperty("role", role)
    return label


def _when(value: datetime | None) -> str:
    return value.strftime("%d %b %Y, %H:%M") if value else "—"


class InfoPanel(QScrollArea):
    """What the catalogue knows of the photo on screen."""

    FIELDS = ("Place", "Date", "Programme", "Photographer", "Restriction", "Camera")
    METADATA = (
        "Dimensions",
        "Format",
        "Date source",
        "Digitised",
        "Coordinates",
        "Orientation",
        "Imported",
        "Files",
        "Content hash",
        "Catalogue id",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setMinimumWidth(260)
        self.caption = _label("caption")
        self.credit = _label("muted")
        self.note = _label("warning")
        self.values = {name: _label() for name in self.FIELDS}
        self.metadata = {name: _label() for name in self.METADATA}
        self.metadata_toggle = QToolButton()
        self.metadata_toggle.setText("Metadata")
        self.metadata_toggle.setCheckable(True)
        self.metadata_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.metadata_box = QWidget()
        self.metadata_toggle.toggled.connect(self._fold)
        self._fold(False)
        self.setWidget(self._lay_out())

    def _lay_out(self) -> QWidget:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(14, 14, 14, 14)
        layout.setSpacing(10)
        for widget in (self.caption, self.credit, self.note):
            layout.addWidget(widget)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for name, value in self.values.items():
            form.addRow(_muted(name), value)
        layout.addLayout(form)
        layout.addWidget(self.metadata_toggle)
        details = QFormLayout(self.metadata_box)
        details.setContentsMargins(8, 0, 0, 0)
        for name, value in self.metadata.items():
            details.addRow(_muted(name), value)
        layout.addWidget(self.metadata_box)
        layout.addStretch(1)
        return body

    def _fold(self, shown: bool) -> None:
        self.metadata_box.setVisible(shown)
        arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        self.metadata_toggle.setArrowType(arrow)

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def show_record(self, record: PhotoRecord | None) -> None:
        if record is None:
            self.caption.setText("This photo is no longer in the catalogue.")
            self.credit.clear()
            for label in (*self.values.values(), *self.metadata.values()):
                label.clear()
            return
        self.caption.setText(record.caption or "No caption")
        self.credit.setText(house_credit(record))
        restriction = describe.RESTRICTION_LABELS[record.restriction]
        if record.restriction is Restriction.RESTRICTED:
            restriction += " — not for publication"
        values = {
            "Place": describe.place_path_text(record),
            "Date": describe.date_text(record),
            "Programme": record.programme or "—",
            "Photographer": record.credit_line or "—",
            "Restriction": restriction,
            "Camera": describe.camera_text(record),
        }
        for name, text in values.items():
            self.values[name].setText(text)
        for name, text in _metadata(record).items():
            self.metadata[name].setText(text)


def _muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "muted")
    return label


def _metadata(record: PhotoRecord) -> dict[str, str]:
    coordinates = (
        f"{record.latitude:.5f}, {record.longitude:.5f}"
        if record.latitude is not None and record.longitude is not None
        else "—"
    )
    return {
        "Dimensions": f"{record.width} × {record.height} px",
        "Format": record.format,
        "Date source": record.date_source.value if record.date_source else "—",
        "Digitised": _when(record.digitised_at),
        "Coordinates": coordinates,
        "Orientation": str(record.orientation) if record.orientation else "—",
        "Imported": _when(record.imported_at),
        "Files": "\n".join(record.paths) or "No file known",
        "Content hash": record.content_hash[:16] + "…",
        "Catalogue id": str(record.id),
    }
