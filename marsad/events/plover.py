"""PLOVER trigger lexicon (data in `data/triggers.tsv`) and its matching against tokens with Arabic
morphology.

The lexicon lists, for each of the 18 PLOVER categories, trigger words and phrases with a mode and a
weight. Verbs are given as their perfect stem (`قتل`, `اغتال`, `تظاهر`) and expanded here into their
conjugations: perfect suffixes (`قتلوا`, `قتلت`, `قتلا`), imperfect prefixes and suffixes (`يقتلون`,
`تغتال`: a stem starting with alef loses it after the prefix), object pronouns (`قتلته`, `قتلوهم`)
and weak endings (`اعتدي` → `اعتدوا`, `اعتدت`). Nouns and masdars get their feminine, plural, dual,
accusative and pronoun forms (irregular plurals are listed as entries of their own; `تفجير` →
`تفجيرات`, `قذيفه` → `قذيفتين`). At match time a token's proclitics (و ف, ب ل ك, the article, the
future prefix س on verbs) are stripped, so `وبتفجير`, `للهجوم` and `سيتظاهرون` are found; the future
prefix is reported so the detector can treat the event as planned.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marsad.text.tokens import Reading
from marsad.text.vocabulary import frequency

CATEGORIES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE", "DEMAND",
              "DISAPPROVE", "REJECT", "THREATEN", "SANCTION", "PROTEST", "CRIME", "MOBILIZE", "COERCE", "ASSAULT")
# The PLOVER manual's names for two categories, accepted on input.
ALIASES = {"REQUEST": "DEMAND", "ACCUSE": "DISAPPROVE"}
LEXICON_PATH = Path(__file__).with_name("data") / "triggers.tsv"


def category_name(name: str) -> str:
    """The README name of a PLOVER category, given either version's name."""
    name = (name or "").strip().upper()
    return ALIASES.get(name, name)


@dataclass(frozen=True, slots=True)
class Trigger:
    category: str
    mode: str | None
    kind: str  # v | n | w
    weight: float
    lemma: str  # the lexicon entry as written (phrase words joined by spaces)
    rest: tuple[frozenset[str], ...] = ()  # the following words of a phrase, each a set of accepted forms


@dataclass(slots=True)
class Hit:
    """A trigger found at tokens `first..last` (inclusive); `prefix` letters of the first token are
    proclitics outside the trigger; `future` when the verb carries the future prefix س."""

    trigger: Trigger
    first: int
    last: int
    prefix: int = 0
    future: bool = False


_PERFECT = ("", "ت", "وا", "و", "ا", "تا", "ن", "نا", "تم", "ته", "تها", "تهم", "ه", "ها", "هم", "وه", "وها",
            "وهم", "هما", "تهما", "اه", "اها", "اهم")
_IMPERFECT_SUFFIX = ("", "ون", "ان", "ن", "وا", "ه", "ها", "هم", "ونه", "ونها", "ونهم", "و")
_IMPERFECT_PREFIX = ("ي", "ت", "ن", "ا")
_PRONOUNS = ("ه", "ها", "هم", "هما")


def verb_forms(stem: str) -> set[str]:
    """Conjugated forms of a verb given by its perfect 3ms stem (normalised spelling)."""
    forms = {stem + s for s in _PERFECT}
    if stem.endswith(("ي", "ا")) and len(stem) > 2:  # defective: اعتدي → اعتدوا اعتدت; دعا → دعوا دعت
        root = stem[:-1]
        forms |= {root + s for s in ("وا", "ت", "تا", "وه", "وها", "وهم", "اه", "اها", "اهم", "يت", "ينا")}
    base = stem[1:] if stem.startswith("ا") and len(stem) > 3 else stem
    for p in _IMPERFECT_PREFIX:
        for s in _IMPERFECT_SUFFIX:
            forms.add(p + base + s)
        if base.endswith(("ي", "ا")):
            forms |= {p + base[:-1] + s for s in ("ون", "وا", "ي", "ان")}
    return {f for f in forms if len(f) >= 2}


