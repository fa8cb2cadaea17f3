"""Fuzzing the reader of one photo file: real camera files with damaged headers give a photo or
an ImportFailure, never any other exception.

The mutations hit where parsers go wrong: JPEG markers and segment lengths, the APP1 EXIF
block (TIFF header, IFD entries, offsets), the frame header (SOF) and the other headers
before the picture data. Runs are derandomized, so CI tries the same cases every time; set
PHOTOARCHIVE_FUZZ_EXAMPLES to try more of them locally.
"""

from __future__ import annotations

import functools
import os
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from photoarchive.importer.errors import ImportFailure
from photoarchive.importer.examine import examine

REAL_IMAGES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real-images"
EXAMPLES = int(os.environ.get("PHOTOARCHIVE_FUZZ_EXAMPLES", "200"))
HEADER_BYTES = 4096  # mutations land in the first few KB, where the headers are
pytestmark = pytest.mark.skipif(
    not REAL_IMAGES.is_dir(), reason=f"the real camera files are not here: {REAL_IMAGES}"
)


def _files(*suffixes: str, largest: int = 300_000) -> list[str]:
    if not REAL_IMAGES.is_dir():
        return []
    return sorted(
        path.relative_to(REAL_IMAGES).as_posix()
        for path in REAL_IMAGES.rglob("*")
        if path.suffix.lower() in suffixes and path.stat().st_size <= largest
    )


JPEG_FILES = _files(".jpg", ".jpeg", ".mpo")
OTHER_FILES = _files(".tif", ".tiff", ".png", ".webp", ".gif", ".avif", largest=100_000)
# Markers a mutated segment may turn into: frame headers, tables, scan, APPn, comment, end.
MARKERS = [0xC0, 0xC1, 0xC2, 0xC3, 0xC4, 0xC9, 0xCF, 0xD8, 0xD9, 0xDA, 0xDB, 0xDD,
           0xE0, 0xE1, 0xE2, 0xED, 0xEE, 0xFE, 0xFF, 0x00]  # fmt: skip
# Values that break length and offset arithmetic.
EDGE_WORDS = [0, 1, 2, 3, 7, 8, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF]


@functools.cache
def _content(name: str) -> bytes:
    return (REAL_IMAGES / name).read_bytes()


def _segments(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each JPEG header segment, from SOI up to and including SOS."""
    found, position = [], 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker in (0x01, 0xD8, 0xFF) or 0xD0 <= marker <= 0xD7:
            position += 1 if marker == 0xFF else 2
            continue
        end = position + 2 + int.from_bytes(data[position + 2 : position + 4], "big")
        found.append((position, min(end, len(data))))
        if marker == 0xDA:
            break
        position = end
    return found


@st.composite
def _mutation(draw: st.DrawFn, data: bytearray) -> None:
    """Change ``data`` in place, one way; segments are found afresh after earlier changes."""
    if len(data) < 8:
        data.extend(draw(st.binary(min_size=8, max_size=64)))
        return
    segments = _segments(bytes(data)) if data[:2] == b"\xff\xd8" else []
    kinds = ["flip", "set", "insert", "delete", "cut"]
    if segments:
        kinds += ["length", "marker", "inside", "repeat", "drop"]
    kind = draw(st.sampled_from(kinds))
    at = draw(st.integers(0, min(len(data), HEADER_BYTES) - 1))
    if kind in ("length", "marker", "inside", "repeat", "drop"):
        start, end = draw(st.sampled_from(segments))
        if kind == "length":
            word = draw(st.sampled_from(EDGE_WORDS) | st.integers(0, 0xFFFF))
            data[start + 2 : start + 4] = word.to_bytes(2, "big")
        elif kind == "marker":
            data[start + 1] = draw(st.sampled_from(MARKERS))
        elif kind == "inside" and end - start > 4:
            # Inside a segment: EXIF's byte order, IFD counts, types and offsets; SOF's sizes.
            where = draw(st.integers(start + 4, end - 1))
            data[where] = draw(
                st.sampled_from([0x00, 0xFF, 0x7F, 0x80, 0x01]) | st.integers(0, 255)
            )
        elif kind == "repeat":
            data[end:end] = data[start:end]
        elif kind == "drop":
            del data[start:end]
    elif kind == "flip":
        data[at] ^= 1 << draw(st.integers(0, 7))
    elif kind == "set":
        data[at] = draw(st.integers(0, 255))
    elif kind == "insert":
        data[at:at] = draw(st.binary(min_size=1, max_size=16))
    elif kind == "delete":
        del data[at : at + draw(st.integers(1, 64))]
    else:
        del data[draw(st.integers(1, len(data) - 1)) :]


@st.composite
def _damaged(draw: st.DrawFn, names: list[str]) -> tuple[str, bytes]:
    name = draw(st.sampled_from(names))
    data = bytearray(_content(name))
    for _ in range(draw(st.integers(1, 4))):
        draw(_mutation(data))
    return name, bytes(data)


def _assert_photo_or_import_failure(data: bytes) -> None:
    try:
        examined = examine(data)
    except ImportFailure as failure:
        assert str(failure)  # a reason to record for the archivist
        event(f"import failure: {str(failure).split(':')[0]}")  # --hypothesis-show-statistics
        return
    event("photo")
    thumbnail = examined.thumbnail
    assert 1 <= max(thumbnail.width, thumbnail.height) <= 320
    with Image.open(BytesIO(thumbnail.data)) as image:
        assert (image.format, image.size) == ("JPEG", (thumbnail.width, thumbnail.height))


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(case=_damaged(JPEG_FILES))
def test_damaged_jpeg_headers_give_a_photo_or_an_import_failure(case: tuple[str, bytes]) -> None:
    _assert_photo_or_import_failure(case[1])


@settings(FUZZ, max_examples=max(EXAMPLES // 2, 1))
@given(case=_damaged(OTHER_FILES))
def test_damaged_tiff_png_webp_gif_headers_give_a_photo_or_an_import_failure(
    case: tuple[str, bytes],
) -> None:
    _assert_photo_or_import_failure(case[1])
