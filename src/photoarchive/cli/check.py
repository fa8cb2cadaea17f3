"""``photoarchive check``: verify that every original exists and still has its content."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any

from photoarchive.cli.common import open_from_args, print_json
from photoarchive.importer.check import check_files


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="verify every original file: missing and changed files are reported, "
        "nothing is changed",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_from_args(args) as catalogue:
        results = list(check_files(catalogue))
    problems = [r for r in results if r.verdict != "ok"]
    if args.json:
        print_json(
            [
                {"photo_id": r.photo_id, "root": r.root, "path": r.path, "verdict": r.verdict}
                for r in results
            ]
        )
    else:
        for result in problems:
            print(f"{result.verdict:<10} {result.path}  (photo {result.photo_id})")
        counts = Counter(r.verdict for r in results)
        print(
            ", ".join(
                f"{counts[v]} {v}"
                for v in ("ok", "missing", "changed", "offline", "unreadable")
                if counts[v] or v == "ok"
            )
            + f" of {len(results)} files."
        )
    return 1 if any(r.verdict in ("missing", "changed", "unreadable") for r in problems) else 0
