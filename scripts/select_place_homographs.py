#!/usr/bin/env python3
"""Draw the sentences of marsad's place-word table (`marsad/eval/data/place_words/`).

Each sentence has one marked token (possibly behind a proclitic) that matches a one-word gazetteer name
which is also an everyday word, for annotators to say whether the word names a place there. Half are
tokens the current marsad puts on the map (`found`), half tokens of such names it leaves alone
(`not-found`). A name counts as a possible common word for one of these reasons:
- `clitic-split`: the token is read as a proclitic + the name (not a country's), and the whole token is
  itself a word the news uses at least a quarter as often as the name (`كسرت` = ك + سرت, `لوقف` = ل + وقف);
- `level-strong`, `level-weak`, `level-local`: the gazetteer flags the name as also a word;
- `alternate-name`: a town's alternate name that the news uses more than the town's displayed names
  (`اجنبية` for Geneva);
- `wordlike-stats`: a town whose name has a common definite or bare form, that the news names more often
  than its size suggests, or under 30% of the time after a locative word (`طراز`);
- `fallback`: the Latin-name fallback resolved the word (`شقرة` → Usagara), or the form is one it
  resolved elsewhere.
Articles of the real-news corpus (all splits, and its second annotations) and of ../shared/data/gold-dev
are left out; SaudiNewsNet is never read. Sentences are cut as in scripts/select_event_sentences.py
(its `sentences` helper), 6 to 70 words. At most 3 sentences per form; the reasons are drawn in turn
so that no one reason fills a pool. The split is by article (a hash of its path): 40% dev, 60% test.

Token offsets are mapped from marsad's reading of the text (which drops direction marks) onto the
record's text. The shipped table is the draw of the first version of this script, which placed tokens
by marsad's offsets; 21 of its items were mapped afterwards the same way, so a rerun draws a different
table of the same kind (see the table's README).

Usage: python scripts/select_place_homographs.py OUT.jsonl PACKET.jsonl [--articles 9000] [--per-pool 160]
OUT.jsonl (standoff): hid, corpus, path, start, end (offsets in the record's text), token_start,
token_end (offsets in the sentence), token, form, pool, reason, split.
PACKET.jsonl (for annotators, nothing of marsad's decision): hid, sentence, token, token_start, token_end.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import random
import sys
from bisect import bisect_right
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("select_event_sentences", HERE / "select_event_sentences.py")
events = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(events)

SPLIT_SEED = 20261215
PER_FORM = 3
GOLD = HERE.parent / "marsad" / "eval" / "data" / "gold"


def taken_paths(gold_dev: Path) -> set[str]:
    """Paths of the articles of the real-news corpus (every folder) and of gold-dev."""
    files = list(GOLD.glob("*/*.json")) + list(gold_dev.glob("*.json"))
    return {json.loads(p.read_text(encoding="utf-8"))["locator"]["path"] for p in files
            if json.loads(p.read_text(encoding="utf-8")).get("locator")}


def split_of(path: str) -> str:
    h = int(hashlib.sha1(f"{SPLIT_SEED}:{path}".encode()).hexdigest(), 16) % 10
    return "dev" if h < 4 else "test"


class Homographs:
    """Why a one-word gazetteer name, read in a token, may be an everyday word (or None)."""

    def __init__(self):
        from marsad.geo.corpus_stats import read_contexts
        from marsad.geo.gazetteer import load_gazetteer
        from marsad.text.normalize import normalize

        self.gz = load_gazetteer()
        self.contexts = read_contexts()
        self.normalize = normalize
        self.fallback_forms: set[str] = set()

    def reason(self, key: str, norm: str, prefix: int) -> str | None:
        from marsad.geo.gazetteer import _expected_mentions, common_noun
        from marsad.text.vocabulary import frequency

        gz = self.gz
        if key in self.fallback_forms:
            return "fallback"
        if key not in gz.names or " " in key:
            return None
        places = [gz.places[i] for i in gz.names[key]]
        if prefix and frequency(norm) >= 10 and frequency(key) < 4 * frequency(norm) \
                and not any(p.feature == "country" for p in places):
            return "clitic-split"
        level = gz.levels.get(key)
        if level:
            kinds = level[0].split()
            return "level-" + ("strong" if "strong" in kinds else kinds[0])
        towns = [p for p in places if p.feature in ("city", "admin2")]
        if len(towns) == len(places) and all(frequency(self.normalize(p.name)) < frequency(key) for p in places):
            return "alternate-name"  # a form the news uses more than the places' own names (اجنبية, Geneva)
        if len(towns) == len(places):
            best = max(towns, key=lambda p: p.population)
            seen, locative = self.contexts.get(key, (0, 0))
            if common_noun(key) or (seen >= 20 and (locative < 0.3 * seen or seen > _expected_mentions(gz, best))):
                return "wordlike-stats"
        return None


def candidates(article, record_text: str, homographs: Homographs):
    """(token index, key, reason, found) for the tokens of an article that read as a homograph name."""
    from marsad.text.tokens import clitic_analyses

    tokens = article.tokens
    starts = [t.start for t in tokens]
    places = [m for m in article.entities if m.type in ("GPE", "LOC") and m.canonical_id
              and m.canonical_id.startswith("geo:")]
    fallback_ids = {e.id for e in article.canonical_entities
                    if any("no Arabic name in the gazetteer" in x for x in (e.explanation or []))}
    covered: dict[int, object] = {}
    for m in places:
        k = bisect_right(starts, m.start) - 1
        if k >= 0 and tokens[k].end >= m.end:  # one token
            covered[k] = m
        else:
            for j in range(max(k, 0), len(tokens)):
                if tokens[j].start >= m.end:
                    break
                covered[j] = None  # part of a longer name: not a candidate
    out = []
    for k, tok in enumerate(tokens):
        if not tok.is_word:
            continue
        m = covered.get(k, False)
        if m is None:
            continue
        if m is not False:
            key = homographs.normalize(record_text[m.start:m.end])
            if m.canonical_id in fallback_ids:
                homographs.fallback_forms.add(key)
                out.append((k, key, "fallback", True))
                continue
            prefix = len(tok.norm) - len(key) if tok.norm.endswith(key) else 0
            why = homographs.reason(key, tok.norm, prefix)
            if why:
                out.append((k, key, why, True))
            continue
        for analysis in clitic_analyses(tok.norm):
            if not analysis.exact:
                continue
            why = homographs.reason(analysis.stem, tok.norm, analysis.prefix)
            if why:
                out.append((k, analysis.stem, why, False))
                break
    return out


def offset_map(analysed: str, record: str):
    """Offsets in marsad's reading of a text (which drops direction marks and the like) → offsets in
    the record's text (None where a character has no counterpart)."""
    if analysed == record:
        return lambda i: i
    from difflib import SequenceMatcher

    pairs = {}
    for a, b, size in SequenceMatcher(None, analysed, record, autojunk=False).get_matching_blocks():
        for d in range(size):
            pairs[a + d] = b + d
    return pairs.get


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("packet")
    ap.add_argument("--news", default="../shared/data/news")
    ap.add_argument("--gold-dev", default="../shared/data/gold-dev")
    ap.add_argument("--articles", type=int, default=9000)
    ap.add_argument("--per-pool", type=int, default=160)
    ap.add_argument("--seed", type=int, default=20261215)
    args = ap.parse_args(argv)
    import marsad
    from marsad.errors import InputError

    taken = taken_paths(Path(args.gold_dev))
    records = []
    for corpus, name in events.CORPORA.items():
        with gzip.open(Path(args.news) / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if r["path"] not in taken:
                    records.append((corpus, r))
    rng = random.Random(args.seed)
    rng.shuffle(records)
    homographs = Homographs()
    pools: dict[tuple[bool, str], list[dict]] = {}
    for corpus, r in records[: args.articles]:
        text = r["text"]
        cuts = [(s + len(text[s:e]) - len(text[s:e].lstrip()), s + len(text[s:e].rstrip()))
                for s, e in events.sentences(text)]
        cuts = [(s, e) for s, e in cuts if 6 <= len(text[s:e].split()) <= 70]
        if not cuts:
            continue
        try:
            article = marsad.analyze(text, title=r["title"], url=r["url"], site=r["src"])
        except InputError:  # boilerplate, not an article
            continue
        cut_starts = [s for s, _ in cuts]
        to_record = offset_map(article.text, text)
        for k, key, why, found in candidates(article, article.text, homographs):
            tok = article.tokens[k]
            tok_start, tok_last = to_record(tok.start), to_record(tok.end - 1)
            if tok_start is None or tok_last is None or text[tok_start:tok_last + 1] != tok.text:
                continue
            tok_end = tok_last + 1
            c = bisect_right(cut_starts, tok_start) - 1
            if c < 0 or tok_end > cuts[c][1]:
                continue
            start, end = cuts[c]
            pools.setdefault((found, why), []).append({
                "corpus": corpus, "path": r["path"], "start": start, "end": end,
                "token_start": tok_start - start, "token_end": tok_end - start, "token": tok.text,
                "form": key, "pool": "found" if found else "not-found", "reason": why, "sentence": text[start:end]})
    chosen: list[dict] = []
    per_form: dict[str, int] = {}
    used_sentences: set[tuple[str, int]] = set()
    for found in (True, False):
        reasons = sorted(why for f, why in pools if f == found)
        queues = {}
        for why in reasons:
            items = pools[(found, why)]
            rng.shuffle(items)
            queues[why] = items
        got = 0
        while got < args.per_pool and any(queues.values()):
            for why in reasons:
                while queues[why]:
                    item = queues[why].pop()
                    if per_form.get(item["form"], 0) >= PER_FORM or (item["path"], item["start"]) in used_sentences:
                        continue
                    per_form[item["form"]] = per_form.get(item["form"], 0) + 1
                    used_sentences.add((item["path"], item["start"]))
                    chosen.append(item)
                    got += 1
                    break
                if got >= args.per_pool:
                    break
    rng.shuffle(chosen)
    with open(args.out, "w", encoding="utf-8") as out, open(args.packet, "w", encoding="utf-8") as packet:
        for item in chosen:
            hid = "h" + hashlib.sha1(f"{item['corpus']}:{item['path']}:{item['start']}:{item['token_start']}"
                                     .encode()).hexdigest()[:10]
            out.write(json.dumps({"hid": hid, **{k: item[k] for k in (
                "corpus", "path", "start", "end", "token_start", "token_end", "token", "form", "pool", "reason")},
                "split": split_of(item["path"])}, ensure_ascii=False) + "\n")
            packet.write(json.dumps({"hid": hid, "sentence": item["sentence"], "token": item["token"],
                                     "token_start": item["token_start"], "token_end": item["token_end"]},
                                    ensure_ascii=False) + "\n")
    counts = {f"{'found' if f else 'not-found'}/{w}": sum(1 for c in chosen if c["pool"] == ("found" if f else "not-found")
                                                          and c["reason"] == w) for f, w in sorted(pools)}
    print(f"{len(chosen)} sentences from {len({c['path'] for c in chosen})} articles; {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
