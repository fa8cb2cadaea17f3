"""`photoarchive galleries` and `photoarchive export`, driven as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from photoarchive.catalogue.database import Catalogue
from photoarchive.cli import main
from photoarchive.demo.manifest import load_manifest

TITLE = load_manifest().gallery.title


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_galleries_lists_the_demo_gallery(
    demo_copy: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(demo_copy.sqlite_path)
    code, out, _ = run(capsys, "--catalogue", url, "galleries", "--json")
    assert code == 0
    [gallery] = json.loads(out)
    assert (gallery["title"], gallery["photos"], gallery["sections"]) == (TITLE, 14, 9)
    assert gallery["items"] == 23 and gallery["languages"] == ["en", "az"]
    code, out, _ = run(capsys, "--catalogue", url, "galleries")
    assert out.strip().endswith(f"{TITLE}  (14 photos, 9 sections; en, az)")


def test_export_prints_the_report_and_refuses_to_overwrite(
    demo_copy: Catalogue, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url, out = str(demo_copy.sqlite_path), tmp_path / "site"
    args = ["--catalogue", url, "export", TITLE.upper(), "--to", str(out), "--format", "site"]
    code, text, err = run(capsys, *args, "--quiet")
    assert code == 0, err
    assert text.startswith(f"Exported 1 gallery (14 photos) to {out}: site")
    assert "No photo was left out." in text and (out / "index.html").is_file()

    code, _, err = run(capsys, *args)
    assert code == 1 and err.count("\n") == 1 and "not empty" in err and "--force" in err
    code, _, err = run(capsys, *args, "--force", "--max-size", "600", "--language", "az")
    assert code == 0, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Nowhere"], 'There is no gallery called "Nowhere"'),
        ([TITLE, "--format", "site,gif"], '"gif" is not an export format'),
        ([TITLE, "--language", "english"], '"english" is not a language code'),
        ([TITLE, "--max-size", "5"], "between 64 and 20000"),
    ],
)
def test_export_mistakes_get_one_line(
    demo_copy: Catalogue,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    args: list[str],
    message: str,
) -> None:
    out = tmp_path / "out"
    code, _, err = run(
        capsys, "--catalogue", str(demo_copy.sqlite_path), "export", *args, "--to", str(out)
    )
    assert code == 1 and err.startswith("photoarchive: ") and err.count("\n") == 1
    assert message in err and not out.exists()
