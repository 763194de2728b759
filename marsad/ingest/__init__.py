"""Readers: files, directories, stdin and bytes to `Document`s, with the format detected by content.

Every reader yields either a `Document` or an `InputError`, so one bad file or record never stops a
batch: the caller records the error and goes on.
"""
from __future__ import annotations

import codecs
import gzip
import io
import sys
import zlib
from pathlib import Path
from typing import Iterable, Iterator

from marsad.errors import InputError
from marsad.ingest import registry
from marsad.ingest.decode import MAX_DOCUMENT_BYTES, decode, too_large
from marsad.ingest.document import Document
from marsad.ingest.records import FieldMap

# How much of a corpus is looked at to choose how to read it, and of any input to find a binary format.
_HEAD = 65536
_SNIFF = 2048

__all__ = ["Document", "FieldMap", "InputError", "detect_format", "formats", "line_records", "read_bytes", "read_file",
           "read_lines", "read_paths"]

formats = registry.formats


def _suffix(name: str) -> str:
    return Path(name.removesuffix(".gz")).suffix.lower()


def detect_format(text: str, name: str | None = None) -> str:
    """The format of a text: from the file name's extension, or else from its content."""
    known = registry.by_extension(_suffix(name)) if name else None
    return (known or registry.by_content(text.lstrip("\ufeff \t\r\n")[:2048])).name


def read_bytes(
    data: bytes, source: str = "<input>", format: str = "auto", mapping: FieldMap | None = None, **metadata
) -> Iterator[Document | InputError]:
    """Documents in one blob of bytes (one article, or a whole JSONL/CSV/WARC corpus)."""
    chosen = None if format == "auto" else registry.get(format)
    binary = chosen if format != "auto" else registry.by_extension(_suffix(source)) or registry.by_bytes(_gunzipped_head(data))
    if binary is not None and binary.binary:
        yield from _read_binary(binary, io.BytesIO(data), source, mapping or FieldMap())
        return
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as err:
            yield InputError(source, f"broken gzip data ({err})")
            return
    mapping = mapping or FieldMap()
    # Before decoding: the reader the name or the first bytes point to (`{` starts JSON).
    likely = chosen or registry.by_extension(_suffix(source)) or \
        registry.by_content(data.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048].decode("utf-8", "replace"))
    if likely.lines and (chosen or likely.streams(source.removesuffix(".gz"))) and not data.isascii() \
            and not _is_utf8(data) and _mostly_utf8(data[:_HEAD]):
        yield from _tagged(likely.lines(_utf8_lines(io.BytesIO(data), source), source, mapping), "utf-8")
        return
    # A corpus may be any size (one article may not): named so, or JSON content, as on stdin.
    corpus = likely.corpus or source.endswith(".gz")
    try:
        text, encoding, warnings = decode(data, source, max_bytes=sys.maxsize if corpus else MAX_DOCUMENT_BYTES)
    except InputError as err:
        yield err
        return
    chosen = chosen or registry.get(detect_format(text, source))
    if not chosen.corpus:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_DOCUMENT_BYTES:
            yield InputError(source, too_large(size, MAX_DOCUMENT_BYTES))
            return
    try:
        for doc in chosen.read(text, source=source, mapping=mapping, encoding=encoding, url=metadata.get("url")):
            if isinstance(doc, Document):
                doc.encoding = encoding
                if not chosen.corpus:
                    doc.warnings.extend(warnings)
                    doc.metadata.update({k: v for k, v in metadata.items() if v is not None})
            yield doc
    except InputError as err:
        yield err


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
    """Documents in one file; JSON Lines and binary (WARC) corpora are streamed, never read whole."""
    name = str(path)
    kind = registry.get(format) if format != "auto" else registry.by_extension(_suffix(name))
    try:
        kind = kind or registry.by_bytes(_head(path, _SNIFF))
        if kind is not None and kind.binary:
            with open(path, "rb") as stream:
                yield from _read_binary(kind, stream, name, mapping or FieldMap())
            return
        size = path.stat().st_size
        if not (kind and kind.corpus) and size > MAX_DOCUMENT_BYTES:
            yield InputError(name, too_large(size, MAX_DOCUMENT_BYTES))
            return
        if kind and kind.streams(name.removesuffix(".gz")) and _mostly_utf8(_head(path)):
            yield from _stream_lines(path, kind, mapping or FieldMap())
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


