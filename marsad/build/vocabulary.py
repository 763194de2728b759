"""Build `text/data/vocabulary.tsv.gz`: word frequencies of raw Arabic news (matching forms, counts
only, no text), read at run time by `marsad.text.vocabulary`."""
from __future__ import annotations

import gzip
import re
from collections import Counter
from pathlib import Path
from typing import Iterable

from marsad.build import corpus_texts
from marsad.text.normalize import normalize
from marsad.text.vocabulary import VOCABULARY_PATH, clear_cache

_WORD = re.compile("[\u0621-\u063a\u0640-\u065f\u066e-\u066f\u0670-\u06d3\u06d5-\u06ed\u06fa-\u06ff]+")


def count_words(texts: Iterable[str]) -> Counter:
    """How often each matching-form word occurs in the texts."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(normalize(w) for w in _WORD.findall(text))
    return counts


def write_vocabulary(counts: Counter, path: Path = VOCABULARY_PATH, min_count: int = 3) -> int:
    """Write words seen at least `min_count` times, most frequent first; return how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [(w, c) for w, c in counts.most_common() if c >= min_count]
    with gzip.GzipFile(path, "wb", mtime=0) as raw:
        raw.write("".join(f"{w}\t{c}\n" for w, c in rows).encode("utf-8"))
    clear_cache()
    return len(rows)


def build(corpora: list[str]) -> str:
    return f"{write_vocabulary(count_words(corpus_texts(corpora)))} words"
