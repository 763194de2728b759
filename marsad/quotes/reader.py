"""The token and sentence state of the quote finder (`attribution`): paired quotation marks, cue
and complementizer recognition, reported-content ends, and the quotes found so far."""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from marsad import lexicon
from marsad.model import Article, Quote
from marsad.quotes import cues as C
from marsad.quotes.cues import conjoined, cue_form
from marsad.quotes.records import Discourse, Found, Speaker
from marsad.text.tokens import (
    Token,
    without_conjunction,
)

_PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"', "❞": "❝"}
_CLOSERS = frozenset("”»\"")
_MIN_QUOTE_WORDS = 3
_MAX_QUOTE_CHARS = 2500
_MAX_SPEAKER_TOKENS = 22
_COMMA = frozenset("،,")
_CLAUSE_END = frozenset(".!?؟…;؛")
# Prepositions before a statement noun (`في بيان`, `خلال مؤتمر صحفي`).
_STATEMENT_PREPOSITIONS = ("في", "خلال")
# Words linking a generic speaker to its institution (`مسؤول في الوزارة`, `متحدث باسم الجيش`).
_AFFILIATION_LINKS = ("في", "باسم", "من")
# The preposition ل written as a word of its own (`وفقا لـ الوزارة`).
_LAM_APART = ("لـ", "ل")
# Endings of nisba adjectives (`عسكري`, `أمنية`, `فلسطينيون`, `محليين`).
_NISBA_ENDINGS = ("ي", "يه", "يون", "يين")


# How far into the previous sentence its subject may be (`ووصل مدير الدفاع المدني في شمال غرب سوريا
# عمار أبو الخير إلى …`).
TOPIC_WINDOW = 14
# Whom a statement was made to (`قال للصحفيين`, `صرح لوكالة …`).
AUDIENCE = lexicon.words("audience_nouns")
# Words after `في بيان` that are not yet the content (`في بيان له`, `في تصريح صحفي`).
STATEMENT_QUALIFIERS = lexicon.words("statement_qualifiers")
# Adjectives of a generic speaker followed by what it is close to (`مصدر مطلع على`, `مقرب من`).
INSIDER_ADJECTIVES = lexicon.words("insider_adjectives")
# Role nouns that, alone and definite with nothing earlier to name, are the current speaker.
ANAPHORIC_ROLES = lexicon.words("anaphoric_roles")
# Words after a comma that continue the reported clause (as do words starting with و/ف).
CLAUSE_CONTINUERS = lexicon.words("clause_continuers")


def lam_object(norm: str) -> str:
    """The noun behind the preposition ل of a normalised word, the article's alef restored after لل
    (`للوزارة` → الوزارة, `لمنظمة` → منظمة). A letter-wise strip, unlike `Token.stem`: callers use it
    where the ل is known to be the preposition (after `وفقا`, before an audience or a document)."""
    return "ال" + norm[2:] if norm.startswith("لل") else norm[1:]


