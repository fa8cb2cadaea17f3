"""Library roots: which named folder an imported folder belongs to, on this machine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoarchive.catalogue.models import FileLocation, LibraryRoot
from photoarchive.catalogue.roots import local_root_paths, set_local_path


@dataclass(frozen=True, slots=True)
class MountedRoot:
    """A library root and where it is mounted here."""

    id: int
    name: str
    path: Path

    def relative(self, folder: Path) -> PurePosixPath:
        """``folder`` relative to this root ("." for the root itself)."""
        return PurePosixPath(folder.relative_to(self.path).as_posix())


def root_for(session: Session, folder: Path) -> MountedRoot:
    """The library root holding ``folder``; a folder under no root becomes a root itself.

    Roots that lie inside ``folder`` are folded into it, so that no file has two locations
    for one place on disk.
    """
    roots = list(session.scalars(select(LibraryRoot)))
    paths = {root_id: Path(path) for root_id, path in local_root_paths(session).items()}
    for root in roots:
        if folder.is_relative_to(paths[root.id]):
            return MountedRoot(root.id, root.name, paths[root.id])
    name = _unique_name(folder.name or str(folder), roots)
    new_root = LibraryRoot(name=name, path=str(folder))
    session.add(new_root)
    session.flush()
    set_local_path(session, new_root, folder)
    for root in roots:
        if paths[root.id].is_relative_to(folder):
            _fold_into(session, root, new_root, paths[root.id].relative_to(folder))
    return MountedRoot(new_root.id, name, folder)


def _unique_name(name: str, roots: list[LibraryRoot]) -> str:
    taken = {root.name for root in roots}
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name} ({number})", number + 1
    return candidate


def _fold_into(session: Session, inner: LibraryRoot, outer: LibraryRoot, inside: Path) -> None:
    prefix = PurePosixPath(inside.as_posix())
    for location in session.scalars(select(FileLocation).where(FileLocation.root_id == inner.id)):
        location.relative_path = str(prefix / location.relative_path)
        location.root_id = outer.id
    session.flush()
    session.delete(inner)
