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
feature → weight map) and pure Python. `train()` (sklearn, training time only) fits the shipped model on
all rows of the dev sets; `cross_validate()` gives the honest figure: stratified k-fold over the rows,
the rules fixed, the regularisation and the decision threshold chosen by an inner cross-validation on
the training folds only.

    python -m marsad.events.classifier train [DATA_DIR] [OUT]
    python -m marsad.events.classifier cv [DATA_DIR] [-k 5]
"""
from __future__ import annotations

import csv
import json
import math
import os
import random
import re
import sys
from functools import lru_cache
from itertools import pairwise
from pathlib import Path


MODEL_PATH = Path(__file__).with_name("data") / "sentence_model.json"
TYPES = ("ASSAULT", "PROTEST")
# Types whose shipped model the detector uses. PROTEST is trained and cross-validated too, but with 32
# positive rows its cross-validated F1 (0.41-0.51 over seeds) does not beat the rules alone (0.51), so
# the detector keeps the rules for it.
ENABLED = ("ASSAULT",)
VERSION = 1
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
SOFT = True

REFERENCE_CUES = frozenset({"اعقاب", "عقب", "ذكري", "جريمه", "جرايم", "خلفيه", "اثر", "التحقيق", "تحقيق", "منفذي",
                            "ضحايا", "ادانه", "قضيه", "محاكمه", "اتهام", "بتهمه", "تهمه", "ملف"})
SPEECH = frozenset({"قال", "قالت", "اضاف", "اضافت", "اكد", "اكدت", "اعلن", "اعلنت", "ذكر", "ذكرت", "افاد", "افادت",
                    "اوضح", "اوضحت", "اشار", "اشارت", "صرح", "يقول", "تقول", "مصدر", "مصادر", "بيان", "متحدث"})
QUOTES_OPEN = "«“\""
QUOTES_CLOSE = "»”\""
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


# ---------------------------------------------------------------- features


def features(article, sent, category: str, hits, asserted, rule_conf: float, char_ngrams: bool = False,
             bigrams: bool = False) -> dict[str, float]:
    """Features of one sentence (a `detect.Sentence`) for `category`, given all its hits of the category
    (`hits`), the asserted ones and the rule confidence."""
    from marsad.events import detect as d

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
        if any(h.trigger.kind == "v" and d._near(tokens, h, sent, d.ARMED, 2) for h in asserted):
            feats["r:armed_near_verb"] = 1.0
        if category == "PROTEST" and any(d._near(tokens, h, sent, d.PROTEST_VERBS, 3) for h in asserted):
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
    if any(q.unit in d.CASUALTY_UNITS and sent.start <= q.start < sent.end for q in article.quantities):
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
    head = d._head_verb(tokens, sent)
    if head and head & d.NON_PROTEST_HEADS:
        feats["r:non_protest_head"] = 1.0
    text = article.text[sent.start:sent.end]
    years = [int(y) for y in _YEAR.findall(text)]
    if years:
        feats["r:year"] = 1.0
        if d._year_gap(years, article.metadata.published):
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


def load_model(path: str | os.PathLike | None = None) -> dict:
    """Per enabled type {bias, threshold, weights, options}; {} when the model file is missing (or
    `MARSAD_EVENT_CLASSIFIER=0`), and the detector then uses its rules alone."""
    if os.environ.get("MARSAD_EVENT_CLASSIFIER", "1") == "0":
        return {}
    return _load(str(path or os.environ.get("MARSAD_EVENT_MODEL") or MODEL_PATH))


def sentence_probabilities(article, category: str, model: dict | None = None) -> list[float]:
    """The classifier's probability for each candidate sentence of an analysed article."""
    model = model if model is not None else _read(str(MODEL_PATH)).get(category)
    return [probability(model, f) for f in candidate_features(article, category, **options(model))]


def options(model: dict) -> dict[str, bool]:
    """The feature options a model was trained with."""
    return {"char_ngrams": bool(model.get("char_ngrams")), "bigrams": bool(model.get("bigrams"))}


