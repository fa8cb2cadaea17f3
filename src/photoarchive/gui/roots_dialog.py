"""The Library Roots dialog: which roots are online here, and relinking a moved drive."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.roots import RootStatus, relink, root_statuses
from photoarchive.errors import PhotoArchiveError

COLUMNS = ("Root", "State", "Folder on this machine", "Files")


class LibraryRootsDialog(QDialog):
    """Roots with their state on this machine; "Relink…" points one at its new folder."""

    relinked = Signal(str)  # the root's name

    def __init__(self, catalogue: Catalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.setWindowTitle("Library Roots")
        self.resize(720, 280)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(
            2, self.table.horizontalHeader().ResizeMode.Stretch
        )
        relink_button = QPushButton("Relink…")
        relink_button.clicked.connect(self._choose_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(relink_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = "An offline root's photos stay browsable; relink it when its drive is back."
        layout.addWidget(QLabel(note))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.statuses: list[RootStatus] = []
        self.reload()

    def reload(self) -> None:
        with self.catalogue.session() as session:
            self.statuses = root_statuses(session)
        self.table.setRowCount(len(self.statuses))
        for row, status in enumerate(self.statuses):
            state = "Online" if status.online else "Offline"
            for column, text in enumerate((status.name, state, status.path, str(status.files))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if self.statuses:
            self.table.selectRow(0)

    def _choose_folder(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.statuses):
            return
        status = self.statuses[row]
        folder = QFileDialog.getExistingDirectory(self, f"New folder of {status.name}")
        if folder:
            self.relink(status.name, Path(folder))

    def relink(self, name: str, folder: Path) -> bool:
        """Point the root ``name`` at ``folder`` on this machine; a clear message if not."""
        try:
            with self.catalogue.transaction() as session:
                relink(session, name, folder)
        except PhotoArchiveError as error:
            QMessageBox.warning(self, "Relink", str(error))
            return False
        self.reload()
        self.relinked.emit(name)
        return True


def show_for(window: QWidget) -> LibraryRootsDialog | None:
    """Open the dialog for the window's catalogue; a relink refreshes the window's photos."""
    catalogue = getattr(window, "catalogue", None)
    if catalogue is None:
        return None
    dialog = LibraryRootsDialog(catalogue, window)
    browser = getattr(window, "browser", None)
    if browser is not None:
        dialog.relinked.connect(lambda _name: browser.refresh(keep_selection=True))
    dialog.show()
    return dialog
