"""How place names behave in raw news: how often each one is used where a place is expected.

For every one-word gazetteer name, counts its occurrences in a news corpus and how many of them stand
in a locative context (after في، من، إلى، مدينة، شمال … or with the preposition ب attached). A real
place is mostly used that way (`في سرت`, `بغزة`); a word that only looks like a place name is not
(`بن` in names, `الأبيض` in البيت الأبيض). The counts ship as `data/place_contexts.tsv.gz` and are
rebuilt with `marsad build place-stats CORPUS...`.
"""
from __future__ import annotations

import gzip
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from marsad.text.tokens import clitic_analyses, plausible_split, tokenize, without_conjunction

PLACE_CONTEXTS_PATH = Path(__file__).with_name("data") / "place_contexts.tsv.gz"

LOCATIVE_CUES = frozenset(
    "في من الي علي عن حول قرب نحو داخل خارج عبر شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط "
    "مدينه بلده قريه محافظه ولايه اقليم عاصمه العاصمه مدن منطقه مخيم ضواحي اطراف مطار ميناء حي "
    "بلدات قري مدينتي مدينتا بين زار زياره وصل غادر".split()
)


def is_locative(previous: str | None, bound_preposition: bool) -> bool:
    """A name is in locative context after a cue word or with ب attached to it."""
    if bound_preposition:
        return True
    if previous is None:
        return False
    return bool(without_conjunction(previous) & LOCATIVE_CUES)


def count_contexts(texts: Iterable[str], names: set[str]) -> tuple[Counter, Counter]:
    """(occurrences, locative occurrences) of each one-word name in `names` over `texts`."""
    seen, locative = Counter(), Counter()
    for text in texts:
        previous = None
        for tok in tokenize(text):
            if not tok.is_word:
                previous = None
                continue
            for analysis in clitic_analyses(tok.norm):
                if analysis.stem in names and plausible_split(tok.norm, analysis):
                    seen[analysis.stem] += 1
                    if is_locative(previous, "ب" in tok.norm[: analysis.prefix]):
                        locative[analysis.stem] += 1
                    break
            previous = tok.norm
    return seen, locative


def write_contexts(seen: Counter, locative: Counter, path: Path = PLACE_CONTEXTS_PATH, min_count: int = 5) -> int:
    rows = sorted((k for k, c in seen.items() if c >= min_count), key=lambda k: -seen[k])
    with gzip.GzipFile(path, "wb", mtime=0) as raw:
        raw.write("".join(f"{k}\t{seen[k]}\t{locative[k]}\n" for k in rows).encode("utf-8"))
    read_contexts.cache_clear()
    return len(rows)


@lru_cache(maxsize=1)
def read_contexts() -> dict[str, tuple[int, int]]:
    if not PLACE_CONTEXTS_PATH.exists():
        return {}
    out = {}
    with gzip.open(PLACE_CONTEXTS_PATH, "rt", encoding="utf-8") as f:
        for line in f:
            key, seen, locative = line.rstrip("\n").split("\t")
            out[key] = (int(seen), int(locative))
    return out
