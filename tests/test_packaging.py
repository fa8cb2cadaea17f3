"""Packaging: the wheel carries what the program loads, and the desktop files are valid."""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.photoarchive.PhotoArchive"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
OFFLINE_SIGNS = ("No matching distribution", "Could not find a version", "NewConnectionError")


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian: desktop-file-utils, appstream)")
    return path


def test_the_desktop_file_is_valid() -> None:
    desktop = LINUX / f"{APP_ID}.desktop"
    result = subprocess.run(
        [tool("desktop-file-validate"), str(desktop)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    text = desktop.read_text(encoding="utf-8")
    for line in (
        "Exec=photoarchive %F",
        f"Icon={APP_ID}",
        "Categories=Graphics;Photography;",
        "MimeType=inode/directory;",
    ):
        assert line in text.splitlines()


def test_the_appstream_metainfo_is_valid() -> None:
    metainfo = LINUX / f"{APP_ID}.metainfo.xml"
    result = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", str(metainfo)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    root = ElementTree.parse(metainfo).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("content_rating") is not None
    assert root.find("releases/release") is not None
    images = [image.text or "" for image in root.iter("image")]
    assert images and all(re.search(r"/docs/screenshots/[\w-]+\.png$", url) for url in images)


def test_the_icon_is_rendered_at_every_size() -> None:
    theme = LINUX / "icons" / "hicolor"
    for size in ICON_SIZES:
        with Image.open(theme / f"{size}x{size}" / "apps" / f"{APP_ID}.png") as image:
            assert image.size == (size, size)
            assert image.mode == "RGBA"
    assert (theme / "scalable" / "apps" / f"{APP_ID}.svg").is_file()


def test_the_flatpak_manifest_is_yaml() -> None:
    yaml = pytest.importorskip("yaml", reason="PyYAML is not installed")
    manifest = yaml.safe_load(
        (ROOT / "packaging" / "flatpak" / f"{APP_ID}.yml").read_text(encoding="utf-8")
    )
    assert manifest["app-id"] == APP_ID
    assert manifest["command"] == "photoarchive"
    assert any(isinstance(m, dict) and m["name"] == "photoarchive" for m in manifest["modules"])


def build_wheel(folder: Path) -> Path:
    """The project's wheel, built with the venv's hatchling (no download) when it is there."""
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(folder)]
    if _has("hatchling"):
        command.append("--no-build-isolation")
    result = subprocess.run([*command, str(ROOT)], capture_output=True, text=True, check=False)
    if result.returncode != 0 and any(sign in result.stderr for sign in OFFLINE_SIGNS):
        pytest.skip(f"cannot build the wheel offline: {result.stderr.strip().splitlines()[-1]}")
    assert result.returncode == 0, result.stderr
    (wheel,) = folder.glob("photoarchive-*.whl")
    return wheel


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def clean_env(home: Path, venv: Path) -> dict[str, str]:
    return {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(home),
        "PHOTOARCHIVE_HOME": str(home / "photoarchive"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }


@pytest.mark.slow
def test_the_wheel_installs_in_a_fresh_venv_and_passes_its_self_test(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path / "dist")
    names = zipfile.ZipFile(wheel).namelist()
    doubled = [name for name, count in collections.Counter(names).items() if count > 1]
    assert not doubled, f"files twice in the wheel: {doubled}"
    for expected in (
        "photoarchive/data/programmes.csv",
        "photoarchive/data/demo/gallery.json",
        "photoarchive/resources/icons/photoarchive.svg",
        "photoarchive/resources/templates/gallery.html.j2",
        "photoarchive/catalogue/migrations/env.py",
    ):
        assert expected in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    if install.returncode != 0 and any(sign in install.stderr for sign in OFFLINE_SIGNS):
        pytest.skip(f"cannot install the dependencies offline: {install.stderr.strip()[-200:]}")
    assert install.returncode == 0, install.stderr

    env = clean_env(tmp_path / "home", venv)
    where = subprocess.run(
        ["python", "-c", "import photoarchive; print(photoarchive.__file__)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(venv)), "the test ran the source tree, not the wheel"
    version = subprocess.run(
        ["photoarchive", "--version"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert version.returncode == 0 and version.stdout.startswith("photoarchive "), version.stderr
    selftest = subprocess.run(
        ["photoarchive", "--self-test"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert selftest.returncode == 0, selftest.stderr
    assert "self-test passed" in selftest.stdout
    kept = [path.name for path in (tmp_path / "home" / "photoarchive").iterdir()]
    assert kept == ["log"]  # the demo archive was temporary
