"""`marsad ingest --from-parquet`: load the output of `marsad spark` into a store without analysing again.

Each `articles` row holds the whole Article JSON with its source key and input hash, and each
`failures` row its source and reason, so the store gets what `marsad ingest` would have written:
sources already stored with the same content are skipped, and loading twice changes nothing.
"""
from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Iterator

from marsad.errors import InputError
from marsad.model import Article
from marsad.store.db import Store
from marsad.store.ingest import BATCH, IngestReport


def lake_results(folder: str) -> Iterator[tuple[str, str, Article | InputError]]:
    """(source key, input hash, Article or failure) for every row of the `articles` and `failures`
    tables under `folder`, in file order."""
    import pyarrow.dataset as ds

    for name in ("articles", "failures"):
        if not Path(folder, name).is_dir():
            continue
        dataset = ds.dataset(str(Path(folder, name)), format="parquet", partitioning="hive")
        columns = ["source", "body_hash", "article"] if name == "articles" else ["source", "body_hash", "reason"]
        for batch in dataset.to_batches(columns=columns):
            for row in batch.to_pylist():
                if name == "articles":
                    yield row["source"], row["body_hash"], Article.from_dict(json.loads(row["article"]))
                else:
                    yield row["source"], row["body_hash"], InputError(row["source"], row["reason"])


def load_parquet(folder: str, db: str, limit: int | None = None) -> IngestReport:
    """Store the articles and failures of a `marsad spark` output folder in `db` (the first `limit`)."""
    report = IngestReport()
    with Store(db) as store:
        rows = lake_results(folder)
        rows = itertools.islice(rows, limit) if limit else rows
        while batch := list(itertools.islice(rows, BATCH)):
            fresh = [row for row in batch if not store.seen(row[0], row[1])]
            report.skipped += len(batch) - len(fresh)
            added, failed = store.write_batch(fresh)
            report.added += added
            report.failed += failed
            report.already += len(fresh) - added - failed
        if report.added:
            store.db.execute("ANALYZE")
    return report
