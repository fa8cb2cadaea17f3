"""Building the demo archive: placeholder pictures, imported and tagged like a real archive."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.models import FileLocation, LibraryRoot, Photo, Programme
from photoarchive.catalogue.places import add_alias, ensure_place
from photoarchive.catalogue.tagging import TagChange, apply_tags
from photoarchive.catalogue.vocabulary import ensure_photographer
from photoarchive.demo import manifest as demo_manifest
from photoarchive.demo.pictures import write_pictures
from photoarchive.importer.pipeline import ImportSummary, ProgressCallback, import_folders


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
