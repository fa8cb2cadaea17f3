"""Hostile input through the whole import path: a recorded error or a correct import, never worse.

Kinds already tried in test_import.py (truncated JPEG, zero-byte file, text named .jpg,
decompression bomb, a symlink to itself, chmod 000 as non-root) are not repeated here.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select

from photoarchive.catalogue.database import Catalogue, open_catalogue
from photoarchive.catalogue.models import (
    FileLocation,
    ImportErrorRecord,
    ImportRun,
    Photo,
    Thumbnail,
)
from photoarchive.catalogue.values import DatePrecision, DateSource
from photoarchive.errors import PhotoArchiveError
from photoarchive.importer import identify, pipeline, writer
from photoarchive.importer.errors import ImportFailure
from photoarchive.importer.pipeline import ImportSummary, import_folders
from tests.images import write_jpeg

# ---------------------------------------------------------------- helpers


def run(catalogue: Catalogue, folder: Path, **options: Any) -> ImportSummary:
    return import_folders(catalogue, [folder], worker_kind="inline", **options)


def errors(catalogue: Catalogue) -> dict[str, str]:
    """The recorded import errors of the last run, by file name as stored."""
    with catalogue.session() as session:
        last = session.scalar(select(func.max(ImportRun.id)))
        rows = session.execute(
            select(ImportErrorRecord.path, ImportErrorRecord.reason).where(
                ImportErrorRecord.run_id == last
            )
        )
        return {path.rsplit("/", 1)[-1]: reason for path, reason in rows}


def photos_by_name(catalogue: Catalogue) -> dict[str, Photo]:
    with catalogue.session() as session:
        rows = session.execute(select(FileLocation.relative_path, Photo).join(Photo)).all()
        return {path.rsplit("/", 1)[-1]: photo for path, photo in rows}


def assert_whole(catalogue: Catalogue) -> None:
    """No half-written photo: each has its thumbnail and a location; the runs all finished."""
    with catalogue.session() as session:
        photos = session.scalar(select(func.count()).select_from(Photo))
        thumbnails = session.scalar(select(func.count()).select_from(Thumbnail))
        located = session.scalar(select(func.count(func.distinct(FileLocation.photo_id))))
        statuses = set(session.scalars(select(ImportRun.status)))
    assert photos == thumbnails == located
    assert statuses <= {"completed"}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw_name(folder: Path, name: bytes) -> Path:
    """A path whose last part is ``name`` exactly as bytes, even when they are not UTF-8."""
    return Path(os.fsdecode(os.fsencode(folder) + b"/" + name))


# ---------------------------------------------------------------- PNG text chunks


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def _png_with_chunks(*chunks: bytes, seed: int = 0) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (seed, 90, 200)).save(out, "PNG")
    data = out.getvalue()
    idat = data.index(b"IDAT") - 4  # text before the pixels: read when the file is opened
    return data[:idat] + b"".join(chunks) + data[idat:]


def test_png_text_chunks_beyond_pillows_limits(catalogue: Catalogue, tmp_path: Path) -> None:
    folder = tmp_path / "png"
    folder.mkdir()
    bomb = zlib.compress(b"\x00" * 40_000_000, 9)  # 40 MB of text in 40 KB
    (folder / "long_text.png").write_bytes(
        _png_with_chunks(_png_chunk(b"tEXt", b"Description\x00" + b"x" * 3_000_000), seed=1)
    )
    (folder / "ztxt_bomb.png").write_bytes(
        _png_with_chunks(_png_chunk(b"zTXt", b"Description\x00\x00" + bomb), seed=2)
    )
    (folder / "itxt_bomb.png").write_bytes(
        _png_with_chunks(_png_chunk(b"iTXt", b"Description\x00\x01\x00en\x00\x00" + bomb), seed=3)
    )
    write_jpeg(folder / "good.jpg")

    summary = run(catalogue, folder)

    assert (summary.counts.imported, summary.counts.failed) == (2, 2)
    assert set(photos_by_name(catalogue)) == {"long_text.png", "good.jpg"}
    found = errors(catalogue)
    assert set(found) == {"ztxt_bomb.png", "itxt_bomb.png"}
    assert all("too large" in reason for reason in found.values()), found
    assert_whole(catalogue)


# ---------------------------------------------------------------- absurd EXIF

ASCII, SHORT, LONG, RATIONAL, UNDEFINED = 2, 3, 4, 5, 7
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
Entry = tuple[int, int, int, bytes]  # tag, type, count, value bytes


def _ascii(tag: int, text: str | bytes) -> Entry:
    raw = (text.encode() if isinstance(text, str) else text) + b"\x00"
    return tag, ASCII, len(raw), raw


def _rationals(tag: int, *pairs: tuple[int, int]) -> Entry:
    return tag, RATIONAL, len(pairs), b"".join(struct.pack("<II", *pair) for pair in pairs)


def _exif_bytes(
    ifd0: list[Entry],
    exif: list[Entry] | None = None,
    gps: list[Entry] | None = None,
    *,
    exif_offset: int | None = None,
) -> bytes:
    """An APP1 EXIF payload written by hand, so that it may hold what no camera library writes.

    ``exif_offset`` overrides where IFD 0 says the EXIF IFD is (to point it anywhere).
    """
    subs = [(tag, entries) for tag, entries in ((EXIF_IFD, exif), (GPS_IFD, gps)) if entries]
    position = 8 + 2 + 12 * (len(ifd0) + len(subs)) + 4
    offsets = []
    for _, entries in subs:
        offsets.append(position)
        position += 2 + 12 * len(entries) + 4
    data = bytearray()

    def ifd(entries: list[Entry]) -> bytes:
        out = bytearray(struct.pack("<H", len(entries)))
        for tag, kind, count, value in sorted(entries):
            field = value
            if len(value) > 4:
                field = struct.pack("<I", position + len(data))
                data.extend(value + b"\x00" * (len(value) % 2))
            out += struct.pack("<HHI", tag, kind, count) + field.ljust(4, b"\x00")
        return bytes(out + b"\x00\x00\x00\x00")

    pointers = [
        (tag, LONG, 1, struct.pack("<I", exif_offset if tag == EXIF_IFD and exif_offset else at))
        for (tag, _), at in zip(subs, offsets, strict=True)
    ]
    body = ifd(ifd0 + pointers) + b"".join(ifd(entries) for _, entries in subs)
    return b"Exif\x00\x00II*\x00" + struct.pack("<I", 8) + body + bytes(data)


# Each file carries one kind of nonsense, so that one field cannot hide another's handling.
ABSURD_EXIF: dict[str, bytes] = {
    "year_0.jpg": _exif_bytes([], exif=[_ascii(0x9003, "0000:00:00 00:00:00")]),
    "year_9999.jpg": _exif_bytes([], exif=[_ascii(0x9003, "9999:12:31 23:59:59")]),
    "date_as_number.jpg": _exif_bytes([], exif=[(0x9003, LONG, 1, struct.pack("<I", 20220314))]),
    "date_as_rational.jpg": _exif_bytes([], exif=[_rationals(0x9003, (2022, 0))]),
    "gps_out_of_range.jpg": _exif_bytes(
        [],
        gps=[
            _ascii(1, "N"),
            _rationals(2, (95, 1), (0, 1), (0, 1)),
            _ascii(3, "E"),
            _rationals(4, (190, 1), (0, 1), (0, 1)),
        ],
    ),
    "gps_zero_denominators.jpg": _exif_bytes(
        [], gps=[_rationals(2, (40, 0), (1, 0), (0, 0)), _rationals(4, (49, 0), (0, 0), (0, 0))]
    ),
    "gps_as_text.jpg": _exif_bytes(
        [], gps=[_ascii(1, "North"), _ascii(2, "forty"), (3, SHORT, 1, b"\x07\x00")]
    ),
    "gps_huge_count.jpg": _exif_bytes([], gps=[(2, RATIONAL, 0x7FFFFFFF, struct.pack("<I", 8))]),
    "orientation_as_text.jpg": _exif_bytes([_ascii(0x0112, "six")]),
    "orientation_as_rational.jpg": _exif_bytes([_rationals(0x0112, (6, 0))]),
    "long_make_and_model.jpg": _exif_bytes(
        [_ascii(0x010F, "M" * 5000), _ascii(0x0110, "X" * 5000)]
    ),
    "text_as_numbers.jpg": _exif_bytes(
        [(0x010E, SHORT, 3, b"\x01\x00\x02\x00\x03\x00"), (0x013B, LONG, 1, b"\xff\xff\xff\xff")]
    ),
    "binary_artist.jpg": _exif_bytes([(0x013B, UNDEFINED, 8, b"\xff\xfe\x00\xd8\xc0\x00\xff\x00")]),
    "ifd_points_at_itself.jpg": _exif_bytes(
        [_ascii(0x010E, "Barda")], exif=[_ascii(0x9003, "1997:06:14 11:20:05")], exif_offset=8
    ),
}


def _jpeg_with_exif(path: Path, exif: bytes, seed: int) -> None:
    image = Image.new("RGB", (48, 32), (seed * 13 % 256, 80, 160))
    image.save(path, "JPEG", quality=80, exif=exif)


def test_absurd_exif_values_cost_the_field_not_the_photo(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    folder = tmp_path / "Barda 1997"
    folder.mkdir()
    for seed, (name, exif) in enumerate(ABSURD_EXIF.items()):
        _jpeg_with_exif(folder / name, exif, seed)
    tiff = io.BytesIO()
    description = Image.Exif()
    description[0x010E] = b"y" * 1_000_000  # a TIFF holds what a 64 KB JPEG segment cannot
    Image.new("RGB", (48, 32), "white").save(tiff, "TIFF", exif=description)
    (folder / "megabyte_description.tif").write_bytes(tiff.getvalue())

    summary = run(catalogue, folder)

    assert (summary.counts.imported, summary.counts.failed) == (len(ABSURD_EXIF) + 1, 0), errors(
        catalogue
    )
    found = photos_by_name(catalogue)
    for name, photo in found.items():
        # No believable date in any file: the folder name gives the year.
        assert (photo.year, photo.date_precision, photo.date_source) == (
            1997,
            DatePrecision.YEAR,
            DateSource.FOLDER_NAME,
        ), name
        assert (photo.latitude, photo.longitude) == (None, None), name
        assert photo.orientation is None, name
    assert found["megabyte_description.tif"].caption == "y" * 10_000
    make, model = found["long_make_and_model.jpg"].make, found["long_make_and_model.jpg"].model
    assert make is not None and model is not None
    assert set(make) == {"M"} and set(model) == {"X"}
    assert found["ifd_points_at_itself.jpg"].caption == "Barda"  # IFD 0 read once
    numbers = found["text_as_numbers.jpg"]
    assert (numbers.caption, numbers.creator) == (None, None)
    binary = found["binary_artist.jpg"].creator
    assert binary is None or binary.encode("utf-8")  # cleaned to storable text
    assert_whole(catalogue)


# ---------------------------------------------------------------- file names


def test_names_that_are_not_utf8_are_recorded_and_the_rest_imports(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    folder = tmp_path / "names"
    write_jpeg(folder / "good.jpg", seed=1)
    write_jpeg(folder / "Bərdə.jpg", seed=2)  # non-ASCII but valid UTF-8: imported as is
    latin1 = raw_name(folder, b"Bar\xe7a 1997.jpg")  # a Latin-1 name from an old drive
    write_jpeg(latin1, seed=3)
    old_folder = raw_name(folder, b"Sadarak \xff")
    write_jpeg(old_folder / "scan.jpg", seed=4)
    (old_folder / "notes.txt").write_text("not a photo: nothing to report")

    summary = run(catalogue, folder)

    assert (summary.counts.imported, summary.counts.failed) == (2, 2)
    assert set(photos_by_name(catalogue)) == {"good.jpg", "Bərdə.jpg"}
    assert errors(catalogue) == {
        "Bar\\xe7a 1997.jpg": "file name is not valid UTF-8; rename the file",
        "scan.jpg": "folder name is not valid UTF-8; rename the folder",
    }
    with catalogue.session() as session:
        paths = set(session.scalars(select(ImportErrorRecord.path)))
    assert any(path.endswith("/names/Sadarak \\xff/scan.jpg") for path in paths)

    again = run(catalogue, folder)  # the same answer, and still no crash
    assert (again.counts.unchanged, again.counts.failed) == (2, 2)
    latin1.rename(folder / "Barça 1997.jpg")
    renamed = run(catalogue, folder)
    assert (renamed.counts.imported, renamed.counts.failed) == (1, 1)
    assert "Barça 1997.jpg" in photos_by_name(catalogue)
    assert_whole(catalogue)


def test_a_folder_to_import_whose_name_is_not_utf8_is_refused(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    folder = raw_name(tmp_path, b"Bar\xe7a 1997")
    write_jpeg(folder / "scan.jpg")
    with pytest.raises(PhotoArchiveError, match="not valid UTF-8"):
        run(catalogue, folder)
    with catalogue.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportRun)) == 0


def test_names_of_255_bytes_and_long_paths(catalogue: Catalogue, tmp_path: Path) -> None:
    folder = tmp_path / "long"
    ascii_name = "a" * 251 + ".jpg"
    two_byte_name = "ə" * 125 + "x.jpg"  # 250 + 5 bytes in UTF-8
    deep = folder / ("d" * 255) / ("e" * 255) / ("f" * 255)
    for seed, path in enumerate([folder / ascii_name, folder / two_byte_name, deep / ascii_name]):
        write_jpeg(path, seed=seed)
    assert len(os.fsencode(two_byte_name)) == 255

    summary = run(catalogue, folder)

    assert (summary.counts.imported, summary.counts.failed) == (3, 0)
    with catalogue.session() as session:
        stored = set(session.scalars(select(FileLocation.relative_path)))
    assert stored == {
        ascii_name,
        two_byte_name,
        f"{'d' * 255}/{'e' * 255}/{'f' * 255}/{ascii_name}",
    }
    assert run(catalogue, folder).counts.unchanged == 3
    assert_whole(catalogue)


# ---------------------------------------------------------------- permissions


@pytest.fixture
def refuse_to_open(monkeypatch: pytest.MonkeyPatch) -> set[Path]:
    """Paths whose opening fails with "permission denied", as for a non-root user after chmod 000.

    The suite runs as root in CI, where permissions do not apply, so they are simulated.
    """
    refused: set[Path] = set()
    real_open = Path.open

    def guarded_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self in refused:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    return refused


def test_file_without_read_permission_is_recorded(
    catalogue: Catalogue, tmp_path: Path, refuse_to_open: set[Path]
) -> None:
    folder = tmp_path / "in"
    write_jpeg(folder / "open.jpg", seed=1)
    refuse_to_open.add(write_jpeg(folder / "locked.jpg", seed=2))

    summary = run(catalogue, folder)

    assert (summary.counts.imported, summary.counts.failed) == (1, 1)
    assert errors(catalogue) == {"locked.jpg": "permission denied"}
    refuse_to_open.clear()  # the archivist fixes the permission and imports again
    assert run(catalogue, folder).counts.imported == 1
    assert set(photos_by_name(catalogue)) == {"open.jpg", "locked.jpg"}
    assert_whole(catalogue)


def test_folder_without_read_permission_keeps_its_known_photos(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    write_jpeg(folder / "Baku" / "a.jpg", seed=1)
    write_jpeg(folder / "Barda" / "b.jpg", seed=2)
    run(catalogue, folder)
    real_scandir = os.scandir
    locked = folder / "Barda"

    def guarded_scandir(path: Any) -> Any:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded_scandir)

    summary = run(catalogue, folder)

    assert (summary.counts.unchanged, summary.counts.removed) == (1, 0)
    assert errors(catalogue) == {"Barda": "permission denied"}
    assert set(photos_by_name(catalogue)) == {"a.jpg", "b.jpg"}  # b.jpg is not forgotten


# ---------------------------------------------------------------- symlink loops


def test_symlink_loops_through_folders_and_files_end(catalogue: Catalogue, tmp_path: Path) -> None:
    folder = tmp_path / "links"
    write_jpeg(folder / "a" / "b" / "photo.jpg", seed=1)
    (folder / "a" / "b" / "up").symlink_to(folder)  # a folder link back to the top
    (folder / "a" / "self").symlink_to(".")
    (folder / "ping.jpg").symlink_to("pong.jpg")  # a file link loop of two
    (folder / "pong.jpg").symlink_to("ping.jpg")

    summary = run(catalogue, folder)

    assert (summary.counts.imported, summary.counts.failed) == (1, 2)
    assert set(photos_by_name(catalogue)) == {"photo.jpg"}
    assert set(errors(catalogue)) == {"ping.jpg", "pong.jpg"}
    assert_whole(catalogue)


# ---------------------------------------------------------------- a huge flat folder


def _tiny_image(number: int) -> tuple[str, bytes]:
    kind = ("PNG", "GIF", "BMP", "JPEG")[number % 4]
    out = io.BytesIO()
    colour = (number % 256, number // 256 % 256, 77)
    Image.new("RGB", (1 + number % 3, 1 + number % 2), colour).save(out, kind)
    return f"{number:05}.{kind.lower()}", out.getvalue()


@pytest.mark.slow
def test_a_folder_of_ten_thousand_tiny_files(tmp_path: Path) -> None:
    folder = tmp_path / "flat"
    folder.mkdir()
    images = 2_000
    for number in range(images):
        name, data = _tiny_image(number)
        (folder / name).write_bytes(data)
    junk = (b"", b"\xff\xd8\xff", b"not a photo", b"\x00" * 7)  # empty, cut, text, zeros
    for number in range(images, 10_000):
        (folder / f"{number:05}.jpg").write_bytes(junk[number % 4])

    with open_catalogue(tmp_path / "flat.sqlite") as catalogue:
        summary = import_folders(catalogue, [folder], worker_kind="inline")

        assert (summary.counts.imported, summary.counts.failed) == (images, 10_000 - images)
        with catalogue.session() as session:
            recorded = session.scalar(select(func.count()).select_from(ImportErrorRecord))
            locations = session.scalar(select(func.count()).select_from(FileLocation))
        assert (recorded, locations) == (10_000 - images, images)
        assert_whole(catalogue)


# ---------------------------------------------------------------- files that change


class _ChangingHandle:
    """A file handle on which ``read`` lets ``change`` alter the file first (another program)."""

    def __init__(self, handle: Any, change: Callable[[Any], bytes | None]) -> None:
        self._handle, self._change = handle, change

    def __enter__(self) -> _ChangingHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def fileno(self) -> int:
        return int(self._handle.fileno())

    def read(self, size: int = -1) -> bytes:
        replaced = self._change(self._handle)
        data = self._handle.read(size)
        return data if replaced is None else replaced


def _rewrite(path: Path, data: bytes) -> Callable[[Any], None]:
    def change(_handle: Any) -> None:
        path.write_bytes(data)  # truncated and rewritten in place, as an editor saves

    return change


def _short_read(_handle: Any) -> bytes:
    return bytes(_handle.read(500))  # fewer bytes than the size the file has


def _append(path: Path) -> Callable[[Any], None]:
    def change(_handle: Any) -> None:
        with path.open("ab") as out:
            out.write(b"\x00" * 100)  # a copy still arriving

    return change


@pytest.mark.parametrize("how", ["rewritten", "short read", "growing"])
def test_a_file_changing_during_its_read_is_an_error_and_the_next_run_takes_it(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    folder = tmp_path / "in"
    write_jpeg(folder / "steady.jpg", seed=1)
    target = write_jpeg(folder / "changing.jpg", seed=2)
    final = write_jpeg(tmp_path / "final.jpg", seed=3, size=(120, 90)).read_bytes()
    change = {
        "rewritten": _rewrite(target, final),
        "short read": _short_read,
        "growing": _append(target),
    }[how]
    real_open = Path.open
    changed: list[Path] = []

    def open_once_changing(self: Path, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, *args, **kwargs)
        if self != target or changed:
            return handle
        changed.append(self)
        return _ChangingHandle(handle, change)

    monkeypatch.setattr(Path, "open", open_once_changing)

    summary = run(catalogue, folder)

    assert (summary.counts.imported, summary.counts.failed) == (1, 1)
    assert errors(catalogue) == {
        "changing.jpg": "the file changed while it was being read; import it again later"
    }
    if how == "short read":
        target.write_bytes(final)
    assert run(catalogue, folder).counts.imported == 1
    photo = photos_by_name(catalogue)["changing.jpg"]
    assert photo.content_hash == sha256(target)
    with catalogue.session() as session:
        location = session.scalars(
            select(FileLocation).where(FileLocation.relative_path == "changing.jpg")
        ).one()
    assert (location.size, location.mtime_ns) == (target.stat().st_size, target.stat().st_mtime_ns)
    assert_whole(catalogue)


# Another program saving files over and over, on the other core: in place (truncate, then
# write in 8 KB pieces, as a copy arrives) or atomically (write beside, then rename).
SAVER = """
import os, sys, pathlib, time
folder, versions, stop = (pathlib.Path(arg) for arg in sys.argv[1:4])
names = sorted(p.name for p in folder.iterdir())
turn = 0
(folder.parent / "turns").write_text("0")
while not stop.exists():
    for name in names:
        data = (versions / f"{name}.{turn % 3}").read_bytes()
        if turn % 2:
            with open(folder / name, "r+b") as out:
                out.truncate(0)
                for start in range(0, len(data), 8192):
                    out.write(data[start:start + 8192])
                    out.flush()
                    time.sleep(0.001)
        else:
            (folder / f".{name}.tmp").write_bytes(data)
            os.replace(folder / f".{name}.tmp", folder / name)
    turn += 1
    (folder.parent / "turns").write_text(str(turn))  # rounds of saving, for the test
