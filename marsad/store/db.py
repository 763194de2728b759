"""The embedded store: one SQLite file (WAL mode) with articles, mentions, canonical entities and their
aliases, quotes, events, failures, an Arabic-aware full-text index and the state of watched feeds.

Writes are idempotent: an article's id is the hash of its text, so ingesting it again changes nothing,
and every batch is one transaction, so a killed ingest loses at most the batch in flight. Schema
changes are numbered migrations recorded in `PRAGMA user_version`.
"""
from __future__ import annotations

import json
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from marsad.errors import StoreError
from marsad.model import Article
from marsad.store.index import index_columns
from marsad.text.tokens import tokenize

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        url TEXT, site TEXT, section TEXT, title TEXT, author TEXT, published TEXT,
        text TEXT NOT NULL,
        data TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_site ON articles(site);
    CREATE INDEX articles_section ON articles(section);
    CREATE INDEX articles_published ON articles(published);

    CREATE TABLE entities (
        id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, latin TEXT,
        geonameid INTEGER, lat REAL, lon REAL, country TEXT, feature TEXT,
        mentions INTEGER NOT NULL DEFAULT 0, articles INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX entities_type ON entities(type, mentions);
    CREATE INDEX entities_country ON entities(country);

    CREATE TABLE aliases (
        entity_id TEXT NOT NULL, alias TEXT NOT NULL, count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (entity_id, alias)
    );

    CREATE TABLE mentions (
        article_id TEXT NOT NULL, id TEXT NOT NULL, entity_id TEXT, type TEXT NOT NULL,
        text TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
        PRIMARY KEY (article_id, id)
    );
    CREATE INDEX mentions_entity ON mentions(entity_id, article_id);

    CREATE TABLE quotes (
        article_id TEXT NOT NULL, n INTEGER NOT NULL, speaker TEXT, speaker_id TEXT, cue TEXT,
        content TEXT NOT NULL, direct INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
        PRIMARY KEY (article_id, n)
    );
    CREATE INDEX quotes_speaker ON quotes(speaker_id);

    CREATE TABLE events (
        article_id TEXT NOT NULL, n INTEGER NOT NULL, type TEXT NOT NULL, mode TEXT, trigger TEXT,
        start INTEGER, end INTEGER, source TEXT, target TEXT, location TEXT, date TEXT,
        sentence TEXT, confidence REAL,
        PRIMARY KEY (article_id, n)
    );
    CREATE INDEX events_type ON events(type);
    CREATE INDEX events_location ON events(location);

    CREATE TABLE sources (
        key TEXT PRIMARY KEY, body_hash TEXT NOT NULL, article_id TEXT, problem TEXT, at TEXT NOT NULL
    );

    CREATE VIRTUAL TABLE search USING fts5(
        words, stems, content='', tokenize='unicode61 remove_diacritics 2'
    );
    """,
    # 2: schema 1.1 — actors' sector, places' precision; events' status (negated and hypothetical
    # events are kept but not counted), inferred location
    """
    ALTER TABLE entities ADD COLUMN sector TEXT;
    ALTER TABLE entities ADD COLUMN precision TEXT;
    ALTER TABLE events ADD COLUMN status TEXT NOT NULL DEFAULT 'asserted';
    ALTER TABLE events ADD COLUMN location_inferred INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX events_status ON events(status);
    """,
    # 3: every copy of an article keeps its own metadata (the same text from two sites or urls)
    """
    ALTER TABLE sources ADD COLUMN url TEXT;
    ALTER TABLE sources ADD COLUMN title TEXT;
    ALTER TABLE sources ADD COLUMN site TEXT;
    ALTER TABLE sources ADD COLUMN published TEXT;
    CREATE INDEX sources_article ON sources(article_id);
    """,
    # 4: marsad watch — each feed's state (validators for conditional requests, the last poll and its
    # outcome, running counts) and the entries already handled, by feed and entry id (guid), and by page url
    """
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, checked_at TEXT, status INTEGER, error TEXT,
        entries INTEGER NOT NULL DEFAULT 0, polls INTEGER NOT NULL DEFAULT 0,
        added INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE feed_entries (
        feed TEXT NOT NULL, entry TEXT NOT NULL, url TEXT, article_id TEXT, problem TEXT, at TEXT NOT NULL,
        PRIMARY KEY (feed, entry)
    );
    CREATE INDEX feed_entries_url ON feed_entries(url);
    """,
    # 5: an actor's events (its page, `/api/events?entity=`): events by source and by target
    """
    CREATE INDEX events_source ON events(source);
    CREATE INDEX events_target ON events(target);
    """,
    # 6: schema 1.3 — a quote's speaker role (the title that refers to the named speaker)
    """
    ALTER TABLE quotes ADD COLUMN speaker_role TEXT;
    """,
    # 7: schema 1.4 — a person mention's title (the role written before the name)
    """
    ALTER TABLE mentions ADD COLUMN title TEXT;
    """,
]


# How long a writer waits for another process's write lock (a concurrent ingest) before giving up.
BUSY_TIMEOUT_S = 60.0


def _use_wal(db: sqlite3.Connection) -> None:
    """Switch to WAL mode. Switching needs a moment alone with a new file, and SQLite answers "locked" at
    once (without its busy handler) while another process is creating the same store: retry a while."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if not ("locked" in str(err) or "busy" in str(err)) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection, checked with one query. Where SQLite may not create its -wal/-shm files
    next to the store (a read-only folder or medium), the store is opened as immutable: nothing can write
    it there, so nothing can change under the reader."""
    if not path.is_file():
        raise StoreError(f"{path}: no such store")
    for options in ("mode=ro", "mode=ro&immutable=1"):
        db = sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True, check_same_thread=False)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as err:
            db.close()
            if "unable to open" in str(err) or "readonly" in str(err):
                continue
            raise
        if version > len(MIGRATIONS):
            db.close()
            raise _newer(path, version)
        return db
    raise StoreError(f"{path}: cannot be read (no permission to read it, or to its folder)")


def _newer(path, version: int) -> StoreError:
    return StoreError(f"{path}: store schema {version} is newer than this marsad ({len(MIGRATIONS)}); upgrade marsad")


def reason(err: sqlite3.DatabaseError) -> str:
    """What a user can do about an SQLite error, in one line."""
    text = str(err)
    if "not a database" in text:
        return "not a marsad store (not an SQLite database)"
    if "readonly" in text or "unable to open" in text:
        return "cannot write the store here (a read-only file, folder or medium); serve it with marsad serve"
    if "disk is full" in text or "disk I/O" in text:
        return "the disk is full; free some space and run the same command again to resume"
    if "locked" in text or "busy" in text:
        return "the store is busy (another process is writing it); try again"
    return text


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """An open marsad store. `Store(path)` creates or migrates it; `readonly=True` never writes (and
    serves a store on read-only media or in a folder it may not write, where SQLite cannot keep its
    lock files, as immutable)."""

    def __init__(self, path: str | Path, readonly: bool = False):
        self.path = str(path)
        self.readonly = readonly
        try:
            if readonly:
                self.db = _open_readonly(Path(self.path))
            else:
                self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
                _use_wal(self.db)
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.migrate()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: {reason(err)}") from None
        self.db.row_factory = sqlite3.Row

    def migrate(self) -> int:
        """Apply the migrations this file has not seen; return the schema version. Each migration is one
        transaction taken with the write lock and the version read again under it, so two processes
        creating one store never both build it, and a process killed midway leaves no half-built store."""
        self.db.isolation_level = None  # explicit transactions: BEGIN IMMEDIATE … COMMIT
        try:
            while True:
                self.db.execute("BEGIN IMMEDIATE")
                version = self.db.execute("PRAGMA user_version").fetchone()[0]
                if version >= len(MIGRATIONS):
                    self.db.execute("COMMIT")
                    break
                try:
                    for statement in MIGRATIONS[version].split(";"):
                        if statement.strip():
                            self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version = {version + 1}")
                    self.db.execute("COMMIT")
                except BaseException:
                    self.db.execute("ROLLBACK")
                    raise
        finally:
            # Writes begin with the write lock (BEGIN IMMEDIATE): a deferred transaction that must turn
            # into a write while another process commits fails at once instead of waiting its turn.
            self.db.isolation_level = "IMMEDIATE"
        if version > len(MIGRATIONS):
            raise _newer(self.path, version)
        return len(MIGRATIONS)

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- writing ---------------------------------------------------------------------------

    def seen(self, key: str, body_hash: str) -> bool:
        """True when this source (file or record) was already ingested with the same content."""
        row = self.db.execute("SELECT body_hash FROM sources WHERE key = ?", (key,)).fetchone()
        return row is not None and row[0] == body_hash

    def write_batch(self, results: Iterable[tuple]) -> tuple[int, int]:
        """Store a batch of (source key, body hash, Article or error[, index columns]) in one
        transaction; return (articles added, failures recorded). Stored articles are left as they are."""
        added = failed = 0
        with self.db:
            for key, body_hash, result, *index in results:
                if isinstance(result, Article):
                    added += self._add_article(result, index[0] if index else None)
                    m = result.metadata
                    self.db.execute("INSERT OR REPLACE INTO sources (key, body_hash, article_id, problem, at, url,"
                                    " title, site, published) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?)",
                                    (key, body_hash, result.id, now(), m.url, m.title, m.site, m.published))
                else:
                    failed += 1
                    self.db.execute("INSERT OR REPLACE INTO sources (key, body_hash, article_id, problem, at)"
                                    " VALUES (?, ?, NULL, ?, ?)", (key, body_hash, str(result), now()))
        return added, failed

    def add_article(self, article: Article) -> bool:
        """Store one article (a transaction of its own); False when it was already there."""
        with self.db:
            return bool(self._add_article(article))

    def _add_article(self, article: Article, index: tuple[str, str] | None = None) -> int:
        m = article.metadata
        data = article.to_dict()
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO articles (id, url, site, section, title, author, published, text, data, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, m.url, m.site, m.section, m.title, m.author, m.published, article.text,
             json.dumps(data, ensure_ascii=False), now()),
        )
        if cursor.rowcount == 0:
            return 0
        rowid = cursor.lastrowid
        words, stems = index or index_columns(m.title, article.tokens or tokenize(article.text))
        self.db.execute("INSERT INTO search (rowid, words, stems) VALUES (?, ?, ?)", (rowid, words, stems))
        for e in article.canonical_entities:
            self.db.execute(
                "INSERT INTO entities (id, type, name, latin, geonameid, lat, lon, country, feature, sector, precision)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
                (e.id, e.type, e.name, e.latin, e.geonameid, e.lat, e.lon, e.country, e.feature, e.sector, e.precision),
            )
        per_entity: dict[str, int] = {}
        for mention in article.entities:
            self.db.execute("INSERT INTO mentions (article_id, id, entity_id, type, text, start, end, title)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            (article.id, mention.id, mention.canonical_id, mention.type, mention.text,
                             mention.start, mention.end, mention.title))
            if mention.canonical_id:
                per_entity[mention.canonical_id] = per_entity.get(mention.canonical_id, 0) + 1
                self.db.execute(
                    "INSERT INTO aliases VALUES (?, ?, 1) ON CONFLICT(entity_id, alias) DO UPDATE SET count = count + 1",
                    (mention.canonical_id, mention.text))
        for entity_id, count in per_entity.items():
            self.db.execute("UPDATE entities SET mentions = mentions + ?, articles = articles + 1 WHERE id = ?",
                            (count, entity_id))
        for n, q in enumerate(article.quotes, start=1):
            self.db.execute("INSERT INTO quotes (article_id, n, speaker, speaker_id, cue, content, direct, start, end,"
                            " speaker_role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (article.id, n, q.speaker, q.speaker_id, q.cue, q.content, int(q.direct), q.start, q.end,
                             q.speaker_role))
        for n, ev in enumerate(article.events, start=1):
            self.db.execute("INSERT INTO events (article_id, n, type, mode, trigger, start, end, source, target,"
                            " location, date, sentence, confidence, status, location_inferred)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (article.id, n, ev.type, ev.mode, ev.trigger, ev.start, ev.end,
                             ev.source, ev.target, ev.location, ev.date, ev.sentence, ev.confidence,
                             ev.status, int(ev.location_inferred)))
        return 1

    # --- reading ---------------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def counts(self) -> dict[str, int]:
        tables = ("articles", "entities", "mentions", "quotes", "events")
        out = {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        out["failures"] = self.db.execute("SELECT count(*) FROM sources WHERE problem IS NOT NULL").fetchone()[0]
        return out

    def failures(self, limit: int = 100, offset: int = 0) -> list[dict]:
        rows = self.db.execute("SELECT key, problem, at FROM sources WHERE problem IS NOT NULL ORDER BY at, key"
                               " LIMIT ? OFFSET ?", (limit, offset))
        return [dict(r) for r in rows]
