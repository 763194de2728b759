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
- date: a time expression in the sentence, else the publication date;
- mode: the strongest trigger's mode, else a mode word in the sentence (a car bomb → explosives).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from marsad.events.plover import Hit, find_triggers, verb_forms
from marsad.model import Article, Event
from marsad.text.normalize import normalize
from marsad.text.tokens import original_length

THRESHOLD = {"ASSAULT": 0.8, "PROTEST": 0.7}
DEFAULT_THRESHOLD = 0.6
INFERRED_PENALTY = 0.05
# Confidence of a negated or hypothetical event: its rule score times this (below 0.6, under the
# asserted events of the shipped classifier and rule thresholds).
NOT_ASSERTED_FACTOR = 0.6
# A negated or hypothetical event is kept when its rule score (over its non-asserted hits, plus
# `CUE_BONUS` when the negation/plan/condition/threat word is at most two words before the trigger:
# لم يهاجم، هدد الجيش بقصف) reaches this.
NOT_ASSERTED_THRESHOLD = 0.6
CUE_BONUS = 0.15
# `status()` values → `Event.status` (None: dropped).
EVENT_STATUS = {"asserted": "asserted", "negated": "negated", "future": "hypothetical",
                "hypothetical": "hypothetical", "attempted": None}

NEGATION = {"لم", "لن", "لا", "ما", "ليس", "ليست", "عدم", "دون", "بدون", "نفي", "نفت", "ينفي", "تنفي", "نفوا",
            "ينفون", "غير"}
FUTURE = {"سوف", "يعتزم", "تعتزم", "يعتزمون", "اعتزام", "يخطط", "تخطط", "خطط", "مخطط", "مخططا", "ينوي", "تنوي",
          "نيه", "خطه", "يستعد", "تستعد", "استعداد", "يمكن", "ستقوم", "سيقوم", "سيتم", "ستتم", "اقتراح",
          "يريد", "تريد", "مستعد", "مستعده", "يجب", "ينبغي", "طالبين", "توجيه"}
CONDITIONAL = {"اذا", "لو", "حال", "حاله", "حالما", "لولا", "ربما"}
ATTEMPT = {"محاوله", "محاولات", "حاول", "حاولت", "حاولوا", "يحاول", "تحاول", "احباط", "احبطت", "اجهضت", "افشلت"}
FEAR = {"خشيه", "خوفا", "تخوف", "تخوفات", "مخاوف", "تحذير", "حذر", "حذرت", "يحذر", "تحذر", "تهديد", "تهديدات",
        "هدد", "هددت", "يهدد", "تهدد", "منع", "لمنع", "مكافحه", "ضد"}
# Words that make the sentence about a class of events, not one event.
GENERIC = {"عمليات", "مسلسل", "ظاهره", "موجه", "حالات", "اعمال", "جرايم", "سلسله", "تصاعد", "مكافحه"}
REACTION = {"ندد", "نددت", "ادان", "ادانت", "يدين", "تدين", "شجب", "استنكر", "وصف", "وصفت", "ادانه", "اعترف",
            "اعترفت", "اتهم", "اتهمت", "عزاء", "نشر", "ذكري", "حصيله"}
CASUALTY_UNITS = {"killed", "wounded"}
CASUALTY_WORDS = {"مقتل", "قتلي", "قتيل", "قتيلا", "جرحي", "جريح", "جريحا", "مصرع", "اصابه", "اصابات", "ضحايا",
                  "جثث", "جثه", "استشهاد", "شهيد", "شهداء", "بجروح", "بجراح", "اصيب", "اصيبوا", "قتلوا", "قتلا",
                  "قتل", "قتلت", "جرح", "اسفر", "ادي", "اوقع", "اودي"}
RECENT = {"امس", "اليوم", "الليله", "صباح", "مساء", "فجر", "ظهر", "الاحد", "الاثنين", "الثلاثاء", "الاربعاء",
          "الخميس", "الجمعه", "السبت"}
CROWD = {"الاف", "مئات", "عشرات", "الالاف", "المئات", "العشرات", "حشد", "حشود", "الاف", "متظاهر", "متظاهرين",
         "متظاهرون", "المتظاهرين", "المتظاهرون", "محتجين", "محتجون", "طلاب", "سكان", "انصار", "مناصرين"}
PROTEST_VERBS = frozenset().union(*(verb_forms(v) for v in (
    "خرج", "تجمع", "اندلع", "تجدد", "تواصل", "نظم", "شارك", "انطلق", "جاب", "تدفق", "احتشد", "نزل", "عم", "تصاعد",
    "توجه", "سار", "اقام", "استمر")))
