"""Training the event sentence classifier (`marsad.events.classifier`): loading the PLOVER dev rows,
fitting a logistic regression (scikit-learn, training time only), and choosing its regularisation and
decision threshold by an inner cross-validation.

`train()` fits the shipped model on all rows of the dev sets; `cross_validate()` gives the honest
figure: stratified k-fold over the rows, the rules fixed, the regularisation and the decision threshold
chosen by an inner cross-validation on the training folds only.

    python -m marsad.train.events train [DATA_DIR] [OUT]
    python -m marsad.train.events cv [DATA_DIR] [-k 5]
"""
from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

from marsad.events.classifier import (ENABLED, MODEL_PATH, TYPES, VERSION, candidate_features, forget_loaded, options,
                                      probability, saved_models)
from marsad.events.devset import analyse_sentence, default_data_dir, default_stages

C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
SOFT = True


# ---------------------------------------------------------------- data


def load_rows(data_dir, category: str, char_ngrams: bool = False, bigrams: bool = False) -> list[tuple]:
    """(gold, candidate feature dicts, id, share of annotators who accepted) per row of `{type}_dev.csv`
    (gold is None for `ambiguous` rows: used for training with soft labels, never scored); the sentence
    is analysed as in the evaluation (without the events stage)."""
    stages = tuple(s for s in default_stages() if s != "events")
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
    forget_loaded()
    return data


def cross_validated(data_dir=None, k: int = 5, seed: int = 0, model: dict | None = None) -> dict:
    """The honest score: per type, `cross_validate` on the dev rows with the shipped model's feature
    options (needs sklearn)."""
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    if data_dir is None:
        raise FileNotFoundError("PLOVER dev data not found (pass data_dir or set MARSAD_EVENTS_DATA)")
    model = model if model is not None else saved_models()
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
        print("usage: python -m marsad.train.events train [DATA_DIR] [OUT] | cv [DATA_DIR] [-k 5]",
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
