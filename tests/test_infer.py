"""Dates and places read from the file and folder names of photos being imported."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import PurePath, PurePosixPath, PureWindowsPath

import pytest

from photoarchive.catalogue.dates import PartialDate
from photoarchive.catalogue.names import fold_text, normalise_name, strip_qualifiers
from photoarchive.catalogue.values import DatePrecision, DateSource
from photoarchive.importer.infer import (
    InferredDate,
    infer_date,
    match_place,
    place_candidates,
)

P = DatePrecision


def year(y: int, *, circa: bool = False) -> PartialDate:
    return PartialDate(datetime(y, 1, 1), P.YEAR, circa)


def decade(y: int, *, circa: bool = False) -> PartialDate:
    return PartialDate(datetime(y, 1, 1), P.DECADE, circa)


def month(y: int, m: int) -> PartialDate:
    return PartialDate(datetime(y, m, 1), P.MONTH)


def day(y: int, m: int, d: int) -> PartialDate:
    return PartialDate(datetime(y, m, d), P.DAY)


def exact(text: str) -> PartialDate:
    return PartialDate(datetime.fromisoformat(text), P.EXACT)


def from_file(partial: PartialDate) -> InferredDate:
    return InferredDate(partial, DateSource.FILE_NAME)


def from_folder(partial: PartialDate) -> InferredDate:
    return InferredDate(partial, DateSource.FOLDER_NAME)


NEXT_YEAR = date.today().year + 1

DATED_PATHS = [
    ("Barda 1997/wedding/IMG_0012.jpg", from_folder(year(1997))),
    ("1992-08 Sadarak/scan001.tif", from_folder(month(1992, 8))),
    ("08.1992 Sadarak/scan001.tif", from_folder(month(1992, 8))),
    ("1990s/print.tif", from_folder(decade(1990))),
    ("1990's/print.tif", from_folder(decade(1990))),
    ("c. 1990s/print.tif", from_folder(decade(1990, circa=True))),
    ("Baku/2022/IMG_0001.JPG", from_folder(year(2022))),
    ("Baku/2022/Novruz/IMG_0001.JPG", from_folder(year(2022))),
    ("2022-03-14_0012.jpg", from_file(day(2022, 3, 14))),
    ("IMG-20220314-WA0012.jpg", from_file(day(2022, 3, 14))),
    ("14.03.2022/print.tif", from_folder(day(2022, 3, 14))),
    ("Baku 14 March 2022/x.jpg", from_folder(day(2022, 3, 14))),
    ("March 2022 Baku/x.jpg", from_folder(month(2022, 3))),
    ("Mart 2022/x.jpg", from_folder(month(2022, 3))),
    ("IMG_20220314_101205.jpg", from_file(exact("2022-03-14 10:12:05"))),
    ("20220314_101205.jpg", from_file(exact("2022-03-14 10:12:05"))),
    ("PXL_20220314_101205123.jpg", from_file(exact("2022-03-14 10:12:05"))),
    ("Screenshot_2022-03-14-10-12-05.png", from_file(exact("2022-03-14 10:12:05"))),
    ("2022-03-14 10.22.05.jpg", from_file(exact("2022-03-14 10:22:05"))),
    ("scan 1995.tif", from_file(year(1995))),
    ("Barda_1997_001.jpg", from_file(year(1997))),
    ("c1995.jpg", from_file(year(1995, circa=True))),
    ("ca. 1995/print.tif", from_folder(year(1995, circa=True))),
    ("Barda 1997?/print.tif", from_folder(year(1997, circa=True))),
    ("Family/2001-2003/print.tif", from_folder(year(2001, circa=True))),
    ("Family/1995-96/print.tif", from_folder(year(1995, circa=True))),
    # the file name wins over folders, the nearest folder over outer ones
    ("Baku/2022/2022-03-14_0001.jpg", from_file(day(2022, 3, 14))),
    ("1990s/Barda 1997/wedding/IMG_0012.jpg", from_folder(year(1997))),
    ("1990s/Barda/IMG_0012.jpg", from_folder(decade(1990))),
    # an invalid date in a name still gives the year that is in it
    ("Baku/2022-13/x.jpg", from_folder(year(2022))),
    ("1826/x.jpg", from_folder(year(1826))),
    (f"{NEXT_YEAR}/x.jpg", from_folder(year(NEXT_YEAR))),
]


@pytest.mark.parametrize(("path", "expected"), DATED_PATHS)
def test_infer_date_reads_names_to_the_right_precision(path: str, expected: InferredDate) -> None:
    assert infer_date(PurePath(path)) == expected


UNDATED_PATHS = [
    "IMG_1234.jpg",
    "IMG_1997.jpg",  # Canon's counter, not 1997
    "DSC01997.JPG",  # Sony's counter
    "DSCN1997.JPG",  # Nikon's counter
    "DSC_1997.NEF",
    "_MG_1997.CR2",
    "100_1997.JPG",  # Kodak
    "P1010001.JPG",
    "12345",
    "12345.jpg",
    "1920x1080.jpg",
    "wallpaper 1920 x 1080.png",
    "Baku 1920px/x.jpg",
    "Photo 0012.jpg",
    "DCIM/100CANON/IMG_0001.JPG",
    "1800/x.jpg",  # before the first photograph
    f"{NEXT_YEAR + 1}/x.jpg",  # in the future
    "scan0001.tif",
    "1234-5678.jpg",
    "wedding/x.jpg",
    "x.jpg",
]


@pytest.mark.parametrize("path", UNDATED_PATHS)
def test_numbers_that_are_not_years_give_no_date(path: str) -> None:
    assert infer_date(PurePath(path)) is None


def test_a_windows_path_is_read_the_same_way() -> None:
    path = PureWindowsPath(r"D:\Scans\Barda 1997\IMG_0012.jpg")
    assert infer_date(path) == from_folder(year(1997))
    assert place_candidates(path) == ["Barda"]


PLACE_CANDIDATES = [
    ("Barda 1997/x.jpg", ["Barda"]),
    ("1992-08 Sadarak/x.jpg", ["Sadarak"]),
    ("Baku/2022/Novruz/x.jpg", ["Novruz", "Baku"]),
    (
        "Aghdam district, Hajimammadli village/x.jpg",
        [
            "Aghdam district, Hajimammadli village",
            "Hajimammadli village",
            "Hajimammadli",
            "Aghdam district",
            "Aghdam",
        ],
    ),
    (
        "Hajimammadli village, Aghdam 2018/x.jpg",
        ["Hajimammadli village, Aghdam", "Hajimammadli village", "Hajimammadli", "Aghdam"],
    ),
    (
        "Aghdam region, Zengisali/x.jpg",
        ["Aghdam region, Zengisali", "Zengisali", "Aghdam region", "Aghdam"],
    ),
    ("Sadarak, Nakhchivan, 1992/x.jpg", ["Sadarak, Nakhchivan", "Sadarak", "Nakhchivan"]),
    ("Nagorno-Karabakh 1994/x.jpg", ["Nagorno-Karabakh", "Nagorno", "Karabakh"]),
    ("Barda hospital 1994 scans/x.jpg", ["Barda hospital", "Barda", "hospital"]),
    ("Tartar_2024/x.jpg", ["Tartar"]),
    ("ca. 1995 Barda (2)/x.jpg", ["Barda"]),
    ("Photos March 2022 Baku/x.jpg", ["Baku"]),
    ("1990s/2022/DCIM/100CANON/x.jpg", []),
    ("x.jpg", []),
]


@pytest.mark.parametrize(("path", "candidates"), PLACE_CANDIDATES)
def test_place_candidates_drop_dates_and_noise(path: str, candidates: list[str]) -> None:
    assert place_candidates(PurePosixPath(path)) == candidates


# A small gazetteer: place id -> name and alternate spellings, as the catalogue holds them.
GAZETTEER = {
    1: ["Azerbaijan", "Azərbaycan"],
    2: ["Baku", "Bakı", "Baki"],
    3: ["Aghdam", "Ağdam", "Agdam"],
    4: ["Hajimammadli", "Hacıməmmədli"],
    5: ["Barda", "Bərdə"],
    6: ["Sadarak", "Sədərək"],
    7: ["Nakhchivan", "Naxçıvan", "Nakhichevan"],
    8: ["Zengisali", "Zəngişalı"],
    9: ["Tartar", "Tərtər"],
}
KNOWN = {normalise_name(name): pid for pid, names in GAZETTEER.items() for name in names}

MATCHES = [
    ("Baku 2022/x.jpg", 2),
    ("Bakı 2022/x.jpg", 2),
    ("BAKU/x.jpg", 2),
    ("Baku/2022/Novruz/x.jpg", 2),  # "Novruz" matches nothing; the next folder does
    ("Aghdam district, Hajimammadli village/x.jpg", 4),
    ("Hajimammadli village, Aghdam/x.jpg", 4),
    ("Aghdam region, Zengisali/x.jpg", 8),
    ("Ağdam rayonu/x.jpg", 3),
    ("Aghdam district/x.jpg", 3),
    ("Sadarak, Nakhchivan, 1992/x.jpg", 6),
    ("Nakhichevan/x.jpg", 7),
    ("Azerbaijan/Barda 1997/x.jpg", 5),  # the nearest folder wins
    ("Tartar/Aghdam district/x.jpg", 3),
    ("Barda/hospital/x.jpg", 5),
    ("Bərdə 1994/x.jpg", 5),
    ("BARDA_1994/x.jpg", 5),
    ("Barda hospital 1994/x.jpg", 5),
    ("wedding/x.jpg", None),
    ("2022/IMG_0001.jpg", None),
    ("Barda 1997.jpg", None),  # file names do not name places
    ("Ganja/x.jpg", None),
]


@pytest.mark.parametrize(("path", "place_id"), MATCHES)
def test_match_place_finds_the_nearest_known_place(path: str, place_id: int | None) -> None:
    assert match_place(PurePosixPath(path), KNOWN) == place_id


NORMALISED = [
    ("Baku", "baku"),
    ("Bakı", "baki"),
    ("BAKU", "baku"),
    ("Ağdam", "agdam"),
    ("Bərdə", "barda"),
    ("İmişli", "imisli"),
    ("Aghdam district", "aghdam"),
    ("Aghdam   District", "aghdam"),
    ("Hajimammadli village", "hajimammadli"),
    ("Hacıməmmədli kəndi", "hacimammadli"),
    ("City of Baku", "baku"),
    ("Nagorno-Karabakh", "nagorno karabakh"),
    ("Nagorno_Karabakh", "nagorno karabakh"),
    ("  ADA   University ", "ada university"),
    ("Village", "village"),
    ("District City", "district"),  # only qualifiers: one is kept, so the key is not empty
    ("Ma'arif", "maarif"),
    ("", ""),
]


@pytest.mark.parametrize(("name", "key"), NORMALISED)
def test_normalise_name(name: str, key: str) -> None:
    assert normalise_name(name) == key


def test_qualifiers_are_stripped_as_written_and_letters_folded() -> None:
    assert strip_qualifiers("Aghdam district") == "Aghdam"
    assert strip_qualifiers("Village of Tezekend") == "Tezekend"
    assert strip_qualifiers("Hajimammadli") == "Hajimammadli"
    assert fold_text("Şəki") == "saki"
