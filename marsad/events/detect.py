"""Sentence-level PLOVER event detection.

For each sentence: trigger hits from the lexicon (`plover.find_triggers`) and the sentence-type model
(`sentence_types`), which decides which types the sentence reports as having happened, with a calibrated
probability that becomes the event's confidence. A reported type takes its strongest lexicon hit as
trigger, else the sentence's word that weighs most for the type; the trigger's context gives its status.
Without the model (`event_classifier` off, or no model file) the rules below decide alone:

- context: a negation (لم، لن، لا، ما، نفى، عدم، دون)، a plan or future (سوف، سـ، تعتزم، تخطط)، a
  condition (إذا، لو، في حال)، an attempt (محاولة) or a fear or warning (خشية، حذر من) before the
  trigger make it not an asserted event (see `status`). Negated and hypothetical (future, planned,
  threatened, conditional, feared) events are kept with `Event.status` "negated" / "hypothetical"
  when their rule score reaches `NOT_ASSERTED_THRESHOLD` (the model is not used for them), with
  their confidence scaled by `NOT_ASSERTED_FACTOR`; they never count as having happened (the dev
  evaluation scores asserted events only). Attempts (محاولة، حاول، أحبط) are still dropped;
- evidence: the trigger weights of the sentence's hits of one category are combined (noisy-or), with
  category-specific evidence: for ASSAULT casualties (killed/wounded quantities, مقتل، قتلى، جرحى),
  weapons and a recent time; for PROTEST crowds (متظاهرون، آلاف) and protest verbs. Historical
  references (a year well before publication), generic talk (عمليات الخطف، مسلسل الاغتيالات) and
  reactions (ندد، أدان، وصف) lower it;
- one event per category and sentence, at the strongest trigger, when the confidence reaches the
  category's threshold (with the model: when the model reports the type);
- source and target: chosen by the role model (`marsad.events.roles`) among the sentence's actor mentions
  (PER/ORG/NORP/GPE entities, generic actor nouns: مسلحون، الجيش، القوات الإسرائيلية…), each left empty
  when the model is unsure;
- location: a place mention after في in the sentence, else the article's first place (the dateline or
  main place), which is inferred (`Event.location_inferred`): its confidence is lowered by `INFERRED_PENALTY`;
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
from marsad.events import sentence_types
from marsad.events.cues import (CONDITIONAL, CUE_BONUS, DEFAULT_THRESHOLD, EVENT_QUANTITY_UNITS, FEAR,
                                FUTURE, HARM_TAKERS, HARM_UNITS, INFERRED_PENALTY, NEGATION, NOT_ASSERTED_FACTOR,
                                NOT_ASSERTED_THRESHOLD, THRESHOLD, Sentence, candidate_hits, cue_forms, score_sentence,
                                sentences, status)
from marsad.events.dates import dateline_date
from marsad.events.plover import Hit, Trigger
from marsad.events.roles import choose_roles
from marsad.model import Article, Event, Span, TimeExpression
from marsad.text.normalize import normalize
from marsad.text.tokens import original_length, without_article

# `status()` values → `Event.status` (None: dropped).
EVENT_STATUS = {"asserted": "asserted", "negated": "negated", "future": "hypothetical",
                "hypothetical": "hypothetical", "attempted": None}
# Words that mark the mode of an ASSAULT when the trigger has none, by mode in file order.
MODE_WORDS = lexicon.grouped("assault_modes", "mode", "word")
PEOPLE_UNITS = frozenset({None, "person", "soldier", "police", "child", "woman", "fighter", "protester"})


def attach_actors(article: Article, tokens, sent: Sentence, hit: Hit) -> tuple[str | None, str | None]:
    """(source, target) for a trigger, as the role model chooses them (`marsad.events.roles`)."""
    chosen = choose_roles(article, sent, hit.first, hit.last, hit.trigger.category)
    return chosen.source, chosen.target


def _is_place(m) -> bool:
    return m.type in ("GPE", "LOC", "FAC") and bool(m.canonical_id)


def _location(article: Article, sent: Sentence, first_place) -> tuple[str | None, bool]:
    """The sentence's first place after في (where something happened), else the article's first place
    (inferred): a place named otherwise (an actor such as إيران، a destination, an origin) is no event's
    location."""
    for m in sent.mentions:
        if _is_place(m) and article.text[max(0, m.start - 4):m.start].strip().endswith("في"):
            return m.canonical_id, False
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


def _model_hit(model: sentence_types.TypesModel, article: Article, sent: Sentence, category: str, all_hits: list[Hit]) -> Hit | None:
    """The trigger of an event the sentence-type model reports: the strongest lexicon hit of the type
    (asserted first), else the word whose features weigh most for the type."""
    tokens = article.tokens
    if all_hits:
        return max(all_hits, key=lambda h: (status(tokens, h, sent.first) == "asserted", h.trigger.weight,
                                            h.last - h.first))
    k = sentence_types.trigger_word(model, category, article, sent)
    if k is None:
        return None
    return Hit(Trigger(category, None, "w", 0.0, tokens[k].bare), k, k, tokens[k].prefix)


def detect_events(article: Article, types_model: sentence_types.TypesModel | None = None) -> list[Event]:
    """The PLOVER events of an analysed article (needs its tokens and sentences); `types_model`: another
    sentence-type model than the shipped one."""
    types_model = types_model or sentence_types.load_model()
    tokens = article.tokens
    starts = [t.start for t in tokens]
    text = article.text
    first_place = next((m for m in article.entities if _is_place(m)), None)
    dateline = dateline_date(text, article.times)
    events: list[Event] = []
    sents = sentences(article)
    hits = [candidate_hits(article, sent) for sent in sents]
    reports = (types_model.reported_types_of([sentence_types.features(article, sent, h) for sent, h in zip(sents, hits)])
               if types_model else [{}] * len(sents))
    for sent, (all_by_cat, by_cat), reported in zip(sents, hits, reports):
        if not all_by_cat and not reported:
            continue
        stoks = tokens[sent.first:sent.last]
        stext = text[sent.start:sent.end]
        words = set()
        for t in stoks:
            words |= t.forms
        loc, inferred = _location(article, sent, first_place)
        date, date_source = _date(article, sent, dateline)
        found: list[Event] = []
        for cat in sorted(set(all_by_cat) | set(reported)):
            all_hits = all_by_cat.get(cat, [])
            chits = by_cat.get(cat, [])
            ev_status, conf = "asserted", None
            if types_model:
                if cat in reported:
                    best = _model_hit(types_model, article, sent, cat, all_hits)
                    if best is not None:
                        chits, conf = [best], reported[cat]
                        ev_status = EVENT_STATUS.get(status(tokens, best, sent.first))
                        if ev_status is None:
                            continue
            elif chits:
                conf = score_sentence(tokens, sent, chits, cat, stext, article)
                if conf < THRESHOLD.get(cat, DEFAULT_THRESHOLD):
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
    return one_record_per_event(events)


def _informative(event: Event) -> tuple:
    return (bool(event.source) + bool(event.target) + (bool(event.location) and not event.location_inferred),
            len(event.quantities), event.confidence)


def one_record_per_event(events: list[Event]) -> list[Event]:
    """Asserted events of one type with the same trigger word (normalised, proclitics aside) and no
    conflicting source or target are mentions of one real-world event: one record, at its most
    informative mention (most roles filled, then quantities, then confidence), listing every mention."""
    groups: list[list[Event]] = []
    for ev in events:
        if ev.status == "asserted":
            word = _trigger_word(ev.trigger)
            for group in groups:
                head = group[0]
                if (head.type == ev.type and _trigger_word(head.trigger) == word
                        and all(not a or not b or a == b for a, b in ((head.source, ev.source), (head.target, ev.target)))):
                    group.append(ev)
                    break
            else:
                groups.append([ev])
        else:
            groups.append([ev])
    out = []
    for group in groups:
        best = max(group, key=_informative)
        best.mentions = [Span(e.start, e.end) for e in sorted(group, key=lambda e: e.start)]
        out.append(best)
    return sorted(out, key=lambda e: e.start)


def _trigger_word(trigger: str) -> str:
    return " ".join(without_article(w) for w in normalize(trigger).split())
