"""Gallery tables and the plain values a gallery is read as: texts per language, items, changes.

The default language's text lives on the gallery and item rows; other languages live in
translation rows, field by field, and fall back to the default language when missing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.collections import attribute_keyed_dict

from photoarchive.catalogue.models import Base
from photoarchive.errors import PhotoArchiveError

DEFAULT_LANGUAGE = "en"
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
TextField = Literal["caption", "heading", "body"]


class Gallery(Base):
    """An ordered selection of photos and sections; title and introduction in ``language``."""

    __tablename__ = "gallery"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), unique=True)
    introduction: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16), default=DEFAULT_LANGUAGE)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    modified_at: Mapped[datetime] = mapped_column(DateTime)

    items: Mapped[list[GalleryItem]] = relationship(
        order_by="GalleryItem.position", cascade="all, delete-orphan", passive_deletes=True
    )
    translations: Mapped[dict[str, GalleryTranslation]] = relationship(
        collection_class=attribute_keyed_dict("language"),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class GalleryTranslation(Base):
    """The title and introduction of a gallery in one more language."""

    __tablename__ = "gallery_translation"

    gallery_id: Mapped[int] = mapped_column(
        ForeignKey("gallery.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    title: Mapped[str | None] = mapped_column(String(300))
    introduction: Mapped[str | None] = mapped_column(Text)


class GalleryItem(Base):
    """A photo (with an optional caption of its own) or a section (heading and/or text)."""

    __tablename__ = "gallery_item"
    __table_args__ = (
        UniqueConstraint("gallery_id", "position", name="uq_gallery_item_position"),
        # A photo appears once in a gallery; sections (no photo) are not constrained.
        UniqueConstraint("gallery_id", "photo_id", name="uq_gallery_item_photo"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gallery_id: Mapped[int] = mapped_column(ForeignKey("gallery.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("photo.id", ondelete="CASCADE"), index=True
    )
    caption: Mapped[str | None] = mapped_column(Text)
    heading: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)

    translations: Mapped[dict[str, GalleryItemTranslation]] = relationship(
        collection_class=attribute_keyed_dict("language"),
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class GalleryItemTranslation(Base):
    """An item's caption, heading and text in one more language."""

    __tablename__ = "gallery_item_translation"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("gallery_item.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    caption: Mapped[str | None] = mapped_column(Text)
    heading: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)


# ---------------------------------------------------------------- plain values


@dataclass(frozen=True, slots=True)
class Localised:
    """A text and the language it is written in (the default one when a translation is missing)."""

    text: str
    language: str


@dataclass(frozen=True, slots=True)
class ItemTexts:
    """An item's text in one language; None means "not written in this language"."""

    caption: str | None = None
    heading: str | None = None
    body: str | None = None


@dataclass(frozen=True, slots=True)
class GalleryTexts:
    title: str | None = None
    introduction: str | None = None


@dataclass(frozen=True, slots=True)
class GalleryItemState:
    """One item; ``texts`` by language, the gallery's default language included."""

    id: int
    photo_id: int | None
    texts: Mapping[str, ItemTexts]

    @property
    def is_section(self) -> bool:
        return self.photo_id is None

    def text(self, field: TextField, language: str, default: str) -> Localised | None:
        """The field in ``language``, else in ``default``; None when written in neither.

        A photo whose gallery caption is None shows the photo's own caption.
        """
        for lang in dict.fromkeys((language, default)):
            value = getattr(self.texts.get(lang, ItemTexts()), field)
            if value:
                return Localised(value, lang)
        return None


@dataclass(frozen=True, slots=True)
class GalleryState:
    """A gallery as plain values: what the window shows, export reads and undo restores."""

    id: int
    language: str
    created_at: datetime
    modified_at: datetime
    texts: Mapping[str, GalleryTexts]
    items: tuple[GalleryItemState, ...]

    @property
    def title(self) -> str:
        return self.texts[self.language].title or ""

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language some text is written in, the default one first."""
        found = {self.language, *self.texts}
        for item in self.items:
            found.update(item.texts)
        return (self.language, *sorted(found - {self.language}))

    @property
    def photo_ids(self) -> tuple[int, ...]:
        return tuple(item.photo_id for item in self.items if item.photo_id is not None)

    def title_in(self, language: str) -> Localised:
        found = self._pick("title", language)
        return found or Localised(self.title, self.language)

    def introduction_in(self, language: str) -> Localised | None:
        return self._pick("introduction", language)

    def _pick(self, field: Literal["title", "introduction"], language: str) -> Localised | None:
        for lang in dict.fromkeys((language, self.language)):
            value = getattr(self.texts.get(lang, GalleryTexts()), field)
            if value:
                return Localised(value, lang)
        return None


@dataclass(frozen=True, slots=True)
class GalleryChange:
    """What an edit did: the gallery as it was (None if the edit created it) and the items
    it created or changed, so that a caller can select them or undo the edit."""

    gallery_id: int
    before: GalleryState | None
    items: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class GallerySummary:
    id: int
    title: str
    language: str
    languages: tuple[str, ...]  # every language some text is written in, the default first
    photos: int
    sections: int
    modified_at: datetime

    @property
    def items(self) -> int:
        return self.photos + self.sections


# ---------------------------------------------------------------- conversions


def gallery_state(gallery: Gallery) -> GalleryState:
    texts = {gallery.language: GalleryTexts(gallery.title, gallery.introduction)}
    texts |= {
        t.language: GalleryTexts(t.title, t.introduction) for t in gallery.translations.values()
    }
    """The gallery's rows as plain values, items in order."""
    return GalleryState(
        id=gallery.id,
        language=gallery.language,
        created_at=gallery.created_at,
        modified_at=gallery.modified_at,
        texts=texts,
        items=tuple(_item_state(item, gallery.language) for item in gallery.items),
    )


def _item_state(item: GalleryItem, language: str) -> GalleryItemState:
    texts = {language: ItemTexts(item.caption, item.heading, item.body)}
    texts |= {
        t.language: ItemTexts(t.caption, t.heading, t.body) for t in item.translations.values()
    }
    return GalleryItemState(item.id, item.photo_id, texts)


def normalise_language(code: str) -> str:
    """A language code as stored ("en", "az", "pt-br"); a PhotoArchiveError if it is not one."""
    folded = code.strip().replace("_", "-").lower()
    if not _LANGUAGE.fullmatch(folded):
        raise PhotoArchiveError(f'"{code}" is not a language code; write one like en, az or fr.')
    return folded


def clean_text(text: str | None) -> str | None:
    """Text as stored: trimmed, line ends unified; blank text is None (nothing written)."""
    if text is None:
        return None
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    cleaned = "\n".join(lines).strip()
    return cleaned or None
