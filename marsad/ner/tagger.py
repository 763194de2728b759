"""The seam between the `entities` stage and a NER model.

A tagger gives one BIO label in the common labels (`B-PER`, `I-ORG`, `O`, …; see `marsad.ner.corpus`)
per surface word of one sentence, and the probability of each label it chose. `load_tagger(scheme,
model_path)` gives the neural tagger's output layer for the scheme (`marsad.ner.neural`: `news`,
`anercorp`, `aqmar`, `wikifane`), shipped or trained into `model_path`. Another model plugs in by
returning an object with the same two
methods (and, optionally, `tag_marginals_many` to tag all the sentences of an article in one batch);
the rules and the merge with the places in `marsad.ner.stage` do not change.
"""
from __future__ import annotations

from typing import Protocol

from marsad.model import Article
from marsad.ner.corpus import SCHEMES


class Tagger(Protocol):
    def tag(self, words: list[str]) -> list[str]:
        """One common BIO label per word."""

    def tag_marginals(self, words: list[str]) -> tuple[list[str], list[float]]:
        """The labels of `tag` and the probability of each."""


def check_scheme(scheme: str) -> None:
    if scheme not in SCHEMES:
        raise ValueError(f"unknown NER scheme {scheme!r} (expected one of {', '.join(SCHEMES)})")


def load_tagger(scheme: str, model_path: str | None = None) -> Tagger:
    """The neural tagger's output layer for a scheme (loaded once per process), from the shipped model
    or the `.npz` at `model_path`."""
    from marsad.ner.neural import SCHEMES, load

    if scheme not in SCHEMES:
        raise ValueError(f"unknown NER scheme {scheme!r} (expected one of {', '.join(SCHEMES)})")
    return load(scheme, model_path)


def tag_sentences(tagger: Tagger, sentences: list[list[str]]) -> list[tuple[list[str], list[float]]]:
    """`tag_marginals` of each sentence, in one batch when the tagger can."""
    many = getattr(tagger, "tag_marginals_many", None)
    return many(sentences) if many else [tagger.tag_marginals(words) for words in sentences]


def sentence_groups(article: Article) -> list[list[int]]:
    """Token indices per sentence (a new group also at every line break)."""
    tokens = article.tokens
    bounds = [s.end for s in article.sentences]
    groups: list[list[int]] = []
    current: list[int] = []
    b = 0
    for i, tok in enumerate(tokens):
        new = False
        while b < len(bounds) and tok.start >= bounds[b]:
            b += 1
            new = True
        if current and (new or "\n" in article.text[tokens[current[-1]].end:tok.start]):
            groups.append(current)
            current = []
        current.append(i)
    if current:
        groups.append(current)
    return groups


def model_spans(article: Article, tagger: Tagger) -> list[tuple[int, int, str, float]]:
    """(first token, last token inclusive, common type, confidence) of every span the tagger finds."""
    tokens = article.tokens
    spans = []
    groups = sentence_groups(article)
    for group, (tags, probs) in zip(groups, tag_sentences(tagger, [[tokens[i].text for i in g] for g in groups])):
        k = 0
        while k < len(group):
            tag = tags[k]
            if tag == "O":
                k += 1
                continue
            label = tag[2:]
            j = k + 1
            while j < len(group) and tags[j] == "I-" + label:
                j += 1
            conf = sum(probs[k:j]) / (j - k)
            spans.append((group[k], group[j - 1], label, conf))
            k = j
    return spans
