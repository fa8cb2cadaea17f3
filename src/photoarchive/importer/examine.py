"""Reading one photo file's bytes: its metadata and an upright JPEG thumbnail, or ImportFailure."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from io import BytesIO
from typing import cast

from PIL import ExifTags, Image, ImageFile, UnidentifiedImageError

from photoarchive.importer.errors import ImportFailure
from photoarchive.importer.metadata import METADATA_ERRORS, PhotoMetadata, read_metadata
from photoarchive.importer.metadata_errors import quiet_pillow_warnings

# A truncated file is an import error to record, never a picture padded with grey.
ImageFile.LOAD_TRUNCATED_IMAGES = False

THUMBNAIL_QUALITY = 80
_DECODE_PIECE = 16 * 1024 * 1024  # bytes handed to a codec at once
# Photo formats with a reliable signature only: Pillow would also open EPS (through
# Ghostscript) and formats like TGA that take almost any bytes for a picture. HEIF counts
# once a plug-in such as pillow-heif registers it.
PHOTO_FORMATS = (
    "JPEG",  # also MPO, which Pillow opens through its JPEG plug-in
    "PNG",
    "TIFF",
    "WEBP",
    "AVIF",
    "HEIF",
    "GIF",
    "BMP",
    "JPEG2000",
    "PSD",
)
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_WHITE = (255, 255, 255)
# What Pillow and its codecs raise on damaged or hostile files (AVIF: RuntimeError).
_DECODE_ERRORS = (
    *METADATA_ERRORS,
    RuntimeError,
    MemoryError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
)
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Thumbnail:
    """A small upright JPEG of a photo, stored in the catalogue."""

    data: bytes
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Examined:
    """What reading one photo file gave: its metadata and its thumbnail."""

    metadata: PhotoMetadata
    thumbnail: Thumbnail


def examine(data: bytes, *, thumbnail_size: int = 320) -> Examined:
    """Read a photo file's content: metadata, and a thumbnail of longest side ``thumbnail_size``.

    Raises ImportFailure, with a reason for the archivist, for anything that is not a
    decodable photo; no other exception and no warning leaves this function. Damaged metadata
    on a decodable photo only drops the damaged fields. Smaller photos are not enlarged.
    """
    if thumbnail_size < 1:
        raise ValueError(f"thumbnail_size must be positive, not {thumbnail_size}")
    quiet_pillow_warnings()
    try:
        return _examine(data, thumbnail_size)
    except ImportFailure:
        raise
    except Exception as error:
        # Pillow and its codecs raise most built-in types on hostile files; each is a
        # reason to record, and the cause stays chained for the log.
        if not isinstance(error, _DECODE_ERRORS):
            log.warning("unexpected error examining a photo", exc_info=error)
        raise ImportFailure(failure_reason(error)) from error


def failure_reason(error: BaseException) -> str:
    """A short reason, for an archivist, why a file could not be read as a photo."""
    if isinstance(error, Image.DecompressionBombError | Image.DecompressionBombWarning):
        return "image too large (decompression bomb)"
    if isinstance(error, UnidentifiedImageError):
        return "not an image, or an image format not supported"
    if isinstance(error, MemoryError):
        return "image too large to decode (out of memory)"
    if "truncated" in str(error).lower():
        return "truncated image"
    if isinstance(error, RecursionError):
        return "corrupt image data: structure nested too deeply"
    detail = " ".join(str(error).split())[:150] or type(error).__name__
    return f"corrupt image data: {detail}"


def _examine(data: bytes, thumbnail_size: int) -> Examined:
    with Image.open(BytesIO(data), formats=_photo_formats()) as image:
        _refuse_bomb(image)
        # The codec gets a camera file in one call, not in 64 KB pieces: fewer calls back
        # into Python, and a worker thread gives up and retakes the GIL once, not 50 times.
        # (Capped: each piece is a copy, and a scan can be hundreds of megabytes.)
        image.decodermaxblock = max(image.decodermaxblock, min(len(data), _DECODE_PIECE))
        metadata = read_metadata(image, data)
        thumbnail = make_thumbnail(image, metadata.orientation, thumbnail_size)
    return Examined(metadata, thumbnail)


def _photo_formats() -> list[str]:
    Image.init()
    return [name for name in PHOTO_FORMATS if name in Image.OPEN]


def _refuse_bomb(image: Image.Image) -> None:
    # Pillow only warns between one and two times its limit; a warning filter set elsewhere
    # must not let such a file through.
    limit = Image.MAX_IMAGE_PIXELS
    if limit is not None and image.width * image.height > limit:
        raise ImportFailure("image too large (decompression bomb)")


def make_thumbnail(image: ImageFile.ImageFile, orientation: int | None, size: int) -> Thumbnail:
    """An upright JPEG of longest side ``size`` from an opened, not yet decoded image.

    The image is decoded (small, for a JPEG) and resized in place: it is spent afterwards.
    """
    tagged = _pillow_orientation(image)
    # A JPEG decodes at 1/2, 1/4 or 1/8 scale for free (DCT scaling): the main saving.
    image.draft("RGB", _fit(image.size, size))
    image.load()
    if tagged is not None and _pillow_orientation(image) is None:
        orientation = None  # Pillow's decoder turned it upright itself, as it does for TIFF
    small = _resizable(image)
    # From a DCT-scaled picture (at most twice the size asked for: each DCT-scaled pixel is
    # already the mean of an 8x8 block), averaging the pixels each one covers is enough, and
    # a third cheaper than a triangle filter.
    small.thumbnail((size, size), Image.Resampling.BOX, reducing_gap=2.0)
    small = _displayable(small)
    if orientation in _TRANSPOSE:
        small = small.transpose(_TRANSPOSE[orientation])
    out = BytesIO()
    small.save(out, "JPEG", quality=THUMBNAIL_QUALITY)
    return Thumbnail(out.getvalue(), small.width, small.height)


def _pillow_orientation(image: Image.Image) -> int | None:
    try:
        value = image.getexif().get(ExifTags.Base.Orientation)
    except METADATA_ERRORS:
        return None
    return value if isinstance(value, int) else None


def _fit(size: tuple[int, int], longest: int) -> tuple[int, int]:
    width, height = size
    scale = min(1.0, longest / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _resizable(image: Image.Image) -> Image.Image:
    """The image in a mode that resampling handles well (no palette, no 16-bit)."""
    if image.mode == "1":
        return image.convert("L")
    if image.mode in ("P", "PA"):
        has_alpha = image.mode == "PA" or "transparency" in image.info
        return image.convert("RGBA" if has_alpha else "RGB")
    if image.mode.startswith("I;16"):
        return image.convert("I")
    return image


def _displayable(image: Image.Image) -> Image.Image:
    """The image as 8-bit RGB or grey, as JPEG stores it; transparency shows as white."""
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("I", "F"):
        return _stretch_to_grey(image)
    if image.mode in ("RGBA", "LA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, _WHITE)
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _stretch_to_grey(image: Image.Image) -> Image.Image:
    """16-bit or float grey as 8-bit grey, its used range spread over 0..255."""
    # Thermal and scientific images use a small part of the range: flat grey otherwise.
    # One band, so Pillow gives (low, high) rather than one pair per band.
    low, high = cast("tuple[float, float]", image.getextrema())
    scale = 255.0 / (high - low) if high > low else 1.0

    def stretch(value: Image.ImagePointTransform) -> Image.ImagePointTransform:
        return value * scale - low * scale

    return image.point(stretch).convert("L")
