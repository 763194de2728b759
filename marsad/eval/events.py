"""`marsad eval events --split dev|test`: the event record on real news, per PLOVER type.

On the real-news corpus (`data/gold/<split>`, or the 30 shared references with `gold-dev`), matched as the
shared scorer matches (same type, and the same trigger word or sentence; asserted events only):

- per type: precision, recall and F1, with counts;
- role accuracy over found events whose reference names the actor (the scorer's lenient name match), and
  full-tuple accuracy: type, source, target and location all right (an empty reference slot needs an
  empty system slot; a reference location needs a system place that shares a name variant with it, an
  empty one needs none or the article's inferred place);
- status accuracy on the annotated event sentences of the split (`data/event_sentences`), which code
  negated and hypothetical events too: over reference events of any status that the system finds (same
  type, overlapping trigger words), how often the status is the same.

`--agreement` gives the same figures for the two annotators of the doubly annotated articles, each
scored against the other (both directions pooled): the ceiling.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from marsad.eval.gold import (SHARED_SPLIT, actor_agrees, actor_names, doubly_annotated, load_scorer,
                              reference_aliases, reference_files, same_event)
from marsad.eval.sentences import TYPES


def _place_ok(scorer, gold_place, event: dict, canon: dict) -> bool:
    ours = event.get("location")
    if not gold_place:
        return not ours or bool(event.get("location_inferred"))
    want = scorer.place_variants(gold_place)
    return any(scorer.place_variants(n) & want for n in actor_names(ours, canon))


def score_article(scorer, gold: dict, output: dict, counts: dict[str, Counter]) -> None:
    """Add one article's per-type and role counts to `counts` (type → Counter; "all" for the total)."""
    canon = {x.get("id"): x for x in output.get("canonical_entities", [])}
    alias = reference_aliases(scorer, gold)
    ours = [e for e in output.get("events", []) if (e.get("status") or "asserted") == "asserted"]

    def actor_ok(want_name, actor):
        if not want_name:
            return not actor
        return actor_agrees(scorer, alias, want_name, actor_names(actor, canon))

    for ref in gold.get("events", []):
        etype = scorer.event_type(ref["type"])
        match = next((s for s in ours if same_event(scorer, ref, s)), None)
        for c in (counts.setdefault(etype, Counter()), counts.setdefault("all", Counter())):
            c["gold"] += 1
            if match is None:
                continue
            c["found"] += 1
            roles = {}
            for role in ("source", "target"):
                roles[role] = actor_ok(ref.get(role), match.get(role))
                if ref.get(role):
                    c[f"{role}_named"] += 1
                    c[f"{role}_ok"] += roles[role]
            c["tuple_ok"] += roles["source"] and roles["target"] and _place_ok(scorer, ref.get("location"), match, canon)
    for s in ours:
        etype = scorer.event_type(s.get("type"))
        hit = any(same_event(scorer, ref, s) for ref in gold.get("events", []))
        for c in (counts.setdefault(etype, Counter()), counts.setdefault("all", Counter())):
            c["system"] += 1
            c["correct"] += hit


def status_accuracy(split: str, data: Path) -> Counter:
    """(reference status, system status) counts over the event sentences of `split` whose reference
    events the system finds."""
    from marsad.eval.sentences import read
    from marsad.text.normalize import normalize
    from marsad.train.event_units import analysed_article, news_records, record_date

    records = news_records(data / "news")
    pairs: Counter = Counter()
    for row in read("sentences.jsonl"):
        if row["split"] != split or not row["events"]:
            continue
        record = records[(row["corpus"], row["path"])]
        text = record["text"][row["start"]:row["end"]]
        article = analysed_article(text, {"published": record_date(record)}, _all_stages())
        for ref in row["events"]:
            words = set(normalize(ref["trigger"]).split())
            match = next((e for e in article.events if e.type == ref["type"]
                          and words & set(normalize(e.trigger).split())), None)
            if match is not None:
                pairs[(ref["status"], match.status)] += 1
    return pairs


def _all_stages() -> tuple[str, ...]:
    from marsad.pipeline import DEFAULT_PIPELINE

    return tuple(n for n in DEFAULT_PIPELINE if n != "quotes")


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def agreement_counts(scorer, data: Path) -> tuple[dict[str, Counter], int]:
    """The counts of each annotation of a doubly annotated article scored against the other."""
    counts: dict[str, Counter] = {}
    n = 0
    for _, _, ref, other in doubly_annotated(data):
        score_article(scorer, ref, other, counts)
        n += 1
    return counts, n


def report(split: str, data: Path, out=sys.stdout, with_agreement: bool = False) -> dict[str, Counter]:
    import marsad

    scorer = load_scorer(data)
    if with_agreement:
        counts, n = agreement_counts(scorer, data)
        print(f"events, two annotators of {n // 2} doubly annotated articles (both directions)", file=out)
        _table(counts, out)
        return counts
    counts: dict[str, Counter] = {}
    for path in reference_files(split, data):
        gold = json.loads(path.read_text(encoding="utf-8"))
        score_article(scorer, gold, scorer.analyze_reference(marsad, str(path), gold), counts)
    print(f"events on real news, split {split} ({len(reference_files(split, data))} articles)", file=out)
    _table(counts, out)
    if split != SHARED_SPLIT:
        pairs = status_accuracy(split, data)
        total = sum(pairs.values())
        same = sum(n for (a, b), n in pairs.items() if a == b)
        detail = ", ".join(f"{a}→{b} {n}" for (a, b), n in sorted(pairs.items()))
        print(f"status (event sentences, {split}): {_ratio(same, total)} of {total} found events ({detail})", file=out)
    return counts


def _table(counts: dict[str, Counter], out) -> None:
    print(f"{'type':<12} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'sys':>5} {'source':>7} {'target':>7} {'tuple':>6}",
          file=out)
    for etype in (*TYPES, "all"):
        c = counts.get(etype)
        if not c:
            continue
        p = c["correct"] / c["system"] if c["system"] else 0.0
        r = c["found"] / c["gold"] if c["gold"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{etype:<12} {p:6.3f} {r:6.3f} {f1:6.3f} {c['gold']:5d} {c['system']:5d} "
              f"{_ratio(c['source_ok'], c['source_named']):>7} {_ratio(c['target_ok'], c['target_named']):>7} "
              f"{_ratio(c['tuple_ok'], c['found']):>6}", file=out)
    print("source/target: accuracy over found events whose reference names the actor; tuple: type, source, "
          "target and location all right, over found events", file=out)
