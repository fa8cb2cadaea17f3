"""``photoarchive galleries``: list the galleries with their languages and item counts."""

from __future__ import annotations

import argparse
from typing import Any

from photoarchive.catalogue.galleries import GallerySummary, list_galleries
from photoarchive.cli.common import open_from_args, print_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("galleries", help="list the galleries and their item counts")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_from_args(args) as catalogue, catalogue.session() as session:
        galleries = list_galleries(session)
    if args.json:
        print_json([to_json(gallery) for gallery in galleries])
    elif not galleries:
        print("There are no galleries yet.")
    else:
        for gallery in galleries:
            print(line(gallery))
    return 0


def to_json(gallery: GallerySummary) -> dict[str, Any]:
    return {
        "id": gallery.id,
        "title": gallery.title,
        "language": gallery.language,
        "languages": list(gallery.languages),
        "items": gallery.items,
        "photos": gallery.photos,
        "sections": gallery.sections,
        "modified_at": gallery.modified_at.isoformat(timespec="seconds"),
    }


def line(gallery: GallerySummary) -> str:
    """ "   1  Title  (14 photos, 9 sections; en, az)"."""
    photos = f"{gallery.photos} photo{'' if gallery.photos == 1 else 's'}"
    sections = f"{gallery.sections} section{'' if gallery.sections == 1 else 's'}"
    return (
        f"{gallery.id:>4}  {gallery.title}  ({photos}, {sections}; {', '.join(gallery.languages)})"
    )
