"""The speaker a phrase names: a document's author, a generic source (`مصادر محلية`), a person's
name inside a role phrase, a quoted outlet name, or the trimmed phrase itself."""
from __future__ import annotations

from marsad.quotes import cues as C
from marsad.quotes.cues import cue_form
from marsad.quotes.names import _Names
from marsad.quotes.reader import (
    _AFFILIATION_LINKS,
    _CLOSERS,
    _COMMA,
    _NISBA_ENDINGS,
    _PAIRS,
    _STATEMENT_PREPOSITIONS,
    INSIDER_ADJECTIVES,
    STATEMENT_QUALIFIERS,
    lam_object,
)
from marsad.quotes.records import Speaker
from marsad.text.tokens import (
    Token,
    original_length,
    without_article,
)

# Words that do not open a noun-phrase statement (`أعلن أنه`, `أكد ذلك`: pronouns and demonstratives).
_FUNCTION_STARTS = frozenset({"ما", "من", "هذا", "هذه", "ذلك", "تلك", "عن", "انه", "انها", "ان"})


# Demonstratives that end a subject as the object of its verb (`نفى حارس المدرسة ذلك`).
_DEMONSTRATIVES = frozenset({"ذلك", "هذا", "هذه", "تلك"})
# Cue verbs whose subject may be followed by whom they told (`أخبر الادعاء المحكمة`, `أبلغ الوزير النواب`).
_TOLD = frozenset({"اخبر", "ابلغ"})


class _Subjects(_Names):
    """Speakers from the words of a cue's subject or source phrase."""

    def _speaker_from(self, a: int, b: int) -> Speaker:
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
                    self.discourse.state(without_article(noun), spk)
                    break
        return spk

    def _phrase_speaker(self, a: int, b: int) -> Speaker:
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
                         or toks[b - 1].norm in C.TIME_WORDS or self._circumstantial(a, b - 1)
                         or toks[b - 1].norm in _DEMONSTRATIVES and b - 1 > a):  # `نفى حارس المدرسة ذلك`
            b -= 1
        if self.cue and self.cue[1] in _TOLD and b - a >= 2 and toks[a].definite and toks[a + 1].definite \
                and not toks[a + 1].norm.endswith(_NISBA_ENDINGS):
            b = a + 1  # `وأخبر الادعاء المحكمة أن`: the second noun is whom he told
        # `وقال في تصريحات صحفية نقيب …`: a modifier before the subject
        if a + 2 < b and toks[a].norm in _STATEMENT_PREPOSITIONS and without_article(toks[a + 1].norm).startswith(C.MODIFIER_NOUNS):
            a += 2
            while a < b and toks[a].is_word and not toks[a].norm.startswith("ال") and toks[a].norm.endswith(("يه", "ي")):
                a += 1
            if b - a == 1 and toks[a].norm.startswith("ال"):
                return Speaker(None)  # `أكدت في كلمة الافتتاح أن`: the subject is elsewhere
        if b <= a or toks[a].norm in C.PREPOSITIONS or not toks[a].is_word or toks[a].norm in C.PRONOUNS:
            return Speaker(None)
        if toks[a].norm.startswith("وال") and len(toks[a].norm) > 5 and not self._is_role(toks[a].norm):
            return Speaker(None)  # `وقالت والدموع في عينيها`: a circumstance, not the subject
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
        # quantifiers: `عدد من الأهالي` is the whole phrase, some people, not the group they belong to
        if hn in C.QUANTIFIERS and a + 2 < b and toks[a + 1].norm == "من":
            inner = self._speaker_from(a + 2, b)
            if inner.text and inner.start == toks[a + 2].start:
                spk = Speaker(self.text[toks[a].start:inner.end], None, toks[a].start, inner.end)
                self._remember(spk)
                return spk
            return inner
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
                self.discourse.state(without_article(hn), author)
                return author
            known = self.discourse.author_of(without_article(hn))
            if known is not None:
                return known
            if self.discourse.documents and hn.startswith("ال"):
                return self.discourse.documents[-1][1]
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
            return Speaker(None)
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
        if m is not None and a + 1 < b and toks[a].norm in C.REPRESENTATIVES and m.start == toks[a + 1].start:
            # `قال ممثل خامنئي`: the representative speaks, not the person he represents
            spk = Speaker(self.text[toks[a].start:m.end], None, toks[a].start, m.end)
            self._remember(spk)
            return spk
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
        for i in reversed(self.discourse.by_last.get(toks[a].norm, ())):
            sp = self.discourse.speakers[i]
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

    def _circumstantial(self, a: int, k: int) -> bool:
        """Whether token `k`, after the subject's first word, is an indefinite accusative adjective of
        manner (`قال باسيل مازحا`, `وأضاف ساخرا`) outside any entity mention."""
        t = self.toks[k]
        return (k > a and t.is_word and not t.prefix and not t.definite and len(t.norm) >= 5 and t.norm.endswith("ا")
                and self._mention_in(t.start, t.end, ("PER", "ORG", "GPE", "LOC", "NORP")) is None)

    def _generic(self, a: int, b: int) -> Speaker:
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
            while e < b and e - k <= 3 and (toks[e].is_word or toks[e].text == "#") and toks[e].norm not in C.PREPOSITIONS:
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

    def _author(self, a: int, b: int) -> Speaker | None:
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

    def _source_speaker(self, s: int, e: int) -> Speaker:
        toks = self.toks
        if s < e and toks[s].norm in C.PRONOUN_SOURCES:
            # `حسب قوله`; `بحسب ما أفاد X`
            if toks[s].norm == "ما" and s + 1 < e and self._cue_at(s + 1) is not None:
                spk = self._speaker_from(s + 2, e)
                return spk if spk.text else self.discourse.current
            return self.discourse.current
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
                spk = Speaker("ال" + self.text[spk.start + 1:spk.end], spk.id, spk.start, spk.end)
            return spk
        return self._speaker_from(s, e)

    def _noun_content(self, a: int, b: int, k: int) -> tuple[int, int] | None:
        """Where the subject after a cue of `NOUN_CONTENT` ends and its noun-phrase content starts
        (`أعلنت الوزارة، الخميس، مقتل مدرب`, `ونفى برانسون الاتهامات`, `وأعلنت أمس قطع …`): the
        subject runs to a comma or a time word, or is the entity mention right after the cue, or is
        absent when a time word follows the cue; None when the content cannot be told apart."""
        toks = self.toks
        if a > 0 and (toks[a - 1].norm in C.PREPOSITIONS or toks[a - 1].norm in C.NEGATIONS):
            return None
        end = b
        while end < k and toks[end].is_word and toks[end].norm not in C.TIME_WORDS and end - b < 10:
            end += 1
        if end == b:
            if not (b < k and toks[b].norm in C.TIME_WORDS):
                return None
        elif end == k or not (toks[end].text in _COMMA or toks[end].norm in C.TIME_WORDS):
            m = self._mention_in(toks[b].start, toks[b].end, ("PER", "ORG", "GPE"))
            if m is None or m.start != toks[b].start:
                return None
            end = self._tok_at(m.end - 1) + 1
        c = end
        while c < k and (toks[c].text in _COMMA or toks[c].norm in C.TIME_WORDS or toks[c].norm in C.PRONOUN_PPS
                         or toks[c].norm in STATEMENT_QUALIFIERS):
            c += 1
        if c >= k or not toks[c].is_word or toks[c].norm in C.PREPOSITIONS or toks[c].norm in _FUNCTION_STARTS \
                or self._cue_at(c) is not None or self._to_audience(toks[c]) or toks[c].norm.startswith("لل"):
            return None
        return end, c
