"""Opening a catalogue: engine, connection settings, schema upgrade and the newer-version guard."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, exc, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from photoarchive.catalogue.vocabulary import seed_programmes
from photoarchive.errors import PhotoArchiveError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 15_000
PAGE_CACHE_KIB = 32 * 1024  # per connection, at most; it fills only with pages read


def catalogue_url(text: str | Path) -> URL:
    """A SQLAlchemy URL from what a user typed: a URL, or a path to a SQLite file."""
    value = str(text)
    if "://" not in value:
        return URL.create("sqlite", database=str(Path(value).expanduser().resolve()))
    try:
        return make_url(value)
    except (exc.ArgumentError, ValueError) as error:
        raise PhotoArchiveError(f"Not a catalogue URL: {value!r} ({error})") from None


def describe(url: URL) -> str:
    """The URL as shown to a user: a SQLite file as its path, a server without its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


class Catalogue:
    """An open catalogue: session factories for reading and for units of work that write.

    On SQLite, writing transactions start with BEGIN IMMEDIATE: they take the write lock up
    front and wait for it (busy timeout) instead of failing with "database is locked" when
    another process (the window beside a command-line import) wrote in between.
    """

    def __init__(self, engine: Engine, write_engine: Engine | None = None) -> None:
        self.engine = engine
        self.url = engine.url
        self.write_engine = write_engine or engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(self.write_engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        """The catalogue's file, for SQLite catalogues stored on disk."""
        if self.is_sqlite and self.url.database not in (None, "", ":memory:"):
            return Path(str(self.url.database))
        return None

    def session(self) -> Session:
        return self._sessions()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that commits at the end of the block, or rolls back on an error."""
        with self._write_sessions.begin() as session:
            yield session

    def refresh_statistics(self) -> None:
        """Let the query planner see the catalogue as it is now (after a large import)."""
        with self.write_engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")

    def close(self) -> None:
        self.engine.dispose()
        self.write_engine.dispose()

    def __enter__(self) -> Catalogue:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __str__(self) -> str:
        return describe(self.url)


def open_catalogue(url: str | Path | URL, *, create: bool = True) -> Catalogue:
    """Open (and create or upgrade) the catalogue at ``url``.

    A catalogue written by a newer version of Photo Archive is refused and left untouched;
    an older SQLite catalogue is backed up beside itself before it is upgraded.
    """
    url = url if isinstance(url, URL) else catalogue_url(url)
    if url.get_backend_name() == "sqlite":
        _check_sqlite_file(url, create=create)
    try:
        catalogue = Catalogue(*_create_engines(url))
        _upgrade(catalogue)
    except PhotoArchiveError:
        raise
    except (exc.NoSuchModuleError, ModuleNotFoundError) as error:
        raise PhotoArchiveError(f"Cannot open {describe(url)}: missing driver ({error})") from None
    except exc.OperationalError as error:
        raise PhotoArchiveError(
            f"Cannot open the catalogue {describe(url)}: {_first_line(error)}"
        ) from None
    return catalogue


def _first_line(error: exc.DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0] if error.orig else str(error)


def _check_sqlite_file(url: URL, *, create: bool) -> None:
    database = url.database
    if not database or database == ":memory:":
        return
    path = Path(database)
    if path.is_dir():
        raise PhotoArchiveError(f"The catalogue {path} is a folder, not a catalogue file.")
    if not path.exists():
        if not create:
            raise PhotoArchiveError(f"There is no catalogue at {path}.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise PhotoArchiveError(f"Cannot create the catalogue {path}: {error}") from None
        return
    with path.open("rb") as handle:
        header = handle.read(16)
    if header and header != b"SQLite format 3\x00":
        raise PhotoArchiveError(f"{path} is not a Photo Archive catalogue (not a SQLite file).")
    writable = path.stat().st_mode & 0o222 and _can_write(path)
    if not writable:
        raise PhotoArchiveError(
            f"The catalogue {path} is read-only: Photo Archive needs to write to it."
        )


def _can_write(path: Path) -> bool:
    # SQLite in WAL mode also writes -wal and -shm files beside the catalogue.
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _create_engines(url: URL) -> tuple[Engine, Engine | None]:
    """The reading engine and, for SQLite, a second one whose transactions write."""
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True), None
    engines = []
    for begin in ("BEGIN", "BEGIN IMMEDIATE"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", functools.partial(_begin_sqlite, begin))
        engines.append(engine)
    return engines[0], engines[1]


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own handling is lazy).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # FULL: a committed batch survives a power cut too; commits are few, so it costs little.
        cursor.execute("PRAGMA synchronous=FULL")
        # The browser's queries walk indexes of a few megabytes each: with SQLite's default
        # page cache (2 MB) every filter change read them from the operating system again.
        cursor.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
    finally:
        cursor.close()


def _begin_sqlite(statement: str, connection: Any) -> None:
    connection.exec_driver_sql(statement)


def alembic_config(connection: Any = None) -> Config:
    from alembic.config import Config  # noqa: PLC0415 - Alembic loads only to upgrade

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def schema_revision(catalogue: Catalogue) -> str | None:
    """The catalogue's schema revision, or None for an empty database."""
    with catalogue.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return str(revision) if revision is not None else None


def head_revision() -> str | None:
    """The schema revision this version of Photo Archive writes."""
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def numbered_head() -> str | None:
    """The head revision read from the migration files' names (``0006_….py`` is "0006").

    Migrations are numbered in one line, so this is the head without loading Alembic, which
    costs a quarter of a second at every launch; a test checks it agrees with Alembic's.
    """
    names = (path.name for path in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return max((name[:4] for name in names), default=None)


def _upgrade(catalogue: Catalogue) -> None:
    current = schema_revision(catalogue)
    if current is not None and current == numbered_head():
        return
    from alembic import command  # noqa: PLC0415
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    scripts = ScriptDirectory(str(MIGRATIONS))
    head = scripts.get_current_head()
    if current == head:
        return
    known = {revision.revision for revision in scripts.walk_revisions()}
    if current is not None and current not in known:
        raise PhotoArchiveError(
            f"The catalogue {catalogue} was written by a newer version of Photo Archive "
            f"(schema {current}); please upgrade Photo Archive to open it."
        )
    if current is not None:
        _backup_before_upgrade(catalogue, current)
    log.info("Upgrading catalogue %s from %s to %s", catalogue, current, head)
    with catalogue.write_engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    if current is None:
        with catalogue.transaction() as session:
            seed_programmes(session)


def _backup_before_upgrade(catalogue: Catalogue, revision: str) -> None:
    path = catalogue.sqlite_path
    if path is None:
        return
    backup = path.with_name(f"{path.name}.before-{revision}.bak")
    source = sqlite3.connect(path)
    target = sqlite3.connect(backup)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    log.info("Backed up catalogue to %s before upgrading", backup)
