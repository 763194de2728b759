"""Training the role model (`marsad.events.roles`): gold triggers with their source and target from the
event sentences (`eval/data/event_sentences`) and the annotated articles (`eval/data/gold`), each article
analysed up to entities and links; every candidate of a trigger labelled by the scorer's lenient name
match; two logistic regressions (scikit-learn, training time only); regularisation and thresholds chosen
on dev (event-sentence dev, gold dev and gold-dev), maximising the sum of the two accuracies below.

    python -m marsad.train.roles train [--data ../shared/data]   # fits on train, tunes on dev, writes the model
    python -m marsad.train.roles eval [--split dev|gold-dev|sentences-dev]   # oracle role accuracy
    marsad eval roles [--split ...]                                           # the same

Oracle accuracy: over gold events whose trigger is found in the analysed text, the share whose source
(target) agrees with the reference, an empty slot agreeing with an empty reference ("all"), and the share
over references that name one ("named", what `marsad eval gold` counts).
"""
from __future__ import annotations

import argparse
import gzip
import json
import pickle
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from marsad.eval.gold import SHARED_SPLIT, load_scorer, reference_files
from marsad.eval.sentences import DATA as SENTENCES
from marsad.events import roles
from marsad.events.cues import sentences
from marsad.text.normalize import normalize

STAGES = ("text", "places", "entities", "link", "times", "quantities")
CORPORA = {"ant": "ant-multisource.jsonl.gz", "antv1": "ant-v1-jawhara.jsonl.gz"}
C_GRID = (0.1, 0.3, 1.0, 3.0)
MIN_DF = 1
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 16))
DEV_SETS = ("sentences-dev", "dev", SHARED_SPLIT)
CARD = roles.MODEL_PATH.with_suffix(".md")


@dataclass
class Example:
    """One gold trigger located in its analysed article."""

    article: object
    sent: object
    first: int
    last: int
    category: str
    source: str | None
    target: str | None
    alias: dict = field(default_factory=dict)


# ---------------------------------------------------------------- data


