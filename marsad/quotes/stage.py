"""The `quotes` pipeline stage: direct and reported speech with speakers (see `attribution`)."""
from __future__ import annotations

from marsad.model import Article
from marsad.pipeline.registry import stage
from marsad.quotes.attribution import find_quotes


@stage("quotes", requires=("tokens", "sentences"), assigns=("quotes",))
def quotes_stage(article: Article) -> None:
    """Who said what: quotes with speaker, cue, content and exact offsets. Uses the mentions already
    in the article (places, and people and organisations when the `entities` stage ran) to resolve
    `speaker_id`; works without them."""
    article.quotes = find_quotes(article)
