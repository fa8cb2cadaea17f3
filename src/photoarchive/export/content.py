"""What an export shows: galleries resolved to one language, photos with credit lines and files.

The plan is made once from the catalogue, then narrowed (photos whose original is missing)
and completed (pixel sizes) by the image step; the site, PDF and manifest only read it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from photoarchive.catalogue.credits import house_credit, place_text
from photoarchive.catalogue.dates import PartialDate, format_date
from photoarchive.catalogue.galleries import (
    GalleryItemState,
    GalleryState,
    Localised,
    load_gallery,
    normalise_language,
)
from photoarchive.catalogue.query import photo_records
from photoarchive.catalogue.records import PhotoRecord
from photoarchive.catalogue.values import DatePrecision, Restriction
from photoarchive.export.options import SMALL_SIZE, ExportFormat, ExportOptions
from photoarchive.export.safety import safe_name, unique_name

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class YearKey:
    """Where a photo sits in the navigation by year: a year, a decade, or undated."""

    order: int
    label: str
    anchor: str


@dataclass(frozen=True, slots=True)
class ExportPhoto:
    record: PhotoRecord
    gallery: str  # the gallery's file name
    number: int  # 1, 2, … among the gallery's exported photos
    caption: Localised | None
    credit: str  # the house credit line: "Baku, 2022. Ingy Sedky/ICRC"
    year: YearKey
    image: str  # path in the export, with "/"
    small: str | None  # a smaller copy for phones and the index, when worth having
    width: int = 0
    height: int = 0
    small_width: int = 0
    small_height: int = 0

    @property
    def anchor(self) -> str:
        return f"photo-{self.number}"

    @property
    def where_when(self) -> str:
        """ "Barda, 1997": the credit line without the credit."""
        return place_and_date(self.record)

    @property
    def flags(self) -> tuple[str, ...]:
        """What a reviewer must know before publishing this file."""
        if self.record.restriction is Restriction.OPEN:
            return ()
        return (self.record.restriction.value,)


@dataclass(frozen=True, slots=True)
class Block:
    """A section's heading and text with the photos that follow it, as the seed page shows
    them: heading, photos, then the text."""

    heading: Localised | None
    paragraphs: tuple[Localised, ...]
    photos: tuple[ExportPhoto, ...]


@dataclass(frozen=True, slots=True)
class ExportGallery:
    id: int
    slug: str
    language: str  # the language asked for; texts missing in it are in the default one
    title: Localised
    introduction: tuple[Localised, ...]
    blocks: tuple[Block, ...]

    @property
    def photos(self) -> tuple[ExportPhoto, ...]:
        return tuple(photo for block in self.blocks for photo in block.photos)

    @property
    def sections(self) -> int:
        return sum(1 for block in self.blocks if block.heading or block.paragraphs)

    @property
    def years(self) -> tuple[tuple[YearKey, ExportPhoto], ...]:
        """Each year present with the first photo of that year in page order."""
        first: dict[YearKey, ExportPhoto] = {}
        for photo in self.photos:
            first.setdefault(photo.year, photo)
        return tuple(sorted(first.items(), key=lambda pair: pair[0].order))


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A photo of a chosen gallery that the export leaves out, and why."""

    gallery: str
    photo_id: int
    label: str
    reason: str


@dataclass(frozen=True, slots=True)
class ExportPlan:
    galleries: tuple[ExportGallery, ...]
    left_out: tuple[LeftOut, ...]

    def photos(self) -> Iterator[ExportPhoto]:
        for gallery in self.galleries:
            yield from gallery.photos

    def without(self, failed: Mapping[str, str]) -> ExportPlan:
        """The plan without the photos whose image (by path) failed, each with its reason."""
        gone = [
            LeftOut(g.title.text, p.record.id, describe(p.record), failed[p.image])
            for g in self.galleries
            for p in g.photos
            if p.image in failed
        ]
        galleries = tuple(
            _map_photos(g, lambda p: None if p.image in failed else p) for g in self.galleries
        )
        return ExportPlan(galleries, self.left_out + tuple(gone))

    def with_sizes(self, sizes: Mapping[str, tuple[int, int, int, int]]) -> ExportPlan:
        """The plan with each image's pixel size and its small copy's, by image path."""
        galleries = tuple(_map_photos(g, lambda p: _sized(p, sizes)) for g in self.galleries)
        return replace(self, galleries=galleries)


def _sized(photo: ExportPhoto, sizes: Mapping[str, tuple[int, int, int, int]]) -> ExportPhoto:
    width, height, small_width, small_height = sizes.get(photo.image, (0, 0, 0, 0))
    return replace(
        photo, width=width, height=height, small_width=small_width, small_height=small_height
    )


def _map_photos(
    gallery: ExportGallery, change: Callable[[ExportPhoto], ExportPhoto | None]
) -> ExportGallery:
    blocks = []
    for block in gallery.blocks:
        photos = tuple(p for p in (change(photo) for photo in block.photos) if p is not None)
        if photos or block.heading or block.paragraphs:
            blocks.append(replace(block, photos=photos))
    return replace(gallery, blocks=tuple(blocks))


# ---------------------------------------------------------------- planning


def plan_export(session: Session, gallery_ids: Sequence[int], options: ExportOptions) -> ExportPlan:
    """Resolve the galleries for export: language, restrictions, file names, credit lines."""
    taken: set[str] = set()
    galleries: list[ExportGallery] = []
    left_out: list[LeftOut] = []
    for gallery_id in dict.fromkeys(gallery_ids):
        state = load_gallery(session, gallery_id)
        records = {r.id: r for r in photo_records(session, state.photo_ids)}
        language = normalise_language(options.language or state.language)
        slug = unique_name(safe_name(state.title, fallback=f"gallery-{state.id}"), taken)
        gallery, dropped = _plan_gallery(state, records, language, slug, options)
        galleries.append(gallery)
        left_out.extend(dropped)
    return ExportPlan(tuple(galleries), tuple(left_out))


