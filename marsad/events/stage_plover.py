"""The "events" pipeline stage: PLOVER events per sentence (see `marsad.events.detect`). Uses the
article's tokens, sentences, mentions (places, and people/organisations when "entities" ran), times and
quantities; runs the "text" stage itself when it did not run."""
from __future__ import annotations

from marsad.model import Article
from marsad.pipeline import stage


@stage("events")
def events_stage(article: Article) -> None:
    """PLOVER events with trigger, mode, actors, place, date and confidence."""
    from marsad.events.detect import detect_events

    if not article.tokens and article.text:
        from marsad.pipeline import STAGES

        STAGES["text"](article)
    article.events = detect_events(article)
