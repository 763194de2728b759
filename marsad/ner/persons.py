"""The extent of a person's name: titles, roles and neighbouring words are no part of it.

- Leading titles and ranks (`الطالبة مريم عبد السلام`, `العميد الركن تركي المالكي`, `الرئيس الأمريكي
  دونالد ترامب`) leave the span and become the mention's title, together with the title words written
  right before the span (`وزير الخارجية الأمريكي مايك بومبيو`: the title is `وزير الخارجية الأمريكي`).
  An indefinite title word that may be a given name (`أمين الجميل`) stays when one word would be left.
- Kinship nouns before a name (`ابن عم بشار الأسد`, `نجل`, `شقيق`) leave the span: the name is the
  relative's; a kinship noun ends no name (`إريك ترامب ابن الرئيس`). A role noun alone (`مراسل`) is no name.
- A definite word or a place before a given name is a descriptor (`الإصلاحي محمد خاتمي`, `والي صفاقس
  مراد التركي`); a number ends no name (`ماي 2017`).
- Words glued to either end are dropped: a time word (`آنذاك الباجي`, `… الخميس`), a complementiser
  (`شينزو آبي بأنه`), a verb of saying (`سليم يروي`), an adverb in the accusative (`الوهيبي إيجازاً`), and a
  common definite word that no name list knows (`غولن المقيم`).
- A span with a name after the conjunction و inside is two names (`ألكسندر بيتروف وروسلان بوشيروف`), and so
  is one with a kinship noun or a negation inside (`رامي مخلوف ابن عم بشار الأسد`, `عبد الرحمن السويحلي
  وليس فائز السراج`).
- A span that begins with a currency or a measure (`دولار`, `الدولار الأمريكي`) is an amount, not a name,
  and a one-word span that is an organisation's head noun (`تنظيم`, `الوزارة`) is a common noun.
"""
from __future__ import annotations

from marsad import lexicon
from marsad.geo.gazetteer import load_gazetteer
from marsad.ner.features import name_kinds
from marsad.text.tokens import Token, original_length, without_conjunction
from marsad.text.vocabulary import frequency

_HONORIFICS = lexicon.words("honorifics")
# Words that describe the person: titles, ranks, honorifics with and without the article.
TITLES = (lexicon.words("titles") | lexicon.words("person_triggers") | lexicon.words("person_titles")
          | _HONORIFICS | frozenset("ال" + h for h in _HONORIFICS))
# Words of a role phrase after its head (`وزير الخارجية`, `الأمين العام`).
ROLE_WORDS = lexicon.words("role_words")
INSTITUTIONAL = lexicon.words("institutional_adjectives")  # `السناتور الجمهوري`, `الأمين العام`
KINSHIP = lexicon.words("kinship_nouns")
CURRENCIES = lexicon.words("currencies")
# Words that make a clause, never a name's inner word: negations, complementisers, verbs of saying.
CLAUSE_WORDS = lexicon.words("negations") | lexicon.words("complementizers") | lexicon.words("speech_verbs")
# Kinship nouns that also begin names (`ابن خلدون`).
NAME_FORMING = frozenset(("ابن", "ابنه"))
# Words after which the next word belongs to the name (`عبد الملك`, `أبو بكر`).
NAME_PARTICLES = lexicon.words("name_particles")
NAME_ENDS = lexicon.words("name_compound_ends")
_EDGE_WORDS = (lexicon.words("time_words") | lexicon.words("complementizers") | lexicon.words("name_ending_words")
               | lexicon.words("speech_verbs") | lexicon.words("name_edge_words") | lexicon.words("negations"))
_TANWEEN = "\u064b"
# A definite word at the edge of a person span that no name list knows is a common word when it is
# at least this frequent in the news vocabulary (and its stem without the article COMMON_BARE times).
COMMON_WORD = 50
COMMON_BARE = 20
# A lone definite word is a common word when it is also written without the article (`إصلاحي`), unlike a
# family name (`الخميني`).
LONE_BARE = 10
# Words a role phrase before a name may have, counted back from the name.
_ROLE_SPAN = 5


def _word(tok: Token) -> str:
    return tok.stem if tok.is_word else tok.norm


def is_title(tok: Token) -> bool:
    return tok.is_word and (tok.norm in TITLES or tok.stem in TITLES)


