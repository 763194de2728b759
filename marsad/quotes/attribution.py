"""Find quotes and attribute them: who said what, with exact offsets.

The finder works on the tokens of the "text" stage and their sentences:

1. Direct quotations are the spans between paired quotation marks (“…”, «…», "…"), which may run over
   several sentences; spans of fewer than three words are names or scare quotes, not speech.
2. Cues are speech verbs (`قال`, `وأكدت`, `يقولون`), circumstantial participles (`مؤكدا`, `قائلا`)
   and prepositional sources (`بحسب`, `وفقا لـ`, `نقلا عن`), outside quotations. Each verb cue reads
   the words after it up to a complementizer (`إن`, `أن`, `بأن`, `إلى أن`), a quotation, a colon or
   a governing preposition (`حذر من`, `دعا إلى`): those words are the speaker, what follows is the
   content. With no words there, the subject is the phrase before the cue (`الوزير قال`) or, failing
   that, the current speaker continues (`وأضاف`, `وتابع قائلا`, `مؤكدا`).
3. Cues after their content: `«…»، قال X`, `«…» حسب قوله`, `…، بحسب X`.
4. Reported content runs to the end of the sentence, to the next cue, or to a comma that closes the
   reported clause (a comma after six words or more, not followed by a conjunction).
5. Speakers: a personal name inside a role phrase (`وزير الخارجية الإيطالي باولو جنتيلوني`), the
   author of a document (`تقرير صادر عن X`, `التقرير الذي وجهه X`, `نشرت صحيفة X تقريرا … وأضاف
   التقرير`), a quoted outlet name (`صحيفة “X”`); `speaker_id` from an overlapping mention.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from marsad import lexicon
from marsad.geo.gazetteer import load_gazetteer
from marsad.model import Article, Quote
from marsad.quotes import cues as C
from marsad.quotes.cues import conjoined, cue_form
from marsad.quotes.records import Found
from marsad.text.tokens import (
    Analysis,
    Token,
    original_length,
    plausible_split,
    without_article,
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


@dataclass(slots=True)
class _Speaker:
    text: str | None
    id: str | None = None
    start: int = -1
    end: int = -1


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


class _Finder:
    def __init__(self, article: Article):
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
        self.current = _Speaker(None)
        self.documents: list[tuple[str, _Speaker]] = []  # (document noun, author)
        self.speakers: list[_Speaker] = []
        # Speakers of two words or more, by the matching form of their first and last token and by
        # their last word as written (indices into `speakers`, in order), for the look-backs.
        self.by_first: dict[str, list[int]] = {}
        self.by_last: dict[str, list[int]] = {}
        self.by_last_word: dict[str, list[int]] = {}
        self.out: list[Quote] = []
        self.cue: tuple | None = None  # the cue being read: (kind, lemma, first token, token after it)
        self.found: list[Found] = []  # each quote of `out` with its cue and speaker span
        # The quotes found so far never overlap: their starts and ends, both sorted, answer "is this
        # range taken?" by bisection.
        self.out_starts: list[int] = []
        self.out_ends: list[int] = []
        self._noun_at: dict[str, list[int]] | None = None

    # ---- quotations -------------------------------------------------------------------------
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

    # ---- helpers ----------------------------------------------------------------------------
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
        if kind == "verb" and i > 0 and self.toks[i - 1].norm in C.SUBJUNCTIVE:
            return None  # `أن يكشف`, `كي يوضح`: not a report
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

    def _add(self, cue: str | None, spk: _Speaker, start: int, end: int, direct: bool) -> None:
        text = self.text
        while start < end and (text[start].isspace() or text[start] in "،,:."):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in "،,:؛;"):
            end -= 1
        content = text[start:end]
        if len(content.split()) < 2:
            return
        i = bisect_left(self.out_starts, end)
        if i and self.out_ends[i - 1] > start:
            return  # overlaps a quote already found
        self.out.append(Quote(spk.text, spk.id, cue, content, direct, start, end))
        self.found.append(Found(self.out[-1], self.cue, spk.start if spk.text else -1, spk.end if spk.text else -1))
        self.out_starts.insert(i, start)
        self.out_ends.insert(i, end)
        if spk.text:
            self.current = spk

    def _take_quote(self, qi: int, cue: str | None, spk: _Speaker) -> int:
        """Add quotation `qi` as a direct quote of `spk`; returns the token after it."""
        self.used_quote.add(qi)
        s, e = self._quote_span(qi)
        self._add(cue, spk, s, e, True)
        return self.quotes_direct[qi][1] + 1

    def _quote_span(self, qi: int) -> tuple[int, int]:
        o, c = self.quotes_direct[qi]
        return self.toks[o].end, self.toks[c].start

    # ---- speakers ---------------------------------------------------------------------------
    def _mention_in(self, start: int, end: int, types=("PER", "ORG")):
        best = None
        first = bisect_left(self._mention_starts, start - self._longest_mention)
        for m in self.mentions[first:]:
            if m.start >= end:
                break
            if m.end <= start or m.type not in types:
                continue
            if best is None or (m.type == "PER") > (best.type == "PER"):
                best = m
        return best

    def _is_role(self, n: str) -> bool:
        return n in C.ROLES or ("ال" + n) in C.ROLES or (n.endswith("ه") and n[:-1] in C.ROLES)

    def _is_stop(self, t: Token) -> bool:
        if t.norm == "علي" and t.text.endswith("ي"):
            return False  # the name Ali, not the preposition على
        return t.norm in C.NAME_STOPS

    def _prefixed(self, t: Token) -> bool:
        """A word read as ل/ب/ك + stem (`لعمال`, `للأمم`, `لوكالة`), not a name."""
        n = t.norm
        if n.startswith("لل"):
            return True
        if n[:1] in "بك" and len(n) > 3:
            # a letter-wise ب/ك strip, checked against role words, not frequencies:
            # `بالوزارة`, `بوزارة`; but `بسام`, `باولو`, `بان` are names
            return n[1:3] == "ال" or self._is_role(n[1:]) or n[1:] in C.GENERIC
        if n[:1] == "ل" and len(n) > 3:
            return t.prefix > 0 and plausible_split(n, Analysis(t.prefix, t.stem))
        return False

    def _place(self, t: Token) -> bool:
        return self._mention_in(t.start, t.end, ("GPE", "LOC", "NORP")) is not None

    def _speaker_from(self, a: int, b: int) -> _Speaker:
        """The speaker named by tokens [a, b) (see `_phrase_speaker`). A statement it names (`قالت
        الوزارة في بيان`) is remembered as that speaker's, for `وأوضح البيان` later on."""
        spk = self._phrase_speaker(a, b)
        if spk.text:
            toks = self.toks
            for k in range(a + 1, b - 1):
                noun = toks[k + 1].norm
                for suffix in ("ها", "هم", "ه"):  # `في تقريرها`: its report
                    if noun.endswith(suffix) and noun[:-len(suffix)] in C.DOCUMENTS:
                        noun = noun[:-len(suffix)]
                        break
                if toks[k].norm in _STATEMENT_PREPOSITIONS and noun in C.DOCUMENTS:
                    self.documents.append((without_article(noun), spk))
                    break
        return spk

    def _phrase_speaker(self, a: int, b: int) -> _Speaker:
        """The speaker named by tokens [a, b): a document's author, a person's name inside a role
        phrase, a quoted outlet name, or the (trimmed) phrase itself."""
        toks = self.toks
        while a < b and (toks[a].kind == "punct" or toks[a].norm in ("ان",) or toks[a].norm in C.TIME_WORDS
                         or toks[a].norm in C.AUXILIARIES or toks[a].norm in C.PRONOUN_PPS
                         or toks[a].norm in ("ذات", "نفس") or toks[a].kind == "num"):
            a += 1
        while b > a and (toks[b - 1].kind == "punct" or (toks[b - 1].norm in C.COMPLEMENT_PREPOSITIONS
                                                        and not self._is_ali(toks[b - 1]))
                         or toks[b - 1].norm in C.SAYING or toks[b - 1].norm in C.AUXILIARIES
                         or toks[b - 1].norm in C.TIME_WORDS):
            b -= 1
        # `وقال في تصريحات صحفية نقيب …`: a modifier before the subject
        if a + 2 < b and toks[a].norm in _STATEMENT_PREPOSITIONS and without_article(toks[a + 1].norm).startswith(C.MODIFIER_NOUNS):
            a += 2
            while a < b and toks[a].is_word and not toks[a].norm.startswith("ال") and toks[a].norm.endswith(("يه", "ي")):
                a += 1
            if b - a == 1 and toks[a].norm.startswith("ال"):
                return _Speaker(None)  # `أكدت في كلمة الافتتاح أن`: the subject is elsewhere
        if b <= a or toks[a].norm in C.PREPOSITIONS or not toks[a].is_word or toks[a].norm in C.PRONOUNS:
            return _Speaker(None)
        if toks[a].norm.startswith("وال") and len(toks[a].norm) > 5 and not self._is_role(toks[a].norm):
            return _Speaker(None)  # `وقالت والدموع في عينيها`: a circumstance, not the subject
        # `في تصريح لـ…` and similar modifiers are not part of the subject
        for k in range(a + 1, b):
            if toks[k].norm in _STATEMENT_PREPOSITIONS and k + 1 < b and without_article(toks[k + 1].norm).startswith(C.MODIFIER_NOUNS):
                b = k
                break
        head = toks[a]
        hn = head.norm
        strip_l = 0
        if hn[:1] == "ل" and lam_object(hn) in C.DOCUMENTS | C.DATA_NOUNS:
            hn, strip_l = lam_object(hn), 1  # `لتقرير`, `للبيان`
        # quantifiers: `عدد من النواب` → النواب
        if hn in C.QUANTIFIERS and a + 2 < b and toks[a + 1].norm == "من":
            return self._speaker_from(a + 2, b)
        if hn in ("احد", "احدي") and a + 1 < b and toks[a + 1].norm in C.GENERIC:
            inner = self._generic(a + 1, b)  # `أحد سكان الحي`
            return self._resolve(a, self._tok_at(inner.end - 1) + 1) if inner.text else inner
        # data: `تقديرات غرفة التجارة` → غرفة التجارة
        if hn in C.DATA_NOUNS and a + 1 < b:
            return self._speaker_from(a + 1, b)
        # documents and their authors
        if hn in C.DOCUMENTS:
            author = self._author(a + 1, b)
            if author is None and a + 1 < b and toks[a + 1].norm.startswith("ل"):  # `تقرير لمنظمة …`
                m = self._mention_in(toks[a + 1].start, toks[b - 1].end, ("ORG", "PER"))
                if m is not None and m.start < toks[a + 1].end:
                    author = self._speaker_of_mention(m)
            if author is None and a + 1 < b and toks[a + 1].is_word and toks[a + 1].norm.startswith("ال") \
                    and toks[a + 1].norm not in C.RELATIVES and not self._place(toks[a + 1]):
                author = self._speaker_from(a + 1, b)  # `بيان الوزارة`
                if author.text is None:
                    author = None
            if author is not None:
                self.documents.append((without_article(hn), author))
                return author
            for noun, auth in reversed(self.documents):
                if noun == without_article(hn):
                    return auth
            if self.documents and hn.startswith("ال"):
                return self.documents[-1][1]
        # segments: the subject is the first comma-separated segment (appositions follow)
        segs = []
        s0 = a
        for k in range(a, b + 1):
            if k == b or toks[k].text in _COMMA:
                if k > s0:
                    segs.append((s0, k))
                s0 = k + 1
        a, b = segs[0]
        for k in range(a + 1, b):
            if toks[k].norm in C.RELATIVES:
                b = k
                break
        if b <= a:
            return _Speaker(None)
        # outlet with its quoted name
        if without_article(toks[a].norm) in C.OUTLETS:
            for o in range(a + 1, min(b, a + 3)):
                if toks[o].text in _PAIRS:
                    c = o + 1
                    while c < b and toks[c].text not in _CLOSERS and toks[c].text not in _PAIRS:
                        c += 1
                    if o + 1 < c <= b:
                        return self._resolve(o + 1, c)
                    break
        m = self._mention_in(toks[a].start, toks[b - 1].end, ("PER",))
        if m is not None:
            return self._speaker_of_mention(m)
        # `أحد المعلمين، ويدعى سمير بلقاسم،`
        for sa, sb in segs[1:3]:
            if toks[sa].norm in C.NAMED and sb - sa >= 2:
                return self._resolve(sa + 1, min(sb, sa + 5))
        if toks[a].norm in C.GENERIC or toks[a].norm.removesuffix("ن") in C.GENERIC:
            if len(segs) > 1:
                sa, sb = segs[1]
                name = self._name(sa, sb) if sb - sa <= 4 else None
                if name is not None and name == (sa, sb):
                    return self._resolve(*name)
            return self._anaphor(self._generic(a, b))
        name = self._name(a, b)
        if name is not None:
            return self._resolve(*name)
        for i in reversed(self.by_last.get(toks[a].norm, ())):
            sp = self.speakers[i]
            if self.toks[self._tok_at(sp.end - 1)].start != toks[a].start:
                return sp  # `ووصف الكعبي الاتفاقية`: the surname of a speaker met before
        # a role phrase followed by the name in apposition: `المتحدثة باسم التجمع، سلمى عثمان،`
        if len(segs) > 1:
            sa, sb = segs[1]
            if sb - sa <= 5:
                m = self._mention_in(toks[sa].start, toks[sb - 1].end, ("PER",))
                if m is not None:
                    return self._speaker_of_mention(m)
                name = self._name(sa, sb)
                if name is not None and name[1] == sb:
                    return self._resolve(*name)
                if self._looks_like_name(sa, sb):
                    return self._resolve(sa, sb)
        # a role or an organisation: cut at prepositions, and after a nationality adjective
        k = a + 1
        while k < b and toks[k].kind != "punct":
            place = self._mention_in(toks[k + 1].start, toks[k + 1].end, ("GPE", "LOC")) if toks[k].norm == "في" and k + 1 < b else None
            if place is not None and getattr(self.canon.get(place.canonical_id or ""), "feature", None) == "country":
                break  # `المفوضية … في العراق`: the country is not part of the name
            if place is not None:
                k += 2  # `وزارة الداخلية في غزة`, `صاحب دار نشر في الدار البيضاء`
                while k < b and toks[k].start < place.end:
                    k += 1
                break
            if toks[k].norm in C.PREPOSITIONS or self._is_stop(toks[k]) or self._to_audience(toks[k]):
                break
            n = toks[k].norm
            if n in C.NOT_NAMES:
                break
            if self._after_nationality(k):
                break
            k += 1
        return self._anaphor(self._resolve(a + 0, min(k, a + 8), strip_l))

    def _generic(self, a: int, b: int) -> _Speaker:
        """Generic speakers: the head, its adjectives and a short genitive (`مصدر عسكري`, `شهود
        عيان`, `نواب البرلمان المصري`, `متحدث باسم الجيش`), or `مسؤول في الوزارة`."""
        toks = self.toks

        def adjective(t: Token) -> bool:
            return t.is_word and not self._prefixed(t) and t.norm not in C.NAME_STOPS and not t.norm.startswith("ال") and (
                t.norm in C.GENERIC_ADJECTIVES or t.norm.endswith(_NISBA_ENDINGS))

        k = a + 1
        while k < b and k - a < 3 and adjective(toks[k]):
            k += 1
        if k > a + 1 and k + 1 < b and toks[k - 1].norm in INSIDER_ADJECTIVES \
                and toks[k].norm in ("علي", "من"):
            e = k + 1
            while e < b and e - k <= 3 and toks[e].is_word and toks[e].norm not in C.PREPOSITIONS:
                e += 1
            return self._resolve(a, e)
        if k == a + 1 and k + 1 < b and toks[k].norm in _AFFILIATION_LINKS:
            k += 1
        elif k == a + 1 and k < b and toks[k].norm.startswith("بال") and len(toks[k].norm) > 4:
            return self._resolve(a, k + 1)  # `مصدر بالوزارة`
        if k < b and (toks[k - 1].norm in _AFFILIATION_LINKS or toks[k].norm.startswith("ال")):
            start = k
            while k < b and k - start < 4 and (toks[k].is_word or toks[k].text in _PAIRS or toks[k].text in _CLOSERS) \
                    and toks[k].norm not in C.PREPOSITIONS \
                    and toks[k].norm not in C.RELATIVES and not self._is_stop(toks[k]) and not self._prefixed(toks[k]):
                if k > start and self._after_nationality(k):
                    break
                k += 1
        return self._resolve(a, k)

    def _after_nationality(self, k: int) -> bool:
        """A definite noun right after a nationality adjective starts a new phrase (the object):
        `الاتحاد الأفريقي | السلطات السودانية`, `الإدارة الذاتية الكردية | المجتمع الدولي`."""
        toks = self.toks
        prev, t = toks[k - 1], toks[k]
        adjective = self._mention_in(prev.start, prev.end, ("NORP",)) is not None \
            or prev.norm in load_gazetteer().adjectives  # inside a name: `البرلمان المصري | الحكومة`
        return (prev.norm.startswith("ال") and t.norm.startswith("ال") and t.is_word and adjective
                and self._mention_in(t.start, t.end, ("NORP",)) is None and t.norm not in load_gazetteer().adjectives)

    def _looks_like_name(self, a: int, b: int) -> bool:
        """A short apposition made only of name words (`، ليلى الشرايبي،`)."""
        toks = self.toks
        if not 2 <= b - a <= 4 or toks[a].norm.startswith("ال"):
            return False
        for k in range(a, b):
            t = toks[k]
            if not t.is_word or self._is_role(t.norm) or self._is_stop(t) or t.norm in C.TIME_WORDS \
                    or t.norm in C.NOT_NAMES or t.norm in C.CUE_INDEX or t.norm in C.PRONOUN_PPS or self._place(t):
                return False
        return True

    def _noun_positions(self) -> dict[str, list[int]]:
        """The token indices at which each noun stands, bare or after one letter of proclitic (و ب ل ف)
        or لل, in order (built on first use)."""
        if self._noun_at is None:
            self._noun_at = {}
            for k, t in enumerate(self.toks):
                if not t.is_word:
                    continue
                keys = {t.norm}
                if t.norm[:1] in "وبلف":
                    keys.add(t.norm[1:])
                if t.norm.startswith("لل"):
                    keys.add(t.norm[2:])
                for key in keys:
                    self._noun_at.setdefault(key, []).append(k)
        return self._noun_at

    def _anaphor(self, spk: _Speaker) -> _Speaker:
        """A bare definite noun (`الوزارة`, `المسؤول`, `الوزير`) names someone met before: the last
        speaker whose phrase starts with that noun, else the nearest earlier phrase `وزارة X`."""
        if not spk.text or len(spk.text.split()) > 1 or spk.id:
            return spk
        n = self.toks[self._tok_at(spk.start)].norm if spk.start >= 0 else ""
        if not n.startswith("ال") or len(n) < 5:
            return spk
        bare = without_article(n)
        # letter-wise proclitic strips: any earlier spelling of the noun (`وزارة`, `بوزارة`, `للوزارة`),
        # whatever the word frequencies or `Token.readings`' length limits say
        earlier = [i for key in {n, bare, "ال" + bare, "لل" + bare} for i in self.by_first.get(key, ())
                   if i < len(self.speakers) - 1]
        if earlier:
            return self.speakers[max(earlier)]
        k0 = self._tok_at(spk.start)
        places = self._noun_positions().get(bare, [])
        for k in reversed(places[:bisect_left(places, k0)]):
            t = self.toks[k]
            if self.inside[k] < 0:
                e = k + 1
                while e < len(self.toks) and e - k < 8 and self.toks[e].text not in _COMMA and self.toks[e].text not in _CLAUSE_END \
                        and self.toks[e].norm not in C.PREPOSITIONS and self.toks[e].norm not in C.RELATIVES and e < k0 \
                        and cue_form(self.toks[e]) not in C.CUE_INDEX and not self._is_comp(e):
                    e += 1
                if e > k + 1:
                    strip = 0 if t.norm == bare else (2 if t.norm.startswith("لل") else 1)
                    found = self._speaker_from_strip(k, e, strip)
                    if found.text:
                        return found
                break
        if bare in ANAPHORIC_ROLES and self.current.text:
            return self.current
        return spk

    def _speaker_from_strip(self, a: int, b: int, strip: int) -> _Speaker:
        spk = self._speaker_from(a, b)
        if strip and spk.text and spk.start == self.toks[a].start:
            if strip == 2:
                spk = _Speaker("ال" + spk.text[2:], spk.id, spk.start + 1, spk.end)
            else:
                spk = _Speaker(spk.text[1:], spk.id, spk.start + 1, spk.end)
        return spk

    def _tok_at(self, off: int) -> int:
        return max(0, bisect_right(self._starts, off) - 1)

    def _name(self, a: int, b: int):
        """A personal name inside a role phrase: the last run of words that are not role words, do
        not start with ال, are not places and do not follow a preposition, `باسم` or an indefinite
        role noun (its genitive); the run takes at most four words."""
        toks = self.toks
        cands = []
        k = a
        while k < b:
            t = toks[k]
            if not t.is_word:
                if (t.text in _PAIRS or t.text in _CLOSERS) and not cands:
                    k += 1
                    continue
                break
            n = t.norm
            prev = toks[k - 1] if k > a else None
            ok = not (self._is_role(n) or n.startswith("ال") or self._is_stop(t) or self._prefixed(t) or self._place(t)
                      or n in C.QUANTIFIERS or n in C.CUE_INDEX or len(n) < 2 or n in C.TIME_WORDS
                      or (t.conjunction and n[1:3] == "ال") or n in C.AUXILIARIES or n in C.NOT_NAMES
                      or "\u064b" in t.text or t.text.endswith("اً")  # accusative: an object, not a subject
                      or self._mention_in(t.start, t.end, ("ORG",)) is not None)  # `حاكم مصرف لبنان`
            if ok and prev is not None and n.endswith("يه") and (prev.norm.endswith("يه") or self._is_role(prev.norm)):
                ok = False  # a chain of adjectives: `منظمة عربية مدنية`
            if ok and prev is not None:
                pn = prev.norm
                if pn in C.PREPOSITIONS or pn == "باسم" or (self._is_role(pn) and not pn.startswith("ال") and pn not in C.GENERIC
                                                             and pn not in C.HONORIFICS):
                    ok = False
            if not ok:
                if cands and (self._is_stop(t) or n in C.PREPOSITIONS or self._prefixed(t) or n in C.RELATIVES):
                    break
                k += 1
                continue
            end = k + 1
            while end < b and end - k < 4:
                u = toks[end]
                if not u.is_word or self._is_stop(u) or self._is_role(u.norm) or u.norm in C.CUE_INDEX \
                        or self._prefixed(u) or u.norm in C.RELATIVES or u.norm in C.TIME_WORDS \
                        or (u.norm in C.PREPOSITIONS and not self._is_ali(u)) \
                        or self._is_comp(end):
                    break
                if self._place(u) and u.norm.startswith("ال"):
                    break
                end += 1
            if end - k == 1 and k - a >= 2 and toks[k - 2].norm in C.PREPOSITIONS:
                k = end  # `في حصيلة جديدة`: an adjective, not a name
                continue
            if end - k == 1 and end < b and toks[end].norm.startswith("ال") and self._is_role(toks[end].norm):
                k = end  # `طبيب النادي`: a noun over a role, not a name
                continue
            cands.append((k, end))
            k = end
        if not cands:
            return None
        return cands[-1]
    def _topic_person(self, a: int) -> _Speaker:
        """`ووصل … عمار أبو الخير إلى البلدة. وقال إن`: a cue with no subject at the start of a sentence
        continues the person the previous sentence was about (the subject right after its verb) when
        no quote came in between; else nothing."""
        toks = self.toks
        s = self.sent[a]
        if s == 0 or a != self._skip_opener(self.first_of[s], a):
            return _Speaker(None)
        first, last = self.first_of[s - 1], self.last_of[s - 1]
        j = bisect_right(self.out_ends, toks[first].start)
        if (j < len(self.out_ends) and self.out_ends[j] <= toks[a].start) or self._cue_at(first) is not None:
            return _Speaker(None)
        k = first + 1
        while k <= min(last, first + 3) and (toks[k].norm in C.TIME_WORDS or not toks[k].is_word):
            k += 1  # `ووصل اليوم الثلاثاء …`
        if k > last:
            return _Speaker(None)
        stop = min(last, k + TOPIC_WINDOW)
        m = self._mention_in(toks[k].start, toks[stop].end, ("PER",))
        return self._speaker_of_mention(m) if m is not None and m.type == "PER" else _Speaker(None)

    def _quoted_name(self, k: int) -> bool:
        """A short quotation right after an outlet or organisation noun, followed by a complementizer or
        a comma, is the organisation's name (`كشفت منظمة «أطباء بلا حدود» أن`)."""
        if k == 0 or without_article(self.toks[k - 1].norm) not in C.OUTLETS:
            return False
        close = self.quotes_direct[self.open_at[k]][1]
        return close - k <= 6 and close + 1 < len(self.toks) and (self._is_comp(close + 1)
                                                                 or self.toks[close + 1].text in _COMMA)

    def _to_audience(self, t: Token) -> bool:
        """`للصحفيين`, `لوكالة …`, `لقناة …`: whom the speaker told, not part of the speaker."""
        if not t.norm.startswith("ل"):
            return False
        return without_article(lam_object(t.norm)) in AUDIENCE

    def _is_ali(self, t: Token) -> bool:
        """The name علي, not the preposition على (written علي in Egyptian-style texts)."""
        return t.norm == "علي" and t.text.endswith("ي") and self.ali_is_name

    def _author(self, a: int, b: int) -> _Speaker | None:
        toks = self.toks
        for k in range(a, b):
            n = toks[k].norm
            if n in C.AUTHOR_VERBS:
                s = k + 1
                if s < b and toks[s].norm == "عن":
                    s += 1
                e = s
                while e < b and toks[e].text not in _COMMA and toks[e].norm not in C.PREPOSITIONS:
                    e += 1
                if e > s:
                    return self._speaker_from(s, e)
        return None

    def _resolve(self, a: int, b: int, strip_l: int = 0) -> _Speaker:
        toks = self.toks
        start, end = toks[a].start, toks[b - 1].end
        text = self.text[start:end]
        if strip_l:
            cut = original_length(toks[a].text, 1)
            start += cut
            text = text[cut:]
            if toks[a].norm.startswith("لل"):
                text = "ال" + text[1:]
        m = self._mention_in(start, end)
        if m is not None and m.type in ("GPE", "LOC", "FAC") and not self._speaks(m):
            m = None  # `شاهد عيان في جنديرس`: a town does not speak
        sid = m.canonical_id if m is not None else None
        if m is None and b - a == 1:
            # a surname alone: the earlier full name it ends
            if self.by_last_word.get(text):
                return self.speakers[self.by_last_word[text][-1]]
        spk = _Speaker(text, sid, start, end)
        self._remember(spk)
        return spk

    def _speaks(self, m) -> bool:
        """Countries and capitals speak for their governments (`أعلنت مصر`); other places do not."""
        entity = self.canon.get(m.canonical_id or "")
        return entity is not None and entity.feature in ("country", "capital")

    def _speaker_of_mention(self, m) -> _Speaker:
        spk = _Speaker(m.text, m.canonical_id, m.start, m.end)
        self._remember(spk)
        return spk

    def _remember(self, spk: _Speaker) -> None:
        """Add a speaker, indexed when it has two words or more."""
        self.speakers.append(spk)
        words = spk.text.split() if spk.text else []
        if len(words) > 1:
            self.by_last_word.setdefault(words[-1], []).append(len(self.speakers) - 1)
            if spk.start >= 0:
                first, last = self.toks[self._tok_at(spk.start)], self.toks[self._tok_at(spk.end - 1)]
                self.by_first.setdefault(first.norm, []).append(len(self.speakers) - 1)
                self.by_last.setdefault(last.norm, []).append(len(self.speakers) - 1)

    # ---- content ----------------------------------------------------------------------------
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

    def _clause_start(self, i: int) -> int:
        """First token of the clause ending before token i (for cues after their content)."""
        k = self.first_of[self.sent[i]]
        return k

    # ---- main -------------------------------------------------------------------------------
    def run(self) -> list[Quote]:
        toks = self.toks
        i, n = 0, len(toks)
        while i < n:
            cue = self._cue_at(i)
            if cue is None and toks[i].is_word and self.inside[i] < 0:
                self._publication(i)
            if cue is None:
                if i in self.open_at and self.open_at[i] not in self.used_quote:
                    self.cue = None
                    self._standalone(self.open_at[i])
                i += 1
                continue
            kind, lemma, a, b = cue
            self.cue = cue
            if kind == "source":
                i = self._source(lemma, a, b)
            else:
                i = self._verb(kind, lemma, a, b)
        return self.out

    def _publication(self, i: int) -> None:
        """`نشرت صحيفة X تقريرا …`: remember X as the author of the document (and as the current
        speaker, so `وأضاف التقرير` and a bare `وأكد` go to X)."""
        toks = self.toks
        n = toks[i].norm
        if C.PUBLISH_VERBS.isdisjoint(without_conjunction(n)):
            return
        last = self.last_of[self.sent[i]]
        for k in range(i + 2, min(last + 1, i + 12)):
            if toks[k].norm in C.DOCUMENTS:
                spk = self._speaker_from(i + 1, k)
                if spk.text:
                    self.documents.append((toks[k].norm.removesuffix("ا"), spk))
                    self.current = spk
                return
            if toks[k].text in _CLAUSE_END:
                return

    def _standalone(self, qi: int) -> None:
        """A quotation with no cue before it: a cue right after it (`«…»، قال X`), or, when it opens a
        sentence right after another quote, the current speaker continues."""
        o, c = self.quotes_direct[qi]
        toks = self.toks
        k = c + 1
        while k < len(toks) and toks[k].text in _COMMA:
            k += 1
        if k < len(toks) and self.sent[k] == self.sent[c] or (k < len(toks) and k == c + 1):
            cue = self._cue_at(k) if k < len(toks) else None
            self.cue = cue
            if cue is not None:
                kind, _, a, b = cue
                if kind == "verb" and not conjoined(toks[k]):
                    end = self._phrase_end(b)
                    spk = self._speaker_from(b, end) if end > b else self.current
                    if spk.text is None:
                        spk = self.current
                    self._take_quote(qi, self._cue_text(a, b), spk)
                    for x in range(a, end):
                        self.consumed.add(x)
                    return
                if kind == "source":
                    src_end = self._phrase_end(b)
                    spk = self._source_speaker(b, src_end)
                    self._take_quote(qi, self._cue_text(a, b), spk)
                    for x in range(a, src_end):
                        self.consumed.add(x)
                    return
        # opens a sentence (or follows a colon) right after another quote: the speaker continues
        prev = toks[o - 1] if o > 0 else None
        starts = o == self.first_of[self.sent[o]] or (prev is not None and prev.text in ":.")
        if starts and self.out and self.current.text:
            last = self.out[-1]
            if 0 <= self._sent_of_offset(last.end) and self.sent[o] - self._sent_of_offset(last.end) <= 1:
                self._take_quote(qi, None, self.current)

    def _sent_of_offset(self, off: int) -> int:
        """The sentence of the first token ending at or after `off` (-1 past the last token)."""
        k = bisect_left(self._ends, off)
        return self.sent[k] if k < len(self.toks) else -1

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

    def _cue_text(self, a: int, b: int) -> str:
        return self._span_text(a, b)

    def _source_speaker(self, s: int, e: int) -> _Speaker:
        toks = self.toks
        if s < e and toks[s].norm in C.PRONOUN_SOURCES:
            # `حسب قوله`; `بحسب ما أفاد X`
            if toks[s].norm == "ما" and s + 1 < e and self._cue_at(s + 1) is not None:
                spk = self._speaker_from(s + 2, e)
                return spk if spk.text else self.current
            return self.current
        if s < e and toks[s].is_word and toks[s].norm.startswith("ل") and s > 0 and cue_form(toks[s - 1]) in C.LAM_SOURCES:
            # `وفقا للوزارة`, `وفقا لشهود عيان`: the source starts inside the token
            t = toks[s]
            cut = original_length(t.text, 1)
            elided = t.norm.startswith("لل") and t.text[cut:cut + 1] == "ل"
            stripped = Token.make(t.start + cut, t.end, "ال" + t.text[cut + 1:] if elided else t.text[cut:],
                             lam_object(t.norm), t.kind)
            toks[s] = stripped
            try:
                spk = self._speaker_from(s, e)
            finally:
                toks[s] = t
            if spk.text and t.norm.startswith("لل") and spk.start == stripped.start:
                spk = _Speaker("ال" + self.text[spk.start + 1:spk.end], spk.id, spk.start, spk.end)
            return spk
        return self._speaker_from(s, e)

    def _source(self, lemma: str, a: int, b: int) -> int:
        """`بحسب X، …` / `وبحسب X فإن «…»` / `…، بحسب X`."""
        toks = self.toks
        last = self.last_of[self.sent[a]]
        first = self.first_of[self.sent[a]]
        initial = a == first or toks[a - 1].text in _COMMA or conjoined(toks[a]) or self._after_opener(first, a)
        # the source phrase: up to a comma, a complementizer, a quotation or the clause end
        k = b
        while k <= last and toks[k].text not in _COMMA and toks[k].text not in _CLAUSE_END and k not in self.open_at \
                and not self._is_comp(k) and toks[k].text != ":" and k - b < _MAX_SPEAKER_TOKENS:
            k += 1
        if lemma == "حسبما" or (b < len(toks) and toks[b].norm == "ما"):
            s0 = b + 1 if lemma != "حسبما" else b
            # `حسب ما ذكره X`, `وفق ما أفادت به X`, `بحسب ما قال`: the word after ما is a verb
            # `بحسب ما نقلته الوكالة عن مصادر …`: the source the outlet quotes
            via = next((x for x in range(s0 + 2, k - 1) if toks[x].norm == "عن"), None)
            spk = self._speaker_from(via + 1 if via else s0 + 1, k) if s0 + 1 < k else _Speaker(None)
            if not spk.text:
                spk = self.current
        else:
            spk = self._source_speaker(b, k)
        for x in range(a, k):
            self.consumed.add(x)
        cue_text = self._cue_text(a, b if b > a + 1 or lemma in C.LAM_SOURCES and toks[b - 1].text in _LAM_APART else a + 1)
        if lemma in C.LAM_SOURCES and cue_text == toks[a].text:
            cue_text = toks[a].text
        # content before the cue (`…، بحسب X`)
        if not initial or (a > first and toks[a - 1].text in _COMMA and a - 1 > first):
            if a > 0 and (a - 1) in self.close_at or (a - 2 >= 0 and (a - 2) in self.close_at and toks[a - 1].text in _COMMA):
                qi = self.close_at[a - 1] if (a - 1) in self.close_at else self.close_at[a - 2]
                if qi not in self.used_quote:
                    self._take_quote(qi, cue_text, spk)
                return k
            if a - 1 >= 0 and (a - 1) in self.close_at or self._covered(toks[a - 1].start if a else 0):
                return k
            start_tok = self._clause_start(a)
            start_tok = self._skip_opener(start_tok, a)
            if a - start_tok >= 3 and not self._covered(toks[start_tok].start):
                self._add(cue_text, spk, toks[start_tok].start, toks[a - 1].end, False)
            return k
        # content after the source phrase
        c = k
        while c <= last and (toks[c].text in _COMMA or toks[c].text == ":"):
            c += 1
        direct = False
        if c <= last and self._is_comp(c):
            c += 1
        if c in self.open_at and self.open_at[c] not in self.used_quote:
            return self._take_quote(self.open_at[c], cue_text, spk)
        if c <= last:
            e = self._reported_end(c)
            if e > c:
                self._add(cue_text, spk, toks[c].start, toks[e - 1].end, direct)
                return e
        return k

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

    def _verb(self, kind: str, lemma: str, a: int, b: int) -> int:
        toks = self.toks
        last = self.last_of[self.sent[a]]
        first = self.first_of[self.sent[a]]
        if b <= last and toks[b].is_word and C.CUE_INDEX.get(toks[b].norm, ("", ""))[1] == "قائلا" and kind == "verb":
            b += 1  # `وتابع قائلا`
        cue_text = self._cue_text(a, b)
        # scan the subject region up to a complementizer, a quotation, a colon or a preposition
        k = b
        boundary = None
        prep_at = None
        want_prep = C.GOVERNING_PREPOSITION.get(lemma)
        while k <= last and k - b <= _MAX_SPEAKER_TOKENS:
            t = toks[k]
            if k in self.open_at and self._quoted_name(k):
                k = self.quotes_direct[self.open_at[k]][1] + 1  # `منظمة «أطباء بلا حدود» أن`: a name
                continue
            if k in self.open_at:
                boundary = ("quote", k)
                break
            if self._is_comp(k):
                boundary = ("comp", k)
                break
            if t.text == ":":
                boundary = ("colon", k)
                break
            if t.text in _CLAUSE_END:
                break
            if k > b and self._cue_at(k) is not None and (conjoined(t) or self._cue_at(k)[0] == "participle"):
                break
            if want_prep and prep_at is not None and t.text in _COMMA:
                break  # `كشف الوزير عن دراسة …، دون أن`
            if want_prep and prep_at is None and t.is_word:
                attached = want_prep == "ب" and t.norm.startswith("ب") and len(t.norm) > 3 and t.prefix
                if attached or (t.norm == want_prep and toks[k - 1].norm not in C.AUTHOR_VERBS
                                and toks[k - 1].norm not in C.QUANTIFIERS):  # `اشتكى عدد من الناشرين من`
                    prep_at = k
            k += 1
        region_end = boundary[1] if boundary else (prep_at if prep_at is not None else k)
        # relayed: `نقلت الوكالة عن الوزير قوله إن`
        subj_a, subj_b = b, region_end
        if lemma == "نقل":
            for x in range(b, region_end):
                if toks[x].norm == "عن":
                    subj_a = x + 1
                    break
        # `وذكرت الوكالة، نقلا عن مصادر، أن`: the relayed source is the speaker
        for x in range(b, region_end):
            if toks[x].norm in ("نقلا",) and x + 1 < region_end and toks[x + 1].norm == "عن":
                e = x + 2
                while e < region_end and toks[e].text not in _COMMA:
                    e += 1
                subj_a, subj_b = x + 2, e
                break
        for x in range(b, region_end):
            self.consumed.add(x)
        if toks[a].norm in C.IMPERSONAL and subj_b <= subj_a:
            return max(k, b)  # `يذكر أن …`: background, not speech
        if kind == "participle":
            spk = _Speaker(None)  # `مؤكدا`, `داعيا X إلى`: the current speaker, whatever follows
        else:
            spk = self._speaker_from(subj_a, subj_b) if subj_b > subj_a else _Speaker(None)
        if spk.text is None and kind == "verb":
            # the subject before the cue (`الوزير قال إن`, `أما الوزير فقال`), the antecedent of a
            # relative pronoun (`السكان، الذين أكدوا`), else the current speaker
            clause = a
            while clause > first and toks[clause - 1].text not in _COMMA and toks[clause - 1].text not in _CLAUSE_END:
                clause -= 1
            pre = self._skip_opener(clause, a)
            prev = toks[a - 1] if a > first else None
            if prev is not None and prev.norm in C.RELATIVES:
                e = a - 1
                while e > first and toks[e - 1].text in _COMMA:
                    e -= 1
                st = e
                while st > first and e - st < 6 and toks[st - 1].is_word and toks[st - 1].norm not in C.PREPOSITIONS \
                        and not self._prefixed(toks[st - 1]) and toks[st - 1].norm not in C.QUANTIFIERS:
                    st -= 1
                if e > st:
                    spk = self._speaker_from(st, e)
            elif toks[self._skip_opener(first, a)].norm == "اما" and toks[a].norm[:1] == "ف":
                spk = self._speaker_from(self._skip_opener(first, a) + 1, a)
            elif not conjoined(toks[a]) and pre < a and a - pre <= 10 \
                    and all(toks[x].text not in _COMMA and self.inside[x] < 0 and x not in self.close_at for x in range(pre, a)) \
                    and toks[pre].norm not in C.PREPOSITIONS and toks[pre].norm not in C.NEGATIONS \
                    and toks[pre].norm not in C.NOT_SUBJECT and toks[a - 1].norm not in C.NOT_SUBJECT \
                    and not self._covered(toks[pre].start):
                spk = self._speaker_from(pre, a)
        if spk.text is None and kind == "verb":
            spk = self._topic_person(a)
        if spk.text is None:
            spk = self.current
        elif kind == "verb":
            self.current = spk  # the subject of `وأضاف التقرير، …` carries on
        if a > 0 and toks[a - 1].norm in C.NEGATIONS:
            return max(k, b)  # `ولم يكشف المصدر عن …`: denied speech is no quote
        # content
        if boundary is None and prep_at is None and kind == "verb":
            for x in range(b + 1, k - 2):
                if toks[x].norm == "في" and without_article(toks[x + 1].norm).startswith(C.MODIFIER_NOUNS):
                    c = x + 2
                    while c < k and (toks[c].norm in STATEMENT_QUALIFIERS or
                                     toks[c].norm.endswith(("يه",)) and toks[c].norm.startswith("ال") is False and c == x + 2):
                        c += 1
                    if c < k and toks[c].is_word and not self._prefixed(toks[c]):
                        e = self._reported_end(c)
                        if e - c >= 2:
                            self._add(cue_text, spk, toks[c].start, toks[e - 1].end, False)
                            return max(e, c)
                    break
        if boundary is None and prep_at is None:
            # no content after the cue: `«…»، قال X` or `…، قال X`
            if kind == "verb" and not conjoined(toks[a]) and a > first and toks[a - 1].text in _COMMA:
                if (a - 2) in self.close_at and self.close_at[a - 2] not in self.used_quote:
                    qi = self.close_at[a - 2]
                    self._take_quote(qi, cue_text, spk)
                elif a - 1 - first >= 3 and not self._covered(toks[first].start) and lemma not in C.NEEDS_COMPLEMENT:
                    s0 = self._skip_opener(first, a)
                    self._add(cue_text, spk, toks[s0].start, toks[a - 2].end, False)
            return max(k, b)
        if boundary is not None:
            typ, at = boundary
            c = at + 1 if typ in ("comp", "colon") else at
            while typ == "colon" and c <= last and toks[c].text in _COMMA:
                c += 1
            if c in self.open_at and self.open_at[c] not in self.used_quote:
                return self._take_quote(self.open_at[c], cue_text, spk)
            if c > last:
                return c
            e = self._reported_end(c)
            if e > c:
                self._add(cue_text, spk, toks[c].start, toks[e - 1].end, typ == "colon")
            return max(e, c)
        # content after the governing preposition
        if lemma in C.NEEDS_COMPLEMENT:
            return k
        c = prep_at
        start = toks[c].start
        if want_prep == "ب":
            start += original_length(toks[c].text, 1)
        else:
            c += 1
            if c > last:
                return c
            start = toks[c].start
        e = self._reported_end(c)
        if e > c:
            self._add(cue_text, spk, start, toks[e - 1].end, False)
        return max(e, c + 1)


def find_quotes(article: Article) -> list[Quote]:
    """The quotes of an article whose tokens and sentences are set (the "text" stage), in text order,
    each given the speaker the learned ranker prefers among its candidates."""
    from marsad.quotes.ranker import attribute

    return attribute(article, read_quotes(article))


def read_quotes(article: Article) -> list[Found]:
    """The quotes of an article with their cues and speaker phrases, in text order of finding."""
    if not article.tokens:
        return []
    finder = _Finder(article)
    finder.run()
    return finder.found
