"""Placeholder pictures for the demo archive: one deterministic JPEG with real EXIF per photo."""

from __future__ import annotations

import calendar
import datetime
import functools
import random
import textwrap
import unicodedata
from fractions import Fraction
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from PIL.ExifTags import GPS, IFD, Base
from PIL.TiffImagePlugin import IFDRational

from photoarchive.demo.manifest import DemoManifest, DemoPhoto, PhotoKind

MAKE = "Photo Archive demo"
COPYRIGHT = "© ICRC"
EXIF_DATE = "%Y:%m:%d %H:%M:%S"
SCAN_YEAR = 2015  # the prints were all scanned in one campaign
# Not calendar.month_name: that follows the locale, and the pictures must not.
# fmt: off
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# fmt: on

# Calm, muted colours, one per programme in the order of programmes.csv.
PALETTE = (
    (96, 125, 139),
    (121, 85, 72),
    (158, 110, 72),
    (84, 130, 110),
    (92, 107, 160),
    (140, 126, 84),
    (110, 94, 140),
    (160, 84, 84),
)
INK = (250, 248, 242)
PAPER = (236, 230, 214)
WARM = (176, 150, 112)

# The default font covers ASCII and a little punctuation; other letters would print as boxes.
_SPELLED = str.maketrans({"ə": "a", "Ə": "A", "ı": "i", "İ": "I", "—": "-", "–": "-"})
_KEPT = frozenset("’‘“”©·")


def write_pictures(
    manifest: DemoManifest, folder: Path, *, size: tuple[int, int] = (1600, 1067)
) -> list[Path]:
    """Write every demo photo below ``folder``; return all their paths, in manifest order.

    A file that already exists at the right pixel size is left alone, so a second run is cheap.
    """
    colours = {
        name: PALETTE[index % len(PALETTE)] for index, (name, _) in enumerate(manifest.programmes)
    }
    paths = []
    for photo in manifest.photos:
        path = folder.joinpath(*photo.relative_path.parts)
        if not _is_current(path, size):
            image = _render(photo, colours.get(photo.programme, PALETTE[0]), size)
            _save(image, _exif(photo, manifest), path)
        paths.append(path)
    return paths


def _is_current(path: Path, size: tuple[int, int]) -> bool:
    try:
        with Image.open(path) as image:
            return image.size == size
    except OSError:  # missing or unreadable: write it again
        return False


