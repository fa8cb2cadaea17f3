"""What several subcommands share: opening the catalogue, filter options, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sqlalchemy.orm import Session

from photoarchive.catalogue.database import Catalogue, open_catalogue
from photoarchive.catalogue.places import find_places
from photoarchive.catalogue.query import PhotoFilter
from photoarchive.catalogue.values import Restriction
from photoarchive.catalogue.vocabulary import find_photographers, find_programme
from photoarchive.errors import PhotoArchiveError
from photoarchive.paths import default_catalogue_path


def open_from_args(args: argparse.Namespace) -> Catalogue:
    return open_catalogue(args.catalogue or default_catalogue_path())


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (repeat an option to match any of its values)")
    group.add_argument(
        "--place",
        action="append",
        default=[],
        metavar="NAME",
        help='a place and everything in it, e.g. "Barda" or "Aghdam > Zengisali"',
    )
    group.add_argument("--years", metavar="FROM-TO", help='a year or a range: "1997", "1990-1999"')
    group.add_argument("--programme", action="append", default=[], metavar="NAME")
    group.add_argument(
        "--photographer",
        action="append",
        default=[],
        metavar="NAME",
        help='a name or a credit line: "Boris Heger", "Ingy Sedky/ICRC"',
    )
    group.add_argument("--text", default="", metavar="WORDS", help="words in caption or credit")
    group.add_argument(
        "--restriction", action="append", default=[], choices=[r.value for r in Restriction]
    )


def filter_from_args(session: Session, args: argparse.Namespace) -> PhotoFilter:
    """The filter the options describe; an unknown name is the user's error."""
    places: set[int] = set()
    for name in args.place:
        found = find_places(session, name)
        if not found:
            raise PhotoArchiveError(f"Unknown place {name!r}")
        places.update(place.id for place in found)
    photographers: set[int] = set()
    for name in args.photographer:
        found_people = find_photographers(session, name)
        if not found_people:
            raise PhotoArchiveError(f"Unknown photographer {name!r}")
        photographers.update(person.id for person in found_people)
    return PhotoFilter(
        places=frozenset(places),
        years=parse_years(args.years) if args.years else None,
        programmes=frozenset(find_programme(session, name).id for name in args.programme),
        photographers=frozenset(photographers),
        text=args.text.strip(),
        restrictions=frozenset(Restriction(value) for value in args.restriction),
    )


def parse_years(text: str) -> tuple[int, int]:
    """ "1997" or "1990-1999" (also with an en dash) as an inclusive range."""
    parts = text.replace("–", "-").split("-")
    try:
        years = [int(part) for part in parts if part.strip()]
    except ValueError:
        years = []
    if len(years) not in (1, 2) or len(parts) > 2:
        raise PhotoArchiveError(f'Not a year range: {text!r} (write "1997" or "1990-1999")')
    first, last = years[0], years[-1]
    if first > last:
        raise PhotoArchiveError(f"The year range {text!r} ends before it starts")
    return first, last


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
