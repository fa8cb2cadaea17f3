"""The zip of a whole export, with every file under one folder named like the export."""

from __future__ import annotations

import zipfile
from pathlib import Path

from photoarchive.export.safety import inside

# Already compressed: deflating them again costs time and saves nothing.
_STORED = frozenset({".jpg", ".jpeg", ".png", ".pdf", ".zip"})


def write_zip(folder: Path, name: str, prefix: str) -> str:
    """Zip every file in ``folder`` (but the zip itself) into ``folder/name`` under ``prefix/``."""
    target = inside(folder, name)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p != target)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            relative = path.relative_to(folder).as_posix()
            method = zipfile.ZIP_STORED if path.suffix.lower() in _STORED else zipfile.ZIP_DEFLATED
            archive.write(path, f"{prefix}/{relative}", compress_type=method)
    return name
