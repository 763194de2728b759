"""The one data model that flows through every stage of marsad: an `Article` and its parts.

Every span (sentence, mention, quote, trigger) carries `start`/`end` character offsets into
`Article.text`, so `article.text[span.start:span.end] == span.text` always holds. `to_dict()` gives
the JSON of the versioned schema in `marsad/schema/article.schema.json` (documented in docs/schema.md);
`Article.from_dict()` reads it back.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA_VERSION = "1.4"

ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "MISC")


class _Record:
    """Plain-dict conversion shared by every part of the model (fast, no deep copies)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self) if f.metadata.get("serialize", True)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in names})


def _plain(value):
    if isinstance(value, _Record):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass(slots=True)
class Metadata(_Record):
    url: str | None = None
    site: str | None = None
    section_path: list[str] = field(default_factory=list)
    section: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None


@dataclass(slots=True)
class Source(_Record):
    """Where the article came from and how `text` maps back to the original.

    `alignment` is a list of `[text_offset, original_offset]` pairs: from each pair on, characters of
    `text` correspond one to one to characters of the original (the decoded file, the record's text
    field, or the main text extracted from an HTML page) until the next pair. `original_offset()`
    applies it. `record` is the record's position in a corpus (line, row, WARC record), `record_id` its
    own id when the corpus gives one (a WARC record's `WARC-Record-ID`).
    """

    path: str | None = None
    format: str | None = None
    record: int | None = None
    encoding: str | None = None
    alignment: list[list[int]] = field(default_factory=list)
    record_id: str | None = None


@dataclass(slots=True)
class Span(_Record):
    start: int
    end: int


@dataclass(slots=True)
class Mention(_Record):
    id: str
    type: str
    text: str
    start: int
    end: int
    canonical_id: str | None = None
    source: str = "gazetteer"
    confidence: float = 1.0
    # A person's title or role written before the name and kept out of it (`الطالبة`, `وزير الخارجية
    # الأمريكي`); None for other mentions.
    title: str | None = None


@dataclass(slots=True)
class CanonicalEntity(_Record):
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    latin: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    feature: str | None = None
    explanation: list[str] = field(default_factory=list)
    # Actors: sector from the actor lexicon (government, military, police, rebel, terrorist, party,
    # igo, ngo, media, business, civilians). Places: `precision` "exact", or "enclosing" when a place
    # too small for the gazetteer (a district of a city) stands on the place that contains it.
    sector: str | None = None
    precision: str | None = None


@dataclass(slots=True)
class Quote(_Record):
    speaker: str | None
    speaker_id: str | None
    cue: str | None
    content: str
    direct: bool
    start: int
    end: int
    # The role phrase the text gives the speaker by (`رئيس الوزراء الإثيوبي`) when `speaker` is the
    # person it refers to, named elsewhere in the article (schema 1.3); None otherwise.
    speaker_role: str | None = None


@dataclass(slots=True)
class Event(_Record):
    type: str
    trigger: str
    start: int
    end: int
    mode: str | None = None
    source: str | None = None
    target: str | None = None
    location: str | None = None
    date: str | None = None
    sentence: str = ""
    confidence: float = 0.0
    # "asserted", or "negated" (denied, did not happen) or "hypothetical" (planned, threatened,
    # conditional, feared): such events are kept and marked, never counted as having happened.
    status: str = "asserted"
    # True when `location` is not in the sentence but the article's dateline or main place.
    location_inferred: bool = False
    quantities: list[Quantity] = field(default_factory=list)
    # Where `date` comes from: "sentence" (a time expression in it), "dateline" (the article's dateline)
    # or "published" (the publication date); None when there is no date.
    date_source: str | None = None
    # The trigger spans of every mention of this real-world event in the article, in text order (one
    # record per event: a headline and its elaboration are one event); the record's fields come from its
    # most informative mention, whose span is `start`/`end`.
    mentions: list[Span] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        event = super(Event, cls).from_dict(data)
        event.quantities = [q if isinstance(q, Quantity) else Quantity.from_dict(q) for q in event.quantities]
        event.mentions = [m if isinstance(m, Span) else Span.from_dict(m) for m in event.mentions]
        return event


@dataclass(slots=True)
class Quantity(_Record):
    text: str
    start: int
    end: int
    value: float | None = None
    value_min: float | None = None
    value_max: float | None = None
    unit: str | None = None


@dataclass(slots=True)
class TimeExpression(_Record):
    """A date or time expression resolved against the article's date: `value` is an ISO 8601 date
    (or `YYYY-MM` / `YYYY`, or the Gregorian days `YYYY-MM-DD/YYYY-MM-DD` of a Hijri month or year),
    `granularity` one of day, week, month, year; `relative` when it was
    resolved from the publication date (أمس، الخميس الماضي)."""

    text: str
    start: int
    end: int
    value: str | None = None
    granularity: str | None = None
    calendar: str = "gregorian"
    relative: bool = False


@dataclass(slots=True)
class AnalysisWarning(_Record):
    code: str
    message: str


_PARTS = {
    "metadata": Metadata,
    "source": Source,
    "sentences": Span,
    "entities": Mention,
    "canonical_entities": CanonicalEntity,
    "quotes": Quote,
    "events": Event,
    "quantities": Quantity,
    "times": TimeExpression,
    "warnings": AnalysisWarning,
}


@dataclass(slots=True)
class Article(_Record):
    """One news article and everything marsad found in it."""

    text: str
    metadata: Metadata = field(default_factory=Metadata)
    source: Source = field(default_factory=Source)
    id: str = ""
    schema_version: str = SCHEMA_VERSION
    sentences: list[Span] = field(default_factory=list)
    entities: list[Mention] = field(default_factory=list)
    canonical_entities: list[CanonicalEntity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    warnings: list[AnalysisWarning] = field(default_factory=list)
    # Working state shared by the stages, not part of the JSON: the tokens of `text`.
    tokens: list = field(default_factory=list, repr=False, compare=False, metadata={"serialize": False})

    def __post_init__(self):
        if not self.id:
            self.id = content_id(self.text)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        kwargs = {}
        for f in fields(cls):
            if f.name not in data or not f.metadata.get("serialize", True):
                continue
            value, part = data[f.name], _PARTS.get(f.name)
            if part is not None:
                value = [part.from_dict(v) for v in value] if isinstance(value, list) else part.from_dict(value)
            kwargs[f.name] = value
        return cls(**kwargs)

    def warn(self, code: str, message: str) -> None:
        self.warnings.append(AnalysisWarning(code, message))

    def original_offset(self, offset: int) -> int:
        """Map an offset in `text` to the matching offset in the original input."""
        best = None
        for text_offset, original in self.source.alignment:
            if text_offset > offset:
                break
            best = (text_offset, original)
        if best is None:
            return offset
        return best[1] + offset - best[0]


def content_id(text: str) -> str:
    """Stable id of an article: a hash of its clean text, so the same story read twice gets one id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
