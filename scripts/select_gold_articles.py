#!/usr/bin/env python3
"""Draw the articles of marsad's real-news corpus (`marsad/eval/data/gold/`) from the shared ANT corpora.

Reproducible: the same corpora and seed give the same selection, split and double-annotation set.
Usage: python scripts/select_gold_articles.py [--news ../shared/data/news] [--seed 20261204] > selection.tsv

Quotas per outlet and section (150–380 words, articles already in ../shared/data/gold-dev excluded):
five ANT outlets × 30 articles and Jawhara FM × 60. Each outlet's draw is split once into test, dev
and train (8/6/16 for an ANT outlet, 15/10/35 for Jawhara), and one article in five is marked for a
second, independent annotation. Then the train top-ups of `TOPUPS`, each drawn with its own seed from
the news sections (middleEast, internationalNews, politic, localNews), leaving out every article drawn
before it: all train, one in five annotated twice.
Output columns: id, corpus, path, outlet, section, words, split, double.
SaudiNewsNet is never drawn (non-commercial licence).
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from pathlib import Path

CORPORA = {"ant": "ant-multisource.jsonl.gz", "antv1": "ant-v1-jawhara.jsonl.gz"}
MIN_WORDS, MAX_WORDS = 150, 380
QUOTAS = {
    "BBC": {"middleEast": 10, "internationalNews": 10, "economy": 5, "sport": 2, "technology": 2, "culture": 1},
    "CNN": {"middleEast": 10, "internationalNews": 10, "economy": 5, "sport": 2, "technology": 3},
    "france24": {"middleEast": 10, "internationalNews": 11, "economy": 5, "sport": 2, "culture": 2},
    "alarabia": {"internationalNews": 20, "economy": 5, "sport": 2, "technology": 2, "culture": 1},
    "skynews": {"middleEast": 10, "internationalNews": 10, "economy": 6, "sport": 2, "technology": 2},
    "Jawhara FM": {"localNews": 20, "politic": 12, "internationalNews": 10, "economy": 6, "society": 5,
                   "sport": 3, "technology": 2, "diverse": 2},
}
SPLITS = {30: (8, 6), 60: (15, 10)}  # outlet size -> (test, dev); the rest is train
DOUBLE_SHARE = 5  # one article in DOUBLE_SHARE is annotated twice
# Later draws for the train split: (articles, seed), in the order they were annotated.
TOPUPS = ((26, 20261210), (30, 20261211))
NEWS_SECTIONS = ("middleEast", "internationalNews", "politic", "localNews")


def _row(corpus: str, r: dict, outlet: str, split: str, double: bool) -> str:
    return (f"{corpus}:{r['docno']}\t{corpus}\t{r['path']}\t{outlet}\t{r['cat']}\t{len(r['text'].split())}"
            f"\t{split}\t{int(double)}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--news", default="../shared/data/news")
    ap.add_argument("--gold-dev", default="../shared/data/gold-dev")
    ap.add_argument("--seed", type=int, default=20261204)
    args = ap.parse_args(argv)
    taken = {json.loads(p.read_text(encoding="utf-8"))["locator"]["path"]
             for p in Path(args.gold_dev).glob("*.json")}
    pools: dict[tuple[str, str], list[tuple[str, dict]]] = {}
    for corpus, name in CORPORA.items():
        with gzip.open(Path(args.news) / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                words = len(r["text"].split())
                if MIN_WORDS <= words <= MAX_WORDS and r["path"] not in taken:
                    pools.setdefault((r["src"], r["cat"]), []).append((corpus, r))
    rng = random.Random(args.seed)
    print("id\tcorpus\tpath\toutlet\tsection\twords\tsplit\tdouble")
    for outlet, sections in QUOTAS.items():
        drawn = []
        for section, n in sections.items():
            pool = sorted(pools[(outlet, section)], key=lambda cr: cr[1]["path"])
            drawn += rng.sample(pool, n)
        rng.shuffle(drawn)
        n_test, n_dev = SPLITS[len(drawn)]
        for i, (corpus, r) in enumerate(drawn):
            split = "test" if i < n_test else "dev" if i < n_test + n_dev else "train"
            double = rng.randrange(DOUBLE_SHARE) == 0
            print(_row(corpus, r, outlet, split, double))
            taken.add(r["path"])
    for n, seed in TOPUPS:
        rng = random.Random(seed)
        pool = sorted((cr for (outlet, section), crs in pools.items() if section in NEWS_SECTIONS
                       for cr in crs if cr[1]["path"] not in taken), key=lambda cr: cr[1]["path"])
        for corpus, r in rng.sample(pool, n):
            print(_row(corpus, r, r["src"], "train", rng.randrange(DOUBLE_SHARE) == 0))
            taken.add(r["path"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
