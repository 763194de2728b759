"""The `link` pipeline stage: one canonical entity per real-world actor (see `entities`)."""
from __future__ import annotations

from marsad.geo.transliterated import resolve_unknown_places
from marsad.link.entities import link_entities
from marsad.model import Article
from marsad.pipeline.registry import stage


@stage("link", requires=("entities",), assigns=("entities", "canonical_entities"))
def link_stage(article: Article) -> None:
    """Resolve the location names the gazetteer lacks by their Latin names, and group PER/ORG/MISC/
    EVENT mentions into canonical entities with the actor lexicon."""
    resolve_unknown_places(article)
    link_entities(article)
