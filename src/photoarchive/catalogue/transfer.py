"""Moving catalogues: a whole copy between databases, checked, and SQLite snapshots.

A copy goes table by table in foreign-key order, then both sides are compared by row counts
and a content checksum per table; the copy is refused into a catalogue that holds photos.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text

from photoarchive.catalogue.database import Catalogue, open_catalogue
from photoarchive.catalogue.models import Base, Photo
from photoarchive.errors import PhotoArchiveError

CHUNK = 1000


@dataclass(frozen=True, slots=True)
class TableCheck:
    """One table on both sides of a copy."""

    name: str
    rows: int
    checksum: str


def copy_catalogue(
    source_url: str, target_url: str, progress: Callable[[str, int], None] | None = None
) -> list[TableCheck]:
    """Copy every table from ``source_url`` into a new or empty ``target_url`` and verify it.

    Raises :class:`PhotoArchiveError` when the target already holds photos or when the
    checks after the copy disagree.
    """
    with open_catalogue(source_url, create=False) as source, open_catalogue(target_url) as target:
        _check_empty(target)
        with source.engine.connect() as reading, target.write_engine.begin() as writing:
            _clear(writing)
            for table in Base.metadata.sorted_tables:
                copied = _copy_table(reading, writing, table)
                if progress:
                    progress(table.name, copied)
            _reset_sequences(writing)
        return verify_copy(source, target)


def _check_empty(target: Catalogue) -> None:
    with target.session() as session:
        photos = session.scalar(select(func.count()).select_from(Photo)) or 0
    if photos:
        raise PhotoArchiveError(
            f"The catalogue {target} already holds {photos} photos; copy into a new one."
        )


def _clear(connection: Connection) -> None:
    # A new catalogue holds the default programmes: the source's own come instead.
    for table in reversed(Base.metadata.sorted_tables):
        connection.execute(table.delete())


def _copy_table(reading: Connection, writing: Connection, table: Table) -> int:
    copied = 0
    for rows in _chunks(reading, table):
        writing.execute(insert(table), rows)
        copied += len(rows)
    return copied


def _chunks(connection: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    result = connection.execute(select(table).order_by(*table.primary_key.columns))
    while rows := result.mappings().fetchmany(CHUNK):
        yield [dict(row) for row in rows]


def _reset_sequences(connection: Connection) -> None:
    """After explicit ids, PostgreSQL's id sequences must continue past the largest one."""
    if connection.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def verify_copy(source: Catalogue, target: Catalogue) -> list[TableCheck]:
    """Row counts and checksums of every table, equal on both sides or an error."""
    checks = []
    with source.engine.connect() as left, target.engine.connect() as right:
        for table in Base.metadata.sorted_tables:
            mine, theirs = table_check(left, table), table_check(right, table)
            if mine != theirs:
                raise PhotoArchiveError(
                    f"The copy of table {table.name} differs: {mine.rows} rows "
                    f"({mine.checksum[:12]}) against {theirs.rows} ({theirs.checksum[:12]})"
                )
            checks.append(mine)
    return checks


def table_check(connection: Connection, table: Table) -> TableCheck:
    """Rows and a checksum of a table's contents that is the same on SQLite and PostgreSQL."""
    digest = hashlib.sha256()
    rows = 0
    for chunk in _chunks(connection, table):
        for row in chunk:
            digest.update(repr([_canonical(row[c.name]) for c in table.columns]).encode())
            rows += 1
    return TableCheck(table.name, rows, digest.hexdigest())


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, memoryview):
        return hashlib.sha256(value.tobytes()).hexdigest()
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    if isinstance(value, float):
        return repr(round(value, 9))
    return value


def backup_sqlite(catalogue: Catalogue, destination: Path) -> Path:
    """A consistent snapshot of a SQLite catalogue, even while another process writes to it.

    ``destination`` is a file, or a folder (an existing one, or a path without a suffix) to
    hold a file named after the date and time.
    """
    source = catalogue.sqlite_path
    if source is None:
        raise PhotoArchiveError(
            "Backups are for SQLite catalogues; copy a server catalogue with "
            "`photoarchive catalogue copy` instead."
        )
    if destination.is_dir() or not destination.suffix:  # a folder: a dated file inside it
        destination = destination / f"catalogue-{datetime.now():%Y%m%d-%H%M%S}.sqlite"
    if destination.exists():
        raise PhotoArchiveError(f"{destination} exists already; choose a new file name.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    _sqlite_copy(source, partial)
    partial.replace(destination)
    return destination


def restore_sqlite(backup: Path, catalogue_path: Path) -> Path | None:
    """Put ``backup`` in place of the catalogue; the current one is kept beside it.

    The backup must be a sound catalogue this version can open (an older one is upgraded
    on the way; the backup file itself is left as it is). Returns where a snapshot of the
    replaced catalogue was written, if there was one.
    """
    if not backup.is_file():
        raise PhotoArchiveError(f"There is no backup at {backup}.")
    _check_sound(backup)
    staged = catalogue_path.with_name(f"{catalogue_path.name}.restoring")
    staged.unlink(missing_ok=True)
    _sqlite_copy(backup, staged)
    try:
        open_catalogue(staged, create=False).close()  # refuses a newer one, upgrades an older
        kept = None
        if catalogue_path.exists():
            stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
            kept = catalogue_path.with_name(f"{catalogue_path.name}.before-restore-{stamp}")
            _sqlite_copy(catalogue_path, kept)
        # Through SQLite's backup API, not a file rename: the live catalogue's WAL stays right.
        _sqlite_copy(staged, catalogue_path)
    finally:
        for leftover in (staged, *staged.parent.glob(f"{staged.name}-*")):
            leftover.unlink(missing_ok=True)
    return kept


def _sqlite_copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as reading, sqlite3.connect(target) as writing:
        reading.backup(writing)
    reading.close()
    writing.close()


def _check_sound(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()
    except sqlite3.DatabaseError as error:
        raise PhotoArchiveError(f"{path} is not a usable catalogue backup ({error}).") from None
    if verdict != ("ok",):
        raise PhotoArchiveError(f"{path} fails SQLite's integrity check: {verdict[0]}")
