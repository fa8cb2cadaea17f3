"""``photoarchive tag``: set place, programme, photographer, date, caption or restriction."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoarchive.catalogue.dates import PartialDate, parse_date_text
from photoarchive.catalogue.models import Photo
from photoarchive.catalogue.places import ensure_place, find_places
from photoarchive.catalogue.query import photo_ids
from photoarchive.catalogue.tagging import UNSET, TagChange, _Unset, apply_tags
from photoarchive.catalogue.values import Restriction
from photoarchive.catalogue.vocabulary import ensure_photographer, find_programme, parse_credit
from photoarchive.cli.common import add_filter_options, filter_from_args, open_from_args
from photoarchive.errors import PhotoArchiveError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "tag", help="set place, programme, photographer, date, caption or restriction"
    )
    parser.add_argument("ids", nargs="*", type=int, metavar="ID", help="photo ids (see `ls`)")
    add_filter_options(parser)
    setters = parser.add_argument_group("what to set")
    setters.add_argument(
        "--set-place",
        metavar="PATH",
        help='an existing place, or a new one as a path: "Azerbaijan > Barda"',
    )
    setters.add_argument("--set-programme", metavar="NAME")
    setters.add_argument(
        "--set-photographer", metavar="CREDIT", help='"Ingy Sedky/ICRC" (created when new)'
    )
    setters.add_argument(
        "--set-date", metavar="DATE", help='"1997", "1990s", "c. 1995", "2022-03", "14 March 2022"'
    )
    setters.add_argument("--set-caption", metavar="TEXT")
    setters.add_argument("--set-restriction", choices=[r.value for r in Restriction])
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_from_args(args) as catalogue, catalogue.transaction() as session:
        targets = _targets(session, args)
        change = _change(session, args)
        if change.is_empty:
            raise PhotoArchiveError("Nothing to set: give at least one --set-… option.")
        apply_tags(session, targets, change)
    print(f"Tagged {len(targets)} photo{'s' if len(targets) != 1 else ''}.")
    return 0


def _targets(session: Session, args: argparse.Namespace) -> list[int]:
    photo_filter = filter_from_args(session, args)
    if args.ids:
        known = set(session.scalars(select(Photo.id).where(Photo.id.in_(args.ids))))
        missing = sorted(set(args.ids) - known)
        if missing:
            raise PhotoArchiveError(f"No photo with id {', '.join(map(str, missing))}")
        matching = set(photo_ids(session, photo_filter)) if not photo_filter.is_empty else known
        return [i for i in args.ids if i in matching]
    if photo_filter.is_empty:
        raise PhotoArchiveError(
            "Choose photos by id or with filters (tagging every photo at "
            "once is too easy to do by mistake)."
        )
    return photo_ids(session, photo_filter)


def _change(session: Session, args: argparse.Namespace) -> TagChange:
    date: PartialDate | _Unset = UNSET
    if args.set_date is not None:
        try:
            date = parse_date_text(args.set_date)
        except ValueError as error:
            raise PhotoArchiveError(str(error)) from None
    return TagChange(
        place_id=_place_id(session, args.set_place) if args.set_place is not None else UNSET,
        programme_id=find_programme(session, args.set_programme).id
        if args.set_programme is not None
        else UNSET,
        photographer_id=ensure_photographer(session, *parse_credit(args.set_photographer)).id
        if args.set_photographer is not None
        else UNSET,
        date=date,
        caption=args.set_caption if args.set_caption is not None else UNSET,
        restriction=Restriction(args.set_restriction) if args.set_restriction else UNSET,
    )


def _place_id(session: Session, text: str) -> int:
    found = find_places(session, text)
    if len(found) == 1:
        return found[0].id
    if len(found) > 1:
        raise PhotoArchiveError(
            f'{text!r} names several places; write the path, "Azerbaijan > Barda"'
        )
    if ">" in text:
        return ensure_place(session, [part.strip() for part in text.split(">")]).id
    raise PhotoArchiveError(
        f'Unknown place {text!r}; to create one, write its path: "Azerbaijan > Barda"'
    )
