"""Finding the spans that overlap a character range by bisection, so that long articles cost
linear time instead of a scan of every span per query."""
from __future__ import annotations

from bisect import bisect_left
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")


def _start_end(item) -> tuple[int, int]:
    return item.start, item.end


def overlap_finder(items: Sequence[T], bounds: Callable[[T], tuple[int, int]] = _start_end
                   ) -> Callable[[int, int], list[T]]:
    """A function giving the items whose (start, end) overlaps [start, end), in the items' order.
    `bounds` gives an item's (start, end) (default: its `start` and `end` attributes)."""
    spans = [bounds(item) for item in items]
    order = sorted(range(len(items)), key=lambda i: spans[i][0])
    starts = [spans[i][0] for i in order]
    longest = max((e - s for s, e in spans), default=0)

    def overlapping(start: int, end: int) -> list[T]:
        lo, hi = bisect_left(starts, start - longest), bisect_left(starts, end)
        return [items[i] for i in sorted(order[lo:hi]) if spans[i][1] > start]

    return overlapping
