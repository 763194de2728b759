"""Candidate speakers of a quote and their features, for the learned ranker (`ranker`).

The candidates of a quote are the speaker the cue's phrase names (`attribution`: a role phrase, a
generic source such as `مصادر محلية`, a document's author), the entity mentions of the article near
its cue (people, organisations, nationalities, countries), the people the role phrase was written
beside elsewhere in the article (`رئيس الوزراء الإثيوبي أبي أحمد` … `رئيس الوزراء الإثيوبي`), and the
speaker of the previous quote; the mentions of an outlet relaying a source (`نقلت الوكالة عن X`, `قال
التلفزيون نقلا عن X`) are none. Each candidate is described by sparse binary features: where it stands
relative to the cue (right after a verb cue, before it in the clause, in an earlier sentence), what is
in between (a comma, another verb, the preposition ل of an addressee, the عن of a relayed source), the
agreement of the cue verb (قالت, قالوا) with it, and how often the article names it.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from marsad.model import Article, Quote
from marsad.quotes import cues as C
from marsad.quotes.cues import cue_form
from marsad.quotes.phrases import SPEAKER_NOUNS, is_noun_phrase
from marsad.quotes.records import Candidate, Found
from marsad.text.normalize import normalize
from marsad.text.tokens import without_article

SPEAKING_TYPES = ("PER", "ORG", "NORP", "GPE")
# How many sentences before the cue's own sentence candidates are drawn from.
LOOKBACK_SENTENCES = 2
_COMMA = frozenset("،,")


class ArticleIndex:
    """Token and sentence lookups of one article, shared by the candidates of all its quotes."""

    def __init__(self, article: Article):
        self.article = article
        self.toks = article.tokens
        self.starts = [t.start for t in self.toks]
        self.sent_starts = [s.start for s in article.sentences] or [0]
        self.mentions = sorted((m for m in article.entities if m.type in SPEAKING_TYPES), key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.count: dict[str, int] = {}
        for m in self.mentions:
            key = m.canonical_id or m.text
            self.count[key] = self.count.get(key, 0) + 1
        self.apposed = self._apposed_words()
        self.name_words: dict[str, set[str]] = {}
        self.first_mention: dict[str, object] = {}
        for m in self.mentions:
            if m.canonical_id and m.type in ("PER", "ORG"):
                self.first_mention.setdefault(m.canonical_id, m)
        for e in article.canonical_entities:
            if e.id in self.first_mention:
                self.name_words[e.id] = {w for n in (e.name, *e.aliases) for w in normalize(n).split()}

    def tok(self, off: int) -> int:
        return max(0, bisect_right(self.starts, off) - 1)

    def sent(self, off: int) -> int:
        return max(0, bisect_right(self.sent_starts, off) - 1)

    def _apposed_words(self) -> dict[str, set[str]]:
        """The words written right before each person's mentions (`رئيس الوزراء الإثيوبي أبي أحمد`):
        entity id → the bare forms of up to four words before it."""
        out: dict[str, set[str]] = {}
        for m in self.mentions:
            if m.type != "PER" or not m.canonical_id:
                continue
            k = self.tok(m.start)
            words = out.setdefault(m.canonical_id, set())
            for j in range(max(0, k - 4), k):
                t = self.toks[j]
                if t.is_word:
                    words.add(without_article(t.norm))
        return out


def _gender_number(norm: str) -> tuple[bool, bool]:
    """(feminine, plural) as a cue verb shows them: قالت/تقول, قالوا/يقولون."""
    plural = norm.endswith(("وا", "ون"))
    feminine = not plural and (norm.endswith("ت") or norm.startswith("ت"))
    return feminine, plural


def _looks_feminine(text: str) -> bool:
    first = text.split()[0] if text.split() else ""
    return first.endswith(("ة", "ه", "ات")) or first.startswith("ال") and first.endswith("ة")


def _looks_plural(text: str) -> bool:
    first = text.split()[0] if text.split() else ""
    return first.endswith(("ون", "ين", "ات")) or first.startswith(("مصادر", "شهود", "مسؤول", "سكان", "نشطاء"))


def candidates(index: ArticleIndex, found: Found, previous: Quote | None) -> list[Candidate]:
    """The candidates of one quote, with features, the cue's own phrase first."""
    toks = index.toks
    quote, cue = found.quote, found.cue
    out: list[Candidate] = []
    seen: set[str] = set()

    def add(c: Candidate) -> None:
        key = c.id or c.text
        if key in seen or not is_noun_phrase(c.text):
            return
        seen.add(key)
        out.append(c)

    phrase = None
    if quote.speaker:
        phrase = Candidate(quote.speaker, quote.speaker_id, found.speaker_start, found.speaker_end, "phrase")
        add(phrase)
    anchor = toks[cue[2]].start if cue else quote.start
    cue_sent = index.sent(anchor)
    first_sent = max(0, cue_sent - LOOKBACK_SENTENCES)
    lo = index.sent_starts[first_sent]
    hi_sent = index.sent(max(anchor, quote.end - 1))
    hi = index.sent_starts[hi_sent + 1] if hi_sent + 1 < len(index.sent_starts) else len(index.article.text)
    i0, i1 = bisect_left(index.mention_starts, lo), bisect_left(index.mention_starts, hi)
    near = [m for m in index.mentions[i0:i1] if not (quote.start <= m.start < quote.end)]
    if phrase is not None and _representative(phrase):
        # `ممثل خامنئي`: the person represented is not a candidate for his representative's words
        near = [m for m in near if not (phrase.start <= m.start < phrase.end)]
    relayer = _relayer(index, cue, phrase)
    if relayer is not None:
        # `نقلت الوكالة عن الوزير`, `قال التلفزيون السوري نقلا عن الوزير`: the outlet relays, not speaks
        near = [m for m in near if not (relayer[0] <= m.start < relayer[1])]
    near.sort(key=lambda m: abs(m.start - anchor))
    for m in near:
        add(Candidate(m.text, m.canonical_id, m.start, m.end, "mention", m.type))
    if phrase is not None and not phrase.id and not _representative(phrase):
        heads = {without_article(w) for w in _norm_words(index, phrase)}
        for pid, words in index.apposed.items():
            if not heads & words:
                continue
            c = next((c for c in out if c.id == pid), None)
            if c is None:
                m = next(m for m in index.mentions if m.canonical_id == pid)
                c = Candidate(m.text, pid, m.start, m.end, "apposed", "PER")
                add(c)
            c.features["apposed_overlap"] = min(3, len(heads & words)) / 3
            c.features["apposed_full"] = float(heads <= words)
    if phrase is not None and not phrase.id and not _representative(phrase):
        words = set(normalize(phrase.text).split())
        for pid, names in index.name_words.items():
            if words and words <= names and pid not in seen:
                m = index.first_mention[pid]
                c = Candidate(m.text, pid, m.start, m.end, "named", m.type)
                add(c)
    if previous is not None and previous.speaker:
        add(Candidate(previous.speaker, previous.speaker_id, -1, -1, "previous"))
    for c in out:
        _describe(index, c, quote, cue, previous, phrase, anchor, cue_sent)
    _rank_by_side(out, anchor)
    return out


