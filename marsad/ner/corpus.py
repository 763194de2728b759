"""Readers for the Arabic NER corpora (CoNLL `token TAG` lines, a blank line between sentences) and
the mapping of each corpus' labels onto one another.

- ANERcorp: PERS, LOC, ORG, MISC.
- AQMAR: PER, LOC, ORG, MIS.
- WikiFANE: 50 fine classes of ACE's two-level taxonomy, mapped here onto PER/LOC/ORG/MISC (`Group`,
  such as العرب or المسلمين, is not a named entity in ANERcorp or AQMAR and becomes O). Its text splits
  the conjunction و off as a token of its own; `read_conll(..., reattach_waw=True)` glues it back
  onto the next word, as news spells it.

Internally marsad's NER uses the common labels PER, LOC, ORG, MISC; `to_scheme()` turns them into a
corpus' own labels.
"""
from __future__ import annotations

import os
from pathlib import Path

from marsad.config import settings

Sentence = tuple[list[str], list[str]]  # tokens, BIO tags

COMMON = ("PER", "LOC", "ORG", "MISC")
SCHEMES = {
    "anercorp": {"PER": "PERS", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"},
    "aqmar": {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MIS"},
}

_WIKIFANE = {
    "PER": "Politician Religious_PER Other_PER Artist Scientist Athlete Police Businessperson Engineer Lawyer",
    "LOC": ("Population-Center Nation State-or-Province Water-Body Continent Land-Region-Natural Celestial "
            "GPE-Cluster County-or-District Building-Grounds Airport Path Subarea-Facility"),
    "ORG": "Government Non-Governmental Commercial Educational Media Sports Religious_ORG Medical-Science Entertainment",
    "MISC": ("Book Movie Software Hardware Sound Air Land Water Projectile Food Drug Plant Nuclear Blunt Shooting "
             "Exploding Sharp Chemical"),
    "O": "Group",
}
WIKIFANE_MAP = {fine: coarse for coarse, names in _WIKIFANE.items() for fine in names.split()}
_TO_COMMON = {
    "anercorp": {"PERS": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"},
    "aqmar": {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "MIS": "MISC"},
    "wikifane": WIKIFANE_MAP,
}


def data_dir(data: str | os.PathLike | None = None) -> Path:
    """The shared NER corpora: `<data>/ner`, with `data` from the argument or the `data` setting."""
    return Path(data or settings().data) / "ner"


def read_conll(path: str | os.PathLike, reattach_waw: bool = False) -> list[Sentence]:
    """Sentences of a CoNLL file: the first column is the token, the last one the tag."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            parts = line.split()
            if not parts:
                if tokens:
                    sentences.append((tokens, tags))
                    tokens, tags = [], []
                continue
            tokens.append(parts[0])
            tags.append(parts[-1] if len(parts) > 1 else "O")
    if tokens:
        sentences.append((tokens, tags))
    if reattach_waw:
        sentences = [_reattach_waw(t, g) for t, g in sentences]
    return sentences


def _reattach_waw(tokens: list[str], tags: list[str]) -> Sentence:
    """Glue a standalone و onto the next Arabic word; the word keeps its own tag."""
    out_t: list[str] = []
    out_g: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "و" and i + 1 < len(tokens) and "\u0621" <= tokens[i + 1][:1] <= "\u064a":
            out_t.append("و" + tokens[i + 1])
            out_g.append(tags[i + 1])
            i += 2
            continue
        out_t.append(tokens[i])
        out_g.append(tags[i])
        i += 1
    return out_t, out_g


def to_common(tags: list[str], corpus: str) -> list[str]:
    """A corpus' tags in the common labels PER/LOC/ORG/MISC (unknown classes become O), repaired
    so that every entity starts with B-."""
    table = _TO_COMMON[corpus]
    out = []
    prev = "O"
    for tag in tags:
        if tag == "O" or "-" not in tag:
            out.append("O")
            prev = "O"
            continue
        bio, label = tag.split("-", 1)
        coarse = table.get(label, "O")
        if coarse == "O":
            out.append("O")
            prev = "O"
            continue
        if bio == "I" and prev != coarse:
            bio = "B"
        out.append(f"{bio}-{coarse}")
        prev = coarse
    return out


def to_scheme(tags: list[str], scheme: str) -> list[str]:
    """Common BIO tags in a corpus' own labels (`B-PER` → `B-PERS` for ANERcorp, `B-MISC` → `B-MIS` for AQMAR)."""
    table = SCHEMES[scheme]
    return [t if t == "O" else f"{t[:2]}{table[t[2:]]}" for t in tags]


def load(corpus: str, split: str, data: str | os.PathLike | None = None) -> list[Sentence]:
    """A split of a corpus with its tags in the common labels. `wikifane` has only `train` (its
    detached و re-attached)."""
    root = data_dir(data)
    if corpus == "wikifane":
        sentences = read_conll(root / "wikifane" / "wikifane_gold.txt", reattach_waw=True)
    else:
        sentences = read_conll(root / corpus / f"{split}.txt")
    return [(tokens, to_common(tags, corpus)) for tokens, tags in sentences]


def carve_dev(sentences: list[Sentence], share: float = 0.1) -> tuple[list[Sentence], list[Sentence]]:
    """Split a training file into (train, dev): the last `share` of its sentences are the dev set."""
    cut = len(sentences) - max(1, int(round(len(sentences) * share)))
    return sentences[:cut], sentences[cut:]