def _save(image: Image.Image, exif: Image.Exif, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed, so an interrupted run never leaves half a JPEG behind.
    partial = path.with_name(f".{path.name}.part")
    image.save(partial, "JPEG", quality=82, exif=exif)
    partial.replace(path)


def _render(photo: DemoPhoto, colour: tuple[int, int, int], size: tuple[int, int]) -> Image.Image:
    scan = photo.kind is PhotoKind.SCAN
    border = max(4, size[1] // 28) if scan else 0
    inner = (size[0] - 2 * border, size[1] - 2 * border)
    field = _field(photo, colour, inner)
    if scan:  # a print: warmer, flatter colours inside a paper border
        field = Image.blend(field, Image.new("RGB", field.size, WARM), 0.35)
    # Drawn small and scaled up: the upscale softens the shapes for a fraction of a blur's cost.
    image = field.resize(inner, Image.Resampling.BILINEAR)
    if border:
        framed = Image.new("RGB", size, PAPER)
        framed.paste(image, (border, border))
        image = framed
    _write_text(image, photo)
    return image


def _field(photo: DemoPhoto, colour: tuple[int, int, int], size: tuple[int, int]) -> Image.Image:
    """A small colour field with soft shapes, seeded by the photo's id: every run draws the same."""
    rng = random.Random(photo.id)
    small = (max(16, size[0] // 16), max(16, size[1] // 16))
    field = Image.new("RGB", small, colour)
    draw = ImageDraw.Draw(field)
    for _ in range(6):
        x, y = rng.uniform(-0.2, 0.9) * small[0], rng.uniform(-0.2, 0.9) * small[1]
        radius = rng.uniform(0.15, 0.4) * small[1]
        shade = _shade(colour, rng.choice((-1, 1)) * rng.uniform(0.12, 0.3))
        draw.ellipse((x, y, x + 2 * radius, y + 1.6 * radius), fill=shade)
    return field.filter(ImageFilter.GaussianBlur(max(1, small[1] // 20)))


def _shade(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    target = 255 if amount > 0 else 0
    r, g, b = (round(channel + (target - channel) * abs(amount)) for channel in colour)
    return (r, g, b)


@functools.lru_cache(maxsize=32)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=max(8, size))


def _drawable(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED))
    return "".join(char for char in decomposed if char.isascii() or char in _KEPT).strip()


def _write_text(image: Image.Image, photo: DemoPhoto) -> None:
    draw = ImageDraw.Draw(image)
    unit = image.height / 100
    left, width = round(7 * unit), image.width - round(14 * unit)
    draw.text((left, round(7 * unit)), "PLACEHOLDER", font=_font(round(13 * unit)), fill=INK)
    y = round(24 * unit)
    caption_font = _font(round(4.2 * unit))
    for line in _wrap(_drawable(photo.caption), caption_font, width)[:7]:
        draw.text((left, y), line, font=caption_font, fill=INK)
        y += round(5.6 * unit)
    small = _font(round(3.2 * unit))
    credit = " · ".join(part for part in (photo.credit_line, photo.byline) if part)
    footer = [_drawable(credit), _drawable(_where_and_when(photo))]
    footer.append(f"{photo.programme} · {photo.restriction.value} · {photo.kind.value}")
    y = image.height - round(8 * unit) - len(footer) * round(4.6 * unit)
    for line in footer:
        draw.text((left, y), line, font=small, fill=INK)
        y += round(4.6 * unit)


def _wrap(text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> list[str]:
    """Wrap at the width the font really takes, starting from a generous character guess."""
    average = max(1.0, font.getlength("abcdefghij klmnopqrst") / 21)
    columns = max(8, int(width / average))
    lines = textwrap.wrap(text, columns)
    while columns > 8 and any(font.getlength(line) > width for line in lines):
        columns -= 2
        lines = textwrap.wrap(text, columns)
    return lines


def _where_and_when(photo: DemoPhoto) -> str:
    if photo.month is not None and photo.year is not None:
        when = f"{MONTHS[photo.month - 1]} {photo.year}"
    elif photo.year is not None:
        when = str(photo.year)
    else:
        when = f"{photo.decade}s" if photo.decade else "date unknown"
    return f"{' > '.join(photo.place)} · {when}"


def _exif(photo: DemoPhoto, manifest: DemoManifest) -> Image.Exif:
    exif = Image.Exif()
    exif[Base.Make] = MAKE
    exif[Base.Model] = "Flatbed scan" if photo.kind is PhotoKind.SCAN else "Digital camera"
    exif[Base.Orientation] = 1
    # Bytes, because Pillow would squeeze a str into ASCII; readers take these as UTF-8.
    exif[Base.ImageDescription] = photo.caption.encode()
    exif[Base.Copyright] = COPYRIGHT.encode()
    if photo.photographer is not None:
        exif[Base.Artist] = photo.photographer.credit.encode()
    _add_dates(exif, photo)
    coordinates = manifest.place(photo.place).coordinates
    # A scanner never knows where a print was taken: only camera files carry GPS.
    if coordinates is not None and photo.kind is PhotoKind.DIGITAL:
        _add_gps(exif, *coordinates)
    return exif


def _add_dates(exif: Image.Exif, photo: DemoPhoto) -> None:
    details = exif.get_ifd(IFD.Exif)
    if photo.kind is PhotoKind.SCAN:
        details[Base.DateTimeDigitized] = _scanned(photo).strftime(EXIF_DATE)
        return
    taken = _taken(photo).strftime(EXIF_DATE)
    exif[Base.DateTime] = taken
    details[Base.DateTimeOriginal] = taken
    details[Base.DateTimeDigitized] = taken


def _taken(photo: DemoPhoto) -> datetime.datetime:
    """A plausible working-hours moment in the photo's year (and month, when known)."""
    assert photo.year is not None, "the manifest guarantees a year for digital photos"
    rng = random.Random(f"taken:{photo.id}")
    month = photo.month or rng.randint(1, 12)
    day = rng.randint(1, calendar.monthrange(photo.year, month)[1])
    return datetime.datetime(
        photo.year, month, day, rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)
    )


def _scanned(photo: DemoPhoto) -> datetime.datetime:
    """The scanning day of 2015: one day per folder, as a box of prints is scanned at once."""
    rng = random.Random(f"scanned:{photo.folder}")
    day = datetime.date(SCAN_YEAR, 2, 2) + datetime.timedelta(days=rng.randint(0, 300))
    minutes = random.Random(f"scanned:{photo.id}").randint(0, 7 * 60)
    return datetime.datetime(day.year, day.month, day.day, 9) + datetime.timedelta(minutes=minutes)


def _add_gps(exif: Image.Exif, latitude: float, longitude: float) -> None:
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSVersionID] = b"\x02\x02\x00\x00"
    gps[GPS.GPSLatitudeRef] = "N" if latitude >= 0 else "S"
    gps[GPS.GPSLatitude] = _degrees(abs(latitude))
    gps[GPS.GPSLongitudeRef] = "E" if longitude >= 0 else "W"
    gps[GPS.GPSLongitude] = _degrees(abs(longitude))


def _degrees(value: float) -> tuple[IFDRational, IFDRational, IFDRational]:
    """Degrees, minutes and hundredths of seconds, as EXIF wants them."""
    hundredths = round(Fraction(value) * 3600 * 100)
    degrees, rest = divmod(hundredths, 3600 * 100)
    minutes, seconds = divmod(rest, 60 * 100)
    return (IFDRational(degrees, 1), IFDRational(minutes, 1), IFDRational(seconds, 100))
