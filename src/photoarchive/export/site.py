"""The exported web site: an index page and one page per gallery, from autoescaped templates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import Environment, FunctionLoader, StrictUndefined, TemplateNotFound

from photoarchive.catalogue.dates import MONTH_NAMES
from photoarchive.export.content import ExportGallery, ExportPhoto, YearKey
from photoarchive.export.safety import inside
from photoarchive.paths import packaged_resources

SITE_TITLE = "Photo galleries"
STYLE = "style.css"


@dataclass(frozen=True, slots=True)
class Card:
    """A gallery as the index page lists it."""

    gallery: ExportGallery
    cover: ExportPhoto | None
    span: str


def write_site(folder: Path, galleries: tuple[ExportGallery, ...], *, today: date) -> list[str]:
    """Write the pages and the style sheet into ``folder``; returns their paths in it."""
    environment = _environment()
    language = galleries[0].language if galleries else "en"
    common = {"site_title": SITE_TITLE, "generated": day_text(today), "language": language}
    written = [_write(folder, STYLE, _template_text(STYLE))]
    index = environment.get_template("index.html.j2").render(
        **common,
        galleries=galleries,
        cards=[_card(gallery) for gallery in galleries],
        years=_years(galleries),
        photo_count=sum(len(gallery.photos) for gallery in galleries),
    )
    written.append(_write(folder, "index.html", index))
    page = environment.get_template("gallery.html.j2")
    for number, gallery in enumerate(galleries):
        html = page.render(
            **(common | {"language": gallery.language}),
            gallery=gallery,
            span=year_span(gallery.photos),
            previous=galleries[number - 1] if number > 0 else None,
            next=galleries[number + 1] if number + 1 < len(galleries) else None,
        )
        written.append(_write(folder, page_name(gallery), html))
    return written


def page_name(gallery: ExportGallery) -> str:
    return f"{gallery.slug}.html"


def _environment() -> Environment:
    return Environment(
        # importlib.resources, so that an installed wheel and a frozen build find them too.
        loader=FunctionLoader(_template_source),
        autoescape=True,  # every caption, heading and title is text, never markup
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def _template_source(name: str) -> str | None:
    file = packaged_resources() / "templates" / name
    return file.read_text(encoding="utf-8") if file.is_file() else None


def _template_text(name: str) -> str:
    source = _template_source(name)
    if source is None:
        raise TemplateNotFound(name)
    return source


def _write(folder: Path, name: str, text: str) -> str:
    inside(folder, name).write_text(text, encoding="utf-8")
    return name


def _card(gallery: ExportGallery) -> Card:
    photos = gallery.photos
    return Card(gallery, photos[0] if photos else None, year_span(photos))


def _years(galleries: tuple[ExportGallery, ...]) -> list[tuple[YearKey, list[ExportPhoto]]]:
    by_year: dict[YearKey, list[ExportPhoto]] = {}
    for gallery in galleries:
        for photo in gallery.photos:
            by_year.setdefault(photo.year, []).append(photo)
    return sorted(by_year.items(), key=lambda pair: pair[0].order)


def year_span(photos: tuple[ExportPhoto, ...]) -> str:
    """ "1992–2024", "2022", or "" when no photo has a year."""
    years = sorted({p.record.year for p in photos if p.record.year is not None})
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def day_text(today: date) -> str:
    return f"{today.day} {MONTH_NAMES[today.month - 1]} {today.year}"