def _adjective(tok: Token) -> bool:
    return tok.is_word and tok.stem in load_gazetteer().adjectives


def _kinship(tokens: list[Token], k: int, last: int) -> bool:
    """A kinship noun that describes the next name's relative; `ابن` only before another kinship noun
    (`ابن عم`), since it also forms names (`ابن خلدون`)."""
    tok = tokens[k]
    if not tok.is_word or not {tok.stem, tok.bare} & KINSHIP:
        return False
    if tok.bare in NAME_FORMING or tok.stem in NAME_FORMING:
        return k < last and tokens[k + 1].is_word and bool({tokens[k + 1].stem, tokens[k + 1].bare} & KINSHIP)
    return True


def _edge_word(tok: Token) -> bool:
    return bool(without_conjunction(tok.norm) & _EDGE_WORDS) or tok.stem in _EDGE_WORDS


def glued(tok: Token, edge: str) -> bool:
    """A word that is no part of a name at the `edge` ("first" or "last") of a person span."""
    if not tok.is_word:
        return tok.kind in ("punct", "num")
    if without_conjunction(tok.norm) & CLAUSE_WORDS:
        return True  # `وليس`, `بأنه`, `يروي`: even when a name list has the spelling
    if edge == "last" and is_title(tok) and "first" not in name_kinds(tok.norm):
        return True  # `… ابن الرئيس`
    if name_kinds(tok.norm) or tok.stem in NAME_ENDS:
        return False  # `خميس الخنجر`, `آية الله`
    if _edge_word(tok):
        return True
    if edge == "last" and (_TANWEEN in tok.text or is_title(tok)
                           or (tok.prefix > 0 and tok.norm[:1] in "بل" and tok.stem.startswith("ال")
                               and frequency(tok.bare) >= COMMON_WORD)):
        return True  # an adverb in the accusative (`إيجازاً`), a title, a preposition's object (`بالملك`)
    if edge == "last" and tok.stem.endswith("ي"):
        return False  # a family name of the nisba form (`عبد الملك الحوثي`)
    return (tok.definite and not name_kinds(tok.stem) and tok.stem not in load_gazetteer().names
            and frequency(tok.stem) >= COMMON_WORD and frequency(tok.bare) >= COMMON_BARE)


def person_extent(tokens: list[Token], first: int, last: int) -> tuple[int, int, int]:
    """A person span (`first`..`last` tokens) without titles, kinship nouns and glued words; returns
    (first of the title, first of the name, last of the name); `first > last` when no name is left."""
    title = first
    while first < last:
        tok = tokens[first]
        if is_title(tok):
            if not tok.definite and last - first < 2:
                break  # `أمين الجميل`: a given name
            first += 1
        elif first > title and ((tok.definite and _adjective(tok)) or tok.stem in ROLE_WORDS or tok.bare in ROLE_WORDS
                                or tok.stem in INSTITUTIONAL):
            first += 1  # `الرئيس الأمريكي`, `وزير الخارجية`
        elif _kinship(tokens, first, last):
            first += 1
            title = first  # the name after a kinship noun is the relative's: no title of this person
        elif (tok.definite or tok.stem in load_gazetteer().names) and not name_kinds(tok.norm) and first < last \
                and "first" in name_kinds(tokens[first + 1].norm):
            first += 1  # a descriptor or a place before the given name (`الإصلاحي محمد خاتمي`, `صفاقس مراد التركي`)
        elif glued(tok, "first"):
            first += 1
            title = first
        else:
            break
    before_title = False
    while last > first and (glued(tokens[last], "last") and (tokens[last - 1].norm not in NAME_PARTICLES - KINSHIP
                                                                or _edge_word(tokens[last]))
                            or {tokens[last].stem, tokens[last].bare} & KINSHIP):
        before_title = before_title or is_title(tokens[last])
        last -= 1  # `… بأنه`, `إريك ترامب ابن الرئيس`
    if first == last and (is_title(tokens[first]) or _role(tokens[first]) or glued(tokens[first], "last")
                          or (before_title and not name_kinds(tokens[first].norm)) or _common_definite(tokens[first])):
        return title, first, first - 1  # no name left (`أدان السيناتور الجمهوري`)
    return title, first, last


