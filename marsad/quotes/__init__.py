"""Quotes: direct and reported speech, their speakers and cues (the "quotes" pipeline stage)."""
from marsad.quotes.attribution import find_quotes

__all__ = ["find_quotes"]
