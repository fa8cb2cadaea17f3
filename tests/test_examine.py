"""Tests of reading one photo file: metadata as ExifTool reads it, upright thumbnails, failures."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import warnings
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path
from typing import Any

import exifread
import pytest
from PIL import Image, ImageChops, ImageOps, ImageStat
from PIL.TiffImagePlugin import IFDRational

from photoarchive.catalogue.values import DatePrecision, DateSource
from photoarchive.importer.errors import ImportFailure
from photoarchive.importer.examine import Examined, examine, make_thumbnail
from photoarchive.importer.metadata import PhotoMetadata, read_metadata

REAL_IMAGES = Path(__file__).parents[1].parent / "shared" / "fixtures" / "real-images"
REFERENCE = REAL_IMAGES / "reference.json"
NO_REAL_IMAGES = f"real image fixtures not found at {REAL_IMAGES}"

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DESCRIPTION, MAKE, MODEL, ORIENTATION, ARTIST, COPYRIGHT = 270, 271, 272, 274, 315, 33432
DATE_TIME_ORIGINAL, DATE_TIME_DIGITIZED = 0x9003, 0x9004

# Where a sane reading disagrees with ExifTool's, on purpose: (file, field) -> our value.
EXPECTED_DIFFERENCES: dict[tuple[str, str], Any] = {
    # Samsung NX cameras write "SAMSUNG CSC" into ImageDescription: boiler-plate, not a caption.
    ("Pillow/ignore_frame_size.mpo", "description"): None,
    # Photoshop 4 signs ImageDescription with its own name: not a caption.
    ("Pillow/hopper_bigtiff.tif", "description"): None,
    # Format names are Pillow's: ExifTool says "BTF", "APNG" and "Extended WEBP".
    ("Pillow/hopper_bigtiff.tif", "format"): "TIFF",
    ("Pillow/apng/chunk_no_fctl.png", "format"): "PNG",
    ("Pillow/hopper_orientation_6.webp", "format"): "WEBP",
    # AVIF turns pictures with irot/imir boxes, not EXIF; Pillow presents them as orientation 5.
    ("Pillow/avif/rot1mir0.avif", "orientation"): 5,
    # ExifTool gives up on these damaged IFDs; Orientation 1 read from them turns nothing anyway.
    ("Pillow/hopper_bad_exif.jpg", "orientation"): 1,
    ("Pillow/invalid-exif.jpg", "orientation"): 1,
    # A DateTimeOriginal in 2099 is a wrong camera clock, not a date.
    ("Pillow/exif_gps.jpg", "date_taken"): None,
    # Only a ModifyDate, with second 70: neither a date taken nor a valid time.
    ("Pillow/tiff_16bit_RGB.tiff", "date_taken"): None,
    # XMP CreateDate says when a picture was digitised (MWG): a scan date, kept in digitised_at.
    ("Pillow/hopper.Lab.tif", "date_taken"): None,
    ("Pillow/pil_sample_cmyk.jpg", "date_taken"): None,
    ("Pillow/invalid-exif.jpg", "date_taken"): None,
}
DIGITISED_ONLY = ["Pillow/hopper.Lab.tif", "Pillow/pil_sample_cmyk.jpg", "Pillow/invalid-exif.jpg"]
# ExifTool's group of the date taken; its Composite:DateTimeCreated joins IPTC date and time.
DATE_SOURCES = {"EXIF": DateSource.EXIF, "IPTC": DateSource.IPTC, "XMP": DateSource.XMP}
DATE_SOURCES["Composite"] = DateSource.IPTC
# Camera files whose pixels cannot be decoded, so that the import rightly fails.
UNDECODABLE = {
    # Pillow's sample keeps 47 KB of a 1512x2688 Pixel 6 photo: the JPEG data is cut short.
    "Pillow/ultrahdr.jpg": "truncated image",
}
ORIENTED = [f"Pillow/hopper_orientation_{n}.jpg" for n in range(2, 9)] + [
    "Pillow/hopper_orientation_6.webp",
    "Pillow/g4_orientation_6.tif",
    "Pillow/exif_imagemagick_orientation.png",
    "Pillow/xmp_tags_orientation.png",
    "Pillow/avif/rot1mir0.avif",
]


def _reference() -> list[dict[str, Any]]:
    if not REFERENCE.is_file():
        return []
    entries: list[dict[str, Any]] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return entries


def _cases(*categories: str) -> list[Any]:
    """One test case per reference file of the categories; one skipped case without fixtures."""
    cases = [
        pytest.param(entry, id=entry["path"])
        for entry in _reference()
        if entry["category"] in categories
    ]
    return cases or [pytest.param(None, marks=pytest.mark.skip(reason=NO_REAL_IMAGES))]


def _real(path: str) -> bytes:
    if not REFERENCE.is_file():
        pytest.skip(NO_REAL_IMAGES)
    return (REAL_IMAGES / path).read_bytes()


def _read_metadata(data: bytes) -> PhotoMetadata:
    with Image.open(BytesIO(data)) as image:
        return read_metadata(image, data)


def _thumbnail_image(examined: Examined) -> Image.Image:
    image = Image.open(BytesIO(examined.thumbnail.data))
    assert image.format == "JPEG"
    assert image.size == (examined.thumbnail.width, examined.thumbnail.height)
    return image.convert("RGB")


def _mean_difference(first: Image.Image, second: Image.Image) -> float:
    size = (32, 32)
    a, b = first.convert("RGB").resize(size), second.convert("RGB").resize(size)
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def _upright_size(metadata: PhotoMetadata) -> tuple[int, int]:
    if metadata.orientation in (5, 6, 7, 8):
        return metadata.height, metadata.width
    return metadata.width, metadata.height


def _assert_thumbnail_fits(examined: Examined, size: int = 320) -> None:
    width, height = _upright_size(examined.metadata)
    thumbnail = examined.thumbnail
    assert max(thumbnail.width, thumbnail.height) == min(size, max(width, height))
    assert thumbnail.width / thumbnail.height == pytest.approx(width / height, rel=0.05, abs=0.02)


# ---------------------------------------------------------------- real files against ExifTool


def _expected(entry: dict[str, Any], field: str) -> Any:
    if (entry["path"], field) in EXPECTED_DIFFERENCES:
        return EXPECTED_DIFFERENCES[entry["path"], field]
    value = entry[field]
    return value.split("\x00", 1)[0].strip() if isinstance(value, str) else value


def _reference_date(text: str | None) -> tuple[dt.datetime | None, DatePrecision | None]:
    if text is None:
        return None, None
    if len(text) == 10:  # "2004:02:26": IPTC or XMP date without a time
        return dt.datetime.strptime(text, "%Y:%m:%d"), DatePrecision.DAY
    return dt.datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S"), DatePrecision.EXACT


def _assert_matches_reference(metadata: PhotoMetadata, entry: dict[str, Any]) -> None:
    taken, precision = _reference_date(_expected(entry, "date_taken"))
    source = entry["date_source"] if taken else None
    assert metadata.format == _expected(entry, "format")
    assert (metadata.width, metadata.height) == (entry["width"], entry["height"])
    assert (metadata.date_taken, metadata.date_precision) == (taken, precision)
    assert metadata.date_source == (DATE_SOURCES[source.split(":")[0]] if source else None)
    assert (metadata.make, metadata.model) == (_expected(entry, "make"), _expected(entry, "model"))
    assert metadata.orientation == _expected(entry, "orientation")
    assert metadata.caption == _expected(entry, "description")
    assert metadata.creator == _expected(entry, "artist")
    assert metadata.copyright == _expected(entry, "copyright")
    for ours, theirs in ((metadata.latitude, "gps_lat"), (metadata.longitude, "gps_lon")):
        assert (ours is None) == (entry[theirs] is None)
        if ours is not None:
            assert ours == pytest.approx(entry[theirs], abs=1e-4)


@pytest.mark.parametrize("entry", _cases("camera-real", "metadata-rich"))
def test_metadata_matches_exiftool(entry: dict[str, Any]) -> None:
    # Read without decoding, so that a camera file with cut-short pixels is compared too.
    _assert_matches_reference(_read_metadata(_real(entry["path"])), entry)


@pytest.mark.parametrize("path", DIGITISED_ONLY)
def test_xmp_create_date_is_the_digitised_date(path: str) -> None:
    data = _real(path)
    entry = next(entry for entry in _reference() if entry["path"] == path)
    assert examine(data).metadata.digitised_at == _reference_date(entry["date_taken"])[0]


@pytest.mark.parametrize("entry", _cases("camera-real", "metadata-rich", "plain"))
def test_camera_files_import_with_thumbnail(entry: dict[str, Any]) -> None:
    data = _real(entry["path"])
    if entry["path"] in UNDECODABLE:
        with pytest.raises(ImportFailure, match=UNDECODABLE[entry["path"]]):
            examine(data)
        return
    examined = examine(data)
    assert examined.metadata == _read_metadata(data)
    _thumbnail_image(examined)
    _assert_thumbnail_fits(examined)


@pytest.mark.parametrize("entry", _cases("edge"))
def test_edge_files_import_correctly(entry: dict[str, Any]) -> None:
    examined = examine(_real(entry["path"]))
    _assert_matches_reference(examined.metadata, entry)
    _thumbnail_image(examined)
    _assert_thumbnail_fits(examined)


@pytest.mark.parametrize("path", ORIENTED)
def test_thumbnail_is_upright_as_pillow_would_turn_it(path: str) -> None:
    data = _real(path)
    examined = examine(data)
    with Image.open(BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
    assert examined.metadata.orientation not in (None, 1)
    assert _mean_difference(_thumbnail_image(examined), upright) < 8


@pytest.mark.parametrize("orientation", range(2, 9))
def test_hopper_in_every_orientation_looks_like_hopper(orientation: int) -> None:
    upright = _thumbnail_image(examine(_real("Pillow/hopper.jpg")))
    data = _real(f"Pillow/hopper_orientation_{orientation}.jpg")
    turned = _thumbnail_image(examine(data))
    with Image.open(BytesIO(data)) as stored:
        assert _mean_difference(stored, upright) > 20  # the test would catch a missed turn
    assert _mean_difference(turned, upright) < 8


@pytest.mark.parametrize("entry", _cases("corrupt"))
def test_corrupt_files_fail_cleanly_or_import(entry: dict[str, Any]) -> None:
    try:
        examined = examine(_real(entry["path"]))
    except ImportFailure as failure:
        assert str(failure)
    else:
        _assert_matches_reference(examined.metadata, entry)
        _thumbnail_image(examined)
        _assert_thumbnail_fits(examined)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("Pillow/truncated_jpeg.jpg", "truncated image"),
        ("Pillow/truncated_image.png", "truncated image"),
        ("Pillow/decompression_bomb.gif", "decompression bomb"),
        ("Pillow/zero_width.gif", "not an image"),
        ("Pillow/broken.png", "not an image"),
        ("Pillow/seek_too_large.tif", "corrupt image data"),
    ],
)
def test_failure_reasons_are_for_archivists(path: str, reason: str) -> None:
    with pytest.raises(ImportFailure, match=reason):
        examine(_real(path))


def test_damaged_exif_keeps_the_photo_and_its_good_fields() -> None:
    # Pillow warns "Corrupt EXIF data" here; the test suite turns warnings into errors.
    examined = examine(_real("Pillow/hopper_bad_exif.jpg"))
    assert examined.metadata.orientation == 1


def test_exif_split_over_two_segments_is_joined() -> None:
    assert examine(_real("Pillow/multiple_exif.jpg")).metadata.caption == "firstsecond"


def test_date_from_exif_in_the_far_future_is_dropped() -> None:
    metadata = examine(_real("Pillow/exif_gps.jpg")).metadata  # DateTimeOriginal 2099
    assert metadata.date_taken is None
    assert (metadata.latitude, metadata.longitude) == (None, None)  # latitude 4294967295


def test_empty_gps_ifd_gives_no_position() -> None:
    metadata = examine(_real("Pillow/empty_gps_ifd.jpg")).metadata
    assert (metadata.latitude, metadata.longitude) == (None, None)
    assert metadata.orientation == 6


# ---------------------------------------------------------------- generated JPEGs


def _jpeg(
    exif: Image.Exif | None = None,
    *,
    size: tuple[int, int] = (64, 48),
    image: Image.Image | None = None,
) -> bytes:
    picture = image or _quadrants(size)
    out = BytesIO()
    picture.save(out, "JPEG", quality=90, exif=exif if exif is not None else Image.Exif())
    return out.getvalue()


def _quadrants(size: tuple[int, int]) -> Image.Image:
    """Red top left, green top right, blue bottom left, white bottom right."""
    width, height = size
    image = Image.new("RGB", size)
    for colour, box in (
        ((255, 0, 0), (0, 0, width // 2, height // 2)),
        ((0, 255, 0), (width // 2, 0, width, height // 2)),
        ((0, 0, 255), (0, height // 2, width // 2, height)),
        ((255, 255, 255), (width // 2, height // 2, width, height)),
    ):
        image.paste(colour, box)
    return image


def _exif(**ifd0: Any) -> Image.Exif:
    exif = Image.Exif()
    for name, value in ifd0.items():
        exif[{"description": DESCRIPTION, "artist": ARTIST, "copyright": COPYRIGHT}[name]] = value
    return exif


def _dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    value = abs(value)
    degrees, minutes = int(value), int(value % 1 * 60)
    seconds = round((value * 3600 - degrees * 3600 - minutes * 60) * 1000)
    return IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(seconds, 1000)


def _with_gps(latitude: float, longitude: float) -> Image.Exif:
    exif = Image.Exif()
    exif.get_ifd(GPS_IFD).update(
        {
            1: "N" if latitude >= 0 else "S",
            2: _dms(latitude),
            3: "E" if longitude >= 0 else "W",
            4: _dms(longitude),
        }
    )
    return exif


def _with_dates(original: str | None = None, digitized: str | None = None) -> Image.Exif:
    exif = Image.Exif()
    for tag, value in ((DATE_TIME_ORIGINAL, original), (DATE_TIME_DIGITIZED, digitized)):
        if value is not None:
            exif.get_ifd(EXIF_IFD)[tag] = value
    return exif


def test_generated_camera_jpeg() -> None:
    exif = _with_gps(40.4093, 49.8671)
    exif.update({MAKE: "Canon", MODEL: "Canon EOS 5D Mark II", ORIENTATION: 1})
    exif[ARTIST] = "Ingy Sedky/ICRC"
    exif[COPYRIGHT] = "ICRC"
    exif[DESCRIPTION] = "Baku, 2022. Novruz."
    exif.get_ifd(EXIF_IFD)[DATE_TIME_ORIGINAL] = "2022:03:20 10:15:30"
    metadata = examine(_jpeg(exif)).metadata
    assert metadata == PhotoMetadata(
        format="JPEG",
        width=64,
        height=48,
        date_taken=dt.datetime(2022, 3, 20, 10, 15, 30),
        date_precision=DatePrecision.EXACT,
        date_source=DateSource.EXIF,
        make="Canon",
        model="Canon EOS 5D Mark II",
        latitude=pytest.approx(40.4093, abs=1e-6),
        longitude=pytest.approx(49.8671, abs=1e-6),
        orientation=1,
        caption="Baku, 2022. Novruz.",
        creator="Ingy Sedky/ICRC",
        copyright="ICRC",
    )


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(40.37, 47.13), (-33.8688, 151.2093), (40.7128, -74.006), (-22.9068, -43.1729)],
)
def test_gps_is_signed_by_hemisphere(latitude: float, longitude: float) -> None:
    metadata = examine(_jpeg(_with_gps(latitude, longitude))).metadata
    assert metadata.latitude == pytest.approx(latitude, abs=1e-5)
    assert metadata.longitude == pytest.approx(longitude, abs=1e-5)


@pytest.mark.parametrize(("latitude", "longitude"), [(0.0, 0.0), (95.0, 10.0), (10.0, 190.0)])
def test_gps_absent_or_out_of_range_is_none(latitude: float, longitude: float) -> None:
    metadata = examine(_jpeg(_with_gps(latitude, longitude))).metadata
    assert (metadata.latitude, metadata.longitude) == (None, None)


def test_orientation_6_turns_the_thumbnail_clockwise() -> None:
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    examined = examine(_jpeg(exif, size=(160, 120)))
    thumbnail = _thumbnail_image(examined)
    assert examined.metadata.orientation == 6
    assert (examined.metadata.width, examined.metadata.height) == (160, 120)
    assert thumbnail.size == (120, 160)
    # Turned a quarter clockwise, the blue bottom-left quadrant comes to the top left.
    expected = {(30, 40): (0, 0, 255), (90, 40): (255, 0, 0), (30, 120): (255, 255, 255)}
    for point, colour in expected.items():
        pixel = thumbnail.getpixel(point)
        assert isinstance(pixel, tuple)
        assert all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True)), (point, pixel)


@pytest.mark.parametrize("orientation", [0, 9, 65535])
def test_invalid_orientation_is_ignored(orientation: int) -> None:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    examined = examine(_jpeg(exif))
    assert examined.metadata.orientation is None
    assert (examined.thumbnail.width, examined.thumbnail.height) == (64, 48)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Bərdə, toy".encode(), "Bərdə, toy"),
        ("Ağdam, köhnə ev".encode(), "Ağdam, köhnə ev"),
        ("Café – Zürich, 1997".encode("cp1252"), "Café – Zürich, 1997"),
        (b"OLYMPUS DIGITAL CAMERA", None),
        (b"OLYMPUS DIGITAL CAMERA\x00\x00\x00\x00\x00\x00", None),
        (b"SONY DSC        ", None),
        (b"Family dinner\x00\x00\x00\x00", "Family dinner"),
        (b"Family dinner\x00left-over bytes", "Family dinner"),
        (b"   ", None),
    ],
)
def test_description_bytes_become_a_clean_caption(raw: bytes, expected: str | None) -> None:
    assert examine(_jpeg(_exif(description=raw))).metadata.caption == expected


def test_nul_padded_credits_are_cut() -> None:
    exif = _exif(artist=b"Leyla Aliyeva/ICRC\x00\x00\x00\x00", copyright=b"ICRC\x00Editor")
    metadata = examine(_jpeg(exif)).metadata
    assert (metadata.creator, metadata.copyright) == ("Leyla Aliyeva/ICRC", "ICRC")


def test_a_long_description_is_capped() -> None:
    # A JPEG's EXIF segment holds at most 64 KB.
    caption = examine(_jpeg(_exif(description=b"x" * 60_000))).metadata.caption
    assert caption == "x" * 10_000


def test_a_one_megabyte_description_is_capped() -> None:
    out = BytesIO()
    _quadrants((64, 48)).save(out, "TIFF", exif=_exif(description=b"y" * 1_000_000))
    assert examine(out.getvalue()).metadata.caption == "y" * 10_000


def test_description_repeating_the_camera_name_is_not_a_caption() -> None:
    exif = _exif(description="Canon PowerShot A75")
    exif.update({MAKE: "Canon", MODEL: "Canon PowerShot A75"})
    assert examine(_jpeg(exif)).metadata.caption is None


@pytest.mark.parametrize(
    "stamp",
    [
        "0000:00:00 00:00:00",
        "9999:12:31 23:59:59",
        "    :  :     :  :  ",
        "1800:01:01 00:00:00",
        "2017:08:21 15:08:70",
        "2004:13:01 00:00:00",
        "",
        "yesterday",
    ],
)
def test_absurd_dates_are_dropped_not_fatal(stamp: str) -> None:
    metadata = examine(_jpeg(_with_dates(original=stamp))).metadata
    assert (metadata.date_taken, metadata.date_precision, metadata.date_source) == (None,) * 3


@pytest.mark.parametrize(
    ("stamp", "taken", "precision"),
    [
        ("1997:06:14 11:20:05", dt.datetime(1997, 6, 14, 11, 20, 5), DatePrecision.EXACT),
        ("1997-06-14 11:20:05", dt.datetime(1997, 6, 14, 11, 20, 5), DatePrecision.EXACT),
        ("1997:06:14 11:20", dt.datetime(1997, 6, 14, 11, 20), DatePrecision.EXACT),
        ("1997:06:14", dt.datetime(1997, 6, 14), DatePrecision.DAY),
        ("1997:06:00 00:00:00", dt.datetime(1997, 6, 1), DatePrecision.MONTH),
        ("1997:00:00 00:00:00", dt.datetime(1997, 1, 1), DatePrecision.YEAR),
    ],
)
def test_exif_date_forms(stamp: str, taken: dt.datetime, precision: DatePrecision) -> None:
    metadata = examine(_jpeg(_with_dates(original=stamp))).metadata
    assert (metadata.date_taken, metadata.date_precision) == (taken, precision)


def test_a_scan_keeps_its_print_year_apart_from_its_scan_date() -> None:
    metadata = examine(_jpeg(_with_dates("1997:06:14 11:20:05", "2015:02:03 09:00:00"))).metadata
    assert metadata.date_taken == dt.datetime(1997, 6, 14, 11, 20, 5)
    assert metadata.digitised_at == dt.datetime(2015, 2, 3, 9, 0, 0)


def test_a_scan_without_date_taken_has_only_a_scan_date() -> None:
    metadata = examine(_jpeg(_with_dates(digitized="2015:02:03 09:00:00"))).metadata
    assert (metadata.date_taken, metadata.date_source) == (None, None)
    assert metadata.digitised_at == dt.datetime(2015, 2, 3, 9, 0, 0)


def test_camera_digitised_date_equal_to_date_taken_is_not_repeated() -> None:
    stamp = "2022:03:20 10:15:30"
    metadata = examine(_jpeg(_with_dates(stamp, stamp))).metadata
    assert metadata.date_taken == dt.datetime(2022, 3, 20, 10, 15, 30)
    assert metadata.digitised_at is None


def test_year_zero_date_taken_leaves_the_scan_date() -> None:
    metadata = examine(_jpeg(_with_dates("0000:00:00 00:00:00", "2015:02:03 09:00:00"))).metadata
    assert metadata.date_taken is None
    assert metadata.digitised_at == dt.datetime(2015, 2, 3, 9, 0, 0)


def _after_soi(data: bytes, marker: int, payload: bytes) -> bytes:
    """The JPEG with one more segment placed first, before any that the encoder wrote."""
    segment = bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload
    return data[:2] + segment + data[2:]


def test_exif_after_a_large_xmp_segment_is_still_read() -> None:
    exif = _with_dates(original="2001:05:19 18:36:41")
    exif[DESCRIPTION] = "Barda 1997"
    # XMP packets carry kilobytes of padding; exifread looks only 4000 bytes in.
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"/>' + b" " * 6000
    data = _after_soi(_jpeg(exif), 0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + xmp)
    assert not exifread.process_file(BytesIO(data), details=False)
    metadata = examine(data).metadata
    assert metadata.date_taken == dt.datetime(2001, 5, 19, 18, 36, 41)
    assert metadata.caption == "Barda 1997"


def _photoshop_iptc(caption: bytes, digest: str) -> bytes:
    """An APP13 payload with an IPTC caption and an IPTC digest: "none", "right" or "stale"."""
    iptc = b"\x1c\x02\x78" + len(caption).to_bytes(2, "big") + caption
    resources = _resource(0x0404, iptc)
    if digest != "none":
        md5 = hashlib.md5(iptc if digest == "right" else b"older", usedforsecurity=False)
        resources += _resource(0x0425, md5.digest())
    return b"Photoshop 3.0\x00" + resources


def _resource(resource_id: int, data: bytes) -> bytes:
    padding = b"\x00" * (len(data) % 2)
    header = b"8BIM" + resource_id.to_bytes(2, "big") + b"\x00\x00"
    return header + len(data).to_bytes(4, "big") + data + padding


def _xmp_description(text: str) -> bytes:
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'
        ' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"><rdf:Description rdf:about="">'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text}</rdf:li></rdf:Alt>'
        "</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()


@pytest.mark.parametrize(
    ("digest", "with_xmp", "caption"),
    [
        ("none", True, "from XMP"),  # no digest: XMP is the main store (MWG)
        ("right", True, "from XMP"),  # IPTC in step with XMP
        ("stale", True, "from IPTC"),  # IPTC edited later by a program unaware of XMP
        ("stale", False, "from IPTC"),
        ("none", False, "from IPTC"),
    ],
)
def test_caption_from_iptc_or_xmp_by_the_mwg_rules(
    digest: str, with_xmp: bool, caption: str
) -> None:
    out = BytesIO()
    xmp = _xmp_description("from XMP") if with_xmp else b""
    _quadrants((64, 48)).save(out, "JPEG", xmp=xmp)
    data = _after_soi(out.getvalue(), 0xED, _photoshop_iptc(b"from IPTC", digest))
    assert examine(data).metadata.caption == caption


def test_exif_caption_outranks_iptc_and_xmp_unless_boilerplate() -> None:
    out = BytesIO()
    exif = _exif(description="OLYMPUS DIGITAL CAMERA", artist="From EXIF")
    _quadrants((64, 48)).save(out, "JPEG", exif=exif, xmp=_xmp_description("from XMP"))
    metadata = examine(out.getvalue()).metadata
    assert (metadata.caption, metadata.creator) == ("from XMP", "From EXIF")


def test_xmp_caption_and_date_when_exif_has_none() -> None:
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF'
        ' xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">'
        '<rdf:Description rdf:about="" photoshop:DateCreated="1994-05">'
        '<dc:description><rdf:Alt><rdf:li xml:lang="az">Bərdə</rdf:li>'
        '<rdf:li xml:lang="x-default">Barda</rdf:li></rdf:Alt></dc:description>'
        "<dc:creator><rdf:Seq><rdf:li>A</rdf:li><rdf:li>B</rdf:li></rdf:Seq></dc:creator>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    out = BytesIO()
    _quadrants((64, 48)).save(out, "JPEG", xmp=xmp.encode())
    metadata = examine(out.getvalue()).metadata
    assert (metadata.caption, metadata.creator) == ("Barda", "A; B")
    assert (metadata.date_taken, metadata.date_precision) == (
        dt.datetime(1994, 5, 1),
        DatePrecision.MONTH,
    )
    assert metadata.date_source is DateSource.XMP


def test_broken_xmp_is_dropped() -> None:
    out = BytesIO()
    _quadrants((64, 48)).save(out, "JPEG", xmp=b"<x:xmpmeta><unclosed>")
    assert examine(out.getvalue()).metadata.caption is None


# ---------------------------------------------------------------- thumbnails and failures


def test_twelve_megapixel_jpeg_gives_a_320_by_240_thumbnail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _jpeg(size=(4000, 3000))
    examined = examine(data)
    assert (examined.thumbnail.width, examined.thumbnail.height) == (320, 240)
    assert (examined.metadata.width, examined.metadata.height) == (4000, 3000)
    with Image.open(BytesIO(data)) as image:
        decoded_sizes = []
        draft = image.draft

        def spy(mode: str | None, size: tuple[int, int] | None) -> Any:
            result = draft(mode, size)
            decoded_sizes.append(image.size)
            return result

        monkeypatch.setattr(image, "draft", spy)
        make_thumbnail(image, None, 320)
    assert decoded_sizes[0] == (500, 375)  # decoded at 1/8 scale, not in full


def test_thumbnail_size_is_honoured() -> None:
    examined = examine(_jpeg(size=(1000, 500)), thumbnail_size=100)
    assert (examined.thumbnail.width, examined.thumbnail.height) == (100, 50)


def test_small_photos_are_not_enlarged() -> None:
    examined = examine(_jpeg(size=(40, 30)))
    assert (examined.thumbnail.width, examined.thumbnail.height) == (40, 30)


@pytest.mark.parametrize("mode", ["1", "L", "P", "PA", "RGBA", "LA", "CMYK", "I;16", "I", "F"])
def test_every_image_mode_gives_an_rgb_or_grey_thumbnail(mode: str) -> None:
    image = _quadrants((64, 48)).convert("RGBA" if mode == "PA" else "RGB")
    image = image.convert(mode) if mode != "I;16" else image.convert("I").convert("I;16")
    out = BytesIO()
    image.save(out, "TIFF" if mode in ("I;16", "I", "F", "CMYK", "PA") else "PNG")
    examined = examine(out.getvalue())
    assert _thumbnail_image(examined).size == (64, 48)


def test_transparency_shows_as_white() -> None:
    out = BytesIO()
    Image.new("RGBA", (20, 20), (255, 0, 0, 0)).save(out, "PNG")
    thumbnail = _thumbnail_image(examine(out.getvalue()))
    assert thumbnail.getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not an image"),
        (b"plain text, not a photo", "not an image"),
        (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n", "not an image"),
    ],
)
def test_not_an_image(data: bytes, reason: str) -> None:
    with pytest.raises(ImportFailure, match=reason):
        examine(data)


def test_truncated_jpeg_is_an_import_error() -> None:
    data = _jpeg(size=(400, 300))
    with pytest.raises(ImportFailure, match="truncated image"):
        examine(data[: len(data) // 2])


@pytest.mark.parametrize("limit", [1000, 2000])
def test_decompression_bombs_fail_even_at_the_warning_size(
    limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _jpeg(size=(64, 48))  # 3072 pixels: over twice 1000, between 2000 and twice 2000
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", limit)
    with pytest.raises(ImportFailure, match=r"image too large \(decompression bomb\)"):
        examine(data)


def test_failure_keeps_its_cause_for_the_log() -> None:
    with pytest.raises(ImportFailure) as caught:
        examine(b"not an image")
    assert caught.value.__cause__ is not None


def test_damaged_bytes_never_raise_anything_but_import_failure() -> None:
    exif = _with_gps(40.37, 47.13)
    exif[DESCRIPTION] = "Barda"
    exif.get_ifd(EXIF_IFD)[DATE_TIME_ORIGINAL] = "1997:06:14 11:20:05"
    original = _jpeg(exif, size=(96, 64))
    rng = random.Random(1997)
    for _ in range(300):
        data = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            examine(bytes(data[: rng.randint(len(data) // 2, len(data))]))
        except ImportFailure as failure:
            assert str(failure)


def test_a_crash_in_exifread_costs_neither_the_photo_nor_its_exif(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in exifread")

    monkeypatch.setattr(exifread, "process_file", crash)
    assert examine(_jpeg(_exif(description="Barda 1997"))).metadata.caption == "Barda 1997"
    assert "unexpected error reading photo metadata" in caplog.text


def test_an_unexpected_error_is_an_import_failure_and_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise LookupError("a bug")

    monkeypatch.setattr(Image.Image, "thumbnail", crash)
    with pytest.raises(ImportFailure, match="a bug"):
        examine(_jpeg())
    assert "unexpected error examining a photo" in caplog.text


def test_bad_thumbnail_size_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="thumbnail_size"):
        examine(_jpeg(), thumbnail_size=0)


# ---------------------------------------------------------------- reading in threads


def _outcome(data: bytes) -> object:
    try:
        return examine(data)
    except ImportFailure as failure:
        return str(failure)


def test_threads_reading_at_once_read_as_one_does_and_let_no_warning_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Files Pillow warns of: a picture between one and two times the pixel limit (refused),
    # and, when the fixtures are there, real files with damaged EXIF, TIFF tags and XMP.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 40_000)
    files = [_jpeg(size=(250, 200)), _jpeg(size=(64, 48))]
    if REFERENCE.is_file():
        files += [(REAL_IMAGES / entry["path"]).read_bytes() for entry in _reference()]
    alone = [_outcome(data) for data in files]
    with warnings.catch_warnings(record=True) as escaped:
        warnings.simplefilter("always")
        others = list(warnings.filters)
        with ThreadPoolExecutor(4) as pool:
            together = list(pool.map(_outcome, files * 3))
        after = list(warnings.filters)
    assert alone[0] == "image too large (decompression bomb)"
    assert together == alone * 3
    assert escaped == []
    # One filter of ours in front, the caller's own filters untouched: nothing lost or leaked.
    ours = after[0]
    assert ours[0] == "ignore" and ours[3].pattern.startswith("PIL")
    assert after[1:] == [other for other in others if other != ours]
