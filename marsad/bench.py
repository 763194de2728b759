"""`marsad bench`: articles per second and peak memory of `analyze` on one core, and (`--size`) how the
time for one document grows with its size."""
from __future__ import annotations

import itertools
import platform
import resource
import time

from marsad.errors import InputError
from marsad.ingest import read_paths
from marsad.pipeline import DEFAULT_PIPELINE, Pipeline, article_from_document


def run_bench(corpus: str, n: int, stages: tuple[str, ...] = DEFAULT_PIPELINE) -> str:
    """Time the pipeline stages (after reading) over the first `n` articles of `corpus`; a Markdown
    report. Models and gazetteer are loaded on a first article before the clock starts."""
    from marsad.geo.gazetteer import load_gazetteer

    docs = [d for d in itertools.islice(read_paths([corpus]), n) if not isinstance(d, InputError)]
    if not docs:
        raise SystemExit(f"marsad: bench: no articles read from {corpus}")
    started = time.perf_counter()
    load_gazetteer()
    pipeline = Pipeline(stages)
    pipeline(article_from_document(docs[0]))
    load_seconds = time.perf_counter() - started
    failures = tokens = 0
    started = time.perf_counter()
    for doc in docs:
        try:
            article = pipeline(article_from_document(doc))
        except InputError:
            failures += 1
            continue
        tokens += len(article.tokens)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    done = len(docs) - failures
    return "\n".join([
        f"| stages | articles | failed | seconds | articles/s | tokens/s | peak RSS (MB) | load (s) |",
        f"|---|---|---|---|---|---|---|---|",
        f"| {' '.join(stages)} | {done} | {failures} | {seconds:.2f} | {done / seconds:.0f} | "
        f"{tokens / seconds:,.0f} | {peak_mb:.0f} | {load_seconds:.2f} |",
        f"",
        f"{corpus.rsplit('/', 1)[-1]}; Python {platform.python_version()} on {platform.machine()}, one process (one core).",
    ])


def run_size_bench(corpus: str, sizes: tuple[int, ...], stages: tuple[str, ...] = DEFAULT_PIPELINE) -> str:
    """Time one document of each size in bytes, made of the corpus's articles one after another (blank
    lines between them); a Markdown report with the time per MB relative to the smallest document."""
    from marsad.ingest import Document

    bodies, size = [], 0
    for doc in read_paths([corpus]):
        if isinstance(doc, InputError):
            continue
        bodies.append(doc.body)
        size += len(doc.body.encode())
        if size >= max(sizes):
            break
    pipeline = Pipeline(stages)
    pipeline(article_from_document(Document(bodies[0])))  # models and gazetteer loaded first
    rows, first = [], None
    for target in sizes:
        parts, total = [], 0
        for body in itertools.cycle(bodies):
            parts.append(body)
            total += len(body.encode()) + 2
            if total >= target:
                break
        text = "\n\n".join(parts)
        started = time.perf_counter()
        article = pipeline(article_from_document(Document(text)))
        seconds = time.perf_counter() - started
        per_mb = seconds / (len(text.encode()) / 2**20)
        first = first or per_mb
        rows.append(f"| {len(text.encode()) / 1024:,.0f} KB | {len(article.tokens):,} | {seconds:.2f} | "
                    f"{per_mb:.2f} | {per_mb / first:.2f} |")
    return "\n".join([
        "| document | tokens | seconds | seconds per MB | growth (per MB, against the smallest) |",
        "|---|---|---|---|---|", *rows, "",
        f"{corpus.rsplit('/', 1)[-1]}; Python {platform.python_version()} on {platform.machine()}, one process.",
    ])