def noun_forms(base: str) -> set[str]:
    """Inflected forms of a noun or masdar (without the article, which is stripped at match time)."""
    forms = {base, base + "ا"}
    if base.endswith("ه"):
        root = base[:-1]
        forms |= {root + s for s in ("ات", "تين", "تان", "تي", "ته", "تها", "تهم", "اتها", "اتهم")}
    else:
        forms |= {base + s for s in ("ات", "ين", "ان", "ي", "يه", "يين", "يون", "ه", "ها", "هم", "اتها", "اته")}
    return forms


def rest_forms(word: str) -> frozenset[str]:
    """Accepted forms of a non-initial phrase word: alternatives (`a|b`), with gender/number endings."""
    out = set()
    for alt in word.split("|"):
        alt = alt[2:] if alt.startswith("ال") and len(alt) > 4 else alt
        out.add(alt)
        if alt.endswith("ه"):
            out |= {alt[:-1] + s for s in ("تين", "تان", "ات")}
        elif len(alt) > 3:
            out |= {alt + s for s in ("ين", "ون", "ه", "ا", "يه")}
    return frozenset(out)


@lru_cache(maxsize=1)
def load_lexicon(path: str | None = None) -> dict[str, list[tuple[Trigger, str]]]:
    """Map from each form of a trigger's first word to (trigger, kind of that form) pairs."""
    index: dict[str, list[tuple[Trigger, str]]] = {}
    text = Path(path or LEXICON_PATH).read_text(encoding="utf-8")
    stop: set[str] = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cat, mode, kind, weight, forms = line.split("\t")
        if cat == "-":  # homographs that are never a one-word trigger
            stop.update(forms.split())
            continue
        cat = category_name(cat)
        if cat not in CATEGORIES:
            raise ValueError(f"unknown PLOVER category {cat!r} in the trigger lexicon")
        for entry in forms.split():
            words = entry.split("_")
            trig = Trigger(cat, mode or None, kind, float(weight), " ".join(words),
                           tuple(rest_forms(w) for w in words[1:]))
            first = words[0]
            generated = verb_forms(first) if kind == "v" else noun_forms(first) if kind == "n" else {first}
            for form in generated:
                index.setdefault(form, []).append((trig, kind))
    for form in stop:
        if form in index:
            index[form] = [(t, k) for t, k in index[form] if t.rest]
    return index


def _inside_another_word(norm: str, reading: Reading) -> bool:
    """A trigger read after a conjunction alone that is in fact part of a common word: `وزارة` (ministry)
    is not و + `زارة` (visited her). The whole word is far more common than the stem on its own."""
    if reading.prefix != 1 or reading.nominal or reading.future:
        return False
    whole = frequency(norm)
    return whole >= 3 and frequency(reading.stem) < 0.5 * whole


def find_triggers(tokens, lexicon=None, max_gap: int = 2) -> list[Hit]:
    """Trigger hits in a token sequence (usually one sentence). Phrases allow up to `max_gap` words
    between their words (`أطلقت صباح أمس خمسة صواريخ`). Of overlapping hits of one category the longest
    phrase wins."""
    lexicon = lexicon if lexicon is not None else load_lexicon()
    hits: list[Hit] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        if not tok.is_word:
            continue
        for reading in tok.readings:
            entries = lexicon.get(reading.stem)
            if not entries or _inside_another_word(tok.norm, reading):
                continue
            for trig, kind in entries:
                if kind == "v" and reading.nominal:
                    continue  # ال/ب/ل + a verb form is a noun that looks like it
                if kind != "v" and reading.future:
                    continue
                last = i
                if trig.rest:
                    j, ok = i, True
                    for forms in trig.rest:
                        for k in range(j + 1, min(n, j + 2 + max_gap)):
                            if tokens[k].is_word and tokens[k].forms & forms:
                                j = k
                                break
                        else:
                            ok = False
                            break
                    if not ok:
                        continue
                    last = j
                hits.append(Hit(trig, i, last, reading.prefix, reading.future))
    return _prune(hits)


def _prune(hits: list[Hit]) -> list[Hit]:
    """Drop a hit covered by a longer hit of the same category; keep one hit per (category, tokens)."""
    hits.sort(key=lambda h: (h.first, -(h.last - h.first), -h.trigger.weight))
    kept: list[Hit] = []
    for h in hits:
        if any(k.trigger.category == h.trigger.category and k.first <= h.first and h.last <= k.last for k in kept):
            continue
        kept.append(h)
    return kept
