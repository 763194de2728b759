"""What a reader hands to the pipeline: the original text, where the body is in it, and metadata."""
from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(slots=True)
class Document:
    original: str
    body_start: int = 0
    body_end: int | None = None
    metadata: dict = field(default_factory=dict)
    path: str | None = None
    format: str | None = None
    record: int | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    record_id: str | None = None  # the record's own id in its container (WARC-Record-ID)

    @property
    def body(self) -> str:
        return self.original[self.body_start:self.body_end]


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(value: str, warnings: list[str], field_name: str) -> str:
    """A string with lone surrogates (unpaired `\\ud800` escapes in JSON, not Unicode text) replaced by
    U+FFFD, and a warning naming the field when there were any."""
    cleaned, count = _SURROGATE.subn("\ufffd", value)
    if count:
        warnings.append(f"{count} lone surrogate(s) in {field_name} replaced by U+FFFD")
    return cleaned


_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_date(value) -> str | None:
    """An ISO 8601 date or date-time for a publication date as crawlers write it, or None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    try:
        if _DATE_ONLY.fullmatch(text):  # no time of day given: do not invent midnight
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError):
        pass
    numeric = _NUMERIC_DATE.fullmatch(text)
    if numeric:  # 07/02/2017: day first, as Arabic and European outlets write it (month first only when it must be)
        first, second, year = (int(g) for g in numeric.groups())
        day, month = (second, first) if second > 12 >= first else (first, second)
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    import dateparser  # slow to import: only for the unusual formats

    # Relative dates ("منذ ساعتين") and dates without a year depend on today: not a publication date.
    settings = {"PREFER_DAY_OF_MONTH": "first", "PARSERS": ["timestamp", "custom-formats", "absolute-time"], "REQUIRE_PARTS": ["year"]}
    parsed = dateparser.parse(text, languages=["ar", "en", "fr"], settings=settings)
    return parsed.isoformat() if parsed else None
