"""Arabic names of towns that GeoNames knows only in Latin letters, learned from raw news:
`data/learned_places.tsv.gz`, built by `marsad build place-names CORPUS...` (see
`marsad.build.learned_places`). Columns: Arabic name (matching form), geonameid, times matched, times
seen after a cue.
"""
from __future__ import annotations

import gzip
from pathlib import Path

LEARNED_PATH = Path(__file__).with_name("data") / "learned_places.tsv.gz"


def read_learned() -> dict[str, int]:
    """name (matching form) → geonameid, from the shipped table."""
    if not LEARNED_PATH.exists():
        return {}
    with gzip.open(LEARNED_PATH, "rt", encoding="utf-8") as f:
        return {row[0]: int(row[1]) for row in (line.rstrip("\n").split("\t") for line in f)}
