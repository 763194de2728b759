"""Bytes to text: BOMs, UTF-8, UTF-16 without BOM, cp1256 and ISO-8859-6, with clear errors for
binary, empty and oversized input."""
from __future__ import annotations

import codecs
import re

from marsad.errors import InputError
from marsad.text.normalize import arabic_ratio

# One article (a text page, an HTML page, one record) may not be larger than this.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "gzip-compressed data",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
}
# A UTF-8 text with at most one bad byte sequence per this many valid non-ASCII characters is read as UTF-8.
STRAY_BYTES_RATIO = 20
# What an empty file may still hold: spaces of any kind, BOMs, zero-width and direction marks.
_BLANK = re.compile("[\\s\ufeff\u200b-\u200f\u2060\u202a-\u202e\u2066-\u2069]*")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, source: str = "<input>", max_bytes: int = MAX_DOCUMENT_BYTES) -> tuple[str, str, list[str]]:
    """Decode one document; return (text, encoding, warnings). Raise InputError when it cannot be text."""
    if len(data) > max_bytes:
        raise InputError(source, too_large(len(data), max_bytes))
    text, encoding, warnings = _decode(data, source)
    if _BLANK.fullmatch(text):
        raise InputError(source, "empty input")
    if _control_share(text[:8192]) > 0.05:
        raise InputError(source, "binary input (control characters), not text")
    return text, encoding, warnings


def too_large(size: int, limit: int) -> str:
    """The problem text for input over the size limit."""
    return f"too large ({size / 2**20:.1f} MiB; the limit for one document is {limit / 2**20:.0f} MiB)"


def _decode(data: bytes, source: str) -> tuple[str, str, list[str]]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, source), encoding.replace("-sig", ""), []
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16, source), utf16, []
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(source, f"binary input ({what}), not text")
    if b"\x00" in data[:8192] or _control_share(data[:8192]) > 0.05:
        raise InputError(source, "binary input (control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as err:
        head = data[: err.start]
        # A file cut in the middle of a character, recognisable as UTF-8 by the characters before it.
        if err.reason == "unexpected end of data" and not head.isascii():
            dropped = len(data) - err.start
            return head.decode("utf-8"), "utf-8", [f"truncated UTF-8: the last {dropped} byte(s) are an incomplete character and were dropped"]
        repaired = _utf8_with_stray_bytes(data)
        if repaired is not None:
            text, bad = repaired
            return text, "utf-8", [f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD (the first at byte {err.start})"]
        text, encoding = _legacy_arabic(data, source, err)
        return text, encoding, []


def _utf8_with_stray_bytes(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few bad bytes (a damaged file): the text with those replaced, and how many. A text in a
    legacy encoding fails on nearly every non-ASCII character, so the few-bad test tells them apart."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    wide = sum(1 for ch in text if ord(ch) > 127) - bad
    return (text, bad) if wide >= STRAY_BYTES_RATIO * bad else None


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(source, f"invalid {encoding} at byte {err.start}") from None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    # ASCII in UTF-16 has a NUL in every other byte; Arabic (U+06xx) has 0x06 there.
    even_06 = sample[0::2].count(6) / (len(sample) / 2)
    odd_06 = sample[1::2].count(6) / (len(sample) / 2)
    if odd_nuls + odd_06 > 0.6 and even_nuls < 0.1:
        return "utf-16-le"
    if even_nuls + even_06 > 0.6 and odd_nuls < 0.1:
        return "utf-16-be"
    return None


def _control_share(sample: bytes | str) -> float:
    """Share of control characters other than tab, line feed, form feed and carriage return."""
    if not sample:
        return 0.0
    codes = sample if isinstance(sample, bytes) else map(ord, sample)
    controls = sum(1 for b in codes if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample)


def _legacy_arabic(data: bytes, source: str, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    """Windows-1256 or ISO-8859-6, whichever reads as Arabic; else a clear error."""
    best, best_ratio, best_encoding = None, 0.0, ""
    for encoding in ("cp1256", "iso-8859-6"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # ASCII reads the same in both: only the other characters tell them apart.
        ratio = arabic_ratio("".join(ch for ch in text if not ch.isascii()))
        if ratio > best_ratio:
            best, best_ratio, best_encoding = text, ratio, encoding
    if best is not None and best_ratio >= 0.5:
        return best, best_encoding
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    if guess is not None and guess.encoding not in ("utf_8", "ascii"):
        return str(guess), guess.encoding
    raise InputError(source, f"not valid UTF-8 (byte {utf8_error.start}) and no known encoding fits")