def _records(data: Path, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    out = {}
    for corpus, name in CORPORA.items():
        paths = {p for c, p in wanted if c == corpus}
        if not paths:
            continue
        with gzip.open(data / "news" / name, "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r["path"] in paths:
                    out[(corpus, r["path"])] = r
    return out


def _analyse(record: dict):
    from marsad.pipeline import analyze

    return analyze(record["text"], title=record["title"], url=record["url"], site=record["src"], pipeline=STAGES)


def _words(s: str) -> list[str]:
    return [w for w in normalize(s).split() if any(ch.isalpha() for ch in w)]


def locate(article, trigger: str, sentence: str):
    """(Sentence, first, last) of a gold trigger in the analysed article: the occurrence of its first word
    in the marsad sentence sharing most words with the reference sentence."""
    words = _words(trigger)
    if not words:
        return None
    tokens = article.tokens
    gold_words = Counter(_words(sentence))
    best, best_overlap = None, 0
    for sent in sentences(article):
        sent_words = Counter(t.norm for t in tokens[sent.first:sent.last] if t.is_word)
        overlap = sum((sent_words & gold_words).values())
        if overlap <= best_overlap:
            continue
        for k in range(sent.first, sent.last):
            t = tokens[k]
            if t.is_word and (t.norm == words[0] or words[0] in t.forms or t.stem == words[0]):
                last = k
                if len(words) == 2 and k + 1 < sent.last and tokens[k + 1].norm == words[1]:
                    last = k + 1
                best, best_overlap = (sent, k, last), overlap
                break
    if best is None or best_overlap < min(4, len(gold_words) // 2):
        return None
    return best


def _sentence_examples(data: Path, split: str) -> list[Example]:
    rows = [json.loads(line) for line in (SENTENCES / "sentences.jsonl").open(encoding="utf-8")]
    rows = [r for r in rows if r["split"] == split]
    records = _records(data, {(r["corpus"], r["path"]) for r in rows})
    analysed: dict[tuple[str, str], object] = {}
    out = []
    for r in rows:
        key = (r["corpus"], r["path"])
        if key not in analysed:
            analysed[key] = _analyse(records[key])
        article = analysed[key]
        text = records[key]["text"][r["start"]:r["end"]]
        for ev in r["events"]:
            where = locate(article, ev["trigger"], text)
            if where:
                out.append(Example(article, *where, ev["type"], ev["source"], ev["target"]))
    return out


def _gold_examples(data: Path, split: str) -> list[Example]:
    scorer = load_scorer(data)
    out = []
    for path in reference_files(split, data):
        gold = json.loads(path.read_text(encoding="utf-8"))
        record = scorer.corpus_record(gold["locator"])
        article = _analyse(record)
        alias: dict[str, set[str]] = {}
        for e in gold.get("entities", []):
            alias.setdefault(scorer.norm(e["canonical"]), set()).update(
                scorer.variants(e["text"]) | scorer.variants(e["canonical"]))
        for ev in gold.get("events", []):
            where = locate(article, ev["trigger"], ev.get("sentence") or "")
            if where:
                out.append(Example(article, *where, ev["type"], ev.get("source"), ev.get("target"), alias))
    return out


def examples(data: Path, name: str, cache: Path | None = None) -> list[Example]:
    """The examples of a set: sentences-train, sentences-dev, train, dev, gold-dev (test only at the end)."""
    file = cache / f"{name}.pkl" if cache else None
    if file and file.exists():
        with open(file, "rb") as f:
            return pickle.load(f)
    if name.startswith("sentences-"):
        out = _sentence_examples(data, name.split("-", 1)[1])
    else:
        out = _gold_examples(data, name)
    if file:
        file.parent.mkdir(parents=True, exist_ok=True)
        with open(file, "wb") as f:
            pickle.dump(out, f)
    return out


# ---------------------------------------------------------------- labels


class Matcher:
    """The scorer's lenient actor match (`score_reference.actor_ok`)."""

    def __init__(self, data: Path):
        self.scorer = load_scorer(data)

    def names(self, article, ref: str, text: str = "") -> list[str]:
        canon = {c.id: c for c in article.canonical_entities}
        found = [text] if text else []
        if ref in canon:
            found += [canon[ref].name, *canon[ref].aliases]
        else:
            found.append(ref)
        return [n for n in found if n]

    def agrees(self, gold: str | None, names: list[str], alias: dict) -> bool:
        if not gold or not names:
            return not gold and not names
        s = self.scorer
        want = alias.get(s.norm(gold), set()) | s.variants(gold)
        if any(s.variants(n) & want for n in names):
            return True
        return any(s.overlap_f1(w, n, strip=True) >= 0.5 for w in want for n in names)


def featurised(ex_list: list[Example], matcher: Matcher) -> list[list[tuple[dict, int, int, list[str]]]]:
    """Per example, per candidate: (features, is source, is target, names)."""
    out = []
    for ex in ex_list:
        cands = roles.trigger_candidates(ex.article, ex.sent, ex.first, ex.last)
        rows = []
        for c in cands:
            names = matcher.names(ex.article, c.ref, ex.article.text[c.start:c.end])
            f = roles.features(ex.article, ex.sent, ex.first, ex.last, ex.category, c, cands)
            rows.append((f, int(matcher.agrees(ex.source, names, ex.alias)),
                         int(matcher.agrees(ex.target, names, ex.alias)), names))
        out.append(rows)
    return out


# ---------------------------------------------------------------- training and evaluation


def fit(rows: list[list[tuple]], role: int, c: float, min_df: int = 2) -> dict:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    xs = [r[0] for ex in rows for r in ex]
    ys = [r[role] for ex in rows for r in ex]
    df = Counter(k for x in xs for k in x)
    xs = [{k: v for k, v in x.items() if df[k] >= min_df} for x in xs]
    vec = DictVectorizer()
    m = LogisticRegression(C=c, max_iter=2000, fit_intercept=False).fit(vec.fit_transform(xs), ys)
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), m.coef_[0]) if abs(w) > 1e-4}
    return {"bias": weights.pop("bias", 0.0), "weights": weights}


