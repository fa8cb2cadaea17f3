"""Small generated image files for tests, with the EXIF a camera or a scanner writes."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

from PIL import Image
from PIL.TiffImagePlugin import IFDRational

EXIF_IFD = 0x8769
GPS_IFD = 0x8825


def write_jpeg(
    path: Path,
    *,
    seed: int = 0,
    size: tuple[int, int] = (96, 64),
    taken: datetime | None = None,
    description: str | None = None,
    artist: str | None = None,
    gps: tuple[float, float] | None = None,
    orientation: int | None = None,
) -> Path:
    """A JPEG with distinct content per ``seed`` and the given EXIF fields."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    for _ in range(6):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        image.paste(tuple(rng.randrange(256) for _ in range(3)), (x, y, x + 12, y + 9))
    exif = Image.Exif()
    if taken:
        exif[0x0132] = taken.strftime("%Y:%m:%d %H:%M:%S")
        exif.get_ifd(EXIF_IFD)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    # As UTF-8 bytes, as cameras and editors write them: Pillow turns str into ASCII "?".
    if description:
        exif[0x010E] = description.encode()
    if artist:
        exif[0x013B] = artist.encode()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif.get_ifd(GPS_IFD).update(_gps(*gps))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=85, exif=exif)
    return path


def _gps(latitude: float, longitude: float) -> dict[int, object]:
    def dms(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
        value = abs(value)
        degrees = int(value)
        minutes = int((value - degrees) * 60)
        seconds = round(((value - degrees) * 60 - minutes) * 60 * 100)
        return IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(seconds, 100)

    return {
        1: "N" if latitude >= 0 else "S",
        2: dms(latitude),
        3: "E" if longitude >= 0 else "W",
        4: dms(longitude),
    }
