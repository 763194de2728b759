"""`marsad ingest`: read, analyse on a process pool, and store — idempotent and resumable."""
from __future__ import annotations

import itertools
import sys
import time
from dataclasses import dataclass
from typing import Iterable

from marsad.errors import NOT_ARABIC, InputError
from marsad.ingest import FieldMap, read_paths
from marsad.store.pool import analyze_many, body_hash, source_key
from marsad.store.db import Store

BATCH = 200


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    already: int = 0
    failed: int = 0
    skipped: int = 0  # sources already ingested with the same content (a resumed run)
    not_arabic: int = 0  # of the failures, inputs in another language


def ingest(paths: Iterable[str], db: str, workers: int = 1, format: str = "auto", mapping: FieldMap | None = None,
           limit: int | None = None, progress: bool = False, errors=None,
           progress_lines: float | None = None) -> IngestReport:
    """Analyse every document under `paths` (the first `limit` when given) and store it in `db`.
    Sources already stored with the same content are skipped, so an interrupted run picks up where it
    stopped; failures are stored with their source and reason, and printed one line each to `errors`.
    `progress` shows a progress bar; `progress_lines` instead prints a plain line on `errors` at most
    every that many seconds (for a log or a pipe, where a bar would not show)."""
    from tqdm import tqdm

    errors = errors or sys.stderr
    report = IngestReport()
    last_line = time.monotonic()

    def progress_line() -> None:
        nonlocal last_line
        if progress_lines is None or time.monotonic() - last_line < progress_lines:
            return
        last_line = time.monotonic()
        print(f"marsad: {', '.join(map(str, paths))}: {report.added} added, {report.already} already stored, "
              f"{report.skipped} skipped, {report.failed} failed", file=errors, flush=True)
    with Store(db) as store:
        def pending():
            docs = read_paths(paths, format, mapping)
            for doc in itertools.islice(docs, limit) if limit else docs:
                key, digest = source_key(doc), body_hash(doc)
                if store.seen(key, digest):
                    report.skipped += 1
                    bar.update(1)
                    progress_line()
                    continue
                progress_line()
                yield key, digest, doc

        bar = tqdm(unit=" articles", disable=not progress, file=sys.stderr, dynamic_ncols=True, total=limit)
        results = analyze_many(pending(), workers)
        try:
            while True:
                batch = list(itertools.islice(results, BATCH))
                if not batch:
                    break
                for _, _, result, _ in batch:
                    if isinstance(result, InputError):
                        print(f"marsad: {result}", file=errors)
                        report.not_arabic += result.problem.startswith(NOT_ARABIC)
                added, failed = store.write_batch(batch)
                report.added += added
                report.failed += failed
                report.already += len(batch) - added - failed
                bar.update(len(batch))
                progress_line()
        finally:
            results.close()  # stops the workers now, also when interrupted between two batches
            bar.close()
        if report.added:
            store.db.execute("ANALYZE")  # planner statistics, so filtered searches stay fast at 100k+
    return report
