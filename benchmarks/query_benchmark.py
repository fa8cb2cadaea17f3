"""How fast the query layer answers the browser at 100,000 photos: prints p50/p95/max in ms.

    .venv/bin/python benchmarks/query_benchmark.py [--photos 100000] [--filters 200]
        [--rebuild] [--pragma NAME=VALUE]

The synthetic catalogue is built once and kept under /tmp (``--rebuild`` makes it again).
Each filter is timed as the window asks it (ids, facet counts, timeline), then its count.
``--pragma mmap_size=268435456`` tries a connection setting on every connection.
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
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event, insert
from sqlalchemy.orm import Session

# The synthetic catalogue comes from the tests' factory, so both fill catalogues the same way.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import catalogue_factory as factory

from photoarchive.catalogue import query
from photoarchive.catalogue.database import Catalogue, open_catalogue
from photoarchive.catalogue.models import Photo
from photoarchive.catalogue.query import PhotoFilter
from photoarchive.catalogue.values import Restriction

TARGET_MS = 50.0
BATCH = 10_000
CACHE_VERSION = 4  # bump when the schema or the factory's rows change, so stale caches are rebuilt
TREE = (1, 20, 14)  # one country, 20 districts, 14 villages each: 301 places
SEED = 1


def main() -> None:
    args = parse_arguments()
    print("command:", shlex.join([sys.executable, *sys.argv]))
    print(f"machine: nproc {len(os.sched_getaffinity(0))}, load average", end=" ")
    print(" ".join(f"{load:.2f}" for load in os.getloadavg()), end=", ")
    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    path = cached_catalogue(args.photos, rebuild=args.rebuild)
    print(f"catalogue: {path} ({path.stat().st_size / 1e6:.0f} MB, {args.photos} photos)")
    with open_catalogue(path) as catalogue:
        for pragma in args.pragma:
            set_pragma(catalogue, pragma)
        wall, cpu = run(catalogue, args.filters)
    report(wall, cpu)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--filters", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true", help="build the catalogue again")
    parser.add_argument(
        "--pragma",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="also set this SQLite pragma on every connection (mmap_size=268435456)",
    )
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
    remove_database(partial)
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
    with open_catalogue(partial) as catalogue:
        catalogue.refresh_statistics()  # as an import does after it wrote
    partial.rename(path)
    print(f"built the catalogue in {time.perf_counter() - started:.0f} s")


def remove_database(path: Path) -> None:
    for stale in (path, *path.parent.glob(path.name + "-*")):
        stale.unlink(missing_ok=True)


def set_pragma(catalogue: Catalogue, pragma: str) -> None:
    """Run ``PRAGMA pragma`` on each new connection, after the catalogue's own settings."""
    name, _, value = pragma.partition("=")
    if not (name.isidentifier() and value.lstrip("-").isalnum()):
        raise SystemExit(f"not a pragma setting: {pragma!r}")

    def configure(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA {name}={value}")

    event.listen(catalogue.engine, "connect", configure)
    catalogue.engine.dispose()  # connections opened while upgrading predate the setting


# ---------------------------------------------------------------- the filters


Kind = tuple[str, PhotoFilter]


def filters(catalogue: Catalogue, n: int, seed: int = SEED) -> list[Kind]:
    """A mix of what users ask, in turn: everything, a place, place and years, a programme
    and years, a word, a word and a programme, a restriction; each with its kind's name."""
    rng = random.Random(seed)
    with catalogue.session() as session:
        terms = query.facet_counts(session, PhotoFilter())
    places, programmes = sorted(terms.places.by_id), sorted(terms.programmes.by_id)

    def some(values: list[int]) -> frozenset[int]:
        return frozenset({rng.choice(values)})

    makers: dict[str, Callable[[], PhotoFilter]] = {
        "everything": PhotoFilter,
        "place": lambda: PhotoFilter(places=some(places)),
        "place+years": lambda: PhotoFilter(places=some(places), years=years(rng)),
        "programme+years": lambda: PhotoFilter(programmes=some(programmes), years=years(rng)),
        "word": lambda: PhotoFilter(text=word(rng)),
        "word+programme": lambda: PhotoFilter(text=word(rng), programmes=some(programmes)),
        "restriction": lambda: PhotoFilter(restrictions=frozenset({rng.choice(list(Restriction))})),
    }
    kinds = list(makers.items())
    return [(kinds[i % len(kinds)][0], kinds[i % len(kinds)][1]()) for i in range(n)]


def years(rng: random.Random) -> tuple[int, int]:
    start = rng.randint(1992, 2024)
    return start, min(2024, start + rng.choice([0, 2, 5, 10]))


def word(rng: random.Random) -> str:
    # Whole words and prefixes, as a user types them: "mine", "Bərd", "schoo".
    chosen = rng.choice(factory.VOCABULARY)
    return chosen if rng.random() < 0.5 else chosen[: max(2, len(chosen) - 2)]


# ---------------------------------------------------------------- timing

# What the window's worker asks on each filter change (gui/browse_queries.py): the ids, then
# the facet counts and the timeline; "count" (the command line's stats) is timed apart, and
# "browser" is the sum of the first three.
STEPS = ("ids", "facets", "timeline", "count", "browser")
ASKED = STEPS[:4]


Timings = dict[str, dict[str, list[float]]]  # step -> filter kind -> milliseconds


def run(catalogue: Catalogue, n: int) -> tuple[Timings, Timings]:
    """Wall-clock and CPU milliseconds of each step for ``n`` filters."""
    wall: Timings = {step: {} for step in STEPS}
    cpu: Timings = {step: {} for step in STEPS}
    for _kind, photo_filter in filters(catalogue, 10, seed=SEED + 1):  # warm-up, not counted
        with catalogue.session() as session:
            time_filter(session, photo_filter)
    for kind, photo_filter in filters(catalogue, n):
        with catalogue.session() as session:
            walls, cpus = time_filter(session, photo_filter)
        for step, wall_ms, cpu_ms in zip(STEPS, walls, cpus, strict=True):
            wall[step].setdefault(kind, []).append(wall_ms)
            cpu[step].setdefault(kind, []).append(cpu_ms)
    return wall, cpu


def time_filter(session: Session, photo_filter: PhotoFilter) -> tuple[list[float], list[float]]:
    """Each query once, in the window's order; every call does its whole work again."""
    calls: list[Callable[[], object]] = [
        lambda: query.photo_ids(session, photo_filter),
        lambda: query.facet_counts(session, photo_filter),
        lambda: query.year_histogram(session, photo_filter),
        lambda: query.count(session, photo_filter),
    ]
    walls, cpus = [], []
    for call in calls:
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return [*walls, sum(walls[:3])], [*cpus, sum(cpus[:3])]


def report(wall: Timings, cpu: Timings) -> None:
    """The figures per query over all filters, then p50 and p95 per query and kind of filter.

    CPU time is this process's alone: on a busy machine it shows what the wall clock would
    say on an idle one, since the queries wait on nothing but the processor.
    """
    print(f"{'query':<10}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'p50 cpu':>10}{'p95 cpu':>10}")
    for step in STEPS:
        values, cpus = everything(wall[step]), everything(cpu[step])
        p50, p95 = statistics.median(values), percentile(values, 95)
        over = step in ASKED and p95 > TARGET_MS
        mark = f"  (over the {TARGET_MS:.0f} ms p95)" if over else ""
        cpu_cells = f"{statistics.median(cpus):10.1f}{percentile(cpus, 95):10.1f}"
        print(f"{step:<10}{p50:9.1f}{p95:9.1f}{max(values):9.1f}{cpu_cells}{mark}")
    for title, timings in (("wall clock", wall), ("cpu", cpu)):
        print(f"\np50 / p95 ms by kind of filter, {title}\n{'kind':<16}", end="")
        print("".join(f"{step:>12}" for step in STEPS))
        for kind in timings[STEPS[0]]:
            cells = [
                f"{statistics.median(timings[s][kind]):.0f} / "
                f"{percentile(timings[s][kind], 95):.0f}"
                for s in STEPS
            ]
            print(f"{kind:<16}" + "".join(f"{cell:>12}" for cell in cells))


def everything(by_kind: dict[str, list[float]]) -> list[float]:
    return [ms for values in by_kind.values() for ms in values]


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


if __name__ == "__main__":
    main()
