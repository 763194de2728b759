"""`marsad eval gold`: the default pipeline scored on real news annotated by independent annotators.

The corpus (`data/gold/`, see its README) holds standoff references in the format of
`../shared/data/gold-dev/GUIDELINES.md`: each file locates its article in the shared ANT corpora by
`path`, so the texts stay in `../shared`. Scoring is the shared scorer itself
(`../shared/tools/score_reference.py`, loaded by path), so the figures are the ones it prints.

- `--split train|dev|test` scores marsad's corpus, `--split gold-dev` the 30 shared references.
- `-v` lists every error per article: entities missed or spurious, wrong place ids, quotes missed or
  spurious, wrong speakers, events missed or spurious, wrong sources and targets. Not on `test`: the
  test split is frozen, scored only, and its errors are never read.
- `--check` compares the figures with the ones recorded in `data/gold/baseline.json` and fails when one
  drops more than `TOLERANCE` below it; `--record` writes them there.
- `--agreement` scores the doubly annotated articles, one annotator against the other in both
  directions: the ceiling for every figure.
"""
from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

CORPUS = Path(__file__).with_name("data") / "gold"
SPLITS = ("train", "dev", "test")
SHARED_SPLIT = "gold-dev"
SECOND = "second"  # folder of the second, independent annotation of doubly annotated articles
BASELINE = CORPUS / "baseline.json"
TOLERANCE = 0.02
_FIGURE = re.compile(r"([a-zA-Z][\w-]*) (\d+\.\d+)")


class SharedDataMissing(Exception):
    """The shared data (news corpora, scorer) is not where it was looked for."""


