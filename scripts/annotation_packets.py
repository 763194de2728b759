#!/usr/bin/env python3
"""Lay out work for independent annotators: texts, skeletons and task batches, outside the repository.

Usage:
  python scripts/annotation_packets.py articles SELECTION.tsv WORKDIR [--batch 13]
  python scripts/annotation_packets.py sentences SENTENCES.jsonl WORKDIR [--batch 100] [--first 1]

articles: WORKDIR/texts/<name>.txt (the record's text), WORKDIR/skeletons/<name>.json (id, locator, title,
empty lists) and WORKDIR/tasks/G01.txt … (test articles first, then dev, then the second annotations of
doubly annotated test/dev articles, then train, then the remaining second annotations; no batch holds
both annotations of an article). sentences: WORKDIR/sent_tasks/S01.jsonl … (sid, title, sentence), in the
same order. Annotators read the packets and INSTRUCTIONS.md, never the code or the system's output.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from pathlib import Path

CORPORA = {"ant": "ant-multisource.jsonl.gz", "antv1": "ant-v1-jawhara.jsonl.gz"}
ORDER = {"test": 0, "dev": 1, "train": 2}


def batches(queue: list, size: int) -> list[list]:
    out = [queue[i:i + size] for i in range(0, len(queue), size)]
    for batch in out:
        ids = [key for key, _ in batch]
        if len(set(ids)) != len(ids):
            raise SystemExit("a batch would hold both annotations of one item: change --batch")
    return out


def articles(selection: str, work: Path, size: int, news: Path) -> None:
    rows = sorted(csv.DictReader(open(selection, encoding="utf-8"), delimiter="\t"), key=lambda r: ORDER[r["split"]])
    want = {(r["corpus"], r["path"]): r for r in rows}
    for sub in ("texts", "skeletons", "tasks"):
        (work / sub).mkdir(parents=True, exist_ok=True)
    for corpus, name in CORPORA.items():
        for line in gzip.open(news / name, "rt", encoding="utf-8"):
            record = json.loads(line)
            row = want.get((corpus, record["path"]))
            if row:
                stem = row["id"].replace(":", "_")
                (work / "texts" / f"{stem}.txt").write_text(record["text"], encoding="utf-8")
                skeleton = {"id": row["id"], "locator": {"corpus": corpus, "path": record["path"], "index": None},
                            "title": record["title"], "entities": [], "places": [], "quotes": [], "events": []}
                (work / "skeletons" / f"{stem}.json").write_text(json.dumps(skeleton, ensure_ascii=False, indent=1),
                                                                 encoding="utf-8")
    held = [r for r in rows if r["split"] != "train"]
    queue = [(r["id"], 1) for r in held]
    queue += [(r["id"], 2) for r in held if r["double"] == "1"]
    queue += [(r["id"], 1) for r in rows if r["split"] == "train"]
    queue += [(r["id"], 2) for r in rows if r["split"] == "train" and r["double"] == "1"]
    for k, batch in enumerate(batches(queue, size), 1):
        (work / "tasks" / f"G{k:02d}.txt").write_text("".join(i.replace(":", "_") + "\n" for i, _ in batch))


def sentences(path: str, work: Path, size: int, first: int) -> None:
    rows = sorted(map(json.loads, open(path, encoding="utf-8")), key=lambda r: ORDER[r["split"]])
    queue = [(r["sid"], r) for r in rows] + [(r["sid"], r) for r in rows if r["double"]]
    (work / "sent_tasks").mkdir(parents=True, exist_ok=True)
    for k, batch in enumerate(batches(queue, size), first):
        with open(work / "sent_tasks" / f"S{k:02d}.jsonl", "w", encoding="utf-8") as out:
            for _, r in batch:
                out.write(json.dumps({"sid": r["sid"], "title": r["title"], "sentence": r["sentence"]},
                                     ensure_ascii=False) + "\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("articles", "sentences"))
    ap.add_argument("source")
    ap.add_argument("work", type=Path)
    ap.add_argument("--batch", type=int)
    ap.add_argument("--first", type=int, default=1, help="sentences: number of the first batch (for a top-up)")
    ap.add_argument("--news", type=Path, default=Path("../shared/data/news"))
    args = ap.parse_args(argv)
    if args.what == "articles":
        articles(args.source, args.work, args.batch or 13, args.news)
    else:
        sentences(args.source, args.work, args.batch or 100, args.first)
    return 0


if __name__ == "__main__":
    sys.exit(main())
