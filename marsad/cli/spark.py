"""`marsad spark`: analyse corpora with Apache Spark into Parquet tables partitioned by month."""
from __future__ import annotations

import importlib.util
import os
import shutil
import sys

from marsad.cli.options import field_map, field_options, positive
from marsad.ingest import formats


def register(sub) -> None:
    p = sub.add_parser("spark", help="analyse corpora on Apache Spark into Parquet tables (idempotent, resumable)",
                       description="Analyse JSONL(.gz), CSV, Parquet, text/HTML pages and WARC files (paths, folders "
                                   "or globs) on Spark with the stages of marsad analyze, and write the tables "
                                   "articles, mentions, entities, quotes, events and failures as Parquet under "
                                   "--out, partitioned by month. Batches already done (in _manifest.jsonl) are "
                                   "skipped, so a rerun or an interrupted run writes nothing twice. See docs/scale.md.")
    p.add_argument("paths", nargs="+", metavar="INPUT", help="file, folder (recursive) or glob")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (or a URI pyarrow can write: s3://, hdfs://)")
    p.add_argument("--master", default="local[*]",
                   help="Spark master (default local[*]; under spark-submit its --master is used)")
    p.add_argument("--batch-size", type=positive, default=5000, help="records per batch (default 5000)")
    p.add_argument("--partitions", type=positive, help="tasks per batch (default: Spark's default parallelism)")
    p.add_argument("--format", choices=(*formats(), "parquet"), default="auto", help="input format (default: detected)")
    field_options(p)
    p.set_defaults(run=_spark)


def missing_requirement() -> str | None:
    """Why Spark cannot run here (pyspark or Java missing), or None."""
    if importlib.util.find_spec("pyspark") is None or importlib.util.find_spec("pyarrow") is None:
        return "spark: pyspark and pyarrow are not installed (pip install 'marsad[spark]')"
    java_home = os.environ.get("JAVA_HOME")
    if not (java_home and os.path.exists(os.path.join(java_home, "bin", "java"))) and not shutil.which("java"):
        return "spark: Java is not installed (Spark needs Java 17 or later: java on PATH or JAVA_HOME)"
    return None


def _spark(args) -> int:
    problem = missing_requirement()
    if problem:
        print(f"marsad: {problem}", file=sys.stderr)
        return 2
    from marsad.spark.job import run, session

    def report(entry: dict) -> None:
        c = entry["counts"]
        print(f"marsad: batch {entry['batch']}: {c['articles']} articles, {c['failures']} failed", file=sys.stderr)

    spark = session(args.master)
    try:
        totals = run(spark, args.paths, args.out, batch_size=args.batch_size, partitions=args.partitions,
                     format=args.format, mapping=field_map(args), after_batch=report)
    finally:
        spark.stop()
    print(f"marsad: {args.out}: {totals['articles']} articles, {totals['failures']} failed in {totals['batches']} "
          f"batches; {totals['skipped']} batches already done", file=sys.stderr)
    return 1 if totals["failures"] else 0


if __name__ == "__main__":  # spark-submit …/marsad/cli/spark.py INPUT… --out DIR: the same as `marsad spark`
    import runpy

    sys.argv[1:1] = ["spark"]
    runpy.run_module("marsad.cli", run_name="__main__")
