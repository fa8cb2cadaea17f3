"""The demo manifest transcribes the seed gallery faithfully, and its pictures carry real EXIF."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import shutil
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import exifread
import pytest
from PIL import Image

from photoarchive.catalogue.values import DatePrecision, Restriction
from photoarchive.demo.manifest import (
    DemoManifest,
    DemoPhoto,
    PhotoKind,
    load_manifest,
    load_programmes,
)
from photoarchive.demo.pictures import write_pictures
from photoarchive.paths import packaged_data

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "azerbaijan-photo-gallery.txt"

HEADINGS = [
    "Addressing the Needs of The Missing, Deceased and their Families",
    "Visiting Places of Detention",
    "Promoting the Integration of International Humanitarian Law",
    "Partnership with Azerbaijan Red Crescent Society",
    "Addressing the Impact of Weapon Contamination",
    "Improving Access to Health Care",
    "Increasing Access to Education in Conflict-Affected Communities",
    "Meeting Urgent Needs and Improving Livelihoods",
]
PROGRAMMES = [
    "Reconnecting families and the missing",
    "Visiting detainees",
    "Weapon contamination",
    "Health",
    "Education",
    "Economic security",
    "International humanitarian law",
    "Partnership with the National Society",
]
# A credit line ("Barda, 1997", "Baku, 2022. Ingy Sedky/ICRC") or a byline ("Boris Heger/ICRC").
CREDIT = re.compile(r"^(?:[A-Z][\w ]*, )+(?:19|20)\d\d(?:\. [\w ]+/ICRC)?$")
BYLINE = re.compile(r"^(?:[A-Z][\w ]+/)?ICRC$")


@pytest.fixture(scope="module")
def manifest() -> DemoManifest:
    return load_manifest()


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"the seed gallery is not at {SEED}")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_lines(seed_text: str) -> list[str]:
    """The gallery's own lines, from the introduction to the closing paragraph."""
    start = seed_text.index("In the early 1990s")
    end = seed_text.index("Read more about our work in Azerbaijan")
    return [line.strip() for line in seed_text[start:end].splitlines() if line.strip()]


def _is_credit(line: str) -> bool:
    return bool(CREDIT.match(line) or BYLINE.match(line))


def _seed_photos(lines: list[str]) -> list[tuple[str, str | None, str]]:
    """(caption, byline, credit) for each photo, read off the page without the manifest."""
    photos = []
    for index, (line, following) in enumerate(itertools.pairwise(lines)):
        if _is_credit(line) or not _is_credit(following):
            continue
        group = []
        for credit in lines[index + 1 :]:
            if not _is_credit(credit):
                break
            group.append(credit)
        byline = group[0] if len(group) == 2 else None
        photos.append((line, byline, group[-1]))
    return photos


# ---------------------------------------------------------------- the gallery, against the page


def test_every_photo_of_the_page_is_in_the_manifest_in_page_order(
    manifest: DemoManifest, seed_lines: list[str]
) -> None:
    on_page = _seed_photos(seed_lines)

    in_manifest = [(photo.caption, photo.byline, photo.credit) for photo in manifest.gallery.photos]

    assert len(on_page) == 14
    assert in_manifest == on_page


def test_captions_and_credits_are_printed_verbatim(manifest: DemoManifest) -> None:
    photos = {photo.id: photo for photo in manifest.gallery.photos}

    assert photos["baku-2022-forensic-training"].credit == "Baku, 2022. Ingy Sedky/ICRC"
    assert photos["barda-1994-nurse-patient-care"].caption == (
        "Barda. ICRC nurse conducts a thorough review of patient care."
    )
    zengisali = photos["zengisali-2008-safe-play-area"]
    assert (zengisali.byline, zengisali.credit) == ("Gulnaz Guliveya/ICRC", "Aghdam district, 2008")
    assert zengisali.photographer is not None
    assert zengisali.photographer.name == "Gulnaz Guliyeva"
    tartar = photos["tartar-2024-explosive-remnants"]
    assert tartar.byline == "ICRC"
    assert tartar.photographer is not None
    assert (tartar.photographer.name, tartar.photographer.credit) == (None, "ICRC")
    assert photos["baku-2024-psychosocial-support"].photographer is None
    sadarak = manifest.gallery.photos[-1]
    assert (
        sadarak.caption == "Nakhichevan. Assessing the needs of the displaced persons from Saradak."
    )
    assert sadarak.credit == "Sadarak, Nakhchivan, 1992. Anne Rochegude/ICRC"
    assert (sadarak.year, sadarak.month, sadarak.folder) == (1992, 8, "1992-08 Sadarak")


def test_the_verbatim_examples_are_lines_of_the_seed(
    manifest: DemoManifest, seed_lines: list[str]
) -> None:
    for photo in manifest.gallery.photos:
        assert photo.caption in seed_lines
        assert photo.credit in seed_lines
        assert photo.byline is None or photo.byline in seed_lines


