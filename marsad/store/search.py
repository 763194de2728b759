"""Search the store: full text (Arabic-aware, see `index`) with filters, facets and highlighted snippets."""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from marsad.store.db import Store
from marsad.store.index import QueryError, SearchQuery, fts_expression, parse_query
from marsad.text.tokens import split_clitics, tokenize

SNIPPET_WORDS = 32
MAX_LIMIT = 100
# Facets count every match up to this many; beyond it, the best this many (and `facets_cover` says so):
# counting the place countries of 100,000 articles takes seconds.
FACET_MAX = 10_000


@dataclass(slots=True)
class Filters:
    """Narrow a search or a listing; every field is optional."""

    entity: str | None = None  # canonical entity id mentioned in the article
    country: str | None = None  # ISO code of a place mentioned in the article
    event_type: str | None = None  # PLOVER type of an event in the article
    site: str | None = None
    section: str | None = None
    date_from: str | None = None  # ISO date, inclusive
    date_to: str | None = None  # ISO date, inclusive

    def sql(self) -> tuple[list[str], list]:
        where, params = [], []
        if self.entity:
            where.append("a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?)")
            params.append(self.entity)
        if self.country:
            where.append("a.id IN (SELECT m.article_id FROM mentions m JOIN entities e ON e.id = m.entity_id"
                         " WHERE e.country = ? AND e.type IN ('GPE', 'LOC', 'FAC'))")
            params.append(self.country.upper())
        if self.event_type:
            where.append("a.id IN (SELECT article_id FROM events WHERE type = ? AND status = 'asserted')")
            params.append(self.event_type.upper())
        if self.site:
            where.append("a.site = ?")
            params.append(self.site)
        if self.section:
            where.append("a.section = ?")
            params.append(self.section)
        if self.date_from:
            where.append("a.published >= ?")
            params.append(self.date_from)
        if self.date_to:
            where.append("substr(a.published, 1, 10) <= ?")
            params.append(self.date_to)
        return where, params


@dataclass(slots=True)
class SearchResult:
    total: int
    hits: list[dict] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    facets_cover: int = 0  # how many matching articles the facets count: every match, up to FACET_MAX


def search(store: Store, query: str | None, filters: Filters | None = None, limit: int = 20, offset: int = 0,
           facets: bool = True) -> SearchResult:
    """Articles matching `query` (see `index.parse_query`) and `filters`, best first; with no query,
    the newest articles matching the filters. Raises QueryError for a query that cannot be run."""
    filters = filters or Filters()
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise QueryError(f"limit must be 1–{MAX_LIMIT} and offset at least 0")
    parsed = parse_query(query) if query and query.strip() else None
    source, clause, params = matching(parsed, filters)
    order = "s.rank" if parsed else "a.published DESC, a.rowid DESC"
    total = store.db.execute(f"SELECT count(*) FROM {source} {clause}", params).fetchone()[0]
    rows = store.db.execute(
        f"SELECT a.id, a.title, a.site, a.section, a.published, a.url, a.text FROM {source} {clause}"
        f" ORDER BY {order} LIMIT ? OFFSET ?", params + [limit, offset]).fetchall()
    result = SearchResult(total)
    words = parsed.words if parsed else set()
    for row in rows:
        hit = {k: row[k] for k in ("id", "title", "site", "section", "published", "url")}
        hit["snippet"] = snippet(row["text"], words)
        result.hits.append(hit)
    if facets:
        result.facets_cover = min(total, FACET_MAX)
        limited = f" ORDER BY {order} LIMIT {FACET_MAX}" if total > FACET_MAX else ""
        result.facets = _facets(store, f"SELECT a.id FROM {source} {clause}{limited}", params)
    return result


def matching(query: SearchQuery | None, filters: Filters) -> tuple[str, str, list]:
    """(FROM source, WHERE clause, parameters) selecting the articles `a` that match the parsed query
    and pass the filters; with a query, the index is joined as `s`."""
    where, params = filters.sql()
    source = "articles a"
    if query:
        source = "search s JOIN articles a ON a.rowid = s.rowid"
        where.insert(0, "search MATCH ?")
        params.insert(0, fts_expression(query))
    return source, ("WHERE " + " AND ".join(where)) if where else "", params


def snippet(text: str, words: set[str], size: int = SNIPPET_WORDS) -> str:
    """HTML: the stretch of `text` with the most query words, those words in <mark>, the rest escaped."""
    stems = {split_clitics(w).stem for w in words} | words
    tokens = [t for t in tokenize(text) if t.kind != "punct"] or tokenize(text)
    if not tokens:
        return ""
    hits = [i for i, t in enumerate(tokens) if t.norm.lower() in words or split_clitics(t.norm).stem in stems]
    best = 0
    if hits:
        best = max(hits, key=lambda i: sum(1 for j in hits if i <= j < i + size))
        best = max(0, best - 4)
    window = tokens[best:best + size]
    start, end = window[0].start, window[-1].end
    hit_set = {tokens[i].start for i in hits}
    out, cursor = [], start
    for t in window:
        out.append(html.escape(text[cursor:t.start]))
        piece = html.escape(t.text)
        out.append(f"<mark>{piece}</mark>" if t.start in hit_set else piece)
        cursor = t.end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(out).replace("\n", " ") + suffix


def _facets(store: Store, matches: str, params: list) -> dict[str, list[tuple[str, int]]]:
    """Counts of the articles that `matches` selects, by site, section, place country and event type (top 10
    each; an article with places in two countries counts for both)."""
    counted = f"WITH x AS ({matches}) "
    queries = {
        "site": "SELECT a.site, count(*) c FROM x JOIN articles a ON a.id = x.id WHERE a.site IS NOT NULL"
                " GROUP BY a.site ORDER BY c DESC, a.site LIMIT 10",
        "section": "SELECT a.section, count(*) c FROM x JOIN articles a ON a.id = x.id WHERE a.section IS NOT NULL"
                   " GROUP BY a.section ORDER BY c DESC, a.section LIMIT 10",
        "country": "SELECT e.country, count(DISTINCT m.article_id) c FROM x JOIN mentions m ON m.article_id = x.id"
                   " JOIN entities e ON e.id = m.entity_id WHERE e.country IS NOT NULL AND e.type IN ('GPE','LOC','FAC')"
                   " GROUP BY e.country ORDER BY c DESC, e.country LIMIT 10",
        "event_type": "SELECT ev.type, count(DISTINCT ev.article_id) c FROM x JOIN events ev ON ev.article_id = x.id"
                      " WHERE ev.status = 'asserted' GROUP BY ev.type ORDER BY c DESC, ev.type LIMIT 10",
    }
    return {name: [(r[0], r[1]) for r in store.db.execute(counted + sql, params)] for name, sql in queries.items()}


__all__ = ["Filters", "QueryError", "SearchResult", "matching", "search", "snippet"]
