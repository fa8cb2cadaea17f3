"""``photoarchive demo``: build the demo archive from the seed gallery and open it."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from photoarchive.catalogue.database import open_catalogue
from photoarchive.cli.import_ import ProgressBar, summary_text
from photoarchive.demo.build import build_demo
from photoarchive.paths import demo_dir


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo", help="build the demo archive (placeholder pictures of the seed gallery) and open it"
    )
    parser.add_argument(
        "--no-window", action="store_true", help="only build it (honours --catalogue)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    url = args.catalogue or demo_dir() / "catalogue.sqlite"
    with open_catalogue(url) as catalogue:
        bar = ProgressBar(sys.stderr, enabled=sys.stderr.isatty())
        try:
            built = build_demo(catalogue, demo_dir() / "pictures", progress=bar.show)
        finally:
            bar.close()
        print(f"Demo archive at {catalogue}: {summary_text(built.imported)}")
        if args.no_window:
            return 0
    from photoarchive.gui.app import run_window  # noqa: PLC0415 - Qt only for the window

    return run_window(str(url))
