"""Build `link/data/latin_names.tsv.gz`: Latin spellings of Arab person names (read at run time by
`marsad.link.latin`), from the name index of the `arabic-name-romanizer` package (MIT; Wikidata labels,
CC0, and Algerian name lists), needed only for the build."""
from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from importlib.util import find_spec
from pathlib import Path

from marsad.gzfile import write_gzip_text
from marsad.link.latin import LATIN_PATH, name_key

# Countries whose spellings of a name are not the Arab-world ones (Reza, not Rida).
_OTHER_SPELLINGS = frozenset("IR PK AF IN BD TR".split())
# A single name needs this many Arab-world records to be trusted.
MIN_UNIT_COUNT = 5


def build_latin_names(out: Path = LATIN_PATH) -> int:
    """Write the table from the installed arabic-name-romanizer index; returns its number of rows."""
    spec = find_spec("arabic_name_romanizer")  # located, not imported: its runtime needs onnxruntime
    db = Path(next(iter(spec.submodule_search_locations))) / "resources" / "names.sqlite3" if spec else None
    if db is None or not db.is_file():
        raise SystemExit("marsad build latin-names needs the arabic-name-romanizer package")
    full: dict[str, Counter] = defaultdict(Counter)
    units: dict[str, Counter] = defaultdict(Counter)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        for key, latin, lang, count in con.execute("SELECT arabic_key, latin, latin_lang, count FROM full_names"):
            full[name_key(key)][latin] += count * (2 if lang == "en" else 1)
        for key, latin, country, count in con.execute("SELECT arabic_key, latin, country, count FROM units"):
            if country not in _OTHER_SPELLINGS and latin[:1].isupper():
                units[name_key(key)][latin] += count
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


def build(corpora: list[str]) -> str:
    return f"{build_latin_names()} names"