def load_scorer(data: Path) -> ModuleType:
    """The shared scorer, `<data>/../tools/score_reference.py`, imported by path."""
    path = data.parent / "tools" / "score_reference.py"
    if not path.is_file() or not (data / "news").is_dir():
        raise SharedDataMissing(f"{path} or {data / 'news'} not found")
    spec = importlib.util.spec_from_file_location("score_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reference_files(split: str, data: Path) -> list[Path]:
    """The reference files of a split, in name order."""
    folder = data / SHARED_SPLIT if split == SHARED_SPLIT else CORPUS / split
    if split not in (*SPLITS, SHARED_SPLIT, SECOND):
        raise ValueError(f"unknown split {split!r} (train, dev, test or {SHARED_SPLIT})")
    return sorted(folder.glob("*.json"))


def figures(summary_line: str) -> dict[str, float]:
    """The named figures of the scorer's summary line (`entity-R 0.789` -> {'entity-R': 0.789})."""
    return {name: float(value) for name, value in _FIGURE.findall(summary_line)}


def score(split: str, data: Path, verbose: bool = False, out=sys.stdout) -> tuple[str, dict[str, float]]:
    """Run the default pipeline on every article of a split and score it; returns the summary line and
    its figures. With `verbose`, every error is printed under its article."""
    import marsad

    scorer = load_scorer(data)
    total, paths = Counter(), reference_files(split, data)
    for path in paths:
        gold = json.loads(path.read_text(encoding="utf-8"))
        output = scorer.analyze_reference(marsad, str(path), gold)
        counts = scorer.score_article(gold, output)
        total += counts
        if verbose:
            print(f"## {path.name}", file=out)
            for line in article_errors(scorer, gold, output):
                print(f"  {line}", file=out)
    line = scorer.summary(total, len(paths))
    return line, figures(line)


def article_errors(scorer: ModuleType, gold: dict, output: dict) -> list[str]:
    """Every disagreement of an `Article.to_dict()` with its reference, matched as the scorer matches."""
    v, coarse = scorer.variants, scorer.coarse
    errors = []
    mentions = output.get("entities", [])
    canon = {c.get("id"): c for c in output.get("canonical_entities", [])}
    sys_forms: dict[str, set[str]] = {}
    for m in mentions:
        sys_forms.setdefault(coarse(m.get("type")), set()).update(v(m.get("text", "")))
    groups: dict[tuple[str, str], set[str]] = {}
    for e in gold.get("entities", []):
        groups.setdefault((e["canonical"], coarse(e["type"])), set()).update(v(e["text"]) | v(e["canonical"]))
    gold_forms: dict[str, set[str]] = {}
    for (name, kind), forms in groups.items():
        gold_forms.setdefault(kind, set()).update(forms)
        if not forms & sys_forms.get(kind, set()):
            errors.append(f"entity missed: {name} ({kind})")
    for kind, text in sorted({(coarse(m.get("type")), scorer.norm(m.get("text", ""))) for m in mentions}):
        if not v(text) & gold_forms.get(kind, set()):
            errors.append(f"entity spurious: {text} ({kind})")
    for p in gold.get("places", []):
        if not p.get("geonameid"):
            continue
        pv = scorer.place_variants(p["text"])
        ids = {str(canon.get(m.get("canonical_id"), {}).get("geonameid")) for m in mentions
               if scorer.place_variants(m.get("text", "")) & pv}
        if str(p["geonameid"]) not in ids:
            errors.append(f"place id: {p['text']} is {p['geonameid']} ({p['country']}), system "
                          f"{', '.join(sorted(ids)) or 'none'}")
    quotes, used = output.get("quotes", []), set()
    alias = reference_aliases(scorer, gold)
    for q in gold.get("quotes", []):
        best, i = max(((scorer.overlap_f1(q["content"], s.get("content", "")), i) for i, s in enumerate(quotes)),
                      default=(0.0, None))
        if i is None or best < 0.5:
            errors.append(f"quote missed: {q['speaker']}: {q['content'][:80]}")
            continue
        used.add(i)
        s = quotes[i]
        said = ([canon[s["speaker_id"]].get("name", "")] + list(canon[s["speaker_id"]].get("aliases", []))
                if s.get("speaker_id") in canon else [s.get("speaker") or ""])
        want = alias.get(scorer.norm(q["speaker"]), set()) | v(q["speaker"])
        if not any(v(f) & want for f in said if f):
            errors.append(f"speaker: {q['speaker']}, system {said[0] or '(none)'}: {q['content'][:60]}")
    for i, s in enumerate(quotes):
        if i not in used:
            errors.append(f"quote spurious: {s.get('speaker') or '(none)'}: {(s.get('content') or '')[:80]}")
    errors += _event_errors(scorer, gold, output, canon, alias)
    return errors


def reference_aliases(scorer: ModuleType, gold: dict) -> dict[str, set[str]]:
    """The name variants of each canonical entity of a reference, by its normalised canonical name."""
    alias: dict[str, set[str]] = {}
    for e in gold.get("entities", []):
        alias.setdefault(scorer.norm(e["canonical"]), set()).update(scorer.variants(e["text"]) |
                                                                     scorer.variants(e["canonical"]))
    return alias


def same_event(scorer: ModuleType, ref: dict, sys_event: dict) -> bool:
    """The scorer's match: the same type, and the same trigger word or sentence."""
    if scorer.event_type(sys_event.get("type")) != scorer.event_type(ref["type"]):
        return False
    v = scorer.variants
    sent, ss = scorer.norm(ref.get("sentence") or ""), scorer.norm(sys_event.get("sentence", ""))
    return bool(v(sys_event.get("trigger", "")) & v(ref["trigger"])) or bool(sent and ss and (sent in ss or ss in sent))


def actor_names(actor, canon: dict) -> list[str]:
    """The names of a system actor: a canonical id or a name (itself first, then the canonical entity's
    name and aliases), or an annotation's {name, aliases, id}."""
    if not actor:
        return []
    if isinstance(actor, dict):
        found = [actor.get("name") or actor.get("text") or ""] + list(actor.get("aliases") or [])
        key = actor.get("id")
    else:
        found, key = [actor], actor
    if key in canon:
        found += [canon[key].get("name", "")] + list(canon[key].get("aliases", []))
    return [n for n in found if n]


def actor_agrees(scorer: ModuleType, alias: dict, want_name: str, names: list[str]) -> bool:
    """The scorer's lenient match of a reference actor with a system actor's names."""
    v = scorer.variants
    want = alias.get(scorer.norm(want_name), set()) | v(want_name)
    return any(v(n) & want for n in names) or any(scorer.overlap_f1(w, n, strip=True) >= 0.5
                                                  for w in want for n in names)


def _event_errors(scorer: ModuleType, gold: dict, output: dict, canon: dict, alias: dict) -> list[str]:
    asserted = [s for s in output.get("events", []) if (s.get("status") or "asserted") == "asserted"]
    errors = []
    for ev in gold.get("events", []):
        match = next((s for s in asserted if same_event(scorer, ev, s)), None)
        if match is None:
            errors.append(f"event missed: {ev['type']} {ev['trigger']} ({ev.get('source')} -> {ev.get('target')})")
            continue
        for role in ("source", "target"):
            got = actor_names(match.get(role), canon)
            if ev.get(role) and not actor_agrees(scorer, alias, ev[role], got):
                errors.append(f"event {role}: {ev['type']} {ev['trigger']}: {ev[role]}, system "
                              f"{got[0] if got else '(none)'}")
    for s in asserted:
        if not any(same_event(scorer, ev, s) for ev in gold.get("events", [])):
            errors.append(f"event spurious: {s.get('type')} {s.get('trigger')}")
    return errors


def annotation_as_output(reference: dict) -> dict:
    """A reference in the shape of `Article.to_dict()`, so that one annotator can be scored against another
    with the same scorer: forms are mentions of their canonical group, places give the group its id."""
    place_of = {}
    for p in reference.get("places", []):
        place_of.setdefault(p["text"], p)
    groups: dict[tuple[str, str], dict] = {}
    mentions = []
    for e in reference.get("entities", []):
        key = (e["canonical"], e["type"])
        group = groups.setdefault(key, {"id": f"{e['type']}:{e['canonical']}", "name": e["canonical"],
                                        "aliases": [], "geonameid": None, "country": None})
        group["aliases"].append(e["text"])
        place = place_of.get(e["text"]) or place_of.get(e["canonical"])
        if place and group["geonameid"] is None:
            group["geonameid"], group["country"] = place["geonameid"], place["country"]
        mentions.append({"text": e["text"], "type": e["type"], "canonical_id": group["id"]})
    listed = {e["text"] for e in reference.get("entities", [])}
    for text, p in place_of.items():
        if text not in listed:
            pid = f"place:{text}"
            groups[(text, "place")] = {"id": pid, "name": text, "aliases": [], "geonameid": p["geonameid"],
                                       "country": p["country"]}
            mentions.append({"text": text, "type": "LOC" if p["kind"] == "other" else "GPE", "canonical_id": pid})
    by_name = {g["name"]: g for g in groups.values()}

    def actor(name):
        if not name:
            return None
        g = by_name.get(name)
        return {"name": name, "id": g["id"]} if g else {"name": name}

    return {
        "entities": mentions,
        "canonical_entities": list(groups.values()),
        "quotes": [{"content": q["content"], "speaker": q["speaker"], "cue": q["cue"],
                    "speaker_id": by_name[q["speaker"]]["id"] if q["speaker"] in by_name else None}
                   for q in reference.get("quotes", [])],
        "events": [{"type": ev["type"], "trigger": ev["trigger"], "sentence": ev["sentence"], "status": "asserted",
                    "source": actor(ev.get("source")), "target": actor(ev.get("target")),
                    "location": ev.get("location")}
                   for ev in reference.get("events", [])],
    }


def doubly_annotated(data: Path):
    """(file name, "first" or "second", one annotation, the other as `Article.to_dict()` output) for
    each doubly annotated article, in both directions."""
    firsts = {p.name: p for split in SPLITS for p in reference_files(split, data)}
    for second in reference_files(SECOND, data):
        first = firsts.get(second.name)
        if first is None:
            continue
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (first, second))
        yield second.name, "first", a, annotation_as_output(b)
        yield second.name, "second", b, annotation_as_output(a)


