"""Reading one photo's metadata (EXIF, IPTC, XMP) into a PhotoMetadata value, by the MWG rules."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
import logging
import math
import numbers
import re
import struct
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any, TypeVar

import exifread
from exifread.core.ifd_tag import IfdTag
from PIL import ImageFile, IptcImagePlugin, TiffImagePlugin

from photoarchive.catalogue.values import DatePrecision, DateSource
from photoarchive.importer.text import clean_text


@dataclass(frozen=True, slots=True)
class PhotoMetadata:
    """What a photo file says about itself; every field is None when absent or not believable."""

    format: str  # as Pillow names it: "JPEG", "MPO", "TIFF", "PNG", "WEBP", ...
    width: int  # pixel size as stored, before orientation is applied
    height: int
    date_taken: dt.datetime | None = None  # naive local time, as the camera clock showed it
    date_precision: DatePrecision | None = None
    date_source: DateSource | None = None
    digitised_at: dt.datetime | None = None  # scan date, only when it differs from date taken
    make: str | None = None
    model: str | None = None
    latitude: float | None = None  # signed decimal degrees, WGS 84
    longitude: float | None = None
    orientation: int | None = None  # EXIF orientation 1..8
    caption: str | None = None
    creator: str | None = None
    copyright: str | None = None


# What damaged metadata makes exifread and Pillow raise: the field is dropped, the photo kept.
METADATA_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    ValueError,
    SyntaxError,
    struct.error,
    TypeError,
    IndexError,
    KeyError,
    AttributeError,
    ZeroDivisionError,
    OverflowError,
    EOFError,
    RecursionError,
)

# An EXIF value in neutral form: text as str or raw bytes, numbers as floats.
ExifValue = str | bytes | tuple[float, ...]
ExifFields = dict[str, ExifValue]
_T = TypeVar("_T")
log = logging.getLogger(__name__)
_Date = tuple[dt.datetime, DatePrecision]

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

_IPTC_CAPTION, _IPTC_BYLINE, _IPTC_COPYRIGHT = (2, 120), (2, 80), (2, 116)
_IPTC_DATE_CREATED, _IPTC_TIME_CREATED = (2, 55), (2, 60)
_IPTC_DIGITISED_DATE, _IPTC_DIGITISED_TIME = (2, 62), (2, 63)
_PHOTOSHOP_IPTC, _PHOTOSHOP_IPTC_DIGEST = 0x0404, 0x0425

_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_XMP = "{http://ns.adobe.com/xap/1.0/}"
_PHOTOSHOP = "{http://ns.adobe.com/photoshop/1.0/}"
_XMP_EXIF = "{http://ns.adobe.com/exif/1.0/}"
_XMP_TIFF = "{http://ns.adobe.com/tiff/1.0/}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# EXIF "2004:02:26 09:36:46", XMP "2010-07-11T13:53:00+02:00", "2006-10-29", "2006".
_DATE = re.compile(
    r"\s*(\d{4})(?:[:./-](\d{1,2})(?:[:./-](\d{1,2})"
    r"(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?)?)?"
)
_FIRST_PHOTOGRAPH_YEAR = 1826


class _IptcState(enum.Enum):
    """Whether IPTC exists and agrees with XMP (MWG: IPTC digest stored by the last writer)."""

    ABSENT = enum.auto()
    IN_SYNC = enum.auto()
    STALE = enum.auto()  # edited by a program unaware of XMP: IPTC is the newer word


def read_metadata(image: ImageFile.ImageFile, data: bytes) -> PhotoMetadata:
    """Read everything PhotoMetadata holds from an opened, not yet decoded image.

    ``data`` is the file's content, which exifread parses again for JPEG files. A damaged
    field is dropped; this never raises for bad metadata.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _Sources.read(image, data).combine(image)


