"""Reading a photo's EXIF fields, by exifread or Pillow, into neutral values and a GPS position."""

from __future__ import annotations

import math
import numbers
from io import BytesIO
from typing import Any

import exifread
from exifread.core.ifd_tag import IfdTag
from PIL import ImageFile

from photoarchive.importer.metadata_errors import guarded
from photoarchive.importer.text import clean_text

# An EXIF value in neutral form: text as str or raw bytes, numbers as floats.
ExifValue = str | bytes | tuple[float, ...]
ExifFields = dict[str, ExifValue]

_EXIFREAD_FORMATS = frozenset({"JPEG", "MPO"})
_EXIFREAD_IFDS = frozenset({"Image", "EXIF", "GPS"})
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
# (IFD, tag) -> name; the EXIF sub-IFD comes before IFD 0 so a misplaced date is only a fallback.
_PILLOW_TAGS: dict[tuple[int | None, int], str] = {
    (None, 0x010E): "ImageDescription",
    (None, 0x010F): "Make",
    (None, 0x0110): "Model",
    (None, 0x0112): "Orientation",
    (None, 0x013B): "Artist",
    (None, 0x8298): "Copyright",
    (_EXIF_IFD, 0x9003): "DateTimeOriginal",
    (_EXIF_IFD, 0x9004): "DateTimeDigitized",
    (None, 0x9003): "DateTimeOriginal",
    (None, 0x9004): "DateTimeDigitized",
    (_GPS_IFD, 1): "GPSLatitudeRef",
    (_GPS_IFD, 2): "GPSLatitude",
    (_GPS_IFD, 3): "GPSLongitudeRef",
    (_GPS_IFD, 4): "GPSLongitude",
}
_EXIF_NAMES = frozenset(_PILLOW_TAGS.values())


def read_exif(image: ImageFile.ImageFile, data: bytes) -> ExifFields:
    """The EXIF fields PhotoMetadata uses, by name, from exifread for JPEG files or else Pillow."""
    if image.format not in _EXIFREAD_FORMATS:
        return _exif_from_pillow(image)
    fields: ExifFields = guarded(lambda: _exif_from_exifread(data), {})
    if not fields:
        # exifread finds nothing when an XMP segment precedes the EXIF one; Pillow finds it.
        return _exif_from_pillow(image)
    if any(isinstance(value, bytes) for value in fields.values()):
        # exifread reads text past the end of its segment when EXIF is split over several
        # APP1 segments, and then cannot decode it; Pillow joins the segments first.
        no_fields: ExifFields = {}
        pillow = guarded(lambda: _exif_from_pillow(image), no_fields)
        fields |= {
            name: pillow[name]
            for name, value in fields.items()
            if isinstance(value, bytes) and name in pillow
        }
    return fields


def _exif_from_exifread(data: bytes) -> ExifFields:
    tags = exifread.process_file(BytesIO(data), details=False, extract_thumbnail=False)
    fields: ExifFields = {}
    for key, tag in tags.items():
        ifd, _, name = key.partition(" ")
        if ifd in _EXIFREAD_IFDS and name in _EXIF_NAMES and isinstance(tag, IfdTag):
            fields.setdefault(name, _neutral(tag.values))
    return fields


def _exif_from_pillow(image: ImageFile.ImageFile) -> ExifFields:
    exif = image.getexif()
    no_tags: dict[int, Any] = {}
    ifds = {
        None: exif,
        _EXIF_IFD: guarded(lambda: exif.get_ifd(_EXIF_IFD), no_tags),
        _GPS_IFD: guarded(lambda: exif.get_ifd(_GPS_IFD), no_tags),
    }
    fields: ExifFields = {}
    for (ifd, tag), name in _PILLOW_TAGS.items():
        value = ifds[ifd].get(tag)
        if value is not None and name not in fields:
            fields[name] = _neutral(_latin1_bytes(value))
    return fields


def _latin1_bytes(value: object) -> object:
    """Undo Pillow's Latin-1 decoding of EXIF text, so that UTF-8 text can be decoded right."""
    if isinstance(value, str):
        try:
            return value.encode("latin-1")
        except UnicodeEncodeError:
            return value
    return value


def _neutral(value: object) -> ExifValue:
    if isinstance(value, str | bytes):
        return value
    if isinstance(value, list | tuple):
        return tuple(_as_float(item) for item in value)
    return (_as_float(value),)


def _as_float(value: object) -> float:
    if not isinstance(value, numbers.Real):
        return math.nan
    try:
        return float(value)
    except (ZeroDivisionError, OverflowError, ValueError):
        return math.nan


def exif_raw_text(fields: ExifFields, name: str) -> str | bytes | None:
    """A field's text, not yet decoded: str, raw bytes, or None when it is not text."""
    value = fields.get(name)
    if isinstance(value, tuple):
        # Text stored as BYTE or UNDEFINED comes out as numbers.
        if not all(0 <= v <= 255 and v.is_integer() for v in value):
            return None
        return bytes(int(v) for v in value)
    return value


def exif_numbers(fields: ExifFields, name: str) -> tuple[float, ...]:
    """A field's numbers, or () when it holds text or is absent."""
    value = fields.get(name)
    return value if isinstance(value, tuple) else ()


def gps_position(fields: ExifFields) -> tuple[float, float] | None:
    """Signed latitude and longitude in decimal degrees, or None when absent or not believable."""
    latitude = _coordinate(fields, "GPSLatitude", 90)
    longitude = _coordinate(fields, "GPSLongitude", 180)
    # An empty GPS IFD written by a phone without a fix reads as 0,0 "Null Island".
    if latitude is None or longitude is None or (latitude == 0 and longitude == 0):
        return None
    return latitude, longitude


def _coordinate(fields: ExifFields, name: str, limit: float) -> float | None:
    parts = exif_numbers(fields, name)
    if not 1 <= len(parts) <= 3:
        return None
    degrees = sum(part / 60.0**index for index, part in enumerate(parts))
    if not math.isfinite(degrees) or abs(degrees) > limit:
        return None
    ref = clean_text(exif_raw_text(fields, f"{name}Ref"), drop_boilerplate=False) or ""
    return -abs(degrees) if ref.upper().startswith(("S", "W")) else degrees
