"""From a read `Document` to an `Article`: the clean text, its metadata and its alignment to the input."""
from __future__ import annotations

import re

from marsad.errors import NOT_ARABIC, InputError
from marsad.ingest import Document
from marsad.model import Article, Metadata, Source
from marsad.text.clean import clean
from marsad.text.normalize import MIN_ARABIC_RATIO, arabic_ratio


def document_source(doc: Document) -> str:
    """Where a document came from: `path`, `path:N` for the Nth record (line of JSON Lines, row of CSV),
    or `path#ID` for a record with an id of its own (a WARC record)."""
    source = doc.path or "<input>"
    if doc.record_id is not None:
        return f"{source}#{doc.record_id}"
    return f"{source}:{doc.record}" if doc.record is not None else source


# Embeddings, overrides and isolates: in a title or a site name they would reorder what the interface
# shows around it (a spoofed site name), and no headline needs them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _without_bidi_controls(value, key: str, warnings: list[str]):
    """A metadata string without bidi control characters (with a warning when any were removed)."""
    if not isinstance(value, str):
        return value
    cleaned, count = _BIDI_CONTROLS.subn("", value)
    if count:
        warnings.append(f"{count} bidirectional control character(s) removed from the {key}")
    return cleaned


# A site's copyright or disclaimer line stored as a record of its own: short, on one line, and made of
# one of these phrases. Longer texts that merely contain one (an article ending with it) are kept.
BOILERPLATE_MAX = 160
_BOILERPLATE = re.compile(r"حقوق\s+(?:ال\w+\s+)?محفوظة|الحقوق\s+محفوظة|©|\bcopyright\b|"
                          r"(?:تمثل|تعبر\s+عن)\s+(?:ال)?رأي\s+(?:كتابها|كاتبها|أصحابها)", re.IGNORECASE)


def boilerplate(text: str) -> bool:
    """Whether `text` is a copyright or disclaimer line rather than an article."""
    return len(text) <= BOILERPLATE_MAX and "\n" not in text.strip() and bool(_BOILERPLATE.search(text))


def article_from_document(doc: Document) -> Article:
    """Clean the document's body into an Article with its metadata and alignment to the original."""
    source = document_source(doc)
    text, alignment = clean(doc.body)
    if not text:
        raise InputError(source, "no article text")
    ratio = arabic_ratio(text)
    if ratio < MIN_ARABIC_RATIO:
        raise InputError(source, f"{NOT_ARABIC} (only {ratio:.0%} of its letters are Arabic)")
    if boilerplate(text):
        raise InputError(source, f"boilerplate, not an article: a copyright or disclaimer line of {len(text)} characters")
    meta = {key: _without_bidi_controls(value, key, doc.warnings) for key, value in doc.metadata.items()}
    meta.setdefault("language", "ar")
    article = Article(
        text,
        metadata=Metadata.from_dict(meta),
        source=Source(doc.path, doc.format, doc.record, doc.encoding,
                      [[t, o + doc.body_start] for t, o in alignment], doc.record_id),
    )
    for message in doc.warnings:
        article.warn("input", message)
    return article
