"""Build `geo/data/place_contexts.tsv.gz`: how place names behave in raw news (read at run time by
`marsad.geo.corpus_stats`).

For every one-word gazetteer name, counts its occurrences in a news corpus and how many of them stand
in a locative context (after في، من، إلى، مدينة، شمال … or with the preposition ب attached). A real
place is mostly used that way (`في سرت`, `بغزة`); a word that only looks like a place name is not
(`بن` in names, `الأبيض` in البيت الأبيض).
"""
from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path
from typing import Iterable

from marsad.build import corpus_texts
from marsad.geo.corpus_stats import PLACE_CONTEXTS_PATH, read_contexts
from marsad.geo.gazetteer import build_gazetteer
from marsad.geo.places import LOCATIVE_CUES
from marsad.text.tokens import clitic_analyses, plausible_split, tokenize, without_conjunction


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
    """Write the names seen at least `min_count` times, most frequent first; returns how many."""
    rows = sorted((k for k, c in seen.items() if c >= min_count), key=lambda k: -seen[k])
    with gzip.GzipFile(path, "wb", mtime=0) as raw:
        raw.write("".join(f"{k}\t{seen[k]}\t{locative[k]}\n" for k in rows).encode("utf-8"))
    read_contexts.cache_clear()
    return len(rows)


def build(corpora: list[str]) -> str:
    texts = corpus_texts(corpora)
    names = {k for k in build_gazetteer(use_corpus_stats=False).names if " " not in k}
    return f"{write_contexts(*count_contexts(texts, names))} names"
