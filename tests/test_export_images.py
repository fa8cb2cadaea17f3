"""Exported images: only publishable metadata, upright pixels, sRGB, any source mode."""

from __future__ import annotations

import io
import struct
from datetime import datetime
from pathlib import Path

import exifread
import pytest
from PIL import Image, ImageCms
from PIL.ExifTags import GPS, IFD, Base

from photoarchive.export.images import ImageJob, ImageMetadata, export_image
from photoarchive.export.pixels import draft_size, srgb_transform
from tests.images import write_jpeg

SECRETS = (
    b"SECRET-SERIAL",
    b"SECRET-OWNER",
    b"SECRET-MAKERNOTE",
    b"SECRET-COMMENT",
    b"SECRET-CITY",
)
SECRETS += (b"SECRET-IPTC", b"SecretCam")
METADATA = ImageMetadata(
    caption="Bərdə. A nurse <b>checks</b> a chart & smiles",
    language="en",
    creator="Paul Grabhorn/ICRC",
    credit="Barda, 1994. Paul Grabhorn/ICRC",
    copyright="© ICRC",
    taken=datetime(1994, 5, 3, 10, 0),
    gps=None,
)
ROMM_RGB = Path("/usr/share/color/icc/ghostscript/rommrgb.icc")
SRGB = ROMM_RGB.with_name("srgb.icc")


def job(
    source: Path, target: Path, *, max_size: int = 2048, small: bool = False, **meta: object
) -> ImageJob:
    metadata = ImageMetadata(**{**{f: getattr(METADATA, f) for f in METADATA.__slots__}, **meta})  # type: ignore[arg-type]
    return ImageJob(
        key=target.name,
        sources=(str(source),),
        target=str(target),
        small_target=str(target.with_suffix(".small.jpg")) if small else None,
        max_size=max_size,
        small_size=40,
        quality=85,
        metadata=metadata,
    )


def hostile_jpeg(path: Path) -> Path:
    """A camera file with everything that must not leave: GPS, serials, owner, maker note,
    a JPEG comment, XMP with the city and an IPTC block."""
    image = Image.new("RGB", (120, 80), (90, 120, 150))
    exif = Image.Exif()
    exif[Base.Make], exif[Base.Model] = "SecretCam", "SecretCam 9"
    exif[Base.ImageDescription] = "old caption"
    details = exif.get_ifd(IFD.Exif)
    details[Base.BodySerialNumber] = "SECRET-SERIAL"
    details[Base.CameraOwnerName] = "SECRET-OWNER"
    details[Base.MakerNote] = b"SECRET-MAKERNOTE"
    exif.get_ifd(IFD.GPSInfo).update({GPS.GPSLatitudeRef: "N", GPS.GPSLongitudeRef: "E"})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><photoshop:City>SECRET-CITY</photoshop:City>'
    xmp += b"</x:xmpmeta>"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, xmp=xmp, comment=b"SECRET-COMMENT")
    data = out.getvalue()
    iptc = (
        b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x10\x1c\x02\x5a\x00\x0bSECRET-IPTC\x00"
    )
    app13 = b"\xff\xed" + struct.pack(">H", len(iptc) + 2) + iptc
    path.write_bytes(data[:2] + app13 + data[2:])
    return path


def segments(data: bytes) -> list[bytes]:
    """The marker of every JPEG segment before the image data, with APP1's kind."""
    found, at = [], 2
    while data[at : at + 2] != b"\xff\xda":
        marker = data[at : at + 2]
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        kind = data[at + 4 : at + 8] if marker == b"\xff\xe1" else b""
        found.append(marker + kind)
        at += 2 + length
    return found


