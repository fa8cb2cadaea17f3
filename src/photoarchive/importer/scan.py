"""Walking photo folders: which files to import, which to report as unsupported, which to skip."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# Camera and scanner formats first; the rest are formats archives also hold and Pillow reads.
SUPPORTED = frozenset(
    {".jpg", ".jpeg", ".jpe", ".jfif", ".mpo", ".tif", ".tiff", ".png", ".webp",
     ".avif", ".gif", ".bmp", ".jp2"}
)  # fmt: skip
RAW_SUFFIXES = (
    ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".dng", ".raf", ".orf",
    ".rw2", ".pef", ".srw", ".x3f", ".3fr", ".erf", ".kdc", ".mrw", ".raw", ".rwl", ".iiq",
)  # fmt: skip
UNSUPPORTED = {
    ".heic": "HEIC",
    ".heif": "HEIF",
    ".psd": "Photoshop",
    **dict.fromkeys(RAW_SUFFIXES, "camera RAW"),
}
# Folders and files that operating systems and photo tools leave behind.
SYSTEM_NAMES = frozenset(
    {
        "thumbs.db",
        "desktop.ini",
        "@eadir",
        "$recycle.bin",
        "system volume information",
        "lost+found",
        "__macosx",
        ".ds_store",
    }
)


@dataclass(frozen=True, slots=True)
class FoundFile:
    """A file to import, with what a re-scan compares to decide whether it changed."""

    path: Path
    relative_path: PurePosixPath  # relative to its library root
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Unsupported:
    """An image file in a format Photo Archive does not import (HEIC, camera RAW)."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A file or folder that could not even be listed or looked at."""

    path: Path
    reason: str


ScanItem = FoundFile | Unsupported | Unreadable
NOT_UTF8 = "{kind} name is not valid UTF-8; rename the {kind}"


def is_skipped(name: str) -> bool:
    """Hidden and system files and folders are not part of an archive."""
    return name.startswith(".") or name.casefold() in SYSTEM_NAMES


def scan(
    folder: Path, root_path: Path, cancelled: Callable[[], bool] = lambda: False
) -> Iterator[ScanItem]:
    """Every file under ``folder`` (recursively, sorted), never following folder symlinks.

    Paths are made relative to ``root_path``, the library root the folder belongs to.
    """
    stack = [folder]
    while stack and not cancelled():
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as error:
            yield Unreadable(current, _reason(error))
            continue
        subfolders = []
        for entry in entries:
            if is_skipped(entry.name):
                continue
            item = _classify(entry, root_path)
            if isinstance(item, str):
                subfolders.append(Path(entry.path))
            elif item is not None:
                yield item
        stack.extend(reversed(subfolders))


def _classify(entry: os.DirEntry[str], root_path: Path) -> ScanItem | str | None:
    path = Path(entry.path)
    try:
        if entry.is_dir(follow_symlinks=False):
            return "folder"
        info = entry.stat()  # follows a symlinked file; a dangling link raises
    except OSError as error:
        return Unreadable(path, _reason(error))
    if not stat.S_ISREG(info.st_mode):
        return None
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        return Unsupported(path, f"unsupported format ({UNSUPPORTED[suffix]})")
    if suffix not in SUPPORTED:
        return None
    relative = path.relative_to(root_path).as_posix()
    if not _is_utf8(relative):
        kind = "folder" if _is_utf8(entry.name) else "file"
        return Unreadable(path, NOT_UTF8.format(kind=kind))
    return FoundFile(path, PurePosixPath(relative), info.st_size, info.st_mtime_ns)


def _is_utf8(text: str) -> bool:
    # A name whose bytes are not UTF-8 reaches Python with lone surrogates (PEP 383), which no
    # catalogue database can store; the archivist renames the file or folder instead.
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return "file not found (moved or deleted during import, or a broken link)"
    return error.strerror or str(error)
