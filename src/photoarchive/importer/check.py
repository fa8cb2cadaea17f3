"""Checking originals against the catalogue: missing files and changed content, reported only."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import select

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.models import FileLocation, LibraryRoot, Photo
from photoarchive.catalogue.roots import local_root_paths
from photoarchive.importer.identify import display_path

Verdict = Literal["ok", "missing", "changed", "offline", "unreadable"]


@dataclass(frozen=True, slots=True)
class FileCheck:
    """One file location, and what was found there."""

    photo_id: int
    root: str
    path: str
    verdict: Verdict


def check_files(
    catalogue: Catalogue, progress: Callable[[int, int], None] | None = None
) -> Iterator[FileCheck]:
    """Every file location: present with the catalogued content, missing, changed, or under
    a root that is not reachable here. Nothing is written, to the catalogue or to the files."""
    with catalogue.session() as session:
        roots = {rid: Path(path) for rid, path in local_root_paths(session).items()}
        names = dict(session.execute(select(LibraryRoot.id, LibraryRoot.name)).all())
        rows = session.execute(
            select(
                FileLocation.photo_id,
                FileLocation.root_id,
                FileLocation.relative_path,
                Photo.content_hash,
            )
            .join(Photo)
            .order_by(FileLocation.root_id, FileLocation.relative_path)
        ).all()
    for done, (photo_id, root_id, relative, content_hash) in enumerate(rows, 1):
        path = roots[root_id] / relative
        verdict = _verdict(path, content_hash, roots[root_id].is_dir())
        yield FileCheck(photo_id, names[root_id], display_path(path), verdict)
        if progress:
            progress(done, len(rows))


def _verdict(path: Path, content_hash: str, root_online: bool) -> Verdict:
    if not root_online:
        return "offline"
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "unreadable"
    return "ok" if digest.hexdigest() == content_hash else "changed"
