"""Word frequencies learned from raw Arabic news, shipped as `marsad/text/data/vocabulary.tsv.gz`.

Only aggregate counts of matching-normalised words are shipped (no text). They drive clitic splitting
and the common-word checks of the gazetteer. Rebuild with `marsad build vocabulary CORPUS...` (see
`marsad.build.vocabulary`).
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

VOCABULARY_PATH = Path(__file__).with_name("data") / "vocabulary.tsv.gz"


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


def clear_cache() -> None:
    """Read the table again at its next use (after `marsad build vocabulary` rewrote it)."""
    _table.cache_clear()
