"""The inputs of the neural NER tagger for one sentence: integer ids per token, built from the same
word analysis and resources (`marsad.ner.features`, `marsad.ner.resources`) the retired CRF used.

Per token:

* `word`: the lookup form of the word vectors, as they were learned from raw news
  (`marsad.train.ner._units`): the clitic-split stem of an Arabic word (`وبطرابلس` → `طرابلس`), the
  digit shape of a number, a Latin word lower-cased;
* `chars`: the letters of the matching form (at most `MAX_CHARS`, the last ones kept when longer);
* `feats`: one id per column of `FEATURE_COLUMNS`: the proclitic, the shape, the three word-cluster
  ids, the name lists of the word (a bit set), a person/organisation trigger, the gazetteer name the
  token starts or continues (`B-country`, `I-city~` …), a two-word list name (`عبد الرحمن`), and the
  actor lexicon's names (`B-ORG`, `I-PER`).

Ids are given by `Vocabularies`, shipped with the model: an unknown value is 1, padding 0.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from marsad.ner import features
from marsad.ner.resources import DIGIT, NAME_KINDS
from marsad.text.normalize import normalize
from marsad.text.tokens import word_analysis

MAX_CHARS = 16
FEATURE_COLUMNS = ("clitic", "shape", "c0", "c1", "c2", "names", "trigger", "gazetteer", "pair", "actor")
_ARABIC = re.compile("[\u0621-\u064a\u0671-\u06d3]")


@lru_cache(maxsize=1 << 18)
def analyse(word: str) -> tuple[str, str, tuple[str, ...]]:
    """(matching form, lookup form of the word vectors, the word's own feature values but the sentence's)."""
    res = features._load_resources()
    norm = normalize(word)
    shape = features._shape(word)
    if _ARABIC.search(norm):
        stem, prefix, _, _ = word_analysis(norm)
        clitic, key = norm[:prefix], stem
    elif shape == "num" or (norm[:1].isdigit()):
        stem, clitic, key = norm, "", DIGIT.sub("0", norm)[:8]
    else:
        stem, clitic, key = norm, "", norm.lower()
    base = stem[2:] if stem.startswith("ال") and len(stem) > 3 else stem
    cl = res["clusters"].get(norm) or res["clusters"].get(stem)
    clusters = tuple(str(c) for c in cl) if cl else ("none",) * 3
    kinds = res["names"].get(norm) or res["names"].get(stem) or res["names"].get(base) or ()
    names = str(sum(1 << NAME_KINDS.index(k) for k in kinds if k in NAME_KINDS))
    if norm in features.PERSON_TRIGGERS or stem in features.PERSON_TRIGGERS or "title" in kinds:
        trigger = "per"
    elif stem in features.ORG_TRIGGERS or norm in features.ORG_TRIGGERS:
        trigger = "org"
    else:
        trigger = "-"
    return norm, key, (clitic or "-", shape, *clusters[:3], names, trigger)


def sentence_context(words: list[str]) -> tuple[list[tuple[str, str, tuple[str, ...]]], list[tuple[str, str, str]]]:
    """Each word's `analyse`, and its values of the columns that depend on its neighbours (gazetteer,
    pair, actor)."""
    analyses = [analyse(w) for w in words]
    norms = [a[0] for a in analyses]
    stems = [word_analysis(n)[0] if _ARABIC.search(n) else n for n in norms]
    gaz = features._gazetteer_tags(norms, stems)
    pairs = features._PAIRS if features._PAIRS is not None else features._init_pairs()
    pair = ["-"] * len(words)
    for i in range(len(words) - 1):
        kinds = pairs.get(f"{stems[i]} {norms[i + 1]}")
        if kinds:
            pair[i], pair[i + 1] = "B-" + kinds[0], "I-" + kinds[0]
    actors = actor_tags(norms, stems)
    return analyses, [(gaz[i] or "-", pair[i], actors[i]) for i in range(len(words))]


def sentence_values(words: list[str]) -> tuple[list[str], list[str], list[tuple[str, ...]]]:
    """(matching forms, lookup forms, feature values in `FEATURE_COLUMNS` order) of a sentence's words."""
    analyses, context = sentence_context(words)
    return [a[0] for a in analyses], [a[1] for a in analyses], [(*a[2], *c) for a, c in zip(analyses, context)]


