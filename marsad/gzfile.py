"""Writing the gzip-compressed data files marsad ships, reproducibly (no timestamp in the header)."""
from __future__ import annotations

import gzip
import io
from pathlib import Path


def write_gzip_text(path: Path) -> io.TextIOWrapper:
    """A UTF-8 text stream into `path`, gzip-compressed, byte-identical for identical content."""
    return io.TextIOWrapper(gzip.GzipFile(filename=str(path), mode="wb", mtime=0, compresslevel=9), encoding="utf-8")
