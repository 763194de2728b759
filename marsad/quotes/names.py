"""Names inside speaker phrases: mentions, personal names inside role phrases, surnames and bare
nouns naming someone met before, the subject of the previous sentence."""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from marsad.geo.gazetteer import load_gazetteer
from marsad.quotes import cues as C
from marsad.quotes.cues import cue_form
from marsad.quotes.reader import (
    _CLAUSE_END,
    _CLOSERS,
    _COMMA,
    _PAIRS,
    ANAPHORIC_ROLES,
    AUDIENCE,
    TOPIC_WINDOW,
    _Reader,
    lam_object,
)
from marsad.quotes.records import Speaker
from marsad.text.normalize import normalize
from marsad.text.tokens import (
    Analysis,
    Token,
    original_length,
    plausible_split,
    without_article,
)


class _Names(_Reader):
    """Names and entities in the words of a speaker phrase."""

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

    def _anaphor(self, spk: Speaker) -> Speaker:
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
        known = self.discourse
        earlier = [i for key in {n, bare, "ال" + bare, "لل" + bare} for i in known.by_first.get(key, ())
                   if i < len(known.speakers) - 1]
        if earlier:
            return known.speakers[max(earlier)]
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
        if bare in ANAPHORIC_ROLES and self.discourse.current.text:
            return self.discourse.current
        return spk

    def _speaker_from_strip(self, a: int, b: int, strip: int) -> Speaker:
        spk = self._speaker_from(a, b)
        if strip and spk.text and spk.start == self.toks[a].start:
            if strip == 2:
                spk = Speaker("ال" + spk.text[2:], spk.id, spk.start + 1, spk.end)
            else:
                spk = Speaker(spk.text[1:], spk.id, spk.start + 1, spk.end)
        return spk

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

    def _topic_person(self, a: int) -> Speaker:
        """`ووصل … عمار أبو الخير إلى البلدة. وقال إن`: a cue with no subject at the start of a sentence
        continues the person the previous sentence was about (the subject right after its verb) when
        no quote came in between; else nothing."""
        toks = self.toks
        s = self.sent[a]
        if s == 0 or a != self._skip_opener(self.first_of[s], a):
            return Speaker(None)
        first, last = self.first_of[s - 1], self.last_of[s - 1]
        j = bisect_right(self.out_ends, toks[first].start)
        if (j < len(self.out_ends) and self.out_ends[j] <= toks[a].start) or self._cue_at(first) is not None:
            return Speaker(None)
        k = first + 1
        while k <= min(last, first + 3) and (toks[k].norm in C.TIME_WORDS or not toks[k].is_word):
            k += 1  # `ووصل اليوم الثلاثاء …`
        if k > last:
            return Speaker(None)
        stop = min(last, k + TOPIC_WINDOW)
        m = self._mention_in(toks[k].start, toks[stop].end, ("PER",))
        return self._speaker_of_mention(m) if m is not None and m.type == "PER" else Speaker(None)

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

    def _resolve(self, a: int, b: int, strip_l: int = 0) -> Speaker:
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
        if m is not None and m.type != "PER" and m.start > start and self._heads_role(toks[a]):
            m = None  # `رئيس حركة النهضة`, `متحدث باسم الوزارة`: a person of the organisation, not it
        sid = m.canonical_id if m is not None else self._titled_person(a, b)
        earlier = self.discourse.surname(text) if m is None and b - a == 1 else None
        if earlier is not None:
            return earlier  # a surname alone: the earlier full name it ends
        spk = Speaker(text, sid, start, end)
        self._remember(spk)
        return spk

    def _titled_person(self, a: int, b: int) -> str | None:
        """The one person of the article whose name ends with the last word of an honorific and a
        surname (`اللورد لامونت` … `نورمان لامونت`), else None."""
        toks = self.toks
        if b - a < 2 or without_article(toks[a].norm) not in C.HONORIFICS or not toks[b - 1].is_word:
            return None
        last = toks[b - 1].norm
        ids = {e.id for e in self.canon.values() if e.type == "PER"
               and any(normalize(n).split()[-1:] == [last] for n in (e.name, *e.aliases))}
        return ids.pop() if len(ids) == 1 else None

    def _heads_role(self, t: Token) -> bool:
        """Whether a phrase opening with `t` names a person by role (`رئيس`, `متحدث`, `مسؤول`, `مصادر`)."""
        n = without_article(t.stem if t.is_word else t.norm)
        return n in C.PERSON_ROLES or n in C.GENERIC or n in C.REPRESENTATIVES

    def _speaks(self, m) -> bool:
        """Countries and capitals speak for their governments (`أعلنت مصر`); other places do not."""
        entity = self.canon.get(m.canonical_id or "")
        return entity is not None and entity.feature in ("country", "capital")

    def _speaker_of_mention(self, m) -> Speaker:
        spk = Speaker(m.text, m.canonical_id, m.start, m.end)
        self._remember(spk)
        return spk

    def _remember(self, spk: Speaker) -> None:
        """Add a speaker to the discourse state."""
        placed = spk.start >= 0
        first = self.toks[self._tok_at(spk.start)].norm if placed else None
        last = self.toks[self._tok_at(spk.end - 1)].norm if placed else None
        self.discourse.remember(spk, first, last)
