"""Programmes and photographers: the controlled vocabularies photos are tagged with."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from photoarchive.catalogue.models import Photographer, Place, Programme, credit_line
from photoarchive.errors import PhotoArchiveError
from photoarchive.paths import packaged_data


def default_programmes() -> list[tuple[str, str]]:
    """The programmes every new catalogue starts with, from ``data/programmes.csv``."""
    text = (packaged_data() / "programmes.csv").read_text(encoding="utf-8")
    return [(row["name"], row["description"]) for row in csv.DictReader(io.StringIO(text))]


def seed_programmes(session: Session) -> None:
    """Add the default programmes that the catalogue does not have yet."""
    existing = set(session.scalars(select(Programme.name)))
    for name, description in default_programmes():
        if name not in existing:
            session.add(Programme(name=name, description=description))


def find_programme(session: Session, name: str) -> Programme:
    """The programme called ``name`` (case-insensitive); an unknown name is the user's error."""
    programme = session.scalars(
        select(Programme).where(func.lower(Programme.name) == name.strip().lower())
    ).first()
    if programme is None:
        known = ", ".join(session.scalars(select(Programme.name).order_by(Programme.name)))
        raise PhotoArchiveError(f"Unknown programme {name!r}; known programmes: {known}")
    return programme


def parse_credit(credit: str) -> tuple[str, str]:
    """Split a credit line "Ingy Sedky/ICRC" into name and organisation."""
    name, _, organisation = credit.strip().rpartition("/")
    if not name:  # no slash: "ICRC" alone is an organisation only if it is all capitals
        text = organisation.strip()
        return ("", text) if text.isupper() else (text, "")
    return name.strip(), organisation.strip()


def ensure_photographer(session: Session, name: str, organisation: str = "") -> Photographer:
    """The photographer with this name and organisation, created when new."""
    name, organisation = name.strip(), organisation.strip()
    photographer = session.scalars(
        select(Photographer).where(
            Photographer.name == name, Photographer.organisation == organisation
        )
    ).first()
    if photographer is None:
        photographer = Photographer(name=name, organisation=organisation)
        session.add(photographer)
        session.flush()
    return photographer


def find_photographers(session: Session, text: str) -> list[Photographer]:
    """Photographers whose name or credit line is ``text`` (case-insensitive)."""
    name, organisation = parse_credit(text) if "/" in text else (text.strip(), "")
    query = select(Photographer).where(func.lower(Photographer.name) == name.lower())
    if organisation:
        query = query.where(func.lower(Photographer.organisation) == organisation.lower())
    found = list(session.scalars(query))
    if not found and not name:
        query = select(Photographer).where(
            func.lower(Photographer.organisation) == organisation.lower(),
            Photographer.name == "",
        )
        found = list(session.scalars(query))
    return found


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The names a facet panel lists: places (id, parent id, name), programmes, photographers."""

    places: tuple[tuple[int, int | None, str], ...] = ()
    programmes: dict[int, str] = field(default_factory=dict)
    photographers: dict[int, str] = field(default_factory=dict)


def facet_vocabulary(session: Session) -> Vocabulary:
    """Every place, programme and photographer credit line, by id, as the facets name them."""
    places = session.execute(select(Place.id, Place.parent_id, Place.name))
    programmes = session.execute(select(Programme.id, Programme.name))
    people = session.execute(select(Photographer.id, Photographer.name, Photographer.organisation))
    return Vocabulary(
        places=tuple((pid, parent, name) for pid, parent, name in places),
        programmes={pid: name for pid, name in programmes},  # noqa: C416 - not a mapping
        photographers={pid: credit_line(name, org) or "—" for pid, name, org in people},
    )
