"""Crash safety: a killed import leaves a sound catalogue that the next run completes, and two
processes share one SQLite catalogue without harm.

These tests run the real command, ``python -m photoarchive --catalogue X import FOLDER``, in a
subprocess and kill it with SIGKILL: no clean-up code of ours runs, as when the program crashes
or is killed (the catalogue's commits are fsynced: ``synchronous=FULL`` in WAL mode).
A catalogue of a newer schema is refused and left untouched: tests/test_catalogue.py shows it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pty
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from photoarchive.catalogue import query
from photoarchive.catalogue.database import open_catalogue
from photoarchive.catalogue.records import photo_records
from photoarchive.catalogue.tagging import TagChange, apply_tags
from photoarchive.catalogue.values import Restriction
from photoarchive.importer.pipeline import import_folders
from tests.images import write_jpeg

FILES = 300  # small JPEGs in six folders: an import of a few seconds, five batch commits
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def photo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "Baku 2022"
    for number in range(FILES):
        write_jpeg(folder / f"roll {number // 50}" / f"{number:04}.jpg", seed=number)
    return folder


@pytest.fixture(scope="module")
def file_hashes(photo_folder: Path) -> dict[str, str]:
    """Every file's content hash, by path relative to the folder: what the catalogue must hold."""
    return {
        path.relative_to(photo_folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in photo_folder.rglob("*.jpg")
    }


def import_command(catalogue: Path, folder: Path) -> list[str]:
    command = ["-m", "photoarchive", "--catalogue", str(catalogue), "import", str(folder)]
    return [sys.executable, *command]


class ImportProcess:
    """The import command in its own process group, its stderr on a terminal (progress shows)."""

    def __init__(self, catalogue: Path, folder: Path) -> None:
        self.terminal, child_end = pty.openpty()
        self.process = subprocess.Popen(
            import_command(catalogue, folder),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=child_end,
            start_new_session=True,
        )
        os.close(child_end)
        self.stderr = b""

    def read_stderr(self) -> str:
        while select.select([self.terminal], [], [], 0)[0]:
            try:
                chunk = os.read(self.terminal, 65536)
            except OSError:  # the other end is closed: the process ended
                break
            if not chunk:
                break
            self.stderr += chunk
        return self.stderr.decode(errors="replace")

    def says_scanning(self) -> bool:
        return "Scanning" in self.read_stderr()

    def run_until(self, condition: Callable[[], bool]) -> None:
        """Let it run until ``condition``; its progress is read meanwhile, so it never blocks."""

        def check() -> bool:
            self.read_stderr()
            return condition()

        wait_until(check)

    def kill(self) -> None:
        """SIGKILL the import itself; then clear away any worker it leaves behind."""
        running = self.process.poll() is None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        os.close(self.terminal)
        assert running, "the import ended before it could be killed"


def catalogue_counts(path: Path) -> tuple[int, int]:
    """(import runs, photos) as another process sees them now; (0, 0) before the schema exists."""
    if not path.exists():
        return 0, 0
    connection = sqlite3.connect(path, timeout=0.1)
    try:
        runs = connection.execute("SELECT count(*) FROM import_run").fetchone()[0]
        photos = connection.execute("SELECT count(*) FROM photo").fetchone()[0]
    except sqlite3.OperationalError:  # being created, or its schema being written
        return 0, 0
    finally:
        connection.close()
    return int(runs), int(photos)


def wait_until(condition: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.003)


def run_import_to_the_end(catalogue: Path, folder: Path) -> str:
    done = subprocess.run(
        import_command(catalogue, folder), capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "locked" not in done.stderr
    return done.stdout


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    return tmp_path / "catalogue.sqlite"


# ---------------------------------------------------------------- what a sound catalogue is


def assert_sound(path: Path) -> dict[str, int]:
    """SQLite's own checks, and no half-written photo; returns the row counts checked."""
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA foreign_keys = ON")
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in ("photo", "thumbnail", "file_location", "import_run", "import_error")
        }
        without_thumbnail = connection.execute(
            "SELECT count(*) FROM photo WHERE id NOT IN (SELECT photo_id FROM thumbnail)"
        ).fetchone()[0]
        without_location = connection.execute(
            "SELECT count(*) FROM photo WHERE id NOT IN (SELECT photo_id FROM file_location)"
        ).fetchone()[0]
        duplicates = connection.execute(
            "SELECT count(*) FROM (SELECT content_hash FROM photo GROUP BY content_hash "
            "HAVING count(*) > 1)"
        ).fetchone()[0]
    connection.close()
    assert (without_thumbnail, without_location, duplicates) == (0, 0, 0)
    assert counts["import_error"] == 0
    with open_catalogue(path) as catalogue, catalogue.session() as session:  # it opens
        assert query.count(session, query.PhotoFilter()) == counts["photo"]
    return counts


def assert_complete(path: Path, file_hashes: dict[str, str]) -> None:
    """Every file is one photo, found where it is, with the content it has: none lost."""
    counts = assert_sound(path)
    assert counts["photo"] == counts["thumbnail"] == len(set(file_hashes.values())) == FILES
    with sqlite3.connect(path) as connection:
        stored = dict(
            connection.execute(
                "SELECT file_location.relative_path, photo.content_hash "
                "FROM file_location JOIN photo ON photo.id = file_location.photo_id"
            ).fetchall()
        )
    connection.close()
    assert stored == file_hashes


def run_statuses(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        statuses = [str(row[0]) for row in connection.execute("SELECT status FROM import_run")]
    connection.close()
    return statuses


# ---------------------------------------------------------------- killed imports

# Where each run in turn is killed, given the photos committed before it started and now.
# Each run resumes what the previous one left; the last run is let finish.
KILL_POINTS: list[tuple[str, Callable[[int, int], bool] | None]] = [
    # As soon as the import says it is scanning: nothing is committed yet but the run's row.
    ("while scanning", None),
    ("after the first batch commit", lambda start, now: now > start),
    ("midway", lambda start, now: now > start and now >= FILES // 2),
    # The first commit after the midway kill: with commits every 64 photos, a threshold such
    # as 85 % could fall between the last batch and the end, and never be seen before it.
    ("past midway", lambda start, now: now > start),
]


def photos_reach(
    condition: Callable[[int, int], bool], start: int, path: Path
) -> Callable[[], bool]:
    return lambda: condition(start, catalogue_counts(path)[1])


def test_an_import_killed_at_any_point_is_completed_by_the_next_run(
    sqlite_path: Path, photo_folder: Path, file_hashes: dict[str, str]
) -> None:
    start = 0
    for point, should_kill in KILL_POINTS:
        importer = ImportProcess(sqlite_path, photo_folder)
        if should_kill is None:
            importer.run_until(importer.says_scanning)
        else:
            importer.run_until(photos_reach(should_kill, start, sqlite_path))
        importer.kill()

        photos = assert_sound(sqlite_path)["photo"]
        expected = (start, start) if should_kill is None else (start + 1, FILES - 1)
        if should_kill is None:
            assert f"/{FILES} [" not in importer.stderr.decode()  # no photo read was shown yet
        assert expected[0] <= photos <= expected[1], (point, start, photos)
        start = photos

    summary = run_import_to_the_end(sqlite_path, photo_folder)

    assert f"{FILES - start} imported, {start} unchanged" in summary
    assert_complete(sqlite_path, file_hashes)
    # A killed run cannot write its own end: it stays "running", which says it never finished.
    assert run_statuses(sqlite_path) == ["running"] * len(KILL_POINTS) + ["completed"]


# ---------------------------------------------------------------- two processes at once


def test_window_and_command_line_share_one_catalogue(
    sqlite_path: Path, photo_folder: Path, tmp_path: Path
) -> None:
    earlier = tmp_path / "Barda 1997"
    for number in range(40):
        write_jpeg(earlier / f"scan-{number:03}.jpg", seed=10_000 + number)
    with open_catalogue(sqlite_path) as catalogue:
        import_folders(catalogue, [earlier], worker_kind="inline")
        importer = subprocess.Popen(
            import_command(sqlite_path, photo_folder),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        reads = writes = 0
        captions: dict[int, str] = {}
        seen: set[int] = set()
        try:
            # What the window does meanwhile: filter, count, show records, tag in batches.
            while importer.poll() is None or reads == 0:
                with catalogue.session() as session:
                    ids = query.photo_ids(session, query.PhotoFilter())
                    query.facet_counts(session, query.PhotoFilter(years=(1990, 2030)))
                    query.year_histogram(session, query.PhotoFilter())
                    photo_records(session, ids[:20])
                reads += 1
                seen.add(len(ids))
                chosen = ids[writes % 7 :: 7][:30] + sorted(ids)[-5:]  # the newest written too
                caption = f"tagged in round {writes}"
                with catalogue.transaction() as session:
                    apply_tags(
                        session,
                        chosen,
                        TagChange(caption=caption, restriction=Restriction.INTERNAL),
                    )
                captions.update(dict.fromkeys(chosen, caption))
                writes += 1
        finally:
            stdout, stderr = importer.communicate(timeout=300)
        assert importer.returncode == 0, stderr
        assert "locked" not in stderr and f"{FILES} imported" in stdout
        assert reads >= 5 and writes >= 5
        assert any(40 < photos < FILES + 40 for photos in seen)  # rounds during the import

        with catalogue.session() as session:
            records = {record.id: record for record in photo_records(session, list(captions))}
        assert {photo_id: records[photo_id].caption for photo_id in captions} == captions
    counts = assert_sound(sqlite_path)
    assert counts["photo"] == FILES + 40


# ---------------------------------------------------------------- a decoder crash, by kind

# The command with its reader swapped for one that dies, as a segfault in a C decoder would,
# on files named "crash…" (tests/crashing.py).
CRASHING_COMMAND = """
import sys
from photoarchive.cli import main
from photoarchive.importer import pipeline
from tests import crashing
pipeline._identify = crashing.identify_or_die
sys.exit(main(sys.argv[1:]))
"""


def test_a_decoder_crash_ends_a_thread_import_and_process_workers_then_record_the_file(
    tmp_path: Path, sqlite_path: Path
) -> None:
    folder = tmp_path / "in"
    for number in range(8):
        write_jpeg(folder / f"{number}.jpg", seed=500 + number)
    write_jpeg(folder / "crash.jpg", seed=599)

    def run(kind: str) -> subprocess.CompletedProcess[str]:
        arguments = ["--catalogue", str(sqlite_path), "import", "--workers-kind", kind]
        return subprocess.run(
            [sys.executable, "-c", CRASHING_COMMAND, *arguments, str(folder)],
            cwd=Path(__file__).parents[1],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    # Threads share the process: the crash ends the whole command, as a segfault would...
    assert run("thread").returncode == 70
    with sqlite3.connect(sqlite_path) as connection:  # ...and leaves the catalogue sound
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()
    # Worker processes, the window's kind: the crash costs that one file.
    done = run("process")
    assert done.returncode == 0, done.stderr
    assert "1 failed" in done.stdout
    with sqlite3.connect(sqlite_path) as connection:
        photos = connection.execute("SELECT count(*) FROM photo").fetchone()[0]
        reasons = connection.execute("SELECT reason FROM import_error").fetchall()
    connection.close()
    assert photos == 8
    assert reasons == [("the image crashed the decoder (a corrupt or hostile file)",)]
