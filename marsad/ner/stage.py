"""The `entities` pipeline stage: trained NER merged with the gazetteer's places.

The CRF tags each sentence's tokens; its BIO spans become mentions with `source="model"`:

- PER and ORG stay PER and ORG; MISC stays MISC unless the gazetteer reads the same span as a
  nationality (NORP).
- LOC: the gazetteer's resolved places win for typing and GeoNames ids; a LOC span the gazetteer does
  not know becomes LOC with a canonical entity of its own (`loc:<name>`, unresolved).
- A span right after `عملية` (a named operation: `عملية البنيان المرصوص`) is an EVENT.
- A PER/ORG/MISC/EVENT span that contains gazetteer mentions replaces them (`قوات سوريا الديمقراطية`
  is an ORG; the سوريا inside is not a mention of its own). A span that crosses a gazetteer mention
  is dropped, the gazetteer mention kept.
- The place finder has the last word on gazetteer names: a model LOC span that is a gazetteer name
  the place finder turned down (a name that is also a word, without place context: `وزارت جدة الطفل`)
  is dropped, and gazetteer places the model tags O are kept (their context was already checked).
- Where the model finds nothing, general patterns add organisation names (an organisation head in
  the construct state followed by definite words: `حكومة الوفاق الوطني`; a definite head with a
  nationality or institutional adjective: `الاستخبارات الليبية`, `الحرس الرئاسي`; a group word before a
  bare name: `تنظيم داعش` → `داعش`; a quoted name after صحيفة/قناة/وكالة …), named operations
  (`عملية` + two definite words, or a quoted name) and "X of Y" organisations (`الأمانة العامة
  للأمم المتحدة`). Every PER/ORG/MISC name found is then also taken at its other occurrences in the
  article.
- Attached proclitics stay outside the span (`لحكومة الوفاق` → `حكومة الوفاق`), as for places; a
  leading quote cue verb (قال، أضاف …) is never part of a name.

Canonical entities: `per:<name>`, `org:<name>`, `misc:<name>`, `event:<name>`, `loc:<name>` with the
matching form of the name, spaces as `_`. A one-word PER mention that is the last name of a longer PER
mention in the same article joins that person (`جنتيلوني` → `باولو جنتيلوني`).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from marsad.geo.gazetteer import STRONG, common_noun, load_gazetteer
from marsad.geo.places import ADMIN_CUES, PLACE_CUES
from marsad.model import Article, CanonicalEntity, Mention
from marsad.ner.model import load
from marsad.pipeline.registry import stage
from marsad.text.normalize import normalize
from marsad.text.tokens import Token, original_length, split_clitics, without_conjunction
from marsad.text.vocabulary import frequency

SCHEME = "anercorp"  # the news model
# A tagger span made mostly of two or more places is a list of places, not one name.
PLACE_LIST_SHARE = 0.6
# Mentions of the places stage: the gazetteer's, and sub-city places found by pattern.
PLACE_SOURCES = ("gazetteer", "pattern")

# Verbs that introduce a quote or a statement: never the first word of a name.
CUE_VERBS = frozenset(normalize(w) for w in """
قال قالت يقول تقول أضاف أضافت يضيف تضيف أكد أكدت يؤكد تؤكد أوضح أوضحت يوضح توضح أشار أشارت يشير تشير
تابع تابعت يتابع ذكر ذكرت يذكر تذكر صرح صرحت يصرح أعلن أعلنت يعلن تعلن كشف كشفت يكشف تكشف بحسب حسب
اعتبر اعتبرت يعتبر رأى رأت يرى أفاد أفادت يفيد لفت لفتت شدد شددت يشدد دعا دعت يدعو طالب طالبت يطالب
نفى نفت ينفي أعرب أعربت قائلا مؤكدا مضيفا موضحا مشيرا وفق وفقا نقلا نقل نقلت
""".split())
# Function words that never end a name (`مجلس الأمن فإن`).
_FUNCTION_WORDS = frozenset(normalize(w) for w in """
في من على إلى الى عن مع أن إن أنه إنه أنها إنها التي الذي الذين أو ثم قد لا لم لن ما هو هي هم كما بعد قبل منذ
خلال ضد عبر حيث لكن لأن كان كانت يكون تكون
""".split())
# Nouns for the people of a place or the members of a group, before its name (`نازحو عفرين`).
PEOPLE_NOUNS = frozenset(normalize(w) for w in """عناصر عنصر مقاتلو مقاتلي مقاتلين مسلحو مسلحي أعضاء عضو قادة
جنود أفراد نازحو نازحي سكان أهالي أهل لاجئو لاجئي مواطنو مواطني""".split())
# Words of a name that never end it (`عبد الأمير`, `أبو الخير`, `آل ياسين`).
NAME_PARTICLES = frozenset(normalize(w) for w in "عبد أبو أبي ابن بن بنت آل ولد".split())
# Words that start a nickname after a name (`المعروف بحميدتي`).
_ALSO_KNOWN_AS = frozenset(normalize(w) for w in "المعروف المعروفة الملقب الملقبة المكنى الشهير الشهيرة".split())
EVENT_CUES = frozenset(normalize(w) for w in "عملية العملية عمليات معركة".split())
_KIND = {"PER": "per", "ORG": "org", "MISC": "misc", "EVENT": "event", "LOC": "loc"}
_PLACE_TYPES = ("GPE", "LOC")


def _is_cue(tok: Token) -> bool:
    return tok.is_word and bool(without_conjunction(tok.norm) & CUE_VERBS)


def _span_start(tok: Token) -> int:
    """Start of a name in its first token, behind the proclitics the tokenizer splits off."""
    if not tok.is_word:
        return tok.start
    analysis = split_clitics(tok.norm)
    if analysis.prefix == 0:
        return tok.start
    if analysis.exact and not analysis.stem.startswith("ال") and not _strip_name_clitic(tok.norm, analysis.stem):
        return tok.start
    skip = analysis.prefix if analysis.exact else analysis.prefix - 1
    return tok.start + original_length(tok.text, skip)


def _strip_name_clitic(whole: str, stem: str) -> bool:
    """Whether a name's first word really carries a proclitic: not when the whole word is itself a
    known name (`وليد`, `كمال`, `وادي`), and only when the stem is far more common alone (3x)."""
    from marsad.ner.features import _load_resources
    from marsad.text.vocabulary import frequency

    if whole in load_gazetteer().names or _load_resources()["names"].get(whole):
        return False
    return frequency(stem) >= 3 * frequency(whole)


def _sentence_groups(article: Article) -> list[list[int]]:
    """Token indices per sentence (a new group also at every line break)."""
    tokens = article.tokens
    bounds = [s.end for s in article.sentences]
    groups: list[list[int]] = []
    current: list[int] = []
    b = 0
    for i, tok in enumerate(tokens):
        new = False
        while b < len(bounds) and tok.start >= bounds[b]:
            b += 1
            new = True
        if current and (new or "\n" in article.text[tokens[current[-1]].end:tok.start]):
            groups.append(current)
            current = []
        current.append(i)
    if current:
        groups.append(current)
    return groups


def model_spans(article: Article, scheme: str = SCHEME, model_dir: str | None = None) -> list[tuple[int, int, str, float]]:
    """(first token, last token inclusive, common type, confidence) of every span the model finds."""
    tagger = load(scheme, model_dir)
    tokens = article.tokens
    spans = []
    for group in _sentence_groups(article):
        tags, probs = tagger.tag_marginals([tokens[i].text for i in group])
        k = 0
        while k < len(group):
            tag = tags[k]
            if tag == "O":
                k += 1
                continue
            label = tag[2:]
            j = k + 1
            while j < len(group) and tags[j] == "I-" + label:
                j += 1
            conf = sum(probs[k:j]) / (j - k)
            spans.append((group[k], group[j - 1], label, conf))
            k = j
    return spans


# Heads of organisation names in the construct state (`حكومة الوفاق`, `مجلس الأمن`), the definite heads
# that a nationality or institutional adjective turns into an organisation (`الاستخبارات الليبية`), and
# the group words whose bare name follows (`تنظيم داعش`, `حركة حماس`).
ORG_HEADS = frozenset(normalize(w) for w in """
حكومة مجلس حركة تنظيم جماعة حزب منظمة وزارة هيئة لجنة اتحاد جبهة قوات جيش ائتلاف تحالف كتائب جمعية
مؤسسة وكالة محكمة برلمان نقابة رابطة جامعة شركة بنك مصرف صندوق مكتب سلطة ميليشيا ميليشيات مليشيا
شرطة نادي بلدية مجموعة أكاديمية
""".split())
DEFINITE_ORG_HEADS = frozenset(normalize(w) for w in """
الشرطة الاستخبارات المخابرات الحرس البرلمان الأمانة الوزارة الرئاسة القيادة
""".split())
MEDIA_HEADS = frozenset(normalize(w) for w in "صحيفة جريدة مجلة قناة وكالة إذاعة موقع شبكة".split())
_OPEN_QUOTES = frozenset('«“"\'‘')
_CLOSE_QUOTES = frozenset('»”"\'’')
GROUP_HEADS = frozenset(normalize(w) for w in "تنظيم حركة جماعة حزب جبهة ميليشيا مليشيا ميليشيات كتائب".split())
INSTITUTIONAL = frozenset(normalize(w) for w in """
الرئاسي الرئاسية الوطني الوطنية العامة العام الدولي الدولية الشعبي الشعبية الثوري الثورية الجمهوري
الجمهورية الملكي الملكية العسكري العسكرية الاتحادي الاتحادية المركزي المركزية الأعلى العليا
""".split())
# Definite words that end a name rather than continue it.
_NAME_STOP = frozenset(normalize(w) for w in """
الذي التي الذين اللذين اللتين اللواتي اللاتي الآن اليوم الماضي الماضية الجاري الجارية الحالي الحالية
المقبل المقبلة الأخير الأخيرة الأول الأولى السابق السابقة أمس الأربعاء الخميس الجمعة السبت الأحد الاثنين الثلاثاء
""".split())
_BARE_STOP = frozenset(normalize(w) for w in """
في من على إلى الى عن مع أن إن أنه إنه التي الذي و أو ثم قد لا لم لن ما هو هي هم كما بعد قبل منذ خلال ضد عبر
""".split())
EVENT_STOP = frozenset(normalize(w) for w in """
العسكرية الأمنية الإرهابية الانتحارية السلام التفاوض الانتقال الجراحية الاقتراع التصويت البحث الإنقاذ
الانتخابات الانتخابية السياسية التحرير الاجتياح الهجوم القصف الاغتيال التفجير التسوية الإصلاح البيع الشراء
الدمج الإدماج النقل التسليم التبادل الإجلاء الترحيل الإغاثة الاقتحام الخطف الاختطاف
""".split())


def _definite(tok: Token) -> bool:
    return tok.definite and tok.stem not in _NAME_STOP


def _rule_spans(article: Article, places: dict[int, str]) -> list[tuple[int, int, str, float]]:
    """Organisation names and named operations the patterns above find (token spans)."""
    tokens = article.tokens
    text = article.text
    n = len(tokens)
    out = []

    def joined(i: int, j: int) -> bool:  # no line break or punctuation between tokens i and j
        return "\n" not in text[tokens[i].end:tokens[j].start] and tokens[j].is_word

    i = 0
    while i < n:
        tok = tokens[i]
        if not tok.is_word:
            i += 1
            continue
        stem = tok.stem
        nxt = i + 1 if i + 1 < n and joined(i, i + 1) else None
        if nxt is not None and stem in EVENT_CUES:
            if _definite(tokens[nxt]) and tokens[nxt].stem not in EVENT_STOP and nxt + 1 < n and joined(nxt, nxt + 1) \
                    and _definite(tokens[nxt + 1]) and tokens[nxt + 1].prefix == 0:
                out.append((nxt, nxt + 1, "EVENT", 0.6))
                i = nxt + 2
                continue
        if nxt is not None and stem in GROUP_HEADS and not _definite(tokens[nxt]) and tokens[nxt].stem not in _BARE_STOP \
                and len(tokens[nxt].norm) > 2 and nxt not in places and not tokens[nxt].norm.endswith(("ها", "هم", "كم", "نا")):
            last = nxt
            if last + 1 < n and joined(last, last + 1) and not _definite(tokens[last + 1]) \
                    and tokens[last + 1].prefix == 0 and tokens[last + 1].stem not in _BARE_STOP \
                    and frequency(tokens[last + 1].norm) < 2000:
                last += 1
            out.append((nxt, last, "ORG", 0.6))
            i = last + 1
            continue
        if stem in MEDIA_HEADS | EVENT_CUES and i + 1 < n and tokens[i + 1].text in _OPEN_QUOTES:
            close = next((k for k in range(i + 2, min(n, i + 8)) if tokens[k].text in _CLOSE_QUOTES), None)
            if close is not None and close > i + 2 and all(t.is_word or t.kind == "latin" for t in tokens[i + 2:close]):
                out.append((i + 2, close - 1, "EVENT" if stem in EVENT_CUES else "ORG", 0.6))
                i = close + 1
                continue
        head = stem in ORG_HEADS and not stem.startswith("ال")
        definite_head = stem in DEFINITE_ORG_HEADS
        if nxt is not None and (head or definite_head):
            last = i
            j = nxt
            while j < n and j - i < 5 and joined(j - 1, j):
                t = tokens[j]
                if head and (_definite(t) or j in places) and t.prefix == 0:
                    last = j
                elif definite_head and (places.get(j) == "NORP" or t.stem in INSTITUTIONAL):
                    last = j
                elif last > i and (places.get(j) == "NORP" or t.stem in INSTITUTIONAL):
                    last = j
                else:
                    break
                if j in places and places[j] != "NORP" and not head:
                    break
                j += 1
            if last > i:
                out.append((i, last, "ORG", 0.6))
                i = last + 1
                continue
        i += 1
    return out


def find_entities(article: Article, scheme: str = SCHEME, model_dir: str | None = None) -> None:
    """Add the model's PER/ORG/LOC/MISC/EVENT mentions to `article`, merged with the gazetteer's."""

    if not article.tokens:
        return
    tokens = article.tokens
    text = article.text
    spans = model_spans(article, scheme, model_dir)
    gz = load_gazetteer()
    gaz = [m for m in article.entities if m.source in PLACE_SOURCES]
    spans = _add_rules_and_repeats(article, spans, gaz)
    others = [m for m in article.entities if m.source not in PLACE_SOURCES]
    new: list[tuple[int, int, str, float]] = []  # char start, end, type, confidence
    for first, last, label, conf in spans:
        while first <= last and (_is_cue(tokens[first]) or tokens[first].kind == "punct"):
            first += 1
        while first < last and tokens[first].norm in PEOPLE_NOUNS:  # `نازحو عفرين`, `عناصر داعش`
            first += 1
        for k in range(first + 1, last + 1):  # `محمد حمدان دقلو المعروف بحميدتي`: the name ends before
            if tokens[k].norm in _ALSO_KNOWN_AS:
                last = k - 1
                break
        while last >= first and (tokens[last].kind == "punct" or without_conjunction(tokens[last].norm) & _FUNCTION_WORDS):
            last -= 1
        if first > last:
            continue
        start, end = _span_start(tokens[first]), tokens[last].end
        kind = label
        prev = first - 1
        if label != "PER" and prev >= 0 and tokens[prev].is_word and without_conjunction(tokens[prev].norm) & EVENT_CUES:
            kind = "EVENT"
        elif label != "PER" and without_conjunction(tokens[first].norm) & EVENT_CUES and last > first:
            kind = "EVENT"
            start = tokens[first + 1].start
        if start >= end:
            continue
        new.append((start, end, kind, conf))
    keep_gaz = []
    drop_gaz: set[int] = set()
    accepted: list[tuple[int, int, str, float]] = []
    overlapping = _overlap_finder(gaz)
    for start, end, kind, conf in new:
        near = overlapping(start, end)
        inside = [g for g in near if g.start >= start and g.end <= end]
        crossing = [g for g in near if g not in inside]
        if crossing:
            continue
        if kind == "LOC":
            if not inside and normalize(text[start:end]) in gz.names:
                continue  # a gazetteer name the place finder turned down for lack of place context
            if not inside and common_noun(split_clitics(normalize(text[start:end])).stem):
                continue  # a common noun such as المدينة "the city", not a name
            if not inside and split_clitics(normalize(text[start:end])).stem in PLACE_CUES | ADMIN_CUES:
                continue  # a cue such as ريف before a place, not a place
            if inside:
                places = [g for g in inside if g.type in _PLACE_TYPES]
                if places:
                    continue  # the gazetteer's resolved places win
                if any(g.start == start and g.end == end for g in inside):
                    continue  # a nationality read as a location: keep the NORP
        elif kind == "MISC":
            if any(g.type == "NORP" and g.start == start and g.end == end for g in inside):
                continue  # a nationality: the gazetteer's NORP, linked to its country
        elif any(g.type == "FAC" and g.start == start and g.end == end for g in inside):
            continue  # a sub-city place the place finder named (`جامع النوري`)
        else:
            exact = [g for g in inside if g.start == start and g.end == end and g.type in _PLACE_TYPES]
            level = gz.levels.get(normalize(exact[0].text), ("",))[0] if exact else ""
            if exact and not (kind == "PER" and STRONG in level.split()):
                continue  # a place name tagged PER/ORG: the gazetteer's reading wins, unless it is a word too
            places = [g for g in inside if g.type in _PLACE_TYPES]
            if len(places) > 1 and sum(g.end - g.start for g in places) >= PLACE_LIST_SHARE * (end - start):
                continue  # a list of places tagged as one name (`كهرمان مرعش وغازي عنتاب`)
        drop_gaz.update(id(g) for g in inside)
        accepted.append((start, end, kind, conf))
    for g in gaz:
        if id(g) not in drop_gaz:
            keep_gaz.append(g)
    mentions, entities = _model_mentions(text, _join_adjacent_persons(text, accepted, tokens))
    used = {m.canonical_id for m in keep_gaz + others}
    article.canonical_entities = [e for e in article.canonical_entities if e.id in used or not e.id.startswith(("geo:", "norp:"))]
    article.canonical_entities.extend(entities)
    article.entities = sorted(keep_gaz + others + mentions, key=lambda m: (m.start, -m.end))
    for n, m in enumerate(article.entities, start=1):
        m.id = f"m{n}"


def _add_rules_and_repeats(article: Article, spans: list, gaz: list[Mention]) -> list:
    """Model spans, plus pattern spans where the model found nothing (a pattern span that contains
    model spans replaces them), plus the other occurrences in the article of every PER/ORG/MISC name
    found (same words, not already inside a span)."""
    tokens = article.tokens
    starts = {t.start: k for k, t in enumerate(tokens)}
    token_starts = [t.start for t in tokens]
    places: dict[int, str] = {}
    for g in gaz:
        k = starts.get(g.start)
        if k is None:  # a place that begins inside a token (after a clitic)
            k = bisect_right(token_starts, g.start) - 1
            k = k if k >= 0 and g.start < tokens[k].end else None
        while k is not None and k < len(tokens) and tokens[k].start < g.end:
            places[k] = g.type
            k += 1
    spans = list(spans)
    for rule in _rule_spans(article, places):
        inside = [s for s in spans if s[0] >= rule[0] and s[1] <= rule[1]]
        crossing = [s for s in spans if s[0] <= rule[1] and s[1] >= rule[0] and s not in inside]
        if crossing or any(s[2] == "PER" for s in inside) or (inside and rule[2] == "ORG"
                                                              and all(s[:2] == rule[:2] for s in inside)):
            continue
        spans = [s for s in spans if s not in inside] + [rule]
    # An organisation "of" another (`الأمانة العامة للأمم المتحدة`): one name.
    spans.sort()
    merged: list = []
    for span in spans:
        if merged and span[2] == "ORG" and merged[-1][2] == "ORG" and span[0] == merged[-1][1] + 1 \
                and tokens[span[0]].is_word and tokens[span[0]].norm.startswith("ل") \
                and tokens[span[0]].prefix > 0 \
                and "\n" not in article.text[tokens[merged[-1][1]].end:tokens[span[0]].start]:
            prev = merged.pop()
            merged.append((prev[0], span[1], "ORG", min(prev[3], span[3])))
            continue
        merged.append(span)
    spans = merged
    taken = [False] * len(tokens)
    for first, last, _, _ in spans:
        for k in range(first, last + 1):
            taken[k] = True
    stems = [t.stem for t in tokens]
    names: dict[tuple[str, ...], tuple[str, float]] = {}
    for first, last, label, conf in spans:
        if label in ("PER", "ORG", "MISC"):
            key = tuple(stems[first:last + 1])
            if len("".join(key)) >= 3:
                names.setdefault(key, (label, conf))
    if names:
        by_first: dict[str, list] = {}  # longest names first, as found
        for key, found in sorted(names.items(), key=lambda kv: -len(kv[0])):
            by_first.setdefault(key[0], []).append((key, found))
        for k, tok in enumerate(tokens):
            if taken[k] or not tok.is_word or stems[k] not in by_first:
                continue
            for key, (label, conf) in by_first[stems[k]]:
                end = k + len(key)
                if end <= len(tokens) and not any(taken[k:end]) and tuple(stems[k:end]) == key:
                    spans.append((k, end - 1, label, conf * 0.9))
                    for x in range(k, end):
                        taken[x] = True
                    break
    return sorted(spans)


def _overlap_finder(mentions: list[Mention]):
    """A function giving the mentions that overlap a character range, in their list order, found by
    bisection instead of a scan of every mention."""
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    starts = [mentions[i].start for i in order]
    longest = max((m.end - m.start for m in mentions), default=0)

    def overlapping(start: int, end: int) -> list[Mention]:
        lo, hi = bisect_left(starts, start - longest), bisect_left(starts, end)
        return [mentions[i] for i in sorted(order[lo:hi]) if mentions[i].end > start]

    return overlapping


def _not_contained(spans: list[tuple]) -> list[tuple]:
    """The spans that no other span contains (`(start, end, …)`; a different span over the same extent
    counts as containing), in their order; one sort, not all pairs."""
    kinds: dict[tuple[int, int], set] = {}
    for span in spans:
        kinds.setdefault(span[:2], set()).add(span)
    contained = {extent for extent, same in kinds.items() if len(same) > 1}
    furthest = -1
    for start, end in sorted(kinds, key=lambda e: (e[0], -e[1])):
        if furthest >= end:
            contained.add((start, end))
        furthest = max(furthest, end)
    return [span for span in spans if span[:2] not in contained]


def _join_adjacent_persons(text: str, spans: list[tuple[int, int, str, float]],
                           tokens: list[Token]) -> list[tuple[int, int, str, float]]:
    """Two person spans with only a space between them are one name the tagger split (`خليل` + `أبو
    السعود`); a person span that ends on a name particle takes the next word (`عبد` → `عبد الأمير`)."""
    ends = {t.end: k for k, t in enumerate(tokens)}
    grown = []
    for start, end, kind, conf in spans:
        k = ends.get(end)
        while kind == "PER" and k is not None and tokens[k].norm in NAME_PARTICLES and k + 1 < len(tokens) \
                and tokens[k + 1].is_word and text[tokens[k].end:tokens[k + 1].start] == " ":
            end, k = tokens[k + 1].end, k + 1
        grown.append((start, end, kind, conf))
    spans = _not_contained(grown)
    out: list[tuple[int, int, str, float]] = []
    for span in sorted(spans):
        if out and span[2] == "PER" and out[-1][2] == "PER" and text[out[-1][1]:span[0]].isspace() \
                and "\n" not in text[out[-1][1]:span[0]]:
            prev = out.pop()
            out.append((prev[0], span[1], "PER", min(prev[3], span[3])))
        else:
            out.append(span)
    return out


def _model_mentions(text: str, spans: list[tuple[int, int, str, float]]) -> tuple[list[Mention], list[CanonicalEntity]]:
    entities: dict[str, CanonicalEntity] = {}
    mentions = []
    spans = sorted(spans)
    # Full names of the persons in the article, by their last word, for one-word mentions.
    full_names: dict[str, str] = {}
    for start, end, kind, _ in spans:
        words = normalize(text[start:end]).split()
        if kind == "PER" and len(words) > 1:
            full_names.setdefault(words[-1], " ".join(words))
    for start, end, kind, conf in spans:
        surface = text[start:end]
        key = normalize(surface)
        if kind == "PER" and " " not in key and key in full_names:
            key = full_names[key]
        cid = f"{_KIND[kind]}:{key.replace(' ', '_')}"
        entity = entities.get(cid)
        if entity is None:
            entity = entities[cid] = CanonicalEntity(cid, kind, surface)
        elif surface != entity.name and surface not in entity.aliases:
            if len(surface) > len(entity.name) and kind == "PER" and normalize(surface) == key:
                entity.aliases.append(entity.name)
                entity.name = surface
            else:
                entity.aliases.append(surface)
        mentions.append(Mention("", kind, surface, start, end, canonical_id=cid, source="model",
                                confidence=round(float(conf), 3)))
    return mentions, list(entities.values())


@stage("entities", requires=("tokens", "sentences"), assigns=("entities", "canonical_entities"),
       config={"scheme": SCHEME, "model_dir": None})
def entities_stage(article: Article, *, scheme: str, model_dir: str | None) -> None:
    """Named entities from the trained tagger (PER, ORG, LOC, MISC, EVENT), merged with the places.
    `scheme` chooses the tagger's label set and `model_dir` another trained model."""
    find_entities(article, scheme, model_dir)
