"""The welcome page an empty catalogue shows: import a folder, or open the demo archive."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from photoarchive.gui import style


class WelcomePage(QWidget):
    importRequested = Signal()
    demoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        icon = QLabel()
        icon.setPixmap(style.app_icon().pixmap(112, 112))
        title = QLabel("Welcome to Photo Archive")
        title.setProperty("role", "title")
        text = QLabel(
            "This catalogue has no photos yet. Import a folder of photos — a drive, a share "
            "or a folder of scans; the originals are only read, never changed — or open the "
            "demo archive to look around."
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setMaximumWidth(520)
        self.catalogue = QLabel()
        self.catalogue.setProperty("role", "muted")
        self.import_button = QPushButton("Import Folder…")
        self.import_button.setDefault(True)
        self.demo_button = QPushButton("Open Demo Archive")
        for button in (self.import_button, self.demo_button):
            button.setMinimumSize(180, 36)
        self.import_button.clicked.connect(self.importRequested)
        self.demo_button.clicked.connect(self.demoRequested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        for widget in (icon, title, text):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addWidget(self.catalogue, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def set_catalogue(self, text: str) -> None:
        self.catalogue.setText(f"Catalogue: {text}")
