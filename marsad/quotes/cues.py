"""The cue lexicon of the quotes stage, read from `marsad/lexicon` (one file per word class).

Every form is written in matching normalisation (`marsad.text.normalize`); the cue words are written
without the conjunction و/ف, which the matcher strips itself (`وقال`, `فقالت`, `وأكدوا`).

* `SPEECH_VERBS`: reporting verbs, lemma → forms (`speech_verbs`). `GOVERNING_PREPOSITION` names the
  particle that may introduce the content without a complementizer (`حذر من تصعيد`, `دعا إلى وقف`,
  `طالب بوقف`, `مشيرا إلى`).
* `PARTICIPLES`: circumstantial cues continuing the current speaker (`مؤكدا أن`, `قائلا:`).
* `SOURCE_CUES`: prepositional attributions (`بحسب X`, `وفقا لـ X`, `نقلا عن X`).
* `COMPLEMENTIZERS`: the words that open reported content (`إن`, `أن`, `بأن`, `فإن`).
"""
from __future__ import annotations

from marsad import lexicon
from marsad.text.tokens import Token


def _forms_by_lemma(name: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for row in lexicon.rows(name):
        out.setdefault(row["lemma"], []).append(row["form"])
    return {lemma: tuple(forms) for lemma, forms in out.items()}


SPEECH_VERBS: dict[str, tuple[str, ...]] = _forms_by_lemma("speech_verbs")
PARTICIPLES: dict[str, tuple[str, ...]] = _forms_by_lemma("speech_participles")
# Verbs and participles whose content may follow a preposition instead of a complementizer.
GOVERNING_PREPOSITION: dict[str, str] = lexicon.mapping("governing_prepositions", "lemma", "preposition")
# Verbs that never make a quote without a complementizer, a colon or a quotation.
NEEDS_COMPLEMENT = lexicon.words("complement_only_verbs")
# Verbs that report speech only with their governing preposition close after them (`عبر عن`).
PREPOSITION_ONLY = lexicon.words("preposition_only_verbs")
# Verbs whose content may be a noun phrase right after the subject (`نفى برانسون الاتهامات`).
NOUN_CONTENT = lexicon.words("noun_content_verbs")

# Prepositional attributions: the first word and the words that must follow it (`وفقا لـ` is `وفقا` +
# a word starting with ل, written "ل*").
SOURCE_CUES: dict[str, tuple[str, ...]] = {row["word"]: tuple(row["then"].split())
                                           for row in lexicon.rows("source_cues")}
# The sources whose author follows ل, often inside the same word (`وفقا للوزارة`).
LAM_SOURCES = frozenset(word for word, then in SOURCE_CUES.items() if then == ("ل*",))

COMPLEMENTIZERS = lexicon.words("complementizers")
COMPLEMENT_PREPOSITIONS = lexicon.words("complement_prepositions")

DOCUMENTS = lexicon.words("document_nouns")
PUBLISH_VERBS = lexicon.words("publish_verbs")
AUTHOR_VERBS = lexicon.words("author_verbs")
OUTLETS = lexicon.words("outlet_nouns")
PRONOUN_SOURCES = lexicon.words("pronoun_sources")
SAYING = lexicon.words("saying_nouns")
OPENERS = tuple(tuple(phrase.split()) for phrase in lexicon.ordered("discourse_openers"))
DATA_NOUNS = lexicon.words("data_nouns")
GENERIC = lexicon.words("generic_speakers")
GENERIC_ADJECTIVES = lexicon.words("generic_speaker_adjectives")
QUANTIFIERS = lexicon.words("quantifiers")
NAMED = lexicon.words("naming_words")
MODIFIER_NOUNS = lexicon.ordered("statement_nouns")
ROLES = lexicon.words("role_words")
REPRESENTATIVES = lexicon.words("representative_nouns")
PERSON_ROLES = lexicon.words("person_role_words")
NAME_STOPS = lexicon.words("name_stops")
SUBJUNCTIVE = lexicon.words("subjunctive_particles")
NOT_SUBJECT = lexicon.words("non_subject_words")
NOT_NAMES = lexicon.words("non_name_words")
PRONOUNS = lexicon.words("subject_pronouns")
HONORIFICS = lexicon.words("honorifics")
NEGATIONS = lexicon.words("negations")
PREPOSITIONS = lexicon.words("prepositions")
TIME_WORDS = lexicon.words("time_words")
AUXILIARIES = lexicon.words("auxiliaries")
PRONOUN_PPS = lexicon.words("prepositional_pronouns")
IMPERSONAL = lexicon.words("impersonal_verbs")
RELATIVES = lexicon.words("relative_pronouns")


def _index() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for lemma, forms in SPEECH_VERBS.items():
        for f in forms:
            out[f] = ("verb", lemma)
    for lemma, forms in PARTICIPLES.items():
        for f in forms:
            out[f] = ("participle", lemma)
    for first in SOURCE_CUES:
        out[first] = ("source", first)
    return out


CUE_INDEX = _index()


def present_tense(form: str, lemma: str) -> bool:
    """A verb form of the present (`يقول`, `تؤكد`, `أقول`), which أن makes subjunctive (`أن يكشف`),
    unlike the past (`بعد أن قالت`)."""
    return not form.startswith(lemma) and (form[:1] in "يتن" or form == "اقول")


def cue_form(tok: Token) -> str:
    """The word as the cue lexicon writes it: without the conjunction و/ف when that leaves a cue word
    (`وقال` → قال, `فبحسب` → بحسب); any other word as it is (`وصف` stays)."""
    if tok.conjunction and len(tok.norm) > 3 and tok.norm[1:] in CUE_INDEX:
        return tok.norm[1:]
    return tok.norm


def conjoined(tok: Token) -> bool:
    """A cue word behind the conjunction و/ف (`وأضاف`, `فقال`)."""
    return cue_form(tok) != tok.norm
