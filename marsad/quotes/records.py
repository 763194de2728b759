"""The records passed between the passes of the quotes stage: a speaker a phrase names, the discourse
state of an article read in order, a quote as the finder read it (with its cue and the span of the
phrase it took for the speaker) and a candidate speaker of the ranker."""
from __future__ import annotations

from dataclasses import dataclass, field

from marsad.model import Quote


@dataclass(slots=True)
class Speaker:
    """A speaker a phrase names: its text (None for none), entity id and offsets (-1 when unknown)."""
    text: str | None
    id: str | None = None
    start: int = -1
    end: int = -1


@dataclass(slots=True)
class Discourse:
    """What the finder knows at a point of the article: the current speaker (whom a bare `وأضاف`
    continues), the statements named so far with their authors (`في بيان` … `وأوضح البيان`), and the
    speakers named so far, those of two words or more indexed by the matching form of their first and
    last word and by their last word as written (for a surname or a bare noun met again)."""
    current: Speaker = field(default_factory=lambda: Speaker(None))
    documents: list[tuple[str, Speaker]] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    by_first: dict[str, list[int]] = field(default_factory=dict)
    by_last: dict[str, list[int]] = field(default_factory=dict)
    by_last_word: dict[str, list[int]] = field(default_factory=dict)

    def remember(self, spk: Speaker, first: str | None, last: str | None) -> None:
        """Add a speaker; `first` and `last` are the matching forms of its first and last word (None
        when it has no offsets)."""
        self.speakers.append(spk)
        words = spk.text.split() if spk.text else []
        if len(words) > 1:
            i = len(self.speakers) - 1
            self.by_last_word.setdefault(words[-1], []).append(i)
            if first is not None:
                self.by_first.setdefault(first, []).append(i)
                self.by_last.setdefault(last, []).append(i)

    def state(self, noun: str, author: Speaker) -> None:
        """A statement (`بيان`, `تقرير`) and its author."""
        self.documents.append((noun, author))

    def author_of(self, noun: str) -> Speaker | None:
        """The author of the last statement named by `noun`, else None."""
        for n, author in reversed(self.documents):
            if n == noun:
                return author
        return None

    def surname(self, word: str) -> Speaker | None:
        """The last speaker whose name ends with `word` as written, else None."""
        found = self.by_last_word.get(word)
        return self.speakers[found[-1]] if found else None


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
