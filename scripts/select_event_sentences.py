#!/usr/bin/env python3
"""Draw the sentences of marsad's event-sentence set (`marsad/eval/data/event_sentences/`).

For each of the 18 PLOVER types, sentences that contain one of a few common trigger words of that type
(so the pool holds both events and look-alikes that are none: `وزارة` for زار, `طرد` in a match report),
plus sentences drawn at random. Articles of the real-news corpus (scripts/select_gold_articles.py) and of
../shared/data/gold-dev are left out, and no article gives more than one sentence to a type. Sentences are
cut from the record's `text` at . ! ? ؟ and line breaks (also when glued to the next word), 8 to 70 words.
The split is by article, stratified by outlet: one article in five is test, one in ten dev.

Usage: python scripts/select_event_sentences.py SELECTION.tsv OUT.jsonl [--per-type 115] [--random 300]
A top-up for the types that came out short of asserted positives, drawn with more specific words and
leaving out the sentences already drawn:
       python scripts/select_event_sentences.py SELECTION.tsv TOPUP.jsonl --topup SENTENCES.jsonl \
           --per-type 60 --random 0 --double 18 --seed 20261206
A third draw of all types, leaving out the sentences of the first two:
       python scripts/select_event_sentences.py SELECTION.tsv MORE.jsonl --exclude ALL.jsonl \
           --per-type 35 --random 150 --double 60 --seed 20261207
Each output line: sid, corpus, path, outlet, start, end (offsets in the record's text), pool (a type or
"random"), split, double (1 = annotated twice), and the sentence and its article title for annotators.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import random
import re
import sys
from pathlib import Path

SPLIT_SEED = 20261205  # an article's split depends on its path and this alone, the same in every draw
CORPORA = {"ant": "ant-multisource.jsonl.gz", "antv1": "ant-v1-jawhara.jsonl.gz"}
# Common trigger stems per type (spelling-normalised, matched inside words on purpose: the look-alikes
# are the negatives a model must learn to reject).
CANDIDATE_WORDS = {
    "AGREE": "اتفاق اتفق وقع_اتفاقيه مذكره_تفاهم تعهد",
    "CONSULT": "التقي لقاء زار زياره اجتماع محادثات مباحثات اتصال_هاتفي",
    "SUPPORT": "رحب اشاد دعم تاييد ايد اعترف_ب",
    "CONCEDE": "تنازل اعتذر استقال استقاله اعفي عفو تراجع",
    "COOPERATE": "تعاون تنسيق شراكه مشترك",
    "AID": "مساعدات اغاثه منحه قرض تبرع",
    "RETREAT": "انسحب انسحاب اخلي اخلاء رفع_الحظر افرج",
    "DEMAND": "طالب دعا ناشد حث مطالبه",
    "DISAPPROVE": "اتهم انتقد ندد ادان استنكر شجب",
    "REJECT": "رفض نفي عارض",
    "THREATEN": "هدد تهديد توعد حذر انذار",
    "PROTEST": "احتجاج احتج تظاهر مظاهره اعتصام اضراب مسيره",
    "SANCTION": "عقوبات قطع_العلاقات طرد حظر تجميد استدعي_السفير",
    "MOBILIZE": "نشر حشد تعزيزات استنفار مناورات",
    "COERCE": "اعتقل اعتقال القبض احتجز ايقاف حاصر حصار ترحيل",
    "ASSAULT": "قتل مقتل هجوم قصف غاره انفجار اغتيال اشتباك",
    "INVESTIGATE": "تحقيق حقق تحقيقات لجنه_تقصي",
    "CRIME": "سرقه تهريب اختلاس رشوه احتيال تحيل جريمه",
}
# Second draw (--topup) for COOPERATE, MOBILIZE and CONCEDE, the types with fewest asserted positives in
# the first: phrases nearer to the codebook's examples.
TOPUP_WORDS = {
    "COOPERATE": "مناورات_مشتركه تدريبات_مشتركه تبادل_المعلومات تنسيق_امني تسليم_المطلوب تعاون_امني تعاون_عسكري شراكه_استراتيجيه",
    "MOBILIZE": "تعزيزات_عسكريه حشد_قوات حشدت نشر_قوات نشرت_قوات استنفار حاله_التاهب ارسلت_قوات دفعت_بتعزيزات",
    "CONCEDE": "تنازلات اعتذر اعتذار عفو_عن خفف تخفيف رفع_الحظر تراجع_عن قبل_استقاله",
}
_SENTENCE_END = re.compile(r"[.!?؟]+(?=\s|[\u0621-\u064a]|$)|\n+")


def norm(s: str) -> str:
    s = re.sub("[\u064b-\u065f\u0670\u0640]", "", s)
    return re.sub("[إأآ]", "ا", s).replace("ى", "ي").replace("ة", "ه")


def sentences(text: str):
    """(start, end) of each sentence of a text."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end() if not text[m.start()].isspace() else m.start()
        yield start, end
        start = m.end()
    if start < len(text):
        yield start, len(text)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("selection")
    ap.add_argument("out")
    ap.add_argument("--news", default="../shared/data/news")
    ap.add_argument("--gold-dev", default="../shared/data/gold-dev")
    ap.add_argument("--per-type", type=int, default=115)
    ap.add_argument("--random", type=int, default=300)
    ap.add_argument("--double", type=int, default=300)
    ap.add_argument("--seed", type=int, default=20261205)
    ap.add_argument("--topup", metavar="SENTENCES.jsonl", help="draw TOPUP_WORDS types, leaving out these sentences")
    ap.add_argument("--exclude", metavar="SENTENCES.jsonl", help="a further draw of all types, leaving out these sentences")
    args = ap.parse_args(argv)
    drawn_file = args.topup or args.exclude
    drawn_before = ({(r["path"], r["start"]) for r in map(json.loads, open(drawn_file, encoding="utf-8"))}
                    if drawn_file else set())
    taken = {r["path"] for r in csv.DictReader(open(args.selection, encoding="utf-8"), delimiter="\t")}
    taken |= {json.loads(p.read_text(encoding="utf-8"))["locator"]["path"] for p in Path(args.gold_dev).glob("*.json")}
    words_of = TOPUP_WORDS if args.topup else CANDIDATE_WORDS
    patterns = {t: [w.replace("_", " ") for w in words.split()] for t, words in words_of.items()}
    pools: dict[str, list[dict]] = {t: [] for t in patterns}
    everything: list[dict] = []
    for corpus, name in CORPORA.items():
        with gzip.open(Path(args.news) / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if r["path"] in taken:
                    continue
                for start, end in sentences(r["text"]):
                    raw = r["text"][start:end]
                    stripped = raw.strip()
                    if not 8 <= len(stripped.split()) <= 70:
                        continue
                    start += len(raw) - len(raw.lstrip())
                    end = start + len(stripped)
                    if (r["path"], start) in drawn_before:
                        continue
                    item = {"corpus": corpus, "path": r["path"], "outlet": r["src"], "start": start, "end": end,
                            "sentence": stripped, "title": r["title"]}
                    everything.append(item)
                    n = norm(stripped)
                    for t, words in patterns.items():
                        if any(w in n for w in words):
                            pools[t].append(item)
    rng = random.Random(args.seed)
    chosen: dict[tuple[str, int], dict] = {}
    for t in sorted(pools):
        by_article: dict[str, list[dict]] = {}
        for item in pools[t]:
            by_article.setdefault(item["path"], []).append(item)
        paths = sorted(by_article)
        rng.shuffle(paths)
        got = 0
        for path in paths:
            item = rng.choice(by_article[path])
            key = (item["path"], item["start"])
            if key in chosen:
                continue
            chosen[key] = {**item, "pool": t}
            got += 1
            if got == args.per_type:
                break
    while sum(1 for c in chosen.values() if c["pool"] == "random") < args.random:
        item = rng.choice(everything)
        chosen.setdefault((item["path"], item["start"]), {**item, "pool": "random"})
    items = list(chosen.values())
    rng.shuffle(items)
    split_of: dict[str, str] = {}
    for item in sorted(items, key=lambda i: (i["outlet"], i["path"])):
        if item["path"] not in split_of:
            h = int(hashlib.sha1(f"{SPLIT_SEED}:{item['path']}".encode()).hexdigest(), 16) % 10
            split_of[item["path"]] = "test" if h < 2 else "dev" if h < 3 else "train"
    doubles = set(rng.sample(range(len(items)), min(args.double, len(items))))
    with open(args.out, "w", encoding="utf-8") as out:
        for i, item in enumerate(items):
            sid = "s" + hashlib.sha1(f"{item['corpus']}:{item['path']}:{item['start']}".encode()).hexdigest()[:10]
            out.write(json.dumps({"sid": sid, "corpus": item["corpus"], "path": item["path"], "outlet": item["outlet"],
                                  "start": item["start"], "end": item["end"], "pool": item["pool"],
                                  "split": split_of[item["path"]], "double": int(i in doubles),
                                  "title": item["title"], "sentence": item["sentence"]}, ensure_ascii=False) + "\n")
    print(f"{len(items)} sentences from {len(split_of)} articles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
