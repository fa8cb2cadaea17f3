"""``photoarchive export TITLE... --to DIR``: publish galleries as a site, images, PDF, manifest."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any, TextIO

from photoarchive.cli.common import open_from_args
from photoarchive.export.options import (
    DEFAULT_FORMATS,
    PHASE_NAMES,
    ExportFormat,
    ExportOptions,
    ExportProgress,
    parse_formats,
)
from photoarchive.export.run import export_galleries


def register(subparsers: Any) -> None:
    defaults = ",".join(sorted(f.value for f in DEFAULT_FORMATS))
    parser = subparsers.add_parser(
        "export",
        help="export galleries as a web site, images, a PDF and a manifest, safe to publish",
        description="Restricted photos are left out unless asked for; GPS, serial numbers, "
        "maker notes and owner names never leave with the images unless --keep-gps keeps "
        "the location. Nothing is written outside DIR, and a failed export leaves DIR as it was.",
    )
    parser.add_argument("titles", nargs="+", metavar="TITLE", help="gallery titles (or numbers)")
    parser.add_argument("--to", required=True, type=Path, metavar="DIR", help="a new folder")
    parser.add_argument(
        "--format",
        default=defaults,
        metavar="LIST",
        help=f"any of {','.join(f.value for f in ExportFormat)} (default: {defaults})",
    )
    parser.add_argument(
        "--language",
        help="language of captions and texts (default: each "
        "gallery's own); missing translations fall back to it",
    )
    parser.add_argument(
        "--max-size",
        type=int,
        default=2048,
        metavar="PX",
        help="longest side of the images at most (default 2048; a JPEG the decoder can shrink "
        "to within 3%% of it, such as 4000 px to 2000, is not resampled further)",
    )
    parser.add_argument("--quality", type=int, default=85, help="JPEG quality (default 85)")
    parser.add_argument(
        "--include-restricted",
        action="store_true",
        help="include photos marked restricted (flagged in the manifest)",
    )
    parser.add_argument(
        "--keep-gps",
        action="store_true",
        help="keep the photos' GPS locations in the images, on purpose",
    )
    parser.add_argument("--force", action="store_true", help="replace an earlier export in DIR")
    parser.add_argument("--workers", type=int, default=2, help="processes resizing images")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    options = ExportOptions(
        formats=parse_formats(args.format),
        language=args.language,
        max_size=args.max_size,
        quality=args.quality,
        include_restricted=args.include_restricted,
        keep_gps=args.keep_gps,
        force=args.force,
        workers=args.workers,
    )
    line = ProgressLine(sys.stderr, enabled=not args.quiet and sys.stderr.isatty())
    with open_from_args(args) as catalogue:
        try:
            report = export_galleries(catalogue, args.titles, args.to, options, progress=line.show)
        finally:
            line.close()
    print(report.text())
    return 0


class ProgressLine:
    """One line on a terminal, redrawn in place: the step, a count and the current file."""

    def __init__(self, stream: TextIO, *, enabled: bool) -> None:
        self.stream, self.enabled = stream, enabled

    def show(self, progress: ExportProgress) -> None:
        if not self.enabled:
            return
        width = shutil.get_terminal_size().columns
        count = f" {progress.done}/{progress.total}" if progress.total > 1 else ""
        text = f"{PHASE_NAMES[progress.phase]}{count} {progress.current}"
        self.stream.write("\r" + text[: width - 1].ljust(width - 1))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * (shutil.get_terminal_size().columns - 1) + "\r")
            self.stream.flush()
