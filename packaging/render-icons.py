"""Render the application icon's SVG to the PNG sizes of the freedesktop hicolor theme.

Usage: python packaging/render-icons.py  (from the repository, with the project's venv)
Writes packaging/linux/icons/hicolor/SIZExSIZE/apps/org.photoarchive.PhotoArchive.png and a
copy of the SVG under scalable/apps/. QtSvg ships in PySide6-Essentials, so no other tool.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "org.photoarchive.PhotoArchive"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "photoarchive.svg"
THEME = ROOT / "packaging" / "linux" / "icons" / "hicolor"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"render-icons: cannot read {SOURCE}", file=sys.stderr)
        return 1
    for size in SIZES:
        target = THEME / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(target), "PNG"):
            print(f"render-icons: cannot write {target}", file=sys.stderr)
            return 1
        print(target.relative_to(ROOT))
    scalable = THEME / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    print(scalable.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
