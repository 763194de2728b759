#!/usr/bin/env python3
"""Draw the time expressions of marsad's time table (`marsad/eval/data/times/`) for independent annotators.

Candidates are found with plain regular expressions of this script's own (never with marsad, which would
bias the table towards what marsad already reads): Gregorian months in the Egyptian (`يناير`), Levantine
(`كانون الثاني`) and Maghrebi (`جانفي`) series, Hijri months, weekdays, day words (`أمس`, `أمس الأول`,
`غدا`, `اليوم`, `الليلة الماضية`, `صباح`, `مساء`, `فجر`), periods (`الأسبوع الماضي`, `العام المقبل`,
`الشهر المنصرم`), numeric dates (`22/8/2015`, `1436هـ`, `2015م`), `الموافق`, `من العام نفسه`, `منذ`,
bare years, and look-alike names that may or may not be months (`جوان`, `إب`, `آب`, `أيار`).
Sentences are cut from the `text` of ANT multisource and ANT v1 Jawhara records (never SaudiNewsNet) at
. ! ? ؟ and line breaks, 5 to 80 words; articles of the real-news corpus (`marsad/eval/data/gold/*/`) and
of ../shared/data/gold-dev are left out. About the same number of candidates per kind, at most 2 per
article, drawn with a fixed seed. An article's split depends on its path alone: one in three test.

Usage: python scripts/select_time_expressions.py SELECTION.jsonl PACKETS_DIR [--total 360] [--double 40]
SELECTION.jsonl: one line per item: tid, corpus, path, kind, split, start/end of the sentence and
expr_start/expr_end of the expression in the record's text, and the sentence, expression, title and
publication time. PACKETS_DIR: T01.jsonl … for annotators (tid, title, published and published_date,
sentence, expression, start/end of the expression in the sentence); `--double` items appear in two
different packets.
"""
from __future__ import annotations

import argparse
import email.utils
import gzip
import hashlib
import json
import random
import re
import sys
from pathlib import Path

from select_event_sentences import CORPORA, sentences  # the same corpora and sentence cuts (this folder)

SPLIT_SEED = 20261214

# Word edges: an expression may carry a one-letter proclitic (و ف ب ل, also وب ول), never more letters.
_B = r"(?<![\u0621-\u064a\u0660-\u0669\d])(?:[وف]?[بل]?(?:ال)?)?"
_E = r"(?![\u0621-\u064a\u064b-\u0652])"
_DAY = r"(?:[0-9\u0660-\u0669]{1,2}\s*)?"
_YEAR_AFTER = r"(?:\s*[,،]?\s*(?:من\s+)?(?:عام|سنة)?\s*[0-9\u0660-\u0669]{4}\s*(?:م|هـ|ه)?" + _E + ")?"


def _alt(words: str) -> str:
    return "(?:" + "|".join(w.replace("_", r"\s+") for w in words.split()) + ")"


EGYPTIAN = _alt("يناير فبراير مارس أبريل ابريل إبريل مايو يونيو يونيه يوليو يوليه أغسطس اغسطس سبتمبر أكتوبر اكتوبر "
                "نوفمبر ديسمبر")
LEVANTINE = _alt("كانون_الثاني كانون_الأول كانون_الاول شباط آذار اذار نيسان حزيران تموز أيلول ايلول "
                 "تشرين_الأول تشرين_الاول تشرين_الثاني")
MAGHREB = _alt("جانفي فيفري أفريل افريل ماي جويلية جويليه أوت اوت")
HIJRI = _alt("محرم صفر ربيع_الأول ربيع_الاول ربيع_الآخر ربيع_الثاني جمادى_الأولى جمادى_الاولى جمادى_الآخرة "
             "جمادى_الثانية رجب شعبان رمضان شوال ذو_القعدة ذي_القعدة ذو_الحجة ذي_الحجة")
WEEKDAY = _alt("الأحد الاحد الاثنين الإثنين الثلاثاء الأربعاء الاربعاء الخميس الجمعة السبت")
NUM = r"[0-9\u0660-\u0669]"

