"""The catalogue: schema and migrations, the newer-version guard, places, vocabularies, tagging."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text

from photoarchive.catalogue import query
from photoarchive.catalogue.database import (
    alembic_config,
    catalogue_url,
    head_revision,
    open_catalogue,
    schema_revision,
)
from photoarchive.catalogue.dates import PartialDate, parse_date_text
from photoarchive.catalogue.models import Photo, Place, Programme, credit_line
from photoarchive.catalogue.places import (
    add_alias,
    ensure_place,
    find_places,
    name_lookup,
    place_path,
)
from photoarchive.catalogue.tagging import TagChange, apply_tags, undo_tags
from photoarchive.catalogue.values import DatePrecision, DateSource, Restriction
from photoarchive.catalogue.vocabulary import (
    default_programmes,
    ensure_photographer,
    find_photographers,
    find_programme,
    parse_credit,
)
from photoarchive.errors import PhotoArchiveError


def add_photo(session, number: int = 1, **values) -> Photo:  # type: ignore[no-untyped-def]
    photo = Photo(
        content_hash=f"{number:064x}",
        byte_size=1,
        width=4,
        height=3,
        format="JPEG",
        imported_at=datetime(2024, 1, 1),
        **values,
    )
    session.add(photo)
    session.flush()
    return photo


def test_new_catalogue_is_sqlite_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with open_catalogue(tmp_path / "new.sqlite") as catalogue, catalogue.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert schema_revision(catalogue) == head_revision()


def test_new_catalogue_has_the_default_programmes(catalogue) -> None:  # type: ignore[no-untyped-def]
    with catalogue.session() as session:
        names = set(session.scalars(select(Programme.name)))
    assert names == {name for name, _ in default_programmes()}
    assert "Weapon contamination" in names


def test_older_catalogue_is_backed_up_and_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.execute(
            text(
                "INSERT INTO photo (content_hash, byte_size, width, height, format, date_precision,"
                " date_circa, restriction, imported_at, caption, search_text) VALUES ('h', 1, 1,"
                " 1, 'JPEG', 'unknown', 0, 'open', '2024-01-01', 'Landmine awareness in Ağdam',"
                " '')"
            )
        )
    engine.dispose()

    with open_catalogue(path) as catalogue:
        assert schema_revision(catalogue) == head_revision()
        with catalogue.engine.connect() as connection:  # the word index covers old rows
            hits = connection.exec_driver_sql(
                "SELECT rowid FROM photo_fts WHERE photo_fts MATCH 'landmine agdam'"
            ).all()
        assert len(hits) == 1
    assert (tmp_path / "old.sqlite.before-0001.bak").exists()


OLD_PHOTOS = [
    # (caption, date taken, precision, year): dated, decade-only and undated photos
    ("Mine clearance in Tartar", "2021-05-04 10:00:00.000000", "exact", 2021),
    ("Mine awareness at school", "1997-01-01 00:00:00.000000", "year", 1997),
    ("Mine risk talk", "1990-01-01 00:00:00.000000", "decade", None),
    ("Minefield fence", None, "unknown", None),
    ("Family message", "2003-02-01 00:00:00.000000", "month", 2003),
]


def test_upgrade_from_0006_indexes_old_photos(catalogue_url: str) -> None:
    """Migration 0007 on a catalogue that holds photos: word search in date order, facets
    and the timeline answer from the new indexes, on SQLite and on PostgreSQL."""
    url = catalogue_url if "://" in catalogue_url else f"sqlite:///{catalogue_url}"
    engine = create_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0006")
        for number, (caption, taken, precision, year) in enumerate(OLD_PHOTOS):
            connection.execute(
                text(
                    "INSERT INTO photo (content_hash, byte_size, width, height, format,"
                    " date_taken, date_precision, date_circa, year, restriction, imported_at,"
                    " caption, search_text) VALUES (:hash, 1, 1, 1, 'JPEG', :taken, :precision,"
                    " false, :year, 'open', '2024-01-01', :caption, lower(:caption))"
                ),
                {"hash": f"{number:064x}", "taken": taken, "precision": precision, "year": year}
                | {"caption": caption},
            )
    engine.dispose()

    with open_catalogue(catalogue_url) as catalogue, catalogue.session() as session:
        assert schema_revision(catalogue) == head_revision()
        ids = {caption: pid for pid, caption in session.execute(select(Photo.id, Photo.caption))}
        order = ["Mine awareness at school", "Mine clearance in Tartar", "Minefield fence"]
        mines = query.photo_ids(session, query.PhotoFilter(text="min"))
        assert mines == [ids["Mine risk talk"], *(ids[caption] for caption in order)]
        histogram = query.year_histogram(session, query.PhotoFilter(text="mine"))
        assert histogram.years == {1997: 1, 2021: 1}
        assert (histogram.decade_only, histogram.undated) == ({1990: 1}, 1)
        everything = query.year_histogram(session, query.PhotoFilter())
        assert everything.years == {1997: 1, 2003: 1, 2021: 1}
        facets = query.facet_counts(session, query.PhotoFilter(years=(1990, 2010)))
        assert facets.restrictions == {Restriction.OPEN: 2}


def test_browse_indexes_downgrade_and_upgrade_again(catalogue_url: str) -> None:
    open_catalogue(catalogue_url).close()
    url = catalogue_url if "://" in catalogue_url else f"sqlite:///{catalogue_url}"
    engine = create_engine(url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0006")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    engine.dispose()
    with open_catalogue(catalogue_url) as catalogue, catalogue.session() as session:
        assert schema_revision(catalogue) == head_revision()
        assert query.photo_ids(session, query.PhotoFilter(text="anything")) == []


def test_newer_catalogue_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    open_catalogue(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(PhotoArchiveError, match="newer version of Photo Archive"):
        open_catalogue(path)
    assert path.read_bytes() == before


def test_bad_catalogue_locations_get_clear_messages(tmp_path: Path) -> None:
    not_sqlite = tmp_path / "notes.sqlite"
    not_sqlite.write_text("hello, this is not a database")
    with pytest.raises(PhotoArchiveError, match="not a Photo Archive catalogue"):
        open_catalogue(not_sqlite)
    with pytest.raises(PhotoArchiveError, match="is a folder"):
        open_catalogue(tmp_path)
    with pytest.raises(PhotoArchiveError, match="missing driver"):
        open_catalogue("nosuchdb://host/db")
    with pytest.raises(PhotoArchiveError, match="Not a catalogue URL"):
        catalogue_url("postgresql://user@host:notaport/db")


def test_read_only_catalogue_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ro.sqlite"
    open_catalogue(path).close()
    path.chmod(0o444)
    try:
        with pytest.raises(PhotoArchiveError, match="read-only"):
            open_catalogue(path)
    finally:
        path.chmod(0o644)


def test_place_tree_with_descendants_and_alternate_spellings(catalogue) -> None:  # type: ignore[no-untyped-def]
    with catalogue.transaction() as session:
        village = ensure_place(session, ["Azerbaijan", "Aghdam district", "Hajimammadli village"])
        baku = ensure_place(session, ["Azerbaijan", "Baku"], latitude=40.41, longitude=49.87)
        add_alias(session, baku, "Bakı")
        assert ensure_place(session, ["Azerbaijan", "Baku"]).id == baku.id  # no duplicate
        assert place_path(session, village) == [
            "Azerbaijan",
            "Aghdam district",
            "Hajimammadli village",
        ]
        country = find_places(session, "azerbaijan")[0]
        below = session.scalars(
            select(Place.name).where(Place.lineage.like(f"{country.lineage}%"))
        ).all()
        assert set(below) == {"Azerbaijan", "Aghdam district", "Hajimammadli village", "Baku"}
        assert [p.id for p in find_places(session, "Bakı")] == [baku.id]
        assert [p.id for p in find_places(session, "Aghdam district > Hajimammadli village")] == [
            village.id
        ]
        lookup = name_lookup(session)
        assert lookup["baki"] == lookup["baku"] == baku.id


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        ("Ingy Sedky/ICRC", ("Ingy Sedky", "ICRC")),
        ("ICRC", ("", "ICRC")),
        ("Boris Heger", ("Boris Heger", "")),
        (" Aida Aliyeva / ICRC ", ("Aida Aliyeva", "ICRC")),
    ],
)
def test_credit_lines(credit: str, expected: tuple[str, str]) -> None:
    assert parse_credit(credit) == expected
    assert credit_line(*expected) == "/".join(part for part in expected if part)


def test_photographers_are_found_by_name_or_credit_line(catalogue) -> None:  # type: ignore[no-untyped-def]
    with catalogue.transaction() as session:
        ingy = ensure_photographer(session, "Ingy Sedky", "ICRC")
        assert ingy.credit_line == "Ingy Sedky/ICRC"
        assert ensure_photographer(session, "Ingy Sedky", "ICRC").id == ingy.id
        assert [p.id for p in find_photographers(session, "ingy sedky")] == [ingy.id]
        assert [p.id for p in find_photographers(session, "Ingy Sedky/ICRC")] == [ingy.id]
        with pytest.raises(PhotoArchiveError, match="Unknown programme 'Gardening'"):
            find_programme(session, "Gardening")


def test_batch_tagging_sets_fields_and_undoes(catalogue) -> None:  # type: ignore[no-untyped-def]
    with catalogue.transaction() as session:
        first = add_photo(session, 1, caption="old caption")
        second = add_photo(
            session,
            2,
            date_taken=datetime(2022, 3, 14, 10, 0),
            date_precision=DatePrecision.EXACT,
            date_source=DateSource.EXIF,
            year=2022,
        )
        place = ensure_place(session, ["Azerbaijan", "Barda"])
        health = find_programme(session, "Health")
        person = ensure_photographer(session, "Paul Grabhorn", "ICRC")
        change = TagChange(
            place_id=place.id,
            programme_id=health.id,
            photographer_id=person.id,
            date=parse_date_text("c. 1994"),
            caption="Barda. ICRC nurse conducts a review of patient care.",
            restriction=Restriction.INTERNAL,
        )
        undo = apply_tags(session, [first.id, second.id], change)
    with catalogue.session() as session:
        for photo in session.scalars(select(Photo)):
            assert (photo.place_id, photo.programme_id, photo.photographer_id) == (
                place.id,
                health.id,
                person.id,
            )
            assert (photo.year, photo.date_precision, photo.date_circa, photo.date_source) == (
                1994,
                DatePrecision.YEAR,
                True,
                DateSource.MANUAL,
            )
            assert photo.restriction is Restriction.INTERNAL
            assert "paul grabhorn icrc" in photo.search_text and "nurse" in photo.search_text
    with catalogue.transaction() as session:
        undo_tags(session, undo)
    with catalogue.session() as session:
        restored = {p.id: p for p in session.scalars(select(Photo))}
        assert restored[first.id].caption == "old caption"
        assert restored[first.id].place_id is None
        assert restored[second.id].date_taken == datetime(2022, 3, 14, 10, 0)
        assert restored[second.id].date_source is DateSource.EXIF
        assert restored[second.id].restriction is Restriction.OPEN
        assert "grabhorn" not in restored[second.id].search_text


def test_fields_left_unset_are_untouched(catalogue) -> None:  # type: ignore[no-untyped-def]
    with catalogue.transaction() as session:
        photo = add_photo(session, caption="kept", restriction=Restriction.RESTRICTED)
        apply_tags(session, [photo.id], TagChange(date=PartialDate(None, DatePrecision.UNKNOWN)))
    with catalogue.session() as session:
        again = session.get(Photo, photo.id)
        assert again is not None
        assert (again.caption, again.restriction) == ("kept", Restriction.RESTRICTED)
        assert again.date_source is None
