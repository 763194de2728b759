"""JSON Lines and CSV corpora: one article per record, fields mapped onto marsad's metadata.

Built-in mappings recognise the ANT corpus (`text`, `src`, `cat`, `time`) and SaudiNewsNet
(`content`, `source`, `date_extracted`); `FieldMap` overrides any of them (`--text-field` …).
"""
from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass, fields
from typing import Iterable, Iterator

from marsad.errors import InputError
from marsad.ingest.decode import MAX_DOCUMENT_BYTES, too_large
from marsad.ingest.document import Document, parse_date, without_surrogates
from marsad.ingest.registry import reader

# For each metadata key, the record fields tried in order when no mapping is given.
_CANDIDATES = {
    "text": ("text", "content", "body", "article", "maintext", "story"),
    "title": ("title", "headline"),
    "url": ("url", "link", "permalink"),
    "site": ("site", "src", "source", "sitename", "outlet", "publisher"),
    "section": ("section", "cat", "category"),
    "published": ("published", "date", "time", "published_at", "pubdate", "date_publish", "date_extracted"),
    "author": ("author", "authors", "byline"),
    "id": ("id", "docno", "doc_id"),
}


@dataclass(slots=True)
class FieldMap:
    """Record field names to read each metadata key from (None: try the usual names)."""

    text: str | None = None
    title: str | None = None
    url: str | None = None
    site: str | None = None
    section: str | None = None
    published: str | None = None
    author: str | None = None
    id: str | None = None

    def resolve(self, keys: Iterable) -> dict[str, str]:
        """The field to use for each metadata key, given the keys one record has."""
        lowered = {k.lower(): k for k in keys if isinstance(k, str)}
        out = {}
        for f in fields(self):
            chosen = getattr(self, f.name)
            if chosen:
                out[f.name] = chosen
                continue
            for candidate in _CANDIDATES[f.name]:
                if candidate in lowered:
                    out[f.name] = lowered[candidate]
                    break
        return out


def document_from_record(record: dict, mapping: FieldMap, source: str, index: int) -> Document:
    if not isinstance(record, dict):
        raise InputError(f"{source}:{index}", "record is not a JSON object")
    chosen = mapping.resolve(record.keys())
    text_field = chosen.get("text")
    text = record.get(text_field) if text_field else None
    if not isinstance(text, str) or not text.strip():
        wanted = mapping.text or "/".join(_CANDIDATES["text"])
        raise InputError(f"{source}:{index}", f"no article text (field {wanted!r} missing or empty; set --text-field)")
    if len(text) > MAX_DOCUMENT_BYTES // 4:  # only a text this long can pass the limit in UTF-8
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_DOCUMENT_BYTES:
            raise InputError(f"{source}:{index}", too_large(size, MAX_DOCUMENT_BYTES))
    warnings: list[str] = []
    text = without_surrogates(text, warnings, f"field {text_field!r}")
    metadata = {}
    for key in ("title", "url", "site", "author"):
        value = record.get(chosen[key]) if key in chosen else None
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value not in (None, ""):
            metadata[key] = without_surrogates(str(value).strip(), warnings, f"field {chosen[key]!r}")
    section = record.get(chosen["section"]) if "section" in chosen else None
    if section:
        metadata["section"] = without_surrogates(str(section).strip(), warnings, f"field {chosen['section']!r}")
        metadata["section_path"] = [metadata["section"]]
    if "published" in chosen:
        metadata["published"] = parse_date(record.get(chosen["published"]))
    return Document(text, metadata=metadata, record=index, warnings=warnings)


TOO_DEEP = "invalid JSON (nested too deeply to be a record)"


def looks_like_json(head: str) -> bool:
    """Whether a text starts as a JSON record or an array of records."""
    return head.startswith("{") or (head.startswith("[") and head[1:].lstrip().startswith("{"))


