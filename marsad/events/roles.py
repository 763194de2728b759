"""Source and target of an event: a learned choice among the actor mentions of its sentence.

Candidates are the sentence's actor mentions (PER, ORG, NORP, GPE entities) and generic actor noun phrases
(`actor_heads`: مسلحون، القوات الإسرائيلية…). Two logistic regressions (trained by `marsad.train.roles`,
weights in `data/roles.json`) score every candidate as the trigger's source and as its target from what
Arabic syntax says about it: side and distance, the verb–subject–object slot, the verb's agreement with the
candidate, the preposition or agent phrase before it (على يد، من قبل، برصاص، ضد، في + place), the victim
of a casualty noun (مقتل X), the genitive of a masdar (اغتيال X), clause boundaries between it and the
trigger, its type, the event type. The best candidate fills a slot when its probability reaches the slot's
threshold (tuned on dev); otherwise the slot stays empty.
"""
from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marsad import lexicon
from marsad.events.plover import load_lexicon
from marsad.model import Article

MODEL_PATH = Path(__file__).with_name("data") / "roles.json"
ACTOR_TYPES = ("PER", "ORG", "NORP", "GPE")
# Heads of generic actor noun phrases: armed and official actors, people, bodies named by a common noun.
ACTOR_HEADS = lexicon.words("actor_heads") | lexicon.words("people_nouns") | lexicon.words("role_heads")
COMPLEMENTISERS = lexicon.words("complementisers")
CASUALTY_WORDS = lexicon.words("casualty_words")
PREPOSITIONS = lexicon.words("prepositions")
NUMBER_WORDS = lexicon.words("number_words")
QUOTE_MARKS = frozenset(":«»\"“”")
# Nisba endings of the adjectives that extend a generic actor noun (القوات الإسرائيلية).
NISBA_ENDINGS = ("يه", "يين", "يون", "ي")
PLURAL_ENDINGS = ("ون", "ين", "ات")
DISTANCE_BUCKETS = (0, 1, 2, 4, 8, 16)


@dataclass(slots=True)
class Candidate:
    """An actor mention of the sentence: tokens `first..last` (inclusive) of `article.tokens`."""

    ref: str  # what `Event.source/target` holds: the entity's canonical id, else the phrase
    kind: str  # PER, ORG, NORP, GPE or generic
    start: int
    end: int
    first: int
    last: int
    place: bool = False  # a gazetteer place (GPE with a GeoNames id)


@dataclass(slots=True)
class Roles:
    source: str | None
    target: str | None
    source_score: float = 0.0
    target_score: float = 0.0


def _token_at(tokens, offset: int) -> int:
    """The token that holds `offset` (a mention behind a clitic starts inside its token)."""
    return max(0, bisect_right(tokens, offset, key=lambda t: t.start) - 1)


def _generic(article: Article, k: int, end: int) -> tuple[int, int] | None:
    """(first, last) tokens of a generic actor noun phrase at token k: the noun and the nisba adjectives
    that agree with it in definiteness and carry no clitic (القوات الإسرائيلية، قوات إسرائيلية)."""
    tokens = article.tokens
    tok = tokens[k]
    if not tok.is_word or not (tok.forms & ACTOR_HEADS):
        return None
    last = k
    for j in range(k + 1, min(end, k + 4)):
        adj = tokens[j]
        if adj.is_word and len(adj.norm) > 4 and adj.norm.endswith(NISBA_ENDINGS) \
                and adj.stem == adj.norm and adj.definite == tok.definite:
            last = j
        else:
            break
    return k, last


