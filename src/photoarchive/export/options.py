"""What an export is asked to do, how it reports progress, and how it is told to stop."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, Protocol

from photoarchive.errors import PhotoArchiveError

SMALL_SIZE = 800  # the site's second image width, for phones and the index page's thumbnails


class ExportFormat(enum.StrEnum):
    SITE = "site"
    IMAGES = "images"
    PDF = "pdf"
    MANIFEST = "manifest"
    ZIP = "zip"


DEFAULT_FORMATS = frozenset(
    {ExportFormat.SITE, ExportFormat.IMAGES, ExportFormat.PDF, ExportFormat.MANIFEST}
)


def parse_formats(text: str | Iterable[str]) -> frozenset[ExportFormat]:
    """ "site,images,zip" (or a list of names) as formats; an unknown name is the user's error."""
    names = text.split(",") if isinstance(text, str) else list(text)
    formats: set[ExportFormat] = set()
    for name in (n.strip().lower() for n in names):
        if not name:
            continue
        try:
            formats.add(ExportFormat(name))
        except ValueError:
            known = ", ".join(f.value for f in ExportFormat)
            message = f'"{name}" is not an export format; choose from {known}.'
            raise PhotoArchiveError(message) from None
    return frozenset(formats) or DEFAULT_FORMATS


WorkerKind = Literal["thread", "process"]


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Everything but the zip by default. The site and the PDF need the images, so they are
    made for them and kept only when ``images`` is asked for or the site shows them."""

    formats: frozenset[ExportFormat] = DEFAULT_FORMATS
    language: str | None = None  # None: each gallery in its own default language
    max_size: int = 2048  # longest side of exported images at most (3 % less: pixels.py)
    quality: int = 85
    include_restricted: bool = False
    keep_gps: bool = False
    force: bool = False  # replace an earlier export in the destination
    workers: int = 2  # threads (or processes) that make the images; 1 works inline
    # Processes keep a decoder crash on a hostile original from taking the window down with
    # it; every original has been through the same decoders once already, in the import.
    worker_kind: WorkerKind = "thread"

    def __post_init__(self) -> None:
        if not 64 <= self.max_size <= 20_000:
            raise PhotoArchiveError("The image size must lie between 64 and 20000 pixels.")
        if not 1 <= self.quality <= 95:
            raise PhotoArchiveError("The JPEG quality must lie between 1 and 95.")
        if self.workers < 1:
            raise PhotoArchiveError("An export needs at least one worker.")

    @property
    def built(self) -> frozenset[ExportFormat]:
        """The formats made: a zip alone packs the default ones."""
        asked = self.formats - {ExportFormat.ZIP}
        return asked or DEFAULT_FORMATS

    @property
    def needs_images(self) -> bool:
        wanted = {ExportFormat.SITE, ExportFormat.IMAGES, ExportFormat.PDF}
        return bool(self.built & wanted)

    @property
    def keeps_images(self) -> bool:
        return bool(self.built & {ExportFormat.SITE, ExportFormat.IMAGES})

    @property
    def zip_only(self) -> bool:
        return self.formats == {ExportFormat.ZIP}


Phase = Literal["preparing", "images", "site", "pdf", "manifest", "zip", "finishing"]

PHASE_NAMES: dict[Phase, str] = {  # as progress bars and the command line show them
    "preparing": "Preparing",
    "images": "Images",
    "site": "Web pages",
    "pdf": "PDF booklet",
    "manifest": "Manifest",
    "zip": "Zip",
    "finishing": "Moving into place",
}


@dataclass(frozen=True, slots=True)
class ExportProgress:
    """Where an export stands: ``done`` of ``total`` steps of ``phase``."""

    phase: Phase
    done: int
    total: int
    current: str


ProgressCallback = Callable[[ExportProgress], None]


class CancelFlag(Protocol):
    """Anything with a ``cancelled`` flag, such as the importer's CancelToken."""

    @property
    def cancelled(self) -> bool: ...


class ExportCancelled(Exception):
    """Raised inside an export run when its cancel flag is set; the run turns it into a report."""
