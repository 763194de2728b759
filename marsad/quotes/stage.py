"""The "quotes" pipeline stage: direct and reported speech with speakers (see `attribution`)."""
from __future__ import annotations

from marsad.model import Article
from marsad.pipeline import stage


@stage("quotes")
def quotes_stage(article: Article) -> None:
    """Who said what: quotes with speaker, cue, content and exact offsets. Uses the mentions already
    in the article (places, and people and organisations when the "entities" stage ran) to resolve
    `speaker_id`; works without them."""
    from marsad.quotes.attribution import find_quotes

    if not article.tokens and article.text:
        from marsad.pipeline import STAGES

        STAGES["text"](article)
    article.quotes = find_quotes(article)
