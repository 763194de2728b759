"""Named-entity recognition for Arabic news: a CRF (python-crfsuite) over rich Arabic features.

`tag_tokens(tokens, scheme)` gives one BIO tag per token in the labels of ANERcorp (`B-PERS`, `B-LOC`,
`B-ORG`, `B-MISC`) or AQMAR (`B-PER`, `B-LOC`, `B-ORG`, `B-MIS`). The `entities` pipeline stage is in
`marsad.ner.stage`; training and evaluation are `marsad train ner` and `marsad eval ner`.
"""
from __future__ import annotations

from marsad.ner.corpus import SCHEMES, to_scheme

__all__ = ["tag_tokens"]


def tag_tokens(tokens: list[str], scheme: str = "anercorp", model_dir: str | None = None) -> list[str]:
    """One BIO tag per input token (surface words of one sentence), in the scheme's own labels."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown NER scheme {scheme!r} (expected one of {', '.join(SCHEMES)})")
    from marsad.ner.model import load

    tokens = list(tokens)
    if not tokens:
        return []
    tags = load(scheme, model_dir).tag([t if t.strip() else "_" for t in tokens])
    return to_scheme(tags, scheme)
