"""How place names behave in raw news: how often each one is used where a place is expected.

For every one-word gazetteer name, the shipped table `data/place_contexts.tsv.gz` counts its
occurrences in a news corpus and how many of them stand in a locative context (after في، من، إلى،
مدينة، شمال … or with the preposition ب attached). A real place is mostly used that way (`في سرت`,
`بغزة`); a word that only looks like a place name is not (`بن` in names, `الأبيض` in البيت الأبيض).
The table is rebuilt with `marsad build place-stats CORPUS...` (see `marsad.build.place_contexts`).
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

PLACE_CONTEXTS_PATH = Path(__file__).with_name("data") / "place_contexts.tsv.gz"


@lru_cache(maxsize=1)
def read_contexts() -> dict[str, tuple[int, int]]:
    """name (matching form) → (occurrences, locative occurrences), from the shipped table."""
    if not PLACE_CONTEXTS_PATH.exists():
        return {}
    out = {}
    with gzip.open(PLACE_CONTEXTS_PATH, "rt", encoding="utf-8") as f:
        for line in f:
            key, seen, locative = line.rstrip("\n").split("\t")
            out[key] = (int(seen), int(locative))
    return out
