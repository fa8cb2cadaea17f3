"""Fill a catalogue with synthetic photos, fast: for query tests and the query benchmark."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from photoarchive.catalogue.models import (
    Base,
    FileLocation,
    LibraryRoot,
    Photo,
    Photographer,
    Place,
    Programme,
    credit_line,
)
from photoarchive.catalogue.search import search_text_of
from photoarchive.catalogue.values import DatePrecision, DateSource, Restriction


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Caption words: prefixes shared between words (mine/mines/minefield), Azerbaijani letters
# that FTS5 folds (ğ, ş, ü, ö, ç) and a few that look like FTS5 syntax when capitalised.
VOCABULARY = _words(
    "mine mines minefield clearance awareness family families missing message reunited "
    "detainee detainees visit visited prison water pipe health clinic hospital wounded "
    "prosthesis orthopaedic school schoolchildren children teacher livestock seeds greenhouse "
    "volunteers Red Crescent training law humanitarian soldiers university delegation "
    "winter blankets food parcels cash grant village market bridge road shelling frontline "
    "Ağdam Bərdə Şəki Füzuli Gəncə Tərtər Naftalan Qazax Göygöl Şuşa Xocalı Ağcabədi "
    "Andrew andante android nearby Nearest Orchard notable 1992 1997 2020"
)
COUNTRIES = ("Azerbaijan", "Georgia", "Armenia")
REGION_NAMES = _words(
    "Baku Barda Aghdam Tartar Ganja Naftalan Sheki Qazax Fuzuli Goranboy Agjabadi Zardab "
    "Beylagan Imishli Saatli Sabirabad Shirvan Lankaran Astara Masally Quba Khachmaz Shamakhi "
    "Ismayilli Gabala Oguz Zaqatala Balakan Tovuz Shamkir"
)
MAKES = (("Nikon", "D700"), ("Canon", "EOS 5D"), ("Sony", "ILCE-7M3"), (None, None))
EPOCH = datetime(2024, 1, 1)


@dataclass(frozen=True)
class Synthetic:
    """What a fill created: the vocabularies by id and the photo rows exactly as inserted."""

    places: dict[int, tuple[int | None, str, str]]  # id -> (parent id, name, lineage)
    programmes: dict[int, str]
    photographers: dict[int, tuple[str, str]]  # id -> (name, organisation)
    root_path: str
    photos: list[dict[str, Any]]
    locations: dict[int, list[str]]  # photo id -> relative paths, in insertion order


def fill_catalogue(
    session: Session,
    count: int,
    *,
    seed: int = 0,
    tree: tuple[int, int, int] = (2, 4, 3),
    programmes: int = 8,
    photographers: int = 10,
    years: tuple[int, int] = (1990, 2024),
    caption_words: tuple[int, int] = (3, 12),
    root_path: str = "/archive",
) -> Synthetic:
    """Add a place tree (countries, regions per country, towns per region), programmes,
    photographers, a library root and ``count`` photos with seeded random values."""
    rng = random.Random(seed)
    places = add_place_tree(session, *tree)
    programme_ids = add_programmes(session, programmes)
    photographer_ids = add_photographers(session, rng, photographers)
    root_id = add_root(session, root_path)
    rows = photo_rows(
        rng,
        count,
        list(places),
        list(programme_ids),
        photographer_ids,
        first_id=_next_id(session, Photo),
        years=years,
        caption_words=caption_words,
    )
    session.execute(insert(Photo), rows)
    locations = add_locations(session, rng, root_id, [row["id"] for row in rows])
    return Synthetic(places, programme_ids, photographer_ids, root_path, rows, locations)


def add_place_tree(
    session: Session, countries: int, regions: int, towns: int
) -> dict[int, tuple[int | None, str, str]]:
    """A three-level place tree with materialised lineages, inserted in one statement."""
    places: dict[int, tuple[int | None, str, str]] = {}
    first = _next_id(session, Place)

    def add(parent: int | None, name: str) -> int:
        place_id = first + len(places)
        lineage = f"{places[parent][2] if parent else '/'}{place_id}/"
        places[place_id] = (parent, name, lineage)
        return place_id

    for country in COUNTRIES[:countries] or ["Country"]:
        country_id = add(None, country)
        for r in range(regions):
            region = REGION_NAMES[r % len(REGION_NAMES)] + (
                "" if r < len(REGION_NAMES) else f" {r}"
            )
            region_id = add(country_id, region)
            for t in range(towns):
                add(region_id, f"{region} village {t + 1}")
    rows = [
        {"id": pid, "parent_id": parent, "name": name, "lineage": lineage}
        for pid, (parent, name, lineage) in places.items()
    ]
    session.execute(insert(Place), rows)
    return places


def add_programmes(session: Session, count: int) -> dict[int, str]:
    """``count`` programmes: the catalogue's own (seeded) ones first, then synthetic ones."""
    existing = session.execute(select(Programme.id, Programme.name).order_by(Programme.id))
    programmes = dict(existing.all()[:count])
    first = _next_id(session, Programme)
    added = {first + i: f"Programme {first + i}" for i in range(count - len(programmes))}
    if added:
        session.execute(insert(Programme), [{"id": i, "name": n} for i, n in added.items()])
    return programmes | added


def add_photographers(
    session: Session, rng: random.Random, count: int
) -> dict[int, tuple[str, str]]:
    people: dict[int, tuple[str, str]] = {}
    first = _next_id(session, Photographer)
    for i in range(count):
        # One photographer is an organisation only, as "ICRC" alone in a credit.
        organisation = rng.choice(["ICRC", ""])
        people[first + i] = ("", "ICRC") if i == 0 else (f"Person {i + 1}", organisation)
    rows = [{"id": i, "name": n, "organisation": o} for i, (n, o) in people.items()]
    session.execute(insert(Photographer), rows)
    return people


