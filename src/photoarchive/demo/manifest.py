"""The demo archive's manifest: programmes, place tree and seed gallery, read from packaged data."""

from __future__ import annotations

import csv
import datetime
import enum
import io
import json
from dataclasses import dataclass
from importlib.abc import Traversable
from pathlib import PurePosixPath
from typing import TypeVar

from photoarchive.catalogue.values import DatePrecision, Restriction
from photoarchive.paths import packaged_data

PROGRAMMES_FILE = "programmes.csv"
PLACES_FILE = "demo/places.json"
GALLERY_FILE = "demo/gallery.json"

_E = TypeVar("_E", bound=enum.StrEnum)


class PlaceKind(enum.StrEnum):
    """The level of a place in the tree, country at the top."""

    COUNTRY = "country"
    REGION = "region"
    DISTRICT = "district"
    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"
    SITE = "site"


class PhotoKind(enum.StrEnum):
    """How the original came to be: its kind decides which EXIF dates it carries."""

    SCAN = "scan"  # a print scanned years later: only DateTimeDigitized, date from the folder
    DIGITAL = "digital"  # a camera file: DateTimeOriginal in the photo's year


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: PlaceKind
    latitude: float | None
    longitude: float | None
    alternate_names: tuple[str, ...]
    children: tuple[Place, ...]

    @property
    def coordinates(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)


@dataclass(frozen=True, slots=True)
class Photographer:
    name: str | None
    organisation: str | None

    @property
    def credit(self) -> str:
        """The credit as archivists write it: "Ingy Sedky/ICRC", or "ICRC" when unnamed."""
        return "/".join(part for part in (self.name, self.organisation) if part)


@dataclass(frozen=True, slots=True)
class DemoPhoto:
    id: str
    caption: str
    place: tuple[str, ...]
    programme: str
    restriction: Restriction
    folder: str
    kind: PhotoKind
    year: int | None
    month: int | None
    decade: int | None
    photographer: Photographer | None
    credit: str | None  # the credit line exactly as the gallery page prints it
    byline: str | None  # the page's separate photographer line, when it prints one
    note: str | None

    @property
    def relative_path(self) -> PurePosixPath:
        """Where the demo file lives below the demo library root."""
        return PurePosixPath(self.folder) / f"{self.id}.jpg"

    @property
    def date_precision(self) -> DatePrecision:
        """What an importer can know: the camera clock, or only what the folder name says."""
        if self.kind is PhotoKind.DIGITAL:
            return DatePrecision.EXACT
        if self.month is not None:
            return DatePrecision.MONTH
        if self.year is not None:
            return DatePrecision.YEAR
        if self.decade is not None:
            return DatePrecision.DECADE
        return DatePrecision.UNKNOWN

    @property
    def credit_line(self) -> str | None:
        """The printed credit, or one derived in the page's style ("Barda, 1997. Name/ICRC")."""
        if self.credit is not None:
            return self.credit
        when = str(self.year) if self.year else f"{self.decade}s" if self.decade else None
        where = ", ".join(part for part in (self.place[-1], when) if part)
        if self.photographer is None:
            return where
        return f"{where}. {self.photographer.credit}"


@dataclass(frozen=True, slots=True)
class GallerySection:
    heading: str | None  # None for the closing text, which the page prints without a heading
    photos: tuple[DemoPhoto, ...]
    body: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DemoGallery:
    title: str
    date: datetime.date
    topics: tuple[str, ...]
    introduction: str
    sections: tuple[GallerySection, ...]

    @property
    def photos(self) -> tuple[DemoPhoto, ...]:
        return tuple(photo for section in self.sections for photo in section.photos)


@dataclass(frozen=True, slots=True)
class DemoManifest:
    programmes: tuple[tuple[str, str], ...]
    places: tuple[Place, ...]
    gallery: DemoGallery
    archive: tuple[DemoPhoto, ...]  # demo photos that are not in the gallery

    @property
    def photos(self) -> tuple[DemoPhoto, ...]:
        """Every demo photo: the gallery's in page order, then the archive's."""
        return self.gallery.photos + self.archive

    def place(self, path: tuple[str, ...]) -> Place:
        """The place at a path of names from the country down; KeyError when there is none."""
        found = find_place(self.places, path)
        if found is None:
            raise KeyError(" > ".join(path))
        return found