@dataclass(frozen=True, slots=True)
class _Sources:
    exif: ExifFields
    iptc: dict[tuple[int, int], bytes | list[bytes]]
    iptc_state: _IptcState
    xmp: dict[str, Any]

    @classmethod
    def read(cls, image: ImageFile.ImageFile, data: bytes) -> _Sources:
        iptc = _guarded(lambda: IptcImagePlugin.getiptcinfo(image), None)
        return cls(
            exif=_guarded(lambda: _read_exif(image, data), {}),
            iptc=iptc or {},
            iptc_state=_guarded(lambda: _iptc_state(image, iptc), _IptcState.ABSENT),
            xmp=_guarded(lambda: _xmp_properties(image), {}),
        )

    def combine(self, image: ImageFile.ImageFile) -> PhotoMetadata:
        make = clean_text(_exif_raw_text(self.exif, "Make"), drop_boilerplate=False)
        model = clean_text(_exif_raw_text(self.exif, "Model"), drop_boilerplate=False)
        taken = self._date(
            ("DateTimeOriginal", _IPTC_DATE_CREATED, _IPTC_TIME_CREATED),
            (f"{_PHOTOSHOP}DateCreated", f"{_XMP_EXIF}DateTimeOriginal"),
        )
        digitised = self._date(
            ("DateTimeDigitized", _IPTC_DIGITISED_DATE, _IPTC_DIGITISED_TIME),
            (f"{_XMP}CreateDate", f"{_XMP_EXIF}DateTimeDigitized"),
        )
        gps = _guarded(lambda: _gps(self.exif), None)
        width, height = _stored_size(image)
        return PhotoMetadata(
            format=image.format or "unknown",
            width=width,
            height=height,
            date_taken=taken[0][0] if taken else None,
            date_precision=taken[0][1] if taken else None,
            date_source=taken[1] if taken else None,
            digitised_at=_digitised_apart(digitised, taken),
            make=make,
            model=model,
            latitude=gps[0] if gps else None,
            longitude=gps[1] if gps else None,
            orientation=self._orientation(),
            caption=self._text(
                "ImageDescription",
                _IPTC_CAPTION,
                f"{_DC}description",
                2000,
                device_names=(make, model),
            ),
            creator=self._text("Artist", _IPTC_BYLINE, f"{_DC}creator", 32),
            copyright=self._text("Copyright", _IPTC_COPYRIGHT, f"{_DC}rights", 128),
        )

    def _text(
        self,
        exif_name: str,
        iptc_key: tuple[int, int],
        xmp_key: str,
        iptc_limit: int,
        device_names: tuple[str | None, str | None] = (None, None),
    ) -> str | None:
        exif = _guarded(lambda: clean_text(_exif_raw_text(self.exif, exif_name)), None)
        if exif is not None and _names_device(exif, *device_names):
            exif = None
        iptc = _guarded(lambda: _iptc_text(self.iptc, iptc_key), None)
        xmp = _guarded(lambda: clean_text("; ".join(_xmp_strings(self.xmp.get(xmp_key)))), None)
        picked = _mwg_pick(exif, iptc, xmp, self.iptc_state)
        if picked is None:
            return None
        text, source = picked
        # IPTC fields have length limits; a cut IPTC copy of the XMP text is not the newer word.
        if source is DateSource.IPTC and xmp and len(text) == iptc_limit and xmp.startswith(text):
            return xmp
        return text

    def _date(
        self, exif_and_iptc: tuple[str, tuple[int, int], tuple[int, int]], xmp_keys: tuple[str, str]
    ) -> tuple[_Date, DateSource] | None:
        exif_name, iptc_date, iptc_time = exif_and_iptc
        exif = _guarded(lambda: parse_date(_exif_raw_text(self.exif, exif_name)), None)
        iptc = _guarded(lambda: _iptc_date(self.iptc, iptc_date, iptc_time), None)
        xmp_dates = (
            _guarded(functools.partial(_xmp_date, self.xmp, key), None) for key in xmp_keys
        )
        xmp = next((date for date in xmp_dates if date is not None), None)
        return _mwg_pick(exif, iptc, xmp, self.iptc_state)

    def _orientation(self) -> int | None:
        numbers_ = _exif_numbers(self.exif, "Orientation")
        value: float | str | None = numbers_[0] if numbers_ else None
        if value is None:
            value = next(iter(_xmp_strings(self.xmp.get(f"{_XMP_TIFF}Orientation"))), None)
        return _guarded(lambda: _valid_orientation(value), None)


def _stored_size(image: ImageFile.ImageFile) -> tuple[int, int]:
    """Pillow reports a TIFF's size as turned by its orientation; the tags keep the stored size."""
    if isinstance(image, TiffImagePlugin.TiffImageFile):
        width, height = image.tag_v2.get(256), image.tag_v2.get(257)
        if isinstance(width, int) and isinstance(height, int):
            return width, height
    return image.size


