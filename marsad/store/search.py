"""Search the store: full text (Arabic-aware, see `index`) with filters, facets and highlighted snippets."""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from marsad.store.db import Store
from marsad.store.index import QueryError, fts_expression, query_terms
from marsad.text.tokens import split_clitics, tokenize

SNIPPET_WORDS = 32
MAX_LIMIT = 100
# Facets count the best this many matches (all of them when fewer match).
FACET_SAMPLE = 1000


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


def search(store: Store, query: str | None, filters: Filters | None = None, limit: int = 20, offset: int = 0,
           facets: bool = True) -> SearchResult:
    """Articles matching `query` (all its words or "phrases") and `filters`, best first; with no query,
    the newest articles matching the filters. Raises QueryError for a query that cannot be run."""
    filters = filters or Filters()
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise QueryError(f"limit must be 1–{MAX_LIMIT} and offset at least 0")
    phrases = query_terms(query) if query and query.strip() else []
    source, clause, params = matching(phrases, filters)
    order = "s.rank" if phrases else "a.published DESC, a.rowid DESC"
    total = store.db.execute(f"SELECT count(*) FROM {source} {clause}", params).fetchone()[0]
    rows = store.db.execute(
        f"SELECT a.id, a.title, a.site, a.section, a.published, a.url, a.text FROM {source} {clause}"
        f" ORDER BY {order} LIMIT ? OFFSET ?", params + [limit, offset]).fetchall()
    result = SearchResult(total)
    words = {w for p in phrases for w in p}
    for row in rows:
        hit = {k: row[k] for k in ("id", "title", "site", "section", "published", "url")}
        hit["snippet"] = snippet(row["text"], words)
        result.hits.append(hit)
    if facets:
        result.facets = _facets(store, source, clause, params, order)
    return result


def matching(phrases: list[list[str]], filters: Filters) -> tuple[str, str, list]:
    """(FROM source, WHERE clause, parameters) selecting the articles `a` that contain every phrase
    (see `index.query_terms`) and pass the filters; with phrases, the index is joined as `s`."""
    where, params = filters.sql()
    source = "articles a"
    if phrases:
        source = "search s JOIN articles a ON a.rowid = s.rowid"
        where.insert(0, "search MATCH ?")
        params.insert(0, fts_expression(phrases))
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


def _facets(store: Store, source: str, clause: str, params: list, order: str) -> dict[str, list[tuple[str, int]]]:
    """Counts by site, section, place country and event type (top 10 each) over the best
    FACET_SAMPLE matching articles, so that facets cost the same on a store of any size."""
    base = f"SELECT a.id FROM {source} {clause} ORDER BY {order} LIMIT {FACET_SAMPLE}"
    queries = {
        "site": f"SELECT site, count(*) c FROM articles WHERE id IN ({base}) AND site IS NOT NULL GROUP BY site ORDER BY c DESC LIMIT 10",
        "section": f"SELECT section, count(*) c FROM articles WHERE id IN ({base}) AND section IS NOT NULL GROUP BY section ORDER BY c DESC LIMIT 10",
        "country": f"SELECT e.country, count(DISTINCT m.article_id) c FROM mentions m JOIN entities e ON e.id = m.entity_id"
                   f" WHERE m.article_id IN ({base}) AND e.country IS NOT NULL AND e.type IN ('GPE','LOC','FAC')"
                   f" GROUP BY e.country ORDER BY c DESC LIMIT 10",
        "event_type": f"SELECT type, count(DISTINCT article_id) c FROM events WHERE article_id IN ({base}) AND status = 'asserted' GROUP BY type ORDER BY c DESC LIMIT 10",
    }
    return {name: [(r[0], r[1]) for r in store.db.execute(sql, params)] for name, sql in queries.items()}


__all__ = ["Filters", "QueryError", "SearchResult", "matching", "search", "snippet"]