def add_root(session: Session, path: str) -> int:
    root_id = _next_id(session, LibraryRoot)
    row = {"id": root_id, "name": f"archive {root_id}", "path": path}
    session.execute(insert(LibraryRoot), [row])
    return root_id


def add_locations(
    session: Session, rng: random.Random, root_id: int, photo_ids: list[int]
) -> dict[int, list[str]]:
    """Zero, one or two file locations per photo (most have one)."""
    locations: dict[int, list[str]] = {}
    for photo_id in photo_ids:
        copies = rng.choices([0, 1, 2], weights=[1, 17, 2])[0]
        locations[photo_id] = [f"scans/{photo_id:06d}/copy{c}.jpg" for c in range(copies)]
    rows = [
        {"photo_id": pid, "root_id": root_id, "relative_path": path, "size": 1000, "mtime_ns": 0}
        for pid, paths in locations.items()
        for path in paths
    ]
    if rows:
        session.execute(insert(FileLocation), rows)
    return locations


def _next_id(session: Session, model: type[Base]) -> int:
    """The first free id of ``model``'s table: explicit ids make one bulk insert enough."""
    table = model.__table__
    return (session.execute(select(func.max(table.c.id))).scalar() or 0) + 1


def photo_rows(
    rng: random.Random,
    count: int,
    place_ids: list[int],
    programme_ids: list[int],
    photographers: dict[int, tuple[str, str]],
    *,
    first_id: int,
    years: tuple[int, int] = (1990, 2024),
    caption_words: tuple[int, int] = (3, 12),
) -> list[dict[str, Any]]:
    """Row dictionaries for ``insert(Photo)``; a tenth decade-only or undated."""
    vocabularies = (place_ids, programme_ids, photographers)
    return [
        photo_row(rng, first_id + i, *vocabularies, years=years, caption_words=caption_words)
        for i in range(count)
    ]


def photo_row(
    rng: random.Random,
    photo_id: int,
    place_ids: list[int],
    programme_ids: list[int],
    photographers: dict[int, tuple[str, str]],
    *,
    years: tuple[int, int],
    caption_words: tuple[int, int],
) -> dict[str, Any]:
    photographer_id = rng.choice([None, *photographers])
    caption = _caption(rng, caption_words)
    creator = rng.choice([None, "Unknown photographer", "Ingy Sedky"])
    copyright_ = rng.choice([None, "ICRC", "© ICRC 2020"])
    credit = credit_line(*photographers[photographer_id]) if photographer_id else None
    make, model = rng.choice(MAKES)
    row: dict[str, Any] = {
        "id": photo_id,
        "content_hash": f"{photo_id:064x}",
        "byte_size": rng.randint(100_000, 9_000_000),
        "width": rng.choice([3000, 4000, 6000]),
        "height": rng.choice([2000, 3000, 4000]),
        "format": rng.choice(["JPEG", "TIFF"]),
        "date_circa": rng.random() < 0.1,
        "date_source": rng.choice([None, *DateSource]),
        "digitised_at": None,
        "make": make,
        "model": model,
        "latitude": rng.choice([None, 40.4 + rng.random()]),
        "longitude": rng.choice([None, 49.8 + rng.random()]),
        "orientation": rng.choice([None, 1, 6]),
        "caption": caption,
        "creator": creator,
        "copyright": copyright_,
        "restriction": rng.choices(list(Restriction), weights=[6, 3, 1])[0],
        "place_id": rng.choice([None, *place_ids]) if rng.random() < 0.3 else rng.choice(place_ids),
        "programme_id": rng.choice([None, *programme_ids]),
        "photographer_id": photographer_id,
        "imported_at": EPOCH + timedelta(minutes=rng.randrange(50_000)),
        "search_text": search_text_of([caption, creator, credit, copyright_]),
    }
    row.update(_date(rng, years))
    return row


def _caption(rng: random.Random, length: tuple[int, int]) -> str | None:
    if rng.random() < 0.1:
        return None
    words = rng.choices(VOCABULARY, k=rng.randint(*length))
    return " ".join(words).capitalize() + "."


def _date(rng: random.Random, years: tuple[int, int]) -> dict[str, Any]:
    """Date taken, precision and timeline year, as the importer would store them."""
    precision = rng.choices(list(DatePrecision), weights=[30, 20, 15, 25, 5, 5])[0]
    taken = datetime(rng.randint(*years), 1, 1) + timedelta(seconds=rng.randrange(365 * 86400))
    if precision is DatePrecision.UNKNOWN:
        # An unknown date is never circa (PartialDate's rule): the draw above is overruled.
        return {"date_taken": None, "date_precision": precision, "year": None, "date_circa": False}
    if precision is DatePrecision.DECADE:
        start = datetime(taken.year // 10 * 10, 1, 1)
        return {"date_taken": start, "date_precision": precision, "year": None}
    taken = _truncate(taken, precision)
    return {"date_taken": taken, "date_precision": precision, "year": taken.year}


def _truncate(taken: datetime, precision: DatePrecision) -> datetime:
    if precision is DatePrecision.DAY:
        return taken.replace(hour=0, minute=0, second=0)
    if precision is DatePrecision.MONTH:
        return taken.replace(day=1, hour=0, minute=0, second=0)
    if precision is DatePrecision.YEAR:
        return taken.replace(month=1, day=1, hour=0, minute=0, second=0)
    return taken
