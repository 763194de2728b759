"""What the event detector and its sentence-type model both read about a sentence: its span of tokens,
the status of a trigger (asserted, negated, future, hypothetical, attempted), a hit's weight in context,
the rule score of a category, the word classes behind them (`marsad/lexicon/*.tsv`) and the
per-category settings (`data/categories.toml`).
"""
from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path

from marsad import lexicon
from marsad.events.plover import Hit, find_triggers, verb_forms
from marsad.model import Article

CATEGORIES_PATH = Path(__file__).with_name("data") / "categories.toml"
with open(CATEGORIES_PATH, "rb") as _f:
    _SETTINGS = tomllib.load(_f)
_CATEGORIES: dict[str, dict] = _SETTINGS["categories"]

THRESHOLD = {name: c["threshold"] for name, c in _CATEGORIES.items() if "threshold" in c}
DEFAULT_THRESHOLD = _SETTINGS["default_threshold"]
INFERRED_PENALTY = _SETTINGS["inferred_penalty"]
NOT_ASSERTED_FACTOR = _SETTINGS["not_asserted_factor"]
NOT_ASSERTED_THRESHOLD = _SETTINGS["not_asserted_threshold"]
CUE_BONUS = _SETTINGS["cue_bonus"]
# The quantity roles an event type takes, and the types that take the counts of harm otherwise.
EVENT_QUANTITY_UNITS = {name: frozenset(c["quantity_units"]) for name, c in _CATEGORIES.items()
                        if "quantity_units" in c}
HARM_UNITS = frozenset(_SETTINGS["harm_units"])
HARM_TAKERS = tuple(name for name, c in _CATEGORIES.items() if c.get("takes_harm"))

NEGATION = lexicon.words("negation_cues")
FUTURE = lexicon.words("future_cues")
CONDITIONAL = lexicon.words("conditional_cues")
ATTEMPT = lexicon.words("attempt_cues")
FEAR = lexicon.words("fear_cues")
GENERIC = lexicon.words("generic_event_cues")
REACTION = lexicon.words("reaction_words")
CASUALTY_UNITS = {"killed", "wounded"}
CASUALTY_WORDS = lexicon.words("casualty_words")
RECENT = lexicon.words("recent_time_words")
CROWD = lexicon.words("crowd_words")
CROWD_SIZE = lexicon.words("crowd_size_words")
PROTEST_VERBS = frozenset().union(*(verb_forms(v) for v in lexicon.ordered("protest_verbs")))
NON_PROTEST_HEADS = lexicon.words("non_protest_heads")
COERCED_PROTEST = lexicon.words("coerced_protest_words")
SUPPORT_RALLY = lexicon.words("support_rally_words")
REFERENCE = lexicon.words("reference_heads")
LIGHT_VERBS = frozenset().union(*(verb_forms(e["word"]) if e["conjugate"] == "yes" else {e["word"]}
                                  for e in lexicon.rows("light_verbs")))
ARMED = lexicon.words("armed_actors")
# Words that make an ASSAULT sentence about a series of events wherever they stand (a subset of GENERIC).
SERIES = {"مسلسل", "ظاهره", "سلسله"}
YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
# Punctuation and words that end the context of a trigger (status looks no further back).
CONTEXT_BREAK_MARKS = "،,؛;.:«»\"“”"
CONTEXT_BREAK_WORDS = ("و", "ثم")


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    first: int  # index of its first token in article.tokens
    last: int  # one past its last token
    # The article's mentions, times and quantities that start inside it, in the article's order.
    mentions: list = field(default_factory=list)
    times: list = field(default_factory=list)
    quantities: list = field(default_factory=list)


def cue_forms(tok) -> frozenset[str]:
    """The token's reading stems, plus the word without its conjunction when it has one: readings drop
    و/ف only from words of four letters or more, and cue words are short (ولم، فلن)."""
    return tok.forms | {tok.norm[1:]} if tok.conjunction else tok.forms


def sentences(article: Article) -> list[Sentence]:
    """The article's sentences (the whole text when it has none) with their token ranges and what
    starts inside them (found by bisection, so that long articles cost linear time)."""
    tokens = article.tokens
    starts = [t.start for t in tokens]
    spans = article.sentences or []
    if not spans:
        from marsad.model import Span

        spans = [Span(0, len(article.text))]
    parts = [_by_start(article.entities), _by_start(article.times), _by_start(article.quantities)]
    out = []
    for s in spans:
        a, b = bisect_left(starts, s.start), bisect_left(starts, s.end)
        if b > a:
            out.append(Sentence(s.start, s.end, a, b, *(_starting_in(part, s.start, s.end) for part in parts)))
    return out


def _by_start(items: list) -> tuple[list[int], list[tuple[int, object]]]:
    """Items sorted by start, each with its index in the list (to give back the list's order)."""
    ordered = sorted(enumerate(items), key=lambda pair: pair[1].start)
    return [item.start for _, item in ordered], ordered


def _starting_in(part: tuple[list[int], list[tuple[int, object]]], start: int, end: int) -> list:
    starts, ordered = part
    found = ordered[bisect_left(starts, start):bisect_left(starts, end)]
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def status(tokens, hit: Hit, start: int) -> str:
    """`asserted`, `negated`, `future`, `hypothetical` or `attempted`, from the words before the trigger
    (up to four, not crossing a clause break such as ، or و)."""
    if hit.future:
        return "future"
    for k in range(hit.first - 1, max(start, hit.first - 5) - 1, -1):
        tok = tokens[k]
        forms = cue_forms(tok)
        if forms & NEGATION and (tok.norm != "ما" or k == hit.first - 1):
            return "negated"
        if tok.norm == "قد" and k == hit.first - 1 and tokens[hit.first].norm[:1] in "يتن":
            return "hypothetical"
        if forms & FUTURE or tok.norm.startswith("سي") and len(tok.norm) > 4 and k == hit.first - 1:
            return "future"
        if forms & CONDITIONAL:
            return "hypothetical"
        if forms & ATTEMPT:
            return "attempted"
        if forms & FEAR:
            return "hypothetical"
        if tok.text in CONTEXT_BREAK_MARKS or tok.norm in CONTEXT_BREAK_WORDS:
            break
    return "asserted"


