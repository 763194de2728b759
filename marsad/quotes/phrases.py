"""What a speaker may be: an entity, or a phrase headed by a noun (`مصادر محلية`, `مسؤول أمني`,
`الوزارة`), never a lone verb, preposition, adverb, pronoun, verbal noun, number or empty string.

The check is on words only, through the lexicons of the quotes stage: a phrase may not start with a
function word (a preposition, `بالـ`/`للـ`, a relative, a negation, a time word, a cue verb), and a
single word that no entity stands behind must be a speaker noun of the lexicons (`مصادر`, `شهود`, `متحدث`, `صحيفة`,
also with a possessive: `عائلتها`, `محاميه`), or a name or definite noun without a pronoun suffix or the
accusative ending. A quantified phrase (`عدد من الأهالي`) is judged by what follows `من`.
"""
from __future__ import annotations

from marsad import lexicon
from marsad.quotes import cues as C
from marsad.text.normalize import normalize

_FUNCTION_WORDS = (C.PREPOSITIONS | C.PRONOUN_PPS | C.TIME_WORDS | C.RELATIVES | C.NEGATIONS | C.AUXILIARIES
                   | C.PRONOUNS | C.QUANTIFIERS | frozenset({"ما", "من", "هذا", "هذه", "ذلك", "تلك"}))
_NOT_SPEAKERS = lexicon.words("non_speaker_words")
_AUDIENCE = lexicon.words("audience_nouns")
SPEAKER_NOUNS = C.GENERIC | C.ROLES | C.OUTLETS | lexicon.words("speaker_nouns")
_PRONOUN_SUFFIXES = ("ته", "تها", "ها", "هم", "هما", "كم", "نا", "يه")
_ATTACHED = ("بال", "لل", "كال", "وبال", "ولل")


def is_noun_phrase(text: str | None, entity: bool = False) -> bool:
    """Whether `text` may be a speaker (`entity`: an entity id stands behind it)."""
    words = normalize(text or "").split()
    if not words or all(w.isdigit() for w in words):
        return False
    first = words[0]
    if first in C.QUANTIFIERS and len(words) > 2 and words[1] == "من":
        return is_noun_phrase(" ".join(words[2:]), entity)  # `عدد من الأهالي`
    bare = first[1:] if first[:1] in "وف" and len(first) >= 3 else first
    if first in _FUNCTION_WORDS or bare in _FUNCTION_WORDS or first in C.CUE_INDEX or bare in C.CUE_INDEX:
        return False
    if not entity and first.startswith(_ATTACHED):
        return False
    if len(words) == 1 and first in C.COMPLEMENTIZERS:
        return False
    if first.startswith("ال") and first[2:] in _FUNCTION_WORDS or ("ال" + first) in C.TIME_WORDS:
        return False
    if len(words) > 1 or entity:
        return len(first) > 1
    if first in SPEAKER_NOUNS or _owned_speaker_noun(first):
        return True
    if first in _NOT_SPEAKERS or first[:1] == "ل" and (first[1:] in _AUDIENCE or first[1:] in C.OUTLETS):
        return False
    # one word: a name or a definite noun, not an honorific, a pronoun-suffixed noun (`مسؤوليته`) or an
    # accusative (`بيانا`)
    return (len(first) > 2 and first not in C.HONORIFICS and not first.endswith(_PRONOUN_SUFFIXES)
            and not (first.endswith("ا") and not first.startswith("ال") and len(first) < 6))


def _owned_speaker_noun(word: str) -> bool:
    """Whether a word with a possessive suffix is a speaker noun (`عائلتها`, `محاميه`, `زوجها`)."""
    for suffix in (*_PRONOUN_SUFFIXES, "ه"):
        stem = word[:-len(suffix)]
        if word.endswith(suffix) and len(stem) >= 3:
            if stem in SPEAKER_NOUNS or stem.endswith("ت") and stem[:-1] + "ه" in SPEAKER_NOUNS:
                return True
    return False
