"""Moving catalogues and drives: copy between SQLite and PostgreSQL, backup and restore,
library roots per machine, relinking a moved drive, and checking originals."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from photoarchive.catalogue.database import open_catalogue
from photoarchive.catalogue.models import Photo
from photoarchive.catalogue.transfer import copy_catalogue
from photoarchive.cli import main
from photoarchive.errors import PhotoArchiveError
from photoarchive.importer.pipeline import import_folders
from tests import postgres
from tests.images import write_jpeg


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def listing(capsys: pytest.CaptureFixture[str], url: str) -> list[dict]:  # type: ignore[type-arg]
    code, out, err = cli(capsys, "--catalogue", url, "ls", "--json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    folder = tmp_path / "drive" / "Archive"
    for i in range(6):
        write_jpeg(
            folder / f"Barda {1990 + i}" / f"scan-{i}.jpg",
            seed=i,
            description=f"Caption {i} Ağdam",
            artist="Boris Heger/ICRC",
        )
    return folder


def test_copy_sqlite_to_postgresql_and_back_loses_nothing(
    tmp_path: Path, archive: Path, postgres_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    first = str(tmp_path / "first.sqlite")
    assert cli(capsys, "--catalogue", first, "import", str(archive))[0] == 0
    assert (
        cli(
            capsys,
            "--catalogue",
            first,
            "tag",
            "--text",
            "caption",
            "--set-programme",
            "Health",
            "--set-place",
            "Azerbaijan > Barda",
        )[0]
        == 0
    )
    (archive / "broken.jpg").write_bytes(b"not a photo")
    assert cli(capsys, "--catalogue", first, "import", str(archive))[0] == 0
    server = postgres.create_database(postgres_server, "copy_target")

    code, out, _ = cli(capsys, "catalogue", "copy", first, server)
    assert code == 0 and "checksums match" in out
    back = str(tmp_path / "back.sqlite")
    assert cli(capsys, "catalogue", "copy", server, back)[0] == 0

    original = listing(capsys, first)
    assert listing(capsys, server) == original == listing(capsys, back)
    assert len(original) == 6 and {r["programme"] for r in original} == {"Health"}
    for url in (server, back):  # errors, thumbnails and word search came along
        code, out, _ = cli(capsys, "--catalogue", url, "errors", "--json")
        assert [Path(e["path"]).name for e in json.loads(out)] == ["broken.jpg"]
        assert len(listing(capsys, url)) == 6
        code, out, _ = cli(capsys, "--catalogue", url, "ls", "--json", "--text", "agdam")
        assert len(json.loads(out)) == 6
    with open_catalogue(back) as catalogue, catalogue.session() as session:
        assert all(p.locations for p in session.scalars(select(Photo)))


def test_copy_into_a_catalogue_with_photos_is_refused(tmp_path: Path, archive: Path) -> None:
    for name in ("a.sqlite", "b.sqlite"):
        with open_catalogue(tmp_path / name) as catalogue:
            import_folders(catalogue, [archive], worker_kind="inline")
    before = (tmp_path / "b.sqlite").read_bytes()
    with pytest.raises(PhotoArchiveError, match="already holds 6 photos"):
        copy_catalogue(str(tmp_path / "a.sqlite"), str(tmp_path / "b.sqlite"))
    assert (tmp_path / "b.sqlite").read_bytes() == before


def test_backup_while_in_use_and_restore(
    tmp_path: Path, archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(tmp_path / "catalogue.sqlite")
    cli(capsys, "--catalogue", url, "import", str(archive))
    # Another process's open transaction, as the window would hold, does not stop a backup.
    holder = sqlite3.connect(url)
    holder.execute("BEGIN")
    holder.execute("SELECT count(*) FROM photo").fetchone()
    code, out, _ = cli(capsys, "--catalogue", url, "backup", str(tmp_path / "backups"))
    holder.rollback()
    holder.close()
    assert code == 0
    [snapshot] = (tmp_path / "backups").glob("catalogue-*.sqlite")
    with sqlite3.connect(snapshot) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    before = listing(capsys, url)

    cli(capsys, "--catalogue", url, "tag", "--text", "caption", "--set-caption", "changed")
    assert {r["caption"] for r in listing(capsys, url)} == {"changed"}
    code, out, _ = cli(capsys, "--catalogue", url, "restore", str(snapshot))
    assert code == 0 and "previous catalogue is kept" in out
    assert listing(capsys, url) == before
    [kept] = tmp_path.glob("catalogue.sqlite.before-restore-*")
    assert {r["caption"] for r in listing(capsys, str(kept))} == {"changed"}


def test_restore_refuses_what_is_not_a_catalogue(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    code, _, err = cli(capsys, "--catalogue", str(tmp_path / "c.sqlite"), "restore", str(junk))
    assert code == 1 and "backup" in err and len(err.splitlines()) == 1


def test_moved_drive_is_offline_then_relinked(
    tmp_path: Path, archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(tmp_path / "catalogue.sqlite")
    cli(capsys, "--catalogue", url, "import", str(archive))
    moved = tmp_path / "other-drive" / "Archive"
    moved.parent.mkdir()
    shutil.move(archive, moved)

    code, out, _ = cli(capsys, "--catalogue", url, "roots")
    assert "OFFLINE  Archive" in out
    offline = listing(capsys, url)
    assert len(offline) == 6 and all(not r["online"] for r in offline)  # still browsable
    code, out, _ = cli(capsys, "--catalogue", url, "check")
    assert code == 0 and "6 offline" in out

    code, out, _ = cli(capsys, "--catalogue", url, "relink", "Archive", str(moved))
    assert code == 0
    relinked = listing(capsys, url)
    assert all(r["online"] and r["paths"][0].startswith(str(moved)) for r in relinked)
    assert [r["caption"] for r in relinked] == [r["caption"] for r in offline]
    code, out, _ = cli(capsys, "--catalogue", url, "check")
    assert code == 0 and out.strip() == "6 ok of 6 files."


def test_each_machine_has_its_own_mount_point(
    tmp_path: Path, archive: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    url = str(tmp_path / "shared.sqlite")
    monkeypatch.setenv("PHOTOARCHIVE_HOST", "laptop")
    cli(capsys, "--catalogue", url, "import", str(archive))
    elsewhere = tmp_path / "mnt" / "archive"
    shutil.copytree(archive, elsewhere)
    monkeypatch.setenv("PHOTOARCHIVE_HOST", "office")
    assert cli(capsys, "--catalogue", url, "relink", "Archive", str(elsewhere))[0] == 0
    assert all(r["paths"][0].startswith(str(elsewhere)) for r in listing(capsys, url))
    summary = cli(capsys, "--catalogue", url, "import", str(elsewhere))[1]
    assert "6 unchanged" in summary  # the same root, seen from this machine
    monkeypatch.setenv("PHOTOARCHIVE_HOST", "laptop")
    assert all(r["paths"][0].startswith(str(archive)) for r in listing(capsys, url))


def test_check_reports_missing_and_changed_files_and_changes_nothing(
    tmp_path: Path, archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(tmp_path / "catalogue.sqlite")
    cli(capsys, "--catalogue", url, "import", str(archive))
    (archive / "Barda 1990" / "scan-0.jpg").unlink()
    changed = archive / "Barda 1991" / "scan-1.jpg"
    changed.write_bytes(changed.read_bytes() + b"edited")
    files_before = {p: p.read_bytes() for p in archive.rglob("*.jpg")}
    catalogue_before = listing(capsys, url)

    code, out, _ = cli(capsys, "--catalogue", url, "check")

    assert code == 1
    assert "missing" in out and "scan-0.jpg" in out and "changed" in out and "scan-1.jpg" in out
    assert out.strip().endswith("4 ok, 1 missing, 1 changed of 6 files.")
    assert {p: p.read_bytes() for p in archive.rglob("*.jpg")} == files_before
    assert listing(capsys, url) == catalogue_before


def test_window_and_import_share_one_sqlite_catalogue(tmp_path: Path, archive: Path) -> None:
    """A reader tagging in a loop beside an import: no "database is locked", nothing lost."""
    url = tmp_path / "catalogue.sqlite"
    for i in range(40):
        write_jpeg(archive / "more" / f"{i}.jpg", seed=100 + i)
    errors: list[BaseException] = []
    stop = threading.Event()

    def tagger() -> None:
        with open_catalogue(url) as catalogue:
            while not stop.is_set():
                try:
                    with catalogue.transaction() as session:
                        for photo in session.scalars(select(Photo).limit(5)):
                            photo.caption = "tagged while importing"
                except BaseException as error:  # noqa: BLE001 - reported by the test below
                    errors.append(error)
                    return

    with open_catalogue(url) as catalogue:
        thread = threading.Thread(target=tagger)
        thread.start()
        try:
            summary = import_folders(catalogue, [archive], worker_kind="thread")
        finally:
            stop.set()
            thread.join()
    assert errors == []
    assert summary.counts.imported == 46