# The main verb of a "protesters did X" sentence that is not itself a protest event.
NON_PROTEST_HEADS = {"حمل", "رفع", "هتف", "ردد", "طالب", "وزع", "انتقد", "كتب", "ارتدي", "رقص", "ايد", "قام",
                     "حاول", "انهي", "وقف", "قطع", "اغلق"}
# Security action on a protest (its event is COERCE) and rallies in support (not PLOVER protests).
COERCED_PROTEST = {"فرق", "فرقت", "تفريق", "منعت", "منع", "قمعت", "قمع", "طوقت", "تطويق", "اعتقلت", "اعتقال",
                   "فضت", "فض"}
SUPPORT_RALLY = {"تاييدا", "دعما", "ابتهاجا", "احتفالا"}
CLAUSE_BREAKS = {"ان", "انه", "انها", "انهم", ":", "«", "»", "\"", "“", "”", "،", ",", "؛", ";", "و"}
# Generic actor nouns used when no entity mention fills the role.
ACTOR_HEADS = {
    "مسلح", "مسلحين", "مسلحون", "مسلحو", "انتحاري", "انتحاريه", "انتحاريان", "انتحاريين", "الشرطه", "شرطه", "الجيش",
    "جيش", "القوات", "قوات", "قوه", "طايرات", "طايره", "الطيران", "دبابه", "دبابات", "المتظاهرين", "المتظاهرون",
    "متظاهرين", "متظاهرون", "المحتجين", "المحتجون", "محتجين", "محتجون", "جنود", "جنديا", "جندي", "مجهولين",
    "مجهولون", "متمردين", "المتمردين", "المتمردون", "متمردون", "مقاتلين", "مقاتلو", "مقاتلون", "عناصر", "ميليشيا",
    "ميليشيات", "حركه", "تنظيم", "جماعه", "كتايب", "سرايا", "خليه", "مليشيا", "الامن", "متشددين", "متشددون",
    "القراصنه", "قراصنه", "خاطفين", "الخاطفين", "الحكومه", "السلطات", "اسرائيل", "طالبان", "حماس", "القاعده",
    "فلسطينيين", "فلسطيني", "المدنيين", "مدنيين", "مدنيا", "المصلين", "الزوار", "دوريه", "موكب", "قافله", "نقطه",
    "حاجز", "ثكنه", "مقر", "مركز", "منزل", "الدول", "الولايات",
}
# Words that mark the mode of an ASSAULT when the trigger has none.
MODE_WORDS = [
    ("suicide-attack", {"انتحاري", "انتحاريه", "انتحاريان", "انتحاريين", "استشهادي"}),
    ("explosives", {"مفخخه", "ملغومه", "ناسفه", "ناسف", "عبوه", "انفجار", "تفجير", "قنبله", "متفجرات"}),
    ("aerial", {"غاره", "جويه", "جوي", "طايره", "طايرات", "الطيران", "مروحيه", "مروحيات"}),
    ("heavy-weapons", {"قذايف", "قذيفه", "هاون", "صاروخ", "صواريخ", "مدفعيه", "دبابه", "دبابات", "المورتر"}),
    ("firearms", {"الرصاص", "بالرصاص", "رصاص", "النار", "اعيره", "رشاشات", "الاسلحه", "مسدس"}),
]


def _normalized(words) -> frozenset[str]:
    return frozenset(normalize(w) for w in words)


NEGATION, FUTURE, CONDITIONAL, ATTEMPT, FEAR, GENERIC, REACTION, CASUALTY_WORDS, RECENT, CROWD, NON_PROTEST_HEADS, \
    ACTOR_HEADS = map(_normalized, (NEGATION, FUTURE, CONDITIONAL, ATTEMPT, FEAR, GENERIC, REACTION, CASUALTY_WORDS,
                                    RECENT, CROWD, NON_PROTEST_HEADS, ACTOR_HEADS))
MODE_WORDS = [(mode, _normalized(forms)) for mode, forms in MODE_WORDS]
CROWD_SIZE = _normalized({"الاف", "آلاف", "مئات", "عشرات", "الالاف", "المئات", "العشرات", "حشد", "حشود", "ألوف"})


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    first: int  # index of its first token in article.tokens
    last: int  # one past its last token


def status(tokens, hit: Hit, start: int) -> str:
    """`asserted`, `negated`, `future`, `hypothetical` or `attempted`, from the words before the trigger
    (up to four, not crossing a clause break such as ، or و)."""
    if hit.future:
        return "future"
    for k in range(hit.first - 1, max(start, hit.first - 5) - 1, -1):
        tok = tokens[k]
        forms = tok.forms
        if tok.norm[:1] in "وف" and len(tok.norm) > 2:
            forms = forms | {tok.norm[1:]}  # ولم، فلن
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
        if tok.text in "،,؛;.:«»\"“”" or tok.norm in ("و", "ثم"):
            break
    return "asserted"


