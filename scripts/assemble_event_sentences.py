#!/usr/bin/env python3
"""Gather annotators' sentence labels into marsad's event-sentence set (`marsad/eval/data/event_sentences/`).

Usage: python scripts/assemble_event_sentences.py SENTENCES.jsonl LABELS_DIR
  SENTENCES.jsonl  the output of scripts/select_event_sentences.py
  LABELS_DIR       one folder per annotator id (E01 …) holding `<batch>.jsonl` label files

A label file is taken line by line; a line whose strings do not occur in its sentence is left out and
reported. The first annotation of a sentence goes to `sentences.jsonl`, a second one (by another
annotator) to `second.jsonl`. Sentence texts are not copied: each line keeps corpus, path and offsets.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "marsad" / "eval" / "data" / "event_sentences"
KEEP = ("sid", "corpus", "path", "outlet", "start", "end", "pool", "split")
EVENT_KEYS = {"type", "trigger", "source", "target", "location", "status"}


def usable(events: list[dict], sentence: str) -> bool:
    return all(set(e) == EVENT_KEYS and e["trigger"] and e["trigger"] in sentence
               and all(e[r] is None or e[r] in sentence for r in ("source", "target", "location")) for e in events)


def main(sentences: str, labels: str) -> int:
    selected = {r["sid"]: r for r in map(json.loads, open(sentences, encoding="utf-8"))}
    annotations: dict[str, list[tuple[str, list]]] = {}
    left_out = 0
    for folder in sorted(p for p in Path(labels).iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.jsonl")):
            for line in path.open(encoding="utf-8"):
                try:
                    row = json.loads(line)
                    ok = row["sid"] in selected and usable(row["events"], selected[row["sid"]]["sentence"])
                except (json.JSONDecodeError, KeyError, TypeError):
                    ok = False
                if not ok:
                    left_out += 1
                    continue
                done = annotations.setdefault(row["sid"], [])
                if folder.name not in (a for a, _ in done):
                    done.append((folder.name, row["events"]))
    OUT.mkdir(parents=True, exist_ok=True)
    firsts = seconds = 0
    with open(OUT / "sentences.jsonl", "w", encoding="utf-8") as first_out, \
            open(OUT / "second.jsonl", "w", encoding="utf-8") as second_out:
        for sid, meta in selected.items():
            done = annotations.get(sid)
            if not done:
                continue
            (annotator, events), *rest = done
            first_out.write(json.dumps({**{k: meta[k] for k in KEEP}, "annotator": annotator, "events": events},
                                       ensure_ascii=False) + "\n")
            firsts += 1
            if rest:
                second_out.write(json.dumps({"sid": sid, "annotator": rest[0][0], "events": rest[0][1]},
                                            ensure_ascii=False) + "\n")
                seconds += 1
    print(f"{firsts} sentences, {seconds} annotated twice, {left_out} label lines left out")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
