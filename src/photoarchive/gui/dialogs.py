"""Small dialogs: choosing a catalogue or a folder, About, and the last import's errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    qVersion,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from photoarchive import __version__
from photoarchive.catalogue.import_log import ImportErrors
from photoarchive.gui import style

Index = QModelIndex | QPersistentModelIndex
CATALOGUE_FILES = "Photo Archive catalogues (*.sqlite *.db);;All files (*)"


def ask_catalogue_file(parent: QWidget, start: str) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Open Catalogue", start, CATALOGUE_FILES)
    return path or None


def ask_catalogue_url(parent: QWidget) -> str | None:
    url, ok = QInputDialog.getText(
        parent, "Open Catalogue URL", "A SQLite path or a URL (postgresql://user@host/db):"
    )
    return url.strip() if ok and url.strip() else None


def ask_import_folder(parent: QWidget) -> Path | None:
    folder = QFileDialog.getExistingDirectory(parent, "Import Folder")
    return Path(folder) if folder else None


class AboutDialog(QDialog):
    def __init__(self, catalogue: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Photo Archive")
        icon = QLabel()
        icon.setPixmap(style.app_icon().pixmap(96, 96))
        text = QLabel(
            f"<h2>Photo Archive {__version__}</h2>"
            "<p>Catalogue, browse, caption and safely publish decades of photos.</p>"
            "<p>Originals are only ever read: nothing writes, moves or renames a photo file.</p>"
            f"<p>Catalogue: {_escape(catalogue)}</p>"
            f"<p style='color:#9a9da3'>Qt {qVersion()} · PySide {pyside_version}</p>"
        )
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(440, 220)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ImportErrorModel(QAbstractTableModel):
    """(file, reason) rows of an import run."""

    HEADERS = ("File", "Reason")

    def __init__(self, errors: ImportErrors, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows = list(errors.errors)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None


class ImportErrorsDialog(QDialog):
    """The files the last import run could not import, and why; not modal."""

    def __init__(self, errors: ImportErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Errors")
        self.model = ImportErrorModel(errors, self)
        if errors.run_id is None:
            summary = "No import has run on this catalogue yet."
        elif not errors.errors:
            summary = "The last import had no errors."
        else:
            n = len(errors.errors)
            summary = f"The last import could not import {n:,} file{'s' if n != 1 else ''}:"
        self.summary = QLabel(summary)
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        table.setColumnWidth(0, 380)
        table.setVisible(bool(errors.errors))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.resize(760, 360 if errors.errors else 120)
