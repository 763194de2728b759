"""Latin spellings of Arab person names, only where the spelling is known: `data/latin_names.tsv.gz`.

The table is built by `marsad build latin-names` (`marsad.build.latin_names`) from the name index of
the `arabic-name-romanizer` package (MIT; Wikidata labels, CC0, and Algerian name lists), needed only
for the build: full names as Wikidata spells them (`فايز السراج` → Fayez al-Sarraj), and for single names the
spelling most used in the Arab world. A person gets a Latin name when the table has the full name,
or has every word of it (and it has two or more words); else none — foreign names written in Arabic
(`باولو جنتيلوني`) are not guessed.
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path


from marsad.text.normalize import normalize

LATIN_PATH = Path(__file__).with_name("data") / "latin_names.tsv.gz"


def name_key(name: str) -> str:
    return " ".join(normalize(name).split())


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[str, str]]:
    full, units = {}, {}
    if LATIN_PATH.exists():
        with gzip.open(LATIN_PATH, "rt", encoding="utf-8") as f:
            for line in f:
                kind, key, latin = line.rstrip("\n").split("\t")
                (full if kind == "full" else units)[key] = latin
    return full, units


def person_latin(name: str) -> str | None:
    """The Latin spelling of a person's Arabic name, or None when it is not known well enough."""
    full, units = _table()
    key = name_key(name)
    if key in full:
        return full[key]
    words = key.split()
    if len(words) < 2 or not all(w in units for w in words):
        return None
    return " ".join(units[w] for w in words)
