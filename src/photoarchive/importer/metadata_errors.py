"""Guarding photo reads: what damaged files raise or warn of; dropping a field, not the photo."""

from __future__ import annotations

import logging
import re
import struct
import warnings
from collections.abc import Callable
from typing import TypeVar

# What damaged metadata makes exifread and Pillow raise: the field is dropped, the photo kept.
METADATA_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    ValueError,
    SyntaxError,
    struct.error,
    TypeError,
    IndexError,
    KeyError,
    AttributeError,
    ZeroDivisionError,
    OverflowError,
    EOFError,
    RecursionError,
)

_T = TypeVar("_T")
# Logged under the name of the module that assembles the metadata, as before the split.
log = logging.getLogger("photoarchive.importer.metadata")
# Warnings issued inside Pillow's modules, and the filter that silences them (see below).
_PILLOW_MODULES = r"PIL(\.|$)"
_QUIET_PILLOW = ("ignore", None, Warning, re.compile(_PILLOW_MODULES), 0)


def guarded(read: Callable[[], _T], default: _T) -> _T:
    """The result of ``read``, or ``default`` when the metadata it reads is damaged."""
    try:
        return read()
    except METADATA_ERRORS:
        return default
    except Exception:
        # Anything else is a bug in a reader: it must not cost the photo, but is logged.
        log.exception("unexpected error reading photo metadata")
        return default


def quiet_pillow_warnings() -> None:
    """Keep the warnings Pillow raises about damaged files from ever reaching anyone.

    Such a warning tells of a file the reader copes with (or refuses by its own checks, as
    ``_refuse_bomb`` does for the decompression bomb Pillow only warns of), never of our code.
    ``warnings.catch_warnings`` would do it per call, but it swaps the process's filter list
    in and out and so loses or leaks filters when threads read photos at once; this filter
    is put first in the list once and left there, and only matches warnings issued inside
    Pillow's own modules (its deprecation warnings are issued in the caller's name).
    """
    filters = warnings.filters
    if not filters or filters[0] != _QUIET_PILLOW:
        warnings.filterwarnings("ignore", module=_PILLOW_MODULES)