def find_place(places: tuple[Place, ...], path: tuple[str, ...]) -> Place | None:
    current: Place | None = None
    level = places
    for name in path:
        current = next((place for place in level if place.name == name), None)
        if current is None:
            return None
        level = current.children
    return current


def load_programmes(data: Traversable | None = None) -> list[tuple[str, str]]:
    """The controlled vocabulary of programmes as (name, description), in file order."""
    text = ((data or packaged_data()) / PROGRAMMES_FILE).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or rows[0] != ["name", "description"]:
        raise ValueError(f"{PROGRAMMES_FILE}: the header must be 'name,description'")
    programmes = [_programme(row, number) for number, row in enumerate(rows[1:], start=2)]
    names = [name for name, _ in programmes]
    if len(set(names)) != len(names):
        raise ValueError(f"{PROGRAMMES_FILE}: a programme is listed twice")
    return programmes


def _programme(row: list[str], number: int) -> tuple[str, str]:
    if len(row) != 2 or not row[0].strip():
        raise ValueError(f"{PROGRAMMES_FILE}, line {number}: expected a name and a description")
    return (row[0].strip(), row[1].strip())


def load_manifest(data: Traversable | None = None) -> DemoManifest:
    """Read and check the demo manifest; a ValueError names the first inconsistency."""
    root = data or packaged_data()
    places_raw = _Fields(_read_json(root, PLACES_FILE), PLACES_FILE)
    places = tuple(_place(raw, PLACES_FILE) for raw in places_raw.objects("places"))
    places_raw.done()
    gallery_raw = _Fields(_read_json(root, GALLERY_FILE), GALLERY_FILE)
    gallery = _gallery(gallery_raw)
    archive = tuple(_photo(raw, GALLERY_FILE) for raw in gallery_raw.objects("archive"))
    gallery_raw.done()
    manifest = DemoManifest(tuple(load_programmes(root)), places, gallery, archive)
    _check(manifest)
    return manifest


def _read_json(root: Traversable, name: str) -> object:
    file = root
    for part in name.split("/"):  # one step at a time: not every Traversable splits on "/"
        file = file / part
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{name}: not valid JSON: {error}") from error


class _Fields:
    """One JSON object being read, so that every error says where it is."""

    def __init__(self, raw: object, where: str) -> None:
        if not isinstance(raw, dict):
            raise ValueError(f"{where}: expected a JSON object")
        self._raw: dict[str, object] = raw
        self._read = {"note"}  # a free-text note is allowed on every object
        self.where = where

    def _value(self, key: str, kind: type | tuple[type, ...], *, optional: bool) -> object:
        self._read.add(key)
        value = self._raw.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ValueError(f"{self.where}: '{key}' is missing or of the wrong type")
        return value

    def text(self, key: str) -> str:
        return str(self._value(key, str, optional=False))

    def optional_text(self, key: str) -> str | None:
        value = self._value(key, str, optional=True)
        return None if value is None else str(value)

    def optional_int(self, key: str) -> int | None:
        value = self._value(key, int, optional=True)
        return value if isinstance(value, int) else None

    def optional_float(self, key: str) -> float | None:
        value = self._value(key, (int, float), optional=True)
        return float(value) if isinstance(value, int | float) else None

    def texts(self, key: str) -> tuple[str, ...]:
        values = self._value(key, list, optional=False)
        assert isinstance(values, list)
        if not all(isinstance(value, str) for value in values):
            raise ValueError(f"{self.where}: '{key}' must be a list of strings")
        return tuple(str(value) for value in values)

    def objects(self, key: str) -> list[object]:
        values = self._value(key, list, optional=False)
        assert isinstance(values, list)
        return list(values)

    def optional_object(self, key: str) -> _Fields | None:
        value = self._value(key, dict, optional=True)
        return None if value is None else _Fields(value, f"{self.where} '{key}'")

    def done(self) -> None:
        """Refuse keys nobody read: a misspelt field must not be silently ignored."""
        unknown = sorted(set(self._raw) - self._read)
        if unknown:
            raise ValueError(f"{self.where}: unknown field(s) {', '.join(unknown)}")


