"""Readers: files, directories, stdin and bytes to `Document`s, with the format detected by content.

Every reader yields either a `Document` or an `InputError`, so one bad file or record never stops a
batch: the caller records the error and goes on.
"""
from __future__ import annotations

import codecs
import gzip
import io
import sys
from pathlib import Path
from typing import Iterable, Iterator

from marsad.errors import InputError
from marsad.ingest.decode import MAX_DOCUMENT_BYTES, decode, too_large
from marsad.ingest.document import Document
from marsad.ingest.html import read_html
from marsad.ingest.records import FieldMap, read_csv, read_json, read_jsonl
from marsad.ingest.textpage import read_text_page

FORMATS = ("auto", "text", "html", "jsonl", "csv")
_EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv", ".tsv": "csv",
}

# How much of a corpus is looked at to choose how to read it.
_HEAD = 65536

__all__ = ["Document", "FieldMap", "FORMATS", "InputError", "detect_format", "read_bytes", "read_paths"]


def detect_format(text: str, name: str | None = None) -> str:
    """`html`, `jsonl`, `csv` or `text`, from the file name's extension or else the content."""
    if name:
        ext = Path(name[:-3] if name.endswith(".gz") else name).suffix.lower()
        if ext in _EXTENSIONS:
            return _EXTENSIONS[ext]
    head = text.lstrip("\ufeff \t\r\n")[:2048]
    lowered = head.lower()
    if lowered.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in lowered or "<p>" in lowered or "<div" in lowered):
        return "html"
    if head.startswith("{") or (head.startswith("[") and head[1:].lstrip().startswith("{")):
        return "jsonl"
    return "text"


def read_bytes(
    data: bytes, source: str = "<input>", format: str = "auto", mapping: FieldMap | None = None, **metadata
) -> Iterator[Document | InputError]:
    """Documents in one blob of bytes (one article, or a whole JSONL/CSV corpus)."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as err:
            yield InputError(source, f"broken gzip data ({err})")
            return
    suffix = Path(source.removesuffix(".gz")).suffix.lower()
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    json_lines = format == "jsonl" or (format == "auto" and (suffix in (".jsonl", ".ndjson") or start == b"{"))
    if json_lines and not data.isascii() and not _is_utf8(data) and _mostly_utf8(data[:_HEAD]):
        yield from _tagged(read_jsonl(_utf8_lines(io.BytesIO(data), source), source, mapping or FieldMap()), "utf-8")
        return
    # A corpus may be any size (one article may not): named so, or JSON content, as on stdin.
    corpus = format in ("jsonl", "csv") or (format == "auto" and (
        source.endswith(".gz") or suffix in (".jsonl", ".json", ".csv", ".tsv", ".ndjson") or start in (b"{", b"[")))
    try:
        text, encoding, warnings = decode(data, source, max_bytes=sys.maxsize if corpus else MAX_DOCUMENT_BYTES)
    except InputError as err:
        yield err
        return
    if format == "auto":
        format = detect_format(text, source)
    mapping = mapping or FieldMap()
    if format == "jsonl":
        yield from _tagged(read_json(text.lstrip("\ufeff"), source, mapping), encoding)
        return
    if format == "csv":
        yield from _tagged(read_csv(text.lstrip("\ufeff"), source, mapping), encoding)
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_DOCUMENT_BYTES:
        yield InputError(source, too_large(size, MAX_DOCUMENT_BYTES))
        return
    info = {"path": source if source != "<input>" else None, "encoding": encoding}
    try:
        if format == "html":
            doc = read_html(text, source=source, url=metadata.get("url"), **info)
        else:
            doc = read_text_page(text, **info)
    except InputError as err:
        yield err
        return
    doc.warnings.extend(warnings)
    doc.metadata.update({k: v for k, v in metadata.items() if v is not None})
    yield doc


def _tagged(docs: Iterable[Document | InputError], encoding: str) -> Iterator[Document | InputError]:
    for doc in docs:
        if isinstance(doc, Document):
            doc.encoding = encoding
        yield doc


def read_paths(
    paths: Iterable[str], format: str = "auto", mapping: FieldMap | None = None
) -> Iterator[Document | InputError]:
    """Documents from files, directories (recursively, in name order) and `-` (stdin)."""
    for path in paths:
        if path == "-":
            yield from read_bytes(sys.stdin.buffer.read(), "<stdin>", format, mapping)
            continue
        p = Path(path)
        if p.is_dir():
            for child in sorted(x for x in p.rglob("*") if x.is_file() and not any(part.startswith(".") for part in x.relative_to(p).parts)):
                yield from read_file(child, format, mapping)
        elif p.exists():
            yield from read_file(p, format, mapping)
        else:
            yield InputError(str(path), "no such file or directory")


def read_file(path: Path, format: str = "auto", mapping: FieldMap | None = None) -> Iterator[Document | InputError]:
    """Documents in one file; JSON Lines corpora are streamed, never read whole."""
    name = str(path)
    kind = format if format != "auto" else _EXTENSIONS.get(Path(name.removesuffix(".gz")).suffix.lower())
    try:
        size = path.stat().st_size
        if kind not in ("jsonl", "csv") and size > MAX_DOCUMENT_BYTES:
            yield InputError(name, too_large(size, MAX_DOCUMENT_BYTES))
            return
        # `.json` may be one pretty-printed document: only JSON Lines files are streamed.
        if kind == "jsonl" and not name.removesuffix(".gz").lower().endswith(".json") and _mostly_utf8(_head(path)):
            yield from _stream_jsonl(path, mapping or FieldMap())
            return
        data = path.read_bytes()
    except OSError as err:
        yield InputError(name, err.strerror or str(err))
        return
    yield from read_bytes(data, name, format, mapping)


def _open(path: Path):
    """The file for reading bytes, decompressed when it is gzip data (whatever its name)."""
    with open(path, "rb") as raw:
        compressed = raw.read(2) == b"\x1f\x8b"
    return (gzip.open if compressed else open)(path, "rb")


def _head(path: Path) -> bytes:
    """The first bytes of a file's content; empty when they cannot be read (streaming will say why)."""
    try:
        with _open(path) as raw:
            return raw.read(_HEAD)
    except (OSError, EOFError):
        return b""


def _mostly_utf8(head: bytes) -> bool:
    """Whether most lines of a corpus starting with `head` are UTF-8, so it is read line by line and a
    line in another encoding is reported alone, instead of the whole file being decoded as that."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        return False
    lines = [line for line in head.split(b"\n")[:-1] if not line.isascii()] or [head]
    return 2 * sum(map(_is_utf8, lines)) > len(lines)


def _is_utf8(data: bytes) -> bool:
    """Valid UTF-8, but for a character cut at the very end."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.reason == "unexpected end of data"
    return True


def _stream_jsonl(path: Path, mapping: FieldMap) -> Iterator[Document | InputError]:
    """Large JSON Lines corpora (optionally gzip-compressed) are read line by line, never whole."""
    name = str(path)
    try:
        with _open(path) as raw:
            yield from _tagged(read_jsonl(_utf8_lines(raw, name), name, mapping), "utf-8")
    except (OSError, EOFError) as err:
        yield InputError(name, f"unreadable ({err})")


def _utf8_lines(raw, name: str) -> Iterator[str | InputError]:
    for index, line in enumerate(raw, start=1):
        try:
            yield line.decode("utf-8").lstrip("\ufeff") if index == 1 else line.decode("utf-8")
        except UnicodeDecodeError as err:
            yield InputError(f"{name}:{index}", f"invalid UTF-8 at byte {err.start} of the line")
