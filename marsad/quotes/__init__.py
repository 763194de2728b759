"""Quotes: direct and reported speech, their speakers and cues (the "quotes" pipeline stage)."""
from marsad.quotes import stage as _stage  # noqa: F401  registers the "quotes" stage
from marsad.quotes.attribution import find_quotes

__all__ = ["find_quotes"]
