"""Reading one file in a worker: its content hash and, for a photo not yet known, what it shows."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from photoarchive.importer.errors import ImportFailure
from photoarchive.importer.examine import Examined, examine

# Larger files are not photos an archive imports; reading them whole would only waste memory.
MAX_FILE_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Identified:
    """A file read in a worker: its hash, and ``examined`` unless the photo was already known."""

    content_hash: str
    byte_size: int
    examined: Examined | None


def identify(path: Path, known_hashes: frozenset[str] | set[str]) -> Identified:
    """Hash ``path`` and, unless its content is already catalogued, read metadata and thumbnail.

    The file is opened once, read-only; every failure is an :class:`ImportFailure`.
    """
    data = read_original(path)
    content_hash = hashlib.sha256(data).hexdigest()
    if content_hash in known_hashes:
        return Identified(content_hash, len(data), None)
    return Identified(content_hash, len(data), examine(data))


def read_original(path: Path) -> bytes:
    """The bytes of an original, read-only, as one version of the file.

    A file written to while it is read (a copy still arriving, a program saving) would give
    bytes of no version at all: that is an import error, and the next import reads it again.
    """
    try:
        with path.open("rb") as handle:
            before = os.fstat(handle.fileno())
            if before.st_size > MAX_FILE_BYTES:
                raise ImportFailure("file too large (over 512 MB)")
            # As many bytes as the file has, and one more to notice a file still growing:
            # asking for 512 MB would have Python set aside that much for every file.
            data = handle.read(before.st_size + 1)
            after = os.fstat(handle.fileno())
    except PermissionError:
        raise ImportFailure("permission denied") from None
    except FileNotFoundError:
        raise ImportFailure("file not found (moved or deleted during import)") from None
    except IsADirectoryError:
        raise ImportFailure("not a file") from None
    except OSError as error:
        raise ImportFailure(f"cannot read the file: {error.strerror or error}") from None
    if _version(before) != _version(after) or len(data) != after.st_size:
        raise ImportFailure("the file changed while it was being read; import it again later")
    if not data:
        raise ImportFailure("empty file (0 bytes)")
    return data


def _version(info: os.stat_result) -> tuple[int, int, int]:
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns


def display_path(path: Path | str) -> str:
    """A path as text that can always be stored and printed, even with a non-UTF-8 name."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
