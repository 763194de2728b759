"""The rules of the `entities` stage around the tagger: where a name starts and ends, names the
patterns find where the tagger finds nothing, and the other occurrences of a name found once.

- A span never starts with a cue verb (قال، أضاف …), punctuation or a noun for the people of a place
  (`نازحو عفرين`); it ends before a nickname (`المعروف بحميدتي`), punctuation or a function word.
- Attached proclitics stay outside the span (`لحكومة الوفاق` → `حكومة الوفاق`), as for places.
- Patterns add organisation names (an organisation head in the construct state followed by definite
  words: `حكومة الوفاق الوطني`; a definite head with a nationality or institutional adjective:
  `الاستخبارات الليبية`, `الحرس الرئاسي`; a group word before a bare name: `تنظيم داعش` → `داعش`; a quoted
  name after صحيفة/قناة/وكالة …) and named operations (`عملية` + two definite words, or a quoted name).
- Every PER/ORG/MISC name found is also taken at its other occurrences in the article.
- Two person spans with only a space between them are one name, unless the second begins with the
  conjunction و (`بيتروف وروسلان`); a person span that ends on a name particle takes the next word
  (`عبد` → `عبد الأمير`) unless that word is no name part (`آبي بأنه`, `آبي وترمب`).

The word classes are lexicons in `marsad/lexicon/` (see each file's header).
"""
from __future__ import annotations

from marsad import lexicon
from marsad.geo.gazetteer import load_gazetteer
from marsad.model import Article
from marsad.ner.features import name_kinds
from marsad.ner.persons import conjoined, glued
from marsad.text.tokens import Token, original_length, without_conjunction
from marsad.text.vocabulary import frequency

# Verbs that introduce a quote or a statement: never the first word of a name (the NER's own list,
# close to the quotes' speech_verbs).
CUE_VERBS = lexicon.words("name_breaking_cues")
FUNCTION_WORDS = lexicon.words("name_end_function_words")
PEOPLE_NOUNS = lexicon.words("people_nouns")
NAME_PARTICLES = lexicon.words("name_particles")
ALSO_KNOWN_AS = lexicon.words("alias_cues")
EVENT_CUES = lexicon.words("event_cues")
ORG_HEADS = lexicon.words("org_heads")
DEFINITE_ORG_HEADS = lexicon.words("definite_org_heads")
MEDIA_HEADS = lexicon.words("media_heads")
GROUP_HEADS = lexicon.words("group_heads")
INSTITUTIONAL = lexicon.words("institutional_adjectives")
NAME_STOP = lexicon.words("name_ending_words")
BARE_STOP = lexicon.words("bare_name_stops")
EVENT_STOP = lexicon.words("event_stop_words")
OPEN_QUOTES = frozenset('«“"\'‘')
CLOSE_QUOTES = frozenset('»”"\'’')
# Possessive endings: a word after a group word that carries one is not a name (`حركتها`).
_POSSESSIVE_ENDINGS = ("ها", "هم", "كم", "نا")
# A second word after a group word joins its bare name only when it is rarer than this.
_RARE_WORD = 2000


def is_cue(tok: Token) -> bool:
    return tok.is_word and bool(without_conjunction(tok.norm) & CUE_VERBS)


