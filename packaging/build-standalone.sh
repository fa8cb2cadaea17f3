#!/usr/bin/env bash
# Build the stand-alone one-folder Photo Archive with PyInstaller, then self-test it.
#
#   packaging/build-standalone.sh            # result in build/standalone/dist/photoarchive/
#
# Steps: a fresh build venv (build/standalone/venv), `pip install pyinstaller` and the project
# (a normal, non-editable install: the wheel's data/ and resources/ are what gets frozen),
# `pyinstaller packaging/photoarchive.spec`, the folder's size, and `photoarchive --self-test`
# run offscreen in an environment with nothing but PATH: no Python, no venv, no PYTHONPATH.
# CI does not run this (several minutes); run it before a release. Needs python3-venv, and for
# the frozen window on a desktop the usual libxcb-* and libxkbcommon-x11 of the machine.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build/standalone}
PYTHON=${PYTHON:-python3}
PYINSTALLER_VERSION=${PYINSTALLER_VERSION:->=6.10}

echo "== build venv in $BUILD/venv"
"$PYTHON" -m venv --clear "$BUILD/venv"
"$BUILD/venv/bin/python" -m pip install --quiet --upgrade pip
"$BUILD/venv/bin/python" -m pip install --quiet "pyinstaller$PYINSTALLER_VERSION" "$ROOT"

echo "== pyinstaller"
"$BUILD/venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$BUILD/dist" --workpath "$BUILD/work" "$ROOT/packaging/photoarchive.spec"

APP="$BUILD/dist/photoarchive"
echo "== size"
du -sh "$APP"

echo "== self-test (env -i, offscreen)"
cd "$BUILD"
env -i PATH=/usr/local/bin:/usr/bin:/bin QT_QPA_PLATFORM=offscreen "$APP/photoarchive" --version
env -i PATH=/usr/local/bin:/usr/bin:/bin QT_QPA_PLATFORM=offscreen "$APP/photoarchive" --self-test
