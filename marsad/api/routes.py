"""The JSON API under /api: read-only listings and profiles, and (with a token) article ingestion."""
from __future__ import annotations

import asyncio
import atexit
import csv
import io
import json
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import ValidationError

import marsad
from marsad.api.deps import (Country, DateFrom, DateTo, EntityType, EventType, FiltersDep, Limit, Offset, QueryText,
                             StoreDep, require_token)
from marsad.api.schemas import (ArticleList, EntityList, EntityProfile, EventList, FailureList, FeatureCollection,
                                NewArticle, Problem, QuoteList, SearchResponse, Stored, Summary, TimelineView)
from marsad.events import export
from marsad.store import queries
from marsad.store.search import MAX_LIMIT

# The largest CSV page of events one request may ask for (without `limit`, a CSV export streams every match).
MAX_CSV_ROWS = 1_000_000


def _listing(result, limit: int, offset: int) -> dict:
    return {"total": result.total, "limit": limit, "offset": offset, "items": result.hits}


router = APIRouter(responses={400: {"model": Problem, "description": "malformed query or filter"}})


# --- articles and search -----------------------------------------------------------------------

@router.get("/articles", response_model=ArticleList, summary="List or search articles")
def list_articles(db: StoreDep, filters: FiltersDep, q: QueryText = None, limit: Limit = 20, offset: Offset = 0):
    """Newest articles matching the filters; with `q`, the best matches first."""
    return _listing(queries.articles(db, q, filters, limit, offset), limit, offset)


@router.get("/articles/{article_id}", responses={404: {"model": Problem}}, summary="One article (Article JSON)")
def get_article(db: StoreDep, article_id: str) -> dict[str, Any]:
    data = queries.article_json(db, article_id)
    if data is None:
        raise HTTPException(404, f"no article {article_id}")
    return data


@router.get("/articles/{article_id}/sources", responses={404: {"model": Problem}},
            summary="Every source of an article's text (its copies), each with its own metadata")
def get_article_sources(db: StoreDep, article_id: str) -> list[dict[str, Any]]:
    if queries.article_json(db, article_id) is None:
        raise HTTPException(404, f"no article {article_id}")
    return queries.article_sources(db, article_id)


@router.get("/search", response_model=SearchResponse, summary="Full-text search with snippets and facets (JSON or CSV)",
            responses={200: {"content": {"text/csv": {}}}})
def search_articles(db: StoreDep, filters: FiltersDep, q: Annotated[str, Query(min_length=1)], limit: Limit = 20,
                    offset: Offset = 0, format: Literal["json", "csv"] = "json"):
    """Articles containing every word or "phrase" of `q` in any spelling or with any proclitic; `a OR b`
    accepts either, `-word` or `-"phrase"` excludes. `format=csv` streams every match (`limit` and
    `offset` apply to JSON pages), best first, with its rank and a plain-text snippet."""
    if format == "csv":
        rows = queries.all_articles(db, q, filters)
        return _csv_download(_csv(rows, queries.SEARCH_CSV_COLUMNS), "marsad-search.csv")
    result = queries.articles(db, q, filters, limit, offset, facets=True, required=True)
    return {**_listing(result, limit, offset), "facets": result.facets, "facets_cover": result.facets_cover}


# --- entities, places, events, quotes ----------------------------------------------------------

@router.get("/entities", response_model=EntityList, summary="Entities by number of mentions")
def list_entities(db: StoreDep, type: EntityType | None = None,
                  q: Annotated[str | None, Query(description="start of the name, Latin name or an alias")] = None,
                  limit: Limit = 20, offset: Offset = 0):
    return queries.entities(db, type, q, limit, offset).to_dict()


@router.get("/entities/{entity_id:path}", response_model=EntityProfile, responses={404: {"model": Problem}},
            summary="An entity's profile")
def get_entity(db: StoreDep, entity_id: str):
    """The entity, its aliases, co-mentioned entities, mentions per day, quotes and latest articles."""
    profile = queries.entity_profile(db, entity_id)
    if profile is None:
        raise HTTPException(404, f"no entity {entity_id}")
    return profile


@router.get("/places", response_model=FeatureCollection, summary="Mentioned places as GeoJSON")
def get_places(db: StoreDep, filters: FiltersDep, q: QueryText = None,
               limit: Annotated[int, Query(ge=1, le=queries.MAX_PLACES)] = queries.MAX_PLACES):
    """Places with coordinates mentioned in the articles matching `q` and the filters."""
    return queries.places(db, q, filters, limit)


