"""Latin spellings of Arab person names, only where the spelling is known: `data/latin_names.tsv.gz`.

The table is built by `marsad build latin-names` from the name index of the `arabic-name-romanizer`
package (MIT; Wikidata labels, CC0, and Algerian name lists), which is needed only for the build:
full names as Wikidata spells them (`فايز السراج` → Fayez al-Sarraj), and for single names the
spelling most used in the Arab world. A person gets a Latin name when the table has the full name,
or has every word of it (and it has two or more words); else none — foreign names written in Arabic
(`باولو جنتيلوني`) are not guessed.
"""
from __future__ import annotations

import gzip
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from marsad.gzfile import write_gzip_text

from marsad.text.normalize import normalize

LATIN_PATH = Path(__file__).with_name("data") / "latin_names.tsv.gz"
# Countries whose spellings of a name are not the Arab-world ones (Reza, not Rida).
_OTHER_SPELLINGS = frozenset("IR PK AF IN BD TR".split())
# A single name needs this many Arab-world records to be trusted.
MIN_UNIT_COUNT = 5


def build_latin_names(out: Path = LATIN_PATH) -> int:
    """Write the table from the installed arabic-name-romanizer index; returns its number of rows."""
    import sqlite3
    from importlib.util import find_spec

    spec = find_spec("arabic_name_romanizer")  # located, not imported: its runtime needs onnxruntime
    db = Path(next(iter(spec.submodule_search_locations))) / "resources" / "names.sqlite3" if spec else None
    if db is None or not db.is_file():
        raise SystemExit("marsad build latin-names needs the arabic-name-romanizer package")
    full: dict[str, Counter] = defaultdict(Counter)
    units: dict[str, Counter] = defaultdict(Counter)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        for key, latin, lang, count in con.execute("SELECT arabic_key, latin, latin_lang, count FROM full_names"):
            full[_key(key)][latin] += count * (2 if lang == "en" else 1)
        for key, latin, country, count in con.execute("SELECT arabic_key, latin, country, count FROM units"):
            if country not in _OTHER_SPELLINGS and latin[:1].isupper():
                units[_key(key)][latin] += count
    rows = 0
    with write_gzip_text(out) as f:
        for kind, table in (("full", full), ("unit", units)):
            for key in sorted(table):
                latin, count = table[key].most_common(1)[0]
                if kind == "unit" and sum(table[key].values()) < MIN_UNIT_COUNT:
                    continue
                f.write(f"{kind}\t{key}\t{latin}\n")
                rows += 1
    return rows


def _key(name: str) -> str:
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
    key = _key(name)
    if key in full:
        return full[key]
    words = key.split()
    if len(words) < 2 or not all(w in units for w in words):
        return None
    return " ".join(units[w] for w in words)