def candidates(article: Article, sent) -> list[Candidate]:
    """The actor mentions of a sentence (`cues.Sentence`), in text order."""
    tokens = article.tokens
    out: list[Candidate] = []
    covered: set[int] = set()
    for m in sent.mentions:
        if m.type not in ACTOR_TYPES or m.end > sent.end:
            continue
        first = _token_at(tokens, m.start)
        last = max(first, bisect_left(tokens, m.end, key=lambda t: t.start) - 1)
        covered.update(range(first, last + 1))
        place = m.type == "GPE" and (m.canonical_id or "").startswith("geo:")
        out.append(Candidate(m.canonical_id or m.text, m.type, m.start, m.end, first, last, place))
    k = sent.first
    while k < sent.last:
        span = None if k in covered else _generic(article, k, sent.last)
        if span is None:
            k += 1
            continue
        first, last = span
        start, end = tokens[first].start, tokens[last].end
        out.append(Candidate(article.text[start:end], "generic", start, end, first, last))
        k = last + 1
    out.sort(key=lambda c: c.start)
    return out


def trigger_candidates(article: Article, sent, first: int, last: int) -> list[Candidate]:
    """The candidates of the trigger at tokens first..last: the sentence's actor mentions outside it and
    the noun phrase right after it. A phrase trigger with an actor between its words (أطلقت القوات
    الإسرائيلية النار) is read from its first word."""
    found = candidates(article, sent)
    if any(first < c.first and c.last < last for c in found):
        last = first
    cands = [c for c in found if c.last < first or c.first > last]
    phrase = object_phrase(article, sent, last, cands)
    return cands + [phrase] if phrase else cands


@lru_cache(maxsize=4096)
def _trigger_kind(norm: str, category: str) -> str:
    """v (verb) or n (noun, masdar) for the trigger word, from the trigger lexicon."""
    from marsad.text.tokens import readings

    kinds = [(trig.category == category, kind) for reading in readings(norm) if not reading.nominal
             for trig, kind in load_lexicon().get(reading.stem, ())]
    kinds += [(trig.category == category, "n") for reading in readings(norm) if reading.nominal
              for trig, kind in load_lexicon().get(reading.stem, ()) if kind != "v"]
    if not kinds:
        return "n" if norm.startswith(("ال", "وال", "بال", "لل")) else "u"
    return max(kinds)[1]


def governs(tokens, head: Candidate, other: Candidate) -> bool:
    """`other` is the genitive of `head` (عناصر ميليشيا الحوثي، قوات النظام): right after a common noun in
    the construct state (no article, no nunation, no sound-plural or dual nun: not مسلحون جنودا)."""
    if other.first != head.last + 1 or head.kind not in ("generic", "phrase"):
        return False
    last = tokens[head.last]
    return not last.definite and not last.norm.endswith(("ون", "ين", "ان", "ا"))


def _bucket(d: int) -> str:
    for b in reversed(DISTANCE_BUCKETS):
        if d >= b:
            return str(b)
    return "0"


def _feminine(norm: str) -> bool:
    return norm.endswith(("ه", "ات"))


def _plural(norm: str) -> bool:
    return len(norm) > 4 and norm.endswith(PLURAL_ENDINGS)


