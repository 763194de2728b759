"""Read-only questions asked of a store, shared by the JSON API and the HTML pages.

Every function takes an open `Store` and returns plain data (dicts, lists, `Page`). Every user value
reaches SQLite as a bound parameter. Input that cannot be answered (a malformed date, an unknown
type, a query FTS5 cannot run) raises `QueryError`, which the web layer turns into a 400.
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import astuple, dataclass, field
from datetime import date, timedelta
from importlib import resources
from urllib.parse import quote

from marsad.model import ENTITY_TYPES
from marsad.store.db import Store
from marsad.store.index import QueryError, check_length, parse_query
from marsad.store.search import MAX_LIMIT, Filters, SearchResult, matching, search, snippet

PLACE_TYPES = ("GPE", "LOC", "FAC")
PROFILE_ROWS = 20  # co-mentioned entities, quotes and latest articles on an entity profile
MAX_PLACES = 5000


def _event_types() -> tuple[str, ...]:
    """The PLOVER event types, as the Article JSON Schema lists them."""
    schema = json.loads(resources.files("marsad").joinpath("schema/article.schema.json").read_text("utf-8"))
    return tuple(schema["$defs"]["event"]["properties"]["type"]["enum"])


EVENT_TYPES = _event_types()
_COUNTRY = re.compile(r"[A-Za-z]{2}")


@dataclass(slots=True)
class Page:
    """One page of a listing: `total` rows match, `items` are those from `offset` on."""

    total: int
    limit: int
    offset: int
    items: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "items": self.items}


# --- checking user input ---------------------------------------------------------------------

def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise QueryError(f"limit must be 1–{MAX_LIMIT} and offset at least 0")


def iso_date(value: str | None, name: str = "date") -> str | None:
    """`value` as YYYY-MM-DD (None for empty); QueryError when it is not a date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise QueryError(f"{name} must be a date such as 2016-08-10, not {value[:40]!r}") from None


def choice(value: str | None, allowed: tuple[str, ...], name: str) -> str | None:
    """`value` upper-cased when it is one of `allowed` (None for empty); QueryError otherwise."""
    if not value:
        return None
    if value.upper() not in allowed:
        raise QueryError(f"{name} must be one of {', '.join(allowed)}")
    return value.upper()


def make_filters(entity: str | None = None, country: str | None = None, event_type: str | None = None,
                 site: str | None = None, section: str | None = None, date_from: str | None = None,
                 date_to: str | None = None) -> Filters:
    """Checked `Filters` from raw request values; empty values mean no filter."""
    if country and not _COUNTRY.fullmatch(country):
        raise QueryError("country must be a two-letter ISO 3166 code such as LY")
    return Filters(entity=entity or None, country=country.upper() if country else None,
                   event_type=choice(event_type, EVENT_TYPES, "event_type"), site=site or None,
                   section=section or None, date_from=iso_date(date_from, "date_from"),
                   date_to=iso_date(date_to, "date_to"))


def check_query(query: str | None) -> None:
    """QueryError when a non-empty search query cannot be run."""
    if query and query.strip():
        parse_query(query)


def _like_prefix(text: str) -> str:
    """A LIKE pattern (ESCAPE '\\') matching strings that start with `text`."""
    return re.sub(r"([\\%_])", r"\\\1", check_length(text)) + "%"


def _like_anywhere(text: str) -> str:
    return "%" + _like_prefix(text)


def _matching(query: str | None, filters: Filters) -> tuple[str, list]:
    """SQL selecting the ids of the articles that match a query and filters, with its parameters."""
    source, clause, params = matching(parse_query(query) if query and query.strip() else None, filters)
    return f"SELECT a.id FROM {source} {clause}", params


def _filtered(query: str | None, filters: Filters) -> bool:
    return bool(query and query.strip()) or any(astuple(filters))


# --- articles ----------------------------------------------------------------------------------

