"""`marsad bench`: articles per second and peak memory of `analyze` on one core."""
from __future__ import annotations

import itertools
import platform
import resource
import time

from marsad.errors import InputError
from marsad.ingest import read_paths
from marsad.pipeline import article_from_document, run


def run_bench(corpus: str, n: int) -> str:
    """Time the pipeline (after reading) over the first `n` articles of `corpus`; a Markdown report."""
    from marsad.geo.gazetteer import load_gazetteer

    docs = [d for d in itertools.islice(read_paths([corpus]), n) if not isinstance(d, InputError)]
    if not docs:
        raise SystemExit(f"marsad: bench: no articles read from {corpus}")
    started = time.perf_counter()
    load_gazetteer()
    load_seconds = time.perf_counter() - started
    failures = tokens = 0
    started = time.perf_counter()
    for doc in docs:
        try:
            article = run(article_from_document(doc))
        except InputError:
            failures += 1
            continue
        tokens += len(article.tokens)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    done = len(docs) - failures
    return "\n".join([
        f"| corpus | articles | failed | seconds | articles/s | tokens/s | peak RSS (MB) | gazetteer load (s) |",
        f"|---|---|---|---|---|---|---|---|",
        f"| {corpus.rsplit('/', 1)[-1]} | {done} | {failures} | {seconds:.2f} | {done / seconds:.0f} | "
        f"{tokens / seconds:,.0f} | {peak_mb:.0f} | {load_seconds:.2f} |",
        f"",
        f"Python {platform.python_version()} on {platform.machine()}, one process (one core).",
    ])
