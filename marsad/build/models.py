"""The trained models as artifacts: `marsad build ner-models` and `marsad build event-types` run the
training code of `marsad.train` with its defaults (the shared corpora, the shipped model paths)."""
from __future__ import annotations

from typing import Iterator


def ner_models(corpora: list[str]) -> Iterator[str]:
    from pathlib import Path

    from marsad.config import settings
    from marsad.ner.neural import MODEL_PATH
    from marsad.train.neural_ner import build

    yield from build(MODEL_PATH, Path(settings().cache) / "news-vectors.bin")


def event_types(corpora: list[str]) -> Iterator[str]:
    from marsad.train.event_types import train

    yield from train()


def gazetteer(corpora: list[str]) -> str:
    from marsad.geo.gazetteer import load_gazetteer

    gz = load_gazetteer()
    return f"{len(gz.places)} places, {len(gz.names)} names, {len(gz.adjectives)} adjective forms"