def articles(store: Store, query: str | None, filters: Filters, limit: int = 20, offset: int = 0,
             facets: bool = False, required: bool = False) -> SearchResult:
    """Articles matching `query` and `filters` (see `search.search`); `required` rejects an empty query."""
    if required and not (query and query.strip()):
        raise QueryError("the query has no words to search for")
    return search(store, query, filters, limit, offset, facets)


def article_json(store: Store, article_id: str) -> dict | None:
    """The stored Article JSON, or None."""
    row = store.db.execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
    return json.loads(row[0]) if row else None


def article_sources(store: Store, article_id: str) -> list[dict]:
    """Every source the article's text came from (its copies), oldest first, with each copy's metadata
    (none in a store from before schema 3 that is served read-only, and so never migrated)."""
    have = {row[1] for row in store.db.execute("PRAGMA table_info(sources)")}
    fields = ", ".join(c if c in have else f"NULL AS {c}" for c in ("url", "title", "site", "published"))
    rows = store.db.execute(f"SELECT key, {fields}, at FROM sources WHERE article_id = ? ORDER BY at, key",
                            (article_id,))
    return [dict(r) for r in rows]


# --- entities ----------------------------------------------------------------------------------

def entities(store: Store, type: str | None = None, prefix: str | None = None, limit: int = 20,
             offset: int = 0) -> Page:
    """Entities by number of mentions; `type` filters, `prefix` matches the start of a name, Latin
    name or alias."""
    check_page(limit, offset)
    where, params = [], []
    if type := choice(type, ENTITY_TYPES, "type"):
        where.append("type = ?")
        params.append(type)
    if prefix and prefix.strip():
        pattern = _like_prefix(prefix.strip())
        where.append("(name LIKE ? ESCAPE '\\' OR latin LIKE ? ESCAPE '\\' OR id IN"
                     " (SELECT entity_id FROM aliases WHERE alias LIKE ? ESCAPE '\\'))")
        params += [pattern] * 3
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    total = store.db.execute(f"SELECT count(*) FROM entities{clause}", params).fetchone()[0]
    rows = store.db.execute(f"SELECT * FROM entities{clause} ORDER BY mentions DESC, id LIMIT ? OFFSET ?",
                            params + [limit, offset])
    return Page(total, limit, offset, [dict(r) for r in rows])


def entity(store: Store, entity_id: str) -> dict | None:
    row = store.db.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
    return dict(row) if row else None


def entity_profile(store: Store, entity_id: str) -> dict | None:
    """Everything known about one entity, or None when it is unknown."""
    row = entity(store, entity_id)
    if row is None:
        return None
    return {
        "entity": row,
        "aliases": [dict(r) for r in store.db.execute(
            "SELECT alias, count FROM aliases WHERE entity_id = ? ORDER BY count DESC, alias", (entity_id,))],
        "articles": row["articles"],
        "co_mentioned": co_mentioned(store, entity_id),
        "timeline": entity_timeline(store, entity_id),
        "quotes": quotes(store, speaker=entity_id, limit=PROFILE_ROWS).items,
        "latest_articles": latest_articles(store, entity_id),
        "actor": actor_activity(store, entity_id),
    }


def co_mentioned(store: Store, entity_id: str, limit: int = PROFILE_ROWS) -> list[dict]:
    """The entities mentioned most often in the same articles, with the number of shared articles."""
    rows = store.db.execute(
        "WITH arts AS (SELECT DISTINCT article_id FROM mentions WHERE entity_id = ?)"
        " SELECT e.id, e.name, e.type, count(DISTINCT m.article_id) AS count"
        " FROM mentions m JOIN arts USING (article_id) JOIN entities e ON e.id = m.entity_id"
        " WHERE m.entity_id != ? GROUP BY e.id ORDER BY count DESC, e.id LIMIT ?",
        (entity_id, entity_id, limit))
    return [dict(r) for r in rows]


