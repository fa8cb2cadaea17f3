"""Batch tagging at scale: set-wise writes that undo photo by photo, with search words kept."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.dates import parse_date_text
from photoarchive.catalogue.models import Photo, Photographer
from photoarchive.catalogue.search import search_text
from photoarchive.catalogue.tagging import CHUNK, TagChange, apply_tags, undo_tags
from photoarchive.catalogue.values import DateSource, Restriction
from tests.catalogue_factory import fill_catalogue

FIELDS = (
    "place_id", "programme_id", "photographer_id", "caption", "restriction", "date_taken",
    "date_precision", "date_circa", "date_source", "year", "search_text",
)  # fmt: skip


def rows(catalogue: Catalogue) -> dict[int, tuple[Any, ...]]:
    with catalogue.session() as session:
        photos = session.scalars(select(Photo).order_by(Photo.id))
        return {photo.id: tuple(getattr(photo, name) for name in FIELDS) for photo in photos}


def test_a_change_of_many_photos_is_applied_and_undone_photo_by_photo(
    catalogue: Catalogue,
) -> None:
    count = CHUNK * 2 + 37  # several chunks, the last one short
    with catalogue.transaction() as session:
        synthetic = fill_catalogue(session, count, seed=11)
        person = session.scalars(select(Photographer)).first()
        assert person is not None
        ids = [row["id"] for row in synthetic.photos][::-1]  # any order
    before = rows(catalogue)
    assert len({row[1] for row in before.values()}) > 1  # the photos differ to start with
    programme = next(iter(synthetic.programmes))
    change = TagChange(
        programme_id=programme,
        photographer_id=person.id,
        date=parse_date_text("c. 1994"),
        caption="Barda. A nurse reviews patient care.",
        restriction=Restriction.INTERNAL,
    )
    with catalogue.transaction() as session:
        undo = apply_tags(session, ids[:-5], change)  # the last five are left alone
    after = rows(catalogue)
    assert set(undo) == set(ids[:-5])
    for photo_id in ids[:-5]:
        values = dict(zip(FIELDS, after[photo_id], strict=True))
        assert values["programme_id"] == programme
        assert values["photographer_id"] == person.id
        assert (values["year"], values["date_circa"]) == (1994, True)
        assert values["date_source"] is DateSource.MANUAL
        assert values["restriction"] is Restriction.INTERNAL
        assert "nurse" in values["search_text"]
    for photo_id in ids[-5:]:
        assert after[photo_id] == before[photo_id]
    with catalogue.session() as session:  # the words are what search_text() makes of the row
        for photo in session.scalars(select(Photo)):
            assert photo.search_text == search_text(photo)

    with catalogue.transaction() as session:
        undo_tags(session, undo)
    assert rows(catalogue) == before


def test_photos_loaded_in_the_session_see_the_change(catalogue: Catalogue) -> None:
    with catalogue.transaction() as session:
        fill_catalogue(session, 3, seed=2)
    with catalogue.transaction() as session:
        photos = list(session.scalars(select(Photo).order_by(Photo.id)))
        undo = apply_tags(session, [p.id for p in photos], TagChange(caption="Family message"))
        assert [p.caption for p in photos] == ["Family message"] * 3
        assert all("family message" in p.search_text for p in photos)
        undo_tags(session, undo)
        assert all(p.caption != "Family message" for p in photos)
    assert all(p.caption != "Family message" for p in photos)  # readable after the session


class Stop(Exception):
    """What a progress callback raises to stop a change."""


def test_progress_goes_from_nothing_to_all_and_raising_stops_the_change(
    catalogue: Catalogue,
) -> None:
    count = CHUNK * 3 + 11
    with catalogue.transaction() as session:
        ids = [row["id"] for row in fill_catalogue(session, count, seed=5).photos]
    before = rows(catalogue)
    change = TagChange(caption="Tartar. A sign warns of mines.", restriction=Restriction.OPEN)
    shares: list[float] = []
    with catalogue.transaction() as session:
        undo = apply_tags(session, ids, change, shares.append)
    assert shares == sorted(shares) and shares[-1] == 1.0
    assert len(shares) > 4  # a step per chunk of values and of words, not one jump
    assert any(0.0 < share < 0.5 for share in shares)  # the values first, then the words
    undone: list[float] = []
    with catalogue.transaction() as session:
        undo_tags(session, undo, undone.append)
    assert undone == sorted(undone) and undone[-1] == 1.0
    assert rows(catalogue) == before

    def stop_halfway(share: float) -> None:
        if share >= 0.5:
            raise Stop

    try:
        with catalogue.transaction() as session:
            apply_tags(session, ids, change, stop_halfway)
    except Stop:
        pass
    assert rows(catalogue) == before  # the transaction wrote nothing
