"""Building the demo archive: placeholder pictures, imported and tagged like a real archive."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.galleries import (
    Gallery,
    add_photos,
    add_section,
    create_gallery,
    load_gallery,
    set_gallery_text,
    set_section_text,
)
from photoarchive.catalogue.models import FileLocation, LibraryRoot, Photo, Programme
from photoarchive.catalogue.places import add_alias, ensure_place
from photoarchive.catalogue.tagging import TagChange, apply_tags
from photoarchive.catalogue.vocabulary import ensure_photographer
from photoarchive.demo import manifest as demo_manifest
from photoarchive.demo.pictures import write_pictures
from photoarchive.importer.pipeline import ImportSummary, ProgressCallback, import_folders

# Azerbaijani for a few texts, to show a second language and, for the rest, the fallback to
# English. Written by the developers and not yet checked by a native speaker: keep it short.
AZERBAIJANI = {
    "Azerbaijan: The impact of three decades of humanitarian action": (
        "Azərbaycan: üç onillik humanitar fəaliyyətin təsiri"
    ),
    "Partnership with Azerbaijan Red Crescent Society": (
        "Azərbaycan Qızıl Aypara Cəmiyyəti ilə tərəfdaşlıq"
    ),
    "Improving Access to Health Care": "Tibbi xidmətlərə çıxışın yaxşılaşdırılması",
}


@dataclass(frozen=True, slots=True)
class DemoBuild:
    pictures: Path
    imported: ImportSummary
    tagged: int


def build_demo(
    catalogue: Catalogue, pictures: Path, progress: ProgressCallback | None = None
) -> DemoBuild:
    """Write the demo pictures into ``pictures``, import them and tag them from the manifest.

    Running it again changes nothing: pictures are kept, the import finds them unchanged and
    photos that already carry a programme are not tagged again.
    """
    manifest = demo_manifest.load_manifest()
    write_pictures(manifest, pictures)
    with catalogue.transaction() as session:
        _add_places(session, manifest.places, [])
        _add_programmes(session, manifest)
    summary = import_folders(catalogue, [pictures], progress=progress)
    with catalogue.transaction() as session:
        tagged = _tag(session, manifest, pictures.resolve())
        _add_gallery(session, manifest.gallery, pictures.resolve())
    return DemoBuild(pictures, summary, tagged)


def _add_places(
    session: Session, places: tuple[demo_manifest.Place, ...], parent: list[str]
) -> None:
    for place in places:
        path = [*parent, place.name]
        row = ensure_place(
            session, path, kind=place.kind.value, latitude=place.latitude, longitude=place.longitude
        )
        for alias in place.alternate_names:
            add_alias(session, row, alias)
        _add_places(session, place.children, path)


def _add_programmes(session: Session, manifest: demo_manifest.DemoManifest) -> None:
    known = set(session.scalars(select(Programme.name)))
    for name, description in manifest.programmes:
        if name not in known:
            session.add(Programme(name=name, description=description))
    session.flush()


def _tag(session: Session, manifest: demo_manifest.DemoManifest, pictures: Path) -> int:
    root_id = session.scalar(select(LibraryRoot.id).where(LibraryRoot.path == str(pictures)))
    located = dict(
        session.execute(
            select(FileLocation.relative_path, Photo.id)
            .join(Photo)
            .where(FileLocation.root_id == root_id, Photo.programme_id.is_(None))
        ).all()
    )
    programmes = dict(session.execute(select(Programme.name, Programme.id)).all())
    tagged = 0
    for photo in manifest.photos:
        photo_id = located.get(str(photo.relative_path))
        if photo_id is None:
            continue
        apply_tags(session, [photo_id], _change(session, photo, programmes))
        tagged += 1
    return tagged


def _change(
    session: Session, photo: demo_manifest.DemoPhoto, programmes: dict[str, int]
) -> TagChange:
    person = photo.photographer
    photographer_id = (
        ensure_photographer(session, person.name or "", person.organisation or "").id
        if person
        else None
    )
    return TagChange(
        place_id=ensure_place(session, list(photo.place)).id,
        programme_id=programmes[photo.programme],
        photographer_id=photographer_id,
        caption=photo.caption,
        restriction=photo.restriction,
    )


def _add_gallery(session: Session, gallery: demo_manifest.DemoGallery, pictures: Path) -> None:
    """The seed page as a gallery: each section's heading and text, then its photos in page
    order (the site shows them as the page does: heading, photos, text). Made once."""
    if session.scalar(select(Gallery.id).where(Gallery.title == gallery.title)) is not None:
        return
    root_id = session.scalar(select(LibraryRoot.id).where(LibraryRoot.path == str(pictures)))
    located = dict(
        session.execute(
            select(FileLocation.relative_path, FileLocation.photo_id).where(
                FileLocation.root_id == root_id
            )
        ).all()
    )
    gallery_id = create_gallery(
        session, gallery.title, introduction=gallery.introduction
    ).gallery_id
    for section in gallery.sections:
        add_section(session, gallery_id, heading=section.heading, body="\n\n".join(section.body))
        photo_ids = [
            located[str(p.relative_path)] for p in section.photos if str(p.relative_path) in located
        ]
        add_photos(session, gallery_id, photo_ids)
    _translate(session, gallery_id)


def _translate(session: Session, gallery_id: int) -> None:
    state = load_gallery(session, gallery_id)
    if state.title in AZERBAIJANI:
        set_gallery_text(session, gallery_id, AZERBAIJANI[state.title], None, language="az")
    for item in state.items:
        heading = item.texts[state.language].heading
        if item.is_section and heading in AZERBAIJANI:
            set_section_text(session, item.id, AZERBAIJANI[heading], None, language="az")