def _sentences(article: Article) -> list[Sentence]:
    tokens = article.tokens
    starts = [t.start for t in tokens]
    spans = article.sentences or []
    if not spans:
        from marsad.model import Span

        spans = [Span(0, len(article.text))]
    out = []
    for s in spans:
        a, b = bisect_left(starts, s.start), bisect_left(starts, s.end)
        if b > a:
            out.append(Sentence(s.start, s.end, a, b))
    return out


def _year_gap(sentence_text_years: list[int], published: str | None) -> bool:
    if not published or not sentence_text_years:
        return False
    try:
        pub = int(published[:4])
    except ValueError:
        return False
    return min(sentence_text_years) < pub - 0 and all(y < pub for y in sentence_text_years)


_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


# Words before a noun trigger that make it a reference to an event told elsewhere (the investigation
# of, the perpetrators of, the anniversary of), not the report of one.
REFERENCE = {"جريمه", "قضيه", "التحقيق", "التحقيقات", "تحقيق", "المتورطين", "منفذ", "منفذي", "مسووليه", "المدبر",
             "ذكري", "ملف", "ادانه", "خلفيه", "المتهمين", "بالهجوم", "اعقاب", "قايمه", "سياسه", "ضد", "من",
             "مواجهه", "وراء", "لمنع", "مكافحه", "بتهمه", "تهمه", "ضحيه", "يوم", "حادث"}
# Light verbs that turn a masdar into a verb phrase: تم اغتياله، قام بخطف.
LIGHT_VERBS = frozenset({"تم", "تمت", "جري", "جرت"}).union(*(verb_forms(v) for v in (
    "قام", "اقدم", "شن", "نفذ", "تعرض", "ادي", "اسفر", "وقع", "اعلن", "اوقع", "شهد")))
# Armed actors: a verb trigger next to one is a violent act, not a figure of speech.
ARMED = _normalized({"قوات", "القوات", "قواتنا", "قواته", "قواتها", "الجيش", "جيش", "جنود", "الجنود", "مسلحون",
                     "مسلحين", "مسلح", "مسلحا", "الشرطه", "الطيران", "طايرات", "طايره", "المتمردون", "متمردون",
                     "مجهولون", "مجهولين", "انتحاري", "انتحاريه", "انتحاريان", "ميليشيا", "مقاتلون", "مقاتلو",
                     "الانتحاري", "دبابه", "دبابات", "قوه", "فرقه", "عناصر", "المسلحون", "المسلحين", "الامن"})


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
    years = [int(y) for y in _YEAR.findall(text)]
    if _year_gap(years, article.metadata.published):
        conf -= 0.1
    first_hit = min(h.first for h in hits)
    lead = set()
    for t in tokens[sent.first:first_hit]:
        lead |= t.forms
    if category == "ASSAULT":
        casualties = any(q.unit in CASUALTY_UNITS and sent.start <= q.start < sent.end for q in article.quantities)
        if casualties or len(words & CASUALTY_WORDS) >= 2:
            conf += 0.15
        elif words & CASUALTY_WORDS:
            conf += 0.05
        if words & RECENT:
            conf += 0.05
        if any(h.trigger.kind == "v" and _near(tokens, h, sent, ARMED, 2) for h in hits):
            conf += 0.25
        if any(tokens[h.first - 1].forms & GENERIC for h in hits if h.first > sent.first) or \
                words & {"مسلسل", "ظاهره", "سلسله"}:
            conf -= 0.25
        if words & REACTION:
            conf -= 0.2
    elif category == "PROTEST":
        # a protest clause: a gathering verb next to a protest word (تجمع مئات المتظاهرين، خرجت مظاهرات)
        if any(_near(tokens, h, sent, PROTEST_VERBS, 3) for h in hits):
            conf += 0.4
        elif any(h.trigger.kind == "v" and h.first - sent.first <= 4 for h in hits):
            conf += 0.2
        if words & CROWD and words & CROWD_SIZE:
            conf += 0.1
        if words & RECENT:
            conf += 0.05
        head = _head_verb(tokens, sent)
        if head and head & NON_PROTEST_HEADS and not any(h.trigger.kind == "v" for h in hits):
            conf -= 0.3
        if words & COERCED_PROTEST and not any(_near(tokens, h, sent, PROTEST_VERBS, 3) for h in hits):
            conf -= 0.3  # `فرقت الشرطة المتظاهرين`: the event is the coercion, not the protest
        if words & SUPPORT_RALLY:
            conf -= 0.3  # `تأييدا لقرار`: a rally for, not a protest
        if words & REACTION:
            conf -= 0.15
    return max(0.0, min(conf, 0.99))


