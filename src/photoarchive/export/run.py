"""An export run: chosen galleries to a web site, images, PDF booklets, manifest and zip.

Everything is built in a staging folder beside the destination and moved into place at the
end, so a failed or cancelled export leaves the destination as it was. Progress and cancel go
through a plain callback and flag, like the importer's, for the command line and the window.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.galleries import find_gallery
from photoarchive.catalogue.models import LibraryRoot
from photoarchive.catalogue.values import DatePrecision
from photoarchive.errors import PhotoArchiveError
from photoarchive.export import archive, images, manifest, report, site
from photoarchive.export.content import ExportPhoto, ExportPlan, plan_export
from photoarchive.export.options import (
    SMALL_SIZE,
    CancelFlag,
    ExportCancelled,
    ExportFormat,
    ExportOptions,
    ExportProgress,
    Phase,
    ProgressCallback,
)
from photoarchive.export.report import ExportReport
from photoarchive.export.safety import REPORT_FILE, Staging, check_destination, inside, safe_name

PROGRESS_INTERVAL = 0.1  # about ten updates a second


def export_galleries(
    catalogue: Catalogue,
    galleries: Sequence[str | int],
    destination: Path | str,
    options: ExportOptions | None = None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelFlag | None = None,
) -> ExportReport:
    """Export the galleries (titles or ids) into the folder ``destination``.

    Mistakes a user can make (an unknown title, a folder that is not empty or not writable)
    raise PhotoArchiveError before anything is written. Restricted photos are left out unless
    asked for, photos whose original is missing are left out; the report names each.
    A cancelled run returns a report with ``cancelled`` set and changes nothing on disk.
    """
    options = options or ExportOptions()
    started = time.monotonic()
    with catalogue.session() as session:
        ids = [find_gallery(session, gallery) for gallery in galleries]
        if not ids:
            raise PhotoArchiveError("Choose at least one gallery to export.")
        plan = plan_export(session, ids, options)
        protected = [Path(p) for p in session.scalars(select(LibraryRoot.path))]
    if catalogue.sqlite_path is not None:
        protected.append(catalogue.sqlite_path)
    folder = check_destination(Path(destination), force=options.force, protected=protected)
    run = _Run(folder, options, progress, cancel)
    try:
        return run.execute(plan, started)
    except ExportCancelled:
        return replace(report.plan_report(folder, plan, options), cancelled=True)


class _Run:
    def __init__(
        self,
        folder: Path,
        options: ExportOptions,
        progress: ProgressCallback | None,
        cancel: CancelFlag | None,
    ) -> None:
        self.folder, self.options = folder, options
        self.progress, self.cancel = progress, cancel
        self.last_report = 0.0

    def execute(self, plan: ExportPlan, started: float) -> ExportReport:
        self._emit("preparing", 0, 1, str(self.folder), force=True)
        with Staging(self.folder, force=self.options.force) as staging:
            try:
                plan, files = self._build(staging.path, plan)
            except OSError as error:
                raise PhotoArchiveError(f"Cannot write the export: {error}") from error
            self._check()
            self._emit("finishing", 0, 1, str(self.folder), force=True)
            size = sum(inside(staging.path, name).stat().st_size for name in files)
            staging.commit()
        done = report.plan_report(self.folder, plan, self.options)
        return replace(done, files=len(files), bytes=size, seconds=time.monotonic() - started)

    def _build(self, folder: Path, plan: ExportPlan) -> tuple[ExportPlan, list[str]]:
        built, files = self.options.built, []
        if self.options.needs_images:
            plan = self._images(folder, plan)
        if ExportFormat.SITE in built:
            self._emit("site", 0, 1, "index.html", force=True)
            files += site.write_site(folder, plan.galleries, today=date.today())
        if ExportFormat.PDF in built:
            files += self._booklets(folder, plan)
        if self.options.keeps_images:
            files += [name for p in plan.photos() for name in (p.image, p.small) if name]
        else:
            shutil.rmtree(folder / "images", ignore_errors=True)
        files += report.write_report(folder, report.plan_report(self.folder, plan, self.options))
        if ExportFormat.MANIFEST in built:
            self._emit("manifest", 0, 1, manifest.MANIFEST_JSON, force=True)
            files += manifest.write_manifest(folder, plan, files, self.options)
        if ExportFormat.ZIP in self.options.formats:
            files = self._zip(folder, files)
        return plan, files

    def _images(self, folder: Path, plan: ExportPlan) -> ExportPlan:
        jobs = [self._job(folder, photo) for photo in plan.photos()]
        for job in jobs:
            for target in (job.target, job.small_target):
                if target:
                    Path(target).parent.mkdir(parents=True, exist_ok=True)
        failed: dict[str, str] = {}
        sizes: dict[str, tuple[int, int, int, int]] = {}
        self._emit("images", 0, len(jobs), "", force=True)
        results = images.make_images(
            jobs, workers=self.options.workers, cancel=self._flag(), kind=self.options.worker_kind
        )
        for done, result in enumerate(results, start=1):
            if result.size is None:
                failed[result.key] = result.error or "unreadable"
            else:
                sizes[result.key] = result.size
            self._emit("images", done, len(jobs), result.key)
        self._check()
        return plan.without(failed).with_sizes(sizes)

    def _job(self, folder: Path, photo: ExportPhoto) -> images.ImageJob:
        record = photo.record
        exact = record.date_precision in (DatePrecision.EXACT, DatePrecision.DAY)
        return images.ImageJob(
            key=photo.image,
            sources=record.paths,
            target=str(inside(folder, photo.image)),
            small_target=str(inside(folder, photo.small)) if photo.small else None,
            max_size=self.options.max_size,
            small_size=SMALL_SIZE,
            quality=self.options.quality,
            metadata=images.ImageMetadata(
                caption=photo.caption.text if photo.caption else None,
                language=photo.caption.language if photo.caption else "x-default",
                creator=record.credit_line,
                credit=photo.credit or None,
                copyright=record.copyright,
                taken=record.date_taken if exact else None,
                gps=_location(photo) if self.options.keep_gps else None,
            ),
        )

    def _booklets(self, folder: Path, plan: ExportPlan) -> list[str]:
        # Qt loads only when a booklet is asked for: every other command starts faster.
        from photoarchive.export import pdf  # noqa: PLC0415

        written, made_on = [], site.day_text(date.today())
        total = sum(len(gallery.photos) for gallery in plan.galleries)
        drawn = 0
        for gallery in plan.galleries:
            name = f"{gallery.slug}.pdf"

            def before_photo(done: int, name: str = name, start: int = drawn) -> None:
                self._emit("pdf", start + done, total, name)
                self._check()

            before_photo(0)
            pdf.write_booklet(
                inside(folder, name), gallery, folder, made_on=made_on, before_photo=before_photo
            )
            drawn += len(gallery.photos)
            written.append(name)
        self._emit("pdf", total, total, "")
        self._check()
        return written

    def _zip(self, folder: Path, files: list[str]) -> list[str]:
        self._check()
        stem = safe_name(self.folder.name, fallback="export")
        self._emit("zip", 0, 1, f"{stem}.zip", force=True)
        name = archive.write_zip(folder, f"{stem}.zip", stem)
        if not self.options.zip_only:
            return [*files, name]
        # A zip alone: the folder keeps the zip and the report, nothing else.
        kept = {name, report.REPORT_TEXT, REPORT_FILE}
        for path in sorted(folder.iterdir()):
            if path.name not in kept:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        return sorted(kept)

    def _flag(self) -> CancelFlag:
        return self.cancel if self.cancel is not None else _NEVER

    def _check(self) -> None:
        if self.cancel is not None and self.cancel.cancelled:
            raise ExportCancelled

    def _emit(
        self, phase: Phase, done: int, total: int, current: str, *, force: bool = False
    ) -> None:
        now = time.monotonic()
        force = force or done in (0, total)  # the start and end of a phase are never dropped
        if self.progress is None or (not force and now - self.last_report < PROGRESS_INTERVAL):
            return
        self.last_report = now
        self.progress(ExportProgress(phase, done, total, current))


def _location(photo: ExportPhoto) -> tuple[float, float] | None:
    latitude, longitude = photo.record.latitude, photo.record.longitude
    return None if latitude is None or longitude is None else (latitude, longitude)


class _Never:
    cancelled = False


_NEVER = _Never()
