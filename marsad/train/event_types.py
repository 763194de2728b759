"""Training the event detector's sentence-type model (`marsad.events.sentence_types`).

Units are the sentences of the real-news corpus and the annotated event sentences
(`marsad.train.event_units`). One logistic regression per PLOVER type (scikit-learn, training time only)
is fitted on the train split; the regularisation and each type's decision threshold are chosen on the dev
units (the corpus dev split, the event sentences' dev split and the 30 shared gold-dev references). The
test split is never read here.

    python -m marsad.train.event_types [--news DIR] [--gold-dev DIR] [--out FILE]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from marsad.eval.sentences import TYPES
from marsad.events.cues import candidate_hits
from marsad.events.sentence_types import (
    MODEL_PATH,
    VERSION,
    TypesModel,
    features,
    forget_loaded,
)
from marsad.train.event_units import (
    gold_units,
    news_records,
    oeda_units,
    sentence_units,
)

C_GRID = (1.0, 3.0, 10.0)
MIN_COUNT = 2  # features seen in fewer units are left out
PRUNE = 0.01  # weights smaller than this are not stored


def featurise(units) -> list[dict]:
    return [features(u.article, u.sent, candidate_hits(u.article, u.sent)) for u in units]


def load(news: Path, gold_dev: Path | None, oeda: Path | None):
    records = news_records(news)
    train = gold_units("train", records) + sentence_units("train", records)
    if oeda and (oeda / "assault_dev.csv").exists():
        train += oeda_units(oeda)
    dev = gold_units("dev", records) + sentence_units("dev", records)
    if gold_dev and gold_dev.is_dir():
        dev += gold_units(gold_dev, records)
    return train, dev


def labelled(units, etype: str) -> tuple[list[int], list[bool]]:
    """The rows of the units labelled for `etype`, and their labels."""
    rows = [i for i, u in enumerate(units) if u.known is None or etype in u.known]
    return rows, [etype in units[i].types for i in rows]


def _prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def best_threshold(probs, golds, floor: float = 0.2) -> float:
    """The threshold that maximises F1 on (probs, golds), at least `floor`; 0.5 when no positive."""
    if not any(golds):
        return 0.5
    best = (-1.0, 0.5)
    for th in sorted({round(p, 3) for p in probs if p >= floor}):
        tp = sum(1 for p, g in zip(probs, golds) if p >= th and g)
        fp = sum(1 for p, g in zip(probs, golds) if p >= th and not g)
        fn = sum(1 for p, g in zip(probs, golds) if p < th and g)
        f = _prf(tp, fp, fn)[2]
        if f > best[0]:
            best = (f, th)
    return best[1]


def _fit_type(X, Xd, train_units, etype: str, c: float):
    """(classifier, its dev probabilities) for one type, None when it has fewer than 3 positives."""
    from sklearn.linear_model import LogisticRegression

    rows, y = labelled(train_units, etype)
    if sum(y) < 3:
        return None
    clf = LogisticRegression(C=c, max_iter=2000).fit(X[rows], y)
    return clf, clf.predict_proba(Xd)[:, 1]


def fit(train_units, train_feats, dev_units, dev_feats, c_grid=C_GRID, verbose=True,
        types: tuple[str, ...] = TYPES) -> tuple[TypesModel, dict]:
    """The model of `types` fitted on the train units, with C (from `c_grid`) and thresholds chosen on the
    dev units."""
    from sklearn.feature_extraction import DictVectorizer

    counts: dict[str, int] = {}
    for f in train_feats:
        for k in f:
            counts[k] = counts.get(k, 0) + 1
    keep = lambda f: {k: v for k, v in f.items() if counts.get(k, 0) >= MIN_COUNT}
    vec = DictVectorizer()
    X = vec.fit_transform([keep(f) for f in train_feats])
    Xd = vec.transform([keep(f) for f in dev_feats])
    names = vec.get_feature_names_out()
    best_c, best_micro = c_grid[0], -1.0
    for c in c_grid if len(c_grid) > 1 else ():
        tp = fp = fn = 0
        for t in TYPES:
            fitted_type = _fit_type(X, Xd, train_units, t, c)
            if fitted_type is None:
                continue
            probs = fitted_type[1]
            gold = [t in u.types for u in dev_units]
            tp += sum(1 for p, g in zip(probs, gold) if p >= 0.5 and g)
            fp += sum(1 for p, g in zip(probs, gold) if p >= 0.5 and not g)
            fn += sum(1 for p, g in zip(probs, gold) if p < 0.5 and g)
        micro = _prf(tp, fp, fn)
        if verbose:
            print(f"C={c}: dev micro P {micro[0]:.3f} R {micro[1]:.3f} F1 {micro[2]:.3f}", file=sys.stderr)
        if micro[2] > best_micro:
            best_c, best_micro = c, micro[2]
    fitted, bias, thresholds, columns = [], [], [], []
    for t in types:
        fitted_type = _fit_type(X, Xd, train_units, t, best_c)
        if fitted_type is None:
            continue
        clf, probs = fitted_type
        fitted.append(t)
        bias.append(clf.intercept_[0])
        thresholds.append(best_threshold(list(probs), [t in u.types for u in dev_units]))
        columns.append(clf.coef_[0])
    weights = np.array(columns, dtype=np.float32).T
    weights[np.abs(weights) < PRUNE] = 0.0
    kept = np.flatnonzero(np.abs(weights).max(axis=1) > 0)
    model = TypesModel(tuple(fitted), np.array(bias, dtype=np.float32), np.array(thresholds, dtype=np.float32),
                       weights[kept], {str(names[i]): n for n, i in enumerate(kept)})
    return model, {"version": VERSION, "C": best_c}


def cross_validate_oeda(news: Path, gold_dev: Path | None, oeda: Path, k: int = 5, seed: int = 0,
                       c: float | None = None) -> dict[str, dict]:
    """The honest OEDA figure: the PLOVER dev rows in `k` stratified folds (seeded); for each fold the
    model is fitted on the real-news train units and the other folds (C fixed to the shipped model's,
    thresholds chosen on the dev units as in training), and the detector with it predicts the held-out
    rows. Per type: pooled P/R/F1 with counts, and the F1 of each fold."""
    import random

    from marsad.events.detect import detect_events

    train, dev = load(news, gold_dev, None)
    rows = oeda_units(oeda)
    if c is None:
        c = json.loads(str(np.load(MODEL_PATH)["meta"]))["C"]
    rng = random.Random(seed)
    fold_of: dict[int, int] = {}
    for key in sorted({(next(iter(u.known)), bool(u.types)) for u in rows}):
        members = [i for i, u in enumerate(rows) if (next(iter(u.known)), bool(u.types)) == key]
        rng.shuffle(members)
        for n, i in enumerate(members):
            fold_of[i] = n % k
    train_feats, dev_feats, row_feats = featurise(train), featurise(dev), featurise(rows)
    counts_types = {next(iter(u.known)) for u in rows}
    counts: dict[str, list[list[int]]] = {}
    for f in range(k):
        inside = [i for i in range(len(rows)) if fold_of[i] != f]
        # only the OEDA types: the others do not take part in their decisions
        model, _ = fit(train + [rows[i] for i in inside], train_feats + [row_feats[i] for i in inside],
                       dev, dev_feats, c_grid=(c,), verbose=False, types=tuple(sorted(counts_types)))
        for i in (i for i in range(len(rows)) if fold_of[i] == f):
            etype = next(iter(rows[i].known))
            pred = any(e.type == etype and e.status == "asserted" for e in detect_events(rows[i].article, model))
            gold = bool(rows[i].types)
            per_fold = counts.setdefault(etype, [[0, 0, 0] for _ in range(k)])
            per_fold[f][0] += pred and gold
            per_fold[f][1] += pred and not gold
            per_fold[f][2] += gold and not pred
    out = {}
    for etype, per_fold in counts.items():
        tp, fp, fn = (sum(x[j] for x in per_fold) for j in range(3))
        p, r, f1 = _prf(tp, fp, fn)
        out[etype] = {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn,
                      "folds": [_prf(*x)[2] for x in per_fold]}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--news", type=Path, default=Path("../shared/data/news"))
    ap.add_argument("--gold-dev", type=Path, default=Path("../shared/data/gold-dev"))
    ap.add_argument("--oeda", type=Path, default=Path("../shared/data/events"),
                    help="the PLOVER Arabic dev rows, added to training for their one type")
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--cv", type=int, metavar="K", help="instead: the K-fold cross-validated OEDA figures")
    args = ap.parse_args(argv)
    if args.cv:
        for etype, r in cross_validate_oeda(args.news, args.gold_dev, args.oeda, args.cv).items():
            print(f"{etype}: P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} tp={r['tp']} fp={r['fp']} "
                  f"fn={r['fn']}  folds: {[round(x, 3) for x in r['folds']]}")
        return 0
    for line in train(args.news, args.gold_dev, args.oeda, args.out):
        print(line, file=sys.stderr)
    return 0


def calibration(model: TypesModel, units, feats, bins: int = 10) -> tuple[float, float]:
    """(expected calibration error, Brier score) of the model's probabilities over every (unit, type)."""
    probs, golds = [], []
    for u, f in zip(units, feats):
        for t, p in zip(model.types, model.probabilities(f)):
            if u.known is None or t in u.known:
                probs.append(float(p))
                golds.append(t in u.types)
    if not probs:
        return 0.0, 0.0
    ece = 0.0
    for b in range(bins):
        members = [i for i, p in enumerate(probs) if b / bins <= p < (b + 1) / bins or (b == bins - 1 and p == 1.0)]
        if members:
            conf = sum(probs[i] for i in members) / len(members)
            acc = sum(golds[i] for i in members) / len(members)
            ece += len(members) / len(probs) * abs(conf - acc)
    brier = sum((p - g) ** 2 for p, g in zip(probs, golds)) / len(probs)
    return ece, brier


def train(news: Path = Path("../shared/data/news"), gold_dev: Path | None = Path("../shared/data/gold-dev"),
          oeda: Path | None = Path("../shared/data/events"), out: Path = MODEL_PATH):
    """Fit and write the shipped model; yields what it did, line by line."""
    train_units, dev = load(news, gold_dev, oeda)
    yield f"{len(train_units)} train units, {len(dev)} dev units"
    dev_feats = featurise(dev)
    model, meta = fit(train_units, featurise(train_units), dev, dev_feats)
    ece, brier = calibration(model, dev, dev_feats)
    meta.update({"dev_ece": round(ece, 4), "dev_brier": round(brier, 4)})
    yield f"dev calibration: expected calibration error {ece:.3f}, Brier score {brier:.4f}"
    model.save(out, meta)
    forget_loaded()
    yield f"wrote {out} ({len(model.index)} features × {len(model.types)} types, C={meta['C']})"


if __name__ == "__main__":
    sys.exit(main())
