"""Labelled sentences for the event detector's training and tuning, from marsad's real-news data.

A unit is one sentence of an analysed article (`marsad.events.cues.Sentence`) with the set of PLOVER
types whose asserted events the annotators coded in it:

- the real-news corpus (`marsad/eval/data/gold/<split>`): whole articles, every sentence a unit; a
  reference event is placed at its trigger inside its reference sentence;
- the event sentences (`marsad/eval/data/event_sentences/sentences.jsonl`, rows of the split): each
  annotated sentence is analysed alone, as an article published on its record's date; when marsad cuts it
  in several sentences, an event belongs to the one holding its trigger.

Both read the articles from the shared news corpora (`../shared/data/news`). Analyses are cached by
content under `settings().cache / "event_units"` so that repeated runs cost seconds.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import pickle
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from marsad.config import settings
from marsad.eval.gold import CORPUS
from marsad.eval.sentences import DATA as SENTENCE_DATA
from marsad.events.cues import Sentence, sentences
from marsad.model import Article

CORPORA = {"ant": "ant-multisource.jsonl.gz", "antv1": "ant-v1-jawhara.jsonl.gz"}
SAME_TYPE = {"REQUEST": "DEMAND", "ACCUSE": "DISAPPROVE"}
_PATH_DATE = re.compile(r"-(\d{4})(\d{2})(\d{2})\.txt$")


@dataclass
class Unit:
    article: Article
    sent: Sentence
    types: set[str] = field(default_factory=set)  # asserted event types coded in the sentence
    known: frozenset[str] | None = None  # the types it is labelled for (None: all)


def news_records(news: Path) -> dict[tuple[str, str], dict]:
    out = {}
    for corpus, name in CORPORA.items():
        with gzip.open(news / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                out[(corpus, r["path"])] = r
    return out


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """A digest of marsad's run-time code and data (not the training and evaluation packages), so that
    cached analyses of older code are not read."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha1()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix != ".pyc" and path.relative_to(package).parts[0] not in ("train", "eval"):
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def analysed_article(text: str, metadata: dict, stages: tuple[str, ...]) -> Article:
    """The article analysed by `marsad.analyze` up to `stages`, from the cache when it holds it (the
    cache key holds the text, the stages and a digest of the run-time code and data)."""
    from marsad import analyze

    key = hashlib.sha1(json.dumps([text, metadata, stages, _code_digest()]).encode()).hexdigest()
    cache = Path(settings().cache) / "event_units" / f"{key}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    article = analyze(text, pipeline=stages, **metadata)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(article))
    return article


def _stages() -> tuple[str, ...]:
    from marsad.pipeline import DEFAULT_PIPELINE

    return tuple(n for n in DEFAULT_PIPELINE if n not in ("events", "quotes"))


def record_date(record: dict) -> str | None:
    """The date in a corpus record's file name (`AL-internationalNews-4-20180218.txt` → 2018-02-18)."""
    m = _PATH_DATE.search(record["path"])
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def _find(text: str, needle: str, near: int = 0) -> int:
    """The start of `needle` in `text` nearest after `near` (else anywhere), -1 when absent; spelling is
    compared normalised when the exact string is not there."""
    if not needle:
        return -1
    i = text.find(needle, near)
    if i < 0:
        i = text.find(needle)
    if i >= 0:
        return i
    # normalise without changing lengths: alef, ya, ta marbuta variants
    table = str.maketrans("إأآٱىة", "اااايه")
    t, n = text.translate(table), needle.translate(table)
    i = t.find(n, near)
    return i if i >= 0 else t.find(n)


def _unit_at(units: list[Unit], pos: int) -> Unit | None:
    for u in units:
        if u.sent.start <= pos < u.sent.end:
            return u
    return None


def _label(units: list[Unit], etype: str, status: str, pos: int) -> None:
    """Mark the unit holding a trigger at `pos` with its type; a negated or hypothetical event is no
    event of its type here."""
    unit = _unit_at(units, pos)
    if unit is not None and status == "asserted":
        unit.types.add(SAME_TYPE.get(etype, etype))


def gold_units(split: str | Path, records: dict, stages: tuple[str, ...] | None = None) -> list[Unit]:
    """Every sentence of the real-news corpus articles of `split` (or of the references in a folder),
    labelled with their reference events."""
    stages = stages or _stages()
    out = []
    folder = CORPUS / split if isinstance(split, str) else split
    for path in sorted(folder.glob("*.json")):
        ref = json.loads(path.read_text(encoding="utf-8"))
        loc = ref["locator"]
        record = records[(loc["corpus"], loc["path"])]
        # the metadata the evaluation gives marsad.analyze, so that the text, dateline and dates agree
        meta = {"title": record["title"], "url": record["url"], "site": record["src"]}
        article = analysed_article(record["text"], meta, stages)
        text = article.text
        units = [Unit(article, s) for s in sentences(article)]
        for ev in ref.get("events", []):
            where = _find(text, ev.get("sentence") or "")
            pos = _find(text, ev["trigger"], max(where, 0))
            if pos >= 0:
                _label(units, ev["type"], "asserted", pos)
        out.extend(units)
    return out


def sentence_units(split: str, records: dict, stages: tuple[str, ...] | None = None,
                   rows: list[dict] | None = None) -> list[Unit]:
    """The annotated event sentences of `split`, each analysed alone."""
    stages = stages or _stages()
    if rows is None:
        rows = [json.loads(line) for line in (SENTENCE_DATA / "sentences.jsonl").open(encoding="utf-8")]
    out = []
    for row in rows:
        if row["split"] != split:
            continue
        record = records[(row["corpus"], row["path"])]
        text = record["text"][row["start"]:row["end"]]
        article = analysed_article(text, {"published": record_date(record)}, stages)
        units = [Unit(article, s) for s in sentences(article)]
        for ev in row["events"]:
            pos = _find(text, ev["trigger"])
            if pos >= 0:
                _label(units, ev["type"], ev["status"], pos)
        out.extend(units)
    return out


def oeda_units(data_dir: Path, stages: tuple[str, ...] | None = None) -> list[Unit]:
    """The rows of the PLOVER Arabic dev sets (`{assault,protest}_dev.csv`), each a sentence labelled for
    its one type (`yes` → an event of it; `easy no`/`difficult no` → none; `ambiguous` rows left out).
    A row cut in several sentences by marsad gives one unit, its first sentence spanning them all."""
    import csv

    from marsad.events.devset import _ID_DATE
    from marsad.events.devset import TYPES as OEDA_TYPES

    stages = stages or _stages()
    out = []
    for name in OEDA_TYPES:
        etype = name.upper()
        with open(data_dir / f"{name}_dev.csv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                label = row["label"].strip()
                if label == "ambiguous":
                    continue
                m = _ID_DATE.search(row["id"])
                published = f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None
                article = analysed_article(row["text"], {"published": published}, stages)
                sents = sentences(article)
                if not sents:
                    continue
                whole = Sentence(sents[0].start, sents[-1].end, sents[0].first, sents[-1].last,
                                 [x for s in sents for x in s.mentions], [x for s in sents for x in s.times],
                                 [x for s in sents for x in s.quantities])
                unit = Unit(article, whole, known=frozenset({etype}))
                if label == "yes":
                    unit.types.add(etype)
                out.append(unit)
    return out
