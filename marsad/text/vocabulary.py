"""Word frequencies learned from raw Arabic news, shipped as `marsad/text/data/vocabulary.tsv.gz`.

Only aggregate counts of matching-normalised words are shipped (no text). They drive clitic splitting
and the common-word checks of the gazetteer. Rebuild with `marsad build vocabulary CORPUS...`.
"""
from __future__ import annotations

import gzip
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from marsad.text.normalize import normalize

VOCABULARY_PATH = Path(__file__).with_name("data") / "vocabulary.tsv.gz"
_WORD = re.compile("[\u0621-\u063a\u0640-\u065f\u066e-\u066f\u0670-\u06d3\u06d5-\u06ed\u06fa-\u06ff]+")


@lru_cache(maxsize=1)
def _table() -> dict[str, int]:
    if not VOCABULARY_PATH.exists():
        return {}
    table = {}
    with gzip.open(VOCABULARY_PATH, "rt", encoding="utf-8") as f:
        for line in f:
            word, _, count = line.rstrip("\n").partition("\t")
            table[word] = int(count)
    return table


def frequency(norm: str) -> int:
    """How often the normalised word occurred in the news the vocabulary was built from."""
    return _table().get(norm, 0)


def total_words() -> int:
    return sum(_table().values())


def count_words(texts: Iterable[str]) -> Counter:
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
    _table.cache_clear()
    return len(rows)
