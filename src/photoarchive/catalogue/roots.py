"""Library roots on this machine: where each root is mounted here, and moving a drive.

A root records the path it had where it was first imported; each machine may mount it
elsewhere (a shared catalogue on PostgreSQL, drives lettered differently), kept per host.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from photoarchive.catalogue.models import FileLocation, LibraryRoot, RootLocation
from photoarchive.errors import PhotoArchiveError

HOST_VARIABLE = "PHOTOARCHIVE_HOST"


def this_host() -> str:
    """This machine's name, as root locations are recorded (tests set PHOTOARCHIVE_HOST)."""
    return os.environ.get(HOST_VARIABLE) or socket.gethostname()


@dataclass(frozen=True, slots=True)
class RootStatus:
    """A library root as this machine sees it."""

    id: int
    name: str
    path: str
    files: int
    online: bool


def local_root_paths(session: Session) -> dict[int, str]:
    """Every root's path on this machine."""
    paths = dict(session.execute(select(LibraryRoot.id, LibraryRoot.path)).all())
    here = select(RootLocation.root_id, RootLocation.path).where(RootLocation.host == this_host())
    paths.update(dict(session.execute(here).all()))
    return paths


def online_roots(session: Session) -> set[int]:
    """Roots whose folder is reachable here; their photos' originals can be opened."""
    return {root for root, path in local_root_paths(session).items() if Path(path).is_dir()}


def root_statuses(session: Session) -> list[RootStatus]:
    paths = local_root_paths(session)
    counts = dict(
        session.execute(
            select(FileLocation.root_id, func.count()).group_by(FileLocation.root_id)
        ).all()
    )
    roots = session.execute(select(LibraryRoot.id, LibraryRoot.name).order_by(LibraryRoot.name))
    return [
        RootStatus(rid, name, paths[rid], counts.get(rid, 0), Path(paths[rid]).is_dir())
        for rid, name in roots
    ]


def set_local_path(session: Session, root: LibraryRoot, path: Path) -> None:
    """Record where ``root`` is mounted on this machine."""
    location = session.scalars(
        select(RootLocation).where(
            RootLocation.root_id == root.id, RootLocation.host == this_host()
        )
    ).first()
    if location is None:
        session.add(RootLocation(root_id=root.id, host=this_host(), path=str(path)))
    else:
        location.path = str(path)


def find_root(session: Session, name: str) -> LibraryRoot:
    root = session.scalars(select(LibraryRoot).where(LibraryRoot.name == name)).first()
    if root is None:
        known = ", ".join(session.scalars(select(LibraryRoot.name).order_by(LibraryRoot.name)))
        raise PhotoArchiveError(f"No library root called {name!r}; known roots: {known or '-'}")
    return root


def relink(session: Session, name: str, new_path: Path) -> LibraryRoot:
    """Point the root ``name`` at ``new_path`` on this machine: one change for a moved drive."""
    root = find_root(session, name)
    if not new_path.is_dir():
        raise PhotoArchiveError(f"The folder {new_path} does not exist.")
    set_local_path(session, root, new_path.resolve())
    return root