def _guarded(read: Callable[[], _T], default: _T) -> _T:
    try:
        return read()
    except METADATA_ERRORS:
        return default
    except Exception:
        # Anything else is a bug in a reader: it must not cost the photo, but is logged.
        log.exception("unexpected error reading photo metadata")
        return default


def _mwg_pick(
    exif: _T | None, iptc: _T | None, xmp: _T | None, state: _IptcState
) -> tuple[_T, DateSource] | None:
    """EXIF first; then XMP unless IPTC was edited after it; then IPTC (as ExifTool's MWG).

    The winner's source is told as a DateSource, whose EXIF, IPTC and XMP serve text too.
    """
    if exif is not None:
        return exif, DateSource.EXIF
    if xmp is not None and state is not _IptcState.STALE:
        return xmp, DateSource.XMP
    if iptc is not None:
        return iptc, DateSource.IPTC
    return None


def _digitised_apart(
    digitised: tuple[_Date, DateSource] | None, taken: tuple[_Date, DateSource] | None
) -> dt.datetime | None:
    if digitised is None or (taken is not None and digitised[0][0] == taken[0][0]):
        return None
    return digitised[0][0]


def _names_device(text: str, make: str | None, model: str | None) -> bool:
    """True when a description only repeats the camera's name, as some cameras write it."""
    folded = text.casefold()
    names = {name.casefold() for name in (make, model) if name}
    if make and model:
        names.add(f"{make} {model}".casefold())
    return folded in names


# ---------------------------------------------------------------- EXIF


def _read_exif(image: ImageFile.ImageFile, data: bytes) -> ExifFields:
    if image.format not in _EXIFREAD_FORMATS:
        return _exif_from_pillow(image)
    fields: ExifFields = _guarded(lambda: _exif_from_exifread(data), {})
    if not fields:
        # exifread finds nothing when an XMP segment precedes the EXIF one; Pillow finds it.
        return _exif_from_pillow(image)
    if any(isinstance(value, bytes) for value in fields.values()):
        # exifread reads text past the end of its segment when EXIF is split over several
        # APP1 segments, and then cannot decode it; Pillow joins the segments first.
        no_fields: ExifFields = {}
        pillow = _guarded(lambda: _exif_from_pillow(image), no_fields)
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
        _EXIF_IFD: _guarded(lambda: exif.get_ifd(_EXIF_IFD), no_tags),
        _GPS_IFD: _guarded(lambda: exif.get_ifd(_GPS_IFD), no_tags),
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


def _exif_raw_text(fields: ExifFields, name: str) -> str | bytes | None:
    value = fields.get(name)
    if isinstance(value, tuple):
        # Text stored as BYTE or UNDEFINED comes out as numbers.
        if not all(0 <= v <= 255 and v.is_integer() for v in value):
            return None
        return bytes(int(v) for v in value)
    return value


def _exif_numbers(fields: ExifFields, name: str) -> tuple[float, ...]:
    value = fields.get(name)
    return value if isinstance(value, tuple) else ()


def _valid_orientation(value: float | str | None) -> int | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() and 1 <= number <= 8 else None


def _gps(fields: ExifFields) -> tuple[float, float] | None:
    latitude = _coordinate(fields, "GPSLatitude", 90)
    longitude = _coordinate(fields, "GPSLongitude", 180)
    # An empty GPS IFD written by a phone without a fix reads as 0,0 "Null Island".
    if latitude is None or longitude is None or (latitude == 0 and longitude == 0):
        return None
    return latitude, longitude


def _coordinate(fields: ExifFields, name: str, limit: float) -> float | None:
    parts = _exif_numbers(fields, name)
    if not 1 <= len(parts) <= 3:
        return None
    degrees = sum(part / 60.0**index for index, part in enumerate(parts))
    if not math.isfinite(degrees) or abs(degrees) > limit:
        return None
    ref = clean_text(_exif_raw_text(fields, f"{name}Ref"), drop_boilerplate=False) or ""
    return -abs(degrees) if ref.upper().startswith(("S", "W")) else degrees


# ---------------------------------------------------------------- IPTC


def _iptc_state(image: ImageFile.ImageFile, iptc: object) -> _IptcState:
    if iptc is None:
        return _IptcState.ABSENT
    resources = image.info.get("photoshop")
    if not isinstance(resources, dict):
        return _IptcState.IN_SYNC
    stored = resources.get(_PHOTOSHOP_IPTC_DIGEST)
    current = hashlib.md5(resources.get(_PHOTOSHOP_IPTC, b""), usedforsecurity=False).digest()
    return _IptcState.IN_SYNC if stored in (None, current) else _IptcState.STALE


