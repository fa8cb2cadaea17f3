"""The window's item models, grid geometry, house credit line and photo removal, piece by piece."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QRect, QSize
from PySide6.QtGui import QImage
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from photoarchive.catalogue.credits import house_credit
from photoarchive.catalogue.database import Catalogue
from photoarchive.catalogue.import_log import ImportErrors
from photoarchive.catalogue.models import FileLocation, Photo, Thumbnail
from photoarchive.catalogue.query import FacetCounts, PhotoFilter, Sort, ValueCounts, photo_ids
from photoarchive.catalogue.records import PhotoRecord, photo_records
from photoarchive.catalogue.removal import delete_photos
from photoarchive.catalogue.values import DatePrecision, Restriction
from photoarchive.catalogue.vocabulary import Vocabulary, facet_vocabulary
from photoarchive.gui import describe
from photoarchive.gui.dialogs import ImportErrorModel
from photoarchive.gui.facet_models import FacetRole, PlaceTreeModel, TermListModel
from photoarchive.gui.facets import FacetPanel
from photoarchive.gui.grid import GridView
from photoarchive.gui.photo_model import PhotoModel, PhotoRole
from photoarchive.gui.thumbnails import GridLoader
from tests.catalogue_factory import Synthetic, fill_catalogue

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def synthetic(catalogue: Catalogue) -> Synthetic:
    with catalogue.transaction() as session:
        filled = fill_catalogue(session, 300, seed=3)
        jpeg = _jpeg_bytes()
        session.add_all(
            Thumbnail(photo_id=row["id"], width=32, height=24, data=jpeg)
            for row in filled.photos[:200]
        )
    return filled


def _jpeg_bytes() -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    image = QImage(32, 24, QImage.Format.Format_RGB32)
    image.fill(0x336699)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")
    return bytes(data.data())


@pytest.fixture
def loader(qapp: object, catalogue: Catalogue) -> Iterator[GridLoader]:
    grid_loader = GridLoader(catalogue)
    yield grid_loader
    grid_loader.close()


@pytest.fixture
def model(loader: GridLoader, catalogue: Catalogue, synthetic: Synthetic) -> PhotoModel:
    photo_model = PhotoModel(loader)
    with catalogue.session() as session:
        photo_model.set_photos(photo_ids(session, PhotoFilter()), Sort.DATE)
    return photo_model


# ---------------------------------------------------------------- the photo model


def test_photo_model_passes_the_model_tester(qtmodeltester: ModelTester, model: PhotoModel) -> None:
    qtmodeltester.check(model)


def test_rows_are_read_on_demand_off_the_gui_thread(
    qtbot: QtBot, model: PhotoModel, catalogue: Catalogue
) -> None:
    index = model.index(250)
    assert index.data(PhotoRole.ID) == model.ids[250]
    assert index.data(PhotoRole.RECORD) is None  # asked for, not read yet
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        pass
    qtbot.waitUntil(lambda: index.data(PhotoRole.RECORD) is not None, timeout=5000)
    with catalogue.session() as session:
        expected = photo_records(session, [model.ids[250]])[0]
    assert index.data(PhotoRole.RECORD) == expected
    assert index.data(PhotoRole.DISPLAY) == (expected.caption or "").split("\n")[0]
    assert index.data(PhotoRole.DETAIL) == describe.detail_line(expected)
    # One page was read, not every row.
    assert model.cached_record(model.ids[0]) is None


def test_thumbnails_arrive_as_images_scaled_for_the_screen(
    qtbot: QtBot, model: PhotoModel, synthetic: Synthetic
) -> None:
    model.set_thumbnail_box(QSize(160, 120), 2.0)
    with_thumbnail = {row["id"] for row in synthetic.photos[:200]}
    row = next(r for r, pid in enumerate(model.ids) if pid in with_thumbnail)
    assert model.index(row).data(PhotoRole.THUMBNAIL) is None
    qtbot.waitUntil(lambda: model.index(row).data(PhotoRole.THUMBNAIL) is not None, timeout=5000)
    image = model.index(row).data(PhotoRole.THUMBNAIL)
    assert isinstance(image, QImage)
    assert image.devicePixelRatio() == 2.0
    assert (image.width(), image.height()) == (320, 240)  # 32 x 24 fitted to 320 x 240 pixels
    without = next(r for r, pid in enumerate(model.ids) if pid not in with_thumbnail)
    model.index(without).data(PhotoRole.THUMBNAIL)
    qtbot.waitUntil(lambda: model.cached_thumbnail(model.ids[without]) is not None, timeout=5000)
    assert model.index(without).data(PhotoRole.THUMBNAIL).isNull()  # "no preview", not pending


def test_a_reset_drops_the_pending_reads_of_the_old_filter(
    qtbot: QtBot, model: PhotoModel, catalogue: Catalogue
) -> None:
    for row in range(0, 300, 40):
        model.index(row).data(PhotoRole.RECORD)
    with catalogue.session() as session:
        narrowed = photo_ids(session, PhotoFilter(restrictions=frozenset({Restriction.OPEN})))
    model.set_photos(narrowed, Sort.DATE)
    assert model.rowCount() == len(narrowed)
    qtbot.waitUntil(lambda: model.index(0).data(PhotoRole.RECORD) is not None, timeout=5000)
    assert model.index(0).data(PhotoRole.ID) == narrowed[0]


# ---------------------------------------------------------------- facet models


def test_facet_models_pass_the_model_tester(
    qtmodeltester: ModelTester, catalogue: Catalogue, synthetic: Synthetic
) -> None:
    with catalogue.session() as session:
        vocabulary = facet_vocabulary(session)
    places = PlaceTreeModel()
    places.set_places(vocabulary.places)
    places.set_counts(dict.fromkeys(synthetic.places, 3))
    qtmodeltester.check(places)
    programmes = TermListModel()
    programmes.set_entries(vocabulary.programmes.items())
    qtmodeltester.check(programmes)


def test_place_tree_nests_places_and_shows_counts(
    catalogue: Catalogue, synthetic: Synthetic
) -> None:
    with catalogue.session() as session:
        vocabulary = facet_vocabulary(session)
    model = PlaceTreeModel()
    assert model.set_places(vocabulary.places)
    assert not model.set_places(vocabulary.places)  # unchanged: no reset
    countries = [p for p, (parent, _, _) in synthetic.places.items() if parent is None]
    assert model.rowCount() == len(countries)
    first = model.index(0, 0)
    assert model.rowCount(first) == 4  # regions per country in the factory's default tree
    region = model.index(0, 0, first)
    assert model.parent(region) == first
    model.set_counts({region.data(FacetRole.KEY): 12})
    assert region.data(FacetRole.COUNT) == 12
    assert "12 photos" in region.data(0x03)  # the tooltip


def test_facet_panel_keeps_a_selection_when_the_vocabulary_grows(
    qtbot: QtBot, catalogue: Catalogue, synthetic: Synthetic
) -> None:
    panel = FacetPanel()
    qtbot.addWidget(panel)
    with catalogue.session() as session:
        vocabulary = facet_vocabulary(session)
    panel.set_vocabulary(vocabulary)
    programme = next(iter(vocabulary.programmes))
    with qtbot.waitSignal(panel.changed):
        panel.select(panel.programme_view, {programme})
    assert panel.choice().programmes == {programme}
    grown = Vocabulary(vocabulary.places, {**vocabulary.programmes, 999: "A new programme"}, {})
    panel.set_vocabulary(grown)
    assert panel.choice().programmes == {programme}
    counts = FacetCounts(ValueCounts(), ValueCounts({programme: 7}), ValueCounts(), {})
    panel.set_counts(counts)
    row = panel.programmes.row_of(programme)
    assert row is not None
    assert panel.programmes.index(row).data(FacetRole.COUNT) == 7


def test_import_error_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    errors = ImportErrors(1, (("/a/b.jpg", "not an image"), ("/a/c.tif", "truncated")))
    model = ImportErrorModel(errors)
    qtmodeltester.check(model)
    assert model.index(1, 1).data() == "truncated"


# ---------------------------------------------------------------- the grid


def test_grid_geometry_and_selection_at_100000_rows(qtbot: QtBot, loader: GridLoader) -> None:
    model = PhotoModel(loader)
    model.set_photos(list(range(1, 100_001)), Sort.DATE)
    grid = GridView()
    qtbot.addWidget(grid)
    grid.setModel(model)
    grid.resize(900, 600)
    grid.show()
    qtbot.waitExposed(grid)
    columns = grid.viewport().width() // grid.cells.min_cell_width()
    last = model.index(99_999)
    grid.scrollTo(last)
    rect = grid.visualRect(last)
    assert grid.viewport().rect().contains(rect.center())
    assert grid.indexAt(rect.center()) == last
    assert grid.indexAt(QPoint(grid.viewport().width() - 1, -5)) == QModelIndex()
    grid.scrollTo(model.index(0))
    first_two_lines = QRect(
        0, 0, grid.viewport().width(), grid.visualRect(model.index(0)).height() + 5
    )
    grid.setSelection(first_two_lines, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert len(grid.selectionModel().selectedIndexes()) == 2 * columns
    grid.selectAll()
    selection = grid.selectionModel().selection()
    assert (
        sum(run.height() for run in (selection.at(i) for i in range(selection.size()))) == 100_000
    )


# ---------------------------------------------------------------- words and removal


BAKU_2022 = PhotoRecord(
    id=1, content_hash="0" * 64, paths=(), online=True, width=1, height=1, format="JPEG",
    date_taken=datetime(2022, 3, 14, 10, 22), date_precision=DatePrecision.EXACT,
    date_circa=False, date_source=None, year=2022, digitised_at=None, make=None, model=None,
    latitude=None, longitude=None, orientation=None, caption=None, creator=None, copyright=None,
    place_id=1, place="Baku", place_path=("Azerbaijan", "Baku"), programme_id=None,
    programme=None, photographer_id=1, photographer="Ingy Sedky",
    credit_line="Ingy Sedky/ICRC", restriction=Restriction.OPEN, imported_at=datetime(2024, 1, 1),
)  # fmt: skip


def _record(**values: Any) -> PhotoRecord:
    return dataclasses.replace(BAKU_2022, **values)


def test_house_credit_line_and_dates() -> None:
    assert house_credit(_record()) == "Baku, 2022. Ingy Sedky/ICRC"
    assert describe.date_text(_record()) == "14 March 2022, 10:22"
    decade = _record(date_taken=datetime(1990, 1, 1), date_precision=DatePrecision.DECADE,
                     date_circa=True, credit_line=None, year=None)  # fmt: skip
    assert house_credit(decade) == "Baku, circa 1990s"
    undated = _record(
        date_taken=None, date_precision=DatePrecision.UNKNOWN, place=None, place_path=()
    )
    assert house_credit(undated) == "Ingy Sedky/ICRC"
    assert describe.date_text(undated) == "Undated"


def test_delete_photos_removes_rows_thumbnails_and_locations_not_files(
    catalogue: Catalogue, synthetic: Synthetic, tmp_path: Path
) -> None:
    original = tmp_path / "original.jpg"
    original.write_bytes(b"not touched")
    victims = [row["id"] for row in synthetic.photos[:150:3]]
    with catalogue.transaction() as session:
        assert delete_photos(session, [*victims, victims[0], 10**9]) == len(victims)
    with catalogue.session() as session:
        for model in (Photo, Thumbnail, FileLocation):
            column = model.id if model is Photo else model.photo_id  # type: ignore[attr-defined]
            left = session.scalar(select(func.count()).where(column.in_(victims)))
            assert left == 0, model.__name__
        assert session.scalar(select(func.count()).select_from(Photo)) == 300 - len(victims)
        words = synthetic.photos[0]["caption"].split()[0] if synthetic.photos[0]["caption"] else ""
        if words:
            assert synthetic.photos[0]["id"] not in photo_ids(session, PhotoFilter(text=words))
    assert original.read_bytes() == b"not touched"


def test_originals_are_read_upright_and_scaled(tmp_path: Path) -> None:
    from photoarchive.gui.images import read_original
    from tests.images import write_jpeg

    turned = write_jpeg(tmp_path / "turned.jpg", size=(300, 200), orientation=6)
    before = turned.read_bytes()
    image = read_original(turned, None)
    assert (image.width(), image.height()) == (200, 300)  # EXIF orientation 6: a quarter turn
    small = read_original(turned, (100, 100))
    assert max(small.width(), small.height()) == 100
    assert small.height() > small.width()
    assert turned.read_bytes() == before


def test_a_thumbnail_keeps_its_colours_and_a_damaged_one_is_no_preview() -> None:
    import io

    from PIL import Image

    from photoarchive.gui.thumbnails import thumbnail_image

    out = io.BytesIO()
    Image.new("RGB", (320, 213), (200, 30, 40)).save(out, "JPEG", quality=90)
    image = thumbnail_image(out.getvalue(), QSize(160, 160), 1.0)
    assert image.width() == 160 and image.height() in (106, 107)  # 213 / 2, rounded
    colour = image.pixelColor(80, 50)
    assert abs(colour.red() - 200) < 8 and colour.green() < 40 and colour.blue() < 50
    assert thumbnail_image(out.getvalue()[:300], QSize(160, 160), 1.0).isNull()  # cut short
    png = io.BytesIO()
    Image.new("RGB", (8, 8)).save(png, "PNG")
    assert thumbnail_image(png.getvalue(), QSize(160, 160), 1.0).isNull()  # not a thumbnail
    assert thumbnail_image(b"", QSize(160, 160), 1.0).isNull()
