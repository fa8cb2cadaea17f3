"""Cleaning metadata text: decoding, cutting at NUL, trimming, dropping camera boiler-plate."""

from __future__ import annotations

import re

MAX_TEXT_LENGTH = 10_000

# Strings that cameras, phones and scanner drivers write into ImageDescription by default;
# they say nothing about the photo, so they must not become captions.
_BOILERPLATE = frozenset(
    {
        "binary comment",
        "casio digital camera",
        "dcim",
        "default",
        "digital camera",
        "digital still camera",
        "easyshare",
        "exif jpeg",
        "exif_jpeg_picture",
        "fujifilm digital camera",
        "hdrpl",
        "kodak digital still camera",
        "konica minolta digital camera",
        "lead technologies inc. v1.01",
        "minolta digital camera",
        "minolta dsc",
        "nikon digital camera",
        "olympus digital camera",
        "pentax digital camera",
        "samsung csc",
        "samsung digital camera",
        "sanyo digital camera",
        "sony dsc",
    }
)
# Upper-case maker strings such as "KODAK EASYSHARE C813 ZOOM DIGITAL CAMERA" or "NIKON DSC".
_DEVICE_SHOUT = re.compile(r"[A-Z0-9 .,_-]*\b(DIGITAL (STILL )?CAMERA|DSC|CSC)")
# Matched against the case-folded text: no letter or digit at all, a DCIM file path
# ("DCIM\100OLYMP\P1010001.JPG"), a program's signature.
_FOLDED_PATTERNS = (
    re.compile(r"[\W_]*"),
    re.compile(r"[\\/]?dcim[\\/].*"),
    re.compile(r"file written by adobe photoshop.*"),
)
# C0 and C1 control characters other than tab and newline: binary junk, never meant as text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(raw: bytes) -> str:
    """Decode metadata bytes: UTF-8 when valid, else Windows-1252, else Latin-1 (never fails)."""
    if raw.startswith(_UTF16_BOMS):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte.
        return raw.decode("latin-1")


def is_boilerplate(text: str) -> bool:
    """True for text a device writes by default, or text with no letters or digits at all."""
    collapsed = " ".join(text.split())
    folded = collapsed.casefold()
    return (
        folded in _BOILERPLATE
        or _DEVICE_SHOUT.fullmatch(collapsed) is not None
        or any(pattern.fullmatch(folded) for pattern in _FOLDED_PATTERNS)
    )


def clean_text(value: str | bytes | None, *, drop_boilerplate: bool = True) -> str | None:
    """Metadata text fit to show: cut at the first NUL, decoded, trimmed, capped; None if empty.

    With ``drop_boilerplate``, device boiler-plate ("OLYMPUS DIGITAL CAMERA", "SONY DSC",
    "????") also gives None; make and model keep it, since there it is the truth.
    """
    text = _to_str(value)
    if text is None:
        return None
    text = text.split("\x00", 1)[0]
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(text) > MAX_TEXT_LENGTH:
        text = text[:MAX_TEXT_LENGTH].rstrip()
    if not text or (drop_boilerplate and is_boilerplate(text)):
        return None
    return text


def _to_str(value: str | bytes | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if value.startswith(_UTF16_BOMS):
        # UTF-16 text is full of NUL bytes: decode before cutting at NUL.
        return decode_text(value)
    return decode_text(value.split(b"\x00", 1)[0])
