"""Sentence-level PLOVER event detection.

For each sentence: trigger hits from the lexicon (`plover.find_triggers`), then

- context: a negation (لم، لن، لا، ما، نفى، عدم، دون)، a plan or future (سوف، سـ، تعتزم، تخطط)، a
  condition (إذا، لو، في حال)، an attempt (محاولة) or a fear or warning (خشية، حذر من) before the
  trigger make it not an asserted event (see `status`). Negated and hypothetical (future, planned,
  threatened, conditional, feared) events are kept with `Event.status` "negated" / "hypothetical"
  when their rule score reaches `NOT_ASSERTED_THRESHOLD` (the classifier is not used for them), with
  their confidence scaled by `NOT_ASSERTED_FACTOR`; they never count as having happened (the dev
  evaluation scores asserted events only). Attempts (محاولة، حاول، أحبط) are still dropped;
- evidence: the trigger weights of the sentence's hits of one category are combined (noisy-or), with
  category-specific evidence: for ASSAULT casualties (killed/wounded quantities, مقتل، قتلى، جرحى),
  weapons and a recent time; for PROTEST crowds (متظاهرون، آلاف) and protest verbs. Historical
  references (a year well before publication), generic talk (عمليات الخطف، مسلسل الاغتيالات) and
  reactions (ندد، أدان، وصف) lower it;
- one event per category and sentence, at the strongest trigger, when the confidence reaches the
  category's threshold; for the types of the shipped sentence classifier (`marsad.events.classifier`,
  ASSAULT) its probability, with the rule score among its features, replaces the rule threshold and
  becomes the confidence;
- source: the nearest actor before the trigger in the same clause (a mention of type PER/ORG/NORP/GPE
  from the article's entities, else a generic actor noun: مسلحون، الجيش، القوات الإسرائيلية…), target:
  the first actor after it (after على، ضد، استهدف … when present);
- location: a place mention in the sentence, else the article's first place (the dateline or main
  place), which is inferred (`Event.location_inferred`): its confidence is lowered by `INFERRED_PENALTY`;
- quantities: copies of the article's quantities in the sentence that belong to the event (see
  `attach_quantities`): an ASSAULT takes the killed/wounded counts, a PROTEST the protesters, a COERCE
  the arrested…; a count of people right after a kill/wound/arrest word takes that role as its unit;
- date: a time expression in the sentence, else the article's dateline, else the publication date, and
  `date_source` saying which;
- mode: the strongest trigger's mode, else a mode word in the sentence (a car bomb → explosives).
"""
from __future__ import annotations

from bisect import bisect_left

from marsad import lexicon
from marsad.events import classifier
from marsad.events.cues import (CLASSIFIED, CONDITIONAL, CUE_BONUS, DEFAULT_THRESHOLD, EVENT_QUANTITY_UNITS, FEAR,
                                FUTURE, HARM_TAKERS, HARM_UNITS, INFERRED_PENALTY, NEGATION, NOT_ASSERTED_FACTOR,
                                NOT_ASSERTED_THRESHOLD, THRESHOLD, Sentence, candidate_hits, cue_forms, score_sentence,
                                sentences, status)
from marsad.events.dates import dateline_date
from marsad.events.plover import Hit
from marsad.model import Article, Event, TimeExpression
from marsad.text.tokens import original_length

# `status()` values → `Event.status` (None: dropped).
EVENT_STATUS = {"asserted": "asserted", "negated": "negated", "future": "hypothetical",
                "hypothetical": "hypothetical", "attempted": None}
# Generic actor nouns used when no entity mention fills the role.
ACTOR_HEADS = lexicon.words("actor_heads")


# Words that mark the mode of an ASSAULT when the trigger has none, by mode in file order.
MODE_WORDS = lexicon.grouped("assault_modes", "mode", "word")
COMPLEMENTISERS = lexicon.words("complementisers")
# Marks after which a trigger's clause starts (a quotation or a colon).
CLAUSE_OPENING_MARKS = ":«\"“"
# Nisba endings of the adjectives that extend a generic actor noun (القوات الإسرائيلية).
NISBA_ENDINGS = ("يه", "يين", "يون", "ي")
# Words right before a mention that make it a place, not a target.
PLACE_BEFORE = ("في", "بمدينه", "مدينه", "منطقه")
PEOPLE_UNITS = frozenset({None, "person", "soldier", "police", "child", "woman", "fighter", "protester"})


def _mentions_in(sent: Sentence, types=("PER", "ORG", "NORP", "GPE")):
    return [m for m in sent.mentions if m.end <= sent.end and m.type in types]


def _actor_ref(m) -> str:
    return m.canonical_id or m.text


