"""Nothing unsafe on disk: safe names, the destination rules, and all-or-nothing exports."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from photoarchive.catalogue.database import Catalogue, open_catalogue
from photoarchive.catalogue.galleries import add_section, create_gallery
from photoarchive.errors import PhotoArchiveError
from photoarchive.export import safety, site
from photoarchive.export.options import ExportFormat, ExportOptions, ExportProgress, WorkerKind
from photoarchive.export.run import export_galleries
from photoarchive.export.safety import check_destination, inside, safe_name, unique_name
from photoarchive.importer.pipeline import CancelToken, import_folders
from tests.images import write_jpeg

HOSTILE_TITLE = "../../etc/<Bərdə>\u202e\x00 1997/..\\CON"
SAFE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*-?")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Barda, 1997", "barda-1997"),
        ("../../etc/passwd", "etc-passwd"),
        ("..", "untitled"),
        ("", "untitled"),
        ("a\x00b\x1fc\u202ed\u200be", "a-b-c-d-e"),
        ("Bərdə / Ağdam", "barda-agdam"),
        ("ﬁle", "file"),
        ("Тартар", "untitled"),
        ("CON", "con-"),
        ("com1", "com1-"),
        ("x" * 80, "x" * 60),
        ("word " * 20, "-".join(["word"] * 12)),
    ],
)
def test_safe_names(text: str, expected: str) -> None:
    assert safe_name(text) == expected


@given(st.text(max_size=200))
def test_a_safe_name_never_leaves_its_folder(text: str) -> None:
    name = safe_name(text, fallback="gallery")
    assert SAFE.fullmatch(name) and len(name) <= 61


def test_unique_names_and_paths_inside(tmp_path: Path) -> None:
    taken: set[str] = set()
    assert [unique_name("a", taken) for _ in range(3)] == ["a", "a-2", "a-3"]
    assert inside(tmp_path, "images/a.jpg") == tmp_path / "images" / "a.jpg"
    for escape in ("../a", "/etc/passwd", "images/../../a"):
        with pytest.raises(ValueError, match="outside the export"):
            inside(tmp_path, escape)


# ---------------------------------------------------------------- a small catalogue


@pytest.fixture
def small(tmp_path: Path) -> Iterator[tuple[Catalogue, Path]]:
    """A catalogue of three photos in a gallery with a hostile title, and their folder."""
    photos = tmp_path / "photos"
    for number in range(3):
        write_jpeg(
            photos / f"{number}.jpg",
            seed=number,
            size=(300, 200),
            taken=datetime(2020 + number, 5, 1, 12),
            description=f"Photo {number}",
            artist="Ingy Sedky/ICRC",
            gps=(40.4, 49.8),
        )
    with open_catalogue(tmp_path / "small.sqlite") as catalogue:
        import_folders(catalogue, [photos], worker_kind="inline")
        with catalogue.transaction() as session:
            gallery = create_gallery(session, HOSTILE_TITLE, [1, 2, 3]).gallery_id
            add_section(session, gallery, 1, heading="Middle", body="Text")
        yield catalogue, photos


def listing(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


def test_a_hostile_title_writes_only_inside_the_destination(
    small: tuple[Catalogue, Path], tmp_path: Path
) -> None:
    catalogue, _ = small
    before = set(tmp_path.iterdir())
    out = tmp_path / "out"
    report = export_galleries(
        catalogue, [HOSTILE_TITLE], out, ExportOptions(formats=frozenset(ExportFormat), workers=1)
    )
    assert report.photos == 3
    assert set(tmp_path.iterdir()) == before | {out}
    names = listing(out)
    assert "etc-barda-1997-con.html" in names and "etc-barda-1997-con.pdf" in names
    assert all(
        SAFE.fullmatch(part.removesuffix(".jpg").removesuffix(".html")) or "." in part
        for name in names
        for part in Path(name).parts
    )


def test_an_earlier_export_is_replaced_only_with_force(
    small: tuple[Catalogue, Path], tmp_path: Path
) -> None:
    catalogue, _ = small
    out = tmp_path / "out"
    options = ExportOptions(formats=frozenset({ExportFormat.SITE}), workers=1)
    export_galleries(catalogue, [HOSTILE_TITLE], out, options)
    first = listing(out)
    with pytest.raises(PhotoArchiveError, match="is not empty; choose another one"):
        export_galleries(catalogue, [HOSTILE_TITLE], out, options)
    assert listing(out) == first

    (out / "stale.txt").write_text("from the earlier export")
    forced = ExportOptions(formats=frozenset({ExportFormat.MANIFEST}), workers=1, force=True)
    export_galleries(catalogue, [HOSTILE_TITLE], out, forced)
    assert "stale.txt" not in listing(out) and "manifest.json" in listing(out)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_force_never_replaces_a_folder_that_is_not_an_export(
    small: tuple[Catalogue, Path], tmp_path: Path
) -> None:
    catalogue, photos = small
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "letter.txt").write_text("keep me")
    options = ExportOptions(workers=1, force=True)
    with pytest.raises(PhotoArchiveError, match="holds no Photo Archive export"):
        export_galleries(catalogue, [HOSTILE_TITLE], documents, options)
    with pytest.raises(PhotoArchiveError, match="holds originals"):
        export_galleries(catalogue, [HOSTILE_TITLE], tmp_path, options)
    with pytest.raises(PhotoArchiveError, match="inside the library folder"):
        export_galleries(catalogue, [HOSTILE_TITLE], photos / "export", options)
    assert (documents / "letter.txt").read_text() == "keep me"


def test_bad_destinations_get_one_line_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(PhotoArchiveError, match="does not exist; create it first"):
        check_destination(tmp_path / "no" / "out", force=False)
    (tmp_path / "file").write_text("x")
    with pytest.raises(PhotoArchiveError, match="is not a folder"):
        check_destination(tmp_path / "file", force=False)
    (tmp_path / "empty").mkdir()
    assert check_destination(tmp_path / "empty", force=False) == tmp_path / "empty"
    # Root may write anywhere, so the permission check is shown failing by hand.
    monkeypatch.setattr(safety.os, "access", lambda *_args: False)
    with pytest.raises(PhotoArchiveError, match=r"Cannot write in .*: permission denied"):
        check_destination(tmp_path / "out", force=False)


def test_a_cancelled_export_leaves_everything_as_it_was(
    small: tuple[Catalogue, Path], tmp_path: Path
) -> None:
    catalogue, _ = small
    out = tmp_path / "out"
    export_galleries(catalogue, [HOSTILE_TITLE], out, ExportOptions(workers=1))
    earlier = listing(out)
    before = sorted(tmp_path.iterdir())

    cases: list[tuple[int, WorkerKind, str]] = [
        (1, "thread", "images"),
        (2, "thread", "images"),
        (2, "process", "images"),
        (1, "thread", "pdf"),
    ]
    for workers, kind, phase in cases:
        cancel, seen = CancelToken(), []

        def stop_in_phase(
            progress: ExportProgress,
            token: CancelToken = cancel,
            seen: list[ExportProgress] = seen,
            phase: str = phase,
        ) -> None:
            seen.append(progress)
            if progress.phase == phase and progress.done >= 1:
                token.cancel()

        options = ExportOptions(workers=workers, worker_kind=kind, force=True)
        report = export_galleries(
            catalogue, [HOSTILE_TITLE], out, options, progress=stop_in_phase, cancel=cancel
        )
        assert report.cancelled and "left as it was" in report.text()
        assert seen[-1].phase == phase
        assert listing(out) == earlier and sorted(tmp_path.iterdir()) == before


def test_a_failed_export_leaves_nothing_behind(
    small: tuple[Catalogue, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue, _ = small

    def disk_full(*_args: object, **_kwargs: object) -> list[str]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(site, "write_site", disk_full)
    with pytest.raises(PhotoArchiveError, match=r"Cannot write the export: .*No space left"):
        export_galleries(catalogue, [HOSTILE_TITLE], tmp_path / "out", ExportOptions(workers=1))
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_worker_threads_and_processes_give_the_same_export(
    small: tuple[Catalogue, Path], tmp_path: Path
) -> None:
    catalogue, _ = small
    formats = frozenset({ExportFormat.IMAGES})
    runs: dict[str, tuple[int, WorkerKind]] = {
        "inline": (1, "thread"),
        "threads": (2, "thread"),
        "processes": (2, "process"),
    }
    for name, (workers, kind) in runs.items():
        options = ExportOptions(formats, workers=workers, worker_kind=kind)
        export_galleries(catalogue, [HOSTILE_TITLE], tmp_path / name, options)
    exported = {name: contents(tmp_path / name) for name in runs}
    assert len([k for k in exported["inline"] if k.endswith(".jpg")]) == 3
    assert exported["threads"] == exported["inline"] == exported["processes"]


def contents(folder: Path) -> dict[str, bytes]:
    """Every image's bytes (the report says when it was made, so it is left out)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*.jpg")}


def test_a_zip_alone_keeps_only_the_zip_and_the_report(
    small: tuple[Catalogue, Path], tmp_path: Path
) -> None:
    catalogue, _ = small
    out = tmp_path / "Out Folder"
    options = ExportOptions(formats=frozenset({ExportFormat.ZIP}), workers=1)
    report = export_galleries(catalogue, [HOSTILE_TITLE], out, options)
    assert sorted(p.name for p in out.iterdir()) == ["out-folder.zip", "report.json", "report.txt"]
    assert report.formats == ("site", "images", "pdf", "manifest", "zip")


def test_unknown_galleries_and_options_are_the_users_errors(
    small: tuple[Catalogue, Path], tmp_path: Path
) -> None:
    catalogue, _ = small
    with pytest.raises(PhotoArchiveError, match='no gallery called "Nowhere"'):
        export_galleries(catalogue, ["Nowhere"], tmp_path / "out")
    with pytest.raises(PhotoArchiveError, match="between 64 and 20000"):
        ExportOptions(max_size=10)
    assert not (tmp_path / "out").exists()
