"""The command line, driven as a user would: import, ls, tag, stats, errors, demo, bad input."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from photoarchive.cli import main
from tests.images import write_jpeg


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo archive built once, through the command a user runs."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PHOTOARCHIVE_HOME", str(folder / "home"))
        assert main(["--catalogue", str(folder / "demo.sqlite"), "demo", "--no-window"]) == 0
    return folder / "demo.sqlite"


@pytest.fixture
def demo_catalogue(demo_template: Path, tmp_path: Path) -> str:
    """A private copy of the demo catalogue (its pictures are shared, and only read)."""
    copy = tmp_path / "demo.sqlite"
    with sqlite3.connect(demo_template) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return str(copy)


def ls_json(capsys: pytest.CaptureFixture[str], url: str, *filters: str) -> list[dict]:  # type: ignore[type-arg]
    code, out, err = run(capsys, "--catalogue", url, "ls", "--json", *filters)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_import_ls_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = str(tmp_path / "c.sqlite")
    write_jpeg(
        tmp_path / "in" / "Barda 1997" / "a.jpg",
        seed=1,
        description="Landmine lesson",
        artist="Boris Heger/ICRC",
    )
    write_jpeg(
        tmp_path / "in" / "b.jpg",
        seed=2,
        taken=datetime(2022, 3, 14, 10, 22, 5),
        gps=(40.41, 49.87),
        orientation=6,
    )
    (tmp_path / "in" / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")

    code, out, _ = run(capsys, "--catalogue", url, "import", str(tmp_path / "in"))
    assert code == 0
    assert "2 imported" in out and "1 failed" in out

    records = ls_json(capsys, url)
    assert [r["date_taken"] for r in records] == ["1997", "2022-03-14T10:22:05"]
    barda, camera = records
    assert barda["date_precision"] == "year" and barda["caption"] == "Landmine lesson"
    assert barda["credit_line"] == "Boris Heger/ICRC"
    assert barda["paths"] == [str(tmp_path / "in" / "Barda 1997" / "a.jpg")]
    assert camera["latitude"] == pytest.approx(40.41, abs=1e-4) and camera["orientation"] == 6
    for key in (
        "id",
        "paths",
        "date_taken",
        "date_precision",
        "make",
        "model",
        "latitude",
        "longitude",
        "orientation",
        "caption",
        "creator",
        "copyright",
        "place",
        "programme",
        "photographer",
        "credit_line",
        "restriction",
    ):
        assert key in camera

    code, out, _ = run(capsys, "--catalogue", url, "errors", "--json")
    assert [Path(e["path"]).name for e in json.loads(out)] == ["broken.jpg"]
    code, out, _ = run(capsys, "--catalogue", url, "errors")
    assert out.startswith(str(tmp_path / "in" / "broken.jpg"))


def test_ls_filters_on_the_demo_archive(demo_catalogue: str, capsys) -> None:  # type: ignore[no-untyped-def]
    tartar = ls_json(
        capsys,
        demo_catalogue,
        "--place",
        "Tartar",
        "--years",
        "2020-2024",
        "--programme",
        "Weapon contamination",
    )
    assert tartar and all(r["place_path"][:2] == ["Azerbaijan", "Tartar"] for r in tartar)
    assert all(2020 <= int(r["date_taken"][:4]) <= 2024 for r in tartar)
    heger = ls_json(capsys, demo_catalogue, "--photographer", "Boris Heger")
    assert heger and {r["credit_line"] for r in heger} == {"Boris Heger/ICRC"}
    landmine = ls_json(capsys, demo_catalogue, "--text", "landmines")
    assert landmine and all("landmine" in (r["caption"] or "").lower() for r in landmine)
    assert ls_json(capsys, demo_catalogue, "--place", "Bakı") == ls_json(
        capsys, demo_catalogue, "--place", "Baku"
    )


def test_tag_by_filter_and_by_id(demo_catalogue: str, capsys) -> None:  # type: ignore[no-untyped-def]
    ids = [r["id"] for r in ls_json(capsys, demo_catalogue, "--place", "Barda")]
    code, out, _ = run(
        capsys,
        "--catalogue",
        demo_catalogue,
        "tag",
        "--place",
        "Barda",
        "--set-restriction",
        "internal",
        "--set-date",
        "c. 1995",
    )
    assert code == 0 and out.strip() == f"Tagged {len(ids)} photos."
    tagged = ls_json(capsys, demo_catalogue, "--place", "Barda")
    assert {(r["restriction"], r["date_taken"], r["date_circa"]) for r in tagged} == {
        ("internal", "1995", True)
    }
    code, _, _ = run(
        capsys,
        "--catalogue",
        demo_catalogue,
        "tag",
        str(ids[0]),
        "--set-place",
        "Azerbaijan > Barda > Barda hospital",
        "--set-photographer",
        "Paul Grabhorn/ICRC",
        "--set-caption",
        "Ward",
    )
    assert code == 0
    [one] = list(ls_json(capsys, demo_catalogue, "--place", "Barda hospital"))
    assert (one["id"], one["caption"], one["credit_line"]) == (ids[0], "Ward", "Paul Grabhorn/ICRC")


def test_stats_counts_match_ls(demo_catalogue: str, capsys) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = run(capsys, "--catalogue", demo_catalogue, "stats", "--json")
    report = json.loads(out)
    everything = ls_json(capsys, demo_catalogue)
    assert report["photos"] == len(everything) == 51
    by_year: dict[str, int] = {}
    for r in everything:
        if r["date_precision"] not in ("decade", "unknown"):
            by_year[r["date_taken"][:4]] = by_year.get(r["date_taken"][:4], 0) + 1
    assert report["years"] == by_year
    assert report["undated"] == sum(r["date_precision"] == "unknown" for r in everything)
    assert report["programmes"]["Weapon contamination"] == len(
        ls_json(capsys, demo_catalogue, "--programme", "Weapon contamination")
    )
    _code, out, _ = run(capsys, "--catalogue", demo_catalogue, "stats")
    assert out.startswith("51 photos") and "Weapon contamination" in out


def test_demo_is_idempotent(  # type: ignore[no-untyped-def]
    demo_catalogue: str, demo_template: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHOTOARCHIVE_HOME", str(demo_template.parent / "home"))
    before = ls_json(capsys, demo_catalogue)
    code, out, _ = run(capsys, "--catalogue", demo_catalogue, "demo", "--no-window")
    assert code == 0 and "0 imported, 51 unchanged" in out
    assert ls_json(capsys, demo_catalogue) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "/no/such/folder"], "does not exist"),
        (["ls", "--programme", "Gardening"], "Unknown programme 'Gardening'"),
        (["ls", "--place", "Atlantis"], "Unknown place 'Atlantis'"),
        (["ls", "--years", "1999-1990"], "ends before it starts"),
        (["ls", "--years", "nineties"], "Not a year range"),
        (["tag", "--place", "Barda"], "Nothing to set"),
        (["tag", "--set-caption", "x"], "Choose photos by id or with filters"),
        (["tag", "99999", "--set-caption", "x"], "No photo with id 99999"),
        (["tag", "1", "--set-date", "31 February 2022"], "February 2022 has no day 31"),
        (["tag", "1", "--set-programme", "Gardening"], "Unknown programme"),
    ],
)
def test_bad_input_gets_one_line_and_changes_nothing(
    demo_catalogue: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = ls_json(capsys, demo_catalogue)
    code, _out, err = run(capsys, "--catalogue", demo_catalogue, *args)
    assert code == 1
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert ls_json(capsys, demo_catalogue) == before


@pytest.mark.parametrize(
    "url", ["postgresql://user@host:notaport/db", "nosuchdb://x/y", "/proc/forbidden/c.sqlite"]
)
def test_bad_catalogue_urls(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--catalogue", url, "ls")
    assert code == 1 and err.startswith("photoarchive: ") and len(err.splitlines()) == 1


def test_read_only_catalogue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = tmp_path / "ro.sqlite"
    assert run(capsys, "--catalogue", str(url), "stats")[0] == 0
    url.chmod(0o444)
    before = url.read_bytes()
    code, _, err = run(capsys, "--catalogue", str(url), "import", str(tmp_path))
    assert code == 1 and "read-only" in err
    assert url.read_bytes() == before


def test_python_dash_m_and_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "photoarchive", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith("photoarchive ")