@reader("jsonl", extensions=(".jsonl", ".ndjson", ".json"), detect=looks_like_json, corpus=True,
        lines=lambda lines, source, mapping: read_jsonl(lines, source, mapping), whole_extensions=(".json",))
def read_records(text: str, *, source: str, mapping: FieldMap, **_) -> Iterator[Document | InputError]:
    """JSON Lines, a JSON array of records, or one JSON record."""
    return read_json(text.lstrip("\ufeff"), source, mapping)


@reader("csv", extensions=(".csv", ".tsv"), corpus=True)
def read_table(text: str, *, source: str, mapping: FieldMap, **_) -> Iterator[Document | InputError]:
    """CSV or TSV with a header row."""
    return read_csv(text.lstrip("\ufeff"), source, mapping)


def read_json(text: str, source: str, mapping: FieldMap) -> Iterator[Document | InputError]:
    """A whole JSON document: an array of records, one record, or else JSON Lines."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        yield from read_jsonl(io.StringIO(text), source, mapping)
        return
    for index, record in enumerate(data if isinstance(data, list) else [data], start=1):
        yield _safe(record, mapping, source, index, "json")


def read_jsonl(stream: Iterable[str | InputError], source: str, mapping: FieldMap,
               array: bool = True) -> Iterator[Document | InputError]:
    """One Document (or one InputError) per non-blank line; a JSON array is read as a whole (unless
    `array` is false). Lines that could not be decoded arrive as InputErrors and are passed on."""
    lines = iter(stream)
    first = array
    for index, line in enumerate(lines, start=1):
        if isinstance(line, InputError):
            yield line
            continue
        if not line.strip():
            continue
        if first and line.lstrip().startswith("["):
            yield from _read_json_array([line, *lines], source, mapping)
            return
        first = False
        try:
            record = json.loads(line)
        except ValueError as err:
            yield InputError(f"{source}:{index}", f"invalid JSON ({err.msg.removesuffix(' at')} at column {err.colno})")
            continue
        except RecursionError:
            yield InputError(f"{source}:{index}", TOO_DEEP)
            continue
        yield _safe(record, mapping, source, index, "jsonl")


def _read_json_array(lines: list[str | InputError], source: str, mapping: FieldMap) -> Iterator[Document | InputError]:
    broken = next((line for line in lines if isinstance(line, InputError)), None)
    if broken is not None:
        yield broken
        return
    try:
        records = json.loads("".join(lines))
    except ValueError as err:
        if err.msg == "Extra data":  # JSON Lines whose first line is an array: read line by line
            yield from read_jsonl(lines, source, mapping, array=False)
        else:
            yield InputError(source, f"invalid JSON ({err.msg} at line {err.lineno}, column {err.colno})")
        return
    except RecursionError:  # too deep as one document: each line may still be a record
        yield from read_jsonl(lines, source, mapping, array=False)
        return
    for index, record in enumerate(records if isinstance(records, list) else [records], start=1):
        yield _safe(record, mapping, source, index, "json")


def read_csv(text: str, source: str, mapping: FieldMap) -> Iterator[Document | InputError]:
    """One Document per row; the header names the fields. Tab-separated for `.tsv`, otherwise the
    delimiter (`,` `;` tab or `|`) that the header line uses most."""
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(text), delimiter=_delimiter(text, source))
    try:
        for index, row in enumerate(reader, start=1):
            yield _safe(row, mapping, source, index, "csv")
    except csv.Error as err:
        yield InputError(source, f"invalid CSV at line {reader.line_num} ({err})")


def _delimiter(text: str, source: str) -> str:
    if source.lower().removesuffix(".gz").endswith(".tsv"):
        return "\t"
    header = text.split("\n", 1)[0]
    return max(",\t;|", key=header.count) if any(d in header for d in ",\t;|") else ","


def _safe(record, mapping: FieldMap, source: str, index: int, fmt: str) -> Document | InputError:
    try:
        doc = document_from_record(record, mapping, source, index)
    except InputError as err:
        return err
    doc.format = fmt
    doc.path = source
    return doc