def entity_timeline(store: Store, entity_id: str) -> list[dict]:
    """Mentions of an entity per publication day of their articles."""
    rows = store.db.execute(
        "SELECT substr(a.published, 1, 10) AS date, count(*) AS mentions FROM mentions m"
        " JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ? AND a.published IS NOT NULL"
        " GROUP BY date ORDER BY date", (entity_id,))
    return [dict(r) for r in rows]


def latest_articles(store: Store, entity_id: str, limit: int = PROFILE_ROWS) -> list[dict]:
    rows = store.db.execute(
        "SELECT id, title, site, section, published, url FROM articles"
        " WHERE id IN (SELECT article_id FROM mentions WHERE entity_id = ?)"
        " ORDER BY published DESC, rowid DESC LIMIT ?", (entity_id, limit))
    return [dict(r) for r in rows]


# --- places, events, quotes, timeline ----------------------------------------------------------

def places(store: Store, query: str | None = None, filters: Filters | None = None,
           limit: int = MAX_PLACES) -> dict:
    """A GeoJSON FeatureCollection of the places with coordinates mentioned in the matching articles,
    most mentioned first; counts are over those articles."""
    filters = filters or Filters()
    kinds = ",".join("?" * len(PLACE_TYPES))
    if _filtered(query, filters):
        matching, params = _matching(query, filters)
        sql = (f"SELECT e.id, e.name, e.latin, e.country, e.feature, e.lat, e.lon, count(*) AS mentions,"
               f" count(DISTINCT m.article_id) AS articles FROM mentions m JOIN entities e ON e.id = m.entity_id"
               f" WHERE m.article_id IN ({matching}) AND e.type IN ({kinds}) AND e.lat IS NOT NULL"
               f" GROUP BY e.id ORDER BY mentions DESC, e.id LIMIT ?")
        params = params + list(PLACE_TYPES) + [limit]
    else:
        sql = (f"SELECT id, name, latin, country, feature, lat, lon, mentions, articles FROM entities"
               f" WHERE type IN ({kinds}) AND lat IS NOT NULL AND articles > 0 ORDER BY mentions DESC, id LIMIT ?")
        params = list(PLACE_TYPES) + [limit]
    return {"type": "FeatureCollection", "features": [_feature(dict(r)) for r in store.db.execute(sql, params)]}


def _feature(row: dict) -> dict:
    lat, lon = row.pop("lat"), row.pop("lon")
    row["url"] = "/entities/" + quote(row["id"], safe=":")
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": row}


# An event's day: its date when the text gives the day, else its article's publication day (a date of a
# month, a year or a span says no day); its month likewise.
_EVENT_DAY = "CASE WHEN length(ev.date) = 10 THEN ev.date ELSE substr(a.published, 1, 10) END"
_EVENT_MONTH = "CASE WHEN length(ev.date) >= 7 THEN substr(ev.date, 1, 7) ELSE substr(a.published, 1, 7) END"

_EVENT_SELECT = (
    f"SELECT {_EVENT_DAY} AS date, ev.type AS event_type, ev.mode, ev.trigger,"
    " ev.source AS actor1_id, s.name AS actor1, s.country AS actor1_country,"
    " s.sector AS actor1_sector, ev.target AS actor2_id, t.name AS actor2, t.country AS actor2_country,"
    " t.sector AS actor2_sector, ev.status, ev.location_inferred,"
    " ev.location AS place_id, l.name AS place, l.geonameid, l.lat, l.lon, l.country AS place_country,"
    " a.url AS source_url, ev.article_id, ev.n, ev.sentence, ev.confidence"
    " FROM events ev JOIN articles a ON a.id = ev.article_id"
    " LEFT JOIN entities s ON s.id = ev.source LEFT JOIN entities t ON t.id = ev.target"
    " LEFT JOIN entities l ON l.id = ev.location")