@lru_cache(maxsize=1)
def _actor_names() -> tuple[dict[str, str], dict[str, tuple[int, ...]]]:
    """Matching form of every actor name and alias -> PER or ORG (the first type wins), and each first
    word -> the lengths in words of the names it starts, longest first."""
    from marsad.link.lexicon import load_lexicon, name_key

    names: dict[str, str] = {}
    for actor in load_lexicon().actors.values():
        for name in (actor.name, *actor.aliases):
            key = name_key(name)
            if key:
                names.setdefault(key, actor.type)
    lengths: dict[str, set[int]] = {}
    for key in names:
        words = key.split(" ")
        lengths.setdefault(words[0], set()).add(len(words))
    return names, {w: tuple(sorted(n, reverse=True)) for w, n in lengths.items()}


def actor_tags(norms: list[str], stems: list[str]) -> list[str]:
    """`B-PER`/`I-ORG`… where the longest actor lexicon name starts (matching form or clitic-split stem) and continues."""
    names, lengths = _actor_names()
    out = ["-"] * len(norms)
    i = 0
    while i < len(norms):
        found = None
        for first in (norms[i], stems[i]):
            for n in lengths.get(first, ()):
                if i + n > len(norms) or (found and n <= found[0]):
                    continue
                kind = names.get(" ".join([first, *norms[i + 1:i + n]]))
                if kind:
                    found = (n, kind)
                    break
        if found is None:
            i += 1
            continue
        n, kind = found
        out[i] = "B-" + kind
        for k in range(i + 1, i + n):
            out[k] = "I-" + kind
        i += n
    return out


class Vocabularies:
    """Value -> id tables of the words, characters and each feature column (0 padding, 1 unknown)."""

    def __init__(self, words: dict[str, int], chars: dict[str, int], feats: list[dict[str, int]]):
        self.words = words
        self.chars = chars
        self.feats = feats
        self._own = len(FEATURE_COLUMNS) - 3  # the columns of the word alone; the last three need the sentence
        self._cache: dict[str, tuple[int, list[int], list[int]]] = {}  # word -> ids, letters padded

    def _word(self, word: str, analysis: tuple[str, str, tuple[str, ...]]) -> tuple[int, list[int], list[int]]:
        hit = self._cache.get(word)
        if hit is None:
            norm, key, values = analysis
            letters = [self.chars.get(c, 1) for c in norm[-MAX_CHARS:]]
            hit = (self.words.get(key, 1), letters + [0] * (MAX_CHARS - len(letters)),
                   [table.get(v, 1) for table, v in zip(self.feats, values)])
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[word] = hit
        return hit

    def encode(self, sentences: list[list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(word ids [B,T], char ids [B,T,C], feature ids [B,T,F], lengths [B]) of a batch of sentences."""
        B = len(sentences)
        T = max((len(s) for s in sentences), default=0) or 1
        word_ids = np.zeros((B, T), np.int64)
        char_ids = np.zeros((B, T, MAX_CHARS), np.int64)
        feat_ids = np.zeros((B, T, len(FEATURE_COLUMNS)), np.int64)
        lengths = np.zeros(B, np.int64)
        own = self._own
        context_tables = self.feats[own:]
        for b, words in enumerate(sentences):
            n = lengths[b] = len(words)
            if not n:
                continue
            analyses, context = sentence_context(words)
            hits = [self._word(word, analysis) for word, analysis in zip(words, analyses)]
            word_ids[b, :n] = [hit[0] for hit in hits]
            char_ids[b, :n] = [hit[1] for hit in hits]
            feat_ids[b, :n] = [hit[2] + [table.get(v, 1) for table, v in zip(context_tables, values)]
                               for hit, values in zip(hits, context)]
        return word_ids, char_ids, feat_ids, lengths
