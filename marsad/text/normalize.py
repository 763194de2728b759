"""Matching normalisation of Arabic: for lookups and search only, never for stored text.

`normalize("الإيطالى")` and `normalize("الايطالي")` are equal; so are Arabic-Indic and ASCII digits,
vowelled and unvowelled spellings, with or without tatweel.
"""
from __future__ import annotations

import re
import unicodedata

# Harakat, Quranic marks, superscript alef and tatweel: dropped for matching.
_DROP = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ئ": "ي",
    "ة": "ه", "ۀ": "ه", "ۃ": "ه", "ؤ": "و",
    "ک": "ك", "ڪ": "ك",
    "٫": ".", "٬": ",",
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
})
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
_PRESENTATION_RUN = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]+")
# Isolated harakat forms, which NFKC would turn into a space and a haraka.
_SPACING_MARKS = re.compile("[\ufc5e-\ufc63\ufe70-\ufe7f]")


def _compatibility(match: re.Match) -> str:
    return unicodedata.normalize("NFKC", _SPACING_MARKS.sub("", match.group()))


def normalize(text: str) -> str:
    """Fold Arabic spelling variants for matching: alef forms, ya/alef maqsura, ta marbuta, hamza
    seats, tatweel, diacritics, Arabic-Indic digits and separators, and presentation forms."""
    if _PRESENTATION.search(text):
        text = _PRESENTATION_RUN.sub(_compatibility, text)
    return _DROP.sub("", text).translate(_FOLD)


ARABIC_LETTER = re.compile(
    "[\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06e5\u06e6\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\ufb50-\ufbb1\ufbd3-\ufd3d\ufd50-\ufd8f\ufd92-\ufdc7\ufdf0-\ufdfb\ufe70-\ufe74\ufe76-\ufefc]"
)


# An article whose letters are less Arabic than this is refused as not Arabic.
MIN_ARABIC_RATIO = 0.3


def arabic_ratio(text: str) -> float:
    """Share of letters in `text` that are Arabic letters, presentation forms included (0.0 when
    there are no letters)."""
    letters = sum(1 for ch in text if ch.isalpha())
    if not letters:
        return 0.0
    return len(ARABIC_LETTER.findall(text)) / letters
