"""``photoarchive ls``: list the photos that match the filters, as text or JSON."""

from __future__ import annotations

import argparse
from typing import Any

from photoarchive.catalogue.dates import PartialDate, format_date
from photoarchive.catalogue.query import Sort, photo_ids, photo_records
from photoarchive.catalogue.records import PhotoRecord, to_json
from photoarchive.cli.common import add_filter_options, filter_from_args, open_from_args, print_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("ls", help="list photos matching filters")
    add_filter_options(parser)
    parser.add_argument("--sort", choices=[s.name.lower() for s in Sort], default="date")
    parser.add_argument(
        "--json", action="store_true", help="print a JSON list, one object per photo (see README)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_from_args(args) as catalogue, catalogue.session() as session:
        photo_filter = filter_from_args(session, args)
        ids = photo_ids(session, photo_filter, Sort[args.sort.upper()])
        records = photo_records(session, ids)
    if args.json:
        print_json([to_json(record) for record in records])
    else:
        for record in records:
            print(line(record))
    return 0


def line(record: PhotoRecord) -> str:
    """One photo on one line: id, date, place, credit line and caption."""
    date = format_date(PartialDate(record.date_taken, record.date_precision, record.date_circa))
    caption = (record.caption or "").replace("\n", " ")
    if len(caption) > 80:
        caption = caption[:79] + "…"
    fields = [f"{record.id:>6}", date, record.place or "-", record.credit_line or "-", caption]
    return "  ".join(fields)
