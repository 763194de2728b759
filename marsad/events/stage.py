"""The `times`, `quantities` and `events` pipeline stages."""
from __future__ import annotations

from marsad.events.dates import dateline_date, find_times, today_before
from marsad.events.detect import detect_events
from marsad.events.quantities import find_quantities
from marsad.model import Article
from marsad.pipeline.registry import stage


@stage("times", requires=("tokens",), assigns=("times",))
def times_stage(article: Article) -> None:
    """Date expressions, resolved against the publication date. An article without one in its metadata
    takes the date of its dateline, with a `dateline` warning saying so; one whose metadata date is later
    than its dateline's, or than the weekday its text calls today (`اليوم (الاثنين)`), gets a `crawl_date`
    warning (the metadata may hold the time it was collected)."""
    article.times = find_times(article.text, article.tokens, article.metadata.published)
    found = dateline_date(article.text, article.times)
    if article.metadata.published:
        published = article.metadata.published[:10]
        if found and found.value < published:
            article.warn("crawl_date", f"publication date {published} is later than the dateline's «{found.text}» "
                                       f"({found.value}): it may be the time it was collected")
        elif (today := next((t for t in article.times if today_before(t, published)), None)) is not None:
            article.warn("crawl_date", f"publication date {published} is later than «{today.text}» "
                                       f"({today.value}): it may be the time it was collected")
        return
    if found:
        article.metadata.published = found.value
        article.warn("dateline", f"publication date {found.value} taken from the dateline «{found.text}»")
        article.times = find_times(article.text, article.tokens, found.value)


@stage("quantities", requires=("tokens", "times"), assigns=("quantities",))
def quantities_stage(article: Article) -> None:
    """Counts, amounts, percentages and durations with their units; numbers inside dates are skipped."""
    article.quantities = find_quantities(article.text, article.tokens, article.times)


@stage("events", requires=("tokens", "sentences", "entities"), assigns=("events",))
def events_stage(article: Article) -> None:
    """PLOVER events with trigger, mode, actors, place, date and confidence. Reads the times,
    quantities and canonical entities when earlier stages assigned them."""
    article.events = detect_events(article)
