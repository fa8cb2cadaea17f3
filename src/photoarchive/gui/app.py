"""Starting the desktop window: the QApplication's names, style and icon, and the event loop."""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from photoarchive import __version__
from photoarchive.errors import PhotoArchiveError
from photoarchive.gui import crash, settings, single_instance, style
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


def run_window(
    catalogue_url: str | None = None, demo: bool = False, folders: Sequence[Path] = ()
) -> int:
    """Open the main window on ``catalogue_url`` (by default the last catalogue used, else the
    default one) or on the demo archive, and run until it closes; returns the exit status.

    When a window on that catalogue already runs, it gets ``folders`` (and is raised) instead,
    and this returns 0. A catalogue given by the user that cannot be opened raises
    PhotoArchiveError.
    """
    app = application()
    # ---- single instance (packaging, issue 6): hand over to a running window, else listen.
    name = single_instance.server_name("demo" if demo else catalogue_url)
    if single_instance.send_to_running(name, folders):
        return 0
    instance = single_instance.InstanceServer(name, app)
    instance.listen()
    # ---- end single instance
    window = MainWindow()
    # ---- desktop integration (packaging, issue 6): crash dialog, second launches.
    reporter = crash.install(window)
    _connect_instance(instance, window)
    if folders:
        QTimer.singleShot(0, lambda: instance.importRequested.emit(list(folders)))
    # ---- end desktop integration
    try:
        if demo:
            window.open_demo()
        elif catalogue_url:
            window.open_catalogue(catalogue_url)
        else:
            window.open_last_catalogue()
    except PhotoArchiveError:
        window.shutdown()
        reporter.uninstall()  # packaging hook
        instance.close()  # packaging hook
        raise
    # Ctrl+C in the terminal ends the program (Qt's event loop would swallow it).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    window.show()
    try:
        return app.exec()
    finally:
        window.shutdown()  # closing did this already, unless the loop ended some other way
        reporter.uninstall()
        instance.close()


def _connect_instance(instance: single_instance.InstanceServer, window: MainWindow) -> None:
    """A later launch raises the window and asks before importing the folders it passed."""

    def raise_window() -> None:
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()

    def ask_import(folders: list[Path]) -> None:
        named = str(folders[0]) if len(folders) == 1 else f"these {len(folders)} folders"
        if window.confirm("Import", f"Import {named}?"):
            window.import_folders(folders)

    instance.activated.connect(raise_window)
    instance.importRequested.connect(ask_import)
