#!/usr/bin/env python3
"""Gather annotators' files into marsad's real-news corpus (`marsad/eval/data/gold/`).

Usage: python scripts/assemble_gold.py SELECTION.tsv ANNOTATIONS_DIR
  SELECTION.tsv    the output of scripts/select_gold_articles.py (split of every article)
  ANNOTATIONS_DIR  one folder per annotator id (G01, G02 …) holding `<id with : as _>.json` files

Only files that pass ../shared/tools/validate_gold.py are taken. An article's first annotation (the
lowest annotator id) goes to its split folder, a second independent one to `second/`; who annotated
what is written to `annotations.tsv`. Files already in the corpus are replaced, so rerunning is safe.
"""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

GOLD = Path(__file__).resolve().parents[1] / "marsad" / "eval" / "data" / "gold"
VALIDATE = Path(__file__).resolve().parents[2] / "shared" / "tools" / "validate_gold.py"


def valid(path: Path) -> bool:
    result = subprocess.run([sys.executable, str(VALIDATE), str(path)], capture_output=True, text=True)
    return result.returncode == 0 and result.stdout.rstrip().endswith("OK")


def main(selection: str, annotations: str) -> int:
    rows = list(csv.DictReader(open(selection, encoding="utf-8"), delimiter="\t"))
    done: dict[str, list[tuple[str, Path]]] = {}
    rejected = []
    for folder in sorted(p for p in Path(annotations).iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.json")):
            if valid(path):
                done.setdefault(path.stem, []).append((folder.name, path))
            else:
                rejected.append(path)
    for sub in ("train", "dev", "test", "second"):
        shutil.rmtree(GOLD / sub, ignore_errors=True)
        (GOLD / sub).mkdir(parents=True)
    table = []
    for r in rows:
        name = r["id"].replace(":", "_")
        annotated = done.get(name, [])
        if not annotated:
            continue
        (first_id, first), *rest = annotated
        shutil.copyfile(first, GOLD / r["split"] / f"{name}.json")
        second_id = ""
        if rest:
            second_id, second = rest[0]
            shutil.copyfile(second, GOLD / "second" / f"{name}.json")
        counts = json.loads(first.read_text(encoding="utf-8"))
        table.append({"file": f"{name}.json", "split": r["split"], "outlet": r["outlet"], "section": r["section"],
                      "words": r["words"], "annotator": first_id, "second_annotator": second_id,
                      **{k: len(counts[k]) for k in ("entities", "places", "quotes", "events")}})
    with open(GOLD / "annotations.tsv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]), delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    for path in rejected:
        print(f"not valid, left out: {path}", file=sys.stderr)
    print(f"{len(table)} articles, {sum(1 for t in table if t['second_annotator'])} annotated twice, "
          f"{len(rejected)} files left out")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
