"""Assembling one photo's PhotoMetadata from its EXIF, IPTC and XMP, by the MWG preference order."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any, TypeVar

from PIL import ImageFile, IptcImagePlugin, TiffImagePlugin

from photoarchive.catalogue.values import DatePrecision, DateSource
from photoarchive.importer.exif import (
    ExifFields,
    exif_numbers,
    exif_raw_text,
    gps_position,
    read_exif,
)
from photoarchive.importer.iptc_xmp import (
    IPTC_BYLINE,
    IPTC_CAPTION,
    IPTC_COPYRIGHT,
    IPTC_DATE_CREATED,
    IPTC_DIGITISED_DATE,
    IPTC_DIGITISED_TIME,
    IPTC_TIME_CREATED,
    NS_DC,
    NS_PHOTOSHOP,
    NS_XMP,
    NS_XMP_EXIF,
    NS_XMP_TIFF,
    IptcFields,
    IptcState,
    iptc_date,
    iptc_state,
    iptc_text,
    xmp_date,
    xmp_properties,
    xmp_strings,
)
from photoarchive.importer.metadata_dates import Date, parse_date
from photoarchive.importer.metadata_errors import METADATA_ERRORS, guarded, quiet_pillow_warnings
from photoarchive.importer.text import clean_text

# METADATA_ERRORS and parse_date lived here before the split and are still imported from here.
__all__ = ["METADATA_ERRORS", "PhotoMetadata", "parse_date", "read_metadata"]


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


_T = TypeVar("_T")


def read_metadata(image: ImageFile.ImageFile, data: bytes) -> PhotoMetadata:
    """Read everything PhotoMetadata holds from an opened, not yet decoded image.

    ``data`` is the file's content, which exifread parses again for JPEG files. A damaged
    field is dropped; this never raises for bad metadata.
    """
    quiet_pillow_warnings()
    return _Sources.read(image, data).combine(image)


@dataclass(frozen=True, slots=True)
class _Sources:
    exif: ExifFields
    iptc: IptcFields
    iptc_state: IptcState
    xmp: dict[str, Any]

    @classmethod
    def read(cls, image: ImageFile.ImageFile, data: bytes) -> _Sources:
        iptc = guarded(lambda: IptcImagePlugin.getiptcinfo(image), None)
        return cls(
            exif=guarded(lambda: read_exif(image, data), {}),
            iptc=iptc or {},
            iptc_state=guarded(lambda: iptc_state(image, iptc), IptcState.ABSENT),
            xmp=guarded(lambda: xmp_properties(image), {}),
        )

    def combine(self, image: ImageFile.ImageFile) -> PhotoMetadata:
        make = clean_text(exif_raw_text(self.exif, "Make"), drop_boilerplate=False)
        model = clean_text(exif_raw_text(self.exif, "Model"), drop_boilerplate=False)
        taken = self._date(
            ("DateTimeOriginal", IPTC_DATE_CREATED, IPTC_TIME_CREATED),
            (f"{NS_PHOTOSHOP}DateCreated", f"{NS_XMP_EXIF}DateTimeOriginal"),
        )
        digitised = self._date(
            ("DateTimeDigitized", IPTC_DIGITISED_DATE, IPTC_DIGITISED_TIME),
            (f"{NS_XMP}CreateDate", f"{NS_XMP_EXIF}DateTimeDigitized"),
        )
        gps = guarded(lambda: gps_position(self.exif), None)
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
                IPTC_CAPTION,
                f"{NS_DC}description",
                2000,
                device_names=(make, model),
            ),
            creator=self._text("Artist", IPTC_BYLINE, f"{NS_DC}creator", 32),
            copyright=self._text("Copyright", IPTC_COPYRIGHT, f"{NS_DC}rights", 128),
        )

    def _text(
        self,
        exif_name: str,
        iptc_key: tuple[int, int],
        xmp_key: str,
        iptc_limit: int,
        device_names: tuple[str | None, str | None] = (None, None),
    ) -> str | None:
        exif = guarded(lambda: clean_text(exif_raw_text(self.exif, exif_name)), None)
        if exif is not None and _names_device(exif, *device_names):
            exif = None
        iptc = guarded(lambda: iptc_text(self.iptc, iptc_key), None)
        xmp = guarded(lambda: clean_text("; ".join(xmp_strings(self.xmp.get(xmp_key)))), None)
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
    ) -> tuple[Date, DateSource] | None:
        exif_name, iptc_date_key, iptc_time_key = exif_and_iptc
        exif = guarded(lambda: parse_date(exif_raw_text(self.exif, exif_name)), None)
        iptc = guarded(lambda: iptc_date(self.iptc, iptc_date_key, iptc_time_key), None)
        xmp_dates = (guarded(functools.partial(xmp_date, self.xmp, key), None) for key in xmp_keys)
        xmp = next((date for date in xmp_dates if date is not None), None)
        return _mwg_pick(exif, iptc, xmp, self.iptc_state)

    def _orientation(self) -> int | None:
        numbers_ = exif_numbers(self.exif, "Orientation")
        value: float | str | None = numbers_[0] if numbers_ else None
        if value is None:
            value = next(iter(xmp_strings(self.xmp.get(f"{NS_XMP_TIFF}Orientation"))), None)
        return guarded(lambda: _valid_orientation(value), None)


def _stored_size(image: ImageFile.ImageFile) -> tuple[int, int]:
    """Pillow reports a TIFF's size as turned by its orientation; the tags keep the stored size."""
    if isinstance(image, TiffImagePlugin.TiffImageFile):
        width, height = image.tag_v2.get(256), image.tag_v2.get(257)
        if isinstance(width, int) and isinstance(height, int):
            return width, height
    return image.size


def _mwg_pick(
    exif: _T | None, iptc: _T | None, xmp: _T | None, state: IptcState
) -> tuple[_T, DateSource] | None:
    """EXIF first; then XMP unless IPTC was edited after it; then IPTC (as ExifTool's MWG).

    The winner's source is told as a DateSource, whose EXIF, IPTC and XMP serve text too.
    """
    if exif is not None:
        return exif, DateSource.EXIF
    if xmp is not None and state is not IptcState.STALE:
        return xmp, DateSource.XMP
    if iptc is not None:
        return iptc, DateSource.IPTC
    return None


def _digitised_apart(
    digitised: tuple[Date, DateSource] | None, taken: tuple[Date, DateSource] | None
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


def _valid_orientation(value: float | str | None) -> int | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() and 1 <= number <= 8 else None
