"""The window's look: a dark-neutral palette that lets photos stand out, and the app icon."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QColor, QIcon, QImageReader, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QStyleFactory

from photoarchive.paths import packaged_resources

GRID_BACKGROUND = QColor("#1e1f21")
TILE = QColor("#2a2b2e")
TILE_HOVER = QColor("#33353a")
PLACEHOLDER = QColor("#3a3c40")
ACCENT = QColor("#4f8fd6")
TEXT = QColor("#e4e4e4")
MUTED = QColor("#9a9da3")
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)

_ROLES = {
    QPalette.ColorRole.Window: "#2b2c2f",
    QPalette.ColorRole.WindowText: "#e4e4e4",
    QPalette.ColorRole.Base: "#222326",
    QPalette.ColorRole.AlternateBase: "#2a2b2e",
    QPalette.ColorRole.ToolTipBase: "#3a3c40",
    QPalette.ColorRole.ToolTipText: "#f0f0f0",
    QPalette.ColorRole.PlaceholderText: "#80838a",
    QPalette.ColorRole.Text: "#e4e4e4",
    QPalette.ColorRole.Button: "#34363a",
    QPalette.ColorRole.ButtonText: "#e4e4e4",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#3d6fa8",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#7fb2ee",
    QPalette.ColorRole.Light: "#4a4c51",
    QPalette.ColorRole.Midlight: "#3e4044",
    QPalette.ColorRole.Mid: "#2f3034",
    QPalette.ColorRole.Dark: "#1c1d1f",
    QPalette.ColorRole.Shadow: "#111112",
}
_DISABLED = {
    QPalette.ColorRole.WindowText: "#777a80",
    QPalette.ColorRole.Text: "#777a80",
    QPalette.ColorRole.ButtonText: "#777a80",
}

STYLE_SHEET = """
QSplitter::handle { background: #1a1b1d; }
QLabel[role="section"] {
    color: #9a9da3; font-size: 8.5pt; font-weight: 600; letter-spacing: 1px;
    padding: 6px 2px 2px 2px;
}
QLabel[role="title"] { font-size: 15pt; font-weight: 600; }
QLabel[role="caption"] { font-size: 11pt; }
QLabel[role="muted"] { color: #9a9da3; }
QLabel[role="warning"] { color: #f0b35a; font-weight: 600; }
QTreeView, QListView { border: none; }
QStatusBar { border-top: 1px solid #1a1b1d; }
"""


def apply_style(app: QApplication) -> None:
    """Fusion with the dark-neutral palette, the same on every platform."""
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    palette = QPalette()
    for role, colour in _ROLES.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    app.setPalette(palette)
    app.setStyleSheet(STYLE_SHEET)


def icon_svg() -> bytes:
    return (packaged_resources() / "icons" / "photoarchive.svg").read_bytes()


def app_icon() -> QIcon:
    """The application icon, rendered from the packaged SVG at the usual sizes."""
    icon = QIcon()
    data = QByteArray(icon_svg())
    for size in ICON_SIZES:
        pixmap = render_svg(data, size)
        if not pixmap.isNull():
            icon.addPixmap(pixmap)
    return icon


def render_svg(data: QByteArray, size: int) -> QPixmap:
    """The SVG in ``data`` as a ``size`` x ``size`` pixmap (read from memory: a zipped install
    has no file to hand to QIcon)."""
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(QSize(size, size))
    return QPixmap.fromImage(reader.read())
