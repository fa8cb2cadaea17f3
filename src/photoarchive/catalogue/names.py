"""Fold place names to one comparable form, so "Bərdə", "BARDA" and "Barda district" meet."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# Words that say what kind of place a name is rather than which place, in folded form; the
# Azerbaijani "kəndi" (village), "şəhəri" (city), "qəsəbəsi" (settlement), "rayonu" (district).
NARROW_QUALIFIERS = frozenset(
    {"village", "villages", "town", "city", "settlement", "kand", "kandi", "sahar", "sahari"}
    | {"qasaba", "qasabasi"}
)
BROAD_QUALIFIERS = frozenset(
    {"district", "districts", "region", "regions", "area", "province", "municipality"}
    | {"rayon", "raion", "rayonu", "oblast", "county"}
)
QUALIFIERS = NARROW_QUALIFIERS | BROAD_QUALIFIERS

# Letters NFKD leaves alone: the dotless i, and the schwa that English spellings give as "a"
# (Bərdə → Barda, Gəncə → Ganja, Tərtər → Tartar).
_LETTER_FOLDS = str.maketrans({"ı": "i", "ə": "a"})
_APOSTROPHES = re.compile(r"['’ʼ`]")
_NOT_A_LETTER = re.compile(r"[\W_]+")


def fold_text(text: str) -> str:
    """Casefold and drop diacritics: "Ağdam" → "agdam", "Bakı" → "baki", "İmişli" → "imisli"."""
    folded = text.casefold().translate(_LETTER_FOLDS)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def qualifier_bounds(words: Sequence[str]) -> tuple[int, int]:
    """The slice of ``words`` left after leading and trailing qualifiers ("City of Baku").

    A name made only of qualifiers keeps its first word, so no name folds to an empty key.
    """
    start, end = 0, len(words)
    while end - start > 1 and fold_text(words[end - 1]) in QUALIFIERS:
        end -= 1
    while end - start > 1 and fold_text(words[start]) in QUALIFIERS:
        start += 1
        if end - start > 1 and fold_text(words[start]) == "of":
            start += 1
    return start, end


def strip_qualifiers(name: str) -> str:
    """``name`` as written without leading/trailing qualifiers: "Aghdam district" → "Aghdam"."""
    words = name.split()
    start, end = qualifier_bounds(words)
    return " ".join(words[start:end])


def normalise_name(name: str) -> str:
    """The lookup key of a place name or alternate spelling; equal keys mean the same name.

    Casefolded, without diacritics, apostrophes dropped and other punctuation turned into
    single spaces, without leading/trailing qualifiers: "Aghdam district", "AGHDAM" and
    "aghdam" all give "aghdam". Different spellings ("Ağdam" gives "agdam") stay different:
    they meet through the place's alternate spellings.
    """
    folded = _APOSTROPHES.sub("", fold_text(name))
    words = _NOT_A_LETTER.sub(" ", folded).split()
    start, end = qualifier_bounds(words)
    return " ".join(words[start:end])
