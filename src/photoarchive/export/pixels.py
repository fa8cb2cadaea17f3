"""The pixels of an exported image: decoded at the cheapest scale that fits, upright, sRGB.

Per 12-megapixel camera JPEG exported at the default 2048 pixels, nearly all of the work is
here and in the JPEG encoder: the decode (about half), the encode of the image and of its
small copy, the small copy's resampling and, for turned photos, the turn upright.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import warnings
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageCms, ImageOps

log = logging.getLogger(__name__)

# An image may come out this much smaller than its max-size when a JPEG decoder reaches that
# by itself: 4000-pixel originals at 1/2 scale give 2000 pixels for the default 2048, where
# decoding all 12 million pixels and resampling them costs five times as much.
DRAFT_TOLERANCE = 0.97
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# Every 16th level of each channel: the colours a profile's transform is tried on.
_LEVELS = [*range(0, 256, 16), 255]
_PROBE = Image.frombytes(
    "RGB",
    (len(_LEVELS) ** 3, 1),
    bytes(v for rgb in itertools.product(_LEVELS, repeat=3) for v in rgb),
)
# Warnings issued inside Pillow's modules, and the filter that drops them.
_PILLOW_MODULES = r"PIL(\.|$)"
_QUIET_PILLOW = ("ignore", None, Warning, re.compile(_PILLOW_MODULES), 0)


def load_fitted(path: Path, max_size: int) -> Image.Image:
    """The picture upright, in sRGB, 8-bit RGB, its longest side at most ``max_size``.

    A JPEG may come out up to 3 % smaller than ``max_size`` (see ``DRAFT_TOLERANCE``).
    Pillow's warnings about damaged metadata are silenced once, for Pillow's own modules (not
    per call: ``warnings.catch_warnings`` is not thread-safe); a decompression bomb, which
    Pillow only warns of below twice its limit, is refused here.
    """
    quiet_pillow_warnings()
    with Image.open(path) as opened:
        limit = Image.MAX_IMAGE_PIXELS
        if limit is not None and opened.width * opened.height > limit:
            raise Image.DecompressionBombError(f"{opened.width}x{opened.height} pixels")
        icc = opened.info.get("icc_profile")
        # The codec gets the whole file in one read, not in 64 KB pieces: a worker thread
        # gives up and retakes the GIL once rather than fifty times.
        opened.decodermaxblock = max(opened.decodermaxblock, path.stat().st_size)
        opened.draft(None, draft_size(opened.size, max_size))
        image = resized(_flattened(opened), max_size)
        image.load()  # the original itself when it fits: decoded before its file closes
        ImageOps.exif_transpose(image, in_place=True)
    return _to_srgb(image, icc)


def quiet_pillow_warnings() -> None:
    """Put a filter first in the process's list, once, that drops warnings issued in Pillow."""
    if not warnings.filters or warnings.filters[0] != _QUIET_PILLOW:
        warnings.filterwarnings("ignore", module=_PILLOW_MODULES)


def draft_size(size: tuple[int, int], max_size: int) -> tuple[int, int]:
    """The size to ask a JPEG decoder for: the smallest of 1/8, 1/4, 1/2 scale (which it
    decodes at for free) still reaching ``DRAFT_TOLERANCE`` of ``max_size``, else full size."""
    longest = max(size)
    for scale in (8, 4, 2):
        if -(-longest // scale) >= DRAFT_TOLERANCE * max_size:
            return (max(1, size[0] // scale), max(1, size[1] // scale))
    return size


def resized(image: Image.Image, max_size: int) -> Image.Image:
    """The image with its longest side at most ``max_size``: itself when it fits."""
    size = _fit(image.size, max_size)
    if size == image.size:
        return image
    # Antialiased bicubic: as sharp as Lanczos to the eye at these ratios, and over twice as
    # fast on 12-megapixel originals (500 against 200 ms); the reducing gap lets a big
    # reduction start with a quick box reduce.
    return image.resize(size, Image.Resampling.BICUBIC, reducing_gap=3.0)


def reduced(image: Image.Image, max_size: int) -> Image.Image:
    """Like ``resized``, for the small copy: a box reduce by the whole part of the factor,
    then Lanczos over what is left. From 2000 to 800 pixels that is closer to a Lanczos of the
    full original than a bicubic of the whole way (48 against 46 dB), at 25 against 38 ms."""
    size = _fit(image.size, max_size)
    if size == image.size:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=1.0)


def _fit(size: tuple[int, int], max_size: int) -> tuple[int, int]:
    width, height = size
    scale = max_size / max(width, height)
    if scale >= 1:
        return size
    return (max(1, round(width * scale)), max(1, round(height * scale)))


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
            transform = srgb_transform(icc, image.mode)
            if transform is not None:
                return ImageCms.applyTransform(image, transform) or image
        except (ImageCms.PyCMSError, OSError, ValueError) as error:
            log.warning("Ignoring a broken colour profile (%s)", error)
    return image if image.mode == "RGB" else image.convert("RGB")


@lru_cache(maxsize=16)
def srgb_transform(icc: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """The transform from the profile ``icc`` to sRGB, or None when it would move no colour
    by more than one level: an sRGB profile, as most cameras and editors embed. Applying a
    transform costs about as much as the rest of the export of a 2000-pixel image."""
    profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    transform = ImageCms.buildTransform(profile, _SRGB, mode, "RGB")
    if mode == "RGB":
        moved = ImageChops.difference(ImageCms.applyTransform(_PROBE, transform) or _PROBE, _PROBE)
        if max(moved.tobytes()) <= 1:
            return None
    return transform
