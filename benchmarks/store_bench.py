"""Benchmarks of the marsad store: ingest throughput and store size, search latency at 10k and 100k
articles, and the HTTP API under concurrent requests.

Run from the repository root; the script measures the marsad checkout it lives in:

    python benchmarks/store_bench.py ingest --corpus ../shared/data/news/ant-multisource.jsonl.gz -n 4000 --workers 1 2
    python benchmarks/store_bench.py ingest --corpus ../shared/data/news/ant-multisource.jsonl.gz --workers 2 --keep base.db
    python benchmarks/store_bench.py search --base base.db --sizes 10000 100000 --queries 200 --dir stores
    python benchmarks/store_bench.py search --base base.db --sizes 10000 100000 --dir stores --reuse --no-analyze
    python benchmarks/store_bench.py api --db stores/store-100000.db --requests 2000 --concurrency 8

Each subcommand prints its command line, Markdown tables and the machine's load (other processes
slow every figure down); progress goes to stderr. docs/benchmarks.md records the results.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import itertools
import math
import multiprocessing
import os
import platform
import random
import re
import shlex
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # measure this checkout, installed or not

import marsad
from marsad.store import queries
from marsad.store.db import Store
from marsad.store.index import index_columns
from marsad.store.ingest import BATCH, ingest
from marsad.text.tokens import tokenize

ARABIC_WORD = re.compile(r"[\u0621-\u064a]{3,}")
FILTER_KINDS = ("+country", "+site", "+date")
# Query groups, taken in turn: one fifth each of common words, rare words, place names, quoted
# two-word phrases and filtered searches (a common word or place name with one filter).
QUERY_GROUPS = (("common",), ("rare",), ("place",), ("phrase",), FILTER_KINDS)
QUERY_KINDS = tuple(kind for group in QUERY_GROUPS for kind in group)
# The API request mix: (endpoint, share of the requests in percent).
REQUEST_MIX = (("/api/search", 40), ("/api/articles/{id}", 25), ("/api/entities/{id}", 15), ("/api/places", 10),
               ("/", 10))
SEARCH_TARGET_MS = 50


# --- output --------------------------------------------------------------------------------------

def command_line() -> str:
    """The command that produced this output, as it can be pasted back into a shell."""
    return "python benchmarks/store_bench.py " + shlex.join(sys.argv[1:])


def markdown(header: list[str], rows: list[list]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def report(tables: list[str], load_before: float) -> None:
    """Print the command line, the tables, and the load of the machine before and after the run
    (figures taken while other processes keep the cores busy are not comparable)."""
    print("```\n" + command_line() + "\n```\n")
    print("\n\n".join(tables))
    print(f"\nmarsad {marsad.__version__} at commit {commit()}, Python {platform.python_version()}, SQLite "
          f"{sqlite3.sqlite_version}; {os.cpu_count()} cores, 1-minute load average {load_before:.1f} before the "
          f"run and {os.getloadavg()[0]:.1f} after.", flush=True)


def commit() -> str:
    """The checkout's commit (the working tree may differ from it), or `unknown` outside git."""
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank `p`th percentile of `values` (NaN when there are none)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else math.nan


def ms_cell(value: float, cap: float | None = None) -> str:
    """Milliseconds for a table; `≥ cap` for a search interrupted at the time limit `cap`."""
    if math.isnan(value):
        return "—"
    return f"≥ {cap:.0f}" if cap is not None and value >= cap else f"{value:.1f}"


def latency_cells(ms: list[float], cap: float | None = None) -> list[str]:
    """p50, p95 and max of latencies in milliseconds, formatted for a table."""
    return [ms_cell(percentile(ms, 50), cap), ms_cell(percentile(ms, 95), cap), ms_cell(max(ms), cap)]


