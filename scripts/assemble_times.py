#!/usr/bin/env python3
"""Assemble the annotated time expressions into marsad's time table (`marsad/eval/data/times/`).

Usage: python scripts/assemble_times.py SELECTION.jsonl ANNOTATION_DIR OUT_DIR
SELECTION.jsonl is the output of scripts/select_time_expressions.py; ANNOTATION_DIR holds `tasks/T01.jsonl`…
(the packets), `out/<ANNOTATOR>/<packet>.jsonl` (the annotations) and `INSTRUCTIONS.md`. An item's first
annotation is the one of its home packet (the packet it was dealt to; a doubled item is also in the next
packet), the other goes to `second.jsonl`. Offsets become offsets in the record's text (standoff: the
sentence is not copied). Writes OUT_DIR/times.jsonl, OUT_DIR/second.jsonl and OUT_DIR/INSTRUCTIONS.md.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path


def value_of(annotation: dict) -> str | None:
    value = annotation.get("value")
    if not annotation.get("is_time") or value in (None, "", "null", "None"):
        return None
    return str(value).strip()


def standoff(item: dict, annotation: dict, problems: list[str]) -> dict:
    """The annotation with offsets in the record's text."""
    sentence = item["sentence"]
    start, end, text = annotation.get("start"), annotation.get("end"), annotation.get("text")
    if not annotation.get("is_time") or not isinstance(start, int) or not isinstance(end, int):
        start, end = item["expr_start"] - item["start"], item["expr_end"] - item["start"]
    elif sentence[start:end] != text:
        found = sentence.find(text) if text else -1
        if found < 0:
            problems.append(f"{item['tid']} {annotation['annotator']}: extent {text!r} not in the sentence; "
                            f"the candidate's kept")
            start, end = item["expr_start"] - item["start"], item["expr_end"] - item["start"]
        else:
            start, end = found, found + len(text)
    return {"tid": item["tid"], "corpus": item["corpus"], "path": item["path"], "start": item["start"] + start,
            "end": item["start"] + end, "text": sentence[start:end], "is_time": bool(annotation.get("is_time")),
            "value": value_of(annotation), "annotator": annotation["annotator"]}


def main(argv=None) -> int:
    selection, annotation_dir, out_dir = (Path(a) for a in (argv or sys.argv[1:]))
    items = [json.loads(line) for line in selection.open(encoding="utf-8")]
    packets = sorted((annotation_dir / "tasks").glob("T*.jsonl"))
    home = {item["tid"]: packets[i % len(packets)].stem for i, item in enumerate(items)}
    annotations: dict[str, list[dict]] = {}
    for path in sorted((annotation_dir / "out").glob("*/T*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                a = json.loads(line)
                annotations.setdefault(a["tid"], []).append({**a, "annotator": path.parent.name, "packet": path.stem})
    out_dir.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    firsts, seconds = [], []
    for item in items:
        found = annotations.get(item["tid"], [])
        first = next((a for a in found if a["packet"] == home[item["tid"]]), None)
        if first is None:
            problems.append(f"{item['tid']}: no annotation from its packet {home[item['tid']]}")
            continue
        firsts.append({**standoff(item, first, problems), "split": item["split"], "kind": item["kind"]})
        seconds += [standoff(item, a, problems) for a in found if a is not first]
    with open(out_dir / "times.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in firsts)
    with open(out_dir / "second.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in seconds)
    shutil.copyfile(annotation_dir / "INSTRUCTIONS.md", out_dir / "INSTRUCTIONS.md")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(firsts)} items, {len(seconds)} second annotations, {len(problems)} problems", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
