"""``photoarchive catalogue copy FROM TO``: copy a whole catalogue, checked row by row."""

from __future__ import annotations

import argparse
from typing import Any

from photoarchive.catalogue.transfer import copy_catalogue


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("catalogue", help="manage whole catalogues")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    copy = actions.add_parser(
        "copy",
        help="copy a catalogue (thumbnails, galleries, errors included) into a new one, "
        "e.g. from SQLite to PostgreSQL, and verify it",
    )
    copy.add_argument("source", metavar="FROM_URL")
    copy.add_argument("target", metavar="TO_URL")
    copy.set_defaults(run=run_copy)


def run_copy(args: argparse.Namespace) -> int:
    checks = copy_catalogue(args.source, args.target)
    rows = sum(check.rows for check in checks)
    print(f"Copied {rows} rows in {len(checks)} tables; row counts and checksums match.")
    for check in checks:
        print(f"  {check.name:<20} {check.rows:>8}  {check.checksum[:16]}")
    return 0
