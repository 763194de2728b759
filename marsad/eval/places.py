"""`marsad eval places`: the place-word table (`data/place_words/`), marsad's place decision scored.

Each line of `sentences.jsonl` locates one sentence of the shared ANT corpora (`corpus`, `path`,
`start`/`end` in the record's text) and one token in it (`token_start`/`token_end` in the sentence) that
reads as a gazetteer name which is also an everyday word. `labels.jsonl` gives the annotators' answer
to "is the marked word here the name of a geographic place" (`PLACE` or `NOT_PLACE`, and which place in
English), one line per annotator; some items have two.

marsad reads the whole record, as `marsad eval gold` does; it puts the token on the map when one of its
GPE or LOC mentions with a GeoNames id overlaps the token. Printed per split: precision and recall of
"is a place" against the first annotator (by id), and how many of the places found are the place the
annotator named (its Latin name in the annotator's English, a loose check). `--agreement`: the two
annotators of the doubly labelled items. The test split is scored for the final report only; `-v`
lists the wrong items, not on test.
"""
from __future__ import annotations

import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

from marsad.eval.times import records, to_record

DATA = Path(__file__).with_name("data") / "place_words"
SPLITS = ("dev", "test")


def read(name: str, data: Path = DATA) -> list[dict]:
    path = data / name
    return [json.loads(line) for line in path.open(encoding="utf-8")] if path.exists() else []


def labels(data: Path = DATA) -> dict[str, list[dict]]:
    """hid → the annotators' labels, first annotator (by id) first."""
    out: dict[str, list[dict]] = defaultdict(list)
    for row in sorted(read("labels.jsonl", data), key=lambda r: r["annotator"]):
        out[row["hid"]].append(row)
    return out


def agreement(by_hid: dict[str, list[dict]]) -> tuple[int, int]:
    """(items labelled twice, items where both labels agree)."""
    pairs = [rows[:2] for rows in by_hid.values() if len(rows) > 1]
    return len(pairs), sum(a["label"] == b["label"] for a, b in pairs)


def decisions(items: list[dict], news: Path) -> dict[str, dict | None]:
    """hid → marsad's place over the item's token (its canonical entity as a dict), or None."""
    import marsad

    wanted = {(i["corpus"], i["path"]) for i in items}
    by_record: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for item in items:
        by_record[item["corpus"], item["path"]].append(item)
    out: dict[str, dict | None] = {}
    for key, record in records(news, wanted).items():
        article = marsad.analyze(record["text"], title=record["title"], url=record["url"], site=record["src"])
        back = to_record(article.text, record["text"])
        entities = {e.id: e for e in article.canonical_entities}
        places = [(back(m.start), back(m.end), entities[m.canonical_id]) for m in article.entities
                  if m.type in ("GPE", "LOC") and m.canonical_id in entities and entities[m.canonical_id].geonameid]
        for item in by_record[key]:
            start, end = item["start"] + item["token_start"], item["start"] + item["token_end"]
            hit = next((e for s, t, e in places if s < end and start < t), None)
            out[item["hid"]] = None if hit is None else {"name": hit.name, "latin": hit.latin, "country": hit.country}
    return out


def _ascii(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s or "") if not unicodedata.combining(c)).lower()


def same_place(found: dict, named: str) -> bool:
    """The annotator's English names the place marsad found: its Latin name's first word is in it."""
    latin = _ascii(found.get("latin") or "").replace("-", " ").split()
    return bool(latin) and latin[0] in _ascii(named).replace("-", " ")


def score(items: list[dict], by_hid: dict[str, list[dict]], found: dict[str, dict | None], verbose: bool = False,
          out=sys.stdout) -> dict[str, int]:
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "same_place": 0}
    for item in items:
        gold = by_hid[item["hid"]][0]
        place = found.get(item["hid"])
        is_place = gold["label"] == "PLACE"
        kind = ("tp" if place else "fn") if is_place else ("fp" if place else "tn")
        counts[kind] += 1
        if kind == "tp" and same_place(place, gold["place"]):
            counts["same_place"] += 1
        if verbose and kind in ("fp", "fn"):
            got = f"{place['latin']} ({place['country']})" if place else "-"
            print(f"  {kind.upper()} {item['hid']} {item['token']!r} ({item['reason']}) annotator: {gold['label']} "
                  f"{gold['place']!r}; marsad: {got}", file=out)
    return counts


def main(split: str = "dev", data: str | None = None, with_agreement: bool = False, verbose: bool = False,
         out=sys.stdout, table: Path = DATA) -> int:
    items, by_hid = read("sentences.jsonl", table), labels(table)
    if not items or not by_hid:
        print(f"marsad: eval places: no labelled sentences in {table}", file=sys.stderr)
        return 2
    if with_agreement:
        n, same = agreement(by_hid)
        print(f"agreement on {n} doubly labelled items: is it a place {same}/{n} = {same / n if n else 0:.3f}", file=out)
        return 0
    if split not in SPLITS:
        print(f"marsad: eval places: --split must be dev or test, not {split!r}", file=sys.stderr)
        return 2
    from marsad.config import settings

    news = Path(data or settings().data) / "news"
    chosen = [i for i in items if i["split"] == split and i["hid"] in by_hid]
    found = decisions(chosen, news)
    c = score(chosen, by_hid, found, verbose and split != "test", out)
    precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    print(f"places {split}: {len(chosen)} items, {c['tp'] + c['fn']} places; is-a-place P {precision:.3f} "
          f"R {recall:.3f} (tp {c['tp']} fp {c['fp']} fn {c['fn']} tn {c['tn']}); the annotator's place among "
          f"those found {c['same_place']}/{c['tp']}", file=out)
    return 0