def _common_definite(tok: Token) -> bool:
    """A definite word no name list knows and the news often use (`الإصلاحي`): alone, no name."""
    return tok.is_word and tok.definite and not name_kinds(tok.norm) and tok.stem not in load_gazetteer().names \
        and frequency(tok.stem) >= COMMON_BARE and frequency(tok.bare) >= LONE_BARE


def _role(tok: Token) -> bool:
    """A role noun (`مراسل`, `مصدران`): alone, no name."""
    forms = {tok.stem, tok.bare, tok.norm}
    forms |= {f[:-2] for f in forms if f.endswith(("ان", "ين"))}
    return tok.is_word and not name_kinds(tok.norm) and bool(forms & ROLE_WORDS)


def title_before(tokens: list[Token], first: int, text: str) -> int:
    """The first token of the role phrase written right before a name (`first`), or `first` when there
    is none: title words, role words, nationality adjectives and one definite word after a title."""
    start = first
    k = first - 1
    while k >= 0 and first - k <= _ROLE_SPAN and tokens[k].is_word \
            and "\n" not in text[tokens[k].end:tokens[k + 1].start] and text[tokens[k].end:tokens[k + 1].start].isspace():
        tok = tokens[k]
        if is_title(tok):
            start = k
        elif not ((tok.definite and _adjective(tok)) or tok.stem in ROLE_WORDS or tok.bare in ROLE_WORDS or tok.definite):
            break
        k -= 1
    return start


def conjoined(tok: Token) -> bool:
    """A word that starts with the conjunction و and is no name itself (`وروسلان`, but `وليد`)."""
    return tok.is_word and tok.norm[:1] == "و" and len(tok.norm) > 3 \
        and (tok.prefix > 0 or (len(tok.norm) > 4 and "person" in name_kinds(tok.norm[1:]))) \
        and not name_kinds(tok.norm) and tok.norm not in load_gazetteer().names


def title_text(tokens: list[Token], first: int, last: int, text: str) -> str:
    """The words `first`..`last` of a title, without the proclitics of its first word (`وولي العهد`)."""
    tok = tokens[first]
    skip = tok.prefix if tok.is_word and tok.norm[tok.prefix:] == tok.stem else 0
    return text[tok.start + original_length(tok.text, skip):tokens[last].end]


def split_names(tokens: list[Token], first: int, last: int) -> list[tuple[int, int]]:
    """A person span cut before every inner word that starts with the conjunction و and is no name
    itself (`بيتروف وروسلان`), and around inner kinship nouns (`رامي مخلوف ابن عم بشار الأسد`)."""
    parts, start, k = [], first, first + 1
    while k <= last:
        if tokens[k].is_word and without_conjunction(tokens[k].norm) & CLAUSE_WORDS:
            parts.append((start, k - 1))  # `عبد الرحمن السويحلي وليس فائز السراج`: two names
            start = k + 1
        elif conjoined(tokens[k]):
            parts.append((start, k - 1))
            start = k
        elif _kinship(tokens, k, last):
            parts.append((start, k - 1))
            while k <= last and _kinship(tokens, k, last) or (k <= last and tokens[k].bare in KINSHIP):
                k += 1
            start = k
            continue
        k += 1
    if start <= last:
        parts.append((start, last))
    return [(a, b) for a, b in parts if a <= b]


_HEAD_WORDS = (lexicon.words("org_heads") | lexicon.words("group_words")
               | frozenset(w.removeprefix("ال") for w in lexicon.words("descriptor_heads") | lexicon.words("definite_org_heads")))


def is_head_only(tokens: list[Token], first: int, last: int) -> bool:
    """A one-word span that is only an organisation's head noun (`تنظيم`, `الوزارة`, `الميليشيات`): a
    common noun, not a name (a descriptor that stands for an organisation is the linker's to find)."""
    tok = tokens[first]
    return first == last and tok.is_word and (tok.bare in _HEAD_WORDS or tok.stem in _HEAD_WORDS)


def is_amount(tokens: list[Token], first: int, last: int) -> bool:
    """A span that begins with a currency or a measure and has no name after it (`ريال مدريد` is a
    club: مدريد is a place)."""
    tok = tokens[first]
    if not tok.is_word or (tok.bare not in CURRENCIES and tok.stem not in CURRENCIES):
        return False
    gz = load_gazetteer()
    return not any(t.is_word and (t.stem in gz.names or name_kinds(t.stem)) and t.stem not in gz.adjectives
                   for t in tokens[first + 1:last + 1])
