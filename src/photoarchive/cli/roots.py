"""``photoarchive roots`` and ``photoarchive relink``: library roots and moved drives."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from photoarchive.catalogue.roots import relink, root_statuses
from photoarchive.cli.common import open_from_args, print_json


def register(subparsers: Any) -> None:
    roots = subparsers.add_parser("roots", help="list library roots and whether they are online")
    roots.add_argument("--json", action="store_true", help="print JSON")
    roots.set_defaults(run=run_roots)
    moved = subparsers.add_parser(
        "relink", help="a drive moved: point a library root at its new folder on this machine"
    )
    moved.add_argument("root", metavar="ROOT", help="the root's name (see `photoarchive roots`)")
    moved.add_argument("new_path", metavar="NEW_PATH", type=Path)
    moved.set_defaults(run=run_relink)


def run_roots(args: argparse.Namespace) -> int:
    with open_from_args(args) as catalogue, catalogue.session() as session:
        statuses = root_statuses(session)
    if args.json:
        print_json(
            [
                {"name": s.name, "path": s.path, "files": s.files, "online": s.online}
                for s in statuses
            ]
        )
    for status in [] if args.json else statuses:
        state = "online " if status.online else "OFFLINE"
        print(f"{state}  {status.name}  {status.path}  ({status.files} files)")
    return 0


def run_relink(args: argparse.Namespace) -> int:
    with open_from_args(args) as catalogue, catalogue.transaction() as session:
        root = relink(session, args.root, args.new_path)
        name = root.name
    print(f"{name} now points to {args.new_path.resolve()} on this machine.")
    return 0
