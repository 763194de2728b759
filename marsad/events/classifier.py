"""Sentence classifier for the ASSAULT and PROTEST decisions of the PLOVER detector.

The rule detector (`marsad.events.detect`) finds candidate triggers with high recall but low precision:
sentences that mention an attack in passing (a reference to an earlier attack, a condemnation, a list of
past events) or talk about protesters rather than a protest. For those two types the decision is taken
by a per-type logistic regression applied to each sentence holding a candidate trigger of the type
(asserted or not), over

- words: the tokens' bare stems (`Token.bare`: proclitics and article split), unigrams and bigrams;
- optionally character 3-5-grams of the stems (`char_ngrams` in the model; off when it did not help);
- rule features: the rule confidence and whether it passes the rule threshold, the trigger kinds
  (verb/noun), weights and lemma, the status of the hits (negated, future, hypothetical, attempted),
  casualty quantities and words, an armed actor next to a verb trigger, generic and reaction words, a
  reference cue before a noun trigger (أعقاب، ذكرى، جريمة…), a year mentioned (and one before
  publication), a trigger inside quotation marks, the words right before and after the trigger.

Scoring needs only the JSON weights (`data/sentence_model.json`: per type a bias, a threshold and a
feature → weight map) and pure Python; training and cross-validation live in `marsad.train.events`.
"""
from __future__ import annotations

import json
import math
import os
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from marsad import lexicon
from marsad.config import settings
from marsad.events import cues as d

MODEL_PATH = Path(__file__).with_name("data") / "sentence_model.json"
TYPES = ("ASSAULT", "PROTEST")
# Types whose shipped model the detector uses. PROTEST is trained and cross-validated too, but with 32
# positive rows its cross-validated F1 (0.41-0.51 over seeds) does not beat the rules alone (0.51), so
# the detector keeps the rules for it.
ENABLED = ("ASSAULT",)
VERSION = 1

REFERENCE_CUES = lexicon.words("reference_cues")
# Speech words (said, added, a source, a statement): a reported sentence; the model was trained on them.
SPEECH = lexicon.words("speech_feature_words")
QUOTES_OPEN = "«“\""
QUOTES_CLOSE = "»”\""


# ---------------------------------------------------------------- features


def features(article, sent, category: str, hits, asserted, rule_conf: float, char_ngrams: bool = False,
             bigrams: bool = False) -> dict[str, float]:
    """Features of one sentence (a `detect.Sentence`) for `category`, given all its hits of the category
    (`hits`), the asserted ones and the rule confidence."""
    tokens = article.tokens
    feats: dict[str, float] = {}
    stems = []
    for t in tokens[sent.first:sent.last]:
        if t.is_word:
            stems.append(t.bare)
        elif t.kind == "num":
            stems.append("<num>")
    for s in stems:
        feats["w:" + s] = 1.0
    if bigrams:
        for a, b in pairwise(stems):
            feats["b:" + a + "_" + b] = 1.0
    if char_ngrams:
        for s in set(stems):
            if s == "<num>" or len(s) < 3:
                continue
            padded = "<" + s + ">"
            for n in (3, 4, 5):
                for i in range(len(padded) - n + 1):
                    feats["c:" + padded[i:i + n]] = 1.0
    # rule features
    threshold = d.THRESHOLD.get(category, d.DEFAULT_THRESHOLD)
    feats["r:conf"] = rule_conf
    if asserted:
        feats["r:asserted"] = 1.0
        if rule_conf >= threshold:
            feats["r:pass"] = 1.0
    else:
        feats["r:not_asserted"] = 1.0
    for h in hits:
        st = d.status(tokens, h, sent.first)
        feats["r:status:" + st] = 1.0
        feats["r:kind:" + h.trigger.kind] = 1.0
        feats["r:lemma:" + h.trigger.lemma] = 1.0
        if h.future:
            feats["r:future_prefix"] = 1.0
    if asserted:
        feats["r:maxw"] = max(h.trigger.weight for h in asserted)
        weights = [d.hit_weight(tokens, h, sent) for h in asserted]
        feats["r:maxhw"] = max(weights)
        if any(w < h.trigger.weight for w, h in zip(weights, asserted)):
            feats["r:reference_before"] = 1.0
        if any(h.trigger.kind == "v" for h in asserted):
            feats["r:verb_asserted"] = 1.0
        if any(h.trigger.kind == "v" and d.near(tokens, h, sent, d.ARMED, 2) for h in asserted):
            feats["r:armed_near_verb"] = 1.0
        if category == "PROTEST" and any(d.near(tokens, h, sent, d.PROTEST_VERBS, 3) for h in asserted):
            feats["r:gathering_near"] = 1.0
    feats["r:n_hits"] = min(len(hits), 4) / 4
    first = min(h.first for h in hits)
    rel = (first - sent.first) / max(1, sent.last - sent.first)
    feats["r:pos"] = rel
    if first - sent.first <= 3:
        feats["r:early"] = 1.0
    # context words around the first trigger
    if first > sent.first and tokens[first - 1].is_word:
        feats["p1:" + tokens[first - 1].bare] = 1.0
    last = max(h.last for h in hits)
    if last + 1 < sent.last and tokens[last + 1].is_word:
        feats["n1:" + tokens[last + 1].bare] = 1.0
    words = set()
    for t in tokens[sent.first:sent.last]:
        words |= t.forms
    if words & d.CASUALTY_WORDS:
        feats["r:casualty_word"] = 1.0
    if any(q.unit in d.CASUALTY_UNITS for q in sent.quantities):
        feats["r:casualty_quantity"] = 1.0
    if words & d.RECENT:
        feats["r:recent"] = 1.0
    if words & d.GENERIC:
        feats["r:generic"] = 1.0
    if words & d.REACTION:
        feats["r:reaction"] = 1.0
    if words & d.CROWD:
        feats["r:crowd"] = 1.0
    if words & d.CROWD_SIZE:
        feats["r:crowd_size"] = 1.0
    lead = set()
    for t in tokens[max(sent.first, first - 4):first]:
        lead |= t.forms
    if lead & REFERENCE_CUES:
        feats["r:reference_cue"] = 1.0
    if lead & (d.NEGATION | d.FUTURE | d.CONDITIONAL | d.FEAR | d.ATTEMPT):
        feats["r:modal_before"] = 1.0
    if words & SPEECH:
        feats["r:speech"] = 1.0
    head = d.head_verb(tokens, sent)
    if head and head & d.NON_PROTEST_HEADS:
        feats["r:non_protest_head"] = 1.0
    text = article.text[sent.start:sent.end]
    years = [int(y) for y in d.YEAR.findall(text)]
    if years:
        feats["r:year"] = 1.0
        if d.year_gap(years, article.metadata.published):
            feats["r:year_before"] = 1.0
    # quotation: the trigger inside «…», or a sentence that is a quote
    opened = 0
    for t in tokens[sent.first:first]:
        if t.text in QUOTES_OPEN and t.text != "\"":
            opened += 1
        elif t.text in QUOTES_CLOSE and t.text != "\"":
            opened -= 1
        elif t.text == "\"":
            opened = 1 - opened if opened in (0, 1) else opened
    if opened > 0:
        feats["r:in_quote"] = 1.0
    stripped = text.strip()
    if stripped[:1] in QUOTES_OPEN or stripped[-1:] in QUOTES_CLOSE:
        feats["r:quote_sentence"] = 1.0
    return feats


