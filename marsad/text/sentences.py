"""Sentence splitting for Arabic news over tokens, so numbers, URLs and e-mails are never cut.

Splits after . ! ? ؟ … even when the next sentence is glued to the full stop (`سرت.وأضاف`), and at
every line break. Does not split inside a quotation (“…”, «…», "…") unless it runs on unclosed, after
abbreviations (`د.`, `U.S.`) or single letters (initials). Closing quotes and brackets that follow the
full stop stay with their sentence.
"""
from __future__ import annotations

from marsad.model import Span
from marsad.text.tokens import Token

_FINAL = frozenset(".!?؟…۔")
_OPENING = {"“": "”", "«": "»", "„": "“", "‹": "›"}
_CLOSING_TRAIL = frozenset("”»\"')]}›’")
_ABBREVIATIONS = frozenset(
    "د أ م ج ص ب ق هـ ه ت ش ع مج ح ط ك كم سم ملم كغ إلخ الخ أ.د "
    "mr mrs ms dr prof st no vs etc inc ltd co jr sr gen col lt sgt".split()
)
# A quotation left open this long is taken as unbalanced and stops protecting its full stops.
_MAX_QUOTE_CHARS = 800


def split_sentences(text: str, tokens: list[Token]) -> list[Span]:
    """Sentence spans over `text` (each from its first token's start to its last token's end)."""
    spans: list[Span] = []
    start_index = 0
    quote_close: str | None = None
    quote_started = 0
    straight_open = False
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        ch = tok.text
        # quotation state
        if tok.kind == "punct":
            if quote_close is None and ch in _OPENING:
                quote_close, quote_started = _OPENING[ch], tok.start
            elif quote_close is not None and ch == quote_close:
                quote_close = None
            elif ch == '"':
                straight_open = not straight_open
                if straight_open:
                    quote_started = tok.start
        in_quote = (quote_close is not None or straight_open) and tok.start - quote_started < _MAX_QUOTE_CHARS
        boundary = False
        if i + 1 < n and "\n" in text[tok.end:tokens[i + 1].start]:
            boundary = True
            quote_close, straight_open = None, False
        elif tok.kind == "punct" and ch in _FINAL and not in_quote and not _after_abbreviation(tokens, i):
            # take the rest of a run like "..." or "?!" and the closing quotes that follow
            while i + 1 < n and tokens[i + 1].kind == "punct" and tokens[i + 1].start == tokens[i].end and (
                tokens[i + 1].text in _FINAL or tokens[i + 1].text in _CLOSING_TRAIL
            ):
                i += 1
            boundary = True
        if boundary or i == n - 1:
            spans.append(Span(tokens[start_index].start, tokens[i].end))
            start_index = i + 1
        i += 1
    return spans


def _after_abbreviation(tokens: list[Token], i: int) -> bool:
    """True when the full stop at `i` ends an abbreviation or an initial rather than a sentence."""
    if tokens[i].text != "." or i == 0:
        return False
    prev = tokens[i - 1]
    if prev.end != tokens[i].start or prev.kind not in ("word", "latin"):
        return False
    word = prev.text.lower()
    if word in _ABBREVIATIONS:
        return True
    # a single Latin capital (initials: "J. Smith") or dotted acronyms ("U.S.")
    return prev.kind == "latin" and (len(word) == 1 or "." in word)