def agreement(data: Path, out=sys.stdout, verbose: bool = False) -> tuple[str, dict[str, float]]:
    """Inter-annotator agreement on the doubly annotated articles: each annotation scored against the
    other, both directions pooled."""
    scorer = load_scorer(data)
    total, comparisons = Counter(), 0
    for name, which, ref, other in doubly_annotated(data):
        total += scorer.score_article(ref, other)
        comparisons += 1
        if verbose:
            print(f"## {name} ({which} as reference)", file=out)
            for line in article_errors(scorer, ref, other):
                print(f"  {line}", file=out)
    line = scorer.summary(total, comparisons)
    return line, figures(line)


def check(split: str, found: dict[str, float], baseline: dict) -> list[str]:
    """The figures that dropped more than TOLERANCE below the recorded ones."""
    recorded = baseline.get(split, {})
    return [f"{name} {found.get(name, 0.0):.3f} < recorded {value:.3f} - {TOLERANCE}"
            for name, value in recorded.items() if found.get(name, 0.0) < value - TOLERANCE]


def main(split: str, data: str, verbose: bool = False, check_baseline: bool = False, record: bool = False,
         with_agreement: bool = False) -> int:
    data_dir = Path(data)
    try:
        if with_agreement:
            line, _ = agreement(data_dir, verbose=verbose)
            print(f"agreement ({len(reference_files(SECOND, data_dir))} doubly annotated articles, both directions)")
            print(line)
            return 0
        if verbose and split == "test":
            print("marsad: eval gold: the test split is scored only; its errors are not listed (-v)", file=sys.stderr)
            return 2
        if not reference_files(split, data_dir):
            print(f"marsad: eval gold: split {split!r} has no references yet", file=sys.stderr)
            return 1
        line, found = score(split, data_dir, verbose)
    except SharedDataMissing as err:
        print(f"marsad: eval gold: skipped, shared data missing ({err}); set --data or $MARSAD_DATA", file=sys.stderr)
        return 0
    except ValueError as err:
        print(f"marsad: eval gold: {err}", file=sys.stderr)
        return 2
    print(f"gold {split}")
    print(line)
    baseline = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    if record:
        baseline[split] = found
        BASELINE.write_text(json.dumps(baseline, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"recorded in {BASELINE}")
    if check_baseline:
        drops = check(split, found, baseline)
        for drop in drops:
            print(f"marsad: eval gold {split}: regression: {drop}", file=sys.stderr)
        if drops:
            return 1
        print(f"no figure more than {TOLERANCE} below the recorded {split} figures")
    return 0