def features(article: Article, sent, first: int, last: int, category: str, cand: Candidate,
             cands: list[Candidate]) -> dict[str, float]:
    """What the role model reads about one candidate of a trigger (tokens first..last)."""
    tokens = article.tokens
    trig = tokens[first]
    tnorm = trig.norm[1:] if trig.conjunction and len(trig.norm) > 3 else trig.norm
    kind = _trigger_kind(trig.norm, category)
    before = cand.last < first
    side = "b" if before else "a"
    lo, hi = (cand.last + 1, first) if before else (last + 1, cand.first)
    between = tokens[lo:hi]
    dist = sum(1 for t in between if t.is_word or t.kind in ("num", "latin"))
    rank = sum(1 for c in cands if c is not cand and (lo <= c.first < hi or lo <= c.last < hi))
    f = {
        "bias": 1.0,
        f"kind:{cand.kind}": 1.0,
        f"side:{side}": 1.0,
        f"side:{side}|kind:{cand.kind}": 1.0,
        f"side:{side}|trig:{kind}": 1.0,
        f"side:{side}|dist:{_bucket(dist)}": 1.0,
        f"side:{side}|rank:{min(rank, 3)}": 1.0,
        f"side:{side}|rank:{min(rank, 3)}|trig:{kind}": 1.0,
        f"side:{side}|cat:{category}": 1.0,
        f"side:{side}|kind:{cand.kind}|cat:{category}": 1.0,
        "dist": min(dist, 30) / 10,
    }
    if cand.place:
        f["place"] = 1.0
    if cand.kind in ("generic", "phrase"):
        f[f"head:{tokens[cand.first].bare}"] = 1.0
    f[f"trigger:{trig.bare}|side:{side}|near:{rank == 0}"] = 1.0
    # clause boundaries between the candidate and the trigger
    for t in between:
        if t.text in "،,؛;":
            f["cross:comma"] = 1.0
        elif t.text in QUOTE_MARKS:
            f["cross:quote"] = 1.0
        elif t.text in "()[]":
            f["cross:paren"] = 1.0
        elif t.norm in COMPLEMENTISERS:
            f["cross:complementiser"] = 1.0
        elif t.text == ".":
            f["cross:stop"] = 1.0
    # the verb–subject–object slot, and the verb's agreement with its subject
    if not before and rank == 0 and dist <= 2:
        f[f"next:{kind}"] = 1.0
        f[f"next:{kind}|kind:{cand.kind}"] = 1.0
        if kind == "v":
            head = tokens[cand.first].bare
            verb_fem = tnorm.startswith("ت") or tnorm.endswith(("ت", "تا"))
            f[f"agree:fem:{verb_fem == _feminine(head)}"] = 1.0
            f[f"agree:plural:{tnorm.endswith(('وا', 'ون')) == _plural(head)}"] = 1.0
    if before and rank == 0 and dist == 0:
        f[f"prev:{kind}"] = 1.0
    # the nearest full actor on its side with no boundary or preposition between (NORP adjectives and
    # titles may stand between a verb and its subject)
    full = [c for c in cands if c is not cand and c.kind != "NORP" and (lo <= c.first < hi or lo <= c.last < hi)]
    open_path = not any(t.text in "،,؛;:«»\"“”()" or t.norm in PREPOSITIONS or t.norm in COMPLEMENTISERS
                        for t in between)
    if not full and open_path and cand.kind != "NORP":
        f[f"nearest_open|side:{side}|trig:{kind}"] = 1.0
        f[f"nearest_open|side:{side}|cat:{category}"] = 1.0
    if kind == "v" and tnorm.endswith(("ه", "ها", "هم", "هما")) and len(tnorm) > 4:
        f[f"objpron|side:{side}"] = 1.0
    if tnorm in CASUALTY_WORDS or trig.bare in CASUALTY_WORDS:
        f[f"casualty|side:{side}|rank:{min(rank, 2)}"] = 1.0
    if any(t.norm in CASUALTY_WORDS or t.bare in CASUALTY_WORDS for t in between):
        f[f"casualty_between|side:{side}"] = 1.0
    # the words right before the candidate: preposition, agent phrase
    head_tok = tokens[cand.first]
    clitic = head_tok.norm[:head_tok.prefix].lstrip("وف")
    if clitic:
        f[f"clitic:{clitic}"] = 1.0
        f[f"clitic:{clitic}|side:{side}"] = 1.0
    k = cand.first - 1
    if k >= sent.first and tokens[k].is_word:
        p = tokens[k].norm
        p = p[1:] if p[:1] in "وف" and len(p) > 2 and p[1:] in PREPOSITIONS else p
        f[f"pw:{p}"] = 1.0
        f[f"pw:{p}|side:{side}"] = 1.0
        if p in PREPOSITIONS:
            f[f"prep|kind:{cand.kind}"] = 1.0
            if cand.place:
                f[f"place_prep:{p}"] = 1.0
        if len(p) > 4 and p.endswith(("ها", "ته")):
            f["pw:verb_with_pronoun"] = 1.0
        if k - 1 >= sent.first and tokens[k - 1].is_word:
            f[f"pw2:{tokens[k - 1].norm}_{p}"] = 1.0
    if cand.first == sent.first or cand.first == sent.first + 1 and not tokens[sent.first].is_word:
        f["initial"] = 1.0
    # the genitive of another candidate (عناصر ميليشيا الحوثي): the phrase's head holds the role
    if any(governs(tokens, c, cand) for c in cands):
        f[f"genitive|side:{side}"] = 1.0
        if "casualty|side:a|rank:1" in f or f"casualty_between|side:{side}" in f:
            f["genitive|casualty"] = 1.0
    if cand.kind == "NORP":
        named = any(c.kind in ("PER", "ORG") or c.kind == "GPE" and not c.place for c in cands)
        if named:
            f["norp_with_named"] = 1.0
        if any(c.kind == "generic" and c.first <= cand.first <= c.last + 1 for c in cands):
            f["norp_after_generic"] = 1.0
    return f


