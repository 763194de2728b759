"""The rows of the Spark output tables, from one analysed `Article` or one `InputError` (no Spark here).

Each table has a pyarrow schema (`SCHEMAS`), documented column by column in docs/scale.md, and is
partitioned by `month` (`YYYY-MM` of the publication date, `unknown` without one), which is the
directory `month=…` and not a column of the files. `articles.article` holds the whole Article JSON, so
a store can be loaded from the output without analysing again (`marsad ingest --from-parquet`).
"""
from __future__ import annotations

import json
import re

import pyarrow as pa

from marsad.errors import InputError
from marsad.events.export import event_row
from marsad.model import Article

TABLES = ("articles", "mentions", "entities", "quotes", "events", "failures")
UNKNOWN_MONTH = "unknown"

_MONTH = re.compile(r"^(\d{4})-(\d{2})")

# Columns that every table but `failures` starts with: which article, and where it was published.
_ARTICLE_KEY = [("article_id", pa.string()), ("site", pa.string()), ("published", pa.string())]

_QUANTITY = pa.struct([("unit", pa.string()), ("value", pa.float64()), ("value_min", pa.float64()),
                       ("value_max", pa.float64()), ("text", pa.string())])

SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("id", pa.string()), ("source", pa.string()), ("body_hash", pa.string()), ("path", pa.string()),
        ("record", pa.int64()), ("format", pa.string()), ("url", pa.string()), ("site", pa.string()),
        ("section", pa.string()), ("title", pa.string()), ("author", pa.string()), ("published", pa.string()),
        ("language", pa.string()), ("text", pa.string()), ("sentences", pa.int32()), ("events", pa.int32()),
        ("schema_version", pa.string()), ("article", pa.string())]),
    "mentions": pa.schema([
        *_ARTICLE_KEY, ("mention_id", pa.string()), ("type", pa.string()), ("text", pa.string()),
        ("start", pa.int32()), ("end", pa.int32()), ("canonical_id", pa.string()), ("origin", pa.string()),
        ("confidence", pa.float64()), ("title", pa.string())]),
    "entities": pa.schema([
        *_ARTICLE_KEY, ("entity_id", pa.string()), ("type", pa.string()), ("name", pa.string()),
        ("latin", pa.string()), ("geonameid", pa.int64()), ("lat", pa.float64()), ("lon", pa.float64()),
        ("country", pa.string()), ("feature", pa.string()), ("sector", pa.string()), ("precision", pa.string()),
        ("mentions", pa.int32())]),
    "quotes": pa.schema([
        *_ARTICLE_KEY, ("n", pa.int32()), ("speaker", pa.string()), ("speaker_id", pa.string()),
        ("speaker_role", pa.string()), ("cue", pa.string()), ("content", pa.string()), ("direct", pa.bool_()), ("start", pa.int32()),
        ("end", pa.int32())]),
    "events": pa.schema([
        *_ARTICLE_KEY, ("n", pa.int32()), ("date", pa.string()), ("event_type", pa.string()), ("mode", pa.string()),
        ("status", pa.string()),
        *[(f"actor{k}{part}", pa.string()) for k in (1, 2) for part in ("", "_id", "_country", "_sector")],
        ("place", pa.string()), ("place_id", pa.string()), ("geonameid", pa.int64()), ("lat", pa.float64()),
        ("lon", pa.float64()), ("location_inferred", pa.bool_()), ("quantities", pa.list_(_QUANTITY)),
        ("source_url", pa.string()), ("sentence", pa.string()), ("trigger", pa.string()),
        ("start", pa.int32()), ("end", pa.int32()), ("confidence", pa.float64())]),
    "failures": pa.schema([("source", pa.string()), ("body_hash", pa.string()), ("reason", pa.string())]),
}


def month(published: str | None) -> str:
    """`YYYY-MM` of an ISO publication date, `unknown` without one."""
    found = _MONTH.match(published or "")
    return f"{found[1]}-{found[2]}" if found else UNKNOWN_MONTH


def rows(result: Article | InputError, source: str, body_hash: str) -> tuple[str, dict[str, list[dict]]]:
    """The month partition and the rows of every table for one result (`source`: `path` or
    `path:record`; `body_hash`: the hash of the input, as `marsad ingest` keeps it)."""
    if isinstance(result, InputError):
        return UNKNOWN_MONTH, {"failures": [{"source": result.source, "body_hash": body_hash,
                                             "reason": result.problem}]}
    return month(result.metadata.published), article_rows(result, source, body_hash)


def article_rows(article: Article, source: str, body_hash: str) -> dict[str, list[dict]]:
    """The rows of one analysed article in each table but `failures`."""
    m, s = article.metadata, article.source
    key = {"article_id": article.id, "site": m.site, "published": m.published}
    counts: dict[str, int] = {}
    for mention in article.entities:
        if mention.canonical_id:
            counts[mention.canonical_id] = counts.get(mention.canonical_id, 0) + 1
    out = {
        "articles": [{
            "id": article.id, "source": source, "body_hash": body_hash, "path": s.path, "record": s.record,
            "format": s.format, "url": m.url, "site": m.site, "section": m.section, "title": m.title,
            "author": m.author, "published": m.published, "language": m.language, "text": article.text,
            "sentences": len(article.sentences), "events": len(article.events),
            "schema_version": article.schema_version,
            "article": json.dumps(article.to_dict(), ensure_ascii=False)}],
        "mentions": [{**key, "mention_id": x.id, "type": x.type, "text": x.text, "start": x.start, "end": x.end,
                      "canonical_id": x.canonical_id, "origin": x.source, "confidence": x.confidence,
                      "title": x.title}
                     for x in article.entities],
        "entities": [{**key, "entity_id": e.id, "type": e.type, "name": e.name, "latin": e.latin,
                      "geonameid": e.geonameid, "lat": e.lat, "lon": e.lon, "country": e.country,
                      "feature": e.feature, "sector": e.sector, "precision": e.precision,
                      "mentions": counts.get(e.id, 0)} for e in article.canonical_entities],
        "quotes": [{**key, "n": n, "speaker": q.speaker, "speaker_id": q.speaker_id,
                    "speaker_role": q.speaker_role, "cue": q.cue,
                    "content": q.content, "direct": q.direct, "start": q.start, "end": q.end}
                   for n, q in enumerate(article.quotes, start=1)],
        "events": [],
    }
    for n, ev in enumerate(article.events, start=1):
        row = event_row(article, ev)
        row.pop("article_id")
        row["quantities"] = [{"unit": q.unit, "value": q.value, "value_min": q.value_min, "value_max": q.value_max,
                              "text": q.text} for q in row["quantities"]]
        out["events"].append({**key, "n": n, **row, "start": ev.start, "end": ev.end})
    return out


def table(name: str, records: list[dict]) -> pa.Table:
    """A pyarrow table of `records` with the schema of table `name`."""
    return pa.Table.from_pylist(records, schema=SCHEMAS[name])
