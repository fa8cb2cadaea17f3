"""``photoarchive stats``: photo counts per facet and the year histogram."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoarchive.catalogue.models import Photographer, Place, Programme
from photoarchive.catalogue.query import PhotoFilter, count, facet_counts, year_histogram
from photoarchive.cli.common import add_filter_options, filter_from_args, open_from_args, print_json


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "stats", help="counts per place, programme, photographer, restriction and year"
    )
    add_filter_options(parser)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_from_args(args) as catalogue, catalogue.session() as session:
        photo_filter = filter_from_args(session, args)
        report = summary(session, photo_filter)
    if args.json:
        print_json(report)
    else:
        print(text(report))
    return 0


def summary(session: Session, photo_filter: PhotoFilter) -> dict[str, Any]:
    """Counts for every facet and year, keyed by readable names."""
    facets = facet_counts(session, photo_filter)
    histogram = year_histogram(session, photo_filter)
    places = {
        pid: (name, lineage)
        for pid, name, lineage in session.execute(select(Place.id, Place.name, Place.lineage))
    }
    programmes = dict(session.execute(select(Programme.id, Programme.name)).all())
    people = {p.id: p.credit_line for p in session.scalars(select(Photographer))}

    def place_label(pid: int) -> str:
        name, lineage = places[pid]
        return "  " * (lineage.count("/") - 2) + name

    ordered_places = sorted(facets.places.by_id, key=lambda pid: _lineage_names(places, pid))
    return {
        "photos": count(session, photo_filter),
        "places": {place_label(pid): facets.places.by_id[pid] for pid in ordered_places},
        "programmes": _by_name(programmes, facets.programmes.by_id),
        "photographers": _by_name(people, facets.photographers.by_id),
        "restrictions": {str(level): n for level, n in facets.restrictions.items()},
        "years": {str(year): n for year, n in sorted(histogram.years.items())},
        "decade_only": {f"{decade}s": n for decade, n in sorted(histogram.decade_only.items())},
        "undated": histogram.undated,
    }


def _by_name(names: dict[int, str], counts: dict[int, int]) -> dict[str, int]:
    return {names[pid]: counts[pid] for pid in sorted(counts, key=lambda pid: names[pid])}


def _lineage_names(places: dict[int, tuple[str, str]], pid: int) -> list[str]:
    return [places[int(i)][0] for i in places[pid][1].strip("/").split("/") if i]


def text(report: dict[str, Any]) -> str:
    lines = [f"{report['photos']} photos"]
    for title in ("places", "programmes", "photographers", "restrictions", "years", "decade_only"):
        if report[title]:
            lines.append(f"\n{title.replace('_', ' ').capitalize()}:")
            width = max(len(label) for label in report[title])
            lines += [f"  {label:<{width}}  {n:>6}" for label, n in report[title].items()]
    lines.append(f"\nUndated: {report['undated']}")
    return "\n".join(lines)