@lru_cache(maxsize=1)
def load_model() -> dict | None:
    if not MODEL_PATH.exists():
        return None
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


def probability(weights: dict, feats: dict[str, float]) -> float:
    z = weights["bias"] + sum(weights["weights"].get(k, 0.0) * v for k, v in feats.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def object_phrase(article: Article, sent, last: int, cands: list[Candidate]) -> Candidate | None:
    """The noun phrase right after a trigger (past a preposition) that no actor mention covers: a word
    and the definite word after it (دهس المارة، السماح للنساء، احتجاز كبار الأعضاء)."""
    tokens = article.tokens
    covered = {k for c in cands for k in range(c.first, c.last + 1)}
    j = last + 1
    if j < sent.last and tokens[j].norm in PREPOSITIONS:
        j += 1
    if j >= sent.last or j in covered or not tokens[j].is_word or tokens[j].norm in PREPOSITIONS \
            or tokens[j].norm in COMPLEMENTISERS or tokens[j].bare in NUMBER_WORDS or len(tokens[j].bare) < 3:
        return None
    end = j
    nxt = j + 1
    if nxt < sent.last and nxt not in covered and tokens[nxt].is_word and tokens[nxt].definite \
            and not tokens[nxt].conjunction and tokens[nxt].prefix == 0:
        end = nxt
    start, stop = tokens[j].start + tokens[j].prefix, tokens[end].end
    return Candidate(article.text[start:stop], "phrase", start, stop, j, end)


def score(article: Article, sent, first: int, last: int, category: str,
          model: dict | None = None) -> tuple[list[Candidate], list[float], list[float]]:
    """The candidates of a trigger with their source and target probabilities."""
    model = model or load_model()
    cands = trigger_candidates(article, sent, first, last)
    if any(first < c.first <= last for c in cands):
        last = first
    feats = [features(article, sent, first, last, category, c, cands) for c in cands]
    return (cands, [probability(model["source"], f) for f in feats],
            [probability(model["target"], f) for f in feats])


def _one_actor(tokens, a: Candidate, b: Candidate) -> bool:
    return a.ref == b.ref or governs(tokens, a, b) or governs(tokens, b, a)


def choose_roles(article: Article, sent, first: int, last: int, category: str, model: dict | None = None) -> Roles:
    """Source and target of the trigger at tokens first..last of `article.tokens` in `sent`: the pair of
    candidates (or empty slots) whose probabilities exceed the slots' thresholds by most in sum, never
    one actor (nor a noun and its genitive) in both slots; a slot stays empty unless its probability
    reaches its threshold."""
    model = model or load_model()
    if model is None:
        return Roles(None, None)
    cands, ps, pt = score(article, sent, first, last, category, model)
    if not cands:
        return Roles(None, None)
    thresholds = model["threshold"]
    options_s = [(ps[i] - thresholds["source"], i) for i in range(len(cands))] + [(0.0, None)]
    options_t = [(pt[i] - thresholds["target"], i) for i in range(len(cands))] + [(0.0, None)]
    _, s, t = max(((gs + gt, s, t) for gs, s in options_s for gt, t in options_t
                   if s is None or t is None or not _one_actor(article.tokens, cands[s], cands[t])),
                  key=lambda pair: pair[0])
    src = cands[s].ref if s is not None else None
    tgt = cands[t].ref if t is not None else None
    return Roles(src, tgt, round(ps[s], 3) if s is not None else 0.0, round(pt[t], 3) if t is not None else 0.0)
