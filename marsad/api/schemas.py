"""The API's request and response shapes (OpenAPI): pages of store rows, profiles, GeoJSON. The
Article itself is served as its own JSON (`Article.to_dict`, schema in `marsad/schema`); shapes that
carry a record of `marsad.model` take its fields from the dataclass instead of restating them."""
from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from marsad.model import CanonicalEntity, Quote


def record_fields(record: type, exclude: tuple[str, ...] = ()) -> dict[str, tuple[Any, Any]]:
    """A `marsad.model` record's fields as pydantic field definitions (type, default), in order."""
    hints = get_type_hints(record)
    out = {}
    for f in fields(record):
        if f.name not in exclude:
            default = ... if f.default is MISSING and f.default_factory is MISSING else \
                f.default if f.default is not MISSING else f.default_factory()
            out[f.name] = (hints[f.name], default)
    return out


class Problem(BaseModel):
    detail: str


class ArticleRef(BaseModel):
    id: str
    title: str | None
    site: str | None
    section: str | None
    published: str | None
    url: str | None


class ArticleHit(ArticleRef):
    snippet: str


class ArticleList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ArticleHit]


class SearchResponse(ArticleList):
    facets: dict[str, list[tuple[str, int]]]
    facets_cover: int = Field(description="how many matching articles the facets count: every match")


# An entity of the store: the canonical entity's fields (without its aliases and explanations, served
# by the profile) and how often it is mentioned.
Entity = create_model("Entity", **record_fields(CanonicalEntity, exclude=("aliases", "explanation")),
                      mentions=(int, ...), articles=(int, ...))


class EntityList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Entity]


class Alias(BaseModel):
    alias: str
    count: int


class CoMention(BaseModel):
    id: str
    name: str
    type: str
    count: int


class MentionDay(BaseModel):
    date: str
    mentions: int


# A stored quote: the quote's fields, where it is (article and position) and the article's title and date.
QuoteItem = create_model("QuoteItem", article_id=(str, ...), n=(int, ...), **record_fields(Quote),
                         title=(str | None, ...), published=(str | None, ...))


class QuoteList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[QuoteItem]


class MonthEvents(BaseModel):
    month: str
    events: int


class TypeCount(BaseModel):
    type: str
    events: int


class Counterpart(BaseModel):
    """The other end of an actor's asserted events: `id` is None for a generic actor (its text is the name)."""

    id: str | None
    name: str
    type: str | None
    events: int
    as_source: int
    as_target: int
    types: list[TypeCount]


class EntityProfile(BaseModel):
    entity: Entity
    aliases: list[Alias]
    articles: int
    co_mentioned: list[CoMention]
    timeline: list[MentionDay]
    quotes: list[QuoteItem]
    latest_articles: list[ArticleRef]
    actor: ActorActivity


class PlaceProperties(BaseModel):
    id: str
    name: str
    latin: str | None
    country: str | None
    feature: str | None
    mentions: int
    articles: int
    url: str


class Point(BaseModel):
    type: str = "Point"
    coordinates: tuple[float, float]


class Feature(BaseModel):
    type: str = "Feature"
    geometry: Point
    properties: PlaceProperties


class FeatureCollection(BaseModel):
    type: str = "FeatureCollection"
    features: list[Feature]


class ActorActivity(BaseModel):
    """An actor's asserted events (as source or target): how many, per month, with whom, where."""

    events: int
    events_by_month: list[MonthEvents]
    counterparts: list[Counterpart]
    places: FeatureCollection


class MonthCount(BaseModel):
    month: str
    articles: int
    events: int


class CountryCount(BaseModel):
    country: str
    articles: int
    events: int


class SummaryActor(BaseModel):
    id: str
    name: str
    type: str
    articles: int
    mentions: int


class Dyad(BaseModel):
    source: str
    source_name: str
    target: str
    target_name: str
    events: int
    types: list[str]


class Speaker(BaseModel):
    speaker_id: str | None
    speaker: str
    quotes: int
    articles: int


class Summary(BaseModel):
    query: str
    articles: int
    events: int
    by_type: list[TypeCount]
    by_month: list[MonthCount]
    by_country: list[CountryCount]
    actors: list[SummaryActor]
    dyads: list[Dyad]
    speakers: list[Speaker]


class EventItem(BaseModel):
    date: str | None
    event_type: str
    mode: str | None
    trigger: str | None
    actor1_id: str | None
    actor1: str | None
    actor1_country: str | None
    actor1_sector: str | None = None
    actor2_id: str | None
    actor2: str | None
    actor2_country: str | None
    actor2_sector: str | None = None
    status: str = "asserted"
    location_inferred: bool = False
    place_id: str | None
    place: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    place_country: str | None
    source_url: str | None
    article_id: str
    n: int
    sentence: str | None
    confidence: float | None


class EventList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[EventItem]


class TimelineDay(BaseModel):
    date: str
    articles: int
    events: int


class TimelineView(BaseModel):
    from_: str | None = Field(alias="from", description="the first day of the main range")
    to: str | None = Field(description="the last day of the main range")
    days: list[TimelineDay] = Field(description="the days inside the main range")
    outliers: list[TimelineDay] = Field(description="days far outside the main range (history, forecasts)")


class Failure(BaseModel):
    key: str
    problem: str
    at: str


class FailureList(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Failure]


class NewArticle(BaseModel):
    """An article to analyse and store; `text` is the page (plain text, a crawled text page or HTML)."""

    model_config = ConfigDict(extra="forbid")
    text: str
    title: str | None = None
    url: str | None = None
    site: str | None = None
    section: str | None = None
    author: str | None = None
    published: str | None = None


class Stored(BaseModel):
    id: str
    added: bool
    url: str


EntityProfile.model_rebuild()  # its `actor` shape is defined below it
