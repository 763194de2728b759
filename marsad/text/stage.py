"""The `text` pipeline stage: tokens (with their Arabic analysis) and sentences."""
from __future__ import annotations

from marsad.model import Article
from marsad.pipeline.registry import stage
from marsad.text.sentences import split_sentences
from marsad.text.tokens import tokenize


@stage("text", assigns=("tokens", "sentences"))
def text_stage(article: Article) -> None:
    """Tokens and sentences."""
    article.tokens = tokenize(article.text)
    article.sentences = split_sentences(article.text, article.tokens)