def probability(model: dict, feats: dict[str, float]) -> float:
    """The model's probability for a feature dict (pure Python)."""
    w = model["weights"]
    z = model["bias"]
    for f, v in feats.items():
        c = w.get(f)
        if c is not None:
            z += c * v
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=4)
def _read(path: str) -> dict:
    """Every type's model in the file, enabled or not ({} when missing or of another version)."""
    p = Path(path)
    if not p.exists():
        return {}
    data = json.loads(p.read_text(encoding="utf-8"))
    if data.get("version") != VERSION:
        return {}
    return {t: data["types"][t] for t in TYPES if t in data.get("types", {})}


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    return {t: m for t, m in _read(path).items() if m.get("enabled", True)}


def saved_models(path: str | os.PathLike = MODEL_PATH) -> dict:
    """Every type's model in the file, enabled or not."""
    return _read(str(path))


def forget_loaded() -> None:
    """Drop the models read so far (after a new model file was written)."""
    _read.cache_clear()
    _load.cache_clear()


def load_model(path: str | os.PathLike | None = None) -> dict:
    """Per enabled type {bias, threshold, weights, options}; {} when the model file is missing (or
    `MARSAD_EVENT_CLASSIFIER=0`), and the detector then uses its rules alone."""
    config = settings()
    if not config.event_classifier:
        return {}
    return _load(str(path or config.event_model or MODEL_PATH))


def sentence_probabilities(article, category: str, model: dict | None = None) -> list[float]:
    """The classifier's probability for each candidate sentence of an analysed article."""
    model = model if model is not None else saved_models().get(category)
    return [probability(model, f) for f in candidate_features(article, category, **options(model))]


def options(model: dict) -> dict[str, bool]:
    """The feature options a model was trained with."""
    return {"char_ngrams": bool(model.get("char_ngrams")), "bigrams": bool(model.get("bigrams"))}


def candidate_features(article, category: str, char_ngrams: bool = False, bigrams: bool = False
                       ) -> list[dict[str, float]]:
    """Feature dicts of the article's sentences that hold a candidate trigger of `category`, in order."""
    out = []
    for sent in d.sentences(article):
        all_by_cat, by_cat = d.candidate_hits(article, sent)
        if category not in by_cat:  # the rule filters (negation, future, condition…) stay hard
            continue
        asserted = by_cat.get(category, [])
        conf = d.score_sentence(article.tokens, sent, asserted, category, article.text[sent.start:sent.end], article)
        out.append((conf, features(article, sent, category, all_by_cat[category], asserted, conf, char_ngrams, bigrams)))
    return [f for _, f in out]
