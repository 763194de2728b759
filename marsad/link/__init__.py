"""Linking: mentions grouped into canonical entities, the actor lexicon, Latin names."""
