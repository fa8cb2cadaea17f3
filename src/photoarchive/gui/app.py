"""Starting the desktop window: the QApplication's names, style and icon, and the event loop."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from photoarchive import __version__
from photoarchive.errors import PhotoArchiveError
from photoarchive.gui import settings, style
from photoarchive.gui.main_window import MainWindow


def application() -> QApplication:
    """The QApplication, made and set up on first call."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Fractional screen scales (125 %, 150 %) as they are: pixmaps carry their pixel ratio.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])
    configure(app)
    return app


def configure(app: QApplication) -> None:
    """Names (for QSettings and the desktop), the dark-neutral style and the window icon."""
    QCoreApplication.setOrganizationName(settings.ORGANISATION)
    QCoreApplication.setApplicationName(settings.APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setApplicationDisplayName("Photo Archive")
    QGuiApplication.setDesktopFileName("photoarchive")
    app.setWindowIcon(style.app_icon())
    style.apply_style(app)


def run_window(catalogue_url: str | None = None, demo: bool = False) -> int:
    """Open the main window on ``catalogue_url`` (by default the last catalogue used, else the
    default one) or on the demo archive, and run until it closes; returns the exit status.

    A catalogue given by the user that cannot be opened raises PhotoArchiveError.
    """
    app = application()
    window = MainWindow()
    try:
        if demo:
            window.open_demo()
        elif catalogue_url:
            window.open_catalogue(catalogue_url)
        else:
            window.open_last_catalogue()
    except PhotoArchiveError:
        window.shutdown()
        raise
    window.show()
    return app.exec()
