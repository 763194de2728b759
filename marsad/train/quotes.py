"""Training the speaker ranker (`marsad.quotes.ranker`) on the quotes of the real-news references.

Each reference quote is matched to a quote of the finder as the shared scorer matches them (content
token F1 ≥ 0.5); the candidates of that quote whose names match the reference speaker leniently
(spelling normalised, leading clitics ignored, the entity's name and aliases) are the positives. A
logistic regression (scikit-learn, training time only) is fitted on the candidates of the train split;
its weights are written as JSON.

    python -m marsad.train.quotes train [--c 1.0]       # fit on train, write marsad/quotes/data/speaker_ranker.json
    python -m marsad.train.quotes score [--split dev]   # speaker accuracy of the ranker and of the oracle
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from marsad.eval.gold import load_scorer, reference_files
from marsad.quotes.attribution import read_quotes
from marsad.quotes.candidates import ArticleIndex, candidates
from marsad.quotes.ranker import MODEL_PATH, choose

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def _articles(split: str, data: Path):
    """(reference, analysed Article) of every reference of a split."""
    import marsad

    scorer = load_scorer(data)
    for path in reference_files(split, data):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if gold.get("locator"):
            r = scorer.corpus_record(gold["locator"])
            article = marsad.analyze(r["text"], title=r["title"], url=r["url"], site=r["src"])
        else:
            article = marsad.analyze(scorer.article_for(str(path), gold))
        yield scorer, gold, article


def _names(article, c) -> list[str]:
    canon = {e.id: e for e in article.canonical_entities}
    if c.id in canon:
        return [canon[c.id].name, *canon[c.id].aliases]
    return [c.text]


def groups(split: str, data: Path = DATA, w: dict | None = None):
    """Per matched quote: (candidates, labels), ranked in text order with the previous speaker chosen by
    `w` (the phrase speaker when `w` is None)."""
    out = []
    for scorer, gold, article in _articles(split, data):
        found = sorted(read_quotes(article), key=lambda f: f.quote.start)
        alias: dict[str, set[str]] = {}
        for e in gold.get("entities", []):
            alias.setdefault(scorer.norm(e["canonical"]), set()).update(scorer.variants(e["text"]) | scorer.variants(e["canonical"]))
        target: dict[int, set[str]] = {}
        for q in gold.get("quotes", []):
            best, bi = max(((scorer.overlap_f1(q["content"], f.quote.content), i) for i, f in enumerate(found)),
                           default=(0.0, None))
            if bi is not None and best >= 0.5:
                target[bi] = alias.get(scorer.norm(q["speaker"]), set()) | scorer.variants(q["speaker"])
        index = ArticleIndex(article)
        previous = None
        for i, f in enumerate(found):
            cands = candidates(index, f, previous)
            chosen = choose(cands, w) if w else (cands[0] if cands and cands[0].origin == "phrase" else None)
            if i in target:
                labels = [any(scorer.variants(n) & target[i] for n in _names(article, c) if n) for c in cands]
                out.append((cands, labels))
            q = f.quote
            previous = type(q)(chosen.text if chosen else None, chosen.id if chosen else None, q.cue, q.content,
                               q.direct, q.start, q.end)
    return out


def fit(train, c: float = 1.0) -> dict[str, float]:
    """Pairwise logistic regression: each right candidate against each wrong one of the same quote (the
    difference of their features), so the weights rank the candidates of one quote."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    vec.fit([cand.features for cands, _ in train for cand in cands])
    rows, ys = [], []
    for cands, labels in train:
        if not any(labels) or all(labels):
            continue
        x = vec.transform([cand.features for cand in cands]).toarray()
        for i, yi in enumerate(labels):
            for j, yj in enumerate(labels):
                if yi and not yj:
                    rows += [x[i] - x[j], x[j] - x[i]]
                    ys += [1, 0]
    model = LogisticRegression(C=c, max_iter=5000, fit_intercept=False)
    model.fit(np.array(rows), ys)
    return {name: round(float(v), 5) for name, v in zip(vec.get_feature_names_out(), model.coef_[0]) if abs(v) > 1e-6}


def accuracy(groups_, w) -> tuple[float, float, int]:
    """(ranker accuracy, oracle accuracy, quotes)."""
    right = oracle = 0
    for cands, labels in groups_:
        best = choose(cands, w)
        right += bool(best is not None and labels[cands.index(best)])
        oracle += any(labels)
    n = len(groups_) or 1
    return right / n, oracle / n, len(groups_)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m marsad.train.quotes")
    ap.add_argument("command", choices=("train", "score"))
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--data", default=str(DATA))
    a = ap.parse_args(argv)
    data = Path(a.data)
    if a.command == "train":
        train = groups("train", data)
        w = fit(train, a.c)
        train = groups("train", data, w)  # the previous speaker as the ranker chooses it
        w = fit(train, a.c)
        MODEL_PATH.write_text(json.dumps({"C": a.c, "trained_on": "gold/train", "weights": w}, ensure_ascii=False,
                                         indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print("train ranker {:.3f} oracle {:.3f} (n={})".format(*accuracy(train, w)))
    for split in (a.split, "gold-dev"):
        w = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["weights"]
        print("{} ranker {:.3f} oracle {:.3f} (n={})".format(split, *accuracy(groups(split, data, w), w)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
