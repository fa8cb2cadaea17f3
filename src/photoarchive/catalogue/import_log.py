"""What the last import run could not import: the read behind `photoarchive errors` and the
window's Import Errors dialog."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from photoarchive.catalogue.models import ImportErrorRecord, ImportRun


@dataclass(frozen=True, slots=True)
class ImportErrors:
    """The last import run's errors: (file, reason) pairs; ``run_id`` None when none ran."""

    run_id: int | None
    errors: tuple[tuple[str, str], ...]


def last_import_errors(session: Session) -> ImportErrors:
    run_id = session.scalar(select(ImportRun.id).order_by(ImportRun.id.desc()).limit(1))
    rows = session.execute(
        select(ImportErrorRecord.path, ImportErrorRecord.reason)
        .where(ImportErrorRecord.run_id == run_id)
        .order_by(ImportErrorRecord.id)
    )
    return ImportErrors(run_id, tuple((path, reason) for path, reason in rows))
