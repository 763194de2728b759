"""The learned speaker ranker: a logistic regression over the candidates of each quote (`candidates`),
trained on the real-news references (`marsad.train.quotes`), its weights stored as JSON and scored
here in pure Python. The quotes are ranked in text order, each seeing the speaker chosen for the
previous one (the discourse state)."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from marsad.model import Article, Quote
from marsad.quotes.candidates import ArticleIndex, candidates
from marsad.quotes.records import Candidate, Found

MODEL_PATH = Path(__file__).with_name("data") / "speaker_ranker.json"


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    """The shipped weights (feature → weight)."""
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))["weights"]


def score(c: Candidate, w: dict[str, float]) -> float:
    return sum(w.get(name, 0.0) * value for name, value in c.features.items())


def choose(cands: list[Candidate], w: dict[str, float]) -> Candidate | None:
    """The best candidate (the first on ties: the cue's own phrase)."""
    best, best_score = None, float("-inf")
    for c in cands:
        s = score(c, w)
        if s > best_score:
            best, best_score = c, s
    return best


def named_by_title(cands: list[Candidate], best: Candidate) -> Candidate:
    """Title to name: a chosen role phrase with no entity behind it (`رئيس الوزراء الإثيوبي`) gives way
    to the one person the article writes every word of it beside (`رئيس الوزراء الإثيوبي أبي أحمد`)."""
    if best.origin != "phrase" or best.id or not best.features.get("role_head"):
        return best
    people = [c for c in cands if c.features.get("apposed_full")]
    return people[0] if len(people) == 1 else best


def role_of(cands: list[Candidate], best: Candidate) -> str | None:
    """The cue's role phrase (`رئيس الوزراء الإثيوبي`) when the chosen speaker is another candidate, a
    named person it refers to; else None."""
    phrase = cands[0] if cands and cands[0].origin == "phrase" else None
    if phrase is None or best is phrase or phrase.id or best.type != "PER" or not best.id:
        return None
    return phrase.text if phrase.features.get("role_head") else None


def attribute(article: Article, found: list[Found], w: dict[str, float] | None = None) -> list[Quote]:
    """The quotes of `found`, in text order, each given its best-ranked speaker (None, not an empty or
    non-noun phrase, when it has no candidate)."""
    w = weights() if w is None else w
    index = ArticleIndex(article)
    previous: Quote | None = None
    out = []
    for f in sorted(found, key=lambda f: f.quote.start):
        cands = candidates(index, f, previous) if w else []
        best = choose(cands, w) if w else None
        if best is not None:
            best = named_by_title(cands, best)
        q = f.quote
        if best is not None:
            q.speaker, q.speaker_id = best.text, best.id
            q.speaker_role = role_of(cands, best)
        elif w:
            q.speaker, q.speaker_id = None, None
        out.append(q)
        previous = q
    return out
