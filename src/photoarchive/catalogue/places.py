"""The place tree: finding and creating places by path, alternate spellings, descendants."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from photoarchive.catalogue.models import Place, PlaceAlias
from photoarchive.catalogue.names import normalise_name
from photoarchive.errors import PhotoArchiveError


def place_path(session: Session, place: Place) -> list[str]:
    """Names from the country down to ``place``."""
    ids = [int(part) for part in place.lineage.strip("/").split("/") if part]
    names = dict(session.execute(select(Place.id, Place.name).where(Place.id.in_(ids))).all())
    return [names[i] for i in ids]


def ensure_place(
    session: Session,
    path: Sequence[str],
    *,
    kind: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Place:
    """The place at ``path`` (names from the top), creating missing levels."""
    if not path or any(not name.strip() for name in path):
        raise PhotoArchiveError(f"Not a place path: {' > '.join(path)!r}")
    parent: Place | None = None
    for name in path:
        parent = _child(session, parent, name.strip())
    assert parent is not None
    if kind is not None:
        parent.kind = kind
    if latitude is not None and longitude is not None:
        parent.latitude, parent.longitude = latitude, longitude
    return parent


def _child(session: Session, parent: Place | None, name: str) -> Place:
    parent_id = parent.id if parent else None
    place = session.scalars(
        select(Place).where(
            Place.parent_id.is_(parent_id) if parent_id is None else Place.parent_id == parent_id,
            Place.name == name,
        )
    ).first()
    if place is None:
        place = Place(name=name, parent=parent, lineage="")
        session.add(place)
        session.flush()  # the id is part of the lineage
        place.lineage = f"{parent.lineage if parent else '/'}{place.id}/"
    return place


def add_alias(session: Session, place: Place, name: str) -> None:
    """Record an alternate spelling of ``place`` (Bakı for Baku)."""
    if name != place.name and name not in {alias.name for alias in place.aliases}:
        place.aliases.append(PlaceAlias(name=name))


def find_places(session: Session, name: str) -> list[Place]:
    """Places whose name or alternate spelling is ``name`` (case-insensitive), or a path
    written "Azerbaijan > Baku"."""
    if ">" in name:
        return _find_by_path(session, [part.strip() for part in name.split(">")])
    lowered = name.strip().lower()
    query = (
        select(Place)
        .outerjoin(PlaceAlias)
        .where(or_(Place.name.ilike(lowered), PlaceAlias.name.ilike(lowered)))
        .distinct()
    )
    return list(session.scalars(query))


def _find_by_path(session: Session, path: list[str]) -> list[Place]:
    candidates = find_places(session, path[-1])
    return [
        p
        for p in candidates
        if [n.lower() for n in place_path(session, p)][-len(path) :] == [n.lower() for n in path]
    ]


def name_lookup(session: Session) -> dict[str, int]:
    """Every place name and alternate spelling, normalised, mapped to its place id.

    Where two places share a name, the one higher in the tree wins: a folder called "Barda"
    means the district, not a street of that name.
    """
    rows = session.execute(select(Place.id, Place.name, Place.lineage)).all()
    aliases = session.execute(select(PlaceAlias.place_id, PlaceAlias.name)).all()
    depth = {pid: lineage.count("/") for pid, _name, lineage in rows}
    lookup: dict[str, int] = {}
    names: list[tuple[int, str]] = [(pid, name) for pid, name, _ in rows]
    names += [(pid, name) for pid, name in aliases]
    for pid, name in names:
        key = normalise_name(name)
        if key and (key not in lookup or depth[pid] < depth[lookup[key]]):
            lookup[key] = pid
    return lookup