def _near(tokens, h: Hit, sent: Sentence, forms: set[str], window: int) -> bool:
    for k in range(max(sent.first, h.first - window), min(sent.last, h.last + window + 1)):
        if k != h.first and (tokens[k].forms & forms):
            return True
    return False


def _head_verb(tokens, sent: Sentence) -> set[str] | None:
    """The bare forms of the sentence's first word after a leading conjunction (its main verb in a
    verb-first sentence)."""
    for t in tokens[sent.first:min(sent.last, sent.first + 3)]:
        if t.is_word:
            return t.forms | {t.norm[1:]} if t.norm[:1] in "وف" else t.forms
    return None


def _mentions_in(article: Article, start: int, end: int, types=("PER", "ORG", "NORP", "GPE")):
    return [m for m in article.entities if start <= m.start and m.end <= end and m.type in types]


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
        if tokens[j].is_word and len(n) > 4 and n.endswith(("يه", "يين", "يون", "ي")):
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
        if t.norm in ("ان", "انه", "انها", "انهم") or t.text in ":«\"“":
            clause_start = t.end
            break
    mentions = _mentions_in(article, sent.start, sent.end)
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
        if prev in ("في", "بمدينه", "مدينه", "منطقه") or m.start - trig_end > 80:
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


def _location(article: Article, sent: Sentence) -> tuple[str | None, bool]:
    places = [m for m in article.entities if m.type in ("GPE", "LOC", "FAC") and m.canonical_id]
    inside = [m for m in places if sent.start <= m.start < sent.end]
    if inside:
        after_fi = [m for m in inside if article.text[max(0, m.start - 4):m.start].strip().endswith("في")]
        return (after_fi or inside)[0].canonical_id, False
    if places:
        return places[0].canonical_id, True
    return None, False


def _date(article: Article, sent: Sentence) -> str | None:
    for t in article.times:
        if sent.start <= t.start < sent.end and t.value:
            return t.value
    pub = article.metadata.published
    return pub[:10] if pub else None


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


# Categories whose decision is taken by the sentence classifier (`marsad.events.classifier`) when its
# model is shipped and enabled: it is applied to sentences with an asserted trigger of the category (the context
# filters stay hard), with the rule score and flags among its features, instead of the rule threshold.
CLASSIFIED = ("ASSAULT", "PROTEST")


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


def _close_cue(tokens, sent: Sentence, hits: list[Hit]) -> bool:
    """Whether a hit's negation/future/condition/threat word is at most two words before it (or it is a
    future verb: سيهاجم)."""
    cues = NEGATION | FUTURE | CONDITIONAL | FEAR
    for h in hits:
        if h.future:
            return True
        for k in range(h.first - 1, max(sent.first, h.first - 3) - 1, -1):
            forms = tokens[k].forms
            if tokens[k].norm[:1] in "وف" and len(tokens[k].norm) > 2:
                forms = forms | {tokens[k].norm[1:]}
            if forms & cues:
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


# The quantity units (roles) an event type takes, and the types that take the counts of harm (killed,
# wounded, arrested, displaced) when no event of a type that takes them is in the sentence.
EVENT_QUANTITY_UNITS = {
    "ASSAULT": frozenset({"killed", "wounded"}),
    "PROTEST": frozenset({"protester", "person"}),
    "COERCE": frozenset({"arrested", "displaced"}),
    "CRIME": frozenset({"killed", "wounded"}),
    "MOBILIZE": frozenset({"fighter", "soldier", "police", "vehicle"}),
    "RETREAT": frozenset({"fighter", "soldier", "police", "vehicle"}),
}
HARM_UNITS = frozenset({"killed", "wounded", "arrested", "displaced"})
HARM_TAKERS = ("ASSAULT", "COERCE", "CRIME", "PROTEST")
PEOPLE_UNITS = frozenset({None, "person", "soldier", "police", "child", "woman", "fighter", "protester"})


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
    for q in article.quantities:
        if not sent.start <= q.start < sent.end:
            continue
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
    from marsad.events import classifier

    model = classifier.load_model()
    tokens = article.tokens
    starts = [t.start for t in tokens]
    text = article.text
    events: list[Event] = []
    for sent in _sentences(article):
        all_by_cat, by_cat = candidate_hits(article, sent)
        if not all_by_cat:
            continue
        stoks = tokens[sent.first:sent.last]
        stext = text[sent.start:sent.end]
        words = set()
        for t in stoks:
            words |= t.forms
        loc, inferred = _location(article, sent)
        date = _date(article, sent)
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
                               loc, date, stext, round(conf, 3), status=ev_status, location_inferred=inferred))
        attach_quantities(article, starts, sent, found)
        events.extend(found)
    return events
