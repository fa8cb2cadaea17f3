"""Infer a photo's date and place from its file and folder names, when the file says nothing."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import PurePath

from photoarchive.catalogue.dates import PartialDate, is_photo_year, month_number
from photoarchive.catalogue.names import (
    BROAD_QUALIFIERS,
    NARROW_QUALIFIERS,
    QUALIFIERS,
    fold_text,
    normalise_name,
    strip_qualifiers,
)
from photoarchive.catalogue.values import DatePrecision, DateSource


@dataclass(frozen=True, slots=True)
class InferredDate:
    """A date read from a file or folder name, and which of the two it came from."""

    date: PartialDate
    source: DateSource


# ------------------------------------------------------------------------------ dates

_Reader = Callable[[re.Match[str]], PartialDate | None]

_CIRCA = r"(?P<circa>(?<![^\W\d_])(?:circa|approx|ca|c)\.?[ _]?|~ ?)?"
_DATE = r"(?P<y>\d{4})(?P<sep>[-_.]?)(?P<m>\d{2})(?P=sep)(?P<d>\d{2})"
_TIME = r"(?P<h>\d{2})(?P<tsep>[-_.:]?)(?P<mi>\d{2})(?P=tsep)(?P<s>\d{2})"
_MONTH_NAME = r"(?<![^\W\d_])(?P<name>[^\W\d_]{3,})\.?"
_GAP = r"[ _-]*,?[ _-]*"

# Camera counters that look like years: IMG_1997, DSCN1997, _MG_1997, Kodak's 100_1997.
_COUNTER_BEFORE = re.compile(
    r"(?:^|[^a-z])(?:img|dsc[nf]?|mg|pict|cimg|sam|mvi|gopr|dcp|hpim|imag|dji|[1-9]\d\d)[_ -]?$",
    re.IGNORECASE,
)
# Sizes and resolutions that look like years: 1920x1080, 1920px, 2000dpi.
_MEASURE_BEFORE = re.compile(r"\d\s*[x×]\s*$", re.IGNORECASE)
_MEASURE_AFTER = re.compile(r"\s*(?:[x×]\s*\d|(?:px|dpi|ppi|p|mm|cm|kb|mb)(?![^\W\d_]))", re.I)


def _is_year_here(match: re.Match[str]) -> bool:
    """False when the four digits at ``y`` are a counter or a measure, not a year."""
    if match["circa"]:
        return True
    before, after = match.string[: match.start("y")], match.string[match.end("y") :]
    return not (
        _COUNTER_BEFORE.search(before)
        or _MEASURE_BEFORE.search(before)
        or _MEASURE_AFTER.match(after)
    )


def _date_of(match: re.Match[str], precision: DatePrecision) -> PartialDate | None:
    """The date the groups of ``match`` spell, or None if they spell no possible photo date."""
    groups = match.groupdict()
    year = int(groups["y"])
    month = month_number(groups["name"]) if groups.get("name") else int(groups.get("m") or 1)
    if month is None or not is_photo_year(year):
        return None
    day = int(groups.get("d") or 1)
    hour, minute, second = (int(groups.get(key) or 0) for key in ("h", "mi", "s"))
    try:
        value = datetime(year, month, day, hour, minute, second)
    except ValueError:  # 31 February, month 13, 25 o'clock
        return None
    return PartialDate(value, precision, circa=bool(groups.get("circa") or groups.get("q")))


def _reader(precision: DatePrecision) -> _Reader:
    return lambda match: _date_of(match, precision)


def _read_year(precision: DatePrecision) -> _Reader:
    return lambda match: _date_of(match, precision) if _is_year_here(match) else None


def _read_range(match: re.Match[str]) -> PartialDate | None:
    """The first year of "2001-2003" or "1995-96", circa: the period is wider than one year."""
    start, end = int(match["y"]), match["end"]
    last = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
    if last <= start or not is_photo_year(last) or not _is_year_here(match):
        return None
    first = _date_of(match, DatePrecision.YEAR)
    return PartialDate(first.value, first.precision, circa=True) if first else None


_EXACT = rf"(?<!\d){_DATE}[ _T-]?{_TIME}(?:[.,]?\d{{3}})?(?!\d)"  # IMG_20220314_101205
_DAY = rf"(?<!\d){_DATE}(?!\d)"  # 2022-03-14, 20220314
# 14.03.2022
_DAY_FIRST = r"(?<!\d)(?P<d>\d{1,2})(?P<sep>[-_.])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"
# 14 March 2022
_DAY_NAMED = (
    rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?{_GAP}{_MONTH_NAME}{_GAP}(?P<y>\d{{4}})(?!\d)"
)
_MONTH = r"(?<!\d)(?P<y>\d{4})[-.](?P<m>\d{2})(?![-_.]?\d)"  # 1992-08, not 2001-2003
_MONTH_FIRST = r"(?<![\d._-])(?P<m>\d{2})[-.](?P<y>\d{4})(?!\d)"  # 08.1992
_MONTH_NAMED = rf"{_MONTH_NAME}{_GAP}(?P<y>\d{{4}})(?!\d)"  # March 2022
_YEAR_MONTH_NAMED = r"(?<!\d)(?P<y>\d{4})[ _-]+(?P<name>[^\W\d_]{3,})(?![^\W\d_])"  # 2022 March
_DECADE = rf"{_CIRCA}(?<!\d)(?P<y>\d{{3}}0)['’]?s(?![^\W\d_])"  # 1990s, 1990's
# 2001-2003, 1995-96
_RANGE = rf"{_CIRCA}(?<!\d)(?P<y>\d{{4}}) *[-–—_] *(?P<end>\d{{4}}|\d{{2}})(?!\d)"
_YEAR = rf"{_CIRCA}(?<!\d)(?P<y>\d{{4}})(?!\d)(?P<q>\?)?"  # 1997, c1995, ca. 1995, 1995?

# Most precise first: the first form that gives a date in a name is the date of that name.
_PATTERNS: tuple[tuple[re.Pattern[str], _Reader], ...] = tuple(
    (re.compile(regex, re.IGNORECASE), read)
    for regex, read in (
        (_EXACT, _reader(DatePrecision.EXACT)),
        (_DAY, _reader(DatePrecision.DAY)),
        (_DAY_FIRST, _reader(DatePrecision.DAY)),
        (_DAY_NAMED, _reader(DatePrecision.DAY)),
        (_MONTH, _reader(DatePrecision.MONTH)),
        (_MONTH_FIRST, _reader(DatePrecision.MONTH)),
        (_MONTH_NAMED, _reader(DatePrecision.MONTH)),
        (_YEAR_MONTH_NAMED, _reader(DatePrecision.MONTH)),
        (_DECADE, _read_year(DatePrecision.DECADE)),
        (_RANGE, _read_range),
        (_YEAR, _read_year(DatePrecision.YEAR)),
    )
)


def _dates_in(name: str) -> Iterator[tuple[re.Match[str], PartialDate]]:
    """Every date written in ``name``, most precise form first."""
    for pattern, read in _PATTERNS:
        for match in pattern.finditer(name):
            found = read(match)
            if found is not None:
                yield match, found


# Thousands of photos share a folder: read each folder name once.
@lru_cache(maxsize=4096)
def date_in_name(name: str) -> PartialDate | None:
    """The most precise date written in one file or folder name, or None."""
    return next((found for _match, found in _dates_in(name)), None)


def _file_stem(path: PurePath) -> str:
    """The file name without its extension; "14.03.2022" has none, so it stays whole."""
    return path.stem if re.fullmatch(r"\.[a-z][a-z0-9]{0,4}", path.suffix, re.I) else path.name


def _folders_nearest_first(path: PurePath) -> list[str]:
    folders = path.parts[1 if path.anchor else 0 : -1]
    return [name for name in reversed(folders) if name not in ("", ".", "..")]


def infer_date(relative_path: PurePath) -> InferredDate | None:
    """The date written in a photo's file name, else in the nearest folder name that has one.

    ``relative_path`` is the photo's path under the folder being imported; its last part is
    the file. Each name gives its most precise date ("IMG_20220314_101205" exact,
    "1992-08 Sadarak" a month, "1990s" a decade). A range ("2001-2003") gives its first year,
    circa: the timeline needs one year, and circa says it is not sure. Four digits are a year
    only from 1826 to next year and not as a camera counter ("IMG_1997", "DSC01997") or a
    size ("1920x1080").
    """
    found = date_in_name(_file_stem(relative_path))
    if found is not None:
        return InferredDate(found, DateSource.FILE_NAME)
    for folder in _folders_nearest_first(relative_path):
        found = date_in_name(folder)
        if found is not None:
            return InferredDate(found, DateSource.FOLDER_NAME)
    return None


# ------------------------------------------------------------------------------ places

# Words in folder names that say what the folder holds, not where the photos were taken.
_NOISE = frozenset(
    {"photo", "photos", "foto", "fotos", "picture", "pictures", "pic", "pics", "image", "images"}
    | {"img", "dsc", "dscn", "dscf", "pict", "dcim", "scan", "scans", "scanned", "print", "prints"}
    | {"negatives", "slides", "film", "jpg", "jpeg", "tif", "tiff", "raw", "dng", "original"}
    | {"originals", "copy", "copies", "select", "selected", "selection", "best", "misc", "other"}
    | {"others", "various", "new", "folder", "untitled", "export", "exports", "edited"}
    | {"final", "album", "albums", "box", "disk", "disc", "cd", "dvd", "backup", "camera"}
    | {"archive", "archives", "the", "and", "c", "ca", "circa", "approx", "s"}
)
_SEPARATORS = re.compile(r"[,;_+&/|()\[\]{}\-–—]|\band\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")
_EDGES = " ,;:.-–—_&+()[]{}|~'’?!#"


def _without_dates(name: str, filler: str) -> str:
    """``name`` with every date in it replaced by ``filler``."""
    spans = sorted(match.span() for match, _found in _dates_in(name))
    pieces, position = [], 0
    for start, end in spans:
        if start >= position:
            pieces += [name[position:start], filler]
        position = max(position, end)
    return "".join([*pieces, name[position:]])


def _is_noise(word: str) -> bool:
    folded = fold_text(word)
    is_month = len(folded) > 3 and month_number(folded) is not None  # not "Jan", "Mar"
    return folded in _NOISE or is_month or any(c.isdigit() for c in word)


def _tidy(phrase: str) -> str:
    """``phrase`` without noise words, numbers and stray punctuation; "" if no name is left."""
    kept = _WORD.sub(lambda word: "" if _is_noise(word[0]) else word[0], phrase)
    kept = re.sub(r"\(\s*\)|\[\s*\]", " ", kept)
    kept = re.sub(r"\s*([,;])(?:\s*[,;])*\s*", r"\1 ", " ".join(kept.split()))
    kept = kept.strip(_EDGES)
    return kept if sum(c.isalpha() for c in kept) >= 2 else ""


def _breadth(part: str) -> int:
    """0 for a village or town, 2 for a district or region, 1 when the name does not say."""
    words = [fold_text(word) for word in part.split()]
    ends = {words[0], words[-1]}
    return 0 if ends & NARROW_QUALIFIERS else 2 if ends & BROAD_QUALIFIERS else 1


def _shorter_phrases(phrase: str) -> Iterator[str]:
    """Runs of words inside ``phrase``, longest first: "Barda hospital" → "Barda", "hospital"."""
    words = phrase.split()
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            if not all(fold_text(word) in QUALIFIERS | {"of"} for word in run):
                yield " ".join(run)


@lru_cache(maxsize=4096)
def _folder_candidates(name: str) -> tuple[str, ...]:
    """Place names a folder name may hold, the most specific first."""
    found = [_tidy(_without_dates(name, " ").replace("_", " "))]
    parts = (_tidy(part) for part in _SEPARATORS.split(_without_dates(name, ",")))
    for part in sorted((part for part in parts if part), key=_breadth):
        bare = strip_qualifiers(part)
        found += [part, bare, *_shorter_phrases(bare)]
    return tuple(_unique(found))


def _unique(candidates: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(candidate for candidate in candidates if candidate))


def place_candidates(relative_path: PurePath) -> list[str]:
    """Phrases in the folder names that may name the photo's place, nearest folder first.

    For each folder: the whole name without dates and noise words ("Aghdam district,
    Hajimammadli village"); then its parts split at commas, underscores, hyphens and "and",
    villages and towns before districts and regions, each as written ("Hajimammadli village"),
    bare ("Hajimammadli") and as its shorter runs of words ("Barda hospital" → "Barda").
    """
    return _unique(
        candidate
        for folder in _folders_nearest_first(relative_path)
        for candidate in _folder_candidates(folder)
    )


def match_place(relative_path: PurePath, known: Mapping[str, int]) -> int | None:
    """The place id of the first candidate found in ``known`` (keys from ``normalise_name``)."""
    for candidate in place_candidates(relative_path):
        place_id = known.get(normalise_name(candidate))
        if place_id is not None:
            return place_id
    return None