def candidate_hits(article: Article, sent: Sentence) -> tuple[dict[str, list[Hit]], dict[str, list[Hit]]]:
    """(all hits by category, asserted hits by category) of one sentence, indexed in article.tokens."""
    tokens = article.tokens
    hits = find_triggers(tokens[sent.first:sent.last])
    all_by_cat: dict[str, list[Hit]] = {}
    by_cat: dict[str, list[Hit]] = {}
    for h in hits:
        h.first += sent.first
        h.last += sent.first
        all_by_cat.setdefault(h.trigger.category, []).append(h)
        if status(tokens, h, sent.first) == "asserted":
            by_cat.setdefault(h.trigger.category, []).append(h)
    return all_by_cat, by_cat


def year_gap(sentence_text_years: list[int], published: str | None) -> bool:
    """Whether the sentence's years all come before the publication year."""
    if not published or not sentence_text_years:
        return False
    try:
        pub = int(published[:4])
    except ValueError:
        return False
    return min(sentence_text_years) < pub - 0 and all(y < pub for y in sentence_text_years)


def hit_weight(tokens, h: Hit, sent: Sentence) -> float:
    """A hit's weight in its context: a noun after a light verb counts as a verb; a noun that names an
    event told elsewhere (جريمة اغتيال، التحقيق في الهجوم) counts little."""
    w = h.trigger.weight
    if h.trigger.kind == "v":
        return w
    if h.last + 1 < sent.last and tokens[h.last + 1].forms & LIGHT_VERBS:
        return max(w, 0.6)
    for k in range(h.first - 1, max(sent.first - 1, h.first - 3), -1):
        forms = tokens[k].forms
        # any one-letter proclitic, short words included (وتم، فقام): wider than the token's readings
        if forms & LIGHT_VERBS or tokens[k].norm[1:] in LIGHT_VERBS:
            return max(w, 0.6)
        if forms & REFERENCE or tokens[k].norm in REFERENCE:
            return w * 0.4
        if tokens[k].norm in ("في", "ب", "علي"):
            continue
    return w
def score_sentence(tokens, sent: Sentence, hits: list[Hit], category: str, text: str, article: Article) -> float:
    """The confidence that the sentence reports an asserted event of `category`, from its asserted hits."""
    if not hits:
        return 0.0
    miss = 1.0
    for h in hits:
        miss *= 1.0 - hit_weight(tokens, h, sent)
    conf = 1.0 - miss
    words = set()
    for t in tokens[sent.first:sent.last]:
        words |= t.forms
    years = [int(y) for y in YEAR.findall(text)]
    if year_gap(years, article.metadata.published):
        conf -= 0.1
    if category == "ASSAULT":
        casualties = any(q.unit in CASUALTY_UNITS for q in sent.quantities)
        if casualties or len(words & CASUALTY_WORDS) >= 2:
            conf += 0.15
        elif words & CASUALTY_WORDS:
            conf += 0.05
        if words & RECENT:
            conf += 0.05
        if any(h.trigger.kind == "v" and near(tokens, h, sent, ARMED, 2) for h in hits):
            conf += 0.25
        if any(tokens[h.first - 1].forms & GENERIC for h in hits if h.first > sent.first) or \
                words & SERIES:
            conf -= 0.25
        if words & REACTION:
            conf -= 0.2
    elif category == "PROTEST":
        # a protest clause: a gathering verb next to a protest word (تجمع مئات المتظاهرين، خرجت مظاهرات)
        if any(near(tokens, h, sent, PROTEST_VERBS, 3) for h in hits):
            conf += 0.4
        elif any(h.trigger.kind == "v" and h.first - sent.first <= 4 for h in hits):
            conf += 0.2
        if words & CROWD and words & CROWD_SIZE:
            conf += 0.1
        if words & RECENT:
            conf += 0.05
        head = head_verb(tokens, sent)
        if head and head & NON_PROTEST_HEADS and not any(h.trigger.kind == "v" for h in hits):
            conf -= 0.3
        if words & COERCED_PROTEST and not any(near(tokens, h, sent, PROTEST_VERBS, 3) for h in hits):
            conf -= 0.3  # `فرقت الشرطة المتظاهرين`: the event is the coercion, not the protest
        if words & SUPPORT_RALLY:
            conf -= 0.3  # `تأييدا لقرار`: a rally for, not a protest
        if words & REACTION:
            conf -= 0.15
    return max(0.0, min(conf, 0.99))


def near(tokens, h: Hit, sent: Sentence, forms: set[str], window: int) -> bool:
    """Whether a word of `forms` is within `window` words of the hit (in its sentence)."""
    for k in range(max(sent.first, h.first - window), min(sent.last, h.last + window + 1)):
        if k != h.first and (tokens[k].forms & forms):
            return True
    return False


def head_verb(tokens, sent: Sentence) -> set[str] | None:
    """The bare forms of the sentence's first word after a leading conjunction (its main verb in a
    verb-first sentence)."""
    for t in tokens[sent.first:min(sent.last, sent.first + 3)]:
        if t.is_word:
            return cue_forms(t)
    return None