def test_sections_follow_the_page_with_their_headings(
    manifest: DemoManifest, seed_lines: list[str]
) -> None:
    sections = manifest.gallery.sections

    assert [section.heading for section in sections] == [*HEADINGS, None]
    positions = [seed_lines.index(heading) for heading in HEADINGS]
    assert positions == sorted(positions)
    for section in sections[:-1]:
        after_heading = seed_lines[seed_lines.index(section.heading or "") + 1]
        assert after_heading == section.photos[0].caption
    assert [photo.id for photo in sections[-1].photos] == ["sadarak-1992-08-displaced-needs"]
    assert sections[-1].body[0].startswith("Our operations evolved alongside")


def test_only_the_azerbaijani_link_is_left_out(
    manifest: DemoManifest, seed_text: str, seed_lines: list[str]
) -> None:
    gallery = manifest.gallery
    transcribed = {gallery.introduction, *HEADINGS}
    for section in gallery.sections:
        transcribed.update(section.body)
        for photo in section.photos:
            transcribed.update(text for text in (photo.caption, photo.byline, photo.credit) if text)

    assert transcribed <= set(seed_lines)
    assert set(seed_lines) - transcribed == {
        "To read this photo gallery in Azerbaijani, click here",
        "Read now",
    }
    assert gallery.title in [line.strip() for line in seed_text.splitlines()]
    assert gallery.title == "Azerbaijan: The impact of three decades of humanitarian action"
    assert gallery.date.isoformat() == "2025-09-01"


# ---------------------------------------------------------------- vocabulary, places, archive


def test_programmes_are_the_controlled_vocabulary() -> None:
    programmes = load_programmes()

    assert [name for name, _ in programmes] == PROGRAMMES
    assert all(description.endswith(".") for _, description in programmes)


def test_every_photo_has_a_known_place_and_programme(manifest: DemoManifest) -> None:
    for photo in manifest.photos:
        assert manifest.place(photo.place).name == photo.place[-1]
        assert photo.programme in PROGRAMMES


def test_alternate_spellings_are_recorded(manifest: DemoManifest) -> None:
    azerbaijan = manifest.place(("Azerbaijan",))
    sadarak = manifest.place(("Azerbaijan", "Nakhchivan", "Sadarak"))

    assert {"Saradak", "Sədərək"} <= set(sadarak.alternate_names)
    assert {"Agstafa", "Ağstafa"} <= set(
        manifest.place(("Azerbaijan", "Aghstafa district")).alternate_names
    )
    assert "Bakı" in manifest.place(("Azerbaijan", "Baku")).alternate_names
    assert [child.name for child in azerbaijan.children] == [
        "Baku", "Aghdam district", "Barda", "Tartar", "Naftalan", "Gadabay", "Aghstafa district",
        "Nakhchivan",
    ]  # fmt: skip


def test_the_archive_fills_the_timeline_and_the_facets(manifest: DemoManifest) -> None:
    archive = manifest.archive
    gallery_ids = {photo.id for photo in manifest.gallery.photos}
    years = {photo.year for photo in manifest.photos if photo.year}
    precisions = Counter(photo.date_precision for photo in archive)
    restrictions = Counter(photo.restriction for photo in archive)

    assert 30 <= len(archive) <= 40
    assert not gallery_ids & {photo.id for photo in archive}
    assert (min(years), max(years)) == (1992, 2024)
    assert len(years) >= 20
    assert precisions[DatePrecision.DECADE] >= 2
    assert precisions[DatePrecision.UNKNOWN] >= 2
    assert restrictions[Restriction.RESTRICTED] >= 3
    assert restrictions[Restriction.INTERNAL] >= 2
    assert {photo.programme for photo in archive} == set(PROGRAMMES)
    assert all(photo.restriction is Restriction.OPEN for photo in manifest.gallery.photos)
    names = {photo.photographer.name for photo in archive if photo.photographer}
    assert len(names - {None}) >= 8


