"""The export manifest: every exported file with its photo's metadata, as JSON and as CSV."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from photoarchive import __version__
from photoarchive.export.content import ExportPhoto, ExportPlan, date_text
from photoarchive.export.options import ExportOptions
from photoarchive.export.safety import GENERATOR, inside

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
COLUMNS = (
    "path",
    "kind",
    "bytes",
    "sha256",
    "width",
    "height",
    "gallery",
    "photo_id",
    "content_hash",
    "caption",
    "caption_language",
    "credit_line",
    "photographer",
    "copyright",
    "place_path",
    "date",
    "date_precision",
    "date_circa",
    "programme",
    "restriction",
    "flags",
    "gps_kept",
)
_KINDS = {".html": "page", ".css": "style", ".pdf": "booklet", ".txt": "report", ".json": "report"}


def write_manifest(
    folder: Path, plan: ExportPlan, files: Iterable[str], options: ExportOptions
) -> list[str]:
    """Describe ``files`` (paths in ``folder``) in manifest.json and manifest.csv."""
    photos = _photos_by_file(plan)
    rows = [_row(folder, name, photos.get(name), options) for name in sorted(files)]
    document = {
        "generator": GENERATOR,
        "version": __version__,
        "exported_at": datetime.now().isoformat(timespec="seconds"),
        "galleries": [g.title.text for g in plan.galleries],
        "gps_kept": options.keep_gps,
        "files": rows,
    }
    text = json.dumps(document, ensure_ascii=False, indent=2)
    inside(folder, MANIFEST_JSON).write_text(text + "\n", encoding="utf-8")
    inside(folder, MANIFEST_CSV).write_text(_csv(rows), encoding="utf-8", newline="")
    return [MANIFEST_JSON, MANIFEST_CSV]


def _photos_by_file(plan: ExportPlan) -> dict[str, tuple[ExportPhoto, str]]:
    found: dict[str, tuple[ExportPhoto, str]] = {}
    for photo in plan.photos():
        found[photo.image] = (photo, "image")
        if photo.small:
            found[photo.small] = (photo, "small image")
    return found


def _row(
    folder: Path, name: str, photo: tuple[ExportPhoto, str] | None, options: ExportOptions
) -> dict[str, Any]:
    path = inside(folder, name)
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row |= {"path": name, "bytes": path.stat().st_size, "sha256": _sha256(path), "flags": []}
    if photo is None:
        return row | {"kind": _KINDS.get(path.suffix, "file")}
    exported, kind = photo
    return row | {"kind": kind} | photo_fields(exported, kind, options)


def photo_fields(photo: ExportPhoto, kind: str, options: ExportOptions) -> dict[str, Any]:
    record = photo.record
    small = kind == "small image"
    has_location = record.latitude is not None and record.longitude is not None
    return {
        "width": photo.small_width if small else photo.width,
        "height": photo.small_height if small else photo.height,
        "gallery": photo.gallery,
        "photo_id": record.id,
        "content_hash": record.content_hash,
        "caption": photo.caption.text if photo.caption else None,
        "caption_language": photo.caption.language if photo.caption else None,
        "credit_line": photo.credit,
        "photographer": record.credit_line,
        "copyright": record.copyright,
        "place_path": list(record.place_path),
        "date": date_text(record),
        "date_precision": record.date_precision.value,
        "date_circa": record.date_circa,
        "programme": record.programme,
        "restriction": record.restriction.value,
        "flags": list(photo.flags),
        "gps_kept": options.keep_gps and has_location,
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        cells = row | {
            "place_path": " > ".join(row["place_path"] or []),
            "flags": ";".join(row["flags"] or []),
        }
        writer.writerow({key: _cell(value) for key, value in cells.items()})
    return out.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # a spreadsheet would run it as a formula
    return "" if value is None else value


def read_manifest(folder: Path) -> Mapping[str, Any]:
    """The manifest.json of an export, for tests and for tools built on exports."""
    loaded: Mapping[str, Any] = json.loads((folder / MANIFEST_JSON).read_text(encoding="utf-8"))
    return loaded
