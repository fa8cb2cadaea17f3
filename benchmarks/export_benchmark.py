"""Export throughput on 12-megapixel camera-like JPEGs, beside import throughput in the same run.

Usage:  python benchmarks/export_benchmark.py [--count 200] [--corpus DIR] [--workers 2]
                                               [--max-size 2048,1600,1024] [--repeat 1]

Makes the corpus with ../shared/tools/make_corpus.py when DIR holds too few files, warms the
page cache, imports the files into a fresh catalogue (2 worker processes), makes one gallery of
all of them, then exports it to a web site with its images (the images being the work), once
per --max-size. A max-size of at most half the originals' longest side lets the JPEG decoder
work at reduced scale (draft mode); 2048 on 4000-pixel originals cannot: every pixel is
decoded and resampled, several times the work of an import's 1/8-scale decode.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from corpus import corpus  # benchmarks/corpus.py, beside this script
from photoarchive.catalogue.database import Catalogue, open_catalogue
from photoarchive.catalogue.galleries import create_gallery
from photoarchive.catalogue.models import Photo
from photoarchive.export.options import ExportFormat, ExportOptions
from photoarchive.export.run import export_galleries
from photoarchive.importer.pipeline import import_folders

TITLE = "Benchmark: all photos"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/photoarchive-corpus-12mp"))
    parser.add_argument("--max-size", default="2048,1600,1024", help="comma-separated sizes")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (best is kept)")
    args = parser.parse_args()
    files = corpus(args.corpus, args.count)
    for path in files:  # warm the page cache, so that the first run is not the disk's
        path.read_bytes()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(
        f"machine: {os.cpu_count()} cores; corpus: {len(files)} files, "
        f"{sum(f.stat().st_size for f in files) / len(files) / 1e6:.1f} MB each on average\n"
    )
    with tempfile.TemporaryDirectory(prefix="export-benchmark-") as scratch:
        work = Path(scratch)
        with open_catalogue(work / "catalogue.sqlite") as catalogue:
            seconds = import_into(catalogue, args.corpus, args.workers)
            print(row(f"import ({args.workers} worker processes)", len(files), seconds))
            photos = make_gallery(catalogue)
            for size in [int(s) for s in args.max_size.split(",")]:
                best = min(
                    export_once(catalogue, work / f"out-{size}-{n}", size, args.workers)
                    for n in range(args.repeat)
                )
                label = f"export site + images, --max-size {size} ({args.workers} workers)"
                print(row(label, photos, best))
    return 0


def import_into(catalogue: Catalogue, folder: Path, workers: int) -> float:
    started = time.perf_counter()
    summary = import_folders(catalogue, [folder], workers=workers, worker_kind="process")
    assert not summary.counts.failed, "the corpus should import without errors"
    return time.perf_counter() - started


def make_gallery(catalogue: Catalogue) -> int:
    with catalogue.transaction() as session:
        ids = list(session.scalars(select(Photo.id).order_by(Photo.id)))
        create_gallery(session, TITLE, ids)
    return len(ids)


def export_once(catalogue: Catalogue, folder: Path, size: int, workers: int) -> float:
    options = ExportOptions(
        formats=frozenset({ExportFormat.SITE, ExportFormat.IMAGES}),
        max_size=size,
        workers=workers,
    )
    started = time.perf_counter()
    report = export_galleries(catalogue, [TITLE], folder, options)
    assert not report.left_out, report.text()
    return time.perf_counter() - started


def row(label: str, photos: int, seconds: float) -> str:
    return f"{label:<58} {seconds:6.1f} s  {photos / seconds:6.1f} photos/s"


if __name__ == "__main__":
    raise SystemExit(main())
