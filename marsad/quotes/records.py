"""The records passed between the passes of the quotes stage: a quote as the finder read it (with its
cue and the span of the phrase it took for the speaker) and a candidate speaker of the ranker."""
from __future__ import annotations

from dataclasses import dataclass, field

from marsad.model import Quote


@dataclass(slots=True)
class Found:
    """A quote, the cue that introduced it ((kind, lemma, first token, token after it), or None for a
    quotation continuing the current speaker) and the offsets of the speaker phrase (-1 when it was
    carried over)."""
    quote: Quote
    cue: tuple | None
    speaker_start: int = -1
    speaker_end: int = -1


@dataclass(slots=True)
class Candidate:
    """A possible speaker: its text, entity id, offsets (-1 when carried over) and where it came from:
    "phrase" (the cue's speaker phrase), "mention", "apposed" (a person the phrase's role words stand
    beside elsewhere) or "previous" (the previous quote's speaker)."""
    text: str
    id: str | None
    start: int
    end: int
    origin: str
    type: str = ""
    features: dict[str, float] = field(default_factory=dict)
