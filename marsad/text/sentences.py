"""Sentence splitting for Arabic news over tokens, so numbers, URLs and e-mails are never cut.

Splits after . ! ? ؟ … even when the next sentence is glued to the full stop (`سرت.وأضاف`), and at
every line break. Does not split inside a quotation (“…”, «…», "…") unless it runs on unclosed, after
abbreviations (`د.`, `U.S.`), single letters (initials) or a list number (`1.`). Closing quotes and
brackets that follow the full stop stay with their sentence, and a quotation ending in a full stop
(`«…انتهى.»`) ends its sentence.
"""
from __future__ import annotations

from marsad import lexicon
from marsad.model import Span
from marsad.text.tokens import Token

_FINAL = frozenset(".!?؟…۔")
# Full stops that end a sentence when a quotation closes right after them (not ! or ؟: slogans).
_QUOTE_FINAL = frozenset(".…")
_OPENING = {"“": "”", "«": "»", "„": "“", "‹": "›", '"': '"'}
_CLOSING_TRAIL = frozenset("”»\"')]}›’")
_ABBREVIATIONS = lexicon.words("abbreviations")
# A quotation left open this long is taken as unbalanced and stops protecting its full stops.
_MAX_QUOTE_CHARS = 800


def split_sentences(text: str, tokens: list[Token]) -> list[Span]:
    """Sentence spans over `text` (each from its first token's start to its last token's end)."""
    spans: list[Span] = []
    start_index = 0
    quote_close: str | None = None  # the closing mark of the open quotation
    quote_index = -1  # where the open quotation starts
    quote_from = 0  # no quotation opens before this token (after an unbalanced one)
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        ch = tok.text
        boundary = False
        if quote_close is not None and tok.start - tokens[quote_index].start >= _MAX_QUOTE_CHARS:
            # read the stretch again from the opening mark, this time without quotations
            i, quote_from, quote_close = quote_index, i, None
            continue
        if tok.kind == "punct":
            if quote_close is None:
                if ch in _OPENING and i >= quote_from:
                    quote_close, quote_index = _OPENING[ch], i
                elif ch in _FINAL:
                    boundary = not _after_abbreviation(tokens, i, start_index)
            elif ch == quote_close:
                quote_close = None
                previous = tokens[i - 1]
                boundary = (previous.end == tok.start and previous.text in _QUOTE_FINAL and i - 1 > quote_index + 1
                            and not _after_abbreviation(tokens, i - 1, start_index))
        if boundary:
            # take the rest of a run like "..." or "?!" and the closing quotes that follow
            while i + 1 < n and tokens[i + 1].kind == "punct" and tokens[i + 1].start == tokens[i].end and (
                tokens[i + 1].text in _FINAL or tokens[i + 1].text in _CLOSING_TRAIL
            ):
                i += 1
        elif i + 1 < n and "\n" in text[tok.end:tokens[i + 1].start]:
            boundary = True
            quote_close = None
        if boundary or i == n - 1:
            spans.append(Span(tokens[start_index].start, tokens[i].end))
            start_index = i + 1
        i += 1
    return spans


def _after_abbreviation(tokens: list[Token], i: int, start_index: int) -> bool:
    """True when the full stop at `i` ends an abbreviation, an initial or a list number rather than a
    sentence."""
    if tokens[i].text != "." or i == start_index:
        return False
    prev = tokens[i - 1]
    if prev.end != tokens[i].start:
        return False
    if prev.kind == "num":
        return i - 1 == start_index  # "1. ..." at the start of a sentence
    if prev.kind not in ("word", "latin"):
        return False
    word = prev.text.lower()
    if word in _ABBREVIATIONS:
        # after a number it is a unit or an era (`50 كم.`, `2016م.`, `300 ق.م.`), which may end the
        # sentence, unless another letter follows (the first full stop of `ق.م.`)
        if _after_number(tokens, i - 1):
            return i + 1 < len(tokens) and tokens[i + 1].start == tokens[i].end and len(tokens[i + 1].text) == 1
        return True
    # a single Latin letter (initials: "J. Smith") or dotted acronyms ("U.S.", "e.g.", "Ph.D.")
    return prev.kind == "latin" and (len(word) == 1 or "." in word and all(len(p) <= 2 for p in word.split(".")))


def _after_number(tokens: list[Token], k: int) -> bool:
    """True when the abbreviation at `k`, with the dotted letters glued before it, follows a number."""
    while k >= 2 and tokens[k - 1].text == "." and tokens[k - 2].end == tokens[k - 1].start == tokens[k].start - 1:
        k -= 2
    return k >= 1 and tokens[k - 1].kind == "num"
