#!/usr/bin/env python3
"""Benchmarks of the marsad store: ingest throughput and store size, search latency at 10k and 100k
articles, and the HTTP API under concurrent requests.

Run from the repository root; the script measures the marsad checkout it lives in:

    python benchmarks/store_bench.py ingest --corpus ../shared/data/news/ant-multisource.jsonl.gz -n 4000 --workers 1 2
    python benchmarks/store_bench.py ingest --corpus ../shared/data/news/ant-multisource.jsonl.gz --workers 2 --keep base.db
    python benchmarks/store_bench.py search --base base.db --sizes 10000 100000 --queries 200 --dir stores
    python benchmarks/store_bench.py api --db stores/store-100000.db --requests 2000 --concurrency 8

Each subcommand prints its command line and Markdown tables; docs/benchmarks.md records the results.
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import itertools
import math
import multiprocessing
import os
import random
import re
import shlex
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # benchmark this checkout, installed or not

from marsad.store import queries  # noqa: E402
from marsad.store.db import Store  # noqa: E402
from marsad.store.index import index_columns  # noqa: E402
from marsad.store.ingest import BATCH, ingest  # noqa: E402
from marsad.text.tokens import tokenize  # noqa: E402

ARABIC_WORD = re.compile(r"[\u0621-\u064a]{3,}")
FILTER_KINDS = ("country", "site", "date")
QUERY_KINDS = ("common", "rare", "place", "phrase") + FILTER_KINDS


# --- output --------------------------------------------------------------------------------------

def command_line() -> str:
    """The command that produced this output, as it can be pasted back into a shell."""
    return "python benchmarks/store_bench.py " + shlex.join(sys.argv[1:])


def markdown(header: list[str], rows: list[list]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def report(*tables: str) -> None:
    """Print the command line, then each table, separated by blank lines."""
    print("```\n" + command_line() + "\n```\n")
    print("\n\n".join(tables))


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank `p`th percentile of `values`."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def latency_cells(ms: list[float]) -> list[str]:
    """p50, p95 and max of latencies in milliseconds, formatted for a table."""
    return [f"{percentile(ms, 50):.1f}", f"{percentile(ms, 95):.1f}", f"{max(ms):.1f}"]


def file_mb(path: str | Path) -> float:
    """Size of an SQLite store in MB, after moving its write-ahead log into the main file."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return os.path.getsize(path) / 1e6


# --- ingest ----------------------------------------------------------------------------------------

def measure_ingest(corpus: str, limit: int | None, workers: int, db: str) -> dict:
    """Ingest the first `limit` documents of `corpus` into the new store `db`; wall-clock seconds
    (reading, analysing on `workers` processes, writing), articles added and failed, size in MB."""
    started = time.perf_counter()
    result = ingest([corpus], db, workers=workers, limit=limit)
    seconds = time.perf_counter() - started
    return {"added": result.added, "already": result.already, "failed": result.failed, "seconds": seconds,
            "mb": file_mb(db)}


def _measure_into(queue, *args) -> None:
    queue.put(measure_ingest(*args))


def measure_in_fresh_process(corpus: str, limit: int | None, workers: int, db: str) -> dict:
    """`measure_ingest` in a newly started interpreter, so no run inherits the caches warmed by another."""
    context = multiprocessing.get_context("spawn")
    queue = context.SimpleQueue()
    process = context.Process(target=_measure_into, args=(queue, corpus, limit, workers, db))
    process.start()
    process.join()
    if process.exitcode != 0:
        raise SystemExit(f"store_bench: ingest with {workers} workers failed (exit code {process.exitcode})")
    return queue.get()


