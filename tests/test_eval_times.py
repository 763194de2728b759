"""`marsad eval times`: the scorer of real time expressions, on a small fixture corpus."""
from __future__ import annotations

import gzip
import io
import json

from marsad.eval import times

TEXT = ("الرياض - وقع الجانبان يوم السبت 7/11/1436هـ الموافق 22/8/2015م الاتفاق، وأعلن الوزير أمس الأول "
        "أن الشيخ جوان سيزور محافظة إب.")


def item(tid, expression, is_time, value, split="dev"):
    start = TEXT.index(expression)
    return {"tid": tid, "corpus": "ant", "path": "X/x-1.txt", "split": split, "start": start,
            "end": start + len(expression), "text": expression, "is_time": is_time, "value": value,
            "annotator": "A1"}


ITEMS = [
    item("t1", "يوم السبت 7/11/1436هـ الموافق 22/8/2015م", True, "2015-08-22"),
    item("t2", "أمس الأول", True, "2015-08-23"),
    item("t3", "جوان", False, None),
    item("t4", "إب", False, None),
    item("t5", "أمس الأول", True, "2015-08-24"),  # a wrong reference: marsad must be scored wrong on it
]


def test_right_and_comparable():
    found = [(10, 20, "2015-08-22")]
    assert times.right({"start": 15, "end": 30, "is_time": True, "value": "2015-08-22"}, found)
    assert not times.right({"start": 15, "end": 30, "is_time": True, "value": "2015-08"}, found)
    assert not times.right({"start": 15, "end": 30, "is_time": False, "value": None}, found)
    assert times.right({"start": 25, "end": 30, "is_time": False, "value": None}, found)
    assert times.right({"start": 15, "end": 30, "is_time": True, "value": None}, [(10, 20, None)])
    assert times.comparable("2018-12-31", "week") == "2019-W01"
    assert times.comparable("2018-12", "month") == "2018-12"


def test_agreement():
    second = [{**ITEMS[0], "annotator": "A2"}, {**ITEMS[2], "annotator": "A2", "is_time": True, "value": "2015-06"}]
    figures = times.agreement(ITEMS, second)
    assert figures["items"] == 2 and figures["is_time"] == 0.5 and figures["value"] == 1.0 and figures["all"] == 0.5


def test_main_scores_a_fixture_corpus(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    record = {"path": "X/x-1.txt", "title": "اتفاق", "text": TEXT, "time": "Tue, 25 Aug 2015 10:00:00 +0300",
              "url": "", "src": "x"}
    with gzip.open(news / "ant-multisource.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    table = tmp_path / "table"
    table.mkdir()
    (table / "times.jsonl").write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in ITEMS),
                                       encoding="utf-8")
    out = io.StringIO()
    assert times.main("dev", str(tmp_path), out=out, table=table) == 0
    assert out.getvalue().startswith("times dev: 4/5 right 0.800")
