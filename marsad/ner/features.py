"""Word resources of the Arabic NER tagger, read by its inputs (`marsad.ner.inputs`) and by the rules.

A word's shape (Arabic, Latin, digits, punctuation), the word clusters and name lists
(`marsad.ner.resources`, when present), the person-title and organisation triggers, known two-word
names, and gazetteer spans (countries, cities, regions and nationality adjectives from `marsad.geo`),
matched on matching forms behind proclitics, longest name first.
"""
from __future__ import annotations

import logging
import re

from marsad import lexicon
from marsad.text.normalize import normalize

log = logging.getLogger(__name__)

_DIGIT = re.compile(r"^[0-9٠-٩۰-۹]+([.,٫٬:/][0-9٠-٩۰-۹]+)*$")
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f'’.\-]+$")
_ARABIC = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_PUNCT = re.compile(r"^\W+$")

# Words that announce a person (titles, ranks, roles) or an organisation right after them.
PERSON_TRIGGERS = lexicon.words("person_triggers")
ORG_TRIGGERS = lexicon.words("org_triggers")

_resources: dict | None = None


def _load_resources() -> dict:
    """Word clusters and name lists from `marsad.ner.resources` (empty when their tables are absent)."""
    global _resources
    if _resources is None:
        from marsad.ner import resources

        for table in (resources.CLUSTERS_PATH, resources.NAMES_PATH):
            if not table.exists():
                log.warning("%s: not installed; the NER tagger runs without these features", table)
        _resources = {"clusters": resources.load_clusters(), "names": _name_index(resources.load_names())}
    return _resources


def name_kinds(norm: str) -> tuple[str, ...]:
    """The name lists a normalised word or two-word name belongs to (`first`, `family`, …), or ()."""
    return _load_resources()["names"].get(norm, ())


def _name_index(names: dict[str, frozenset[str]]) -> dict[str, tuple[str, ...]]:
    """normalised word -> the name lists it belongs to (`first`, `title`, `org`, …)."""
    index: dict[str, set[str]] = {}
    for kind, words in names.items():
        for w in words:
            index.setdefault(normalize(w), set()).add(kind)
    return {w: tuple(sorted(k)) for w, k in index.items()}


def _pair_names() -> dict[str, tuple[str, ...]]:
    """Two-word list names (`عبد الرحمن`, `ابو اسماعيل`) -> their kinds."""
    return {k: v for k, v in _load_resources()["names"].items() if k.count(" ") == 1}


def _shape(word: str) -> str:
    if _DIGIT.match(word):
        return "num"
    if _ARABIC.search(word):
        return "ar" if word.isalpha() else "armix"
    if _LATIN.match(word):
        return "Lu" if word[:1].isupper() else "lat"
    if _PUNCT.match(word):
        return "p"
    return "other"


def _gazetteer_tags(norms: list[str], stems: list[str]) -> list[str | None]:
    """For each token, `B-kind`/`I-kind` when it starts or continues a gazetteer name (kind: country,
    capital, city, bigcity, region, adj; `~` when the gazetteer flags the name as also a word)."""
    from marsad.geo.gazetteer import load_gazetteer

    gz = load_gazetteer()
    n = len(norms)
    out: list[str | None] = [None] * n
    i = 0
    while i < n:
        found = None
        for first in (norms[i], stems[i]):
            if first not in gz.first_words:
                continue
            words = [first]
            j = i
            while True:
                key = " ".join(words)
                if key in gz.names or key in gz.adjectives:
                    found = (j, key)
                j += 1
                if j >= n or len(words) >= gz.max_words:
                    break
                words.append(norms[j])
            if found:
                break
        if not found:
            i += 1
            continue
        last, key = found
        kind = _kind(gz, key)
        out[i] = "B-" + kind
        for k in range(i + 1, last + 1):
            out[k] = "I-" + kind
        i = last + 1
    return out


def _kind_of(gz, key: str) -> str:
    if key in gz.names:
        places = [gz.places[i] for i in gz.names[key]]
        feats = {p.feature for p in places}
        if "country" in feats:
            kind = "country"
        elif "capital" in feats:
            kind = "capital"
        elif feats & {"continent", "region"}:
            kind = "region"
        else:
            kind = "bigcity" if max(p.population for p in places) >= 100_000 else "city"
    else:
        kind = "adj"
    if key in gz.levels:
        kind += "~"
    return kind


def _kind(gz, key: str) -> str:
    cached = _KIND_CACHE.get(key)
    if cached is None:
        cached = _KIND_CACHE[key] = _kind_of(gz, key)
    return cached


_KIND_CACHE: dict[str, str] = {}


_PAIRS: dict[str, tuple[str, ...]] | None = None


def _init_pairs() -> dict[str, tuple[str, ...]]:
    global _PAIRS
    _PAIRS = _pair_names()
    return _PAIRS
