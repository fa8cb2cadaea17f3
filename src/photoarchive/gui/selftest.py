"""``photoarchive --self-test``: check an installation offscreen on a throw-away demo archive.

It builds the demo archive in a temporary PHOTOARCHIVE_HOME, opens it in a hidden window, waits
for the grid's answer, decodes one grid thumbnail, draws the window into an image and exports
the demo gallery's web site. Exit status 0 when all of it works; otherwise 1 and one line on
standard error saying which step failed. Qt is imported only here, inside the steps.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from photoarchive.paths import HOME_VARIABLE

log = logging.getLogger(__name__)

WINDOW_TIMEOUT_S = 60.0


class SelfTestFailure(Exception):
    """A step of the self-test did not give what it should."""


def self_test() -> int:
    """Run every step; 0 when all pass, else 1 with one line on standard error."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    step = "start"
    try:
        with _temporary_home() as home:
            for step, run in _steps(home):
                started = time.monotonic()
                run()
                log.info("self-test: %s took %.1f s", step, time.monotonic() - started)
    except Exception as error:  # every failure becomes the one-line answer
        # The traceback goes to the log file only: the terminal gets the one line below.
        log.info("self-test failed at %s", step, exc_info=True)
        reason = " ".join(str(error).split()) or type(error).__name__
        print(f"photoarchive: self-test failed ({step}): {reason}", file=sys.stderr)
        return 1
    print("photoarchive: self-test passed")
    return 0


@contextmanager
def _temporary_home() -> Iterator[Path]:
    before = os.environ.get(HOME_VARIABLE)
    with tempfile.TemporaryDirectory(prefix="photoarchive-self-test-") as folder:
        os.environ[HOME_VARIABLE] = folder
        try:
            yield Path(folder)
        finally:
            if before is None:
                os.environ.pop(HOME_VARIABLE, None)
            else:
                os.environ[HOME_VARIABLE] = before


def _steps(home: Path) -> list[tuple[str, Callable[[], None]]]:
    catalogue_path = home / "demo.sqlite"
    return [
        ("demo archive", lambda: _build_demo(catalogue_path, home / "pictures")),
        ("thumbnail", lambda: _render_thumbnail(catalogue_path)),
        ("window", lambda: _open_window(catalogue_path)),
        ("export", lambda: _export_site(catalogue_path, home / "export")),
    ]


def _build_demo(catalogue_path: Path, pictures: Path) -> None:
    from photoarchive.catalogue.database import open_catalogue  # noqa: PLC0415
    from photoarchive.demo.build import build_demo  # noqa: PLC0415

    with open_catalogue(catalogue_path) as catalogue:
        built = build_demo(catalogue, pictures)
    if built.imported.cancelled or built.tagged == 0:
        raise SelfTestFailure(f"the demo archive was not built: {built.imported.counts}")


def _render_thumbnail(catalogue_path: Path) -> None:
    """Decode one catalogue thumbnail as the grid does and paint it into a QImage."""
    _application()
    from PySide6.QtCore import QSize  # noqa: PLC0415
    from PySide6.QtGui import QColor, QImage, QPainter  # noqa: PLC0415
    from sqlalchemy import select  # noqa: PLC0415

    from photoarchive.catalogue.database import open_catalogue  # noqa: PLC0415
    from photoarchive.catalogue.models import Thumbnail  # noqa: PLC0415
    from photoarchive.gui.thumbnails import thumbnail_image  # noqa: PLC0415

    with open_catalogue(catalogue_path) as catalogue, catalogue.session() as session:
        data = session.scalars(select(Thumbnail.data).limit(1)).first()
    if data is None:
        raise SelfTestFailure("the demo archive has no thumbnail")
    image = thumbnail_image(data, QSize(160, 160), 1.0)
    if image.isNull():
        raise SelfTestFailure("a thumbnail could not be decoded (is Qt's JPEG plugin there?)")
    canvas = QImage(200, 200, QImage.Format.Format_ARGB32)
    canvas.fill(QColor("black"))
    painter = QPainter(canvas)
    painter.drawImage(20, 20, image)
    painter.end()
    if len({canvas.pixel(x, y) for x in range(20, 180, 8) for y in range(20, 180, 8)}) < 2:
        raise SelfTestFailure("the thumbnail painted as a blank image")


def _open_window(catalogue_path: Path) -> None:
    """A hidden main window on the demo catalogue: it must show photos in its grid."""
    app = _application()
    from PySide6.QtCore import QEventLoop, QTimer  # noqa: PLC0415

    from photoarchive.gui.main_window import MainWindow  # noqa: PLC0415

    window = MainWindow()
    shown: list[int] = []
    try:
        window.open_catalogue(str(catalogue_path))
        browser = window.browser
        if browser is None:
            raise SelfTestFailure("the window opened no catalogue")
        loop = QEventLoop()

        def counted(count: int, _total: int) -> None:
            shown.append(count)
            loop.quit()

        browser.countsChanged.connect(counted)
        QTimer.singleShot(int(WINDOW_TIMEOUT_S * 1000), loop.quit)
        loop.exec()
        if not shown or shown[-1] == 0:
            raise SelfTestFailure("the window's grid showed no photo")
        if window.grab().toImage().isNull():
            raise SelfTestFailure("the window could not be drawn")
    finally:
        window.shutdown()
        window.deleteLater()
        app.processEvents()


def _export_site(catalogue_path: Path, destination: Path) -> None:
    from photoarchive.catalogue.database import open_catalogue  # noqa: PLC0415
    from photoarchive.catalogue.galleries import list_galleries  # noqa: PLC0415
    from photoarchive.export.options import ExportFormat, ExportOptions  # noqa: PLC0415
    from photoarchive.export.run import export_galleries  # noqa: PLC0415

    _application()  # the PDF writer, if asked for, needs it; the site does not
    options = ExportOptions(formats=frozenset({ExportFormat.SITE}), workers=1)
    with open_catalogue(catalogue_path) as catalogue:
        with catalogue.session() as session:
            galleries = list_galleries(session)
        if not galleries:
            raise SelfTestFailure("the demo archive has no gallery")
        export_galleries(catalogue, [galleries[0].id], destination, options)
    pages = list(destination.rglob("*.html"))
    if not (destination / "index.html").is_file() or len(pages) < 2:
        raise SelfTestFailure(f"the export wrote no gallery page into {destination}")


def _application() -> Any:
    from photoarchive.gui.app import application  # noqa: PLC0415

    return application()
