"""The two pipeline stages: `times` fills `article.times`, `quantities` fills `article.quantities`.
Both read the tokens of the `text` stage."""
from __future__ import annotations

from marsad.events.dates import find_times
from marsad.events.quantities import find_quantities
from marsad.model import Article
from marsad.pipeline import stage


@stage("times")
def times_stage(article: Article) -> None:
    """Date expressions, resolved against the publication date."""
    article.times = find_times(article.text, article.tokens, article.metadata.published)


@stage("quantities")
def quantities_stage(article: Article) -> None:
    """Counts, amounts, percentages and durations with their units. Numbers inside dates found by
    the `times` stage are skipped; without it the dates are found here first."""
    times = article.times or find_times(article.text, article.tokens, None)
    article.quantities = find_quantities(article.text, article.tokens, times)
