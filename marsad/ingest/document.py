"""What a reader hands to the pipeline: the original text, where the body is in it, and metadata."""
from __future__ import annotations

import email.utils
from dataclasses import dataclass, field
from datetime import datetime


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

    @property
    def body(self) -> str:
        return self.original[self.body_start:self.body_end]


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
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError):
        pass
    import dateparser  # slow to import: only for the unusual formats

    parsed = dateparser.parse(text, languages=["ar", "en", "fr"], settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.isoformat() if parsed else None
