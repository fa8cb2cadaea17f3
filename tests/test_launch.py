"""Launch speed: opening an up-to-date catalogue loads no more than it needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from photoarchive.catalogue.database import head_revision, numbered_head, open_catalogue


def test_numbered_head_is_alembics_head() -> None:
    assert numbered_head() == head_revision()


def test_opening_an_up_to_date_catalogue_does_not_load_alembic(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.sqlite"
    open_catalogue(path).close()  # created and brought to the head revision
    script = (
        "import sys\n"
        "from photoarchive.catalogue.database import open_catalogue\n"
        f"open_catalogue({str(path)!r}).close()\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in ('alembic', 'mako')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
