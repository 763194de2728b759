"""Offset-keeping tokenizer for Arabic news, with conservative clitic analysis.

Tokens are words (Arabic or Latin), numbers (`3.5`, `12/05/2016`, `٧٠`), URLs, e-mail addresses and
single punctuation marks. Each keeps its `start`/`end` in the text and its matching form `norm`, and
an Arabic word carries its analysis, computed once when it is tokenized: `stem` and `prefix` (the
most likely clitic segmentation), `bare` (the stem without the article), `definite`, and `readings`
(every segmentation a trigger or name may need). Modules read these; none strips clitics by hand.
`clitic_analyses()` lists the ways a word may carry the proclitics و ف ب ك ل ال; `split_clitics()`
picks one using word frequencies learned from raw news, so `وأضاف` splits and `وزير` does not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from marsad.text.normalize import normalize
from marsad.text.vocabulary import frequency

_ARABIC = (
    "\u0621-\u063a\u0640-\u065f\u066e-\u066f\u0670-\u06d3\u06d5-\u06ed\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
    "\ufb50-\ufd3d\ufd50-\ufd8f\ufd92-\ufdc7\ufdf0-\ufdfb\ufe70-\ufefc"  # presentation forms and ligatures
)
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_TOKEN = re.compile(
    rf"""(?P<url>(?i:https?://|www\.)[^\s«»“”"'<>]+[^\s.,;:!?؟،«»“”"'<>)\]])
    |(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
    |(?P<num>\d+(?:[.,٫٬:/]\d+)*)
    |(?P<word>[{_ARABIC}]+)
    |(?P<latin>[{_LATIN}]+(?:['’.\-][{_LATIN}]+)*)
    |(?P<punct>\S)""",
    re.VERBOSE,
)
_DIACRITIC = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


@dataclass(slots=True, frozen=True)
class Reading:
    """One way to read a word as proclitics + stem, for lexicon look-ups: `prefix` letters taken,
    `nominal` when they include the article or a preposition (so the stem is not a verb), `future` when
    they are the future prefix س of an imperfect verb (`سيقتل`)."""

    stem: str
    prefix: int = 0
    nominal: bool = False
    future: bool = False


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    norm: str
    kind: str  # word | latin | num | url | email | punct
    # Computed from `norm` and `kind` once per spelling (`Token.make`). For a token that is not an
    # Arabic word: stem = bare = norm, prefix 0, not definite.
    is_word: bool      # an Arabic word
    stem: str          # the word behind its likely proclitics: وأضاف → اضاف, والحكومة → الحكومة
    prefix: int        # letters of `norm` those proclitics take
    bare: str          # the stem without the article when a word remains: الحكومة → حكومة
    definite: bool     # the stem carries the article (and is more than ال + one letter)

    @classmethod
    def make(cls, start: int, end: int, text: str, norm: str, kind: str) -> Token:
        """A token with its analysis."""
        return cls(start, end, text, norm, kind, *_token_analysis(norm, kind))

    @property
    def readings(self) -> tuple[Reading, ...]:
        """Every reading of the word (the whole word first), for lexicon look-ups."""
        return readings(self.norm) if self.is_word else (Reading(self.norm),)

    @property
    def forms(self) -> frozenset[str]:
        """The stems of all its readings (a non-word's own text)."""
        return reading_stems(self.norm) if self.is_word else frozenset((self.text,))

    @property
    def conjunction(self) -> bool:
        """It may start with the conjunction و or ف (`وشمال`)."""
        return self.is_word and len(self.norm) > 2 and self.norm[0] in "وف"


# Words repeat a lot from article to article: normalise each spelling once.
_normalize = lru_cache(maxsize=1 << 17)(normalize)


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens with offsets; `text[t.start:t.end] == t.text` for every token."""
    tokens = []
    append = tokens.append
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        surface = m.group()
        start, end = m.span()
        if kind == "word":
            append(Token(start, end, surface, (norm := _normalize(surface)), kind, *_word_analysis(norm)))
        else:
            norm = surface if kind == "punct" else _normalize(surface)
            append(Token(start, end, surface, norm, kind, False, norm, 0, norm, False))
    return tokens


def _token_analysis(norm: str, kind: str) -> tuple[bool, str, int, str, bool]:
    """(is_word, stem, prefix, bare, definite) of a token; see `Token`."""
    return _word_analysis(norm) if kind == "word" else (False, norm, 0, norm, False)


@lru_cache(maxsize=200_000)
def _word_analysis(norm: str) -> tuple[bool, str, int, str, bool]:
    analysis = split_clitics(norm)
    stem = analysis.stem
    definite = stem.startswith("ال") and len(stem) > 3
    bare = stem[2:] if definite and len(stem) > 4 else stem
    return True, stem, analysis.prefix, bare, definite


def word_analysis(norm: str) -> tuple[str, int, str, bool]:
    """(stem, prefix, bare, definite) of a normalised Arabic word; see `Token`."""
    return _word_analysis(norm)[1:]


def without_article(word: str) -> str:
    """A normalised word without the article ال, when a word of two letters or more remains."""
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


@lru_cache(maxsize=200_000)
def readings(norm: str) -> tuple[Reading, ...]:
    """Every reading of a normalised word as (conjunction)(future prefix | preposition)(article) + stem,
    whole word first."""
    out = [Reading(norm)]
    bases = [(0, norm)]
    if len(norm) > 3 and norm[0] in "وف":
        bases.append((1, norm[1:]))
    for taken, base in bases:
        if taken:
            out.append(Reading(base, taken))
        if len(base) > 3 and base[0] == "س" and base[1] in "يتنا":
            out.append(Reading(base[1:], taken + 1, future=True))
        if base.startswith("ال") and len(base) > 3:
            out.append(Reading(base[2:], taken + 2, nominal=True))
        if len(base) > 3 and base.startswith("لل"):
            out.append(Reading(base[2:], taken + 2, nominal=True))
        elif len(base) > 3 and base[0] in "بكل":
            out.append(Reading(base[1:], taken + 1, nominal=True))
            if base[1:].startswith("ال") and len(base) > 4:
                out.append(Reading(base[3:], taken + 3, nominal=True))
    return tuple(out)


@lru_cache(maxsize=200_000)
def reading_stems(norm: str) -> frozenset[str]:
    return frozenset(r.stem for r in readings(norm))


@dataclass(slots=True, frozen=True)
class Analysis:
    """One reading of a word as proclitics + stem. `prefix` counts the letters (in the matching form)
    taken by the proclitics; `exact` is False when the stem is not a substring of the word (the
    article's alef elided after ل: `للولايات` = ل + الولايات), in which case a span cannot drop the ل."""

    prefix: int
    stem: str
    exact: bool = True


@lru_cache(maxsize=200_000)
def clitic_analyses(norm: str) -> tuple[Analysis, ...]:
    """Every reading of a normalised word as (conjunction)(preposition) + stem, whole word first.
    After ل the article's alef is elided, so `لل…` is read as ل + ال… (`للولايات`), as ل + ل…
    (`للبنان`) and, when the stem itself starts with ل, as ل + الل… (`للجنة` = ل + اللجنة)."""
    out = [Analysis(0, norm)]
    bases = [(0, norm)]
    if len(norm) > 2 and norm[0] in "وف":
        bases.append((1, norm[1:]))
        out.append(Analysis(1, norm[1:]))
    for taken, base in bases:
        if len(base) > 3 and base.startswith("لل"):
            out.append(Analysis(taken + 1, "ا" + base[1:], exact=False))
            out.append(Analysis(taken + 1, base[1:]))
            out.append(Analysis(taken + 1, "ا" + base, exact=False))
        elif len(base) > 2 and base[0] in "بكل":
            out.append(Analysis(taken + 1, base[1:]))
    return tuple(out)


# A split is taken when the stem is a word of its own often enough relative to the whole form; short
# stems need more evidence (`كانت` is not ك + انت, `وطن` is not و + طن).
_SPLIT_RATIO = {3: 0.3, 4: 0.05}
_SHORT_STEMS = frozenset("هو هي هم هن ما لا لم لن قد في من عن ان".split())


@lru_cache(maxsize=200_000)
def split_clitics(norm: str) -> Analysis:
    """The most likely reading of a normalised word: strip proclitics only when the stem is a common
    word of its own (`وأضاف` → و + اضاف, `وهو` → و + هو) and the whole form is not just a word that
    starts with the same letters (`وزير`, `فقط`, `كانت`, `والي` stay whole). More proclitics win,
    then the article reading of `لل…`, then the more frequent stem."""
    whole = frequency(norm)
    best, best_key = Analysis(0, norm), (0, False, 0)
    for analysis in clitic_analyses(norm)[1:]:
        stem = analysis.stem
        f = frequency(stem)
        if len(stem) < 3:
            if analysis.prefix != 1 or norm[0] not in "وف" or stem not in _SHORT_STEMS:
                continue
        elif (analysis.prefix > 1 or stem.startswith("ال")) and len(stem) < 4:
            continue
        elif f < 5 or f < _SPLIT_RATIO[min(len(stem), 4)] * whole:
            continue
        key = (analysis.prefix, not analysis.exact, f)
        if key > best_key:
            best, best_key = analysis, key
    return best


def without_conjunction(norm: str) -> set[str]:
    """A word and, when it starts with و or ف, the word without it (`وشمال` → {وشمال, شمال})."""
    return {norm, norm[1:]} if len(norm) > 2 and norm[0] in "وف" else {norm}


def plausible_split(norm: str, analysis: Analysis) -> bool:
    """False when a word read as clitics + stem is far more common whole than its stem is alone
    (`باولو` is Paolo, not ب + a place called اولو)."""
    if analysis.prefix == 0:
        return True
    whole = frequency(norm)
    return whole < 3 or frequency(analysis.stem) >= 0.5 * whole


def original_length(surface: str, letters: int) -> int:
    """Characters of `surface` that hold its first `letters` letters of the matching form (diacritics
    and tatweel after them included), so that clitic offsets work on vowelled text too. A ligature
    holding more letters than asked for is left out whole (`ﻹيطاليا` with 1 letter → 0 chars)."""
    if letters <= 0:
        return 0
    seen = 0
    for i, ch in enumerate(surface):
        if _DIACRITIC.match(ch):
            continue
        seen += len(normalize(ch)) if ch >= "\ufb50" else 1
        if seen > letters:
            return i
        if seen == letters:
            j = i + 1
            while j < len(surface) and _DIACRITIC.match(surface[j]):
                j += 1
            return j
    return len(surface)


def longest_name_at(tokens: list[Token], i: int, first_words, max_words: int, is_name, split_ok,
                    text: str | None = None) -> tuple[Analysis, int, str] | None:
    """The longest name starting at token i behind its proclitics, as (analysis of the first word, last
    token index, matching-form key), or None. `is_name(key, norm, analysis, words)` accepts a key
(`norm`: the first word's matching form);
    `split_ok(norm, analysis)` accepts a clitic reading of the first word; with `text`, a name never
    runs over a line break."""
    tok = tokens[i]
    if not tok.is_word:
        return None
    for analysis in clitic_analyses(tok.norm):
        if analysis.stem not in first_words or not split_ok(tok.norm, analysis):
            continue
        words = [analysis.stem]
        found = None
        j = i
        while True:
            key = " ".join(words)
            if is_name(key, tok.norm, analysis, len(words)):
                found = (analysis, j, key)
            j += 1
            if j >= len(tokens) or len(words) >= max_words or not tokens[j].is_word \
                    or (text is not None and "\n" in text[tokens[j - 1].end:tokens[j].start]):
                break
            words.append(tokens[j].norm)
        if found:
            return found
    return None


def name_start(tok: Token, analysis: Analysis) -> int:
    """Where a name found behind proclitics starts: after them, except where ل swallowed the
    article's alef (`للولايات` keeps its ل)."""
    return tok.start + original_length(tok.text, analysis.prefix if analysis.exact else analysis.prefix - 1)