def store_mb(path: str | Path) -> float:
    """Size of an SQLite store in MB, after moving its write-ahead log into the main file."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return os.path.getsize(path) / 1e6


def progress(message: str) -> None:
    """A line on stderr, so that stdout holds only the report."""
    print(f"store_bench: {message}", file=sys.stderr, flush=True)


# --- ingest ----------------------------------------------------------------------------------------

def measure_ingest(corpus: str, limit: int | None, workers: int, db: str) -> dict:
    """Ingest the first `limit` documents of `corpus` into the new store `db`: wall-clock seconds
    (reading, analysing on `workers` processes, writing), the ingest report's counts, size in MB."""
    started = time.perf_counter()
    result = ingest([corpus], db, workers=workers, limit=limit)
    seconds = time.perf_counter() - started
    return {"added": result.added, "already": result.already, "failed": result.failed, "seconds": seconds,
            "mb": store_mb(db)}


def _measure_into(queue, *args) -> None:
    queue.put(measure_ingest(*args))


def measure_in_fresh_process(corpus: str, limit: int | None, workers: int, db: str) -> dict:
    """`measure_ingest` in a newly started interpreter, so that no run profits from caches (word
    normalisation, gazetteer) warmed by an earlier one."""
    context = multiprocessing.get_context("spawn")
    queue = context.SimpleQueue()
    process = context.Process(target=_measure_into, args=(queue, corpus, limit, workers, db))
    process.start()
    process.join()
    if process.exitcode != 0:
        raise SystemExit(f"store_bench: ingest with {workers} workers failed (exit code {process.exitcode})")
    return queue.get()


def run_ingest(args) -> list[str]:
    """`ingest`: a table with one row per worker count, each run into a new store."""
    if args.keep and len(args.workers) > 1:
        raise SystemExit("store_bench: --keep takes a single --workers value")
    rows = []
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        for workers in args.workers:
            db = args.keep or os.path.join(tmp, f"ingest-{workers}.db")
            if os.path.exists(db):
                raise SystemExit(f"store_bench: {db} exists; ingest is measured into a new store")
            progress(f"ingesting with {workers} worker(s)")
            r = measure_in_fresh_process(args.corpus, args.articles, workers, db)
            documents = r["added"] + r["already"] + r["failed"]
            rows.append([Path(args.corpus).name, documents, r["added"], r["already"], r["failed"], workers,
                         f"{r['seconds']:.1f}", f"{documents / r['seconds']:.0f}", f"{r['mb']:.1f}",
                         f"{r['mb'] / r['added'] * 1000:.1f}"])
    return [markdown(["corpus", "documents", "stored", "duplicates", "failed", "workers", "seconds", "documents/s",
                      "store (MB)", "MB per 1k articles"], rows)]


# --- bigger stores from a real one -----------------------------------------------------------------

def replica_id(article_id: str, copy: int) -> str:
    """The id of an article's `copy`th replica (copy 0 is the article itself): 20 hex digits, like an id."""
    return article_id if copy == 0 else hashlib.sha256(f"{article_id}/{copy}".encode()).hexdigest()[:20]


def base_index(db: sqlite3.Connection) -> dict[int, tuple[str, str]]:
    """The full-text columns (words, stems) of each article of the attached `base` store, computed
    from its title and text as `Store` computes them."""
    return {rowid: index_columns(title, tokenize(text))
            for rowid, title, text in db.execute("SELECT rowid, title, text FROM base.articles")}


def _copy_rows(db: sqlite3.Connection, table: str) -> None:
    """Copy a per-article table's rows of the picked articles under their new ids, naming the columns the
    store has now, so that a migration that adds columns cannot break the benchmark."""
    columns = [row[1] for row in db.execute(f"PRAGMA main.table_info({table})")]
    picked = ", ".join("p.new_id" if c == "article_id" else f"t.{c}" for c in columns)
    db.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {picked}"
               f" FROM temp.pick p JOIN base.{table} t ON t.article_id = p.old_id")


