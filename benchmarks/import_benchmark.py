"""Import throughput on 12-megapixel camera-like JPEGs, beside vipsthumbnail on the same files.

Usage:  python benchmarks/import_benchmark.py [--count 200] [--corpus DIR] [--workers 1,2]

Makes the corpus with ../shared/tools/make_corpus.py when DIR is empty, warms the page cache,
then times, in one run so that the machine's noise hits every figure alike:
  - Photo Archive's importer (fresh catalogue each time) with thread and process workers;
  - `vipsthumbnail --size 320` over the same files split across the same number of processes
    (install it with `apt-get install libvips-tools`; skipped when absent);
  - the bare 1/8-scale JPEG decode with Pillow, the floor for any thumbnailer.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image

from corpus import corpus  # benchmarks/corpus.py, beside this script
from photoarchive.catalogue.database import open_catalogue
from photoarchive.importer.pipeline import import_folders


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/photoarchive-corpus-12mp"))
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (best is kept)")
    args = parser.parse_args()
    files = corpus(args.corpus, args.count)
    warm(files)
    print(f"command: {' '.join(sys.argv)}")
    print(
        f"machine: {os.cpu_count()} cores; corpus: {len(files)} files, "
        f"{sum(f.stat().st_size for f in files) / len(files) / 1e6:.1f} MB each on average\n"
    )
    rows: dict[str, dict[int, float]] = {}
    for workers in [int(w) for w in args.workers.split(",")]:
        for name, run in runners(args.corpus, files).items():
            seconds = min(run(workers) for _ in range(args.repeat))
            if seconds > 0:
                rows.setdefault(name, {})[workers] = len(files) / seconds
    report(rows)
    return 0


def warm(files: list[Path]) -> None:
    for path in files:
        path.read_bytes()


def runners(folder: Path, files: list[Path]) -> dict[str, object]:
    found: dict[str, object] = {
        "importer, process workers": lambda n: importer(folder, n, "process"),
        "importer, thread workers": lambda n: importer(folder, n, "thread"),
        "Pillow 1/8 decode only": lambda n: bare_decode(files, n),
    }
    if shutil.which("vipsthumbnail"):
        found["vipsthumbnail --size 320"] = lambda n: vipsthumbnail(files, n)
    return found


def importer(folder: Path, workers: int, kind: str) -> float:
    with tempfile.TemporaryDirectory() as scratch:
        catalogue = open_catalogue(Path(scratch) / "catalogue.sqlite")
        started = time.perf_counter()
        summary = import_folders(catalogue, [folder], workers=workers, worker_kind=kind)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
        catalogue.close()
    assert summary.counts.failed == 0, summary
    return seconds


def _decode(paths: list[Path]) -> int:
    for path in paths:
        with Image.open(path) as image:
            image.draft("RGB", (image.width // 8, image.height // 8))
            image.load()
    return len(paths)


def bare_decode(files: list[Path], workers: int) -> float:
    chunks = [files[i::workers] for i in range(workers)]
    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_decode, chunks))
    return time.perf_counter() - started


def vipsthumbnail(files: list[Path], workers: int) -> float:
    with tempfile.TemporaryDirectory() as out:
        chunks = [files[i::workers] for i in range(workers)]
        env = {**os.environ, "VIPS_CONCURRENCY": "1"}
        started = time.perf_counter()
        processes = [
            subprocess.Popen(
                ["vipsthumbnail", "--size", "320", "-o", f"{out}/%s.jpg", *map(str, chunk)], env=env
            )
            for chunk in chunks
        ]
        codes = [process.wait() for process in processes]
        seconds = time.perf_counter() - started
    assert codes == [0] * len(codes)
    return seconds


def report(rows: dict[str, dict[int, float]]) -> None:
    workers = sorted({n for row in rows.values() for n in row})
    print(f"{'photos per second':<28}" + "".join(f"{n:>4} worker(s)" for n in workers))
    for name, row in rows.items():
        print(f"{name:<28}" + "".join(f"{row.get(n, 0):>14.1f}" for n in workers))
    vips = rows.get("vipsthumbnail --size 320", {})
    for kind in ("process", "thread"):
        ours = rows[f"importer, {kind} workers"]
        for n in workers:
            if n in vips:
                print(
                    f"importer ({kind}) / vipsthumbnail at {n} worker(s): {ours[n] / vips[n]:.2f}x"
                )
        if 1 in ours and 2 in ours:
            print(f"importer ({kind}) 2 workers / 1 worker: {ours[2] / ours[1]:.2f}x")
    decode = rows["Pillow 1/8 decode only"]
    for n in workers:
        best = max(rows[f"importer, {k} workers"][n] for k in ("process", "thread"))
        print(f"best importer / bare 1/8 decode at {n} worker(s): {best / decode[n]:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