KINDS: dict[str, str] = {
    "month_egyptian": _B + _DAY + EGYPTIAN + _E + _YEAR_AFTER,
    "month_levantine": _B + _DAY + LEVANTINE + _E + _YEAR_AFTER,
    "month_maghreb": _B + _DAY + MAGHREB + _E + _YEAR_AFTER,
    "month_hijri": _B + _DAY + r"(?:شهر\s+)?" + HIJRI + _E + _YEAR_AFTER,
    "hijri_date": _B + r"(?:" + NUM + r"{1,2}\s*(?:من\s+)?(?:شهر\s+)?" + HIJRI + _E + _YEAR_AFTER + "|" + HIJRI
                  + r"\s*(?:من\s+)?(?:عام|سنة)?\s*" + NUM + r"{4}\s*(?:هـ|ه)?" + _E + ")",
    "weekday": _B + r"(?:يوم\s+)?" + WEEKDAY + _E + r"(?:\s+(?:الماضي|المقبل|القادم|المنصرم))?",
    "day_word": _B + r"(?:أمس\s+الأول|امس\s+الاول|الليلة\s+الماضية|أمس|امس|غدا|غداً|اليوم|الليلة|"
                     r"صباح|مساء|فجر)" + _E + r"(?:\s+(?:أمس|امس|اليوم|الیوم|غد))?",
    "period": _B + r"(?:الأسبوع|الاسبوع|الشهر|العام|السنة|الأشهر|الاشهر|الأعوام|السنوات)\s+"
                   r"(?:الماضي|الماضية|المقبل|المقبلة|المنصرم|المنصرمة|القادم|القادمة)" + _E,
    "numeric_date": r"(?<![\d/])" + NUM + r"{1,2}\s*[/\-.]\s*" + NUM + r"{1,2}\s*[/\-.]\s*" + NUM + r"{4}"
                    + r"(?:\s*(?:م|هـ|ه)" + _E + ")?",
    "year_era": r"(?<!\d)" + NUM + r"{4}\s*(?:هـ|ه|م)" + _E,
    "muwafiq": _B + r"الموافق" + _E + r"(?:\s*(?:لـ|ل)?\s*[^\s،,.:;()]+){1,4}",
    "same_year": r"(?:من\s+)?(?:نفس\s+(?:العام|السنة|الشهر)|ذات\s+(?:العام|السنة|الشهر)|"
                 r"(?:العام|السنة|الشهر)\s+(?:نفسه|نفسها|ذاته|ذاتها))" + _E,
    "mundhu": _B + r"منذ\s+\S+(?:\s+\S+)?",
    "year": r"(?<![\d/\-.])" + r"(?:19|20)\d{2}" + r"(?![\d/\-.])",
    "lookalike": _B + r"(?:آب|أيار|ايار)" + _E + _YEAR_AFTER,
    "lookalike_name": _B + r"(?:جوان|إب)" + _E + _YEAR_AFTER,
}


def published_date(time: str) -> str | None:
    """The publication date (YYYY-MM-DD, as written in the record's own time zone) of a record's `time`."""
    if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", time):
        return "-".join(m.groups())
    if m := re.match(r"(\d{2})/(\d{2})/(\d{4})", time):
        return f"{m[3]}-{m[2]}-{m[1]}"
    try:
        return email.utils.parsedate_to_datetime(time).date().isoformat()
    except (TypeError, ValueError):
        return None


