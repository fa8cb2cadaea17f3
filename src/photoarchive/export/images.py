"""Exported images: resized, upright sRGB JPEGs carrying only the metadata meant for publication.

A new EXIF block and XMP packet are written from scratch (caption, credit, copyright, the date,
and GPS only when kept on purpose); nothing of the original's metadata is ever copied, so GPS,
serial numbers, maker notes, owner names, comments and IPTC stay behind.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import re
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageCms, ImageOps
from PIL.ExifTags import GPS, IFD, Base
from PIL.TiffImagePlugin import IFDRational

from photoarchive.export.options import CancelFlag

log = logging.getLogger(__name__)

SOFTWARE = "Photo Archive"
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# Characters XML 1.0 cannot hold, and the NUL that ends an EXIF string early.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_READ_ERRORS = (
    OSError,
    ValueError,
    SyntaxError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
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
    jobs: Sequence[ImageJob], *, workers: int, cancel: CancelFlag
) -> Iterator[ImageResult]:
    """Run ``jobs`` on ``workers`` processes (inline for one), yielding results as they come.

    Only a few jobs per worker are queued, so a cancel stops the run within an image or two.
    """
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            if cancel.cancelled:
                return
            yield export_image(job)
        return
    # forkserver: safe beside the window's threads, unlike fork, and quicker than spawn.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=context) as executor:
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
        small = resized(image, job.small_size)
        save_jpeg(small, Path(job.small_target), exif, xmp, job.quality)
    return ImageResult(job.key, (*image.size, *small.size))


# ---------------------------------------------------------------- pixels


def load_fitted(path: Path, max_size: int) -> Image.Image:
    """The picture upright, in sRGB, 8-bit RGB, its longest side at most ``max_size``.

    Damaged metadata only warns in Pillow: the warnings are dropped, but a decompression
    bomb is an error. (Warning filters are process-wide: run many exports in processes.)
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return _load_fitted(path, max_size)


def _load_fitted(path: Path, max_size: int) -> Image.Image:
    with Image.open(path) as opened:
        icc = opened.info.get("icc_profile")
        # A JPEG decodes straight to 1/2, 1/4 or 1/8 scale when that is still big enough.
        opened.draft(None, draft_size(opened.size, max_size))
        image = resized(_flattened(opened), max_size)
    ImageOps.exif_transpose(image, in_place=True)  # the resized copy keeps the original's EXIF
    return _to_srgb(image, icc)


def draft_size(size: tuple[int, int], max_size: int) -> tuple[int, int]:
    scale = min(1.0, max_size / max(size))
    return (max(1, int(size[0] * scale)), max(1, int(size[1] * scale)))


def resized(image: Image.Image, max_size: int) -> Image.Image:
    """A copy whose longest side is at most ``max_size``; never enlarged."""
    width, height = image.size
    scale = max_size / max(width, height)
    if scale >= 1:
        return image.copy()
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    # Antialiased bicubic: as sharp as Lanczos to the eye at these ratios, and over twice as
    # fast on 12-megapixel originals (500 against 200 ms); the reducing gap lets a big
    # reduction start with a quick box reduce.
    return image.resize(size, Image.Resampling.BICUBIC, reducing_gap=3.0)


def _flattened(image: Image.Image) -> Image.Image:
    """8 bits per channel, without transparency (on white), in RGB, L or CMYK."""
    if image.mode in ("RGB", "L", "CMYK"):
        return image
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        # Pillow's own conversion clips 16-bit values at 255 rather than scaling them.
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode == "P" and "transparency" not in image.info:
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(background, rgba).convert("RGB")


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(image, profile, _SRGB, outputMode="RGB")
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError) as error:
            log.warning("Ignoring a broken colour profile (%s)", error)
    return image if image.mode == "RGB" else image.convert("RGB")


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
