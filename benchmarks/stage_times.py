"""CPU time of each default pipeline stage, after a warm-up pass, on the first N articles of a corpus.

    python benchmarks/stage_times.py [--corpus ../shared/data/news/ant-multisource.jsonl.gz] [-n 600]

It also runs on marsad from before the declared pipeline (stages from `get_stage`), so that two
checkouts can be compared: `PYTHONPATH=/path/to/old python benchmarks/stage_times.py`.
"""
from __future__ import annotations

import argparse
import time

from marsad import pipeline as marsad_pipeline
from marsad.errors import InputError
from marsad.ingest import read_paths
from marsad.pipeline import DEFAULT_PIPELINE, article_from_document


def _steps() -> dict:
    if hasattr(marsad_pipeline, "Pipeline"):
        return dict(marsad_pipeline.Pipeline(DEFAULT_PIPELINE).steps)
    return {name: marsad_pipeline.get_stage(name) for name in DEFAULT_PIPELINE}


def stage_times(corpus: str, n: int) -> dict[str, float]:
    docs = []
    for doc in read_paths([corpus]):
        try:
            article_from_document(doc)
        except InputError:  # not an article (a boilerplate record): analyze refuses it too
            continue
        docs.append(doc)
        if len(docs) >= n:
            break
    calls = _steps()
    total = dict.fromkeys(calls, 0.0)
    for warm in (True, False):
        for doc in docs:
            article = article_from_document(doc)
            for name, call in calls.items():
                start = time.process_time()
                call(article)
                if not warm:
                    total[name] += time.process_time() - start
    return total


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default="../shared/data/news/ant-multisource.jsonl.gz")
    ap.add_argument("-n", type=int, default=600)
    args = ap.parse_args()
    times = stage_times(args.corpus, args.n)
    print("| stage | CPU s |\n|---|---|")
    for name, seconds in times.items():
        print(f"| {name} | {seconds:.2f} |")
    print(f"| all | {sum(times.values()):.2f} |")
