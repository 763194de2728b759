"""The Spark job behind `marsad spark`: read, analyse with the same stages as `marsad analyze`, and write
the Parquet tables of `marsad.spark.rows`, in batches that make a run idempotent and resumable.

The driver expands globs and folders, cuts the inputs into units (a range of lines of a JSON Lines
corpus, a range of rows of a Parquet file, or one other file) and groups the units into batches. Each
batch runs as one Spark job: every task analyses its units with the pipeline of its Python worker (built
once per process, with the models and gazetteers that ship inside the installed package) and writes its
rows with pyarrow under `_staging/BATCH/`; the driver then moves the files into place under names made
from the batch's hash and the task's number, and appends the batch to `_manifest.jsonl`. A rerun skips
the batches in the manifest; a batch cut short is done again and overwrites the same file names, so
nothing is written twice.
"""
from __future__ import annotations

import glob
import gzip
import hashlib
import json
import logging
import math
import os
import resource
import sys
import time
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from marsad import __version__
from marsad.errors import InputError
from marsad.ingest import Document, FieldMap, line_records, read_file, read_lines
from marsad.ingest.records import document_from_record

log = logging.getLogger(__name__)

MANIFEST = "_manifest.jsonl"
STAGING = "_staging"
DEFAULT_BATCH = 5000

_pipeline = None


def expand(inputs: Iterable[str]) -> list[str]:
    """The files named by paths, globs (`**` too) and folders (recursively, in name order, hidden
    ones left out); a name that matches nothing is kept, so that reading it records the failure."""
    files: list[str] = []
    for given in inputs:
        matches = sorted(glob.glob(given, recursive=True)) if glob.has_magic(given) else [given]
        for match in matches or [given]:
            p = Path(match)
            if p.is_dir():
                files += [str(x) for x in sorted(p.rglob("*"))
                          if x.is_file() and not any(part.startswith(".") for part in x.relative_to(p).parts)]
            else:
                files.append(match)
    return files


def _count_lines(path: str) -> int:
    with open(path, "rb") as raw:
        compressed = raw.read(2) == b"\x1f\x8b"
    with (gzip.open if compressed else open)(path, "rb") as raw:
        return sum(1 for _ in raw)


def units(files: Iterable[str], chunk: int, format: str = "auto", parts: int = 1) -> Iterator[dict]:
    """The units of work: `chunk` lines of a JSON Lines corpus, `chunk` rows of a Parquet file, or a
    whole other file; each with the file's size and mtime (so a changed input makes a new batch). A
    file smaller than `chunk * parts` records is cut into `parts` units, so that it keeps every core busy."""
    for path in files:
        try:
            stat = os.stat(path)
        except OSError:
            yield {"path": path, "kind": "file", "size": None, "mtime": None, "start": 0, "end": 1}
            continue
        base = {"path": path, "size": stat.st_size, "mtime": int(stat.st_mtime)}
        if format == "parquet" or (format == "auto" and path.lower().endswith(".parquet")):
            import pyarrow.parquet as pq

            try:
                total, kind = pq.ParquetFile(path).metadata.num_rows, "parquet"
            except Exception as err:  # noqa: BLE001 - an unreadable Parquet file is a failure row
                log.debug("unreadable parquet %s: %s", path, err)
                total, kind = 1, "bad-parquet"
        elif line_records(Path(path), format):
            total, kind = _count_lines(path), "lines"
        else:
            total, kind = 1, "file"
        whole = kind in ("file", "bad-parquet")
        step = 1 if whole else max(1, min(chunk, math.ceil(total / parts)))
        for start in range(0, max(total, 1), step):
            yield {**base, "kind": kind, "start": start, "end": 1 if whole else min(start + step, total)}


def batches(work: Iterable[dict], size: int) -> Iterator[list[dict]]:
    """Consecutive units grouped until a batch holds `size` records (a whole file counts as one)."""
    batch: list[dict] = []
    records = 0
    for unit in work:
        batch.append(unit)
        records += unit["end"] - unit["start"]
        if records >= size:
            yield batch
            batch, records = [], 0
    if batch:
        yield batch