def test_only_publishable_metadata_leaves(tmp_path: Path) -> None:
    source = hostile_jpeg(tmp_path / "camera.jpg")
    for secret in SECRETS:
        assert secret in source.read_bytes()
    target = tmp_path / "out.jpg"
    result = export_image(job(source, target, small=True))
    assert result.error is None and result.size == (120, 80, 40, 27)

    for written in (target, target.with_suffix(".small.jpg")):
        data = written.read_bytes()
        assert not [secret for secret in SECRETS if secret in data]
        assert set(segments(data)) <= {
            b"\xff\xe0",  # JFIF
            b"\xff\xe1Exif",
            b"\xff\xe1http",  # XMP
            b"\xff\xdb",
            b"\xff\xc0",
            b"\xff\xc4",
        }
        with written.open("rb") as file:
            tags = exifread.process_file(file, details=True)
        assert set(tags) == {
            "Image ImageDescription",
            "Image Artist",
            "Image Copyright",
            "Image Software",
            "Image ExifOffset",
            "EXIF DateTimeOriginal",
        }
        assert str(tags["Image ImageDescription"]) == METADATA.caption
        assert str(tags["EXIF DateTimeOriginal"]) == "1994:05:03 10:00:00"
        with Image.open(written) as image:
            xmp = image.getxmp()["xmpmeta"]["RDF"]["Description"]
        assert xmp["creator"]["Seq"]["li"] == "Paul Grabhorn/ICRC"
        assert xmp["rights"]["Alt"]["li"]["text"] == "© ICRC"
        assert xmp["description"]["Alt"]["li"][0]["text"] == METADATA.caption


def test_gps_is_written_only_when_kept(tmp_path: Path) -> None:
    source = write_jpeg(tmp_path / "a.jpg", gps=(40.41, 49.87))
    export_image(job(source, tmp_path / "kept.jpg", gps=(40.4093, -49.8671)))
    with (tmp_path / "kept.jpg").open("rb") as file:
        tags = exifread.process_file(file, details=False)
    assert str(tags["GPS GPSLatitudeRef"]) == "N" and str(tags["GPS GPSLongitudeRef"]) == "W"
    degrees, minutes, seconds = tags["GPS GPSLatitude"].values
    assert float(degrees) + float(minutes) / 60 + float(seconds) / 3600 == pytest.approx(
        40.4093, abs=1e-5
    )


def test_pixels_are_turned_upright(tmp_path: Path) -> None:
    # Stored landscape, red on the left; orientation 6 shows it turned clockwise: red on top.
    image = Image.new("RGB", (200, 100), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 100, 100))
    exif = Image.Exif()
    exif[Base.Orientation] = 6
    source = tmp_path / "turned.jpg"
    image.save(source, exif=exif, quality=95)
    result = export_image(job(source, tmp_path / "out.jpg", max_size=50))
    assert result.size is not None and result.size[:2] == (25, 50)
    with Image.open(tmp_path / "out.jpg") as out:
        top, bottom = out.getpixel((12, 5)), out.getpixel((12, 45))
        assert top[0] > 200 > top[2] and bottom[2] > 200 > bottom[0]
        assert out.getexif().get(Base.Orientation) is None


def test_a_big_jpeg_is_decoded_at_reduced_scale_and_keeps_proportions(tmp_path: Path) -> None:
    source = write_jpeg(tmp_path / "big.jpg", size=(4000, 3000))
    result = export_image(job(source, tmp_path / "out.jpg", max_size=1000, small=True))
    assert result.size == (1000, 750, 40, 30)


def test_a_jpeg_a_little_short_of_half_scale_is_decoded_at_half_scale(tmp_path: Path) -> None:
    # Half of 1000 is 500, within 3 % of 512: decoding all the pixels to reach 512 would cost
    # several times as much (the default 2048 on 4000-pixel camera files is the same case).
    source = write_jpeg(tmp_path / "camera.jpg", size=(1000, 750))
    assert export_image(job(source, tmp_path / "a.jpg", max_size=512)).size == (500, 375, 500, 375)
    # Beyond 3 %, every pixel is decoded and the image is resized to the size asked for.
    assert export_image(job(source, tmp_path / "b.jpg", max_size=520)).size == (520, 390, 520, 390)


@pytest.mark.parametrize(
    ("size", "max_size", "asked"),
    [
        ((4000, 3000), 2048, (2000, 1500)),
        ((4032, 3024), 2048, (2016, 1512)),
        ((4000, 3000), 2100, (4000, 3000)),
        ((4000, 3000), 1024, (1000, 750)),
        ((4000, 3000), 1600, (2000, 1500)),
        ((6000, 4000), 2048, (3000, 2000)),
        ((4000, 3000), 480, (500, 375)),
        ((800, 600), 2048, (800, 600)),
    ],
)
def test_the_decoder_is_asked_for_the_smallest_scale_that_nearly_fits(
    size: tuple[int, int], max_size: int, asked: tuple[int, int]
) -> None:
    assert draft_size(size, max_size) == asked


