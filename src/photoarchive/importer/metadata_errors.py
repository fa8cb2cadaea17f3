"""Guarding metadata reads: what damaged metadata raises, and dropping the field, not the photo."""

from __future__ import annotations

import logging
import struct
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
