"""Exporting the demo gallery: site, images, PDF, manifest and zip, as a reader would check them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import exifread
from PIL import Image
from sqlalchemy import select, update

from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.galleries import (
    add_photos,
    find_gallery,
    load_gallery,
    set_caption,
)
from photoarchive.catalogue.models import FileLocation, Photo
from photoarchive.catalogue.tagging import TagChange, apply_tags
from photoarchive.catalogue.values import Restriction
from photoarchive.demo.manifest import load_manifest
from photoarchive.export.manifest import read_manifest
from photoarchive.export.options import ExportFormat, ExportOptions
from photoarchive.export.report import ExportReport
from photoarchive.export.run import export_galleries

MANIFEST = load_manifest()
TITLE = MANIFEST.gallery.title
EVERYTHING = frozenset(ExportFormat)
HOSTILE = '<script>alert("caption")</script> & <b>bold</b>'


def export(catalogue: Catalogue, folder: Path, **options: object) -> ExportReport:
    settings = {"workers": 1, **options}
    return export_galleries(catalogue, [TITLE], folder, ExportOptions(**settings))  # type: ignore[arg-type]


def page_of(folder: Path) -> Path:
    [page] = [p for p in folder.glob("*.html") if p.name != "index.html"]
    return page


class Captions(HTMLParser):
    """The texts of the captions and credit lines, and the headings, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "p" and classes in ("caption", "credit"):
            self._open = classes
        elif tag in ("h1", "h2"):
            self._open = tag
        if self._open:
            self.found.append((self._open, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "h1", "h2"):
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            kind, text = self.found[-1]
            self.found[-1] = (kind, text + data)


def read(html: Path) -> list[tuple[str, str]]:
    parser = Captions()
    parser.feed(html.read_text(encoding="utf-8"))
    return parser.found


def pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", path.read_bytes()))


def test_demo_gallery_exports_site_images_pdf_manifest_and_zip(
    demo_copy: Catalogue, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    report = export(demo_copy, out, formats=EVERYTHING)

    gallery = MANIFEST.gallery
    assert report.photos == len(gallery.photos) == 14
    assert not report.left_out
    page = page_of(out)
    booklet = page.with_suffix(".pdf")
    for name in ("index.html", "style.css", "manifest.json", "manifest.csv", "report.txt"):
        assert (out / name).is_file()
    assert len(list((out / "images").rglob("*.jpg"))) == 2 * len(gallery.photos)

    # A title page, a page opening each section, and a page per photo.
    expected_pages = 1 + len(gallery.sections) + len(gallery.photos)
    assert pdf_pages(booklet) == expected_pages == 24
    if shutil.which("pdfinfo"):
        command = ["pdfinfo", str(booklet)]
        info = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        assert re.search(rf"^Pages:\s+{expected_pages}$", info, re.MULTILINE)

    files = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    listed = {row["path"] for row in read_manifest(out)["files"]}
    zip_name = "out.zip"
    assert listed == files - {"manifest.json", "manifest.csv", zip_name}
    with zipfile.ZipFile(out / zip_name) as archive:
        assert set(archive.namelist()) == {f"out/{name}" for name in files - {zip_name}}
        assert archive.testzip() is None
    csv_lines = (out / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0].startswith("path,kind,bytes,sha256") and len(csv_lines) == len(listed) + 1


def test_every_exported_jpeg_has_caption_and_credit_and_no_gps(
    demo_copy: Catalogue, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    formats = {ExportFormat.SITE, ExportFormat.IMAGES, ExportFormat.MANIFEST}
    export(demo_copy, out, formats=formats, max_size=1024)
    rows = [row for row in read_manifest(out)["files"] if row["kind"] in ("image", "small image")]
    assert len(rows) == 28
    for row in rows:
        path = out / row["path"]
        with path.open("rb") as file:
            tags = exifread.process_file(file, details=True)
        assert str(tags["Image ImageDescription"]) == row["caption"]
        if row["photographer"]:
            assert str(tags["Image Artist"]) == row["photographer"]
        assert str(tags["Image Copyright"]) == "© ICRC"
        assert not [key for key in tags if key.startswith("GPS")], row["path"]
        assert not [key for key in tags if "MakerNote" in key or "Serial" in key]
        with Image.open(path) as image:
            assert max(image.size) <= 1024 and image.mode == "RGB"
            assert (image.width, image.height) == (row["width"], row["height"])
            xmp = image.getxmp()["xmpmeta"]["RDF"]["Description"]
            assert xmp["Credit"] == row["credit_line"]
            assert xmp["description"]["Alt"]["li"][0]["text"] == row["caption"]
        assert row["gps_kept"] is False and row["restriction"] == "open"


def test_keep_gps_keeps_the_location_on_purpose(demo_copy: Catalogue, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = export(
        demo_copy, out, formats={ExportFormat.IMAGES, ExportFormat.MANIFEST}, keep_gps=True
    )
    assert "keep their GPS locations" in report.text()
    kept = [r for r in read_manifest(out)["files"] if r["kind"] == "image" and r["gps_kept"]]
    assert kept  # the camera files carry a location; the scanned prints do not
    with (out / kept[0]["path"]).open("rb") as file:
        assert "GPS GPSLatitude" in exifread.process_file(file, details=False)


def test_the_page_holds_every_caption_and_credit_in_order_and_escapes_markup(
    demo_copy: Catalogue, tmp_path: Path
) -> None:
    with demo_copy.transaction() as session:
        state = load_gallery(session, find_gallery(session, TITLE))
        set_caption(session, state.items[1].id, HOSTILE)
    out = tmp_path / "out"
    export(demo_copy, out, formats={ExportFormat.SITE})

    found = read(page_of(out))
    captions = [text for kind, text in found if kind == "caption"]
    credits = [text for kind, text in found if kind == "credit"]
    expected = [photo.caption for photo in MANIFEST.gallery.photos]
    assert captions == [HOSTILE, *expected[1:]]
    assert len(credits) == len(expected)
    assert credits[0] == "Baku, 2022. Ingy Sedky/ICRC"  # as the seed page prints it
    assert "Barda, 1997. Boris Heger/ICRC" in credits
    assert credits[-1] == "Sadarak, Nakhchivan, 1992. Anne Rochegude/ICRC"
    headings = [text for kind, text in found if kind == "h2"]
    assert headings == [s.heading for s in MANIFEST.gallery.sections if s.heading]

    html = page_of(out).read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;" in html
    for text in [html, (out / "index.html").read_text(), (out / "style.css").read_text()]:
        assert not re.search(r"https?:|(?:src|href)=\"//|url\(", text)
    assert not (out / "images").exists() or list((out / "images").rglob("*.jpg"))


def test_a_second_language_falls_back_to_the_first(demo_copy: Catalogue, tmp_path: Path) -> None:
    out = tmp_path / "out"
    export(demo_copy, out, formats={ExportFormat.SITE}, language="az")
    html = page_of(out).read_text(encoding="utf-8")
    assert '<html lang="az">' in html
    assert "<h1>Azərbaycan: üç onillik humanitar fəaliyyətin təsiri</h1>" in html
    assert "<h2>Azərbaycan Qızıl Aypara Cəmiyyəti ilə tərəfdaşlıq</h2>" in html
    assert '<h2 lang="en">Visiting Places of Detention</h2>' in html
    assert '<p class="intro" lang="en">In the early 1990s' in html


def test_restricted_photos_are_left_out_and_internal_ones_flagged(
    demo_copy: Catalogue, tmp_path: Path
) -> None:
    with demo_copy.transaction() as session:
        gallery = find_gallery(session, TITLE)
        state = load_gallery(session, gallery)
        restricted, internal = state.photo_ids[2], state.photo_ids[3]
        apply_tags(session, [restricted], TagChange(restriction=Restriction.RESTRICTED))
        apply_tags(session, [internal], TagChange(restriction=Restriction.INTERNAL))
        archive = session.scalars(
            select(Photo.id).where(
                Photo.restriction == Restriction.RESTRICTED, Photo.id != restricted
            )
        ).all()
        add_photos(session, gallery, archive)
    out = tmp_path / "out"
    report = export(demo_copy, out, formats={ExportFormat.SITE, ExportFormat.MANIFEST})

    left_out = {item.photo_id: item.reason for item in report.left_out}
    assert set(left_out) == {restricted, *archive} and len(left_out) == 1 + len(archive) > 1
    assert all(reason.startswith("restricted") for reason in left_out.values())
    # The archivist's report describes each photo left out; the copy in the export, which
    # may be published, names it by number only, and not the folder it was written to.
    label = next(o.label for o in report.left_out if o.photo_id == restricted)
    assert f"{label} in " in report.text()
    text = (out / "report.txt").read_text(encoding="utf-8")
    assert f"photo {restricted} in " in text and "Left out" in text and label not in text
    assert str(tmp_path) not in text + (out / "report.json").read_text()
    written = json.loads((out / "report.json").read_text())["left_out"]
    assert {o["photo_id"] for o in written} == set(left_out) and "label" not in written[0]
    rows = read_manifest(out)["files"]
    exported = {row["photo_id"] for row in rows if row["photo_id"]}
    assert restricted not in exported and not exported & set(archive)
    assert {row["photo_id"] for row in rows if "internal" in row["flags"]} == {internal}
    assert f"photo {internal} (" in text.split("Flagged")[1]

    again = export(
        demo_copy,
        out,
        formats={ExportFormat.IMAGES, ExportFormat.MANIFEST},
        include_restricted=True,
        force=True,
    )
    assert not again.left_out
    flagged = {
        row["photo_id"] for row in read_manifest(out)["files"] if "restricted" in row["flags"]
    }
    assert flagged == {restricted, *archive}


def test_a_missing_original_is_reported_and_skipped(demo_copy: Catalogue, tmp_path: Path) -> None:
    with demo_copy.transaction() as session:
        state = load_gallery(session, find_gallery(session, TITLE))
        gone = state.photo_ids[0]
        session.execute(
            update(FileLocation)
            .where(FileLocation.photo_id == gone)
            .values(relative_path="Baku/2022/gone.jpg")
        )
    out = tmp_path / "out"
    report = export(demo_copy, out)
    [missing] = report.left_out
    assert missing.photo_id == gone and missing.reason.startswith("original missing (")
    assert "gone.jpg" in missing.reason
    assert report.photos == 13
    assert pdf_pages(page_of(out).with_suffix(".pdf")) == 23
    assert "original missing" in (out / "report.txt").read_text(encoding="utf-8")
