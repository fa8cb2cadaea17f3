"""The export report: what was exported, every photo left out and why, and what is flagged."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from photoarchive import __version__
from photoarchive.export.content import ExportPlan, LeftOut, describe
from photoarchive.export.options import ExportFormat, ExportOptions
from photoarchive.export.safety import GENERATOR, REPORT_FILE, inside

REPORT_TEXT = "report.txt"


@dataclass(frozen=True, slots=True)
class GalleryReport:
    title: str
    page: str  # the gallery's page (and, with .pdf, its booklet) in the export
    photos: int
    sections: int


@dataclass(frozen=True, slots=True)
class Flagged:
    """An exported photo that someone must check before publishing it."""

    gallery: str
    photo_id: int
    label: str
    flag: str


@dataclass(frozen=True, slots=True)
class ExportReport:
    destination: Path
    galleries: tuple[GalleryReport, ...]
    formats: tuple[str, ...]
    left_out: tuple[LeftOut, ...]
    flagged: tuple[Flagged, ...]
    gps_kept: bool
    cancelled: bool = False
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0

    @property
    def photos(self) -> int:
        return sum(gallery.photos for gallery in self.galleries)

    def text(self, *, public: bool = False) -> str:
        """The report as the command line prints it; ``public`` is the copy in the export,
        which names a left-out photo by its number only, never by its place or credit."""
        if self.cancelled:
            return f"Export cancelled; {self.destination} was left as it was."
        lines = [self._headline(public)]
        lines += [
            f"  {g.title}: {g.photos} photos, {g.sections} sections ({g.page})"
            for g in self.galleries
        ]
        if self.left_out:
            lines.append(f"Left out {_photos(len(self.left_out))}:")
            lines += [f'  {_name(o, public)} in "{o.gallery}": {o.reason}' for o in self.left_out]
        else:
            lines.append("No photo was left out.")
        if self.flagged:
            lines.append("Flagged in the manifest (exported; check before publishing):")
            lines += [f'  {f.label} in "{f.gallery}": {f.flag}' for f in self.flagged]
        if self.gps_kept:
            lines.append("The images keep their GPS locations (--keep-gps).")
        return "\n".join(lines)

    def _headline(self, public: bool) -> str:
        count = len(self.galleries)
        what = f"{count} galler{'y' if count == 1 else 'ies'} ({_photos(self.photos)})"
        where = "" if public else f" to {self.destination}"
        line = f"Exported {what}{where}: {', '.join(self.formats)}"
        if self.files:
            line += f"; {self.files} files, {self.bytes / 1e6:.1f} MB in {self.seconds:.1f} s"
        return line + "."

    def to_json(self, *, public: bool = False) -> dict[str, Any]:
        """The report as JSON; ``public`` leaves out the local folder and what describes a
        left-out photo beyond its number."""
        left_out = [vars_of(o) for o in self.left_out]
        if public:
            left_out = [{k: v for k, v in o.items() if k != "label"} for o in left_out]
        document = {
            "generator": GENERATOR,
            "version": __version__,
            "destination": str(self.destination),
            "formats": list(self.formats),
            "cancelled": self.cancelled,
            "galleries": [vars_of(g) for g in self.galleries],
            "photos": self.photos,
            "left_out": left_out,
            "flagged": [vars_of(f) for f in self.flagged],
            "gps_kept": self.gps_kept,
        }
        return {k: v for k, v in document.items() if not (public and k == "destination")}


def _name(left_out: LeftOut, public: bool) -> str:
    return f"photo {left_out.photo_id}" if public else left_out.label


def vars_of(value: GalleryReport | LeftOut | Flagged) -> dict[str, Any]:
    return {name: getattr(value, name) for name in value.__slots__}


def _photos(count: int) -> str:
    return f"{count} photo{'' if count == 1 else 's'}"


def plan_report(destination: Path, plan: ExportPlan, options: ExportOptions) -> ExportReport:
    galleries = tuple(
        GalleryReport(g.title.text, f"{g.slug}.html", len(g.photos), g.sections)
        for g in plan.galleries
    )
    flagged = tuple(
        Flagged(g.title.text, p.record.id, describe(p.record), flag)
        for g in plan.galleries
        for p in g.photos
        for flag in p.flags
    )
    made = options.built | (options.formats & {ExportFormat.ZIP})
    formats = tuple(f.value for f in ExportFormat if f in made)
    return ExportReport(destination, galleries, formats, plan.left_out, flagged, options.keep_gps)


def write_report(folder: Path, report: ExportReport) -> list[str]:
    """report.txt and report.json in the export, which may be published: the public form.
    The JSON also marks the folder as an export, so that --force may replace it."""
    inside(folder, REPORT_TEXT).write_text(report.text(public=True) + "\n", encoding="utf-8")
    text = json.dumps(report.to_json(public=True), ensure_ascii=False, indent=2)
    inside(folder, REPORT_FILE).write_text(text + "\n", encoding="utf-8")
    return [REPORT_TEXT, REPORT_FILE]
