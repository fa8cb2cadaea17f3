"""``photoarchive backup`` and ``photoarchive restore``: snapshots of a SQLite catalogue."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from photoarchive.catalogue.database import catalogue_url
from photoarchive.catalogue.transfer import backup_sqlite, restore_sqlite
from photoarchive.cli.common import open_from_args
from photoarchive.errors import PhotoArchiveError
from photoarchive.paths import data_dir, default_catalogue_path


def register(subparsers: Any) -> None:
    backup = subparsers.add_parser(
        "backup", help="write a consistent snapshot of the catalogue, even while it is in use"
    )
    backup.add_argument(
        "destination",
        nargs="?",
        type=Path,
        metavar="DEST",
        help="a file or folder (default: backups/ in the user data folder)",
    )
    backup.set_defaults(run=run_backup)
    restore = subparsers.add_parser(
        "restore",
        help="put a backup in place of the catalogue (close the window first; "
        "the current catalogue is kept beside it)",
    )
    restore.add_argument("backup", type=Path, metavar="BACKUP")
    restore.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    destination = args.destination or data_dir() / "backups"
    with open_from_args(args) as catalogue:
        written = backup_sqlite(catalogue, destination)
    print(f"Backed up the catalogue to {written}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    url = catalogue_url(args.catalogue or default_catalogue_path())
    if url.get_backend_name() != "sqlite" or not url.database:
        raise PhotoArchiveError(
            "Restore works on SQLite catalogues; for a server catalogue "
            "use `photoarchive catalogue copy BACKUP URL`."
        )
    kept = restore_sqlite(args.backup, Path(url.database))
    print(
        f"Restored {args.backup} into {url.database}"
        + (f"; the previous catalogue is kept at {kept}" if kept else "")
    )
    return 0
