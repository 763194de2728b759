"""The learned decision of the event detector: which PLOVER types a sentence reports as having happened.

Every sentence of an article is a candidate for every type. Its features (`features`) are what the
sentence says and what the lexicon finds in it:

- words: the tokens' bare stems (`Token.bare`), a light suffix-stripped form of each, and stem bigrams,
  each worth 1/√n in a sentence of n words;
- lexicon: per type with trigger hits, that it has hits, asserted hits, verb or noun hits, the hit lemmas,
  the rule score (`cues.score_sentence`) and the hits' status (negated, future, hypothetical, attempted);
- context: negation, future, condition and speech words, a quotation, a year before publication, casualty
  counts, the kinds of entity mentioned (not the sentence's length: the annotated sentences were drawn
  at 8-70 words, so length would learn the draw).

One logistic regression per type (trained by `marsad.train.event_types` on real annotated news) gives a
calibrated probability; a type is reported when it reaches the type's threshold (tuned on dev). The
model (`data/sentence_types.npz`) is a features × types weight matrix, so scoring a sentence is one
look-up per feature and one small matrix product (numpy).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from marsad import lexicon
from marsad.config import settings
from marsad.events import cues as d

MODEL_PATH = Path(__file__).with_name("data") / "sentence_types.npz"
VERSION = 1
SPEECH = lexicon.words("speech_feature_words")
QUOTE_MARKS = "«“\"»”"
# Inflectional endings stripped from a stem for the `s:` feature (longest first): طلبت، طالبوا، مطالبات → طلب…
_ENDINGS = ("تهم", "تها", "ات", "ون", "ين", "وا", "ها", "هم", "ته", "ت", "ه", "ي", "ا")


@lru_cache(maxsize=1 << 16)
def _light_stem(stem: str) -> str:
    for e in _ENDINGS:
        if stem.endswith(e) and len(stem) - len(e) >= 3:
            return stem[:-len(e)]
    return stem


def features(article, sent: d.Sentence, hits: tuple[dict, dict]) -> dict[str, float]:
    """The feature dict of one sentence (`hits`: the result of `cues.candidate_hits` for it)."""
    tokens = article.tokens
    feats: dict[str, float] = {}
    stems = []
    words: set[str] = set()
    for t in tokens[sent.first:sent.last]:
        if t.is_word:
            stems.append(t.bare)
            words |= t.forms
        elif t.kind == "num":
            stems.append("<num>")
    # word features share a unit of weight, so that a long sentence does not outweigh a short one
    share = 1.0 / math.sqrt(len(stems)) if stems else 0.0
    prev = "<s>"
    for s in stems:
        feats["w:" + s] = share
        feats["s:" + _light_stem(s)] = share
        feats["b:" + prev + "_" + s] = share
        prev = s
    all_by_cat, by_cat = hits
    text = article.text[sent.start:sent.end]
    for cat, cat_hits in all_by_cat.items():
        feats["h:" + cat] = 1.0
        for h in cat_hits:
            feats["lem:" + h.trigger.lemma] = 1.0
            feats[f"k:{cat}:{h.trigger.kind}"] = 1.0
            feats[f"st:{cat}:{d.status(tokens, h, sent.first)}"] = 1.0
        asserted = by_cat.get(cat)
        if asserted:
            feats["ha:" + cat] = 1.0
            feats["rc:" + cat] = d.score_sentence(tokens, sent, asserted, cat, text, article)
    if words & d.NEGATION:
        feats["c:negation"] = 1.0
    if words & d.FUTURE:
        feats["c:future"] = 1.0
    if words & d.CONDITIONAL:
        feats["c:condition"] = 1.0
    if words & SPEECH:
        feats["c:speech"] = 1.0
    if words & d.CASUALTY_WORDS or any(q.unit in d.CASUALTY_UNITS for q in sent.quantities):
        feats["c:casualty"] = 1.0
    if any(ch in text for ch in QUOTE_MARKS):
        feats["c:quote"] = 1.0
    years = [int(y) for y in d.YEAR.findall(text)]
    if d.year_gap(years, article.metadata.published):
        feats["c:year_before"] = 1.0
    for m in sent.mentions:
        feats["m:" + m.type] = 1.0
    return feats


@dataclass(frozen=True)
class TypesModel:
    """Per type a bias and a threshold; a weight matrix of features × types."""

    types: tuple[str, ...]
    bias: np.ndarray
    threshold: np.ndarray
    weights: np.ndarray
    index: dict[str, int]  # feature → row of `weights`

    def probabilities(self, feats: dict[str, float]) -> np.ndarray:
        """Each type's probability for one feature dict."""
        return self.probabilities_of([feats])[0]

    def probabilities_of(self, many: list[dict[str, float]]) -> np.ndarray:
        """Each type's probability for each feature dict (a row each), in one matrix product."""
        rows, values, starts = [], [], []
        for feats in many:
            starts.append(len(rows))
            for f, v in feats.items():
                i = self.index.get(f)
                if i is not None:
                    rows.append(i)
                    values.append(v)
        z = np.tile(self.bias, (len(many), 1))
        if rows:
            weighted = self.weights[rows] * np.asarray(values, dtype=np.float32)[:, None]
            filled = np.diff([*starts, len(rows)]) > 0
            z[filled] += np.add.reduceat(weighted, np.asarray(starts)[filled], axis=0)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def reported_types(self, feats: dict[str, float]) -> dict[str, float]:
        """The types whose probability reaches their threshold, with the probability."""
        return self.reported_types_of([feats])[0]

    def reported_types_of(self, many: list[dict[str, float]]) -> list[dict[str, float]]:
        """`reported_types` of each feature dict (an article's sentences)."""
        if not many:
            return []
        return [{self.types[i]: float(row[i]) for i in np.flatnonzero(row >= self.threshold)}
                for row in self.probabilities_of(many)]

    def word_weight(self, feature: str, category: str) -> float:
        i = self.index.get(feature)
        return 0.0 if i is None else float(self.weights[i, self.types.index(category)])

    def save(self, path: Path, meta: dict) -> None:
        np.savez_compressed(path, types=np.array(self.types), bias=self.bias, threshold=self.threshold,
                            weights=self.weights, features=np.array(sorted(self.index, key=self.index.get)),
                            meta=np.array(json.dumps(meta)))


@lru_cache(maxsize=4)
def _read(path: str) -> TypesModel | None:
    p = Path(path)
    if not p.exists():
        return None
    with np.load(p, allow_pickle=False) as data:
        if json.loads(str(data["meta"])).get("version") != VERSION:
            return None
        return TypesModel(tuple(str(t) for t in data["types"]), data["bias"], data["threshold"], data["weights"],
                          {str(f): i for i, f in enumerate(data["features"])})


def load_model(path: str | Path | None = None) -> TypesModel | None:
    """The shipped model; None when missing or disabled (`event_classifier` off), and the detector then
    uses its rules alone."""
    config = settings()
    if not config.event_classifier:
        return None
    return _read(str(path or config.event_model or MODEL_PATH))


def forget_loaded() -> None:
    _read.cache_clear()


def trigger_word(model: TypesModel, category: str, article, sent: d.Sentence) -> int | None:
    """The token of the sentence whose own features weigh most for `category` (used as the trigger when
    no lexicon hit of the type is in the sentence), or None when none weighs for it."""
    best, best_w = None, 0.0
    for k in range(sent.first, sent.last):
        t = article.tokens[k]
        if not t.is_word:
            continue
        w = max(model.word_weight("w:" + t.bare, category), model.word_weight("s:" + _light_stem(t.bare), category))
        if w > best_w:
            best, best_w = k, w
    return best