def _relayer(index: ArticleIndex, cue: tuple | None, phrase: Candidate | None) -> tuple[int, int] | None:
    """The offsets of the relaying words between a verb cue and the عن of a relay (`نقل X عن Y`, `قال X
    نقلا عن Y`, `أفاد X نقلا عن Y`) when the cue's phrase is the relayed source Y, after that عن; else
    None."""
    if cue is None or cue[0] != "verb" or phrase is None or phrase.start < 0:
        return None
    toks, b = index.toks, cue[3]
    for k in range(b, index.tok(phrase.start)):
        if toks[k].norm == "عن" and (cue[1] == "نقل" or k > b and toks[k - 1].norm == "نقلا"):
            return toks[b].start, toks[k].start
    return None


def _representative(phrase: Candidate) -> bool:
    """A phrase for someone acting for a person named in it (`ممثل خامنئي`, `محامي كامير`)."""
    words = normalize(phrase.text).split()
    return not phrase.id and len(words) > 1 and words[0] in C.REPRESENTATIVES


def _rank_by_side(out: list[Candidate], anchor: int) -> None:
    """The order of the mentions after the cue and before it, nearest first (`after_rank=0`: the
    first mention after the cue)."""
    mentions = [c for c in out if c.origin == "mention"]
    after = sorted((c for c in mentions if c.start >= anchor), key=lambda c: c.start)
    before = sorted((c for c in mentions if c.start < anchor), key=lambda c: -c.start)
    for side, group in (("after", after), ("before", before)):
        for r, c in enumerate(group):
            c.features[f"{side}_rank={min(r, 2)}"] = 1.0
            c.features[f"{side}_rank={min(r, 2)}|type={c.type}"] = 1.0