def _head(path: Path, size: int = _HEAD) -> bytes:
    """The first bytes of a file's content; empty when they cannot be read (streaming will say why)."""
    try:
        with _open(path) as raw:
            return raw.read(size)
    except (OSError, EOFError):
        return b""


def _gunzipped_head(data: bytes) -> bytes:
    """The first bytes of the content of a blob, decompressed from its first gzip member if it is one."""
    if data[:2] != b"\x1f\x8b":
        return data[:_SNIFF]
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:_HEAD], _SNIFF)
    except zlib.error:
        return b""


def _read_binary(kind: registry.Reader, stream, source: str, mapping: FieldMap) -> Iterator[Document | InputError]:
    """A binary reader's documents; an error that escapes it ends the file as one failure."""
    try:
        yield from kind.read(stream, source=source, mapping=mapping)
    except InputError as err:
        yield err
    except (OSError, EOFError) as err:
        yield InputError(source, f"unreadable ({err})")


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


def _stream_lines(path: Path, kind: registry.Reader, mapping: FieldMap) -> Iterator[Document | InputError]:
    """Large line-record corpora (optionally gzip-compressed) are read line by line, never whole."""
    name = str(path)
    try:
        with _open(path) as raw:
            yield from _tagged(kind.lines(_utf8_lines(raw, name), name, mapping), "utf-8")
    except (OSError, EOFError) as err:
        yield InputError(name, f"unreadable ({err})")


def _utf8_lines(raw, name: str) -> Iterator[str | InputError]:
    for index, line in enumerate(raw, start=1):
        try:
            yield line.decode("utf-8").lstrip("\ufeff") if index == 1 else line.decode("utf-8")
        except UnicodeDecodeError as err:
            yield InputError(f"{name}:{index}", f"invalid UTF-8 at byte {err.start} of the line")


def line_records(path: Path, format: str = "auto", mapping: FieldMap | None = None) -> bool:
    """Whether `path` is a line-record corpus (JSON Lines, plain or gzip) whose lines can be read in
    independent ranges with `read_lines`, giving the same documents as `read_file`."""
    kind = registry.get(format) if format != "auto" else registry.by_extension(_suffix(str(path)))
    if not (kind and kind.streams(str(path).removesuffix(".gz"))):
        return False
    head = _head(path)
    return _mostly_utf8(head) and head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def read_lines(path: Path, start: int, end: int, format: str = "auto", mapping: FieldMap | None = None
               ) -> Iterator[Document | InputError]:
    """The documents of lines `start` to `end` (0-based, end excluded) of a corpus for which
    `line_records` holds, numbered as `read_file` numbers them: one part of a corpus split across tasks."""
    name = str(path)
    kind = registry.get(format) if format != "auto" else registry.by_extension(_suffix(name))

    def lines(raw):
        for index, line in enumerate(raw):
            if index >= end:
                break
            if index < start:
                yield ""  # keeps the numbering of the lines that follow
                continue
            try:
                yield line.decode("utf-8").lstrip("\ufeff") if index == 0 else line.decode("utf-8")
            except UnicodeDecodeError as err:
                yield InputError(f"{name}:{index + 1}", f"invalid UTF-8 at byte {err.start} of the line")

    try:
        with _open(path) as raw:
            yield from _tagged(kind.lines(lines(raw), name, mapping or FieldMap()), "utf-8")
    except (OSError, EOFError) as err:
        yield InputError(name, f"unreadable ({err})")
