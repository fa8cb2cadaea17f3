"""Galleries in the catalogue: order, sections, captions per language with fallback, undo."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, delete, inspect, select
from sqlalchemy.orm import Session

from photoarchive.catalogue.database import (
    Catalogue,
    alembic_config,
    open_catalogue,
    schema_revision,
)
from photoarchive.catalogue.galleries import (
    GalleryItem,
    GalleryState,
    Localised,
    add_photos,
    add_section,
    clean_text,
    create_gallery,
    delete_gallery,
    find_gallery,
    list_galleries,
    load_gallery,
    move_items,
    normalise_language,
    remove_items,
    set_caption,
    set_gallery_text,
    set_section_text,
    undo,
)
from photoarchive.catalogue.models import Photo
from photoarchive.errors import PhotoArchiveError


def add_photos_to_catalogue(session: Session, count: int) -> list[int]:
    photos = [
        Photo(
            content_hash=f"{number:064x}",
            byte_size=1,
            width=4,
            height=3,
            format="JPEG",
            imported_at=datetime(2024, 1, 1),
            caption=f"own caption {number}",
        )
        for number in range(1, count + 1)
    ]
    session.add_all(photos)
    session.flush()
    return [photo.id for photo in photos]


def order(state: GalleryState) -> list[int | str]:
    """The items as photo ids, sections as "§heading"."""
    lang = state.language
    return [
        item.photo_id if item.photo_id is not None else f"§{item.texts[lang].heading}"
        for item in state.items
    ]


def positions(session: Session, gallery_id: int) -> list[int]:
    return list(
        session.scalars(
            select(GalleryItem.position)
            .where(GalleryItem.gallery_id == gallery_id)
            .order_by(GalleryItem.position)
        )
    )


@pytest.fixture
def session(catalogue: Catalogue) -> Session:
    with catalogue.transaction() as opened:
        yield opened  # type: ignore[misc]


GALLERY_TABLES = {"gallery", "gallery_translation", "gallery_item", "gallery_item_translation"}


def test_new_catalogue_has_the_gallery_tables(catalogue: Catalogue) -> None:
    assert set(inspect(catalogue.engine).get_table_names()) >= GALLERY_TABLES


def test_a_0002_catalogue_is_upgraded_with_empty_galleries(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0002")
    engine.dispose()
    with open_catalogue(path) as catalogue, catalogue.session() as session:
        assert schema_revision(catalogue) not in (None, "0001", "0002")
        assert list_galleries(session) == []
        assert set(inspect(catalogue.engine).get_table_names()) >= GALLERY_TABLES


def test_create_list_and_find(session: Session) -> None:
    ids = add_photos_to_catalogue(session, 3)
    change = create_gallery(session, "  Barda   1997 ", [ids[2], ids[0], ids[2]])
    assert change.before is None
    other = create_gallery(session, "Tartar", []).gallery_id
    add_section(session, other, heading="Mines")

    summaries = {s.title: s for s in list_galleries(session)}
    assert [(s.photos, s.sections, s.items) for s in summaries.values()] == [(2, 0, 2), (0, 1, 1)]
    assert order(load_gallery(session, change.gallery_id)) == [ids[2], ids[0]]
    assert find_gallery(session, "Barda 1997") == change.gallery_id
    assert find_gallery(session, "barda 1997") == change.gallery_id
    assert find_gallery(session, str(other)) == other
    with pytest.raises(PhotoArchiveError, match=r'no gallery called "Barda 1998"\. Did you mean'):
        find_gallery(session, "Barda 1998")
    with pytest.raises(PhotoArchiveError, match="already a gallery"):
        create_gallery(session, "Barda 1997")
    with pytest.raises(PhotoArchiveError, match="needs a title"):
        create_gallery(session, " \t")
    with pytest.raises(PhotoArchiveError, match="No photo number 999"):
        create_gallery(session, "Ghosts", [999])


def test_insert_move_and_remove_keep_positions_in_order(session: Session) -> None:
    a, b, c, d, e = add_photos_to_catalogue(session, 5)
    gallery = create_gallery(session, "G", [a, b, c]).gallery_id
    added = add_photos(session, gallery, [d, a, e], position=1)
    assert order(load_gallery(session, gallery)) == [a, d, e, b, c]
    assert len(added.items) == 2  # a was there already

    section = add_section(session, gallery, 0, heading="Start").items[0]
    state = load_gallery(session, gallery)
    assert order(state) == ["§Start", a, d, e, b, c]
    item_of = {item.photo_id: item.id for item in state.items}

    # Drop d and b (in list order) before c: the drop position counts the current list.
    move_items(session, gallery, [item_of[b], item_of[d]], 5)
    assert order(load_gallery(session, gallery)) == ["§Start", a, e, d, b, c]
    move_items(session, gallery, [section], 6)
    assert order(load_gallery(session, gallery)) == [a, e, d, b, c, "§Start"]
    move_items(session, gallery, [item_of[c]], 0)
    assert order(load_gallery(session, gallery)) == [c, a, e, d, b, "§Start"]

    remove_items(session, gallery, [item_of[a], section])
    assert order(load_gallery(session, gallery)) == [c, e, d, b]
    assert positions(session, gallery) == [0, 1, 2, 3]
    with pytest.raises(PhotoArchiveError, match="not in the gallery"):
        remove_items(session, gallery, [item_of[a]])


def test_captions_and_sections_per_language_fall_back_to_the_default(session: Session) -> None:
    [photo] = add_photos_to_catalogue(session, 1)
    gallery = create_gallery(session, "Azerbaijan", [photo], introduction="Thirty years").gallery_id
    section = add_section(session, gallery, 0, heading="Health", body="Nurses.\n\nClinics.")
    item = load_gallery(session, gallery).items[1].id

    state = load_gallery(session, gallery)
    assert state.items[1].text("caption", "az", "en") is None  # the photo's own caption shows
    set_caption(session, item, "A nurse", language="en")
    set_caption(session, item, "Tibb bacısı", language="AZ")
    set_section_text(session, section.items[0], "Səhiyyə", None, language="az")
    set_gallery_text(session, gallery, "Azərbaycan", None, language="az")

    state = load_gallery(session, gallery)
    assert state.languages == ("en", "az")
    photo_item, section_item = state.items[1], state.items[0]
    assert photo_item.text("caption", "az", "en") == Localised("Tibb bacısı", "az")
    assert photo_item.text("caption", "fr", "en") == Localised("A nurse", "en")
    assert section_item.text("heading", "az", "en") == Localised("Səhiyyə", "az")
    assert section_item.text("body", "az", "en") == Localised("Nurses.\n\nClinics.", "en")
    assert state.title_in("az") == Localised("Azərbaycan", "az")
    assert state.introduction_in("az") == Localised("Thirty years", "en")

    set_caption(session, item, "   ", language="az")  # blank: back to the English one
    assert load_gallery(session, gallery).items[1].text("caption", "az", "en") == Localised(
        "A nurse", "en"
    )
    with pytest.raises(PhotoArchiveError, match="not a caption"):
        set_caption(session, section.items[0], "x")
    with pytest.raises(PhotoArchiveError, match="needs a title"):
        set_gallery_text(session, gallery, "", None)


def test_every_edit_can_be_undone(session: Session) -> None:
    a, b, c = add_photos_to_catalogue(session, 3)
    created = create_gallery(session, "G", [a, b])
    gallery = created.gallery_id
    set_gallery_text(session, gallery, "Qalereya", "Giriş", language="az")
    section = add_section(session, gallery, 1, heading="Mines", body="Text")
    original = load_gallery(session, gallery)
    photo_item = original.items[0].id

    edits = [
        lambda: add_photos(session, gallery, [c], 0),
        lambda: move_items(session, gallery, [photo_item], 3),
        lambda: remove_items(session, gallery, [photo_item, section.items[0]]),
        lambda: set_caption(session, photo_item, "Mine", language="az"),
        lambda: set_section_text(session, section.items[0], None, None),
        lambda: set_gallery_text(session, gallery, "Renamed", None),
        lambda: delete_gallery(session, gallery),
    ]
    for edit in edits:
        change = edit()
        assert change.before == original
        undo(session, change)
        session.expire_all()
        restored = load_gallery(session, gallery)
        assert (restored.texts, restored.items) == (original.texts, original.items)
        assert positions(session, gallery) == list(range(len(original.items)))

    undo(session, created)
    assert list_galleries(session) == []


def test_a_photo_leaving_the_catalogue_leaves_its_galleries(session: Session) -> None:
    a, b = add_photos_to_catalogue(session, 2)
    gallery = create_gallery(session, "G", [a, b]).gallery_id
    session.execute(delete(Photo).where(Photo.id == a))
    session.expire_all()
    assert load_gallery(session, gallery).photo_ids == (b,)
    add_photos(session, gallery, [], 0)  # later edits renumber what is left
    assert positions(session, gallery) == [0]


@pytest.mark.parametrize(
    ("code", "expected"), [("en", "en"), (" AZ ", "az"), ("pt_BR", "pt-br"), ("fil", "fil")]
)
def test_language_codes(code: str, expected: str) -> None:
    assert normalise_language(code) == expected


@pytest.mark.parametrize("code", ["", "english", "e", "en/../x", "12"])
def test_bad_language_codes_are_refused(code: str) -> None:
    with pytest.raises(PhotoArchiveError, match="not a language code"):
        normalise_language(code)


def test_text_is_trimmed_and_blank_text_is_nothing() -> None:
    assert clean_text("  Line one  \r\n\r\nLine two\t\n") == "Line one\n\nLine two"
    assert clean_text(" \n ") is None
    assert clean_text(None) is None
