"""Plain value types shared by every layer: date precision, date source, restriction."""

from __future__ import annotations

import enum


class DatePrecision(enum.StrEnum):
    """How much of a photo's date taken is known; scanned prints often have only a year."""

    EXACT = "exact"  # to the second, from a camera clock
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    DECADE = "decade"
    UNKNOWN = "unknown"

    @property
    def has_year(self) -> bool:
        """True when the photo belongs to one year on the timeline."""
        return self not in (DatePrecision.DECADE, DatePrecision.UNKNOWN)


class DateSource(enum.StrEnum):
    """Where a photo's date taken came from, most trusted first."""

    EXIF = "exif"
    IPTC = "iptc"
    XMP = "xmp"
    FILE_NAME = "file name"
    FOLDER_NAME = "folder name"
    MANUAL = "manual"


class Restriction(enum.StrEnum):
    """Who may see a photo; exports enforce it."""

    OPEN = "open"
    INTERNAL = "internal"
    RESTRICTED = "restricted"