def trim_span(tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    """A tagger span without a leading cue verb, punctuation or people noun, and without what follows
    a nickname cue or a trailing function word, relative day or punctuation (`first > last` when
    nothing is left, or only a people noun)."""
    while first <= last and (is_cue(tokens[first]) or tokens[first].kind == "punct"):
        first += 1
    while first < last and tokens[first].norm in PEOPLE_NOUNS:  # `نازحو عفرين`, `عناصر داعش`
        first += 1
    if first == last and tokens[first].norm in PEOPLE_NOUNS:  # `مسلحون` alone names no one
        return first, first - 1
    for k in range(first + 1, last + 1):  # `محمد حمدان دقلو المعروف بحميدتي`: the name ends before
        if tokens[k].norm in ALSO_KNOWN_AS:
            last = k - 1
            break
    while last >= first and (tokens[last].kind == "punct" or without_conjunction(tokens[last].norm) & FUNCTION_WORDS):
        last -= 1
    return first, last


def span_start(tok: Token) -> int:
    """Start of a name in its first token, behind the proclitics the tokenizer splits off."""
    if not tok.is_word or tok.prefix == 0:
        return tok.start
    exact = tok.norm[tok.prefix:] == tok.stem  # not where ل swallowed the article's alef (`للولايات`)
    if exact and not tok.stem.startswith("ال") and not _strip_name_clitic(tok):
        return tok.start
    skip = tok.prefix if exact else tok.prefix - 1
    return tok.start + original_length(tok.text, skip)


def _strip_name_clitic(tok: Token) -> bool:
    """Whether a name's first word really carries a proclitic: not when the whole word is itself a
    known name (`وليد`, `كمال`, `وادي`), and only when the stem is far more common alone (3x)."""
    if tok.norm in load_gazetteer().names or name_kinds(tok.norm):
        return False
    return frequency(tok.stem) >= 3 * frequency(tok.norm)


def _definite(tok: Token) -> bool:
    return tok.definite and tok.stem not in NAME_STOP


def rule_spans(article: Article, places: dict[int, str]) -> list[tuple[int, int, str, float]]:
    """Organisation names and named operations the patterns find (first token, last token, type,
    confidence); `places` gives the type of every token inside a place mention."""
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
        if nxt is not None and stem in GROUP_HEADS and not _definite(tokens[nxt]) and tokens[nxt].stem not in BARE_STOP \
                and len(tokens[nxt].norm) > 2 and nxt not in places and not tokens[nxt].norm.endswith(_POSSESSIVE_ENDINGS):
            last = nxt
            if last + 1 < n and joined(last, last + 1) and not _definite(tokens[last + 1]) \
                    and tokens[last + 1].prefix == 0 and tokens[last + 1].stem not in BARE_STOP \
                    and frequency(tokens[last + 1].norm) < _RARE_WORD:
                last += 1
            out.append((nxt, last, "ORG", 0.6))
            i = last + 1
            continue
        if stem in MEDIA_HEADS | EVENT_CUES and i + 1 < n and tokens[i + 1].text in OPEN_QUOTES:
            close = next((k for k in range(i + 2, min(n, i + 8)) if tokens[k].text in CLOSE_QUOTES), None)
            if close is not None and close > i + 2 and all(t.is_word or t.kind == "latin" for t in tokens[i + 2:close]):
                out.append((i + 2, close - 1, "EVENT" if stem in EVENT_CUES else "ORG", 0.6))
                i = close + 1
                continue
        head = stem in ORG_HEADS
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


def repeat_spans(tokens: list[Token], spans: list) -> list:
    """The spans, plus the other occurrences of every PER/ORG/MISC name among them (same stems, not
    already inside a span; longest names first), sorted."""
    spans = list(spans)
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


def join_adjacent_persons(text: str, spans: list[tuple[int, int, str, float]],
                          tokens: list[Token]) -> list[tuple[int, int, str, float]]:
    """Two person spans with only a space between them are one name the tagger split (`خليل` + `أبو
    السعود`); a person span that ends on a name particle takes the next word (`عبد` → `عبد الأمير`)."""
    ends = {t.end: k for k, t in enumerate(tokens)}
    grown = []
    for start, end, kind, conf in spans:
        k = ends.get(end)
        while kind == "PER" and k is not None and tokens[k].norm in NAME_PARTICLES and k + 1 < len(tokens) \
                and tokens[k + 1].is_word and text[tokens[k].end:tokens[k + 1].start] == " " \
                and not glued(tokens[k + 1], "first") and not conjoined(tokens[k + 1]):
            end, k = tokens[k + 1].end, k + 1
        grown.append((start, end, kind, conf))
    spans = _not_contained(grown)
    starts = {t.start: t for t in tokens}
    out: list[tuple[int, int, str, float]] = []
    for span in sorted(spans):
        if out and span[2] == "PER" and out[-1][2] == "PER" and text[out[-1][1]:span[0]].isspace() \
                and "\n" not in text[out[-1][1]:span[0]] and not (span[0] in starts and conjoined(starts[span[0]])):
            prev = out.pop()
            out.append((prev[0], span[1], "PER", min(prev[3], span[3])))
        else:
            out.append(span)
    return out
