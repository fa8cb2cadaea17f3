"""Import throughput on 12-megapixel camera-like JPEGs, beside vipsthumbnail on the same files.

Usage:  python benchmarks/import_benchmark.py [--count 200] [--corpus DIR] [--workers 1,2]
                                              [--rounds 3]

Makes the corpus with ../shared/tools/make_corpus.py when DIR is empty, warms the page cache,
then times, round after round so that the machine's noise hits every figure alike:
  - Photo Archive's importer with thread workers (the command line's default) and with
    process workers (the window's), each run as `photoarchive import` runs it: a fresh Python
    process and a fresh catalogue, timed from the call to the summary (process start-up and
    the workers' start included, Python's own start-up and imports not);
  - `vipsthumbnail --size 320` over the same files split across the same number of processes
    (install it with `apt-get install libvips-tools`; skipped when absent);
  - the bare 1/8-scale JPEG decode with Pillow, the floor for any thumbnailer.
Prints every run with the cores other programs took meanwhile (from /proc/stat), then each
figure's best and median over the rounds with the ratios the targets name, and those ratios
taken within each round (median and range), which a machine shared with other work disturbs
least. The importer imports the whole corpus folder, whatever --count says.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from corpus import corpus  # benchmarks/corpus.py, beside this script
from photoarchive.catalogue.database import open_catalogue
from photoarchive.importer.pipeline import import_folders

THREADS, PROCESSES = "importer, thread workers", "importer, process workers"
VIPS, DECODE = "vipsthumbnail --size 320", "Pillow 1/8 decode only"
Runner = Callable[[int], float]  # workers -> photos per second


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        return child(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/photoarchive-corpus-12mp"))
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--rounds", type=int, default=3, help="runs per figure (best is kept)")
    args = parser.parse_args()
    files = corpus(args.corpus, args.count)
    warm(files)
    print(f"command: {' '.join(sys.argv)}")
    print(
        f"machine: {os.cpu_count()} cores; corpus: {len(files)} files, "
        f"{sum(f.stat().st_size for f in files) / len(files) / 1e6:.1f} MB each on average\n"
    )
    workers = [int(w) for w in args.workers.split(",")]
    runs: dict[str, dict[int, list[Run]]] = {}
    for number in range(args.rounds):
        print(f"round {number + 1}: load average {_load()}", flush=True)
        # Each runner's 1 and 2 workers back to back, the runners in turn: the noise of a
        # busy machine then falls on the ratios as little as it can.
        for name, runner in runners(args.corpus, files).items():
            for n in workers:
                run = measured(runner, n, exact=name != PROCESSES)
                runs.setdefault(name, {}).setdefault(n, []).append(run)
                print(f"  {name}, {n} worker(s): {run}", flush=True)
    print(f"after the last round: load average {_load()}\n")
    report({name: {n: max(r) for n, r in row.items()} for name, row in runs.items()}, "best")
    if args.rounds > 1:
        medians = {
            name: {n: statistics.median_low(r) for n, r in row.items()}
            for name, row in runs.items()
        }
        report(medians, "median")
        paired(runs)
    return 0


@dataclass(frozen=True, order=True)
class Run:
    """One timed run: photos per second, and the cores other programs used meanwhile."""

    rate: float
    others: float | None  # None where the run's own CPU time cannot be counted

    def __str__(self) -> str:
        others = "?" if self.others is None else f"{self.others:.2f}"
        return f"{self.rate:.1f} photos/s, other programs {others} cores"


def measured(runner: Runner, workers: int, *, exact: bool) -> Run:
    """``runner``'s rate, with what the rest of the machine took from /proc/stat meanwhile:
    busy CPU time (steal included), less this process's and its waited children's."""
    busy, ours, started = _busy_seconds(), _our_seconds(), time.perf_counter()
    rate = runner(workers)
    wall = time.perf_counter() - started
    others = (_busy_seconds() - busy - (_our_seconds() - ours)) / wall
    # Process workers are the forkserver's children, not ours: their time is not counted.
    return Run(rate, max(0.0, others) if exact else None)


def _busy_seconds() -> float:
    # The first line's fields: user nice system idle iowait irq softirq steal ...
    fields = [int(field) for field in Path("/proc/stat").read_text().split(maxsplit=9)[1:9]]
    busy = sum(fields) - fields[3] - fields[4]  # all but idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def _our_seconds() -> float:
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def warm(files: list[Path]) -> None:
    for path in files:
        path.read_bytes()


def runners(folder: Path, files: list[Path]) -> dict[str, Runner]:
    found: dict[str, Runner] = {
        THREADS: lambda n: importer(folder, n, "thread"),
        PROCESSES: lambda n: importer(folder, n, "process"),
        DECODE: lambda n: bare_decode(files, n),
    }
    if shutil.which("vipsthumbnail"):
        found[VIPS] = lambda n: vipsthumbnail(files, n)
    return found


def importer(folder: Path, workers: int, kind: str) -> float:
    """One import in a fresh process, as the command line would run it (the whole folder)."""
    command = [sys.executable, __file__, "--child", kind, str(workers), str(folder)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    imported, seconds = done.stdout.split()[-2:]
    return int(imported) / float(seconds)


def child(kind: str, workers: int, folder: Path) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        catalogue = open_catalogue(Path(scratch) / "catalogue.sqlite")
        started = time.perf_counter()
        summary = import_folders(catalogue, [folder], workers=workers, worker_kind=kind)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
        catalogue.close()
    assert summary.counts.failed == 0 and summary.counts.imported > 0, summary
    print(summary.counts.imported, seconds)
    return 0


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
    return len(files) / (time.perf_counter() - started)


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
    return len(files) / seconds


def report(runs: dict[str, dict[int, Run]], which: str) -> None:
    workers = sorted({n for row in runs.values() for n in row})
    print(f"photos per second, {which} (cores taken by other programs during that run)")
    print(f"{'':<28}" + "".join(f"{f'{n} worker(s)':>20}" for n in workers))
    for name, row in runs.items():
        cells = [
            f"{row[n].rate:.1f} ({'?' if row[n].others is None else f'{row[n].others:.2f}'})"
            for n in workers
        ]
        print(f"{name:<28}" + "".join(f"{cell:>20}" for cell in cells))
    rows = {name: {n: run.rate for n, run in row.items()} for name, row in runs.items()}
    vips, decode = rows.get(VIPS, {}), rows[DECODE]
    for kind, name in (("thread", THREADS), ("process", PROCESSES)):
        ours = rows[name]
        for n in workers:
            against = [f"bare decode {ours[n] / decode[n]:.2f}x"]
            if n in vips:
                against.insert(0, f"vipsthumbnail {ours[n] / vips[n]:.2f}x")
            print(f"importer ({kind}) at {n} worker(s) / " + ", ".join(against))
        if 1 in ours and 2 in ours:
            print(f"importer ({kind}) 2 workers / 1 worker: {ours[2] / ours[1]:.2f}x")
    for name, rates in ((VIPS, vips), (DECODE, decode)):
        if 1 in rates and 2 in rates:
            print(f"{name} 2 workers / 1 worker: {rates[2] / rates[1]:.2f}x")
    print()


def paired(runs: dict[str, dict[int, list[Run]]]) -> None:
    """Ratios of runs made in the same round, so moments apart: median (range)."""
    print("ratios within each round, median (range)")

    def show(label: str, ratios: list[float]) -> None:
        if ratios:
            spread = f"{min(ratios):.2f}-{max(ratios):.2f}"
            print(f"  {label}: {statistics.median(ratios):.2f}x ({spread})")

    for name in (THREADS, PROCESSES):
        for n in sorted(runs[name]):
            for other in (VIPS, DECODE):
                if n in runs.get(other, {}):
                    pairs = zip(runs[name][n], runs[other][n], strict=True)
                    show(f"{name} / {other}, {n} worker(s)", [a.rate / b.rate for a, b in pairs])
    for name, row in runs.items():
        if 1 in row and 2 in row:
            pairs = zip(row[2], row[1], strict=True)
            show(f"{name}, 2 workers / 1", [a.rate / b.rate for a, b in pairs])


if __name__ == "__main__":
    sys.exit(main())
