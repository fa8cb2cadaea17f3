"""Importing folders: counts, dedupe, re-scans, bad input, cancel, untouched originals."""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.models import (
    FileLocation,
    ImportErrorRecord,
    ImportRun,
    Photo,
    Thumbnail,
)
from photoarchive.catalogue.places import ensure_place
from photoarchive.catalogue.values import DatePrecision, DateSource
from photoarchive.errors import PhotoArchiveError
from photoarchive.importer import identify
from photoarchive.importer.pipeline import CancelToken, Progress, import_folders
from photoarchive.importer.scan import SUPPORTED
from tests.images import write_jpeg


def photos(catalogue: Catalogue) -> list[Photo]:
    with catalogue.session() as session:
        return list(session.scalars(select(Photo).order_by(Photo.id)))


def count(catalogue: Catalogue, model: type) -> int:
    with catalogue.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def errors(catalogue: Catalogue) -> dict[str, str]:
    with catalogue.session() as session:
        rows = session.execute(select(ImportErrorRecord.path, ImportErrorRecord.reason)).all()
    return {Path(path).name: reason for path, reason in rows}


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A small archive laid out as archivists do: dated folders, camera files, scans."""
    root = tmp_path / "archive"
    write_jpeg(root / "Barda 1997" / "scan-001.jpg", seed=1)
    write_jpeg(root / "1992-08 Sadarak" / "scan-002.jpg", seed=2)
    write_jpeg(root / "1990s" / "scan-003.jpg", seed=3)
    write_jpeg(
        root / "Baku" / "2022" / "IMG_0001.jpg",
        seed=4,
        taken=datetime(2022, 3, 14, 10, 22, 5),
        description="Forensic training",
        artist="Ingy Sedky/ICRC",
        gps=(40.41, 49.87),
    )
    write_jpeg(root / "Unsorted" / "2022-03-14_0012.jpg", seed=5)
    write_jpeg(root / "Unsorted" / "DSC01997.JPG", seed=6)
    return root


def test_import_reads_metadata_and_infers_dates(catalogue: Catalogue, archive: Path) -> None:
    summary = import_folders(catalogue, [archive], worker_kind="inline")
    assert summary.counts.imported == 6 and summary.counts.failed == 0
    by_name = {}
    with catalogue.session() as session:
        for photo in session.scalars(select(Photo)):
            by_name[Path(photo.locations[0].relative_path).name] = photo
    barda = by_name["scan-001.jpg"]
    assert (barda.year, barda.date_precision, barda.date_source) == (
        1997,
        DatePrecision.YEAR,
        DateSource.FOLDER_NAME,
    )
    sadarak = by_name["scan-002.jpg"]
    assert (sadarak.date_taken, sadarak.date_precision) == (
        datetime(1992, 8, 1),
        DatePrecision.MONTH,
    )
    decade = by_name["scan-003.jpg"]
    assert (decade.year, decade.date_precision) == (None, DatePrecision.DECADE)
    camera = by_name["IMG_0001.jpg"]
    assert camera.date_taken == datetime(2022, 3, 14, 10, 22, 5)
    assert camera.date_precision is DatePrecision.EXACT
    assert camera.caption == "Forensic training"
    assert camera.latitude == pytest.approx(40.41, abs=1e-4)
    assert camera.photographer_id is not None  # "Name/ICRC" is the house credit form
    assert by_name["2022-03-14_0012.jpg"].date_precision is DatePrecision.DAY
    assert by_name["DSC01997.JPG"].date_precision is DatePrecision.UNKNOWN  # a counter, not 1997
    assert count(catalogue, Thumbnail) == 6


def test_thumbnails_are_jpegs_of_at_most_320_px(catalogue: Catalogue, tmp_path: Path) -> None:
    write_jpeg(tmp_path / "in" / "big.jpg", size=(2000, 1500))
    import_folders(catalogue, [tmp_path / "in"], worker_kind="inline")
    with catalogue.session() as session:
        thumb = session.scalars(select(Thumbnail)).one()
    assert (thumb.width, thumb.height) == (320, 240)
    assert thumb.data[:2] == b"\xff\xd8"


def test_place_is_inferred_from_folder_names(catalogue: Catalogue, archive: Path) -> None:
    with catalogue.transaction() as session:
        barda = ensure_place(session, ["Azerbaijan", "Barda"]).id
    import_folders(catalogue, [archive], worker_kind="inline")
    with catalogue.session() as session:
        placed = session.scalars(
            select(FileLocation.relative_path).join(Photo).where(Photo.place_id == barda)
        ).all()
    assert placed == ["Barda 1997/scan-001.jpg"]


def test_same_photo_in_two_folders_is_one_photo(catalogue: Catalogue, tmp_path: Path) -> None:
    original = write_jpeg(tmp_path / "drive" / "a" / "x.jpg", seed=7)
    (tmp_path / "drive" / "b").mkdir()
    shutil.copy2(original, tmp_path / "drive" / "b" / "copy.jpg")
    summary = import_folders(catalogue, [tmp_path / "drive"], worker_kind="inline")
    assert (summary.counts.imported, summary.counts.duplicates) == (1, 1)
    assert count(catalogue, Photo) == 1 and count(catalogue, FileLocation) == 2


def test_reimport_decodes_nothing_unchanged(
    catalogue: Catalogue, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_folders(catalogue, [archive], worker_kind="inline")
    calls = []
    monkeypatch.setattr(identify, "examine", calls.append)
    summary = import_folders(catalogue, [archive], worker_kind="inline")
    assert summary.counts.unchanged == 6 and summary.counts.imported == 0
    assert calls == []


def test_reimport_picks_up_new_changed_moved_and_removed(
    catalogue: Catalogue, archive: Path
) -> None:
    import_folders(catalogue, [archive], worker_kind="inline")
    with catalogue.transaction() as session:
        for photo in session.scalars(select(Photo)):
            photo.caption = f"kept {photo.id}"
    write_jpeg(archive / "New" / "new.jpg", seed=50)
    changed = archive / "Unsorted" / "DSC01997.JPG"
    write_jpeg(changed, seed=51)
    os.utime(changed, ns=(1, 10**18))
    (archive / "Moved").mkdir()
    shutil.move(archive / "Barda 1997" / "scan-001.jpg", archive / "Moved" / "scan-001.jpg")
    (archive / "1990s" / "scan-003.jpg").unlink()

    summary = import_folders(catalogue, [archive], worker_kind="inline")

    counts = summary.counts
    assert (counts.imported, counts.moved, counts.removed, counts.unchanged) == (2, 1, 1, 3)
    assert count(catalogue, Photo) == 7  # the removed file's photo stays, offline
    captions = {p.caption for p in photos(catalogue)}
    assert {f"kept {i}" for i in range(1, 7)} <= captions  # tags survive edits and moves


@pytest.mark.parametrize(
    ("copy_name", "imported", "duplicates"),
    [
        ("a copy.jpg", 1, 1),  # read first: a copy of a known photo, and the edit a new one
        ("z copy.jpg", 2, 0),  # read after the edit took the photo row: a new photo
    ],
)
def test_an_edit_and_a_copy_of_the_old_content_in_one_batch(
    catalogue: Catalogue, tmp_path: Path, copy_name: str, imported: int, duplicates: int
) -> None:
    folder = tmp_path / "in"
    edited = write_jpeg(folder / "m edited.jpg", seed=60)
    write_jpeg(folder / "other.jpg", seed=61)
    import_folders(catalogue, [folder], worker_kind="inline")
    with catalogue.transaction() as session:
        for photo in session.scalars(select(Photo)):
            photo.caption = "kept"
    # One run (one batch) sees the old content copied beside and the original edited.
    (folder / copy_name).write_bytes(edited.read_bytes())
    write_jpeg(edited, seed=62)
    os.utime(edited, ns=(1, 10**18))

    summary = import_folders(catalogue, [folder], worker_kind="inline")  # in name order

    counts = summary.counts
    assert (counts.imported, counts.duplicates, counts.unchanged) == (imported, duplicates, 1)
    assert count(catalogue, Photo) == 3 == count(catalogue, Thumbnail)
    with catalogue.session() as session:
        rows = session.execute(
            select(FileLocation.relative_path, Photo.content_hash, Photo.caption).join(Photo)
        ).all()
    for path, content_hash, _caption in rows:
        assert content_hash == hashlib.sha256((folder / path).read_bytes()).hexdigest(), path
    # The photo row the edit kept (or the copy kept) still has its caption.
    assert sorted(caption or "" for *_, caption in rows).count("kept") == 2


def test_a_file_over_the_size_limit_is_recorded_unread(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_jpeg(tmp_path / "in" / "small.jpg", size=(8, 8))
    write_jpeg(tmp_path / "in" / "large.jpg", size=(400, 300), seed=2)
    monkeypatch.setattr(identify, "MAX_FILE_BYTES", 2000)
    summary = import_folders(catalogue, [tmp_path / "in"], worker_kind="inline")
    assert (summary.counts.imported, summary.counts.failed) == (1, 1)
    assert errors(catalogue) == {"large.jpg": "file too large (over 512 MB)"}


def test_bad_files_are_recorded_and_the_run_goes_on(catalogue: Catalogue, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    good = write_jpeg(folder / "good.jpg", seed=1)
    (folder / "truncated.jpg").write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "notes.jpg").write_text("not a photo at all")
    (folder / "phone.heic").write_bytes(b"\x00\x00\x00\x18ftypheic")
    (folder / "camera.NEF").write_bytes(b"II*\x00raw")
    (folder / ".hidden.jpg").write_bytes(good.read_bytes())
    (folder / "Thumbs.db").write_bytes(b"junk")
    (folder / "readme.txt").write_text("ignored")
    Image.new("1", (20000, 20000)).save(folder / "bomb.png")
    (folder / "loop").symlink_to(folder / "loop")

    summary = import_folders(catalogue, [folder], worker_kind="inline")

    assert summary.counts.imported == 1
    assert summary.counts.unsupported == 2
    found = errors(catalogue)
    assert set(found) == {
        "truncated.jpg",
        "empty.jpg",
        "notes.jpg",
        "phone.heic",
        "camera.NEF",
        "bomb.png",
        "loop",
    }
    assert "unsupported" in found["phone.heic"] and "RAW" in found["camera.NEF"]
    assert "decompression bomb" in found["bomb.png"]
    assert "empty" in found["empty.jpg"]
    with catalogue.session() as session:
        run = session.scalars(select(ImportRun)).one()
    assert (run.status, run.failed, run.imported) == ("completed", 5, 1)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_recorded(catalogue: Catalogue, tmp_path: Path) -> None:
    locked = write_jpeg(tmp_path / "in" / "locked.jpg")
    locked.chmod(0)
    import_folders(catalogue, [tmp_path / "in"], worker_kind="inline")
    assert errors(catalogue) == {"locked.jpg": "permission denied"}


def test_missing_folder_is_refused_before_anything_is_written(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    with pytest.raises(PhotoArchiveError, match="does not exist"):
        import_folders(catalogue, [tmp_path / "nowhere"])
    assert count(catalogue, ImportRun) == 0


def test_cancel_stops_between_files_and_leaves_whole_photos(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    for i in range(30):
        write_jpeg(tmp_path / "many" / f"{i:03}.jpg", seed=100 + i)
    cancel = CancelToken()
    seen: list[Progress] = []

    def progress(update: Progress) -> None:
        seen.append(update)
        if update.phase == "importing" and update.done >= 5:
            cancel.cancel()

    from photoarchive.importer import pipeline

    pipeline.PROGRESS_INTERVAL, saved = 0.0, pipeline.PROGRESS_INTERVAL
    try:
        summary = import_folders(
            catalogue,
            [tmp_path / "many"],
            progress=progress,
            cancel=cancel,
            worker_kind="thread",
            workers=2,
        )
    finally:
        pipeline.PROGRESS_INTERVAL = saved
    assert summary.cancelled
    assert 5 <= summary.counts.imported < 30
    assert count(catalogue, Photo) == count(catalogue, Thumbnail) == count(catalogue, FileLocation)
    again = import_folders(catalogue, [tmp_path / "many"], worker_kind="inline")
    assert again.counts.imported + again.counts.unchanged == 30
    assert count(catalogue, Photo) == 30


def test_thread_and_process_workers_give_the_same_catalogue(tmp_path: Path, archive: Path) -> None:
    from photoarchive.catalogue.database import open_catalogue

    results = []
    for kind in ("inline", "thread", "process"):
        with open_catalogue(tmp_path / f"{kind}.sqlite") as catalogue:
            import_folders(catalogue, [archive], worker_kind=kind, workers=2)  # type: ignore[arg-type]
            results.append(
                sorted((p.content_hash, p.date_taken, p.caption) for p in photos(catalogue))
            )
    assert results[0] == results[1] == results[2]


def test_originals_are_byte_identical_after_import(catalogue: Catalogue, archive: Path) -> None:
    def state() -> dict[Path, tuple[str, int]]:
        return {
            p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in archive.rglob("*")
            if p.is_file()
        }

    before = state()
    import_folders(catalogue, [archive], worker_kind="process")
    assert state() == before


def test_real_camera_files_never_crash_the_run(catalogue: Catalogue, real_images: Path) -> None:
    summary = import_folders(catalogue, [real_images], worker_kind="process")
    counts = summary.counts
    files = [p for p in real_images.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED]
    assert counts.imported + counts.duplicates + counts.failed == len(files)
    assert count(catalogue, Photo) == count(catalogue, Thumbnail)


def test_a_decoder_crash_costs_one_file_not_the_run(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from photoarchive.importer import pipeline
    from tests import crashing

    for i in range(8):
        write_jpeg(tmp_path / "in" / f"{i}.jpg", seed=300 + i)
    write_jpeg(tmp_path / "in" / "crash.jpg", seed=399)
    monkeypatch.setattr(pipeline, "_identify", crashing.identify_or_die)

    summary = import_folders(catalogue, [tmp_path / "in"], worker_kind="process", workers=2)

    assert (summary.counts.imported, summary.counts.failed) == (8, 1)
    assert "crashed the decoder" in errors(catalogue)["crash.jpg"]


@pytest.mark.parametrize("kind", [[], ["--workers-kind", "thread"], ["--workers-kind", "process"]])
def test_the_command_line_imports_with_threads_or_processes(
    tmp_path: Path, kind: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from photoarchive.cli import main

    for number in range(3):
        write_jpeg(tmp_path / "in" / f"{number}.jpg", seed=number)
    command = ["--catalogue", str(tmp_path / "c.sqlite"), "import", "--quiet", *kind]
    assert main([*command, str(tmp_path / "in")]) == 0
    assert "3 imported" in capsys.readouterr().out