"""


def _wait_for(condition: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _noise_jpeg(seed: int) -> bytes:
    pixels = random.Random(seed).randbytes(160 * 120 * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (160, 120), pixels).save(out, "JPEG", quality=95)
    return out.getvalue()


def test_files_rewritten_during_an_import_give_whole_versions_or_errors(tmp_path: Path) -> None:
    folder, stored_versions = tmp_path / "busy", tmp_path / "versions"
    folder.mkdir()
    stored_versions.mkdir()
    any_version = set()
    for number in range(8):
        name = f"{number:02}.jpg"
        for version in range(3):
            data = _noise_jpeg(100 * version + number)
            (stored_versions / f"{name}.{version}").write_bytes(data)
            any_version.add(hashlib.sha256(data).hexdigest())
        (folder / name).write_bytes((stored_versions / f"{name}.0").read_bytes())
    stop = tmp_path / "stop"
    command = [sys.executable, "-c", SAVER, str(folder), str(stored_versions), str(stop)]

    with open_catalogue(tmp_path / "busy.sqlite") as catalogue:
        saver = subprocess.Popen(command)
        try:
            _wait_for((tmp_path / "turns").exists)
            first = import_folders(catalogue, [folder], worker_kind="thread", workers=2)
        finally:
            stop.touch()
            saver.wait(timeout=30)
        assert int((tmp_path / "turns").read_text()) >= 1  # the saver was at work meanwhile
        assert first.counts.imported + first.counts.failed == 8
        with catalogue.session() as session:
            stored = set(session.scalars(select(Photo.content_hash)))
        assert stored <= any_version  # never a photo of torn bytes
        assert set(errors(catalogue).values()) <= {
            "the file changed while it was being read; import it again later",
            "empty file (0 bytes)",
            "truncated image",
        }

        import_folders(catalogue, [folder], worker_kind="inline")

        final = photos_by_name(catalogue)
        assert set(final) == {f"{number:02}.jpg" for number in range(8)}
        for name, photo in final.items():
            assert photo.content_hash == sha256(folder / name), name
        assert_whole(catalogue)


# ---------------------------------------------------------------- rows the database refuses


def test_one_file_the_database_refuses_costs_only_that_file(
    catalogue: Catalogue,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    folder = tmp_path / "in"
    for number in range(10):
        write_jpeg(folder / f"{number:02}.jpg", seed=number)
    (folder / "later").mkdir()
    (folder / "later" / "copy of 03.jpg").write_bytes((folder / "03.jpg").read_bytes())
    real_fill = writer.fill_photo
    refused = folder / "03.jpg"

    def fill_with_unstorable_text(photo: Photo, item: Any, examined: Any) -> None:
        real_fill(photo, item, examined)
        if item.found.path == refused:
            photo.caption = "a lone surrogate \udcff no database stores"

    monkeypatch.setattr(writer, "fill_photo", fill_with_unstorable_text)
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 4)

    summary = run(catalogue, folder)

    # The copy in a later batch is a new photo, not a link to the rolled-back row.
    assert (summary.counts.imported, summary.counts.duplicates, summary.counts.failed) == (10, 0, 1)
    reason = errors(catalogue)["03.jpg"]
    assert reason.startswith("could not be written to the catalogue (")
    assert "The catalogue refused the rows of" in caplog.text
    assert set(photos_by_name(catalogue)) == {f"{n:02}.jpg" for n in range(10)} - {"03.jpg"} | {
        "copy of 03.jpg"
    }
    assert_whole(catalogue)

    monkeypatch.setattr(writer, "fill_photo", real_fill)
    again = run(catalogue, folder)
    assert (again.counts.duplicates, again.counts.failed) == (1, 0)
    assert "03.jpg" in photos_by_name(catalogue)


def test_reasons_the_database_would_refuse_are_stored_escaped(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_jpeg(tmp_path / "in" / "odd.jpg")

    def fail(_path: Path, _known: object) -> None:
        raise ImportFailure("corrupt image data: \x00\udcff")

    monkeypatch.setattr(identify, "identify", fail)
    assert run(catalogue, tmp_path / "in").counts.failed == 1
    assert errors(catalogue) == {"odd.jpg": "corrupt image data: \\x00\\udcff"}
