"""WARC files (Common Crawl News, web archives): one article per page, read record by record with warcio.

HTTP `response` records, and `resource` records, with an HTML or plain-text payload are pages. Other
records (requests, metadata, warcinfo, revisits), responses other than 2xx and other payloads (images,
scripts) hold no article and are passed over. A page's body is decoded by its declared charset (or
detected like any input), its article extracted like an HTML file, and kept with the record's
`WARC-Record-ID` (`source.record_id`) and `WARC-Target-URI` (the article's url). A page that is not
Arabic, has no article or cannot be decoded is a failure named `file.warc.gz#<record id>`; a truncated
or corrupt file ends in one failure, after every page before the damage.
"""
from __future__ import annotations

import codecs
import logging
import re
import zlib
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator

from marsad.errors import NOT_ARABIC, InputError
from marsad.ingest.decode import MAX_DOCUMENT_BYTES, decode, too_large
from marsad.ingest.document import Document
from marsad.ingest.html import read_html
from marsad.ingest.registry import reader
from marsad.ingest.textpage import read_text_page
from marsad.text.normalize import ARABIC_LETTER, MIN_ARABIC_RATIO, arabic_ratio

log = logging.getLogger(__name__)

_PAGE_RECORDS = ("response", "resource")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def looks_like_warc(head: bytes) -> bool:
    """Whether the first bytes of a content (decompressed) are a WARC record."""
    return head.startswith(b"WARC/")


@reader("warc", extensions=(".warc",), detect=looks_like_warc, binary=True, corpus=True)
def read(stream, *, source: str, **_) -> Iterator[Document | InputError]:
    """The articles of the pages in a WARC file, plain or gzip, read from `stream` as it goes."""
    records = _Records(stream)
    index, previous = 0, None
    while True:
        try:
            record = next(records, None)
        except Exception as err:  # warcio raises assorted errors on damaged data
            yield InputError(f"{source}#{index + 1}", f"corrupt WARC data ({type(err).__name__}: {err})")
            return
        if records.cut_record:
            yield InputError(f"{source}#{previous or index}", "truncated WARC record (shorter than its Content-Length)")
            return
        if record is None:
            if records.cut_next:
                yield InputError(f"{source}#{index + 1}", "truncated WARC file (the last record is cut off)")
            return
        index += 1
        previous = record.rec_headers.get_header("WARC-Record-ID")
        if record.rec_headers.get_header("Content-Length") is None:  # a header block cut short
            yield InputError(f"{source}#{previous or index}", "truncated WARC record (no Content-Length)")
            return
        result = _page(record, source, index)
        if result is not None:
            yield result


class _Records(ArchiveIterator):
    """warcio's record iterator, noting the truncations it passes over in silence: a record shorter
    than its Content-Length (`cut_record`), or a record cut in its headers or a gzip member cut short
    (`cut_next`: the record after the last one read)."""

    cut_record = False
    cut_next = False
    _started = False

    def read_to_end(self, record=None):
        super().read_to_end(record)
        if self.record is not None and getattr(self.record.raw_stream, "limit", 0) > 0:
            self.cut_record = True

    def _next_record(self, next_line):
        first, self._started = not self._started, True
        try:
            return super()._next_record(next_line)
        except EOFError:
            if next_line or (first and self.reader.num_read):
                self.cut_next = True
            raise

    def close(self):
        decompressor = self.reader.decompressor if self.reader else None
        if decompressor is not None and not decompressor.eof:
            self.cut_next = True
        super().close()


def _page(record, source: str, index: int) -> Document | InputError | None:
    """The article of a page record; a failure for a page without one; None for a record that is no page."""
    if record.rec_type not in _PAGE_RECORDS:
        return None
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    url = record.rec_headers.get_header("WARC-Target-URI")
    if record.http_headers is not None and record.http_headers.protocol.upper().startswith("HTTP"):
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            log.debug("%s#%s: HTTP %s, no page", source, record_id or index, status)
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type and media_type not in _HTML_TYPES + _TEXT_TYPES:
        log.debug("%s#%s: %s, no page", source, record_id or index, media_type)
        return None
    where = f"{source}#{record_id or index}"
    try:
        body = record.content_stream().read(MAX_DOCUMENT_BYTES + 1)
    except (OSError, EOFError, zlib.error, ValueError) as err:
        return InputError(where, f"unreadable HTTP body ({err})")
    if len(body) > MAX_DOCUMENT_BYTES:
        return InputError(where, too_large(len(body), MAX_DOCUMENT_BYTES))
    if getattr(record.raw_stream, "limit", 0) > 0:
        return None  # cut short: the file's truncation is reported once, next
    charset = _CHARSET.search(content_type)
    try:
        text, encoding, warnings = _decoded(body, charset.group(1) if charset else None, where)
        if not ARABIC_LETTER.search(text):
            raise InputError(where, f"{NOT_ARABIC} (no Arabic letter in the page)")
        if media_type in _TEXT_TYPES:
            doc = read_text_page(text)
        else:
            doc = read_html(text, source=where, url=url)
    except InputError as err:
        return err
    ratio = arabic_ratio(doc.body)
    if ratio < MIN_ARABIC_RATIO:
        return InputError(where, f"{NOT_ARABIC} (only {ratio:.0%} of its letters are Arabic)")
    doc.path, doc.format, doc.record, doc.record_id, doc.encoding = source, "warc", index, record_id, encoding
    doc.warnings.extend(warnings)
    if url:
        doc.metadata["url"] = url
    return doc


def _decoded(body: bytes, charset: str | None, where: str) -> tuple[str, str, list[str]]:
    """The page's text, by its declared charset when the page is not UTF-8 and that charset reads as
    Arabic; else detected like any input (a wrong or missing declaration is common)."""
    if charset:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                pass
            else:
                if ARABIC_LETTER.search(text):
                    return text, codecs.lookup(charset).name, []
    return decode(body, where)