def _plan_gallery(
    state: GalleryState,
    records: Mapping[int, PhotoRecord],
    language: str,
    slug: str,
    options: ExportOptions,
) -> tuple[ExportGallery, list[LeftOut]]:
    title = state.title_in(language)
    kept: list[tuple[GalleryItemState, PhotoRecord | None]] = []
    left_out: list[LeftOut] = []
    for item in state.items:
        record = records.get(item.photo_id) if item.photo_id is not None else None
        reason = _reason_to_leave_out(record, options) if record else None
        if record and reason:
            left_out.append(LeftOut(title.text, record.id, describe(record), reason))
        elif record or item.is_section:  # a photo gone from the catalogue is no longer shown
            kept.append((item, record))
    photos = _numbered(state, kept, language, slug, options)
    gallery = ExportGallery(
        id=state.id,
        slug=slug,
        language=language,
        title=title,
        introduction=paragraphs(state.introduction_in(language)),
        blocks=_blocks(state, kept, photos, language),
    )
    return gallery, left_out


def _reason_to_leave_out(record: PhotoRecord, options: ExportOptions) -> str | None:
    if record.restriction is Restriction.RESTRICTED and not options.include_restricted:
        return "restricted (export with --include-restricted to include it)"
    if not record.paths:
        return "no file of it is known to the catalogue"
    return None


def _numbered(
    state: GalleryState,
    kept: list[tuple[GalleryItemState, PhotoRecord | None]],
    language: str,
    slug: str,
    options: ExportOptions,
) -> dict[int, ExportPhoto]:
    """The exported photos by item id, numbered in page order, with their file names."""
    records = [(item, record) for item, record in kept if record is not None]
    width = max(2, len(str(len(records))))
    photos: dict[int, ExportPhoto] = {}
    for number, (item, record) in enumerate(records, start=1):
        label = " ".join(
            part for part in (place_text(record.place_path), year_key(record).label) if part
        )
        name = f"{number:0{width}d}-{safe_name(label, fallback='photo')}.jpg"
        caption = item.text("caption", language, state.language)
        if caption is None and record.caption:
            caption = Localised(record.caption, state.language)
        photos[item.id] = ExportPhoto(
            record=record,
            gallery=slug,
            number=number,
            caption=caption,
            credit=credit_line(record),
            year=year_key(record),
            image=f"images/{slug}/{name}",
            small=f"images/{slug}/small/{name}" if _worth_a_small_copy(record, options) else None,
        )
    return photos


def _worth_a_small_copy(record: PhotoRecord, options: ExportOptions) -> bool:
    """A second, smaller image for the site's phones and index, when clearly smaller."""
    longest = min(options.max_size, max(record.width, record.height))
    return ExportFormat.SITE in options.built and longest > SMALL_SIZE * 1.25


def _blocks(
    state: GalleryState,
    kept: list[tuple[GalleryItemState, PhotoRecord | None]],
    photos: Mapping[int, ExportPhoto],
    language: str,
) -> tuple[Block, ...]:
    blocks: list[Block] = []
    current = Block(None, (), ())
    for item, _record in kept:
        if item.is_section:
            blocks.append(current)
            heading = item.text("heading", language, state.language)
            current = Block(heading, paragraphs(item.text("body", language, state.language)), ())
        else:
            current = replace(current, photos=(*current.photos, photos[item.id]))
    blocks.append(current)
    return tuple(b for b in blocks if b.heading or b.paragraphs or b.photos)


def paragraphs(text: Localised | None) -> tuple[Localised, ...]:
    """A text cut at blank lines into paragraphs, each in the text's language."""
    if text is None:
        return ()
    parts = (" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(text.text))
    return tuple(Localised(part, text.language) for part in parts if part)


# ---------------------------------------------------------------- credit lines


def date_text(record: PhotoRecord) -> str | None:
    """The date as precise as it is known; a camera's time of day is no part of a credit."""
    if record.date_taken is None or record.date_precision is DatePrecision.UNKNOWN:
        return None
    precision = record.date_precision
    if precision is DatePrecision.EXACT:
        precision = DatePrecision.DAY
    return format_date(PartialDate(record.date_taken, precision, record.date_circa))


def place_and_date(record: PhotoRecord) -> str:
    parts = (place_text(record.place_path), date_text(record))
    return ", ".join(part for part in parts if part)


def credit_line(record: PhotoRecord) -> str:
    """The house form: place, year, then the credit: "Baku, 2022. Ingy Sedky/ICRC"."""
    return house_credit(record)


def describe(record: PhotoRecord) -> str:
    """A photo as a report names it: "photo 17 (Barda, 1997. Boris Heger/ICRC)"."""
    credit = credit_line(record)
    return f"photo {record.id} ({credit})" if credit else f"photo {record.id}"


def year_key(record: PhotoRecord) -> YearKey:
    if record.year is not None:
        return YearKey(record.year * 10 + 1, str(record.year), str(record.year))
    if record.date_precision is DatePrecision.DECADE and record.date_taken is not None:
        decade = record.date_taken.year
        return YearKey(decade * 10, f"{decade}s", f"{decade}s")
    return YearKey(10**6, "Undated", "undated")