def batch_id(batch: list[dict], settings: dict) -> str:
    """The hash of a batch's inputs and of what decides its output (marsad's version, format, fields)."""
    key = json.dumps({"units": batch, "settings": settings, "marsad": __version__}, sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()[:16]


# --- on the executors ------------------------------------------------------------------------------

def _the_pipeline():
    """The pipeline of this Python worker, built once (models and gazetteers load with it)."""
    global _pipeline
    if _pipeline is None:
        from marsad.pipeline import Pipeline

        _pipeline = Pipeline()
    return _pipeline


def documents(unit: dict, format: str, mapping: FieldMap) -> Iterator[Document | InputError]:
    """The documents (or failures) of one unit, read by marsad's readers."""
    path = Path(unit["path"])
    if unit["kind"] == "lines":
        yield from read_lines(path, unit["start"], unit["end"], format, mapping)
    elif unit["kind"] == "parquet":
        try:
            yield from _parquet_rows(unit, mapping)
        except Exception as err:  # noqa: BLE001 - a corrupt file costs its remaining rows, not the job
            yield InputError(unit["path"], f"unreadable Parquet data ({type(err).__name__}: {err})")
    elif unit["kind"] == "bad-parquet":
        yield InputError(unit["path"], "not a readable Parquet file")
    elif unit["size"] is None:
        yield InputError(unit["path"], "no such file or directory")
    else:
        yield from read_file(path, format, mapping)


def _parquet_rows(unit: dict, mapping: FieldMap) -> Iterator[Document | InputError]:
    """Rows `start` to `end` of a Parquet file, each a record mapped like a JSON Lines record."""
    import pyarrow.parquet as pq

    index = 0
    for chunk in pq.ParquetFile(unit["path"]).iter_batches(batch_size=1024):
        if index + chunk.num_rows <= unit["start"]:
            index += chunk.num_rows
            continue
        for record in chunk.to_pylist():
            index += 1
            if index <= unit["start"]:
                continue
            if index > unit["end"]:
                return
            try:
                doc = document_from_record(record, mapping, unit["path"], index)
            except InputError as err:
                yield err
                continue
            doc.format, doc.path = "parquet", unit["path"]
            yield doc


def analyse_partition(out: str, batch: str, format: str, mapping: dict) -> Callable:
    """The task of one partition: analyse its units, write its rows under the staging directory of the
    batch (one file per table and month, named by the batch and the partition), return its counts."""

    def task(index: int, unit_iter: Iterable[dict]) -> Iterator[dict]:
        import pyarrow.parquet as pq
        from pyarrow import fs as pafs

        from marsad.pipeline import analyze_document
        from marsad.spark.rows import rows, table
        from marsad.store.pool import body_hash, source_key

        cpu = time.process_time()
        pipeline = _the_pipeline()
        fields = FieldMap(**mapping)
        tables: dict[tuple[str, str], list[dict]] = {}
        counts = {"articles": 0, "failures": 0}
        for unit in unit_iter:
            for doc in documents(unit, format, fields):
                result = doc if isinstance(doc, InputError) else analyze_document(doc, pipeline)
                month, produced = rows(result, source_key(doc), body_hash(doc))
                counts["failures" if isinstance(result, InputError) else "articles"] += 1
                for name, records in produced.items():
                    tables.setdefault((name, month), []).extend(records)
        filesystem, root = pafs.FileSystem.from_uri(_uri(out))
        for (name, month), records in sorted(tables.items()):
            if not records:
                continue
            folder = f"{root}/{STAGING}/{batch}/{name}/month={month}"
            filesystem.create_dir(folder, recursive=True)
            pq.write_table(table(name, records), f"{folder}/part-{batch}-{index:05d}.parquet", filesystem=filesystem)
        counts["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        counts["cpu_s"] = time.process_time() - cpu
        yield counts

    return task


def _uri(out: str) -> str:
    return out if "://" in out else str(Path(out).resolve())


# --- on the driver -----------------------------------------------------------------------------------

def done_batches(out: str) -> dict[str, dict]:
    """The batches recorded in the output's manifest, by id."""
    from pyarrow import fs as pafs

    filesystem, root = pafs.FileSystem.from_uri(_uri(out))
    path = f"{root}/{MANIFEST}"
    if filesystem.get_file_info(path).type == pafs.FileType.NotFound:
        return {}
    with filesystem.open_input_stream(path) as stream:
        lines = stream.read().decode("utf-8").splitlines()
    return {entry["batch"]: entry for entry in map(json.loads, filter(None, lines))}


def _commit(out: str, batch: str, inputs: list[dict], counts: dict) -> None:
    """Move a batch's files from staging into place, then record the batch in the manifest."""
    from pyarrow import fs as pafs

    filesystem, root = pafs.FileSystem.from_uri(_uri(out))
    staging = f"{root}/{STAGING}/{batch}"
    selector = pafs.FileSelector(staging, recursive=True, allow_not_found=True)
    for info in filesystem.get_file_info(selector):
        if info.type == pafs.FileType.File:
            target = f"{root}/{info.path[len(staging) + 1:]}"
            filesystem.create_dir(target.rsplit("/", 1)[0], recursive=True)
            filesystem.move(info.path, target)
    filesystem.delete_dir(staging)
    entries = list(done_batches(out).values())
    entries.append({"batch": batch, "inputs": inputs, "counts": counts,
                    "finished": datetime.now(timezone.utc).isoformat(timespec="seconds")})
    with filesystem.open_output_stream(f"{root}/{MANIFEST}.tmp") as stream:
        stream.write("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries).encode("utf-8"))
    filesystem.move(f"{root}/{MANIFEST}.tmp", f"{root}/{MANIFEST}")


def run(spark, inputs: Iterable[str], out: str, batch_size: int = DEFAULT_BATCH, partitions: int | None = None,
        format: str = "auto", mapping: FieldMap | None = None,
        after_batch: Callable[[dict], None] | None = None) -> dict:
    """Analyse `inputs` into the Parquet tables under `out` on the Spark session `spark`; batches already
    in the manifest are skipped. `after_batch` is called with each finished batch's manifest entry.
    Returns the totals: batches done and skipped, articles, failures, the largest worker RSS (MB) and the
    CPU seconds of the tasks."""
    from pyarrow import fs as pafs

    sc = spark.sparkContext
    partitions = partitions or sc.defaultParallelism
    mapping = asdict(mapping or FieldMap())
    settings = {"format": format, "fields": mapping}
    filesystem, root = pafs.FileSystem.from_uri(_uri(out))
    filesystem.create_dir(root, recursive=True)
    finished = done_batches(out)
    totals = {"batches": 0, "skipped": 0, "articles": 0, "failures": 0, "rss_mb": 0.0, "cpu_s": 0.0}
    chunk = max(1, math.ceil(batch_size / partitions))
    for batch in batches(units(expand(inputs), chunk, format, partitions), batch_size):
        ident = batch_id(batch, settings)
        if ident in finished:
            totals["skipped"] += 1
            continue
        filesystem.delete_dir_contents(f"{root}/{STAGING}/{ident}", missing_dir_ok=True)
        sc.setJobDescription(f"marsad batch {ident} ({len(batch)} units)")
        results = sc.parallelize(batch, min(partitions, len(batch))) \
            .mapPartitionsWithIndex(analyse_partition(out, ident, format, mapping)).collect()
        counts = {key: sum(r[key] for r in results) for key in ("articles", "failures")}
        counts["rss_mb"] = round(max(r["rss_mb"] for r in results), 1)
        counts["cpu_s"] = round(sum(r["cpu_s"] for r in results), 1)
        _commit(out, ident, batch, counts)
        totals["batches"] += 1
        totals["articles"] += counts["articles"]
        totals["failures"] += counts["failures"]
        totals["rss_mb"] = max(totals["rss_mb"], counts["rss_mb"])
        totals["cpu_s"] += counts["cpu_s"]
        if after_batch:
            after_batch({"batch": ident, "inputs": batch, "counts": counts})
    if filesystem.get_file_info(f"{root}/{STAGING}").type == pafs.FileType.Directory:
        filesystem.delete_dir(f"{root}/{STAGING}")
    return totals


def session(master: str = "local[*]", app: str = "marsad"):
    """A Spark session: the master given by spark-submit when there is one, else `master`; in local mode
    the Python workers run the interpreter of the driver."""
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    conf = SparkConf().setAppName(app).set("spark.ui.showConsoleProgress", "false")
    if not conf.contains("spark.master"):
        conf.setMaster(master)
    if conf.get("spark.master", "").startswith("local") and not conf.contains("spark.pyspark.python"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # local workers run this interpreter, with marsad
    spark = SparkSession.builder.config(conf=conf).getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark

