"""``photoarchive import FOLDER...``: import photo folders with a progress bar and a summary."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any, TextIO

from photoarchive.cli.common import open_from_args
from photoarchive.importer.pipeline import CancelToken, ImportSummary, Progress, import_folders


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import", help="import photo folders (originals are only read, never changed)"
    )
    parser.add_argument("folders", nargs="+", type=Path, metavar="FOLDER")
    parser.add_argument("--workers", type=int, default=None, help="parallel readers (default 2)")
    parser.add_argument(
        "--workers-kind",
        choices=["thread", "process"],
        default="thread",
        help="thread (default, the faster) or process (slower to start, but a file that "
        "crashes an image decoder costs only that file, not the run)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_from_args(args) as catalogue:
        bar = ProgressBar(sys.stderr, enabled=not args.quiet and sys.stderr.isatty())
        cancel = CancelToken()
        try:
            summary = import_folders(
                catalogue,
                args.folders,
                progress=bar.show,
                cancel=cancel,
                workers=args.workers,
                worker_kind=args.workers_kind,
            )
        finally:
            bar.close()
    print(summary_text(summary))
    return 0


def summary_text(summary: ImportSummary) -> str:
    counts = summary.counts
    parts = [
        f"{counts.imported} imported",
        f"{counts.unchanged} unchanged",
        f"{counts.duplicates} duplicates",
        f"{counts.moved} moved",
        f"{counts.removed} removed",
        f"{counts.unsupported} unsupported",
        f"{counts.failed} failed",
    ]
    state = "Import cancelled" if summary.cancelled else "Import finished"
    line = f"{state} in {summary.seconds:.1f} s: " + ", ".join(parts) + "."
    if counts.failed or counts.unsupported:
        line += " See `photoarchive errors` for the files and reasons."
    return line


class ProgressBar:
    """One line on a terminal, redrawn in place: count, bar, rate and the current file."""

    def __init__(self, stream: TextIO, *, enabled: bool) -> None:
        self.stream, self.enabled = stream, enabled

    def show(self, progress: Progress) -> None:
        if not self.enabled:
            return
        width = shutil.get_terminal_size().columns
        if progress.total is None:
            head = f"Scanning… {Path(progress.current).name}"
        else:
            fraction = progress.done / progress.total if progress.total else 1.0
            bar = "#" * int(fraction * 20)
            head = (
                f"{progress.done}/{progress.total} [{bar:<20}] {progress.rate:.1f} photos/s "
                f"{Path(progress.current).name}"
            )
        self.stream.write("\r" + head[: width - 1].ljust(width - 1))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (shutil.get_terminal_size().columns - 1) + "\r")
            self.stream.flush()