def _enum(kind: type[_E], value: str, where: str) -> _E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise ValueError(f"{where}: '{value}' is not one of {allowed}") from None


def _place(raw: object, where: str) -> Place:
    fields = _Fields(raw, where)
    name = fields.text("name")
    fields.where = f"{where}: place '{name}'"
    place = Place(
        name=name,
        kind=_enum(PlaceKind, fields.text("kind"), fields.where),
        latitude=fields.optional_float("latitude"),
        longitude=fields.optional_float("longitude"),
        alternate_names=fields.texts("alternate_names"),
        children=tuple(_place(child, fields.where) for child in fields.objects("children")),
    )
    fields.done()
    return place


def _gallery(fields: _Fields) -> DemoGallery:
    try:
        date = datetime.date.fromisoformat(fields.text("date"))
    except ValueError as error:
        raise ValueError(f"{fields.where}: 'date' must be YYYY-MM-DD") from error
    return DemoGallery(
        title=fields.text("title"),
        date=date,
        topics=fields.texts("topics"),
        introduction=fields.text("introduction"),
        sections=tuple(_section(raw, fields.where) for raw in fields.objects("sections")),
    )


def _section(raw: object, where: str) -> GallerySection:
    fields = _Fields(raw, f"{where}: section")
    heading = fields.optional_text("heading")
    section = GallerySection(
        heading=heading,
        photos=tuple(_photo(photo, where) for photo in fields.objects("photos")),
        body=fields.texts("body"),
    )
    fields.done()
    return section


def _photo(raw: object, where: str) -> DemoPhoto:
    fields = _Fields(raw, where)
    photo_id = fields.text("id")
    fields.where = f"{where}: photo '{photo_id}'"
    photographer = fields.optional_object("photographer")
    photo = DemoPhoto(
        id=photo_id,
        caption=fields.text("caption"),
        place=fields.texts("place"),
        programme=fields.text("programme"),
        restriction=_enum(Restriction, fields.text("restriction"), fields.where),
        folder=fields.text("folder"),
        kind=_enum(PhotoKind, fields.text("kind"), fields.where),
        year=fields.optional_int("year"),
        month=fields.optional_int("month"),
        decade=fields.optional_int("decade"),
        photographer=None if photographer is None else _photographer(photographer),
        credit=fields.optional_text("credit"),
        byline=fields.optional_text("byline"),
        note=fields.optional_text("note"),
    )
    fields.done()
    return photo


def _photographer(fields: _Fields) -> Photographer:
    photographer = Photographer(fields.optional_text("name"), fields.optional_text("organisation"))
    fields.done()
    if not photographer.credit:
        raise ValueError(f"{fields.where}: give a name, an organisation or null")
    return photographer


def _check(manifest: DemoManifest) -> None:
    programmes = {name for name, _ in manifest.programmes}
    seen: set[str] = set()
    for photo in manifest.photos:
        where = f"{GALLERY_FILE}: photo '{photo.id}'"
        if photo.id in seen:
            raise ValueError(f"{where}: the id is used twice")
        seen.add(photo.id)
        if photo.programme not in programmes:
            raise ValueError(f"{where}: programme '{photo.programme}' is not in {PROGRAMMES_FILE}")
        if find_place(manifest.places, photo.place) is None:
            place = " > ".join(photo.place)
            raise ValueError(f"{where}: place '{place}' is not in {PLACES_FILE}")
        _check_date(photo, where)
        _check_folder(photo, where)


def _check_date(photo: DemoPhoto, where: str) -> None:
    if photo.month is not None and (photo.year is None or not 1 <= photo.month <= 12):
        raise ValueError(f"{where}: a month needs a year and lies between 1 and 12")
    if photo.decade is not None and (photo.year is not None or photo.decade % 10):
        raise ValueError(f"{where}: a decade (like 1990) stands in for an unknown year")
    if photo.kind is PhotoKind.DIGITAL and photo.year is None:
        raise ValueError(f"{where}: a digital photo needs a year for its camera date")


def _check_folder(photo: DemoPhoto, where: str) -> None:
    folder = PurePosixPath(photo.folder)
    if not photo.folder or folder.is_absolute() or ".." in folder.parts or "\\" in photo.folder:
        raise ValueError(f"{where}: folder '{photo.folder}' must be a relative path with '/'")