def candidates(sentence: str):
    """(kind, start, end) of each candidate expression of a sentence."""
    for kind, pattern in KINDS.items():
        for m in re.finditer(pattern, sentence):
            text = m.group(0).rstrip()
            if text.strip():
                yield kind, m.start(), m.start() + len(text)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("selection")
    ap.add_argument("packets")
    ap.add_argument("--news", default="/work/shared/data/news")
    ap.add_argument("--gold", default="marsad/eval/data/gold")
    ap.add_argument("--gold-dev", default="/work/shared/data/gold-dev")
    ap.add_argument("--total", type=int, default=360)
    ap.add_argument("--double", type=int, default=40)
    ap.add_argument("--packet-size", type=int, default=120)
    ap.add_argument("--seed", type=int, default=20261214)
    args = ap.parse_args(argv)
    taken = {json.loads(p.read_text(encoding="utf-8"))["locator"]["path"]
             for p in [*Path(args.gold).glob("*/*.json"), *Path(args.gold_dev).glob("*.json")]}
    pools: dict[str, list[tuple]] = {k: [] for k in KINDS}
    records: dict[tuple[str, str], dict] = {}
    for corpus, name in CORPORA.items():
        with gzip.open(Path(args.news) / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if r["path"] in taken:
                    continue
                key = (corpus, r["path"])
                for start, end in sentences(r["text"]):
                    raw = r["text"][start:end]
                    stripped = raw.strip()
                    if not 5 <= len(stripped.split()) <= 80:
                        continue
                    start += len(raw) - len(raw.lstrip())
                    found = False
                    for kind, s, e in candidates(stripped):
                        pools[kind].append((key, start, start + len(stripped), s, e))
                        found = True
                    if found:
                        records[key] = {"title": r["title"], "time": r["time"], "text": r["text"]}
    rng = random.Random(args.seed)
    for kind in KINDS:
        pools[kind].sort()
        rng.shuffle(pools[kind])
    per_article: dict[tuple, int] = {}
    chosen: list[dict] = []
    seen: set[str] = set()  # sentences (the corpora repeat some articles)
    cursor = {k: 0 for k in KINDS}
    live = [k for k in KINDS if pools[k]]
    while len(chosen) < args.total and live:
        for kind in list(live):
            pool = pools[kind]
            while cursor[kind] < len(pool):
                key, s0, e0, s, e = pool[cursor[kind]]
                cursor[kind] += 1
                sentence = records[key]["text"][s0:e0]
                if per_article.get(key, 0) >= 2 or sentence in seen:
                    continue
                per_article[key] = per_article.get(key, 0) + 1
                seen.add(sentence)
                chosen.append({"key": key, "kind": kind, "start": s0, "end": e0, "s": s, "e": e})
                break
            else:
                live.remove(kind)
            if len(chosen) >= args.total:
                break
    rng.shuffle(chosen)
    items = []
    for c in chosen:
        corpus, path = c["key"]
        rec = records[c["key"]]
        sentence = rec["text"][c["start"]:c["end"]]
        h = int(hashlib.sha1(f"{SPLIT_SEED}:{path}".encode()).hexdigest(), 16) % 3
        tid = "t" + hashlib.sha1(f"{corpus}:{path}:{c['start'] + c['s']}".encode()).hexdigest()[:10]
        items.append({"tid": tid, "corpus": corpus, "path": path, "kind": c["kind"],
                      "split": "test" if h == 0 else "dev", "start": c["start"], "end": c["end"],
                      "expr_start": c["start"] + c["s"], "expr_end": c["start"] + c["e"],
                      "title": rec["title"], "published": rec["time"], "sentence": sentence,
                      "expression": sentence[c["s"]:c["e"]]})
    with open(args.selection, "w", encoding="utf-8") as out:
        out.writelines(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    n_packets = max(1, round(len(items) / args.packet_size))
    packets: list[list[dict]] = [[] for _ in range(n_packets)]
    for i, item in enumerate(items):
        packets[i % n_packets].append(item)
    doubles = rng.sample(range(len(items)), min(args.double, len(items))) if n_packets > 1 else []
    for i in doubles:
        packets[(i % n_packets + 1) % n_packets].append(items[i])
    out_dir = Path(args.packets)
    out_dir.mkdir(parents=True, exist_ok=True)
    for p, packet in enumerate(packets, 1):
        rng.shuffle(packet)
        with open(out_dir / f"T{p:02d}.jsonl", "w", encoding="utf-8") as out:
            for item in packet:
                s = item["expr_start"] - item["start"]
                out.write(json.dumps({"tid": item["tid"], "title": item["title"], "published": item["published"],
                                      "published_date": published_date(item["published"]),
                                      "sentence": item["sentence"], "expression": item["expression"],
                                      "start": s, "end": s + len(item["expression"])}, ensure_ascii=False) + "\n")
    kinds: dict[str, int] = {}
    for item in items:
        kinds[item["kind"]] = kinds.get(item["kind"], 0) + 1
    print(f"{len(items)} expressions from {len(per_article)} articles; {len(doubles)} doubled; "
          f"{n_packets} packets; test {sum(i['split'] == 'test' for i in items)}; {kinds}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