def test_small_originals_are_not_enlarged(tmp_path: Path) -> None:
    source = write_jpeg(tmp_path / "small.jpg", size=(96, 64))
    assert export_image(job(source, tmp_path / "out.jpg")).size == (96, 64, 96, 64)


@pytest.mark.skipif(not ROMM_RGB.is_file(), reason=f"no wide-gamut ICC profile at {ROMM_RGB}")
def test_colours_are_converted_to_srgb_through_the_embedded_profile(tmp_path: Path) -> None:
    wide = ROMM_RGB.read_bytes()
    colour = (170, 90, 70)
    source = tmp_path / "prophoto.jpg"
    Image.new("RGB", (64, 64), colour).save(source, icc_profile=wide, quality=100)
    export_image(job(source, tmp_path / "out.jpg"))
    expected = ImageCms.profileToProfile(
        Image.new("RGB", (1, 1), colour),
        ImageCms.ImageCmsProfile(io.BytesIO(wide)),
        ImageCms.createProfile("sRGB"),
    )
    assert expected is not None
    with Image.open(tmp_path / "out.jpg") as out:
        assert "icc_profile" not in out.info
        got, want = out.getpixel((32, 32)), expected.getpixel((0, 0))
    assert all(abs(g - w) <= 6 for g, w in zip(got, want, strict=True)), (got, want)
    assert abs(got[0] - colour[0]) > 15  # the conversion did something


@pytest.mark.skipif(not SRGB.is_file(), reason=f"no sRGB ICC profile at {SRGB}")
def test_an_srgb_profile_is_not_applied_a_wide_one_is(tmp_path: Path) -> None:
    # Applying a profile costs as much as the rest of an image's export: an sRGB one, which
    # would move no colour, is recognised and skipped.
    assert srgb_transform(SRGB.read_bytes(), "RGB") is None
    assert srgb_transform(ROMM_RGB.read_bytes(), "RGB") is not None
    source = tmp_path / "srgb.jpg"
    Image.new("RGB", (64, 64), (170, 90, 70)).save(source, icc_profile=SRGB.read_bytes())
    export_image(job(source, tmp_path / "out.jpg"))
    with Image.open(tmp_path / "out.jpg") as out:
        assert "icc_profile" not in out.info
        got = out.getpixel((32, 32))
    assert isinstance(got, tuple), got
    assert max(abs(g - w) for g, w in zip(got, (170, 90, 70), strict=True)) <= 3, got


def test_transparent_and_sixteen_bit_sources_become_rgb(tmp_path: Path) -> None:
    png = tmp_path / "alpha.png"
    Image.new("RGBA", (20, 10), (255, 0, 0, 0)).save(png)
    export_image(job(png, tmp_path / "alpha.jpg"))
    with Image.open(tmp_path / "alpha.jpg") as out:
        assert out.mode == "RGB" and min(out.getpixel((10, 5))) > 245  # on white
    tiff = tmp_path / "deep.tif"
    Image.new("I;16", (20, 10), 40000).save(tiff)
    export_image(job(tiff, tmp_path / "deep.jpg"))
    with Image.open(tmp_path / "deep.jpg") as out:
        assert out.mode == "RGB" and abs(out.getpixel((10, 5))[0] - 40000 // 256) <= 2


def test_missing_and_unreadable_originals_give_reasons(tmp_path: Path) -> None:
    missing = export_image(job(tmp_path / "gone.jpg", tmp_path / "a.jpg"))
    assert missing.size is None and missing.error == f"original missing ({tmp_path / 'gone.jpg'})"
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
    unreadable = export_image(job(broken, tmp_path / "b.jpg"))
    assert unreadable.error and unreadable.error.startswith(f"cannot read the original {broken}")
    assert not (tmp_path / "a.jpg").exists() and not (tmp_path / "b.jpg").exists()


def test_real_camera_files_export(real_images: Path, tmp_path: Path) -> None:
    for number, name in enumerate(
        ["Pillow/pil_sample_cmyk.jpg", "Pillow/hopper_orientation_8.jpg", "Pillow/exif_gps.jpg"]
    ):
        source = real_images / name
        result = export_image(job(source, tmp_path / f"{number}.jpg", max_size=64))
        assert result.error is None, name
        with (tmp_path / f"{number}.jpg").open("rb") as file:
            assert not [k for k in exifread.process_file(file) if k.startswith("GPS")]