def _generic_actor(article: Article, tokens, k: int, end: int) -> tuple[str, int, int] | None:
    """A generic actor noun phrase at token k: the noun and the nisba adjectives after it."""
    tok = tokens[k]
    if not tok.is_word or not (tok.forms & ACTOR_HEADS):
        return None
    last = k
    for j in range(k + 1, min(end, k + 4)):
        n = tokens[j].norm
        if tokens[j].is_word and len(n) > 4 and n.endswith(NISBA_ENDINGS):
            last = j
        else:
            break
    return article.text[tok.start:tokens[last].end], tok.start, tokens[last].end


def attach_actors(article: Article, tokens, sent: Sentence, hit: Hit) -> tuple[str | None, str | None]:
    """(source, target) for a trigger: the nearest actor before it in its clause, the first after it."""
    trig_start, trig_end = tokens[hit.first].start, tokens[hit.last].end
    # the clause of the trigger starts after the last complementiser/quote mark before it
    clause_start = sent.start
    for k in range(hit.first - 1, sent.first - 1, -1):
        t = tokens[k]
        if t.norm in COMPLEMENTISERS or t.text in CLAUSE_OPENING_MARKS:
            clause_start = t.end
            break
    mentions = _mentions_in(sent)
    before = [m for m in mentions if clause_start <= m.start and m.end <= trig_start]
    after = [m for m in mentions if m.start >= trig_end]
    source = target = None
    src_pos = None
    if before:
        m = before[-1]
        source, src_pos = _actor_ref(m), m.start
    # the subject of a verb-first clause comes right after the verb
    if hit.trigger.kind == "v":
        for k in range(hit.first + 1, min(sent.last, hit.last + 3)):
            g = _generic_actor(article, tokens, k, sent.last)
            ms = [m for m in mentions if tokens[k].start <= m.start <= tokens[k].end]
            if ms and source is None:
                source, src_pos = _actor_ref(ms[0]), ms[0].start
                break
            if g and source is None:
                source, src_pos = g[0], g[1]
                break
    if source is None:
        for k in range(hit.first - 1, max(sent.first - 1, hit.first - 8), -1):
            if tokens[k].end <= clause_start:
                break
            g = _generic_actor(article, tokens, k, hit.first)
            if g:
                source, src_pos = g[0], g[1]
                break
    for m in after:
        if m.start == src_pos:
            continue
        k = bisect_left(tokens, m.start, key=lambda t: t.start)
        prev = tokens[k - 1].norm if k > 0 else ""
        if prev in PLACE_BEFORE or m.start - trig_end > 80:
            continue
        target = _actor_ref(m)
        break
    if target is None:
        for k in range(hit.last + 1, min(sent.last, hit.last + 8)):
            if tokens[k].start == src_pos:
                continue
            g = _generic_actor(article, tokens, k, sent.last)
            if g and g[1] != src_pos:
                target = g[0]
                break
    return source, target


def _is_place(m) -> bool:
    return m.type in ("GPE", "LOC", "FAC") and bool(m.canonical_id)


def _location(article: Article, sent: Sentence, first_place) -> tuple[str | None, bool]:
    """The sentence's place (one after في first), else the article's first place (inferred)."""
    inside = [m for m in sent.mentions if _is_place(m)]
    if inside:
        after_fi = [m for m in inside if article.text[max(0, m.start - 4):m.start].strip().endswith("في")]
        return (after_fi or inside)[0].canonical_id, False
    if first_place is not None:
        return first_place.canonical_id, True
    return None, False


def _date(article: Article, sent: Sentence, dateline: TimeExpression | None) -> tuple[str | None, str | None]:
    """(date, date_source): a time expression of the sentence (not the dateline), else the dateline's
    date, else the publication date."""
    for t in sent.times:
        if t.value and (dateline is None or t.start != dateline.start):
            return t.value, "sentence"
    if dateline is not None:
        return dateline.value, "dateline"
    pub = article.metadata.published
    return (pub[:10], "published") if pub else (None, None)


def _mode(hit: Hit, words: set[str], category: str) -> str | None:
    if hit.trigger.mode:
        return hit.trigger.mode
    if category == "ASSAULT":
        for mode, forms in MODE_WORDS:
            if words & forms:
                return mode
    if category == "PROTEST":
        return "demo"
    return None


def _close_cue(tokens, sent: Sentence, hits: list[Hit]) -> bool:
    """Whether a hit's negation/future/condition/threat word is at most two words before it (or it is a
    future verb: سيهاجم)."""
    cues = NEGATION | FUTURE | CONDITIONAL | FEAR
    for h in hits:
        if h.future:
            return True
        for k in range(h.first - 1, max(sent.first, h.first - 3) - 1, -1):
            if cue_forms(tokens[k]) & cues:
                return True
    return False


def _not_asserted(tokens, sent: Sentence, hits: list[Hit]) -> dict[str, list[Hit]]:
    """The hits that are not asserted, by `Event.status` (negated, hypothetical; attempts left out)."""
    out: dict[str, list[Hit]] = {}
    for h in hits:
        st = EVENT_STATUS.get(status(tokens, h, sent.first))
        if st and st != "asserted":
            out.setdefault(st, []).append(h)
    return out


