"""Named-entity recognition for Arabic news: a neural tagger (`marsad.ner.neural`: word vectors from
raw news, a character CNN and the CRF's resources, a dilated CNN, one output layer per annotation
scheme; the `entities` stage's default) and a CRF (python-crfsuite) over rich Arabic features.

`tag_tokens(tokens, scheme)` gives one BIO tag per token in the labels of ANERcorp (`B-PERS`, `B-LOC`,
`B-ORG`, `B-MISC`) or AQMAR (`B-PER`, `B-LOC`, `B-ORG`, `B-MIS`). The `entities` pipeline stage is in
`marsad.ner.stage`, the model behind it is chosen in `marsad.ner.tagger`; training is
`marsad.train.ner` (`marsad train ner`, the CRF; `tag_tokens` uses it) and `marsad.train.neural_ner`
(`marsad train neural-ner`), evaluation `marsad eval ner`.
"""
from __future__ import annotations

from marsad.ner.corpus import to_scheme
from marsad.ner.tagger import check_scheme, load_tagger

__all__ = ["tag_tokens"]


def tag_tokens(tokens: list[str], scheme: str = "anercorp", model_dir: str | None = None) -> list[str]:
    """One BIO tag per input token (surface words of one sentence), in the scheme's own labels."""
    check_scheme(scheme)
    tokens = list(tokens)
    if not tokens:
        return []
    tags = load_tagger(scheme, model_dir).tag([t if t.strip() else "_" for t in tokens])
    return to_scheme(tags, scheme)
