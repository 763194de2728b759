"""Throughput of `marsad spark` in local mode next to the plain loop and `marsad ingest`, in one run on the
same articles, with the Python workers' memory and the cores that 1 million articles per hour would take.

Run from the repository root; the script measures the marsad checkout it lives in:

    python benchmarks/spark_bench.py --corpus ../shared/data/news/ant-multisource.jsonl.gz -n 5000

Each measurement runs in a fresh process (so no cache warmed by one helps the next):
- plain loop: read, then the pipeline in one process (`marsad bench`); models loaded before the clock;
- `marsad ingest` with 1 and 2 workers into a fresh store (worker start and model loading included);
- `marsad spark` with `local[1]` and `local[2]`: the JVM start (the Spark session) is timed apart; the
  job time covers everything else (splitting the input, Python workers starting and loading models,
  analysing, writing the Parquet tables, the manifest). The executor memory is the largest peak RSS of
  a Python worker. Articles per CPU second (of the loop's process, of the Spark tasks) do not depend on
  what else runs on the machine; the projection of cores for 1 million articles per hour uses it.
It prints its command line, a Markdown table and the machine's load; docs/benchmarks.md records it.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import math
import os
import platform
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def measure_loop(corpus: str) -> dict:
    from marsad.errors import InputError
    from marsad.ingest import read_paths
    from marsad.pipeline import Pipeline, analyze_document

    started = time.perf_counter()
    docs = [d for d in read_paths([corpus]) if not isinstance(d, InputError)]
    pipeline = Pipeline()
    analyze_document(docs[0], pipeline)
    load = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    done = sum(1 for doc in docs if not isinstance(analyze_document(doc, pipeline), InputError))
    seconds = time.perf_counter() - started
    return {"articles": done, "seconds": seconds, "load": load, "cpu_s": time.process_time() - cpu,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure_ingest(corpus: str, workers: int, folder: str) -> dict:
    from marsad.store.ingest import ingest

    started = time.perf_counter()
    report = ingest([corpus], os.path.join(folder, f"ingest-{workers}.db"), workers=workers)
    return {"articles": report.added + report.already, "seconds": time.perf_counter() - started, "load": None,
            "rss_mb": None, "cpu_s": None}


def measure_spark(corpus: str, cores: int, folder: str, partitions: int) -> dict:
    from marsad.spark.job import run, session

    started = time.perf_counter()
    spark = session(f"local[{cores}]", app=f"marsad-bench-{cores}")
    spark.sparkContext.parallelize([0], 1).count()  # the JVM and its first Python worker daemon are up
    jvm = time.perf_counter() - started
    try:
        started = time.perf_counter()
        totals = run(spark, [corpus], os.path.join(folder, f"spark-{cores}"), batch_size=10**9,
                     partitions=partitions)
        seconds = time.perf_counter() - started
    finally:
        spark.stop()
    return {"articles": totals["articles"], "seconds": seconds, "load": jvm, "rss_mb": totals["rss_mb"],
            "cpu_s": totals["cpu_s"]}


def measure(kind: str, corpus: str, folder: str, partitions: int) -> dict:
    if kind == "loop":
        return measure_loop(corpus)
    name, count = kind.split("-")
    if name == "ingest":
        return measure_ingest(corpus, int(count), folder)
    return measure_spark(corpus, int(count), folder, partitions)


def in_fresh_process(kind: str, corpus: str, folder: str, partitions: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--measure", kind, "--corpus", corpus, "--folder", folder,
                           "--partitions", str(partitions)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"spark_bench: {kind} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", required=True, help="JSON Lines corpus (.gz or plain)")
    parser.add_argument("-n", "--articles", type=int, default=5000, help="first N records (default 5000)")
    parser.add_argument("--partitions", type=int, default=8, help="Spark tasks (default 8, for both masters)")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.corpus, args.folder, args.partitions)))
        return
    print(f"command: python {' '.join(map(shlex.quote, sys.argv))}")
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}\n")
    with tempfile.TemporaryDirectory() as folder:
        corpus = os.path.join(folder, "corpus.jsonl")
        opener = gzip.open if args.corpus.endswith(".gz") else open
        with opener(args.corpus, "rt", encoding="utf-8") as lines, open(corpus, "w", encoding="utf-8") as out:
            out.writelines(itertools.islice(lines, args.articles))
        results = {}
        for kind in ("loop", "ingest-1", "ingest-2", "spark-1", "spark-2"):
            print(f"spark_bench: {kind} …", file=sys.stderr, flush=True)
            results[kind] = in_fresh_process(kind, corpus, folder, args.partitions)
    rate = {k: r["articles"] / r["seconds"] for k, r in results.items()}
    names = {"loop": "plain loop (marsad bench)", "ingest-1": "marsad ingest, 1 worker",
             "ingest-2": "marsad ingest, 2 workers", "spark-1": "marsad spark, local[1]",
             "spark-2": "marsad spark, local[2]"}
    load_names = {"loop": "models", "spark-1": "JVM", "spark-2": "JVM"}
    print("| run | articles | seconds | articles/s | vs plain loop | start, not counted (s) | worker peak RSS (MB) "
          "| articles per CPU second |")
    print("|---|---|---|---|---|---|---|---|")
    for kind, r in results.items():
        start = f"{r['load']:.1f} ({load_names[kind]})" if r["load"] is not None else "counted"
        rss = f"{r['rss_mb']:.0f}" if r["rss_mb"] else "—"
        per_cpu = f"{r['articles'] / r['cpu_s']:.1f}" if r["cpu_s"] else "—"
        print(f"| {names[kind]} | {r['articles']} | {r['seconds']:.1f} | {rate[kind]:.1f} | "
              f"{rate[kind] / rate['loop']:.2f}× | {start} | {rss} | {per_cpu} |")
    per_core = results["spark-2"]["articles"] / results["spark-2"]["cpu_s"]
    need = 1_000_000 / 3600
    print(f"\nlocal[1] / plain loop: {rate['spark-1'] / rate['loop']:.2f} (target ≥ 0.80); "
          f"local[2] / local[1]: {rate['spark-2'] / rate['spark-1']:.2f} (target ≥ 1.80)")
    print(f"projection: 1,000,000 articles/hour = {need:.0f} articles/s; at local[2]'s {per_core:.1f} articles per "
          f"CPU second of its workers, about {math.ceil(need / per_core)} busy executor cores, if throughput grows "
          f"linearly with cores")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
