"""Token features for the Arabic NER tagger (binary string features for python-crfsuite).

Each distinct word is analysed once (cached): its surface, matching form, clitic-stripped stem and
clitic prefix, the stem without the article ال, affixes of 1–4 letters, shape, word clusters and name
lists (`marsad.ner.resources`, when present). A sentence then adds the neighbours' forms (±2), bigrams,
person-title triggers before a word, and gazetteer spans (countries, cities, regions and nationality
adjectives from `marsad.geo`), matched on matching forms behind proclitics, longest name first.

`FEATURE_VERSION` goes into a model's metadata: a model only loads with the features it was trained on.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

from marsad import lexicon
from marsad.text.normalize import normalize
from marsad.text.tokens import without_article, word_analysis

FEATURE_VERSION = 1
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


@lru_cache(maxsize=1 << 18)
def analyse(word: str) -> tuple[tuple[str, ...], dict[int, tuple[str, ...]], str, str]:
    """(own features, features seen from a neighbour at offset ±1/±2, normalised form, stem)."""
    res = _load_resources()
    norm = normalize(word)
    shape = _shape(word)
    if shape in ("ar", "armix"):
        stem, prefix, _, _ = word_analysis(norm)
        clitic = norm[:prefix]
    else:
        stem, clitic = norm, ""
    base = without_article(stem)
    feats = [f"w={word}", f"n={norm}", f"s={stem}", f"b={base}", f"sh={shape}", f"cl={clitic}",
             f"len={min(len(base), 8)}"]
    if base != stem:
        feats.append("al")
    for k in (1, 2, 3, 4):
        if len(base) > k:
            feats.append(f"p{k}={base[:k]}")
            feats.append(f"x{k}={norm[-k:]}")
    clusters = res["clusters"]
    cl = clusters.get(norm) or clusters.get(stem)
    cfeats: tuple[str, ...] = ()
    if cl:
        cfeats = tuple(f"c{i}={c}" for i, c in enumerate(cl))
        feats.extend(cfeats)
    else:
        feats.append("c=none")
    kinds = res["names"].get(norm) or res["names"].get(stem) or res["names"].get(base) or ()
    for kind in kinds:
        feats.append(f"nm={kind}")
    trigger = ""
    if norm in PERSON_TRIGGERS or stem in PERSON_TRIGGERS or "title" in kinds:
        feats.append("trig=per")
        trigger = "per"
    elif stem in ORG_TRIGGERS or norm in ORG_TRIGGERS:
        feats.append("trig=org")
        trigger = "org"
    ctx: dict[int, tuple[str, ...]] = {}
    for off in (-2, -1, 1, 2):
        c = [f"{off}n={norm}", f"{off}s={stem}"]
        if abs(off) == 1:
            c.append(f"{off}sh={shape}")
            c.append(f"{off}cl={clitic}")
            if cfeats:
                c.extend(f"{off}{f}" for f in cfeats)
            for kind in kinds:
                c.append(f"{off}nm={kind}")
        if trigger:
            c.append(f"{off}trig={trigger}")
        ctx[off] = tuple(c)
    return tuple(feats), ctx, norm, stem


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


class KnownFeatures:
    """Features restricted to those a trained model knows (crfsuite ignores the others anyway, so
    tags do not change): far fewer strings to pass per token. Each word's analysis is cached."""

    def __init__(self, known: set[str] | frozenset[str]):
        self.known = frozenset(known)
        self._cache: dict[str, tuple] = {}

    def analyse(self, word: str):
        hit = self._cache.get(word)
        if hit is None:
            own, ctx, norm, stem = analyse(word)
            known = self.known
            hit = (tuple(f for f in own if f in known),
                   {off: tuple(f for f in c if f in known) for off, c in ctx.items()}, norm, stem)
            if len(self._cache) < 1 << 18:
                self._cache[word] = hit
        return hit

    def __call__(self, words: list[str]) -> list[list[str]]:
        return sentence_features(words, self.analyse, self.known)


def sentence_features(words: list[str], analyse_fn=None, known=None) -> list[list[str]]:
    """Features of every token of one sentence (a list of surface words). With `known` (a set),
    features built from several words are kept only when they are in it."""
    n = len(words)
    analyses = [(analyse_fn or analyse)(w) for w in words]
    norms = [a[2] for a in analyses]
    stems = [a[3] for a in analyses]
    gaz = _gazetteer_tags(norms, stems)
    pairs = _PAIRS if _PAIRS is not None else _init_pairs()
    paired: dict[int, list[str]] = {}
    for i in range(n - 1):
        kinds = pairs.get(f"{stems[i]} {norms[i + 1]}")
        if kinds:
            for kind in kinds:
                paired.setdefault(i, []).append(f"nm2=B-{kind}")
                paired.setdefault(i + 1, []).append(f"nm2=I-{kind}")
    out = []
    for i in range(n):
        own, _, norm, stem = analyses[i]
        f = list(own)
        if i >= 1:
            prev = analyses[i - 1]
            f.extend(prev[1][-1])
            bg = f"bg-={prev[3]}|{stem}"
            if known is None or bg in known:
                f.append(bg)
            if i >= 2:
                f.extend(analyses[i - 2][1][-2])
            else:
                f.append("-2=BOS")
        else:
            f.append("BOS")
        if i + 1 < n:
            nxt = analyses[i + 1]
            f.extend(nxt[1][1])
            bg = f"bg+={stem}|{nxt[3]}"
            if known is None or bg in known:
                f.append(bg)
            if i + 2 < n:
                f.extend(analyses[i + 2][1][2])
            else:
                f.append("+2=EOS")
        else:
            f.append("EOS")
        g = gaz[i]
        if g is not None:
            f.append("gz=" + g)
            f.append("gzk=" + g[2:])
        if i >= 1 and gaz[i - 1] is not None:
            f.append("-1gz=" + gaz[i - 1])
        if i + 1 < n and gaz[i + 1] is not None:
            f.append("+1gz=" + gaz[i + 1])
        if i in paired:
            f.extend(paired[i])
        out.append(f)
    return out