def run_ingest(args) -> None:
    """`ingest`: one table row per worker count, each into a fresh store."""
    if args.keep and len(args.workers) > 1:
        raise SystemExit("store_bench: --keep needs a single --workers value")
    rows = []
    with tempfile.TemporaryDirectory(prefix="marsad-bench-") as tmp:
        for workers in args.workers:
            db = args.keep or os.path.join(tmp, f"ingest-{workers}.db")
            if os.path.exists(db):
                raise SystemExit(f"store_bench: {db} exists; ingest measures a fresh store")
            r = measure_in_fresh_process(args.corpus, args.articles, workers, db)
            stored = r["added"]
            rows.append([Path(args.corpus).name, stored + r["already"] + r["failed"], stored, r["failed"], workers,
                         f"{r['seconds']:.1f}", f"{(stored + r['already']) / r['seconds']:.0f}", f"{r['mb']:.1f}",
                         f"{r['mb'] / stored * 1000:.1f}"])
    report(markdown(["corpus", "documents", "stored", "failed", "workers", "seconds", "documents/s", "store (MB)",
                     "MB per 1k articles"], rows))


# --- building bigger stores ------------------------------------------------------------------------

def replica_id(article_id: str, copy: int) -> str:
    """The id of the `copy`th replica of an article (copy 0 is the article itself), 20 hex digits like a real id."""
    return article_id if copy == 0 else hashlib.sha256(f"{article_id}/{copy}".encode()).hexdigest()[:20]


def index_of_base(base: sqlite3.Connection) -> dict[int, tuple[str, str]]:
    """The full-text index columns (words, stems) of every base article, computed as `Store` does."""
    return {rowid: index_columns(title, tokenize(text))
            for rowid, title, text in base.execute("SELECT rowid, title, text FROM articles")}


def build_store(base_path: str, size: int, path: str, seed: int) -> dict:
    """Create the store `path` with `size` articles taken from the store `base_path`.

    The base articles are taken in a seeded random order; once all are used they are taken again
    as replicas with new ids. Each article brings its mentions, quotes, events and source row, and a
    full-text row with the same words and stems as the original, inserted `BATCH` articles per
    transaction as `marsad ingest` does. Canonical entities are shared, as in a real store (ليبيا is
    one entity however many articles mention it); their counts and alias counts are recomputed."""
    started = time.perf_counter()
    with Store(path):  # the current schema
        pass
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.create_function("replica_id", 2, replica_id, deterministic=True)
    db.execute("ATTACH DATABASE ? AS base", (f"file:{base_path}?mode=ro",)) if False else None
    db.execute("ATTACH DATABASE ? AS base", (base_path,))
    base_rows = [r[0] for r in db.execute("SELECT rowid FROM base.articles ORDER BY rowid")]
    random.Random(seed).shuffle(base_rows)
    index = index_of_base(db.execute("SELECT 1").connection) if False else _index_from(db)
    with db:
        db.execute("INSERT INTO entities SELECT * FROM base.entities")
        db.execute("CREATE TEMP TABLE pick (new_rowid INTEGER PRIMARY KEY, old_rowid INTEGER, old_id TEXT,"
                   " new_id TEXT, copy INTEGER)")
    for first in range(0, size, BATCH):
        batch = [(n + 1, base_rows[n % len(base_rows)], n // len(base_rows))
                 for n in range(first, min(size, first + BATCH))]
        with db:
            db.execute("DELETE FROM temp.pick")
            db.executemany("INSERT INTO temp.pick SELECT ?, rowid, id, replica_id(id, ?), ? FROM base.articles"
                           " WHERE rowid = ?", [(new, copy, copy, old) for new, old, copy in batch])
            _copy_batch(db)
            db.executemany("INSERT INTO search (rowid, words, stems) VALUES (?, ?, ?)",
                           [(new, *index[old]) for new, old, _ in batch])
    with db:
        db.execute("UPDATE entities SET mentions = (SELECT count(*) FROM mentions WHERE entity_id = entities.id),"
                   " articles = (SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id = entities.id)")
        db.execute("DELETE FROM aliases")
        db.execute("INSERT INTO aliases SELECT entity_id, text, count(*) FROM mentions"
                   " WHERE entity_id IS NOT NULL GROUP BY entity_id, text")
    db.execute("DETACH DATABASE base")
    db.close()
    return {"articles": size, "seconds": time.perf_counter() - started, "mb": file_mb(path)}