def copy_batch(db: sqlite3.Connection, sources: dict[str, tuple]) -> None:
    """Copy the articles listed in temp.pick from the attached `base` store, with their mentions,
    quotes, events and source rows, under their new ids and rowids."""
    db.execute(
        "INSERT INTO articles (rowid, id, url, site, section, title, author, published, text, data, ingested_at)"
        " SELECT p.new_rowid, p.new_id, a.url, a.site, a.section, a.title, a.author, a.published, a.text,"
        " replace(a.data, '\"id\": \"' || a.id || '\"', '\"id\": \"' || p.new_id || '\"'), a.ingested_at"
        " FROM temp.pick p JOIN base.articles a ON a.rowid = p.old_rowid ORDER BY p.new_rowid")
    for table in ("mentions", "quotes", "events"):
        _copy_rows(db, table)
    picked = db.execute("SELECT old_id, new_id, copy FROM temp.pick").fetchall()
    db.executemany("INSERT INTO sources (key, body_hash, article_id, problem, at) VALUES (?, ?, ?, NULL, ?)",
                   [(sources[old][0] + (f"~{copy}" if copy else ""), sources[old][1], new, sources[old][2])
                    for old, new, copy in picked if old in sources])


def build_store(base_path: str, size: int, path: str, seed: int) -> dict:
    """Create the store `path` holding `size` articles taken from the store `base_path`.

    Base articles are taken in a seeded random order; when all have been taken they are taken again
    as replicas with new ids. Each brings its mentions, quotes, events and source row, and a full-text
    row with the same words and stems as the original, `BATCH` articles per transaction as
    `marsad ingest` writes them. Canonical entities are shared, as in a real store (ليبيا is one
    entity however many articles mention it); their mention and alias counts are recounted."""
    started = time.perf_counter()
    Store(path).close()  # the current schema, in WAL mode
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA synchronous=NORMAL")
        db.create_function("replica_id", 2, replica_id, deterministic=True)
        db.execute("ATTACH DATABASE ? AS base", (base_path,))
        order = [r[0] for r in db.execute("SELECT rowid FROM base.articles ORDER BY rowid")]
        random.Random(seed).shuffle(order)
        index = base_index(db)
        sources = {r[0]: r[1:] for r in db.execute(
            "SELECT article_id, key, body_hash, at FROM base.sources WHERE article_id IS NOT NULL")}
        with db:
            db.execute("INSERT INTO entities SELECT * FROM base.entities")
            db.execute("CREATE TEMP TABLE pick (new_rowid INTEGER PRIMARY KEY, old_rowid INTEGER, old_id TEXT,"
                       " new_id TEXT, copy INTEGER)")
        for first in range(0, size, BATCH):
            batch = [(n + 1, order[n % len(order)], n // len(order)) for n in range(first, min(size, first + BATCH))]
            with db:
                db.execute("DELETE FROM temp.pick")
                db.executemany("INSERT INTO temp.pick SELECT ?, rowid, id, replica_id(id, ?), ? FROM base.articles"
                               " WHERE rowid = ?", [(new, copy, copy, old) for new, old, copy in batch])
                copy_batch(db, sources)
                db.executemany("INSERT INTO search (rowid, words, stems) VALUES (?, ?, ?)",
                               [(new, *index[old]) for new, old, _ in batch])
        with db:
            db.execute("UPDATE entities SET"
                       " mentions = (SELECT count(*) FROM mentions WHERE entity_id = entities.id),"
                       " articles = (SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id = entities.id)")
            db.execute("DELETE FROM aliases")
            db.execute("INSERT INTO aliases SELECT entity_id, text, count(*) FROM mentions"
                       " WHERE entity_id IS NOT NULL GROUP BY entity_id, text")
        db.execute("DETACH DATABASE base")
    finally:
        db.close()
    return {"seconds": time.perf_counter() - started, "mb": store_mb(path)}


def set_statistics(path: str, analyze: bool) -> None:
    """Give the store's query planner statistics (`ANALYZE`, as `marsad ingest` does at its end) or
    take them away (as in a store written before that, or grown through `POST /api/articles`)."""
    db = sqlite3.connect(path)
    try:
        if analyze:
            db.execute("ANALYZE")
        elif db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            db.execute("DROP TABLE sqlite_stat1")
        db.commit()
    finally:
        db.close()


# --- the query set ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Query:
    """One search: its kind, the text typed, and the filters (keyword arguments of `make_filters`)."""

    kind: str
    q: str
    filters: dict = field(default_factory=dict)


def candidates(db: sqlite3.Connection) -> dict[str, list[str]]:
    """What queries are drawn from, found in a store: its indexed words by document frequency, its
    most mentioned place names, frequent two-word title phrases, countries, sites and dates."""
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, 'search', 'col')")
    words = [(t, d) for t, d in db.execute("SELECT term, doc FROM temp.vocab WHERE col = 'words' ORDER BY doc DESC")
             if ARABIC_WORD.fullmatch(t)]
    pairs: Counter = Counter()
    for (title,) in db.execute("SELECT title FROM articles WHERE title IS NOT NULL"):
        tokens = [t for t in tokenize(title) if t.kind != "punct"]
        pairs.update(f'"{a.text} {b.text}"' for a, b in itertools.pairwise(tokens)
                     if ARABIC_WORD.fullmatch(a.text) and ARABIC_WORD.fullmatch(b.text))
    return {
        # the 20 most frequent words are function words (التي، الذي، خلال); then the next 480
        "common": [t for t, _ in words[20:500]],
        "rare": [t for t, d in words if 3 <= d <= 20 and len(t) >= 4],
        "place": [r[0] for r in db.execute(
            "SELECT name FROM entities WHERE type IN ('GPE', 'LOC') ORDER BY articles DESC, id LIMIT 200")],
        "phrase": sorted(p for p, n in pairs.items() if n >= 3),
        "country": [r[0] for r in db.execute(
            "SELECT e.country FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE e.country IS NOT NULL"
            " AND e.type IN ('GPE', 'LOC', 'FAC') GROUP BY e.country ORDER BY count(DISTINCT m.article_id) DESC,"
            " e.country LIMIT 20")],
        "site": [r[0] for r in db.execute("SELECT DISTINCT site FROM articles WHERE site IS NOT NULL ORDER BY site")],
        "date": [r[0] for r in db.execute(
            "SELECT substr(published, 1, 10) FROM articles WHERE published IS NOT NULL ORDER BY rowid")],
    }


def query_set(path: str, n: int, seed: int) -> list[Query]:
    """`n` searches drawn with `seed` from the store at `path`, the groups of QUERY_GROUPS in turn.
    A date filter is the 31 days around the publication day of a random article."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        pools = candidates(db)
    finally:
        db.close()
    rng = random.Random(seed)
    draw = {name: itertools.cycle(rng.sample(pool, len(pool))) for name, pool in pools.items() if pool}
    missing = {"common", "rare", "place", "phrase", "country", "site", "date"} - draw.keys()
    if missing:
        raise SystemExit(f"store_bench: {path}: nothing to draw {', '.join(sorted(missing))} queries from")
    out = []
    for i in range(n):
        group = QUERY_GROUPS[i % len(QUERY_GROUPS)]
        kind = group[i // len(QUERY_GROUPS) % len(group)]
        if kind not in FILTER_KINDS:
            out.append(Query(kind, next(draw[kind])))
            continue
        text = next(draw["common" if rng.random() < 0.5 else "place"])
        if kind == "+date":
            day = date.fromisoformat(next(draw["date"]))
            filters = {"date_from": (day - timedelta(days=15)).isoformat(),
                       "date_to": (day + timedelta(days=15)).isoformat()}
        else:
            filters = {kind[1:]: next(draw[kind[1:]])}
        out.append(Query(kind, text, filters))
    return out


# --- search ----------------------------------------------------------------------------------------

def warm_page_cache(path: str) -> None:
    """Read the store file once, so that searches find it in the operating system's page cache as
    they would on a server that has been running for a while."""
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


def time_queries(path: str, searches: list[Query], facets: bool, timeout_ms: float) -> tuple[list[float], list[int]]:
    """Milliseconds of each search (`queries.articles`, first page of 20, as the web page and the API
    call it) on a read-only connection, and its number of matches (-1 when it timed out). A search
    still running after `timeout_ms` is interrupted and counted as taking `timeout_ms`."""
    warm_page_cache(path)
    store = Store(path, readonly=True)
    deadline = 0.0
    store.db.set_progress_handler(lambda: time.perf_counter() > deadline, 10_000)
    ms, totals = [], []
    try:
        for s in searches:
            filters = queries.make_filters(**s.filters)
            started = time.perf_counter()
            deadline = started + timeout_ms / 1000
            try:
                totals.append(queries.articles(store, s.q, filters, 20, 0, facets=facets).total)
                ms.append((time.perf_counter() - started) * 1000)
            except sqlite3.OperationalError as err:
                if "interrupted" not in str(err):
                    raise
                totals.append(-1)
                ms.append(timeout_ms)
    finally:
        store.close()
    return ms, totals


def median_cell(totals: list[int], stopped: int) -> str:
    """The median number of matches, noting the searches left out because they were stopped both times."""
    median = f"{statistics.median(totals):,.0f}" if totals else "?"
    return f"{median} ({stopped} stopped, left out)" if stopped else median


def run_search(args) -> list[str]:
    """`search`: build a store of each size from the base and time the query set on it; the tables."""
    searches = query_set(args.base, args.queries, args.seed)
    base_count = count_articles(args.base)
    kinds_count = Counter(s.kind for s in searches)
    cap = args.timeout_ms
    stores, latency, by_kind, matches = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        folder = Path(args.dir or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for size in args.sizes:
            path = str(folder / f"store-{size}.db")
            if args.reuse and os.path.exists(path) and count_articles(path) == size:
                progress(f"reusing {path}")
                built = {"seconds": None, "mb": store_mb(path)}
            else:
                for suffix in ("", "-wal", "-shm"):
                    Path(path + suffix).unlink(missing_ok=True)
                progress(f"building {path}")
                built = build_store(args.base, size, path, args.seed)
            set_statistics(path, args.analyze)
            stores.append([f"{size:,}", f"{min(size, base_count):,}",
                           "reused" if built["seconds"] is None else f"{built['seconds']:.0f}", f"{built['mb']:.0f}",
                           "yes" if args.analyze else "no"])
            found = [-1] * len(searches)
            for facets in (True, False):
                label = "on" if facets else "off"
                progress(f"timing {len(searches)} searches at {size:,} articles, facets {label}")
                ms, totals = time_queries(path, searches, facets, cap)
                found = [max(a, b) for a, b in zip(found, totals)]
                p95 = percentile(ms, 95)
                latency.append([f"{size:,}", label, "`/`, `/api/search`" if facets else "`/api/articles?q=`",
                                len(ms), sum(1 for t in ms if t >= cap), *latency_cells(ms, cap),
                                "yes" if p95 <= SEARCH_TARGET_MS else "**no**"])
                kinds = defaultdict(list)
                for search, t in zip(searches, ms):
                    kinds[search.kind].append(t)
                by_kind.append([f"{size:,}", label, *(ms_cell(percentile(kinds[k], 95), cap) for k in QUERY_KINDS)])
            per_kind, stopped = defaultdict(list), Counter()
            for search, total in zip(searches, found):
                if total >= 0:
                    per_kind[search.kind].append(total)
                else:
                    stopped[search.kind] += 1
            matches.append([f"{size:,}", *(median_cell(per_kind[k], stopped[k]) for k in QUERY_KINDS)])
    kind_header = [f"{k} ({kinds_count[k]})" for k in QUERY_KINDS]
    return [markdown(["articles", "distinct real articles", "build (s)", "store (MB)", "ANALYZE"], stores),
            markdown(["articles", "facets", "used by", "searches", f"stopped at {cap:.0f} ms", "p50 (ms)", "p95 (ms)",
                      "max (ms)", f"p95 ≤ {SEARCH_TARGET_MS} ms"], latency),
            "p95 (ms) by kind of search:\n\n" + markdown(["articles", "facets", *kind_header], by_kind),
            "Median number of matching articles by kind of search:\n\n" + markdown(["articles", *kind_header], matches)]


def count_articles(path: str) -> int:
    """The number of articles in the store at `path`."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return db.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        db.close()


# --- the HTTP API ----------------------------------------------------------------------------------

def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int, log) -> subprocess.Popen:
    """`marsad serve` on 127.0.0.1:`port` (read-only: no token), its output going to `log`."""
    env = {k: v for k, v in os.environ.items() if k != "MARSAD_TOKEN"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.Popen([sys.executable, "-m", "marsad.cli", "serve", "--db", db, "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_until_ready(server: subprocess.Popen, url: str, log_path: str, timeout: float = 60) -> None:
    """Return once `url` answers 200; exit with the server's output when it stops or never answers."""
    import httpx2 as httpx  # the test extra's HTTP client (the one FastAPI's TestClient uses)

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"store_bench: the server stopped:\n{Path(log_path).read_text()}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"store_bench: the server did not answer {url} within {timeout:.0f} s")


def request_mix(db: str, n: int, seed: int) -> list[tuple[str, str]]:
    """`n` (endpoint, path) pairs drawn with `seed` in the shares of REQUEST_MIX: searches from the
    query set, random articles, entities (half among the 50 most mentioned), the map's places and
    the home page."""
    rng = random.Random(seed)
    searches = query_set(db, 100, seed)
    store = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        articles = [r[0] for r in store.execute("SELECT id FROM articles ORDER BY rowid")]
        entities = [r[0] for r in store.execute("SELECT id FROM entities WHERE articles > 0 ORDER BY articles DESC, id")]
    finally:
        store.close()

    def path(endpoint: str) -> str:
        if endpoint == "/api/search":
            s = rng.choice(searches)
            return "/api/search?" + urlencode({"q": s.q, **s.filters})
        if endpoint == "/api/articles/{id}":
            return "/api/articles/" + rng.choice(articles)
        if endpoint == "/api/entities/{id}":
            chosen = rng.choice(entities[:50] if rng.random() < 0.5 else entities[50:] or entities)
            return "/api/entities/" + quote(chosen, safe=":")
        return endpoint

    endpoints, weights = zip(*REQUEST_MIX)
    return [(e, path(e)) for e in rng.choices(endpoints, weights, k=n)]


async def load(base_url: str, requests: list[tuple[str, str]], concurrency: int, timeout: float,
               budget: float) -> tuple[float, list[tuple]]:
    """Send `requests` with `concurrency` requests in flight, starting none after `budget` seconds:
    the wall-clock seconds and, per request sent, (endpoint, milliseconds, HTTP status or None when
    no answer came within `timeout` seconds)."""
    import httpx2 as httpx  # the test extra's HTTP client (the one FastAPI's TestClient uses)

    pending = iter(requests)
    results = []

    async def client_loop(client: httpx.AsyncClient, stop: float) -> None:
        for endpoint, path in pending:
            if time.perf_counter() > stop:
                return
            started = time.perf_counter()
            try:
                response = await client.get(path)
                status = response.status_code
            except httpx.TimeoutException:
                status = None
            results.append((endpoint, (time.perf_counter() - started) * 1000, status))

    # a new connection per request: a kept-alive one may be closed by the server as it is reused
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout, limits=limits) as client:
        first = {}
        for endpoint, path in requests:
            first.setdefault(endpoint, path)
        for path in first.values():  # warm up: one request to each endpoint, not counted
            try:
                await client.get(path)
            except httpx.TimeoutException:
                pass
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client, started + budget) for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    return seconds, results


def run_api(args) -> list[str]:
    """`api`: serve the store on the loopback interface, send the request mix, stop the server; the tables."""
    requests = request_mix(args.db, args.requests, args.seed)
    articles = count_articles(args.db)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with tempfile.NamedTemporaryFile("w+", prefix="marsad-serve-", suffix=".log") as log:
        server = start_server(args.db, port, log)
        try:
            wait_until_ready(server, base_url + "/api/stats", log.name)
            progress(f"sending {len(requests)} requests, {args.concurrency} at a time, to {base_url}")
            seconds, results = asyncio.run(load(base_url, requests, args.concurrency, args.timeout, args.budget))
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    cap = args.timeout * 1000
    answered = sum(1 for r in results if r[2] is not None)
    overall = [[f"{articles:,}", len(results), args.concurrency, sum(1 for r in results if r[2] not in (200, None)),
                len(results) - answered, f"{seconds:.1f}", f"{answered / seconds:.1f}",
                *latency_cells([r[1] for r in results], cap)]]
    per_endpoint = []
    for endpoint, _ in REQUEST_MIX:
        times = [r[1] for r in results if r[0] == endpoint]
        if times:
            per_endpoint.append([f"`{endpoint}`", len(times), sum(1 for t in times if t >= cap),
                                 *latency_cells(times, cap)])
    return [markdown(["articles", "requests sent", "concurrency", "errors", f"no answer in {args.timeout:.0f} s",
                      "seconds", "answers/s", "p50 (ms)", "p95 (ms)", "max (ms)"], overall),
            markdown(["endpoint", "requests", "no answer", "p50 (ms)", "p95 (ms)", "max (ms)"], per_endpoint)]


# --- command line ----------------------------------------------------------------------------------

def parser() -> argparse.ArgumentParser:
    """The command line: ingest, search and api subcommands."""
    p = argparse.ArgumentParser(description="Benchmarks of the marsad store, search and API (see docs/benchmarks.md).")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("ingest", help="ingest throughput and store size",
                       description="Ingest a corpus into a new store, once per worker count (each in a fresh "
                                   "interpreter); wall clock includes reading, analysing and writing.")
    s.add_argument("--corpus", default="../shared/data/news/ant-multisource.jsonl.gz", help="JSONL(.gz) corpus")
    s.add_argument("-n", "--articles", type=int, help="read only the first N documents (default: all)")
    s.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to measure (default 1 2)")
    s.add_argument("--keep", metavar="DB", help="write the store here and keep it (a single worker count)")
    s.set_defaults(run=run_ingest)

    s = sub.add_parser("search", help="search latency at several store sizes",
                       description="Build stores of each size from a real store (replicating its articles with "
                                   "new ids past its size) and time a seeded query set, facets on and off.")
    s.add_argument("--base", required=True, help="a store built by marsad ingest (e.g. ingest --keep)")
    s.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="articles per store")
    s.add_argument("--queries", type=int, default=200, help="searches in the query set (default 200)")
    s.add_argument("--dir", help="build and keep the stores here (default: a temporary folder, removed)")
    s.add_argument("--reuse", action="store_true", help="time the stores already in --dir that have the right size")
    s.add_argument("--no-analyze", dest="analyze", action="store_false",
                   help="time the stores without query planner statistics (default: ANALYZE each store, "
                        "as marsad ingest does at its end)")
    s.add_argument("--timeout-ms", type=float, default=2000,
                   help="interrupt a search after this long and count it as this long (default 2000)")
    s.add_argument("--seed", type=int, default=1, help="seed of the article order and the query set")
    s.set_defaults(run=run_search)

    s = sub.add_parser("api", help="HTTP API throughput and latency",
                       description="Serve a store with marsad serve on 127.0.0.1 and send it a seeded mix of GET "
                                   "requests from concurrent clients.")
    s.add_argument("--db", required=True, help="the store to serve")
    s.add_argument("--requests", type=int, default=2000, help="requests to send (default 2000)")
    s.add_argument("--concurrency", type=int, default=8, help="requests in flight (default 8)")
    s.add_argument("--timeout", type=float, default=30, help="seconds to wait for an answer (default 30)")
    s.add_argument("--budget", type=float, default=240,
                   help="start no request after this many seconds; the table says how many were sent (default 240)")
    s.add_argument("--seed", type=int, default=1, help="seed of the request mix")
    s.set_defaults(run=run_api)
    return p


def main() -> None:
    args = parser().parse_args()
    load_before = os.getloadavg()[0]
    report(args.run(args), load_before)


if __name__ == "__main__":
    main()
