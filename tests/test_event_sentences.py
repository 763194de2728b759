"""The event-sentence set (marsad/eval/data/event_sentences) and `marsad eval sentences`: standoff lines
that point at real sentences, every type covered, and the agreement arithmetic."""
import gzip
import json
from collections import Counter

import pytest

from marsad.eval import sentences
from tests.conftest import SHARED, needs

KEYS = {"sid", "corpus", "path", "outlet", "start", "end", "pool", "split", "annotator", "events"}
CORPORA = {"ant": "ant-multisource.jsonl.gz", "antv1": "ant-v1-jawhara.jsonl.gz"}


@pytest.fixture(scope="module")
def rows():
    return sentences.read("sentences.jsonl")


def test_lines_are_standoff_and_complete(rows):
    assert len(rows) >= 2000 and len({r["sid"] for r in rows}) == len(rows)
    for r in rows:
        assert set(r) == KEYS and r["corpus"] in CORPORA and r["split"] in ("train", "dev", "test")
        for e in r["events"]:
            assert e["type"] in sentences.TYPES and e["status"] in ("asserted", "negated", "hypothetical")


def test_every_type_has_forty_asserted_positives(rows):
    positives = Counter(t for r in rows for t in {e["type"] for e in r["events"] if e["status"] == "asserted"})
    assert min(positives[t] for t in sentences.TYPES) >= 40
    assert sum(1 for r in rows if not r["events"]) >= 500  # labelled negatives


def test_second_labels_are_by_another_annotator(rows):
    first = {r["sid"]: r["annotator"] for r in rows}
    seconds = sentences.read("second.jsonl")
    assert len(seconds) >= 300
    assert all(s["annotator"] != first[s["sid"]] for s in seconds)


def test_no_held_out_sentence_or_article_is_shared_with_the_real_news_corpus(rows):
    """The real-news corpus's later train top-ups may hold articles of event-sentence train sentences
    (both are training data); nothing held out in one is in the other."""
    from marsad.eval.gold import CORPUS

    def paths(split: str) -> set[str]:
        return {json.loads(p.read_text(encoding="utf-8"))["locator"]["path"] for p in (CORPUS / split).glob("*.json")}

    held_out = paths("dev") | paths("test")
    assert len(held_out) == 95
    assert not held_out & {r["path"] for r in rows}
    assert not (held_out | paths("train")) & {r["path"] for r in rows if r["split"] != "train"}


@needs(SHARED / "news" / "ant-multisource.jsonl.gz")
def test_offsets_point_at_sentences_holding_every_label(rows):
    texts = {}
    for corpus, name in CORPORA.items():
        wanted = {r["path"] for r in rows if r["corpus"] == corpus}
        for line in gzip.open(SHARED / "news" / name, "rt", encoding="utf-8"):
            record = json.loads(line)
            if record["path"] in wanted:
                texts[(corpus, record["path"])] = record["text"]
    for r in rows:
        sentence = texts[(r["corpus"], r["path"])][r["start"]:r["end"]]
        assert 8 <= len(sentence.split()) <= 70
        for e in r["events"]:
            for value in (e["trigger"], e["source"], e["target"], e["location"]):
                assert value is None or value in sentence, (r["sid"], value)


def test_kappa_and_matching():
    assert sentences.cohen_kappa([("a", "a"), ("b", "b")]) == 1.0
    assert sentences.cohen_kappa([("a", "b"), ("b", "a")]) == -1.0
    assert abs(sentences.cohen_kappa([("a", "a"), ("a", "b"), ("b", "b"), ("b", "b")]) - 0.5) < 1e-9
    a = [{"type": "ASSAULT", "trigger": "قصفت", "source": "الطائرات الروسية", "target": None, "location": "إدلب",
          "status": "asserted"}]
    b = [{"type": "ASSAULT", "trigger": "قصفت الطائرات", "source": "الطائرات", "target": None, "location": "إدلب",
          "status": "hypothetical"},
         {"type": "ASSAULT", "trigger": "قصفت", "source": None, "target": None, "location": None, "status": "asserted"}]
    pairs = sentences.match(a, b)
    assert len(pairs) == 1 and pairs[0][1] is b[0]
    figures = sentences.agreement([{"sid": "s", "events": a}], [{"sid": "s", "events": b}])
    assert figures["source_agreement"] == 1.0 and figures["status_agreement"] == 0.0
    assert abs(figures["event_f1"] - 2 / 3) < 1e-9
