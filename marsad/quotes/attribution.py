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

from marsad.model import Article, Quote
from marsad.quotes import cues as C
from marsad.quotes.cues import conjoined
from marsad.quotes.reader import (
    _CLAUSE_END,
    _COMMA,
    _LAM_APART,
    _MAX_SPEAKER_TOKENS,
    STATEMENT_QUALIFIERS,
)
from marsad.quotes.records import Discourse, Found, Speaker
from marsad.quotes.subjects import _Subjects
from marsad.text.tokens import (
    original_length,
    without_article,
    without_conjunction,
)

# How far after a cue of `PREPOSITION_ONLY` its preposition may stand (`عبر رئيس الوزراء البريطاني عن`).
_PREPOSITION_REACH = 8


class _Finder(_Subjects):
    """The cues of an article read in order: each makes quotes of the content it governs."""

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
                    self.discourse.state(toks[k].norm.removesuffix("ا"), spk)
                    self.discourse.current = spk
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
                    spk = self._speaker_from(b, end) if end > b else self.discourse.current
                    if spk.text is None:
                        spk = self.discourse.current
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
        if starts and self.out and self.discourse.current.text:
            last = self.out[-1]
            if 0 <= self._sent_of_offset(last.end) and self.sent[o] - self._sent_of_offset(last.end) <= 1:
                self._take_quote(qi, None, self.discourse.current)

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
            spk = self._speaker_from(via + 1 if via else s0 + 1, k) if s0 + 1 < k else Speaker(None)
            if not spk.text:
                spk = self.discourse.current
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
        if lemma in C.PREPOSITION_ONLY and (prep_at is None or prep_at - b > _PREPOSITION_REACH):
            return b  # `عبر الحدود`: a preposition, not a cue
        noun_content = None
        if boundary is None and prep_at is None and kind == "verb" and lemma in C.NOUN_CONTENT:
            noun_content = self._noun_content(a, b, k)
            if noun_content is not None:
                k = noun_content[0]
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
            spk = Speaker(None)  # `مؤكدا`, `داعيا X إلى`: the current speaker, whatever follows
        else:
            spk = self._speaker_from(subj_a, subj_b) if subj_b > subj_a else Speaker(None)
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
            spk = self.discourse.current
        elif kind == "verb":
            self.discourse.current = spk  # the subject of `وأضاف التقرير، …` carries on
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
        if noun_content is not None:
            c = noun_content[1]
            e = self._reported_end(c)
            if e > c:
                self._add(cue_text, spk, toks[c].start, toks[e - 1].end, False, min_words=1)
            return max(e, c)
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
    finder = _Finder(article, Discourse())
    finder.run()
    return finder.found