def predict(ex: Example, rows: list[tuple], model: dict) -> tuple[list[str], list[str]]:
    """Names of the chosen source and target (as `choose_roles` decides)."""
    r = roles.choose_roles(ex.article, ex.sent, ex.first, ex.last, ex.category, model)
    by_ref = {}
    cands = roles.trigger_candidates(ex.article, ex.sent, ex.first, ex.last)
    for c, row in zip(cands, rows):
        by_ref.setdefault(c.ref, row[3])
    return by_ref.get(r.source, []), by_ref.get(r.target, [])


def accuracy(exs: list[Example], feats: list[list[tuple]], model: dict, matcher: Matcher) -> dict[str, float]:
    counts = Counter()
    for ex, rows in zip(exs, feats):
        src, tgt = predict(ex, rows, model)
        for role, gold, got in (("source", ex.source, src), ("target", ex.target, tgt)):
            ok = matcher.agrees(gold, got, ex.alias)
            counts[f"{role}_all"] += ok
            if gold:
                counts[f"{role}_named_n"] += 1
                counts[f"{role}_named"] += ok
                counts[f"{role}_reachable"] += any(r[1 if role == "source" else 2] for r in rows)
    n = len(exs)
    return {"events": n,
            **{f"{role}_all": counts[f"{role}_all"] / n if n else 0.0 for role in ("source", "target")},
            **{f"{role}_named": counts[f"{role}_named"] / max(1, counts[f"{role}_named_n"])
               for role in ("source", "target")},
            **{f"{role}_reachable": counts[f"{role}_reachable"] / max(1, counts[f"{role}_named_n"])
               for role in ("source", "target")}}


def _model(src: dict, tgt: dict, ts: float, tt: float) -> dict:
    return {"version": 1, "source": src, "target": tgt, "threshold": {"source": ts, "target": tt}}


def train(data: Path, cache: Path | None, out: Path = roles.MODEL_PATH) -> dict:
    matcher = Matcher(data)
    train_ex = examples(data, "sentences-train", cache) + examples(data, "train", cache)
    dev_ex = [ex for name in DEV_SETS for ex in examples(data, name, cache)]
    train_f, dev_f = featurised(train_ex, matcher), featurised(dev_ex, matcher)
    print(f"train events {len(train_ex)}, dev events {len(dev_ex)}", file=sys.stderr)
    best = None
    for c in C_GRID:
        src, tgt = fit(train_f, 1, c, MIN_DF), fit(train_f, 2, c, MIN_DF)
        # each slot's threshold in turn: accuracy with empty slots plus accuracy over named actors
        model = _model(src, tgt, 0.0, 0.0)
        found = {}
        for role in ("source", "target"):
            scores = []
            for t in THRESHOLDS:
                model["threshold"][role] = t
                acc = accuracy(dev_ex, dev_f, model, matcher)
                scores.append((acc[f"{role}_all"] + acc[f"{role}_named"], t))
            found[role] = max(scores)
            model["threshold"][role] = found[role][1]
        total = found["source"][0] + found["target"][0]
        print(f"C {c}: dev source {found['source']}, target {found['target']}", file=sys.stderr)
        if best is None or total > best[0]:
            best = (total, c, model)
    _, c, model = best
    model["C"] = c
    out.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    roles.load_model.cache_clear()
    return model


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m marsad.train.roles", description=__doc__.split("\n")[0])
    p.add_argument("command", choices=("train", "eval"))
    p.add_argument("--data", default=str(Path(__file__).resolve().parents[3] / "shared" / "data"))
    p.add_argument("--split", action="append",
                   help="eval: sentences-dev, dev, gold-dev (default all three); test and sentences-test once, at the end")
    p.add_argument("--cache", help="folder to keep the analysed examples in between runs")
    args = p.parse_args(argv)
    data, cache = Path(args.data), Path(args.cache) if args.cache else None
    if args.command == "train":
        model = train(data, cache)
        print(f"C {model['C']} thresholds {model['threshold']}")
    matcher = Matcher(data)
    for name in (args.split or DEV_SETS):
        exs = examples(data, name, cache)
        acc = accuracy(exs, featurised(exs, matcher), roles.load_model(), matcher)
        print(f"roles {name}: " + " ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                                           for k, v in acc.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
