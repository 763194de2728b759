"""The `link` pipeline stage: one canonical entity per real-world actor (see `entities`)."""
from __future__ import annotations

from marsad.link.entities import link_entities
from marsad.model import Article
from marsad.pipeline import stage


@stage("link")
def link_stage(article: Article) -> None:
    """Group PER/ORG/MISC/EVENT mentions into canonical entities, with the actor lexicon."""
    link_entities(article)