def candidate_features(article, category: str, char_ngrams: bool = False, bigrams: bool = False
                       ) -> list[dict[str, float]]:
    """Feature dicts of the article's sentences that hold a candidate trigger of `category`, in order."""
    from marsad.events import detect as d

    out = []
    for sent in d._sentences(article):
        all_by_cat, by_cat = d.candidate_hits(article, sent)
        if category not in by_cat:  # the rule filters (negation, future, condition…) stay hard
            continue
        asserted = by_cat.get(category, [])
        conf = d.score_sentence(article.tokens, sent, asserted, category, article.text[sent.start:sent.end], article)
        out.append((conf, features(article, sent, category, all_by_cat[category], asserted, conf, char_ngrams, bigrams)))
    return [f for _, f in out]


# ---------------------------------------------------------------- data


def load_rows(data_dir, category: str, char_ngrams: bool = False, bigrams: bool = False) -> list[tuple]:
    """(gold, candidate feature dicts, id, share of annotators who accepted) per row of `{type}_dev.csv`
    (gold is None for `ambiguous` rows: used for training with soft labels, never scored); the sentence
    is analysed as in the evaluation (without the events stage)."""
    from marsad.events.evaluate import _stages, analyse_sentence

    stages = tuple(s for s in _stages() if s != "events")
    rows = []
    with open(Path(data_dir) / f"{category.lower()}_dev.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            label = row["label"].strip()
            try:
                share = int(row["accept"]) / max(1, int(row["total"]))
            except (KeyError, ValueError):
                share = 1.0 if label == "yes" else 0.0
            art = analyse_sentence(row["text"], row["id"], stages)
            gold = None if label == "ambiguous" else label == "yes"
            rows.append((gold, candidate_features(art, category, char_ngrams, bigrams), row["id"], share))
    return rows


def _main_features(cands: list[dict]) -> dict:
    """The training example of a row: its candidate sentence with the highest rule confidence."""
    return max(cands, key=lambda f: f.get("r:conf", 0.0))


# ---------------------------------------------------------------- training (sklearn)


def fit(examples: list[tuple], c: float = 1.0, min_df: int = 2) -> dict:
    """A logistic regression over examples (feature dict, label, weight); {bias, weights} (features seen
    in fewer than `min_df` examples are left out). Classes are balanced by weight."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    df: dict[str, int] = {}
    for feats, *_ in examples:
        for k in feats:
            df[k] = df.get(k, 0) + 1
    keep = {k for k, n in df.items() if n >= min_df or k.startswith("r:") and not k.startswith("r:lemma:")}
    xs = [{k: v for k, v in f.items() if k in keep} for f, *_ in examples]
    ys = [int(e[1]) for e in examples]
    ws = [e[2] if len(e) > 2 else 1.0 for e in examples]
    total = {y: sum(w for w, yy in zip(ws, ys) if yy == y) for y in (0, 1)}
    if len(set(ys)) < 2:
        return {"bias": 10.0 if ys and ys[0] else -10.0, "weights": {}}
    vec = DictVectorizer()
    x = vec.fit_transform(xs).tocsr()
    x.indices = x.indices.astype("int32")
    x.indptr = x.indptr.astype("int32")
    if not total[0] or not total[1]:
        return {"bias": 10.0 if total[1] else -10.0, "weights": {}}
    ws = [w * sum(total.values()) / (2 * total[y]) for w, y in zip(ws, ys)]
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    clf.fit(x, ys, sample_weight=ws)
    weights = {name: float(w) for name, w in zip(vec.feature_names_, clf.coef_[0]) if abs(w) >= 1e-4}
    return {"bias": float(clf.intercept_[0]), "weights": weights}


def best_threshold(scores: list[float], golds: list[bool]) -> tuple[float, float]:
    """(threshold, F1) maximising F1 of `score >= threshold` (rows scored -1 have no candidate)."""
    pos = sum(golds)
    pairs = sorted(((s, g) for s, g in zip(scores, golds) if s >= 0), reverse=True)
    best_t, best_f, tp, fp = 0.5, 0.0, 0, 0
    for i, (s, g) in enumerate(pairs):
        tp += g
        fp += not g
        if i + 1 < len(pairs) and pairs[i + 1][0] == s:
            continue
        f1 = 2 * tp / (tp + fp + pos) if pos else 0.0
        if f1 > best_f:
            nxt = pairs[i + 1][0] if i + 1 < len(pairs) else 0.0
            best_t, best_f = (s + nxt) / 2, f1
    return best_t, best_f


def _folds(golds: list, k: int, seed: int) -> list[int]:
    """A stratified fold number per row (ambiguous rows, gold None, form a stratum of their own)."""
    rng = random.Random(seed)
    fold = [0] * len(golds)
    for cls in (True, False, None):
        idx = [i for i, g in enumerate(golds) if g is cls]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            fold[i] = j % k
    return fold


def _examples(rows, soft: bool) -> list[tuple]:
    """Training examples of rows: the main candidate sentence of each row with a candidate; with soft
    labels a row counts as a positive weighted by the share of annotators who accepted it and as a
    negative weighted by the rest (ambiguous rows included); else yes vs no (ambiguous left out)."""
    out = []
    for r in rows:
        gold, cands = r[0], r[1]
        if not cands:
            continue
        x = _main_features(cands)
        if soft:
            share = r[3] if len(r) > 3 else float(bool(gold))
            if share > 0:
                out.append((x, True, share))
            if share < 1:
                out.append((x, False, 1.0 - share))
        elif gold is not None:
            out.append((x, gold, 1.0))
    return out


def _predict_scores(model: dict, rows) -> list[float]:
    return [max((probability(model, x) for x in r[1]), default=-1.0) for r in rows]


def train_rows(rows, c_grid=C_GRID, inner_k: int = 4, seed: int = 0, char_ngrams: bool = False,
               soft: bool = SOFT, bigrams: bool = False) -> dict:
    """Fit on rows [(gold, candidate feature dicts, id, accept share)]: C and the threshold from an inner
    k-fold CV on these rows only, then the weights on all of them."""
    golds = [r[0] for r in rows]
    inner = _folds(golds, inner_k, seed + 1)
    best = None
    for c in c_grid:
        scores = [-1.0] * len(rows)
        for f in range(inner_k):
            m = fit(_examples([r for r, fi in zip(rows, inner) if fi != f], soft), c)
            held = [i for i, fi in enumerate(inner) if fi == f]
            for i, s in zip(held, _predict_scores(m, [rows[i] for i in held])):
                scores[i] = s
        scored = [(s, g) for s, g in zip(scores, golds) if g is not None]
        t, f1 = best_threshold([s for s, _ in scored], [g for _, g in scored])
        if best is None or f1 > best[0]:
            best = (f1, c, t)
    f1, c, t = best
    model = fit(_examples(rows, soft), c)
    model.update({"threshold": t, "C": c, "inner_f1": round(f1, 4), "char_ngrams": char_ngrams, "bigrams": bigrams,
                  "soft": soft})
    return model


def cross_validate(rows, k: int = 5, seed: int = 0, c_grid=C_GRID, soft: bool = SOFT) -> dict:
    """Stratified k-fold: train on k-1 folds (C and threshold chosen inside them), predict the held-out
    fold; P/R/F1 pooled over the folds (ambiguous rows are never scored), per fold, and the held-out
    prediction of each row by id."""
    golds = [r[0] for r in rows]
    fold = _folds(golds, k, seed)
    tp = fp = fn = 0
    per_fold = []
    predictions = {}
    for f in range(k):
        train = [r for r, fi in zip(rows, fold) if fi != f]
        test = [r for r, fi in zip(rows, fold) if fi == f and r[0] is not None]
        m = train_rows(train, c_grid, seed=seed + f, soft=soft)
        a = b = c_ = 0
        for r, s in zip(test, _predict_scores(m, test)):
            pred, gold = s >= m["threshold"], r[0]
            if len(r) > 2:
                predictions[r[2]] = pred
            a += pred and gold
            b += pred and not gold
            c_ += gold and not pred
        tp, fp, fn = tp + a, fp + b, fn + c_
        per_fold.append({"tp": a, "fp": b, "fn": c_, "f1": _f1(a, b, c_), "C": m["C"],
                         "threshold": round(m["threshold"], 3)})
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": _f1(tp, fp, fn), "tp": tp, "fp": fp, "fn": fn, "k": k,
            "seed": seed, "folds": per_fold, "predictions": predictions}


def _f1(tp, fp, fn) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def train(data_dir=None, out=None, char_ngrams: bool = False, seed: int = 0, bigrams: bool = False,
          enabled=ENABLED) -> dict:
    """Train the shipped model on all dev rows of each type (yes vs easy/difficult no, ambiguous rows
    as soft labels); write it to `out`. Types not in `enabled` are saved but not used by the detector."""
    from marsad.events.evaluate import default_data_dir

    data_dir = Path(data_dir) if data_dir else default_data_dir()
    if data_dir is None:
        raise FileNotFoundError("PLOVER dev data not found (pass data_dir or set MARSAD_EVENTS_DATA)")
    types = {}
    for t in TYPES:
        rows = load_rows(data_dir, t, char_ngrams, bigrams)
        m = train_rows(rows, seed=seed, char_ngrams=char_ngrams, bigrams=bigrams)
        m["weights"] = {k: round(v, 4) for k, v in sorted(m["weights"].items())}
        m["bias"] = round(m["bias"], 4)
        m["threshold"] = round(m["threshold"], 4)
        m["training_rows"] = len(rows)
        m["training_positive"] = sum(r[0] is True for r in rows)
        m["enabled"] = t in enabled
        types[t] = m
    data = {"version": VERSION, "trained_on": "OEDA PLOVER Arabic dev sets (yes vs easy/difficult no)",
            "types": types}
    out = Path(out or MODEL_PATH)
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    _read.cache_clear()
    _load.cache_clear()
    return data


def cross_validated(data_dir=None, k: int = 5, seed: int = 0, model: dict | None = None) -> dict:
    """The honest score: per type, `cross_validate` on the dev rows with the shipped model's feature
    options (needs sklearn)."""
    from marsad.events.evaluate import default_data_dir

    data_dir = Path(data_dir) if data_dir else default_data_dir()
    if data_dir is None:
        raise FileNotFoundError("PLOVER dev data not found (pass data_dir or set MARSAD_EVENTS_DATA)")
    model = model if model is not None else _read(str(MODEL_PATH))
    out = {}
    for t in TYPES:
        if not (data_dir / f"{t.lower()}_dev.csv").exists():
            continue
        m = model.get(t, {})
        rows = load_rows(data_dir, t, **options(m))
        out[t] = cross_validate(rows, k, seed, soft=bool(m.get("soft", SOFT)))
    return out


def main(argv: list[str]) -> int:
    k = 5
    if "-k" in argv:
        i = argv.index("-k")
        k = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    args = [a for a in argv if not a.startswith("-")]
    if not args or args[0] not in ("train", "cv"):
        print("usage: python -m marsad.events.classifier train [DATA_DIR] [OUT] | cv [DATA_DIR] [-k 5]",
              file=sys.stderr)
        return 2
    if args[0] == "train":
        data = train(args[1] if len(args) > 1 else None, args[2] if len(args) > 2 else None)
        for t, m in data["types"].items():
            print(f"{t}: {len(m['weights'])} weights, C={m['C']}, threshold={m['threshold']}, "
                  f"inner F1={m['inner_f1']}{'' if m['enabled'] else ' (not used by the detector)'}")
        return 0
    for t, r in cross_validated(args[1] if len(args) > 1 else None, k).items():
        print(f"{t}: P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} tp={r['tp']} fp={r['fp']} "
              f"fn={r['fn']}  folds: {[round(x['f1'], 3) for x in r['folds']]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