def _phrase_shape(c: Candidate, f: dict[str, float]) -> None:
    """Features of the candidate's words: its head (a role, a document, a speaker noun, a word with a
    preposition attached or the accusative ending), its length, a cue word inside it."""
    words = normalize(c.text).split()
    if not words:
        return
    head = words[0][1:] if words[0][:1] in "وف" and len(words[0]) > 3 and words[0][1:] in C.CUE_INDEX else words[0]
    bare = without_article(head)
    f[f"words={min(len(words), 4)}"] = 1.0
    f["one_word"] = float(len(words) == 1)
    if bare in C.ROLES or head in C.ROLES:
        f["role_head"] = 1.0
    if bare in C.DOCUMENTS or bare.removesuffix("ا") in C.DOCUMENTS:
        f["document_head"] = 1.0
    if bare in C.GENERIC or head in SPEAKER_NOUNS:
        f["speaker_noun_head"] = 1.0
    if head.startswith("ال"):
        f["definite_head"] = 1.0
    if not c.id and head[:1] in "لب" and len(head) > 3:
        f["preposition_head"] = 1.0
    if not c.id and head.endswith("ا") and not head.startswith("ال"):
        f["accusative_head"] = 1.0
    if not c.id and head[:1] == "و":
        f["conjunction_head"] = 1.0
    if any(w in C.CUE_INDEX or w in C.PREPOSITIONS for w in words[1:]):
        f["verb_or_preposition_inside"] = 1.0


def _norm_words(index: ArticleIndex, c: Candidate) -> list[str]:
    if c.start < 0:
        return []
    a, b = index.tok(c.start), index.tok(c.end - 1) + 1
    return [t.norm for t in index.toks[a:b] if t.is_word]


def _describe(index: ArticleIndex, c: Candidate, quote: Quote, cue: tuple | None, previous: Quote | None,
              phrase: Candidate | None, anchor: int, cue_sent: int) -> None:
    f = c.features
    toks = index.toks
    kind = cue[0] if cue else "none"
    f["bias"] = 1.0
    f[f"origin={c.origin}"] = 1.0
    f[f"origin={c.origin}|cue={kind}"] = 1.0
    if c.type:
        f[f"type={c.type}"] = 1.0
        f[f"type={c.type}|cue={kind}"] = 1.0
    f["has_id"] = float(bool(c.id))
    f["quoted_before"] = float(previous is not None and bool(c.id or c.text)
                               and (c.id == previous.speaker_id if c.id else c.text == previous.speaker))
    n = index.count.get(c.id or c.text, 0)
    f["mentions_log"] = min(n, 8) / 8
    _phrase_shape(c, f)
    if phrase is not None and c is not phrase:
        overlap = c.start >= 0 and phrase.start >= 0 and c.start < phrase.end and phrase.start < c.end
        same = bool(c.id) and c.id == phrase.id
        if overlap or same:
            f["in_phrase"] = 1.0
            f[f"in_phrase|cue={kind}"] = 1.0
            f[f"in_phrase|type={c.type or c.origin}"] = 1.0
            for name in ("role_head", "document_head", "speaker_noun_head", "one_word"):
                if phrase.features.get(name):
                    f[f"in_phrase|phrase_{name}"] = 1.0
    if c.start < 0:
        return
    k = index.tok(c.start)
    s = index.sent(c.start)
    f[f"sent_back={min(cue_sent - s, 3) if s <= cue_sent else 'after'}"] = 1.0
    if cue:
        a, b = cue[2], cue[3]
        if k >= b:
            gap = k - b
            f["after_cue"] = 1.0
            f[f"after_cue_gap={min(gap, 4)}|cue={kind}"] = 1.0
            between = toks[b:k]
        else:
            gap = a - k
            f["before_cue"] = 1.0
            f[f"before_cue_gap={min(gap // 3, 4)}|cue={kind}"] = 1.0
            between = toks[index.tok(c.end - 1) + 1:a]
        f["commas_between"] = min(sum(t.text in _COMMA for t in between), 3) / 3
        f["clause_end_between"] = float(any(t.text in ".؟!?" for t in between))
        f["verb_between"] = float(any(cue_form(t) in C.CUE_INDEX for t in between if t.is_word))
        f["comp_between"] = float(any(t.norm in C.COMPLEMENTIZERS for t in between if t.is_word))
        f["distance"] = min(abs(gap), 40) / 40
        cue_tok = toks[a]
        if kind == "verb":
            fem, plural = _gender_number(cue_form(cue_tok))
            cf, cp = _looks_feminine(c.text), _looks_plural(c.text)
            f[f"agree fem={fem} cand_fem={cf}"] = 1.0
            f[f"agree plural={plural} cand_plural={cp}"] = 1.0
            f[f"agree fem={fem} type={c.type or c.origin}"] = 1.0
    prev = toks[k - 1] if k > 0 else None
    if prev is not None and prev.is_word:
        pn = prev.norm
        if pn in ("ل", "لـ") or toks[k].norm.startswith("ل") and len(toks[k].norm) > 3 and toks[k].prefix:
            f["after_lam"] = 1.0
        if pn == "عن":
            f["after_an"] = 1.0
        elif pn in C.PREPOSITIONS:
            f["after_prep"] = 1.0
        if cue_form(prev) in C.CUE_INDEX:
            f["right_after_verb"] = 1.0
    if quote.start <= c.start < quote.end:
        f["inside_content"] = 1.0