def _iptc_values(
    iptc: dict[tuple[int, int], bytes | list[bytes]], key: tuple[int, int]
) -> list[bytes]:
    value = iptc.get(key)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _iptc_text(
    iptc: dict[tuple[int, int], bytes | list[bytes]], key: tuple[int, int]
) -> str | None:
    parts = [text for raw in _iptc_values(iptc, key) if (text := clean_text(raw))]
    return "; ".join(parts) or None


def _iptc_date(
    iptc: dict[tuple[int, int], bytes | list[bytes]],
    date_key: tuple[int, int],
    time_key: tuple[int, int],
) -> _Date | None:
    date = b"".join(_iptc_values(iptc, date_key)[:1]).strip()
    time = b"".join(_iptc_values(iptc, time_key)[:1]).strip()
    if len(date) != 8 or not date.isdigit():
        return None
    text = f"{date[:4].decode()}:{date[4:6].decode()}:{date[6:].decode()}"
    if len(time) >= 6 and time[:6].isdigit():
        text += f" {time[:2].decode()}:{time[2:4].decode()}:{time[4:6].decode()}"
    return parse_date(text)


# ---------------------------------------------------------------- XMP


def _xmp_properties(image: ImageFile.ImageFile) -> dict[str, Any]:
    """Properties of every rdf:Description, keyed "{namespace}name"; the first one wins."""
    properties: dict[str, Any] = {}
    for description in _descriptions(image.getxmp(strip_namespaces=False)):
        for key, value in description.items():
            properties.setdefault(key, value)
    return properties


def _descriptions(node: object) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _descriptions(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == f"{_RDF}Description":
                items = value if isinstance(value, list) else [value]
                yield from (item for item in items if isinstance(item, dict))
            else:
                yield from _descriptions(value)


def _xmp_strings(value: object) -> list[str]:
    """The text of an XMP property: a simple value, a Seq or Bag, or an Alt's x-default."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _xmp_strings(item)]
    if not isinstance(value, dict):
        return []
    if f"{_RDF}Alt" in value:
        items = _xmp_items(value[f"{_RDF}Alt"])
        default = [i for i in items if isinstance(i, dict) and i.get(_XML_LANG) == "x-default"]
        return _xmp_strings((default or items)[:1])
    for container in (f"{_RDF}Seq", f"{_RDF}Bag"):
        if container in value:
            return _xmp_strings(_xmp_items(value[container]))
    text = value.get("text")
    return [text] if isinstance(text, str) else []


def _xmp_items(container: object) -> list[object]:
    if not isinstance(container, dict):
        return []
    items = container.get(f"{_RDF}li")
    return items if isinstance(items, list) else [items]


def _xmp_date(properties: dict[str, Any], key: str) -> _Date | None:
    return parse_date(next(iter(_xmp_strings(properties.get(key))), None))


# ---------------------------------------------------------------- dates


def parse_date(value: str | bytes | None) -> _Date | None:
    """A believable date and how precise it is, from EXIF, XMP or IPTC-derived text.

    Year 0, 9999, dates before photography (1826) or over a year ahead give None. Month or
    day 00, which scanners and archives write for "unknown", lower the precision.
    """
    text = clean_text(value, drop_boilerplate=False)
    match = _DATE.match(text) if text else None
    if match is None:
        return None
    year, month, day, hour, minute, second = (
        int(part) if part else None for part in match.groups()
    )
    assert year is not None  # the pattern requires it
    precision = _precision(month, day, hour)
    try:
        if precision is DatePrecision.EXACT:
            taken = dt.datetime(year, month or 1, day or 1, hour or 0, minute or 0, second or 0)
        else:
            taken = dt.datetime(year, month or 1, (day if month else None) or 1)
    except ValueError:
        return None
    latest = dt.datetime.now() + dt.timedelta(days=366)
    if not dt.datetime(_FIRST_PHOTOGRAPH_YEAR, 1, 1) <= taken <= latest:
        return None
    return taken, precision


def _precision(month: int | None, day: int | None, hour: int | None) -> DatePrecision:
    if not month:
        return DatePrecision.YEAR
    if not day:
        return DatePrecision.MONTH
    return DatePrecision.DAY if hour is None else DatePrecision.EXACT