@router.get("/events", response_model=EventList, summary="Events (JSON, CSV or GeoJSON)",
            responses={200: {"content": {"text/csv": {}, "application/geo+json": {}}}})
def list_events(db: StoreDep, type: EventType | None = None, country: Country = None,
                entity: Annotated[str | None, Query(description="the source or target actor")] = None,
                date_from: DateFrom = None, date_to: DateTo = None,
                format: Literal["json", "csv", "geojson"] = "json",
                status: Annotated[Literal["asserted", "negated", "hypothetical"] | None,
                                  Query(description="only events of this status (default: all)")] = None,
                limit: Annotated[int | None, Query(ge=1, le=MAX_CSV_ROWS, description=(
                    f"page size: 1–{MAX_LIMIT} for JSON (default 20); for CSV up to {MAX_CSV_ROWS} "
                    "(default: every match)"))] = None,
                offset: Offset = 0):
    """Events, newest first, each with its status (asserted, or negated/hypothetical: denied, planned or
    feared, not counted as having happened). `format=csv` streams every match, or the page that
    `limit` and `offset` give, with the ACLED/POLECAT-like columns of `marsad export events`;
    `format=geojson` streams the same rows as a FeatureCollection (a Point per event at its place,
    the columns as properties) for QGIS."""
    if format != "json":
        queries.make_filters(country=country, event_type=type, date_from=date_from, date_to=date_to)  # 400 first
        rows = export.event_rows(db, status, type=type, country=country, entity=entity, date_from=date_from,
                                 date_to=date_to, limit=limit, offset=offset)
        if format == "geojson":
            return StreamingResponse(_geojson(rows), media_type="application/geo+json",
                                     headers={"Content-Disposition": 'attachment; filename="marsad-events.geojson"'})
        return _csv_download(_csv(map(export.csv_row, rows)), "marsad-events.csv")
    if limit is not None and limit > MAX_LIMIT:
        raise HTTPException(400, f"limit: at most {MAX_LIMIT} for JSON (use format=csv for larger exports)")
    return queries.events(db, type, country, entity, date_from, date_to, limit or 20, offset, status).to_dict()


