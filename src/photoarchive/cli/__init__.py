"""The command line: parse arguments, call the layers, print. One module per subcommand."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from photoarchive import __version__
from photoarchive.cli import (
    backup,
    check,
    demo,
    errors,
    export,
    galleries,
    import_,
    ls,
    roots,
    stats,
    tag,
    transfer,
)
from photoarchive.errors import PhotoArchiveError
from photoarchive.logs import setup_file_log

COMMANDS = (
    import_,
    ls,
    tag,
    stats,
    errors,
    demo,
    roots,
    check,
    backup,
    transfer,
    galleries,
    export,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="photoarchive",
        description="Catalogue, browse, caption and safely publish decades of photos.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--catalogue",
        metavar="URL",
        help="the catalogue: a SQLite file path or any SQLAlchemy URL "
        "(default: catalogue.sqlite in the user data folder)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation offscreen on a temporary demo archive, then exit",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments, folders = _window_folders(parser, list(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(arguments)
    args.window_folders = folders
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    # exifread reports every odd tag it meets; the import errors already say what matters.
    logging.getLogger("exifread").setLevel(logging.ERROR)
    setup_file_log()
    if args.self_test:
        from photoarchive.gui.selftest import self_test  # noqa: PLC0415 - Qt only when asked

        return self_test()
    run = args.run if args.command is not None else _open_window
    try:
        return int(run(args) or 0)
    except PhotoArchiveError as error:
        print(f"photoarchive: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("photoarchive: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `photoarchive ls | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _open_window(args: argparse.Namespace) -> int:
    """No subcommand: the desktop window (Qt is loaded only here, not for the commands)."""
    from photoarchive.gui.app import run_window  # noqa: PLC0415

    if args.window_folders:  # `photoarchive FOLDER...`: the window offers to import them
        return run_window(args.catalogue, folders=args.window_folders)
    return run_window(args.catalogue)


def _window_folders(
    parser: argparse.ArgumentParser, argv: list[str]
) -> tuple[list[str], list[Path]]:
    """``photoarchive FOLDER...`` (the desktop file's ``%F``): the window, asked to import.

    Only without a subcommand: existing folders that are not an option's value are taken out.
    """
    names = {
        name
        for action in parser._actions  # argparse keeps its subcommands here
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }
    if any(arg in names for arg in argv):
        return argv, []
    kept: list[str] = []
    folders: list[Path] = []
    for i, arg in enumerate(argv):
        after_option = i > 0 and argv[i - 1] == "--catalogue"
        if not arg.startswith("-") and not after_option and Path(arg).is_dir():
            folders.append(Path(arg))
        else:
            kept.append(arg)
    return kept, folders
