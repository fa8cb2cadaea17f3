"""Export throughput on 12-megapixel camera-like JPEGs, beside import throughput in the same run.

Usage:  python benchmarks/export_benchmark.py [--count 200] [--corpus DIR] [--workers 2]
                 [--max-size 2048,2100,1600,1024] [--kinds thread,process] [--rounds 2]

Makes the corpus with ../shared/tools/make_corpus.py when DIR holds too few files, warms the
page cache, imports the files into a fresh catalogue with the importer's default and with
thread workers, makes one gallery of all of them, then exports it to a web site with its
images (the images being the work), once per --max-size and worker kind, and prints each
export's photos per second over the import's. The JPEG decoder scales by 1/2, 1/4 or 1/8 for
free: 2048 on 4000-pixel originals decodes at half scale (2000 pixels, within the 3 % the
export allows below --max-size); 2100 shows the cost when every pixel must be decoded and
resampled. The machines are shared: every run is repeated in rounds and the best kept, the
load average is printed per round, and the CPU time per photo of thread-worker runs, which
the other work on the machine barely changes, is printed beside the wall-clock figures.
"""

from __future__ import annotations

import argparse
import inspect
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from corpus import corpus  # benchmarks/corpus.py, beside this script
from photoarchive.catalogue.database import Catalogue, open_catalogue
from photoarchive.catalogue.galleries import create_gallery
from photoarchive.catalogue.models import Photo
from photoarchive.export.options import ExportFormat, ExportOptions, WorkerKind
from photoarchive.export.pixels import draft_size
from photoarchive.export.run import export_galleries
from photoarchive.importer.pipeline import import_folders

TITLE = "Benchmark: all photos"
KINDS: dict[str, WorkerKind] = {"thread": "thread", "process": "process"}
FLOOR_SIZE = 2048
IMPORT_DEFAULT = inspect.signature(import_folders).parameters["worker_kind"].default


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/photoarchive-corpus-12mp"))
    parser.add_argument("--max-size", default="2048,2100,1600,1024", help="comma-separated")
    parser.add_argument("--kinds", default="thread,process", help="export worker kinds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="rounds of every run (best kept)")
    args = parser.parse_args()
    files = corpus(args.corpus, args.count)
    for path in files:  # warm the page cache, so that the first run is not the disk's
        path.read_bytes()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(
        f"machine: {os.cpu_count()} cores; corpus: {len(files)} files, "
        f"{sum(f.stat().st_size for f in files) / len(files) / 1e6:.1f} MB each on average"
    )
    sizes = [int(s) for s in args.max_size.split(",")]
    kinds = [KINDS[k.strip()] for k in args.kinds.split(",")]
    best: dict[str, Timing] = {}
    with tempfile.TemporaryDirectory(prefix="export-benchmark-") as scratch:
        work = Path(scratch)
        # Rounds run everything in turn, so that a burst of other work on the shared
        # machine slows one run of each figure, not every run of one figure.
        for number in range(args.rounds):
            print(f"round {number + 1}: load average {load()}", flush=True)
            for kind in ("default", "thread") if IMPORT_DEFAULT != "thread" else ("default",):
                with open_catalogue(work / f"import-{kind}-{number}.sqlite") as catalogue:
                    timing = import_into(catalogue, args.corpus, args.workers, kind)
                named = IMPORT_DEFAULT if kind == "default" else kind
                keep(best, f"import, {args.workers} {named} workers", timing)
            with open_catalogue(work / f"import-default-{number}.sqlite") as catalogue:
                photos = make_gallery(catalogue)
                if FLOOR_SIZE in sizes:
                    timing = floor(files, FLOOR_SIZE, args.workers)
                    keep(best, f"floor at {FLOOR_SIZE}: JPEG decode + encode alone", timing)
                for size in sizes:
                    for kind in kinds:
                        folder = work / f"out-{size}-{kind}-{number}"
                        timing = export_once(catalogue, folder, size, args.workers, kind)
                        label = f"export, --max-size {size}, {args.workers} {kind} workers"
                        keep(best, label, timing)
    print(f"load average at the end: {load()}\n")
    imports = [timing for label, timing in best.items() if label.startswith("import")]
    for label, timing in best.items():
        print(row(label, photos, timing, imports))
    names = " and ".join(label for label in best if label.startswith("import"))
    print(f"\nratios: photos/s over those of {names} ({IMPORT_DEFAULT} workers: the default)")
    print("CPU ms per photo: measured for thread workers only (process workers are not ours)")
    print(
        f"floor: {args.workers} threads decoding each original as the export at {FLOOR_SIZE} does"
    )
    print("and encoding that one JPEG at quality 85, nothing else")
    return 0


@dataclass(frozen=True)
class Timing:
    seconds: float
    cpu: float | None  # CPU seconds of this process, None when the work ran in others


def keep(best: dict[str, Timing], label: str, timing: Timing) -> None:
    earlier = best.get(label)
    if earlier is None or timing.seconds < earlier.seconds:
        best[label] = timing


def timed(kind: str, work: Callable[[], object]) -> Timing:
    started, cpu = time.perf_counter(), time.process_time()
    work()
    cpu = time.process_time() - cpu
    return Timing(time.perf_counter() - started, cpu if kind == "thread" else None)


def import_into(catalogue: Catalogue, folder: Path, workers: int, kind: str) -> Timing:
    def work() -> None:
        if kind == "default":
            summary = import_folders(catalogue, [folder], workers=workers)
        else:
            summary = import_folders(catalogue, [folder], workers=workers, worker_kind="thread")
        assert not summary.counts.failed, "the corpus should import without errors"

    return timed(IMPORT_DEFAULT if kind == "default" else kind, work)


def make_gallery(catalogue: Catalogue) -> int:
    with catalogue.transaction() as session:
        ids = list(session.scalars(select(Photo.id).order_by(Photo.id)))
        create_gallery(session, TITLE, ids)
    return len(ids)


def export_once(
    catalogue: Catalogue, folder: Path, size: int, workers: int, kind: WorkerKind
) -> Timing:
    options = ExportOptions(
        formats=frozenset({ExportFormat.SITE, ExportFormat.IMAGES}),
        max_size=size,
        workers=workers,
        worker_kind=kind,
    )

    def work() -> None:
        report = export_galleries(catalogue, [TITLE], folder, options)
        assert not report.left_out, report.text()

    return timed(kind, work)


def floor(files: list[Path], size: int, workers: int) -> Timing:
    """The least any export at ``size`` must do per photo: decode the original at the scale
    the export decodes it at and encode one JPEG of that; no small copy, no turn, no site."""

    def one(path: Path) -> None:
        with Image.open(path) as image:
            image.decodermaxblock = max(image.decodermaxblock, path.stat().st_size)
            image.draft(None, draft_size(image.size, size))
            image.load()
        image.save(io.BytesIO(), "JPEG", quality=85)

    def work() -> None:
        with ThreadPoolExecutor(workers) as executor:
            list(executor.map(one, files))

    return timed("thread", work)


def row(label: str, photos: int, timing: Timing, imports: list[Timing]) -> str:
    rate = photos / timing.seconds
    text = f"{label:<42} {timing.seconds:6.1f} s {rate:6.1f} photos/s"
    if not label.startswith("import"):
        text += "  " + " / ".join(f"{other.seconds / timing.seconds:4.2f}x" for other in imports)
    else:
        text += " " * 15
    if timing.cpu is not None:
        text += f"  {timing.cpu / photos * 1000:5.0f} CPU ms/photo"
    return text


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    raise SystemExit(main())
