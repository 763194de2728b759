"""The reader registry: each input format is one module that declares its reader with `@reader`.

    @reader("html", extensions=(".html", ".htm"), detect=looks_like_html)
    def read(text, *, source, mapping, encoding, url): ...   # yields Documents or InputErrors

A reader turns decoded text into documents. `extensions` choose it by file name, `detect` by content
(tried in registration order; the reader declared `fallback` takes the rest). A `corpus` reader holds
many records, so its input may be any size; `lines` reads a corpus one line at a time (large files are
streamed, a badly encoded line costs only itself), except for names ending in `whole_extensions`.
A `binary` reader takes the raw bytes instead of text: `read(stream, *, source, mapping)` gets an open
binary stream (the file itself, compressed or not, never read whole), and its `detect` gets the first
bytes of the content (decompressed when it is gzip data).
marsad's readers are found through the `marsad.readers` entry points; outside packages add theirs there.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from typing import Callable, Iterable, Iterator

from marsad.errors import InputError
from marsad.ingest.document import Document

ENTRY_POINT_GROUP = "marsad.readers"

Read = Callable[..., Iterable[Document | InputError]]


@dataclass(frozen=True)
class Reader:
    name: str
    read: Read
    extensions: tuple[str, ...] = ()
    detect: Callable[[str], bool] | None = None
    fallback: bool = False
    corpus: bool = False
    lines: Callable[..., Iterator[Document | InputError]] | None = None
    whole_extensions: tuple[str, ...] = ()
    binary: bool = False

    def streams(self, name: str) -> bool:
        """Whether a file of this name is read line by line."""
        return self.lines is not None and not name.lower().endswith(self.whole_extensions)


_READERS: dict[str, Reader] = {}
_loaded = False


def reader(name: str, **options) -> Callable[[Read], Read]:
    """Declare the reader of format `name` (see the module docstring for the options)."""

    def register(read: Read) -> Read:
        _READERS[name] = Reader(name, read, **options)
        return read

    return register


def readers() -> dict[str, Reader]:
    """Every declared reader by format name, in declaration order."""
    global _loaded
    if not _loaded:
        _loaded = True
        for point in metadata.entry_points(group=ENTRY_POINT_GROUP):
            point.load()
    return _READERS


def formats() -> tuple[str, ...]:
    """`auto` and every format name."""
    return ("auto", *readers())


def get(name: str) -> Reader:
    try:
        return readers()[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; choose one of {', '.join(formats())}") from None


def by_extension(suffix: str) -> Reader | None:
    """The reader of files with this suffix (`.html`), if any."""
    return next((r for r in readers().values() if suffix.lower() in r.extensions), None)


def by_bytes(head: bytes) -> Reader | None:
    """The first binary reader whose `detect` accepts these first bytes of the content, if any."""
    return next((r for r in readers().values() if r.binary and r.detect is not None and r.detect(head)), None)


def by_content(text: str) -> Reader:
    """The first text reader whose `detect` accepts the start of the text, else the fallback reader."""
    for r in readers().values():
        if not r.binary and r.detect is not None and r.detect(text):
            return r
    return next(r for r in readers().values() if r.fallback)