def _event_where(type: str | None, country: str | None, entity: str | None, date_from: str | None,
                 date_to: str | None, status: str | None = None) -> tuple[str, list]:
    filters = make_filters(country=country, event_type=type, date_from=date_from, date_to=date_to)
    where, params = [], []
    if status:
        where.append("+ev.status = ?")  # unary +: an actor's events are found by source and target, not status
        params.append(status)
    if filters.event_type:
        where.append("ev.type = ?")
        params.append(filters.event_type)
    if filters.country:
        where.append("(s.country = ? OR t.country = ? OR l.country = ?)")
        params += [filters.country] * 3
    if entity:
        where.append("(ev.source = ? OR ev.target = ?)")
        params += [entity, entity]
    if filters.date_from:
        where.append(f"{_EVENT_DAY} >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        where.append(f"{_EVENT_DAY} <= ?")
        params.append(filters.date_to)
    return (" WHERE " + " AND ".join(where)) if where else "", params


def events(store: Store, type: str | None = None, country: str | None = None, entity: str | None = None,
           date_from: str | None = None, date_to: str | None = None, limit: int = 20,
           offset: int = 0, status: str | None = None) -> Page:
    """Events, newest first, with their actors and place resolved; `entity` is the source or target."""
    check_page(limit, offset)
    clause, params = _event_where(type, country, entity, date_from, date_to, status)
    total = store.db.execute(f"SELECT count(*) FROM ({_EVENT_SELECT}{clause})", params).fetchone()[0]
    rows = store.db.execute(f"{_EVENT_SELECT}{clause} ORDER BY date DESC, ev.article_id, ev.n LIMIT ? OFFSET ?",
                            params + [limit, offset])
    return Page(total, limit, offset, [dict(r) for r in rows])


def all_events(store: Store, type: str | None = None, country: str | None = None, entity: str | None = None,
               date_from: str | None = None, date_to: str | None = None, status: str | None = None,
               limit: int | None = None, offset: int = 0) -> Iterator[dict]:
    """Every matching event (for exports), or the page `limit`/`offset` give, in the order of `events`,
    read from the cursor as they are used. Checks the filters before yielding."""
    clause, params = _event_where(type, country, entity, date_from, date_to, status)
    page = ""
    if limit is not None or offset:
        page, params = " LIMIT ? OFFSET ?", params + [-1 if limit is None else limit, offset]
    cursor = store.db.execute(f"{_EVENT_SELECT}{clause} ORDER BY date DESC, ev.article_id, ev.n{page}", params)
    return (dict(r) for r in cursor)


def _quote_where(speaker: str | None, query: str | None) -> tuple[str, list]:
    where, params = [], []
    if speaker:
        where.append("q.speaker_id = ?")
        params.append(speaker)
    if query and query.strip():
        pattern = _like_anywhere(query.strip())
        where.append("(q.content LIKE ? ESCAPE '\\' OR q.speaker LIKE ? ESCAPE '\\')")
        params += [pattern, pattern]
    return (" WHERE " + " AND ".join(where)) if where else "", params


def quotes(store: Store, speaker: str | None = None, query: str | None = None, limit: int = 20,
           offset: int = 0) -> Page:
    """Quotes, newest first; `speaker` is an entity id, `query` a piece of the speaker or the content."""
    check_page(limit, offset)
    clause, params = _quote_where(speaker, query)
    source = "FROM quotes q JOIN articles a ON a.id = q.article_id"
    total = store.db.execute(f"SELECT count(*) {source}{clause}", params).fetchone()[0]
    rows = store.db.execute(
        f"SELECT q.article_id, q.n, q.speaker, q.speaker_id, q.speaker_role, q.cue, q.content, q.direct, q.start,"
        f" q.end, a.title, a.published {source}{clause} ORDER BY a.published DESC, q.article_id, q.n LIMIT ? OFFSET ?",
        params + [limit, offset])
    return Page(total, limit, offset, [dict(r, direct=bool(r["direct"])) for r in rows])


def timeline(store: Store, query: str | None = None, filters: Filters | None = None) -> list[dict]:
    """Matching articles and their events per day: [{date, articles, events}], oldest first."""
    filters = filters or Filters()
    matching, params = _matching(query, filters)
    days: dict[str, dict] = {}
    articles_sql = (f"SELECT substr(published, 1, 10) AS d, count(*) FROM articles WHERE id IN ({matching})"
                    f" AND published IS NOT NULL GROUP BY d")
    for day, n in store.db.execute(articles_sql, params):
        days[day] = {"date": day, "articles": n, "events": 0}
    events_sql = (f"SELECT {_EVENT_DAY} AS d, count(*) FROM events ev"
                  f" JOIN articles a ON a.id = ev.article_id WHERE ev.article_id IN ({matching})"
                  f" AND {_EVENT_DAY} IS NOT NULL AND ev.status = 'asserted'")
    if filters.event_type:
        events_sql += " AND ev.type = ?"
        params = params + [filters.event_type]
    for day, n in store.db.execute(events_sql + " GROUP BY d", params):
        days.setdefault(day, {"date": day, "articles": 0, "events": 0})["events"] = n
    return [days[d] for d in sorted(days)]


# The main range of a timeline (Tukey's fences on the dates of the articles and events): from the first
# quartile minus 1.5 interquartile ranges (at least a year) to the third quartile plus as much, and never
# after the store's latest publication plus a month. Days outside it (history, forecasts such as "in 25
# years") are listed apart as outliers.
TIMELINE_QUARTILES = (0.25, 0.75)
TIMELINE_FENCE = 1.5
TIMELINE_MIN_PAD_DAYS = 366
TIMELINE_FUTURE_DAYS = 31


def timeline_view(store: Store, query: str | None = None, filters: Filters | None = None) -> dict:
    """The timeline with its axis clipped to the main range: {from, to, days, outliers}, where `days` are
    those inside [from, to] and `outliers` those outside (both oldest first; from/to None when empty)."""
    days = timeline(store, query, filters)
    if not days:
        return {"from": None, "to": None, "days": [], "outliers": []}
    weights = [d["articles"] + d["events"] for d in days]
    total = sum(weights)

    def quantile(share: float) -> date:
        running = 0
        for day, weight in zip(days, weights):
            running += weight
            if running >= share * total:
                return date.fromisoformat(day["date"])
        return date.fromisoformat(days[-1]["date"])

    low, high = (quantile(share) for share in TIMELINE_QUARTILES)
    pad = max(timedelta(days=TIMELINE_MIN_PAD_DAYS), (high - low) * TIMELINE_FENCE)
    start, end = low - pad, high + pad
    latest = store.db.execute("SELECT max(substr(published, 1, 10)) FROM articles").fetchone()[0]
    if latest:
        end = min(end, date.fromisoformat(latest) + timedelta(days=TIMELINE_FUTURE_DAYS))
    inside = [d for d in days if start.isoformat() <= d["date"] <= end.isoformat()]
    outliers = [d for d in days if not start.isoformat() <= d["date"] <= end.isoformat()]
    return {"from": inside[0]["date"] if inside else None, "to": inside[-1]["date"] if inside else None,
            "days": inside, "outliers": outliers}


# --- the store itself --------------------------------------------------------------------------

def stats(store: Store) -> dict[str, int]:
    return store.counts()


def failures(store: Store, limit: int = 20, offset: int = 0) -> Page:
    check_page(limit, offset)
    return Page(store.counts()["failures"], limit, offset, store.failures(limit, offset))


def facet_values(store: Store) -> dict[str, list[str]]:
    """The values offered in filter forms: every site and section, the countries of places."""
    return {
        "site": [r[0] for r in store.db.execute(
            "SELECT DISTINCT site FROM articles WHERE site IS NOT NULL ORDER BY site")],
        "section": [r[0] for r in store.db.execute(
            "SELECT DISTINCT section FROM articles WHERE section IS NOT NULL ORDER BY section")],
        "country": [r[0] for r in store.db.execute(
            "SELECT DISTINCT country FROM entities WHERE country IS NOT NULL AND type IN ('GPE', 'LOC', 'FAC')"
            " ORDER BY country")],
    }



# --- exports: every match, read from the cursor as it is used -----------------------------------

QUOTE_CSV_COLUMNS = ("published", "speaker", "speaker_id", "speaker_role", "cue", "content", "direct", "article_id", "n", "title",
                     "url", "start", "end")
SEARCH_CSV_COLUMNS = ("rank", "id", "published", "site", "section", "title", "url", "snippet")
_MARK = re.compile(r"</?mark>")


def all_quotes(store: Store, speaker: str | None = None, query: str | None = None) -> Iterator[dict]:
    """Every quote matching `speaker` and `query` (see `quotes`), newest first, with its article's url."""
    clause, params = _quote_where(speaker, query)
    cursor = store.db.execute(
        f"SELECT a.published, q.speaker, q.speaker_id, q.speaker_role, q.cue, q.content, q.direct, q.article_id, q.n, a.title, a.url,"
        f" q.start, q.end FROM quotes q JOIN articles a ON a.id = q.article_id{clause}"
        f" ORDER BY a.published DESC, q.article_id, q.n", params)
    return (dict(r, direct=bool(r["direct"])) for r in cursor)


def all_articles(store: Store, query: str, filters: Filters) -> Iterator[dict]:
    """Every article matching a (required) `query` and `filters`, best first as in `articles`, with its
    rank and a plain-text snippet. Checks the query before yielding."""
    parsed = parse_query(query) if query and query.strip() else None
    if not parsed:
        raise QueryError("the query has no words to search for")
    source, clause, params = matching(parsed, filters)
    words = parsed.words
    cursor = store.db.execute(f"SELECT a.id, a.published, a.site, a.section, a.title, a.url, a.text FROM {source}"
                              f" {clause} ORDER BY s.rank", params)
    return ({**{k: row[k] for k in SEARCH_CSV_COLUMNS[1:-1]}, "rank": n,
             "snippet": html.unescape(_MARK.sub("", snippet(row["text"], words)))}
            for n, row in enumerate(cursor, start=1))


def event_places(store: Store, type: str | None = None, country: str | None = None, entity: str | None = None,
                 date_from: str | None = None, date_to: str | None = None, status: str | None = "asserted",
                 limit: int = MAX_PLACES) -> dict:
    """A GeoJSON FeatureCollection of the places of the matching events (filters of `events`), the place
    with most events first; `mentions` counts the events there, `articles` their articles."""
    clause, params = _event_where(type, country, entity, date_from, date_to, status)
    clause = (clause + " AND" if clause else " WHERE") + " l.lat IS NOT NULL"
    rows = store.db.execute(
        "SELECT l.id, l.name, l.latin, l.country, l.feature, l.lat, l.lon, count(*) AS mentions,"
        " count(DISTINCT ev.article_id) AS articles FROM events ev JOIN articles a ON a.id = ev.article_id"
        " LEFT JOIN entities s ON s.id = ev.source LEFT JOIN entities t ON t.id = ev.target"
        f" JOIN entities l ON l.id = ev.location{clause} GROUP BY l.id ORDER BY mentions DESC, l.id LIMIT ?",
        params + [limit])
    return {"type": "FeatureCollection", "features": [_feature(dict(r)) for r in rows]}


# --- an actor's record: its asserted events -------------------------------------------------------

ACTOR_TYPES = ("PER", "ORG")


def actor_activity(store: Store, entity_id: str, limit: int = PROFILE_ROWS) -> dict:
    """What an actor did and had done to it (asserted events where it is the source or the target): the
    events per month, its top counterparts with the dyad's event types, and the places on a map."""
    return {
        "events": store.db.execute("SELECT count(*) FROM events WHERE +status = 'asserted' AND (source = ? OR"
                                   " target = ?)", (entity_id, entity_id)).fetchone()[0],
        "events_by_month": actor_months(store, entity_id),
        "counterparts": counterparts(store, entity_id, limit),
        "places": event_places(store, entity=entity_id),
    }


def actor_months(store: Store, entity_id: str) -> list[dict]:
    """[{month: YYYY-MM, events}] of an actor's asserted events (undated ones left out), oldest first."""
    rows = store.db.execute(
        f"SELECT {_EVENT_MONTH} AS month, count(*) AS events FROM events ev"
        f" JOIN articles a ON a.id = ev.article_id WHERE +ev.status = 'asserted' AND (ev.source = ? OR ev.target = ?)"
        f" AND {_EVENT_MONTH} IS NOT NULL GROUP BY month ORDER BY month", (entity_id, entity_id))
    return [dict(r) for r in rows]


def counterparts(store: Store, entity_id: str, limit: int = PROFILE_ROWS) -> list[dict]:
    """The actors most often at the other end of an actor's asserted events (it the source and they the
    target, or the reverse): {id (None for a generic actor), name, type, events, as_source, as_target,
    types: [{type, events}]}, most events first."""
    rows = store.db.execute(
        "WITH dyad AS (SELECT CASE WHEN source = ? THEN target ELSE source END AS other, source = ? AS outgoing, type"
        " FROM events WHERE +status = 'asserted' AND (source = ? OR target = ?))"
        " SELECT other, e.id, e.name, e.type AS entity_type, dyad.type, count(*) AS n, sum(outgoing) AS outgoing"
        " FROM dyad LEFT JOIN entities e ON e.id = other WHERE other IS NOT NULL AND other != ?"
        " GROUP BY other, dyad.type", (entity_id,) * 5)
    found: dict[str, dict] = {}
    for r in rows:
        item = found.setdefault(r["other"], {"id": r["id"], "name": r["name"] or r["other"], "type": r["entity_type"],
                                             "events": 0, "as_source": 0, "as_target": 0, "types": []})
        item["events"] += r["n"]
        item["as_source"] += r["outgoing"]
        item["as_target"] += r["n"] - r["outgoing"]
        item["types"].append({"type": r["type"], "events": r["n"]})
    for item in found.values():
        item["types"].sort(key=lambda t: (-t["events"], t["type"]))
    return sorted(found.values(), key=lambda i: (-i["events"], i["name"]))[:limit]


# --- what happened: the summary of a search -----------------------------------------------------

SUMMARY_ROWS = 10


def summary(store: Store, query: str | None, filters: Filters, limit: int = SUMMARY_ROWS) -> dict:
    """Counts over every article matching `query` and `filters`: asserted events by type, month (of the
    event) and country (of its place), articles by month and by country of the places they name, the
    actors (people and organisations) named in most of them, the dyads (source → target) with most
    events, and the speakers quoted most. An `event_type` filter also narrows the events counted."""
    matching_sql, params = _matching(query, filters)
    arts = f"a.id IN ({matching_sql})"
    ev_where = f"ev.article_id IN ({matching_sql}) AND +ev.status = 'asserted'"
    ev_params = list(params)
    if filters.event_type:
        ev_where += " AND ev.type = ?"
        ev_params.append(filters.event_type)
    ev_from = "FROM events ev JOIN articles a ON a.id = ev.article_id"

    def rows(sql: str, values: list) -> list[dict]:
        return [dict(r) for r in store.db.execute(sql, values)]

    months: dict[str, dict] = {}
    for r in rows(f"SELECT substr(a.published, 1, 7) AS month, count(*) AS n FROM articles a WHERE {arts}"
                  f" AND a.published IS NOT NULL GROUP BY month", params):
        months[r["month"]] = {"month": r["month"], "articles": r["n"], "events": 0}
    for r in rows(f"SELECT {_EVENT_MONTH} AS month, count(*) AS n {ev_from} WHERE {ev_where}"
                  f" AND {_EVENT_MONTH} IS NOT NULL GROUP BY month", ev_params):
        months.setdefault(r["month"], {"month": r["month"], "articles": 0, "events": 0})["events"] = r["n"]
    countries: dict[str, dict] = {}
    for r in rows(f"SELECT e.country, count(DISTINCT m.article_id) AS n FROM mentions m JOIN entities e"
                  f" ON e.id = m.entity_id WHERE m.article_id IN ({matching_sql}) AND e.country IS NOT NULL"
                  f" AND e.type IN ('GPE', 'LOC', 'FAC') GROUP BY e.country", params):
        countries[r["country"]] = {"country": r["country"], "articles": r["n"], "events": 0}
    for r in rows(f"SELECT l.country, count(*) AS n {ev_from} JOIN entities l ON l.id = ev.location"
                  f" WHERE {ev_where} AND l.country IS NOT NULL GROUP BY l.country", ev_params):
        countries.setdefault(r["country"], {"country": r["country"], "articles": 0, "events": 0})["events"] = r["n"]
    dyads = rows(
        f"SELECT ev.source, coalesce(s.name, ev.source) AS source_name, ev.target,"
        f" coalesce(t.name, ev.target) AS target_name, count(*) AS events, group_concat(DISTINCT ev.type) AS types"
        f" {ev_from} LEFT JOIN entities s ON s.id = ev.source LEFT JOIN entities t ON t.id = ev.target"
        f" WHERE {ev_where} AND ev.source IS NOT NULL AND ev.target IS NOT NULL"
        f" GROUP BY ev.source, ev.target ORDER BY events DESC, ev.source, ev.target LIMIT ?", ev_params + [limit])
    for d in dyads:
        d["types"] = sorted(d["types"].split(","))
    return {
        "query": query or "",
        "articles": store.db.execute(f"SELECT count(*) FROM articles a WHERE {arts}", params).fetchone()[0],
        "events": store.db.execute(f"SELECT count(*) {ev_from} WHERE {ev_where}", ev_params).fetchone()[0],
        "by_type": rows(f"SELECT ev.type, count(*) AS events {ev_from} WHERE {ev_where} GROUP BY ev.type"
                        f" ORDER BY events DESC, ev.type", ev_params),
        "by_month": [months[m] for m in sorted(months)],
        "by_country": sorted(countries.values(), key=lambda c: (-c["articles"], -c["events"], c["country"])),
        "actors": rows(
            f"SELECT e.id, e.name, e.type, count(DISTINCT m.article_id) AS articles, count(*) AS mentions"
            f" FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE m.article_id IN ({matching_sql})"
            f" AND e.type IN ('PER', 'ORG') GROUP BY e.id ORDER BY articles DESC, mentions DESC, e.id LIMIT ?",
            params + [limit]),
        "dyads": dyads,
        "speakers": rows(
            f"SELECT q.speaker_id, coalesce(e.name, q.speaker) AS speaker, count(*) AS quotes,"
            f" count(DISTINCT q.article_id) AS articles FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_id"
            f" WHERE q.article_id IN ({matching_sql}) AND coalesce(q.speaker_id, q.speaker) IS NOT NULL"
            f" GROUP BY coalesce(q.speaker_id, q.speaker) ORDER BY quotes DESC, speaker LIMIT ?", params + [limit]),
    }


__all__ = ["ACTOR_TYPES", "EVENT_TYPES", "PLACE_TYPES", "QUOTE_CSV_COLUMNS", "SEARCH_CSV_COLUMNS", "Page",
           "QueryError", "actor_activity", "actor_months", "all_articles", "all_events", "all_quotes",
           "article_json", "articles", "check_page", "check_query", "co_mentioned", "counterparts",
           "entities", "entity", "entity_profile", "entity_timeline", "event_places", "events",
           "facet_values", "failures", "iso_date", "latest_articles", "make_filters", "places", "quotes",
           "stats", "summary", "timeline", "timeline_view"]
