"""Tests of cleaning metadata text: what becomes a caption, credit or copyright, and what not."""

from __future__ import annotations

import pytest

from photoarchive.importer.text import MAX_TEXT_LENGTH, clean_text, decode_text, is_boilerplate


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # absent and blank
        (None, None),
        ("", None),
        (b"", None),
        ("   \t\n ", None),
        ("????", None),
        ("? ? ?", None),
        ("----", None),
        ("\x00\x00\x00\x00", None),
        # trimming and cutting at the first NUL, as ExifTool shows fields
        ("  Baku, 2022  ", "Baku, 2022"),
        ("Ingy Sedky/ICRC\x00\x00\x00", "Ingy Sedky/ICRC"),
        (b"Ingy Sedky/ICRC\x00garbage after the terminator", "Ingy Sedky/ICRC"),
        ("photographer\x00editor", "photographer"),
        ("\x00hidden", None),
        # decoding bytes: UTF-8 first, then Windows-1252, then Latin-1
        ("Bərdə, toy".encode(), "Bərdə, toy"),
        ("Bakı, Novruz bayramı".encode(), "Bakı, Novruz bayramı"),
        ("Café – Zürich".encode("cp1252"), "Café – Zürich"),
        (b"Caf\xe9 \x81", "Café"),  # 0x81 is undefined in cp1252: Latin-1, then dropped
        ("\ufeffBaku".encode(), "Baku"),
        ("Ağdam".encode("utf-16"), "Ağdam"),
        # control characters are junk; line breaks are kept, normalised
        ("300\x02", "300"),
        ("line one\r\nline two", "line one\nline two"),
        # camera and software boiler-plate is not a caption
        ("OLYMPUS DIGITAL CAMERA", None),
        ("OLYMPUS DIGITAL CAMERA         ", None),
        (b"OLYMPUS DIGITAL CAMERA\x00\x00\x00\x00", None),
        ("SONY DSC", None),
        ("SONY DSC        ", None),
        ("NIKON DSC", None),
        ("DCIM", None),
        ("DCIM\\100OLYMP\\P1010001.JPG", None),
        ("DCIM/108GOPRO/GOPR2137.JPG", None),
        ("Default", None),
        ("default", None),
        ("KODAK Digital Still Camera", None),
        ("KODAK EASYSHARE C813 ZOOM DIGITAL CAMERA", None),
        ("SAMSUNG CSC", None),
        ("Minolta DSC", None),
        ("File written by Adobe Photoshop. 4.0", None),
        # real captions that look a little like boiler-plate stay
        ("My first digital camera", "My first digital camera"),
        ("DCIM folder found in the ruins", "DCIM folder found in the ruins"),
        ("Caption", "Caption"),
        ("Copyright", "Copyright"),
        ("1997", "1997"),
        ("Tartar, 2021. Weapon contamination.", "Tartar, 2021. Weapon contamination."),
    ],
)
def test_clean_text(raw: str | bytes | None, expected: str | None) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SONY", "SONY"),
        ("DIGITAL CAMERA", "DIGITAL CAMERA"),
        ("  NIKON CORPORATION\x00", "NIKON CORPORATION"),
        ("", None),
    ],
)
def test_make_and_model_keep_boilerplate(raw: str, expected: str | None) -> None:
    assert clean_text(raw, drop_boilerplate=False) == expected


def test_absurdly_long_text_is_capped() -> None:
    text = clean_text("x" * 1_000_000)
    assert text is not None
    assert len(text) == MAX_TEXT_LENGTH


def test_capped_text_ends_without_whitespace() -> None:
    text = clean_text("a " * MAX_TEXT_LENGTH)
    assert text is not None
    assert len(text) < MAX_TEXT_LENGTH
    assert text == text.strip()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"plain", "plain"),
        ("Gənclik".encode(), "Gənclik"),
        ("naïve – “quoted”".encode("cp1252"), "naïve – “quoted”"),
        (b"\x81\x8d\x8f", "\x81\x8d\x8f"),  # undefined in cp1252
        (bytes(range(256)), bytes(range(256)).decode("latin-1")),
    ],
)
def test_decode_text_never_fails(raw: bytes, expected: str) -> None:
    assert decode_text(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OLYMPUS DIGITAL CAMERA", True),
        ("olympus   digital camera", True),
        ("...", True),
        ("Barda 1997", False),
        ("Sony DSC-RX100 at the market", False),
    ],
)
def test_is_boilerplate(text: str, expected: bool) -> None:
    assert is_boilerplate(text) is expected
