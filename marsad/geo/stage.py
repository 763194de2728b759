"""The `places` pipeline stage: place names and nationality adjectives resolved to GeoNames."""
from __future__ import annotations

from marsad.geo.places import find_places
from marsad.geo.subcity import find_subcity_places
from marsad.model import Article
from marsad.pipeline.registry import stage


@stage("places", requires=("tokens", "sentences"), assigns=("entities", "canonical_entities"))
def places_stage(article: Article) -> None:
    """Countries, regions, cities and nationality adjectives, resolved to GeoNames."""
    find_places(article, article.tokens)
    find_subcity_places(article, article.tokens)
