"""Exported images: resized, upright sRGB JPEGs carrying only the metadata meant for publication.

A new EXIF block and XMP packet are written from scratch (caption, credit, copyright, the date,
and GPS only when kept on purpose); nothing of the original's metadata is ever copied, so GPS,
serial numbers, maker notes, owner names, comments and IPTC stay behind.
"""

from __future__ import annotations

import logging
import multiprocessing
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image
from PIL.ExifTags import GPS, IFD, Base
from PIL.TiffImagePlugin import IFDRational

from photoarchive.export.options import CancelFlag, WorkerKind
from photoarchive.export.pixels import load_fitted, reduced

log = logging.getLogger(__name__)

SOFTWARE = "Photo Archive"
# Characters XML 1.0 cannot hold, and the NUL that ends an EXIF string early.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_READ_ERRORS = (
    OSError,
    ValueError,
    SyntaxError,
    Image.DecompressionBombError,
)


@dataclass(frozen=True, slots=True)
class ImageMetadata:
    """What an exported image says about itself; None leaves a field out."""

    caption: str | None
    language: str
    creator: str | None  # EXIF Artist, XMP dc:creator: "Ingy Sedky/ICRC"
    credit: str | None  # XMP photoshop:Credit: the house credit line
    copyright: str | None
    taken: datetime | None  # only when known to the day
    gps: tuple[float, float] | None  # only when the export keeps locations on purpose


@dataclass(frozen=True, slots=True)
class ImageJob:
    key: str  # the image's path in the export, which names the result
    sources: tuple[str, ...]  # the original's file locations, tried in turn
    target: str
    small_target: str | None
    max_size: int
    small_size: int
    quality: int
    metadata: ImageMetadata


@dataclass(frozen=True, slots=True)
class ImageResult:
    """Pixel sizes of the image and of its small copy, or why there is none."""

    key: str
    size: tuple[int, int, int, int] | None
    error: str | None = None


def make_images(
    jobs: Sequence[ImageJob], *, workers: int, cancel: CancelFlag, kind: WorkerKind = "thread"
) -> Iterator[ImageResult]:
    """Run ``jobs`` on ``workers`` threads or processes (inline for one), yielding results as
    they come.

    Only a few jobs per worker are queued, so a cancel stops the run within an image or two.
    """
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            if cancel.cancelled:
                return
            yield export_image(job)
        return
    with _executor(kind, min(workers, len(jobs))) as executor:
        queue = iter(jobs)
        running: set[Future[ImageResult]] = set()
        while True:
            while len(running) < workers * 2 and not cancel.cancelled:
                waiting = next(queue, None)
                if waiting is None:
                    break
                running.add(executor.submit(export_image, waiting))
            if not running:
                return
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()


def _executor(kind: WorkerKind, workers: int) -> Executor:
    if kind == "thread":
        # Pillow lets go of the GIL while it decodes, resizes and encodes, so threads share
        # the cores without starting processes: 4-22 % faster at every size measured.
        return ThreadPoolExecutor(workers, thread_name_prefix="export")
    # forkserver: safe beside the window's threads, unlike fork, and quicker than spawn.
    context = multiprocessing.get_context("forkserver")
    return ProcessPoolExecutor(workers, mp_context=context)


def export_image(job: ImageJob) -> ImageResult:
    """Write one exported image (and its small copy); a missing or unreadable original gives
    a result with the reason, never an exception."""
    source = next((Path(p) for p in job.sources if Path(p).is_file()), None)
    if source is None:
        where = job.sources[0] if job.sources else "no known location"
        return ImageResult(job.key, None, f"original missing ({where})")
    try:
        image = load_fitted(source, job.max_size)
    except Exception as error:  # hostile files raise all kinds; one must not stop the export
        if not isinstance(error, _READ_ERRORS):
            log.warning("Unexpected error reading %s", source, exc_info=error)
        return ImageResult(job.key, None, f"cannot read the original {source} ({error})")
    exif, xmp = exif_block(job.metadata), xmp_packet(job.metadata)
    save_jpeg(image, Path(job.target), exif, xmp, job.quality)
    small = image
    if job.small_target is not None:
        small = reduced(image, job.small_size)
        save_jpeg(small, Path(job.small_target), exif, xmp, job.quality)
    return ImageResult(job.key, (*image.size, *small.size))


def save_jpeg(image: Image.Image, path: Path, exif: Image.Exif, xmp: bytes, quality: int) -> None:
    image.info = {}  # Pillow would otherwise copy the original's JPEG comment
    image.save(path, "JPEG", quality=quality, exif=exif, xmp=xmp)


# ---------------------------------------------------------------- metadata


def exif_block(metadata: ImageMetadata) -> Image.Exif:
    """A new EXIF block with only the fields meant for publication."""
    exif = Image.Exif()
    texts = (
        (Base.ImageDescription, metadata.caption),
        (Base.Artist, metadata.creator),
        (Base.Copyright, metadata.copyright),
    )
    for tag, value in texts:
        if value:
            exif[tag] = _exif_text(value)
    exif[Base.Software] = SOFTWARE
    if metadata.taken is not None:
        exif.get_ifd(IFD.Exif)[Base.DateTimeOriginal] = metadata.taken.strftime("%Y:%m:%d %H:%M:%S")
    if metadata.gps is not None:
        exif.get_ifd(IFD.GPSInfo).update(_gps(*metadata.gps))
    return exif


def _exif_text(value: str) -> str | bytes:
    # EXIF text is nominally ASCII; UTF-8 is what ExifTool, exifread and browsers read.
    text = _NOT_XML.sub(" ", value)
    return text if text.isascii() else text.encode("utf-8")


def _gps(latitude: float, longitude: float) -> dict[int, object]:
    return {
        GPS.GPSVersionID: b"\x02\x02\x00\x00",
        GPS.GPSLatitudeRef: "N" if latitude >= 0 else "S",
        GPS.GPSLatitude: _degrees(abs(latitude)),
        GPS.GPSLongitudeRef: "E" if longitude >= 0 else "W",
        GPS.GPSLongitude: _degrees(abs(longitude)),
    }


def _degrees(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = Fraction(round((value - degrees - minutes / 60) * 3600 * 1000), 1000)
    return (
        IFDRational(degrees, 1),
        IFDRational(minutes, 1),
        IFDRational(seconds.numerator, seconds.denominator),
    )


def xmp_packet(metadata: ImageMetadata) -> bytes:
    """An XMP packet with dc:description, dc:creator, dc:rights and photoshop:Credit."""
    fields = []
    if metadata.caption:
        fields.append(_alt("dc:description", metadata.caption, metadata.language))
    if metadata.creator:
        fields.append(
            f"<dc:creator><rdf:Seq><rdf:li>{_xml(metadata.creator)}</rdf:li></rdf:Seq></dc:creator>"
        )
    if metadata.copyright:
        fields.append(_alt("dc:rights", metadata.copyright, None))
    if metadata.credit:
        fields.append(f"<photoshop:Credit>{_xml(metadata.credit)}</photoshop:Credit>")
    body = "".join(fields)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">{body}</rdf:Description>'
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def _alt(name: str, value: str, language: str | None) -> str:
    items = f'<rdf:li xml:lang="x-default">{_xml(value)}</rdf:li>'
    if language:
        items += f'<rdf:li xml:lang="{_xml(language)}">{_xml(value)}</rdf:li>'
    return f"<{name}><rdf:Alt>{items}</rdf:Alt></{name}>"


def _xml(text: str) -> str:
    return escape(_NOT_XML.sub(" ", text), {'"': "&quot;"})
