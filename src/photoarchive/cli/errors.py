"""``photoarchive errors``: the files the last import run could not import, and why."""

from __future__ import annotations

import argparse
from typing import Any

from photoarchive.catalogue.import_log import last_import_errors
from photoarchive.cli.common import open_from_args, print_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("errors", help="list the last import run's errors")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_from_args(args) as catalogue, catalogue.session() as session:
        last = last_import_errors(session)
    run_id, rows = last.run_id, last.errors
    if args.json:
        print_json([{"path": path, "reason": reason} for path, reason in rows])
    elif run_id is None:
        print("No import has run on this catalogue yet.")
    elif not rows:
        print("The last import had no errors.")
    else:
        for path, reason in rows:
            print(f"{path}: {reason}")
    return 0
