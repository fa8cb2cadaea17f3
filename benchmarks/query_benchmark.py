"""How fast the query layer answers the browser at 100,000 photos: prints p50/p95/max in ms.

    .venv/bin/python benchmarks/query_benchmark.py [--photos 100000] [--filters 200]

The synthetic catalogue is built once and kept under /tmp (``--rebuild`` makes it again).
Each filter is timed as the browser would ask it: count and ids, facet counts, timeline.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shlex
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

# The synthetic catalogue comes from the tests' factory, so both fill catalogues the same way.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert
from sqlalchemy.orm import Session
from tests import catalogue_factory as factory

from photoarchive.catalogue import query
from photoarchive.catalogue.database import Catalogue, open_catalogue
from photoarchive.catalogue.models import Photo
from photoarchive.catalogue.query import PhotoFilter
from photoarchive.catalogue.values import Restriction

TARGET_MS = 50.0
BATCH = 10_000
CACHE_VERSION = 1  # bump when the factory's rows change, so stale caches are rebuilt
TREE = (1, 20, 14)  # one country, 20 districts, 14 villages each: 301 places
SEED = 1


def main() -> None:
    args = parse_arguments()
    print("command:", shlex.join([sys.executable, *sys.argv]))
    print(f"machine: {os.cpu_count()} cpus (nproc {len(os.sched_getaffinity(0))}),", end=" ")
    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    path = cached_catalogue(args.photos, rebuild=args.rebuild)
    print(f"catalogue: {path} ({path.stat().st_size / 1e6:.0f} MB, {args.photos} photos)")
    with open_catalogue(path) as catalogue:
        timings = run(catalogue, args.filters)
    report(timings)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--filters", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true", help="build the catalogue again")
    return parser.parse_args()


# ---------------------------------------------------------------- the catalogue


def cached_catalogue(photos: int, *, rebuild: bool) -> Path:
    path = Path(f"/tmp/photoarchive-query-benchmark-v{CACHE_VERSION}-{photos}.sqlite")
    if rebuild or not path.exists():
        build(path, photos)
    return path


def build(path: Path, photos: int) -> None:
    """Fill a new catalogue beside ``path``, then move it into place (no half-built cache)."""
    partial = path.with_suffix(".building")
    for stale in (partial, *partial.parent.glob(partial.name + "-*")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    with open_catalogue(partial) as catalogue, catalogue.transaction() as session:
        rng = random.Random(SEED)
        places = list(factory.add_place_tree(session, *TREE))
        programmes = list(factory.add_programmes(session, 8))
        photographers = factory.add_photographers(session, rng, 40)
        root = factory.add_root(session, "/archive")
        for first in range(1, photos + 1, BATCH):
            rows = factory.photo_rows(
                rng,
                min(BATCH, photos + 1 - first),
                places,
                programmes,
                photographers,
                first_id=first,
                years=(1992, 2024),
                caption_words=(10, 25),
            )
            session.execute(insert(Photo), rows)
            factory.add_locations(session, rng, root, [row["id"] for row in rows])
    partial.rename(path)
    print(f"built the catalogue in {time.perf_counter() - started:.0f} s")


# ---------------------------------------------------------------- the filters


def filters(catalogue: Catalogue, n: int) -> Iterator[PhotoFilter]:
    """A mix of what users ask: everything, a place, place and years, a programme and years,
    a word, a word and a programme, a restriction."""
    rng = random.Random(SEED)
    with catalogue.session() as session:
        terms = query.facet_counts(session, PhotoFilter())
    places, programmes = sorted(terms.places.by_id), sorted(terms.programmes.by_id)
    makers: list[Callable[[], PhotoFilter]] = [
        PhotoFilter,
        lambda: PhotoFilter(places=frozenset({rng.choice(places)})),
        lambda: PhotoFilter(places=frozenset({rng.choice(places)}), years=years(rng)),
        lambda: PhotoFilter(programmes=frozenset({rng.choice(programmes)}), years=years(rng)),
        lambda: PhotoFilter(text=word(rng)),
        lambda: PhotoFilter(text=word(rng), programmes=frozenset({rng.choice(programmes)})),
        lambda: PhotoFilter(restrictions=frozenset({rng.choice(list(Restriction))})),
    ]
    for i in range(n):
        yield makers[i % len(makers)]()


def years(rng: random.Random) -> tuple[int, int]:
    start = rng.randint(1992, 2024)
    return start, min(2024, start + rng.choice([0, 2, 5, 10]))


def word(rng: random.Random) -> str:
    # Whole words and prefixes, as a user types them: "mine", "Bərd", "schoo".
    chosen = rng.choice(factory.VOCABULARY)
    return chosen if rng.random() < 0.5 else chosen[: max(2, len(chosen) - 2)]


# ---------------------------------------------------------------- timing

STEPS = ("count+ids", "facet_counts", "year_histogram", "total")


def run(catalogue: Catalogue, n: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {step: [] for step in STEPS}
    warm_up = list(filters(catalogue, 10))
    for index, photo_filter in enumerate([*warm_up, *filters(catalogue, n)]):
        with catalogue.session() as session:
            times = time_filter(session, photo_filter)
        if index >= len(warm_up):
            for step, ms in zip(STEPS, times, strict=True):
                timings[step].append(ms)
    return timings


def time_filter(session: Session, photo_filter: PhotoFilter) -> list[float]:
    started = time.perf_counter()
    query.count(session, photo_filter)
    query.photo_ids(session, photo_filter)
    counted = time.perf_counter()
    query.facet_counts(session, photo_filter)
    faceted = time.perf_counter()
    query.year_histogram(session, photo_filter)
    ended = time.perf_counter()
    steps = [counted - started, faceted - counted, ended - faceted, ended - started]
    return [seconds * 1000 for seconds in steps]


def report(timings: dict[str, list[float]]) -> None:
    print(f"{'query':<16}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    for step, values in timings.items():
        p50, p95 = statistics.median(values), percentile(values, 95)
        mark = "" if step == "total" or p95 <= TARGET_MS else f"  (over the {TARGET_MS:.0f} ms p95)"
        print(f"{step:<16}{p50:9.1f}{p95:9.1f}{max(values):9.1f}{mark}")


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


if __name__ == "__main__":
    main()
