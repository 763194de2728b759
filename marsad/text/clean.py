"""Whitespace clean-up that remembers where every character came from.

Non-breaking and other exotic spaces become plain spaces, runs of spaces collapse, invisible marks
(zero-width, bidi controls, BOM, soft hyphen, control characters) go, empty lines go, paragraphs are
joined by one newline.
Letters, digits, punctuation and diacritics are kept exactly as they were.
"""
from __future__ import annotations

import re

_RUN = re.compile(r"\S+")
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff]+"
)
_LINE_BREAK = re.compile("[\n\r\u2028\u2029\x0b\x0c\x85]")


def clean(raw: str) -> tuple[str, list[list[int]]]:
    """Return the cleaned text and its alignment: `[text_offset, raw_offset]` pairs, each starting a
    stretch in which characters correspond one to one (see `Source.alignment`)."""
    out: list[str] = []
    alignment: list[list[int]] = []
    length = 0
    previous_end = None
    parts_of = _visible_parts if _INVISIBLE.search(raw) else _whole
    for match in _RUN.finditer(raw):
        parts = parts_of(match)
        if not parts:
            continue
        if previous_end is not None:
            start = match.start()
            if start - previous_end == 1 and raw[previous_end] == " ":
                out.append(" ")
            else:
                out.append("\n" if _LINE_BREAK.search(raw, previous_end, start) else " ")
            length += 1
        for raw_offset, part in parts:
            _align(alignment, length, raw_offset)
            out.append(part)
            length += len(part)
        previous_end = match.end()
    return "".join(out), alignment


def _whole(match: re.Match) -> list[tuple[int, str]]:
    return [(match.start(), match.group())]


def _visible_parts(match: re.Match) -> list[tuple[int, str]]:
    """The pieces of a non-space run left once invisible marks are cut out, with their offsets."""
    run = match.group()
    if not _INVISIBLE.search(run):
        return [(match.start(), run)]
    parts, cursor = [], 0
    for invisible in _INVISIBLE.finditer(run):
        if invisible.start() > cursor:
            parts.append((match.start() + cursor, run[cursor:invisible.start()]))
        cursor = invisible.end()
    if cursor < len(run):
        parts.append((match.start() + cursor, run[cursor:]))
    return parts


def _align(alignment: list[list[int]], text_offset: int, raw_offset: int) -> None:
    if alignment:
        last_text, last_raw = alignment[-1]
        if raw_offset - last_raw == text_offset - last_text:
            return
    alignment.append([text_offset, raw_offset])