def _broken_copy(tmp_path: Path, change: dict[str, object]) -> Path:
    with resources.as_file(packaged_data()) as data:
        shutil.copytree(data, tmp_path / "data")
    gallery_file = tmp_path / "data" / "demo" / "gallery.json"
    gallery = json.loads(gallery_file.read_text(encoding="utf-8"))
    gallery["archive"][0].update(change)
    gallery_file.write_text(json.dumps(gallery), encoding="utf-8")
    return tmp_path / "data"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"programme": "Gardening"}, "programme 'Gardening' is not in programmes.csv"),
        ({"place": ["Azerbaijan", "Atlantis"]}, "place 'Azerbaijan > Atlantis' is not in"),
        ({"restricton": "open"}, "unknown field"),
        ({"kind": "polaroid"}, "'polaroid' is not one of scan, digital"),
        ({"year": None, "month": None, "kind": "digital"}, "a digital photo needs a year"),
    ],
)
def test_an_inconsistent_manifest_is_refused(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    data = _broken_copy(tmp_path, change)

    with pytest.raises(ValueError, match=re.escape(message)):
        load_manifest(data)


# ---------------------------------------------------------------- placeholder pictures


@pytest.fixture(scope="module")
def pictures(manifest: DemoManifest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo-pictures")
    write_pictures(manifest, folder)
    return folder


def test_one_picture_per_photo_in_its_archive_folder(
    manifest: DemoManifest, pictures: Path
) -> None:
    files = sorted(path.relative_to(pictures).as_posix() for path in pictures.rglob("*.jpg"))

    assert files == sorted(str(photo.relative_path) for photo in manifest.photos)
    assert (pictures / "1992-08 Sadarak" / "sadarak-1992-08-displaced-needs.jpg").exists()
    assert (pictures / "Baku" / "2022" / "baku-2022-forensic-training.jpg").exists()
    with Image.open(pictures / "Barda 1997" / "barda-1997-mine-risk-schoolchildren.jpg") as image:
        assert (image.format, image.size) == ("JPEG", (1600, 1067))


def test_pictures_are_the_same_bytes_on_every_run(
    manifest: DemoManifest, pictures: Path, tmp_path: Path
) -> None:
    again = write_pictures(manifest, tmp_path)

    for path in again:
        assert path.read_bytes() == (pictures / path.relative_to(tmp_path)).read_bytes()


def test_existing_pictures_are_kept_and_wrong_sizes_redone(
    manifest: DemoManifest, tmp_path: Path
) -> None:
    small = dataclasses.replace(manifest, archive=manifest.archive[:3])
    first = write_pictures(small, tmp_path, size=(320, 213))
    stamps = [path.stat().st_mtime_ns for path in first]
    Image.new("RGB", (10, 10)).save(first[0], "JPEG")

    second = write_pictures(small, tmp_path, size=(320, 213))

    assert second == first
    assert [path.stat().st_mtime_ns for path in second[1:]] == stamps[1:]
    with Image.open(first[0]) as image:
        assert image.size == (320, 213)


def _tags(path: Path) -> dict[str, Any]:
    with path.open("rb") as file:
        return dict(exifread.process_file(file, details=False))


def _degrees(tags: dict[str, Any], axis: str) -> float:
    degrees, minutes, seconds = (float(value) for value in tags[f"GPS GPS{axis}"].values)
    sign = -1 if tags[f"GPS GPS{axis}Ref"].values in ("S", "W") else 1
    return sign * (degrees + minutes / 60 + seconds / 3600)


def _check_exif(manifest: DemoManifest, photo: DemoPhoto, tags: dict[str, object]) -> None:
    values = {name: getattr(tag, "values", None) for name, tag in tags.items()}
    assert values["Image Make"] == "Photo Archive demo"
    assert values["Image ImageDescription"] == photo.caption
    assert values["Image Copyright"] == "© ICRC"
    assert values["Image Orientation"] == [1]
    artist = photo.photographer.credit if photo.photographer else None
    assert values.get("Image Artist") == artist
    if photo.kind is PhotoKind.DIGITAL:
        taken = str(values["EXIF DateTimeOriginal"])
        assert taken.startswith(f"{photo.year}:")
        assert photo.month is None or taken[5:7] == f"{photo.month:02d}"
    else:
        assert "EXIF DateTimeOriginal" not in values
        assert "Image DateTime" not in values
        assert str(values["EXIF DateTimeDigitized"]).startswith("2015:")


def test_pictures_carry_exif_that_exifread_reads_back(
    manifest: DemoManifest, pictures: Path
) -> None:
    for photo in manifest.photos:
        tags = _tags(pictures.joinpath(*photo.relative_path.parts))
        _check_exif(manifest, photo, dict(tags))
        coordinates = manifest.place(photo.place).coordinates
        if coordinates is None or photo.kind is PhotoKind.SCAN:
            assert "GPS GPSLatitude" not in tags
            continue
        assert _degrees(tags, "Latitude") == pytest.approx(coordinates[0], abs=1e-3)
        assert _degrees(tags, "Longitude") == pytest.approx(coordinates[1], abs=1e-3)


def test_caption_with_non_ascii_letters_survives_as_utf8(
    manifest: DemoManifest, tmp_path: Path
) -> None:
    photo = dataclasses.replace(manifest.archive[0], caption="Bərdə. Ağstafa — “Sədərək”.")
    one = dataclasses.replace(manifest, archive=(photo,))

    path = write_pictures(one, tmp_path, size=(320, 213))[-1]

    assert _tags(path)["Image ImageDescription"].values == "Bərdə. Ağstafa — “Sədərək”."