def _csv(rows: Iterator[dict], columns: tuple[str, ...] = export.COLUMNS) -> Iterator[str]:
    """CSV text, a header then one line per row (an event by default)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _csv_download(text: Iterator[str], filename: str) -> StreamingResponse:
    return StreamingResponse(text, media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _geojson(rows: Iterator[dict]) -> Iterator[str]:
    """A GeoJSON FeatureCollection, one Feature per event row, written as the rows are read."""
    yield '{"type": "FeatureCollection", "features": ['
    separator = "\n"
    for row in rows:
        yield separator + json.dumps(export.geojson_feature(row), ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


@router.get("/events/places", response_model=FeatureCollection, summary="Places of events as GeoJSON")
def get_event_places(db: StoreDep, type: EventType | None = None, country: Country = None,
                     entity: Annotated[str | None, Query(description="the source or target actor")] = None,
                     date_from: DateFrom = None, date_to: DateTo = None,
                     limit: Annotated[int, Query(ge=1, le=queries.MAX_PLACES)] = queries.MAX_PLACES):
    """The places of the asserted events matching the filters of `/events`; `mentions` is the number of
    events at the place, `articles` the number of their articles."""
    return queries.event_places(db, type, country, entity, date_from, date_to, limit=limit)


@router.get("/summary", response_model=Summary, summary="What happened: counts over the articles of a search")
def get_summary(db: StoreDep, filters: FiltersDep, q: QueryText = None):
    """Over every article matching `q` and the filters: asserted events by type, month and country, articles
    by month and country, the people and organisations named in most of them, the dyads with most
    events and the speakers quoted most."""
    return queries.summary(db, q, filters)


@router.get("/quotes", response_model=QuoteList, summary="Quotes (JSON or CSV)",
            responses={200: {"content": {"text/csv": {}}}})
def list_quotes(db: StoreDep, speaker: Annotated[str | None, Query(description="speaker entity id")] = None,
                q: Annotated[str | None, Query(description="text in the quote or the speaker")] = None,
                limit: Limit = 20, offset: Offset = 0, format: Literal["json", "csv"] = "json"):
    """Quotes, newest first; `format=csv` streams every match (`limit` and `offset` apply to JSON pages)."""
    if format == "csv":
        rows = (dict(r, direct="true" if r["direct"] else "false") for r in queries.all_quotes(db, speaker, q))
        return _csv_download(_csv(rows, queries.QUOTE_CSV_COLUMNS), "marsad-quotes.csv")
    return queries.quotes(db, speaker, q, limit, offset).to_dict()


@router.get("/timeline", response_model=TimelineView, response_model_by_alias=True,
            summary="Articles and events per day, outliers apart")
def get_timeline(db: StoreDep, filters: FiltersDep, q: QueryText = None):
    """Days inside the main range (the quartiles of the dated articles and events widened by 1.5 interquartile
    ranges, at least a year, and never more than a month after the latest publication), and the days outside
    it as `outliers`."""
    return queries.timeline_view(db, q, filters)


@router.get("/stats", response_model=dict[str, int], summary="Counts of what the store holds")
def get_stats(db: StoreDep):
    return queries.stats(db)


@router.get("/failures", response_model=FailureList, summary="Inputs that could not be analysed")
def list_failures(db: StoreDep, limit: Limit = 20, offset: Offset = 0):
    return queries.failures(db, limit, offset).to_dict()


# --- ingestion (only when the app has a token) -------------------------------------------------

ingest_router = APIRouter(responses={400: {"model": Problem}, 401: {"model": Problem}, 403: {"model": Problem},
                                     413: {"model": Problem}})
# The largest request body `POST /api/articles` accepts: a long news article is 50 KB; larger corpora go
# through `marsad ingest`.
MAX_POST_BYTES = 1024 * 1024


async def _limited_body(request: Request) -> bytes:
    """The request body, or a 413 as soon as it is known to be over MAX_POST_BYTES (declared or read)."""
    too_large = HTTPException(413, f"the body is over {MAX_POST_BYTES // 1024} KiB; use marsad ingest for large inputs")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_POST_BYTES:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_POST_BYTES:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)

_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": NewArticle.model_json_schema()},
    "text/plain": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}}}}


@ingest_router.post("/articles", response_model=Stored, status_code=201, openapi_extra=_BODY,
                    dependencies=[Depends(require_token)], summary="Analyse and store an article")
async def add_article(request: Request, response: Response):
    """Body: JSON `{"text", "title"?, "url"?, "site"?, "section"?, "author"?, "published"?}`, or the raw
    page. 201 when stored, 200 when the store already had it; 413 when the body is over
    `MAX_POST_BYTES` (analysing one huge document would hold up the server's other requests)."""
    text, metadata = _new_article(await _limited_body(request), request.headers.get("content-type", ""))
    try:
        article = await analyse_apart(text, metadata)
    except marsad.InputError as err:
        raise HTTPException(400, str(err)) from None
    added = await run_in_threadpool(request.app.state.writer.add, article)
    response.status_code = 201 if added else 200
    return {"id": article.id, "added": added, "url": f"/api/articles/{article.id}"}


_ANALYSER: ProcessPoolExecutor | None = None


def _analyse(text: str | bytes, metadata: dict):
    return marsad.analyze(text, **metadata)


async def analyse_apart(text: str | bytes, metadata: dict):
    """`marsad.analyze` in a worker process of its own (started on first use, one per server): a long
    analysis then never holds the server's interpreter lock (a garbage collection over a large article's
    objects does, for a second or more), so reads keep answering."""
    global _ANALYSER
    if _ANALYSER is None:
        _ANALYSER = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        atexit.register(_ANALYSER.shutdown, cancel_futures=True)
    return await asyncio.get_running_loop().run_in_executor(_ANALYSER, _analyse, text, metadata)


def _new_article(body: bytes, content_type: str) -> tuple[str | bytes, dict]:
    """(text, metadata) from a request body: a JSON NewArticle, or the raw page."""
    if not content_type.startswith("application/json"):
        return body, {}
    try:
        new = NewArticle.model_validate(json.loads(body))
    except (ValueError, ValidationError, RecursionError) as err:
        first = err.errors()[0] if isinstance(err, ValidationError) else None
        reason = (f"{'.'.join(map(str, first['loc'])) or 'body'}: {first['msg']}" if first
                  else "not valid JSON (nested too deeply)" if isinstance(err, RecursionError) else "not valid JSON")
        raise HTTPException(400, f"<input>: {reason}") from None
    return new.text, new.model_dump(exclude={"text"}, exclude_none=True)


# A server started without a token answers `POST /api/articles` with why it cannot, not a bare 405.
readonly_router = APIRouter(include_in_schema=False)
READ_ONLY = "the server is read-only; start it with --token-file (or MARSAD_TOKEN) to accept articles"


@readonly_router.post("/articles", status_code=403)
def read_only_articles():
    raise HTTPException(403, READ_ONLY)
