"""Evaluate event detection on the PLOVER Arabic dev sets (Open Event Data Alliance).

`{assault,protest}_dev.csv`: one sentence per row with its label for one type. Detection is scored as
P/R/F1 of predicting that type for `yes` rows against `easy no` + `difficult no` rows (`ambiguous`
rows are left out). `{assault,protest}_spans_dev.json`: gold source/verb/target tokens; actor
agreement is how often the source (target) of our event of that type overlaps the gold actor's tokens
(sentences whose gold actor is empty are skipped). Only asserted events count: negated and hypothetical
ones (`Event.status`) are predictions that the event did not happen. Each sentence is analysed alone as an article
published on the date in its id (`AAW_ARB_20081011.0036-10` → 2008-10-11).

Types are decided by the sentence-type model (`marsad.events.sentence_types`), whose shipped model was
trained on these very rows (with the real-news corpus), so its detection score here is optimistic.
`marsad.train.event_types.cross_validate_oeda()` gives the honest figure: stratified k-fold over the
rows (seeded), the model refitted on the real-news train units and k-1 folds, the held-out fold
predicted by the detector; it needs sklearn (training time only) and is skipped with a note when
sklearn is missing or `--no-cv` is given.

    python -m marsad.events.evaluate [DATA_DIR] [-v] [--cv K] [--no-cv]
"""
from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

from marsad.events.devset import TYPES, analyse_sentence, default_data_dir, default_stages
from marsad.text.normalize import normalize


def _words(tokens) -> set[str]:
    """The gold or predicted actor words, each without one proclitic group when three letters remain
    (a plain-string strip on gold text: looser than the tokens' readings, and fixed for the scores)."""
    out = set()
    for w in tokens:
        w = normalize(w)
        for p in ("وال", "فال", "بال", "لل", "ال", "و", "ب", "ل", "ف"):
            if w.startswith(p) and len(w) - len(p) >= 3:
                w = w[len(p):]
                break
        out.add(w)
    return out


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(data_dir=None, verbose: bool = False) -> dict:
    """Scores per type: detection P/R/F1 with counts, actor agreement, and sentences per second."""
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    if data_dir is None or not (data_dir / "assault_dev.csv").exists():
        raise FileNotFoundError("PLOVER dev data not found (pass data_dir or set MARSAD_EVENTS_DATA)")
    stages = default_stages()
    results: dict = {"stages": list(stages)}
    t0, n_sent = time.perf_counter(), 0
    for name in TYPES:
        etype = name.upper()
        path = data_dir / f"{name}_dev.csv"
        if not path.exists():
            continue
        tp = fp = fn = tn = 0
        errors = []
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                label = row["label"].strip()
                if label == "ambiguous":
                    continue
                gold = label == "yes"
                art = analyse_sentence(row["text"], row["id"], stages)
                n_sent += 1
                pred = any(e.type == etype and e.status == "asserted" for e in art.events)
                tp += pred and gold
                fp += pred and not gold
                fn += gold and not pred
                tn += not pred and not gold
                if verbose and pred != gold:
                    errors.append(("FP" if pred else "FN", label, row["text"][:160]))
        p, r, f1 = _prf(tp, fp, fn)
        res = {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn, "tn": tn}
        spans = data_dir / f"{name}_spans_dev.json"
        if spans.exists():
            res.update(actor_agreement(json.loads(spans.read_text(encoding="utf-8")), etype, stages))
        if verbose:
            res["errors"] = errors
        results[etype] = res
    results["sentences_per_second"] = n_sent / max(time.perf_counter() - t0, 1e-9)
    return results


def actor_agreement(records: list[dict], etype: str, stages) -> dict:
    """How often our source/target overlaps the gold actor tokens, over records with a gold actor
    (a record counts as agreeing when any of its gold spans agrees)."""
    counts = {"source_n": 0, "source_ok": 0, "target_n": 0, "target_ok": 0, "detected": 0}
    for rec in records:
        art = analyse_sentence(rec["text"], rec.get("source", ""), stages)
        evs = [e for e in art.events if e.type == etype and e.status == "asserted"]
        counts["detected"] += bool(evs)
        names = {e.id: e for e in art.canonical_entities}
        def forms(ref):
            if not ref:
                return set()
            ent = names.get(ref)
            texts = [ref] if ent is None else [ent.name, *ent.aliases]
            texts += [m.text for m in art.entities if m.canonical_id == ref]
            return _words(" ".join(texts).split())
        for role in ("source", "target"):
            golds = [set(_words(s.get(f"{role}_actor") or [])) for s in rec.get("spans", [])]
            golds = [g for g in golds if g]
            if not golds:
                continue
            counts[f"{role}_n"] += 1
            ours = set()
            for e in evs:
                ours |= forms(getattr(e, role))
            counts[f"{role}_ok"] += any(g & ours for g in golds)
    out = {"spans_records": len(records), "spans_detected": counts["detected"]}
    for role in ("source", "target"):
        n = counts[f"{role}_n"]
        out[f"{role}_agreement"] = counts[f"{role}_ok"] / n if n else 0.0
        out[f"{role}_n"] = n
    return out


def main(data_dir=None, verbose: bool = False, cv: int = 5) -> int:
    """Print the tables (`cv` folds for the cross-validated one, 0 to skip it); 0 on success, 2 when the
    data is missing."""
    try:
        res = evaluate(data_dir, verbose)
    except FileNotFoundError as err:
        print(f"marsad: eval events: {err}", file=sys.stderr)
        return 2
    from marsad.events.sentence_types import load_model

    trained = load_model() is not None
    print(f"events (PLOVER dev; stages: {' '.join(res['stages'])})")
    if trained:
        print("detection with the shipped sentence-type model: trained on these dev rows, so optimistic")
    print(f"{'type':<9} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4} {'src-agree':>10} {'tgt-agree':>10}")
    for etype in ("ASSAULT", "PROTEST"):
        r = res.get(etype)
        if not r:
            continue
        print(f"{etype:<9} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} {r['tp']:4d} {r['fp']:4d} "
              f"{r['fn']:4d} {r.get('source_agreement', 0):6.3f}/{r.get('source_n', 0):<3d} "
              f"{r.get('target_agreement', 0):6.3f}/{r.get('target_n', 0):<3d}")
        if verbose:
            for kind, label, text in r.get("errors", []):
                print(f"  {kind} [{label}] {text}")
    print(f"{res['sentences_per_second']:.0f} sentences/s")
    if cv and trained:
        try:
            import sklearn  # noqa: F401
        except ImportError:
            print("cross-validated score skipped: needs scikit-learn (training-time dependency)")
            return 0
        print(f"cross-validated ({cv}-fold stratified, seed 0: the model refitted without the held-out rows; "
              "the honest score)")
        print(f"{'type':<9} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}  per-fold F1")
        from marsad.train.event_types import cross_validate_oeda

        events = Path(data_dir or default_data_dir())
        shared = events.parent  # the shared data folder: news, gold-dev and events side by side
        for etype, r in cross_validate_oeda(shared / "news", shared / "gold-dev", events, cv).items():
            folds = " ".join(f"{x:.2f}" for x in r["folds"])
            print(f"{etype:<9} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} {r['tp']:4d} {r['fp']:4d} "
                  f"{r['fn']:4d}  {folds}")
    return 0


if __name__ == "__main__":
    argv = sys.argv[1:]
    k = 5
    if "--cv" in argv:
        i = argv.index("--cv")
        k = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    if "--no-cv" in argv:
        k = 0
    args = [a for a in argv if not a.startswith("-")]
    sys.exit(main(args[0] if args else None, "-v" in argv, k))
