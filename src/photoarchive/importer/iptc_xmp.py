"""Reading a photo's IPTC and XMP fields: text, dates, and whether IPTC is newer than XMP."""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterator
from typing import Any

from PIL import ImageFile

from photoarchive.importer.metadata_dates import Date, parse_date
from photoarchive.importer.text import clean_text

# IPTC datasets as Pillow's getiptcinfo returns them: (record, dataset) -> one or more values.
IptcFields = dict[tuple[int, int], bytes | list[bytes]]

IPTC_CAPTION, IPTC_BYLINE, IPTC_COPYRIGHT = (2, 120), (2, 80), (2, 116)
IPTC_DATE_CREATED, IPTC_TIME_CREATED = (2, 55), (2, 60)
IPTC_DIGITISED_DATE, IPTC_DIGITISED_TIME = (2, 62), (2, 63)
_PHOTOSHOP_IPTC, _PHOTOSHOP_IPTC_DIGEST = 0x0404, 0x0425

_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
NS_DC = "{http://purl.org/dc/elements/1.1/}"
NS_XMP = "{http://ns.adobe.com/xap/1.0/}"
NS_PHOTOSHOP = "{http://ns.adobe.com/photoshop/1.0/}"
NS_XMP_EXIF = "{http://ns.adobe.com/exif/1.0/}"
NS_XMP_TIFF = "{http://ns.adobe.com/tiff/1.0/}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class IptcState(enum.Enum):
    """Whether IPTC exists and agrees with XMP (MWG: IPTC digest stored by the last writer)."""

    ABSENT = enum.auto()
    IN_SYNC = enum.auto()
    STALE = enum.auto()  # edited by a program unaware of XMP: IPTC is the newer word


def iptc_state(image: ImageFile.ImageFile, iptc: object) -> IptcState:
    """Whether IPTC is absent, agrees with XMP, or was edited after it (its digest is stale)."""
    if iptc is None:
        return IptcState.ABSENT
    resources = image.info.get("photoshop")
    if not isinstance(resources, dict):
        return IptcState.IN_SYNC
    stored = resources.get(_PHOTOSHOP_IPTC_DIGEST)
    current = hashlib.md5(resources.get(_PHOTOSHOP_IPTC, b""), usedforsecurity=False).digest()
    return IptcState.IN_SYNC if stored in (None, current) else IptcState.STALE


def _iptc_values(iptc: IptcFields, key: tuple[int, int]) -> list[bytes]:
    value = iptc.get(key)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def iptc_text(iptc: IptcFields, key: tuple[int, int]) -> str | None:
    """An IPTC dataset's text, its repeated values joined by "; "."""
    parts = [text for raw in _iptc_values(iptc, key) if (text := clean_text(raw))]
    return "; ".join(parts) or None


def iptc_date(
    iptc: IptcFields,
    date_key: tuple[int, int],
    time_key: tuple[int, int],
) -> Date | None:
    """The date (and time, when given) of two IPTC datasets such as Date and Time Created."""
    date = b"".join(_iptc_values(iptc, date_key)[:1]).strip()
    time = b"".join(_iptc_values(iptc, time_key)[:1]).strip()
    if len(date) != 8 or not date.isdigit():
        return None
    text = f"{date[:4].decode()}:{date[4:6].decode()}:{date[6:].decode()}"
    if len(time) >= 6 and time[:6].isdigit():
        text += f" {time[:2].decode()}:{time[2:4].decode()}:{time[4:6].decode()}"
    return parse_date(text)


def xmp_properties(image: ImageFile.ImageFile) -> dict[str, Any]:
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


def xmp_strings(value: object) -> list[str]:
    """The text of an XMP property: a simple value, a Seq or Bag, or an Alt's x-default."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in xmp_strings(item)]
    if not isinstance(value, dict):
        return []
    if f"{_RDF}Alt" in value:
        items = _xmp_items(value[f"{_RDF}Alt"])
        default = [i for i in items if isinstance(i, dict) and i.get(_XML_LANG) == "x-default"]
        return xmp_strings((default or items)[:1])
    for container in (f"{_RDF}Seq", f"{_RDF}Bag"):
        if container in value:
            return xmp_strings(_xmp_items(value[container]))
    text = value.get("text")
    return [text] if isinstance(text, str) else []


def _xmp_items(container: object) -> list[object]:
    if not isinstance(container, dict):
        return []
    items = container.get(f"{_RDF}li")
    return items if isinstance(items, list) else [items]


def xmp_date(properties: dict[str, Any], key: str) -> Date | None:
    """The date an XMP property holds, or None when absent or not believable."""
    return parse_date(next(iter(xmp_strings(properties.get(key))), None))
