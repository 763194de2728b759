"""`marsad eval times`: time expressions of real news (`data/times/`), resolved by marsad and scored.

Each line of `times.jsonl` locates one candidate expression of the shared ANT corpora (`corpus`, `path`,
`start`/`end` in the record's text, as the annotator corrected its extent) and gives the annotator's
reading: `is_time`, and `value` (ISO: `YYYY-MM-DD`, `YYYY-Www`, `YYYY-MM`, `YYYY`, the Gregorian days
`YYYY-MM-DD/YYYY-MM-DD` of a Hijri month or year, or null when it cannot be resolved).

marsad reads the whole record (its publication date from the record's `time`; its offsets are mapped
back to the record's text). An expression is right
when marsad finds a time overlapping it with the same value (so the same granularity); one whose value is
null is right when no overlapping time of marsad's has a value; a candidate that is no time is right when
marsad finds no time overlapping it. `--agreement`: the two annotators of the doubly annotated items.
"""
from __future__ import annotations

import gzip
import json
import sys
from collections import Counter, defaultdict
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path

DATA = Path(__file__).with_name("data") / "times"
CORPORA = {"ant": "ant-multisource.jsonl.gz", "antv1": "ant-v1-jawhara.jsonl.gz"}
PIPELINE = ("text", "times")


def read(name: str, data: Path = DATA) -> list[dict]:
    path = data / name
    return [json.loads(line) for line in path.open(encoding="utf-8")] if path.exists() else []


def records(news: Path, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """The corpus records (`corpus`, `path`) named in `wanted`."""
    found: dict[tuple[str, str], dict] = {}
    for corpus, name in CORPORA.items():
        if not any(c == corpus for c, _ in wanted):
            continue
        with gzip.open(news / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                if (corpus, record["path"]) in wanted:
                    found[(corpus, record["path"])] = record
    return found


def comparable(value: str | None, granularity: str | None) -> str | None:
    """marsad's value in the annotators' form: a week as `YYYY-Www`."""
    if value and granularity == "week" and len(value) == 10:
        year, week, _ = date.fromisoformat(value).isocalendar()
        return f"{year:04d}-W{week:02d}"
    return value


def right(item: dict, times: list[tuple[int, int, str | None]]) -> bool:
    """Whether marsad's times (start, end, comparable value) of the item's record read it right."""
    overlapping = [v for s, e, v in times if s < item["end"] and item["start"] < e]
    if not item["is_time"]:
        return not overlapping
    if item["value"] is None:
        return not any(overlapping)
    return item["value"] in overlapping


def analyse(items: list[dict], news: Path) -> dict[tuple[str, str], list[tuple[int, int, str | None]]]:
    """marsad's times of every record the items come from."""
    import marsad
    from marsad.ingest.document import parse_date

    out = {}
    for key, record in records(news, {(i["corpus"], i["path"]) for i in items}).items():
        article = marsad.analyze(record["text"], format="text", pipeline=PIPELINE, title=record.get("title"),
                                 published=parse_date(record.get("time")))
        back = to_record(article.text, record["text"])
        out[key] = [(back(t.start), back(t.end), comparable(t.value, t.granularity)) for t in article.times]
    return out


def to_record(text: str, record_text: str):
    """A function from offsets in marsad's cleaned text to offsets in the record's text (cleaning only
    drops and changes some whitespace)."""
    if text == record_text:
        return lambda offset: offset
    blocks = SequenceMatcher(None, text, record_text, autojunk=False).get_matching_blocks()

    def back(offset: int) -> int:
        for a, b, size in blocks:
            if a <= offset <= a + size:
                return b + offset - a
        return offset
    return back


def score(items: list[dict], found: dict, verbose: bool = False, out=sys.stdout) -> Counter:
    counts: Counter = Counter()
    for item in items:
        kind = "no time" if not item["is_time"] else "null value" if item["value"] is None else "value"
        ok = right(item, found.get((item["corpus"], item["path"]), []))
        counts[kind, ok] += 1
        if verbose and not ok:
            got = [(s, e, v) for s, e, v in found.get((item["corpus"], item["path"]), [])
                   if s < item["end"] + 20 and item["start"] - 20 < e]
            print(f"  WRONG {item['tid']} [{kind}] {item['text']!r} want {item['value']} got {got}", file=out)
    return counts


def agreement(rows: list[dict], seconds: list[dict]) -> dict[str, float]:
    """Share of doubly annotated items where the two annotators agree on is_time, and on the value among
    those both call a time, and on both."""
    first = {r["tid"]: r for r in rows}
    pairs = [(first[s["tid"]], s) for s in seconds if s["tid"] in first]
    same_kind = [a["is_time"] == b["is_time"] for a, b in pairs]
    both = [(a, b) for a, b in pairs if a["is_time"] and b["is_time"]]
    same_value = [a["value"] == b["value"] for a, b in both]
    whole = [a["is_time"] == b["is_time"] and (not a["is_time"] or a["value"] == b["value"]) for a, b in pairs]
    share = lambda xs: sum(xs) / len(xs) if xs else 0.0
    return {"items": len(pairs), "is_time": share(same_kind), "value": share(same_value), "both_time": len(both),
            "all": share(whole)}


def main(split: str = "dev", data: str | None = None, with_agreement: bool = False, verbose: bool = False,
         out=sys.stdout, table: Path = DATA) -> int:
    rows = read("times.jsonl", table)
    if not rows:
        print(f"marsad: eval times: no annotations in {table}", file=sys.stderr)
        return 2
    if with_agreement:
        figures = agreement(rows, read("second.jsonl", table))
        print(f"agreement on {figures['items']} doubly annotated items: is it a time {figures['is_time']:.3f}; "
              f"same value where both say time ({figures['both_time']}) {figures['value']:.3f}; "
              f"both {figures['all']:.3f}", file=out)
        return 0
    from marsad.config import settings

    news = Path(data or settings().data) / "news"
    items = [r for r in rows if r["split"] == split]
    found = analyse(items, news)
    counts = score(items, found, verbose, out)
    total = sum(counts.values())
    good = sum(n for (_, ok), n in counts.items() if ok)
    by_kind = defaultdict(lambda: [0, 0])
    for (kind, ok), n in counts.items():
        by_kind[kind][0] += n if ok else 0
        by_kind[kind][1] += n
    parts = ", ".join(f"{k} {a}/{b}" for k, (a, b) in sorted(by_kind.items()))
    print(f"times {split}: {good}/{total} right {good / total if total else 0:.3f} ({parts})", file=out)
    return 0