def quantity_role(article: Article, starts: list[int], q) -> str | None:
    """The unit of a quantity as an event count: a count of people (or of an unknown noun, آخرون) right
    after a kill/wound/arrest word takes that role (قتل خمسة جنود → killed, وأصيب 12 آخرون → wounded);
    else its unit, None for an unknown noun."""
    from marsad.events.quantities import EVENT_BEFORE, KNOWN_UNITS

    if q.unit in PEOPLE_UNITS or q.unit not in KNOWN_UNITS:
        tokens = article.tokens
        k = bisect_left(starts, q.start)
        for j in range(k - 1, max(-1, k - 4), -1):
            tok = tokens[j]
            if not tok.is_word:
                break
            w = tok.norm
            # و ف or ب alone: the token's readings would also drop ل, ك and the article
            if len(w) > 3 and w[0] in "وفب" and w[1:] in EVENT_BEFORE:
                w = w[1:]
            if w in EVENT_BEFORE:
                return EVENT_BEFORE[w]
        if q.unit not in KNOWN_UNITS:
            return None
    return q.unit


def attach_quantities(article: Article, starts: list[int], sent: Sentence, events: list[Event]) -> None:
    """Give the events of one sentence copies of its quantities: each quantity goes to the nearest event
    (by character distance to the trigger) of a type that takes its role (`EVENT_QUANTITY_UNITS`);
    counts of harm with no such event go to the nearest ASSAULT/COERCE/CRIME/PROTEST event. The copy's
    unit is the role."""
    from marsad.model import Quantity

    if not events:
        return
    for q in sent.quantities:
        role = quantity_role(article, starts, q)
        if role is None:
            continue
        takers = [e for e in events if role in EVENT_QUANTITY_UNITS.get(e.type, ())]
        if not takers and role in HARM_UNITS:
            takers = [e for e in events if e.type in HARM_TAKERS]
        if not takers:
            continue
        ev = min(takers, key=lambda e: (max(q.start - e.end, e.start - q.end, 0), e.status != "asserted"))
        ev.quantities.append(Quantity(q.text, q.start, q.end, q.value, q.value_min, q.value_max, role))


def detect_events(article: Article) -> list[Event]:
    """The PLOVER events of an analysed article (needs its tokens and sentences)."""
    model = classifier.load_model()
    tokens = article.tokens
    starts = [t.start for t in tokens]
    text = article.text
    first_place = next((m for m in article.entities if _is_place(m)), None)
    dateline = dateline_date(text, article.times)
    events: list[Event] = []
    for sent in sentences(article):
        all_by_cat, by_cat = candidate_hits(article, sent)
        if not all_by_cat:
            continue
        stoks = tokens[sent.first:sent.last]
        stext = text[sent.start:sent.end]
        words = set()
        for t in stoks:
            words |= t.forms
        loc, inferred = _location(article, sent, first_place)
        date, date_source = _date(article, sent, dateline)
        found: list[Event] = []
        for cat, all_hits in all_by_cat.items():
            chits = by_cat.get(cat, [])
            ev_status, conf = "asserted", None
            if chits:
                conf = score_sentence(tokens, sent, chits, cat, stext, article)
                if model and cat in CLASSIFIED and cat in model:
                    prob = classifier.probability(model[cat], classifier.features(
                        article, sent, cat, all_hits, chits, conf, **classifier.options(model[cat])))
                    conf = prob if prob >= model[cat]["threshold"] else None
                elif conf < THRESHOLD.get(cat, DEFAULT_THRESHOLD):
                    conf = None
            if conf is None:
                # not an asserted event: a negated or hypothetical one, by the rules alone
                best_other = None
                for st, hits in _not_asserted(tokens, sent, all_hits).items():
                    c = score_sentence(tokens, sent, hits, cat, stext, article)
                    c = min(c + CUE_BONUS, 0.99) if _close_cue(tokens, sent, hits) else c
                    if c >= NOT_ASSERTED_THRESHOLD and (best_other is None or c > best_other[1]):
                        best_other = (st, c, hits)
                if best_other is None:
                    continue
                ev_status, conf, chits = best_other[0], best_other[1] * NOT_ASSERTED_FACTOR, best_other[2]
            best = max(chits, key=lambda h: (h.trigger.weight, h.last - h.first))
            first, last = tokens[best.first], tokens[best.last]
            start = first.start + original_length(first.text, best.prefix)
            source, target = attach_actors(article, tokens, sent, best)
            if inferred:
                conf -= INFERRED_PENALTY
            found.append(Event(cat, text[start:last.end], start, last.end, _mode(best, words, cat), source, target,
                               loc, date, stext, round(conf, 3), status=ev_status, location_inferred=inferred,
                               date_source=date_source))
        attach_quantities(article, starts, sent, found)
        events.extend(found)
    return events
