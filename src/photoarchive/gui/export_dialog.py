"""The Export dialog: where and how to export the chosen galleries, with the safe choices first.

Restricted photos are left out and GPS positions stripped unless the archivist ticks otherwise;
a folder holding an earlier export is replaced only after a confirmation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from photoarchive.catalogue.galleries import GallerySummary
from photoarchive.errors import PhotoArchiveError
from photoarchive.export.options import DEFAULT_FORMATS, ExportFormat, ExportOptions
from photoarchive.export.safety import is_export, safe_name
from photoarchive.gui.gallery_model import LANGUAGE_NAMES

Confirm = Callable[[str, str], bool]
FORMAT_NAMES = {
    ExportFormat.SITE: "Web site",
    ExportFormat.IMAGES: "Images",
    ExportFormat.PDF: "PDF booklet",
    ExportFormat.MANIFEST: "Manifest",
    ExportFormat.ZIP: "Zip archive",
}
RESTRICTED_NOTE = (
    "Restricted photos (detainees, minors, confidential) are left out unless ticked; "
    "included ones are flagged in the manifest for review before publishing."
)
GPS_WARNING = (
    "Off by default: a GPS position in a published image can show where a family, a "
    "detainee or a shelter is. Keep it only for an export that stays inside the organisation."
)


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What the dialog asks for: the galleries (ids), the folder and the options."""

    galleries: tuple[int, ...]
    destination: Path
    options: ExportOptions


class ExportDialog(QDialog):
    """Asks for a destination and options; ``request`` holds the answer once accepted."""

    def __init__(
        self,
        galleries: Sequence[GallerySummary],
        start_folder: Path,
        confirm: Confirm,
        *,
        workers: int = 2,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Galleries")
        self.galleries, self._confirm, self._workers = list(galleries), confirm, workers
        self.request: ExportRequest | None = None
        self.destination = QLineEdit(str(start_folder / _folder_name(self.galleries)))
        self.choose = QPushButton("Choose…")
        self.formats = {f: QCheckBox(FORMAT_NAMES[f]) for f in ExportFormat}
        for export_format, box in self.formats.items():
            box.setChecked(export_format in DEFAULT_FORMATS)
        self.language = QComboBox()
        self.max_size = QSpinBox(suffix=" px", singleStep=256)
        self.max_size.setRange(64, 20_000)
        self.max_size.setValue(ExportOptions().max_size)
        self.restricted = QCheckBox("Include restricted photos")
        self.keep_gps = QCheckBox("Keep GPS location in the images")
        self.error = QLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("Export")
        self._fill_languages()
        self._lay_out()
        self.choose.clicked.connect(self._choose_folder)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _fill_languages(self) -> None:
        self.language.addItem("Each gallery's own", None)
        found = [code for g in self.galleries for code in g.languages]
        for code in dict.fromkeys([*LANGUAGE_NAMES, *found]):
            self.language.addItem(f"{LANGUAGE_NAMES.get(code, code)} ({code})", code)

    def _lay_out(self) -> None:
        titles = QLabel("\n".join(f"• {g.title} ({g.photos:,} photos)" for g in self.galleries))
        titles.setWordWrap(True)
        where = QHBoxLayout()
        where.addWidget(self.destination, 1)
        where.addWidget(self.choose)
        formats = QHBoxLayout()
        for box in self.formats.values():
            formats.addWidget(box)
        form = QFormLayout()
        form.addRow("Galleries", titles)
        form.addRow("Folder", where)
        form.addRow("Formats", formats)
        form.addRow("Language", self.language)
        form.addRow("Image size", self.max_size)
        form.addRow("", self.restricted)
        form.addRow("", _note(RESTRICTED_NOTE, "muted"))
        form.addRow("", self.keep_gps)
        form.addRow("", _note(GPS_WARNING, "warning"))
        self.error.setWordWrap(True)
        self.error.setProperty("role", "warning")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def _choose_folder(self) -> None:
        current = Path(self.destination.text().strip() or ".").expanduser()
        folder = QFileDialog.getExistingDirectory(self, "Export Into", str(current.parent))
        if folder:
            self.destination.setText(str(Path(folder) / _folder_name(self.galleries)))

    # ------------------------------------------------------------ the answer

    def accept(self) -> None:
        """Check the choices; a mistake shows under the fields and keeps the dialog open."""
        try:
            self.request = self._request()
        except PhotoArchiveError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        if self.request is not None:
            super().accept()

    def _request(self) -> ExportRequest | None:
        text = self.destination.text().strip()
        if not text:
            raise PhotoArchiveError("Choose the folder to export into.")
        folder = Path(text).expanduser()
        formats = frozenset(f for f, box in self.formats.items() if box.isChecked())
        if not formats:
            raise PhotoArchiveError("Choose at least one format.")
        force = self._may_replace(folder)
        if force is None:
            return None
        options = ExportOptions(
            formats=formats,
            language=self.language.currentData(),
            max_size=self.max_size.value(),
            include_restricted=self.restricted.isChecked(),
            keep_gps=self.keep_gps.isChecked(),
            force=force,
            workers=self._workers,
        )
        return ExportRequest(tuple(g.id for g in self.galleries), folder, options)

    def _may_replace(self, folder: Path) -> bool | None:
        """False for a new or empty folder, True to replace an earlier export (once the
        archivist agrees), None when they do not."""
        if not folder.is_dir() or not any(folder.iterdir()):
            return False
        if not is_export(folder):
            raise PhotoArchiveError(
                f"The folder {folder} is not empty and holds no Photo Archive export; "
                "choose a new or an empty folder."
            )
        question = (
            f"{folder} holds an earlier export.\n\nReplace it? Its files are deleted once "
            "the new export is complete; until then it stays as it is."
        )
        return True if self._confirm("Replace Export", question) else None


def _folder_name(galleries: Sequence[GallerySummary]) -> str:
    if len(galleries) == 1:
        return safe_name(galleries[0].title, fallback="gallery")
    return "galleries"


def _note(text: str, role: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("role", role)
    return label
