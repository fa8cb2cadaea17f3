"""How long tagging many photos takes, and where the time goes: values, words, commit.

    .venv/bin/python benchmarks/tagging_benchmark.py [--photos 100000] [--rounds 2]

Each round copies the window benchmark's synthetic catalogue (built once under /tmp by
gui_benchmark.py's code), applies a caption to every photo and undoes it, each in its own
transaction, and prints the seconds. The progress callback the inspector's bar uses records
when the values were written and the words began, which splits the time of the apply.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import select

from gui_benchmark import cached_catalogue
from photoarchive.catalogue.database import open_catalogue
from photoarchive.catalogue.models import Photo
from photoarchive.catalogue.tagging import (
    VALUES_SHARE,
    TagChange,
    apply_tags,
    undo_tags,
)

CAPTION = "Barda. Displaced families receive blankets before winter."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print("command:", shlex.join([sys.executable, *sys.argv]))
    print(f"machine: {len(os.sched_getaffinity(0))} cpus, load {os.getloadavg()[0]:.1f}")
    source = cached_catalogue(args.photos, rebuild=False)
    for number in range(1, args.rounds + 1):
        copy = Path(f"/tmp/photoarchive-tagging-benchmark-{os.getpid()}.sqlite")
        shutil.copyfile(source, copy)
        try:
            print(f"round {number}: " + one_round(copy))
        finally:
            for leftover in copy.parent.glob(copy.name + "*"):
                leftover.unlink()


def one_round(path: Path) -> str:
    with open_catalogue(path) as catalogue:
        with catalogue.session() as session:
            ids = list(session.scalars(select(Photo.id)))
        started = time.perf_counter()
        values_done = [0.0]

        def progress(share: float) -> None:
            if share <= VALUES_SHARE:
                values_done[0] = time.perf_counter() - started

        with catalogue.transaction() as session:
            undo = apply_tags(session, ids, TagChange(caption=CAPTION), progress)
            written = time.perf_counter() - started
        applied = time.perf_counter() - started
        started = time.perf_counter()
        with catalogue.transaction() as session:
            undo_tags(session, undo)
        undone = time.perf_counter() - started
    return (
        f"{len(ids):,} captions applied in {applied:.1f} s (values {values_done[0]:.1f} s, "
        f"words {written - values_done[0]:.1f} s, commit {applied - written:.1f} s), "
        f"undone in {undone:.1f} s"
    )


if __name__ == "__main__":
    main()
