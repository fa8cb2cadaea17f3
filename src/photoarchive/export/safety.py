"""Nothing unsafe on disk: safe file names, a destination check, and a staging folder that
becomes the export in one move, or vanishes."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from photoarchive.catalogue.names import fold_text
from photoarchive.errors import PhotoArchiveError

log = logging.getLogger(__name__)

REPORT_FILE = "report.json"
GENERATOR = "photoarchive"
_NOT_SAFE = re.compile(r"[^a-z0-9]+")
# Names Windows refuses for a file whatever its extension.
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(10)} | {f"lpt{n}" for n in range(10)}
)


def safe_name(text: str, *, fallback: str = "untitled", max_length: int = 60) -> str:
    """A file name made of a-z, 0-9 and single hyphens: "Barda, 1997" → "barda-1997".

    Letters lose their accents ("Bərdə" → "barda"); ``/``, ``..``, control, invisible and
    other characters become hyphens, so the name can never leave its folder. When nothing is
    left (a title in another script), ``fallback`` is used.
    """
    folded = unicodedata.normalize("NFKC", fold_text(text))
    name = _NOT_SAFE.sub("-", folded).strip("-")
    if len(name) > max_length:  # cut at a hyphen, so that no word is cut in half
        cut = name[: max_length + 1]
        name = cut.rsplit("-", 1)[0] if "-" in cut else name[:max_length]
    if not name:
        name = _NOT_SAFE.sub("-", fallback.lower()).strip("-") or "untitled"
    return f"{name}-" if name in _RESERVED else name


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name-2``, ``name-3`` …, the first not in ``taken``; it is added there."""
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name}-{number}"
    taken.add(candidate)
    return candidate


def inside(root: Path, relative: str) -> Path:
    """``root / relative``, refusing any path that would end outside ``root``."""
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()) or Path(relative).is_absolute():
        raise ValueError(f"{relative!r} would be written outside the export")
    return target


# ---------------------------------------------------------------- the destination


def check_destination(destination: Path, *, force: bool, protected: Iterable[Path] = ()) -> Path:
    """The destination as an absolute path, if an export may be put there.

    It must be a new folder, an empty one, or (with ``force``) an earlier export; never a
    folder holding or inside ``protected`` folders (library roots, the catalogue).
    """
    folder = _absolute(destination)
    parent = folder.parent
    if not parent.is_dir():
        raise PhotoArchiveError(f"The folder {parent} does not exist; create it first.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise PhotoArchiveError(f"Cannot write in {parent}: permission denied.")
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise PhotoArchiveError(f"{folder} is not a folder.")
    for other in protected:
        _check_apart(folder, other)
    if folder.exists() and any(folder.iterdir()):
        if not force:
            raise PhotoArchiveError(
                f"The folder {folder} is not empty; choose another one, "
                "or replace the earlier export in it (--force)."
            )
        if not is_export(folder):
            raise PhotoArchiveError(
                f"The folder {folder} is not empty and holds no Photo Archive export; "
                "replacing is only allowed for an earlier export."
            )
    return folder


def _absolute(destination: Path) -> Path:
    path = Path(destination).expanduser()
    if path.name in ("", ".", ".."):
        path = path.resolve()
    folder = path.parent.resolve() / path.name
    if not folder.name:
        raise PhotoArchiveError(f"{destination} cannot hold an export; name a folder in it.")
    return folder


def _check_apart(folder: Path, other: Path) -> None:
    other = other.resolve()
    if other == folder or other.is_relative_to(folder):
        raise PhotoArchiveError(f"{folder} holds originals or the catalogue ({other}).")
    if folder.is_relative_to(other) and other.is_dir():
        raise PhotoArchiveError(
            f"{folder} is inside the library folder {other}; the next import would take the "
            "exported copies for new photos. Export somewhere else."
        )


def is_export(folder: Path) -> bool:
    """True when ``folder`` holds an export written by Photo Archive."""
    try:
        report = json.loads((folder / REPORT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(report, dict) and report.get("generator") == GENERATOR


# ---------------------------------------------------------------- staging


class Staging:
    """A fresh folder beside the destination to build the export in.

    :meth:`commit` moves it into place (an earlier export is moved aside first and deleted
    only once the new one is in place); leaving the block without committing deletes it, so a
    failed or cancelled export leaves the destination as it was.
    """

    def __init__(self, destination: Path, *, force: bool) -> None:
        self.destination, self.force = destination, force
        self.path = Path(
            tempfile.mkdtemp(prefix=f".{destination.name}.partial-", dir=destination.parent)
        )
        self.committed = False

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if not self.committed:
            shutil.rmtree(self.path, ignore_errors=True)

    def commit(self) -> None:
        # Checked again: the folder may have filled up while the export was being built.
        check_destination(self.destination, force=self.force)
        self.path.chmod(0o755)  # mkdtemp made it private to its owner
        if not self.destination.exists():
            self.path.rename(self.destination)
        elif not any(self.destination.iterdir()):
            self.destination.rmdir()
            self.path.rename(self.destination)
        else:
            self._replace()
        self.committed = True

    def _replace(self) -> None:
        old = Path(tempfile.mkdtemp(prefix=f".{self.destination.name}.old-", dir=self.path.parent))
        old.rmdir()
        self.destination.rename(old)
        try:
            self.path.rename(self.destination)
        except OSError:
            old.rename(self.destination)
            raise
        shutil.rmtree(old, ignore_errors=True)
        if old.exists():
            log.warning("Could not delete the earlier export moved aside to %s", old)