class _Reader:
    """The article's tokens, sentences and quotations, the quotes found so far, and the discourse
    state (`records.Discourse`) the passes read and update as they go."""

    def __init__(self, article: Article, discourse: Discourse):
        self.a = article
        self.text = article.text
        self.toks: list[Token] = article.tokens
        # an article that writes the preposition على with ى writes the name علي (Ali) with ي
        self.ali_is_name = any(t.text == "على" for t in self.toks)
        n = len(self.toks)
        self.sent = [0] * n
        self.sent_first: list[int] = []
        self.sent_last: list[int] = []
        si = 0
        spans = article.sentences
        for i, t in enumerate(self.toks):
            while si + 1 < len(spans) and t.start >= spans[si + 1].start:
                si += 1
            self.sent[i] = si
        for i in range(n):
            if i == 0 or self.sent[i] != self.sent[i - 1]:
                self.sent_first.append(i)
            if i == n - 1 or self.sent[i] != self.sent[i + 1]:
                self.sent_last.append(i)
        self.first_of = {s: i for s, i in zip(sorted(set(self.sent)), self.sent_first)}
        self.last_of = {s: i for s, i in zip(sorted(set(self.sent)), self.sent_last)}
        self.mentions = sorted(article.entities, key=lambda m: m.start)
        self._mention_starts = [m.start for m in self.mentions]
        self._longest_mention = max((m.end - m.start for m in self.mentions), default=0)
        self._starts = [t.start for t in self.toks]
        self._ends = [t.end for t in self.toks]
        self.canon = {c.id: c for c in article.canonical_entities}
        self.quotes_direct = self._pair_quotes()
        self.inside = [-1] * n  # index into quotes_direct of the quotation holding the token
        self.open_at: dict[int, int] = {}
        self.close_at: dict[int, int] = {}
        for qi, (o, c) in enumerate(self.quotes_direct):
            self.open_at[o] = qi
            self.close_at[c] = qi
            for k in range(o + 1, c):
                self.inside[k] = qi
        self.used_quote: set[int] = set()
        self.consumed: set[int] = set()
        self.discourse = discourse  # the current speaker, the statements and speakers named so far
        self.out: list[Quote] = []
        self.cue: tuple | None = None  # the cue being read: (kind, lemma, first token, token after it)
        self.found: list[Found] = []  # each quote of `out` with its cue and speaker span
        # The quotes found so far never overlap: their starts and ends, both sorted, answer "is this
        # range taken?" by bisection.
        self.out_starts: list[int] = []
        self.out_ends: list[int] = []
        self._noun_at: dict[str, list[int]] | None = None

    def _pair_quotes(self) -> list[tuple[int, int]]:
        out = []
        toks = self.toks
        i, n = 0, len(toks)
        while i < n:
            t = toks[i]
            close = _PAIRS.get(t.text) if t.kind == "punct" else None
            if close is None:
                i += 1
                continue
            j = i + 1
            while j < n and toks[j].text != close and toks[j].start - t.start < _MAX_QUOTE_CHARS:
                if t.text == '"' and "\n" in self.text[toks[j - 1].end:toks[j].start]:
                    break
                j += 1
            if j < n and toks[j].text == close:
                words = sum(1 for k in range(i + 1, j) if toks[k].kind != "punct")
                if words >= _MIN_QUOTE_WORDS:
                    out.append((i, j))
                i = j + 1
            else:
                i += 1
        return out

    def _is_comp(self, i: int) -> bool:
        t = self.toks[i]
        if not t.is_word:
            return False
        n = t.norm
        if t.start > 0 and self.text[t.start - 1].isalnum():
            return False
        if n == "بان" and "أ" not in t.text and "ٲ" not in t.text:
            # `بان` is also a name (بان كي مون): a complementizer only right after a cue or a comma
            prev = self.toks[i - 1] if i else None
            return prev is not None and (prev.text in _COMMA or self._cue_at(i - 1) is not None)
        return n in C.COMPLEMENTIZERS

    def _cue_at(self, i: int):
        t = self.toks[i]
        if not t.is_word or self.inside[i] >= 0 or i in self.consumed:
            return None
        base = cue_form(t)
        hit = C.CUE_INDEX.get(base)
        if hit is None:
            return None
        kind, lemma = hit
        if kind == "verb" and i > 0 and self.toks[i - 1].norm in C.SUBJUNCTIVE and C.present_tense(base, lemma):
            return None  # `أن يكشف`, `كي يوضح`: not a report (but `بعد أن قالت` is)
        if lemma == "نقل":
            j = i + 1
            while j < len(self.toks) and j - i < 10 and self.toks[j].norm != "عن" and self.toks[j].text not in _CLAUSE_END:
                j += 1
            if j >= len(self.toks) or self.toks[j].norm != "عن":
                return None
        if kind == "source":
            if t.norm == "فحسب" or (lemma == "حسب" and t.norm not in ("حسب", "وحسب", "بحسب")):
                return None
            need = C.SOURCE_CUES[lemma]
            k = i + 1
            for w in need:
                if k >= len(self.toks):
                    return None
                nt = self.toks[k]
                if w == "ل*":
                    if nt.norm == "ما" or (lemma == "وفق" and nt.is_word and not nt.norm.startswith("ل")):
                        return kind, lemma, i, k
                    if nt.text in _LAM_APART or (nt.norm.startswith("ل") and nt.is_word):
                        if nt.text in _LAM_APART:
                            k += 1
                        return kind, lemma, i, k  # the source starts inside token k (after ل)
                    return None
                if nt.norm != w:
                    return None
                k += 1
            return kind, lemma, i, k
        return kind, lemma, i, i + 1

    def _words(self, a: int, b: int) -> list[int]:
        return [k for k in range(a, b) if self.toks[k].kind != "punct"]

    def _span_text(self, a: int, b: int) -> str:
        return self.text[self.toks[a].start:self.toks[b - 1].end] if b > a else ""

    def _tok_at(self, off: int) -> int:
        return max(0, bisect_right(self._starts, off) - 1)

    def _sent_of_offset(self, off: int) -> int:
        """The sentence of the first token ending at or after `off` (-1 past the last token)."""
        k = bisect_left(self._ends, off)
        return self.sent[k] if k < len(self.toks) else -1

    def _covered(self, off: int) -> bool:
        i = bisect_right(self.out_starts, off)
        return bool(i) and self.out_ends[i - 1] > off

    def _after_opener(self, first: int, a: int) -> bool:
        return self._skip_opener(first, a) == a

    def _skip_opener(self, k: int, limit: int) -> int:
        toks = self.toks
        while k < limit and toks[k].kind == "punct":
            k += 1
        for op in C.OPENERS:
            ok = True
            for j, w in enumerate(op):
                if k + j >= limit:
                    ok = False
                    break
                n = toks[k + j].norm
                if not (n == w or (j == 0 and w in without_conjunction(n))):
                    ok = False
                    break
            if ok:
                k += len(op)
                while k < limit and toks[k].text in _COMMA:
                    k += 1
                return k
        return k

    def _clause_start(self, i: int) -> int:
        """First token of the clause ending before token i (for cues after their content)."""
        k = self.first_of[self.sent[i]]
        return k

    def _reported_end(self, s: int) -> int:
        """Token index (exclusive) where reported content starting at token s ends."""
        toks = self.toks
        last = self.last_of[self.sent[s]]
        k = s
        words = 0
        while k <= last:
            t = toks[k]
            if k in self.open_at:
                k = self.quotes_direct[self.open_at[k]][1] + 1
                words += 1
                continue
            if k > s and self._cue_at(k) is not None:
                kind = self._cue_at(k)[0]
                if kind == "participle" or conjoined(t) or (toks[k - 1].text in _COMMA):
                    return k
            if t.text in _CLAUSE_END:
                return k
            if t.text in _COMMA and words >= 6 and k + 1 <= last:
                nxt = toks[k + 1]
                # any word starting with و/ف (`في` too) continues the clause, not only the conjunction
                if nxt.is_word and nxt.norm[:1] not in "وف" and nxt.norm not in CLAUSE_CONTINUERS:
                    return k
            if t.kind != "punct":
                words += 1
            k += 1
        return last + 1

    def _add(self, cue: str | None, spk: Speaker, start: int, end: int, direct: bool, min_words: int = 2) -> None:
        text = self.text
        while start < end and (text[start].isspace() or text[start] in "،,:."):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in "،,:؛;"):
            end -= 1
        content = text[start:end]
        if len(content.split()) < min_words:
            return
        i = bisect_left(self.out_starts, end)
        if i and self.out_ends[i - 1] > start:
            return  # overlaps a quote already found
        self.out.append(Quote(spk.text, spk.id, cue, content, direct, start, end))
        self.found.append(Found(self.out[-1], self.cue, spk.start if spk.text else -1, spk.end if spk.text else -1))
        self.out_starts.insert(i, start)
        self.out_ends.insert(i, end)
        if spk.text:
            self.discourse.current = spk

    def _take_quote(self, qi: int, cue: str | None, spk: Speaker) -> int:
        """Add quotation `qi` as a direct quote of `spk`; returns the token after it."""
        self.used_quote.add(qi)
        s, e = self._quote_span(qi)
        self._add(cue, spk, s, e, True)
        return self.quotes_direct[qi][1] + 1

    def _quote_span(self, qi: int) -> tuple[int, int]:
        o, c = self.quotes_direct[qi]
        return self.toks[o].end, self.toks[c].start

    def _cue_text(self, a: int, b: int) -> str:
        return self._span_text(a, b)

    def _phrase_end(self, b: int) -> int:
        """End (exclusive) of a speaker phrase after a cue placed after its content."""
        toks = self.toks
        last = self.last_of[self.sent[b]] if b < len(toks) else b - 1
        k = b
        while k <= last and toks[k].text not in _CLAUSE_END and toks[k].text not in _COMMA and k - b < 12:
            if k in self.open_at:
                break
            k += 1
        return k
