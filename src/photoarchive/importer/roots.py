"""Library roots: which named folder an imported folder belongs to."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoarchive.catalogue.models import FileLocation, LibraryRoot


def root_for(session: Session, folder: Path) -> LibraryRoot:
    """The library root holding ``folder``; a folder under no root becomes a root itself.

    Roots that lie inside ``folder`` are folded into it, so that no file has two locations
    for one place on disk.
    """
    roots = list(session.scalars(select(LibraryRoot)))
    for root in roots:
        if folder.is_relative_to(Path(root.path)):
            return root
    new_root = LibraryRoot(name=_unique_name(folder.name or str(folder), roots), path=str(folder))
    session.add(new_root)
    session.flush()
    for root in roots:
        if Path(root.path).is_relative_to(folder):
            _fold_into(session, root, new_root, folder)
    return new_root


def _unique_name(name: str, roots: list[LibraryRoot]) -> str:
    taken = {root.name for root in roots}
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name} ({number})", number + 1
    return candidate


def _fold_into(session: Session, inner: LibraryRoot, outer: LibraryRoot, folder: Path) -> None:
    prefix = PurePosixPath(Path(inner.path).relative_to(folder).as_posix())
    for location in session.scalars(select(FileLocation).where(FileLocation.root_id == inner.id)):
        location.relative_path = str(prefix / location.relative_path)
        location.root_id = outer.id
    session.flush()
    session.delete(inner)


def relative_folder(root: LibraryRoot, folder: Path) -> PurePosixPath:
    """``folder`` relative to ``root`` ("." for the root itself)."""
    return PurePosixPath(folder.relative_to(Path(root.path)).as_posix())
