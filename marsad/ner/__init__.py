"""Named-entity recognition for Arabic news: a neural tagger (`marsad.ner.neural`: word vectors from
raw news, a character CNN and embeddings of the word resources — clusters, name lists, gazetteer and
actor lexicon spans —, dilated convolutions, one output layer per annotation scheme).

`tag_tokens(tokens, scheme)` gives one BIO tag per token in the labels of ANERcorp (`B-PERS`, `B-LOC`,
`B-ORG`, `B-MISC`) or AQMAR (`B-PER`, `B-LOC`, `B-ORG`, `B-MIS`). The `entities` pipeline stage is in
`marsad.ner.stage`, the model behind it is loaded in `marsad.ner.tagger`; training is
`marsad.train.neural_ner` (`marsad train neural-ner`), the word resources `marsad.train.ner`
(`marsad build clusters`, `marsad build names`); evaluation `marsad eval ner`.
"""
from __future__ import annotations

from marsad.ner.corpus import to_scheme
from marsad.ner.tagger import check_scheme, load_tagger

__all__ = ["tag_tokens"]


def tag_tokens(tokens: list[str], scheme: str = "anercorp", model_path: str | None = None) -> list[str]:
    """One BIO tag per input token (surface words of one sentence), in the scheme's own labels, from the
    neural tagger's output layer for that scheme."""
    check_scheme(scheme)
    tokens = list(tokens)
    if not tokens:
        return []
    tags = load_tagger(scheme, model_path).tag([t if t.strip() else "_" for t in tokens])
    return to_scheme(tags, scheme)
