"""`marsad eval sentences`: the event-sentence set (`data/event_sentences/`), its counts and the agreement
of its two annotators.

Each line of `sentences.jsonl` locates one sentence of the shared ANT corpora (`corpus`, `path`, and
`start`/`end` in the record's text) and gives the PLOVER events its annotator found in it: type, trigger,
source, target, location (strings of the sentence, or null) and status (asserted, negated,
hypothetical). `second.jsonl` holds a second, independent annotation of some sentences.

Agreement, one annotator against the other:
- Cohen's kappa of the sentence label (its set of event types, or none), and of each type as a yes/no
  decision pooled over all types;
- for the events both found (same type, one trigger inside the other), the share whose source, target
  and location agree (both null, or names sharing half their words) and whose status is the same.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from marsad.text.normalize import normalize

DATA = Path(__file__).with_name("data") / "event_sentences"
TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "DEMAND", "DISAPPROVE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "INVESTIGATE", "CRIME")
ROLES = ("source", "target", "location")


def read(name: str) -> list[dict]:
    path = DATA / name
    return [json.loads(line) for line in path.open(encoding="utf-8")] if path.exists() else []


def _words(s: str | None) -> list[str]:
    return re.sub(r"[^\w ]", " ", normalize(s or "")).split()


def same_phrase(a: str | None, b: str | None) -> bool:
    """Both absent, or the two phrases share at least half their words (token F1 >= 0.5)."""
    if not a or not b:
        return not a and not b
    wa, wb = _words(a), _words(b)
    common = sum((Counter(wa) & Counter(wb)).values())
    return bool(common) and 2 * common / (len(wa) + len(wb)) >= 0.5


def cohen_kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two annotators' nominal labels."""
    n = len(pairs)
    if not n:
        return 0.0
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def label(events: list[dict]) -> str:
    return "+".join(sorted({e["type"] for e in events})) or "NONE"


def match(first: list[dict], second: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs of events of the same type whose triggers overlap (one inside the other), each used once."""
    pairs, used = [], set()
    for a in first:
        for i, b in enumerate(second):
            ta, tb = " ".join(_words(a["trigger"])), " ".join(_words(b["trigger"]))
            if i not in used and a["type"] == b["type"] and (ta in tb or tb in ta):
                pairs.append((a, b))
                used.add(i)
                break
    return pairs


def agreement(rows: list[dict], seconds: list[dict]) -> dict[str, float]:
    """Agreement figures over the sentences annotated twice."""
    by_sid = {r["sid"]: r for r in rows}
    both = [(by_sid[s["sid"]]["events"], s["events"]) for s in seconds if s["sid"] in by_sid]
    figures = {"sentences": len(both), "label_kappa": cohen_kappa([(label(a), label(b)) for a, b in both])}
    decisions = [(str(any(e["type"] == t for e in a)), str(any(e["type"] == t for e in b)))
                 for a, b in both for t in TYPES]
    figures["type_kappa"] = cohen_kappa(decisions)
    matched = [p for a, b in both for p in match(a, b)]
    n_first, n_second = sum(len(a) for a, _ in both), sum(len(b) for _, b in both)
    figures["event_f1"] = 2 * len(matched) / (n_first + n_second) if n_first + n_second else 0.0
    figures["matched_events"] = len(matched)
    for role in ROLES:
        figures[f"{role}_agreement"] = (sum(same_phrase(a[role], b[role]) for a, b in matched) / len(matched)
                                        if matched else 0.0)
    figures["status_agreement"] = sum(a["status"] == b["status"] for a, b in matched) / len(matched) if matched else 0.0
    return figures


def counts(rows: list[dict]) -> dict[str, Counter]:
    """Sentences per split, and asserted positive sentences per type and split."""
    out: dict[str, Counter] = {"sentences": Counter(), "no event": Counter()}
    for r in rows:
        out["sentences"][r["split"]] += 1
        if not r["events"]:
            out["no event"][r["split"]] += 1
        for t in {e["type"] for e in r["events"] if e["status"] == "asserted"}:
            out.setdefault(t, Counter())[r["split"]] += 1
    return out


def main(with_agreement: bool = False, out=sys.stdout) -> int:
    rows = read("sentences.jsonl")
    if not rows:
        print("marsad: eval sentences: no event sentences in the package", file=sys.stderr)
        return 1
    table = counts(rows)
    print(f"{'':14}{'train':>7}{'dev':>7}{'test':>7}{'all':>7}", file=out)
    for key in ("sentences", "no event", *TYPES):
        c = table.get(key, Counter())
        print(f"{key:14}{c['train']:>7}{c['dev']:>7}{c['test']:>7}{sum(c.values()):>7}", file=out)
    if with_agreement:
        figures = agreement(rows, read("second.jsonl"))
        print("agreement: " + " ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                                       for k, v in figures.items()), file=out)
    return 0
