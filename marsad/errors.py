"""Errors marsad reports to users: always one line naming the input and the problem."""
from __future__ import annotations


# How the problem of an input in another language starts (counted apart: a web crawl holds many).
NOT_ARABIC = "not Arabic text"


class InputError(ValueError):
    """An input that cannot be analysed: `str(err)` is `"<source>: <problem>"`."""

    def __init__(self, source: str, problem: str):
        problem = " ".join(str(problem).split())  # one line, whatever a library said
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem

    def __reduce__(self):  # so errors cross process boundaries intact
        return InputError, (self.source, self.problem)


class StoreError(Exception):
    """A store that cannot be opened, migrated or written, with a one-line reason naming the file."""
