"""Screenshots of the desktop window on the demo archive, for the README.

    .venv/bin/python tools/screenshots.py [--out docs/screenshots] [--offscreen]

It starts a private X server (Xvfb) and runs the real window in it, on the xcb platform, so
the pictures show what a user sees. It needs, on Debian:

    apt-get install xvfb libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 \
        libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 \
        libxcb-xkb1

``--offscreen`` draws with Qt's offscreen platform instead (no X server; fonts may differ).
The demo archive is built in a temporary folder, so the user's own catalogue and settings
are never touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1440, 900)
NEEDS = (
    "Xvfb is missing. On Debian: apt-get install xvfb libxcb-cursor0 libxkbcommon-x11-0 "
    "libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 "
    "libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 (or run with --offscreen)"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--offscreen", action="store_true", help="no X server: Qt offscreen")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="photoarchive-screenshots-"))
    os.environ["PHOTOARCHIVE_HOME"] = str(home)
    server = None
    try:
        if args.offscreen:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        else:
            server = start_xvfb()
        return take(args.out)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)


def start_xvfb() -> subprocess.Popen[bytes]:
    """A private X server on a free display; DISPLAY points at it."""
    if shutil.which("Xvfb") is None:
        raise SystemExit(NEEDS)
    read, write = os.pipe()
    screen = f"{SIZE[0] + 160}x{SIZE[1] + 100}x24"
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", screen, "-nolisten", "tcp"],
        pass_fds=(write,),
    )
    os.close(write)
    with os.fdopen(read) as display:
        number = display.readline().strip()
    if not number:
        server.kill()
        raise SystemExit("Xvfb did not start; " + NEEDS)
    os.environ["DISPLAY"] = f":{number}"
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    return server


def take(out: Path) -> int:
    # Qt is imported only now, with the platform and display chosen above.
    from photoarchive.catalogue.database import open_catalogue  # noqa: PLC0415
    from photoarchive.demo.build import build_demo  # noqa: PLC0415
    from photoarchive.gui.app import application  # noqa: PLC0415
    from photoarchive.gui.main_window import MainWindow  # noqa: PLC0415
    from photoarchive.paths import demo_dir  # noqa: PLC0415

    catalogue_path = demo_dir() / "catalogue.sqlite"
    with open_catalogue(catalogue_path) as catalogue:
        build_demo(catalogue, demo_dir() / "pictures")
    app = application()
    window = MainWindow()
    window.open_catalogue(str(catalogue_path))
    window.resize(*SIZE)
    window.show()
    out.mkdir(parents=True, exist_ok=True)
    browser = window.browser
    assert browser is not None
    wait_until(app, lambda: bool(browser.model.ids) and browser.facets.places.rowCount() > 0)
    browser.select_ids({browser.model.ids[4]})
    wait_for_screen(app, browser)
    save(window, out / "main-window.png")
    window.show_viewer(browser.model.ids.index(browser.model.ids[4]))
    viewer = window.viewer
    assert viewer is not None
    wait_until(app, lambda: viewer.canvas.picture is not None)
    settle(app)
    save(window, out / "viewer.png")
    show_gallery(app, window)
    save(window, out / "gallery-view.png")
    window.close()
    return 0


def show_gallery(app: Any, window: Any) -> None:
    """The demo gallery's page, once every visible thumbnail and credit line has been read."""
    from photoarchive.gui.gallery_model import ItemRole  # noqa: PLC0415

    window.show_grid()
    galleries = window.galleries
    wait_until(app, lambda: bool(galleries.galleries))
    galleries.open_gallery(galleries.galleries[0].id)
    page = galleries.page
    page.select_items({page.model.items[1].id})
    model = page.model
    photo_rows = [row for row, item in enumerate(model.items) if item.photo_id is not None]

    def read() -> bool:
        indexes = [model.index(row) for row in photo_rows]
        return all(i.data(ItemRole.THUMBNAIL) is not None for i in indexes) and all(
            i.data(ItemRole.CREDIT) for i in indexes
        )

    wait_until(app, read)
    page.view.viewport().update()
    settle(app)


def wait_until(app: Any, condition: Callable[[], bool], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("the window did not get ready in time")
        app.processEvents()
        time.sleep(0.01)


def wait_for_screen(app: Any, browser: Any) -> None:
    """Until a paint of the grid had every visible thumbnail and caption."""
    complete: list[bool] = []
    browser.grid.screenComplete.connect(lambda: complete.append(True))
    browser.grid.viewport().update()
    wait_until(app, lambda: bool(complete))
    settle(app)


def settle(app: Any, seconds: float = 0.5) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def save(window: Any, path: Path) -> None:
    if not window.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    sys.exit(main())
