"""What the full-text index holds for a text, and how a user's query becomes an FTS5 expression.

Two columns: `words`, every word in its matching form (so `الايطالي` finds `الإيطالى`), and `stems`,
every word without its proclitics (so `سرت` finds `وسرت` and `بسرت`, and the phrase `حكومة الوفاق`
finds `لحكومة الوفاق`). Queries (words, "phrases", `OR`, `-exclusions`) are parsed here into a
`SearchQuery`, and the FTS5 expression is built from its words, never from the user's syntax, so no
query can be an FTS5 syntax error: a query that cannot be understood raises `QueryError` (an HTTP 400).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.text.tokens import Token, split_clitics, tokenize

MAX_QUERY_TERMS = 32
MAX_QUERY_CHARS = 500  # a query, a name prefix or a piece of a quote longer than this is refused
_QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


class QueryError(ValueError):
    """A search query that cannot be run, with a message for the user."""


def index_columns(title: str | None, tokens: list[Token]) -> tuple[str, str]:
    """(words, stems) for the full-text index of a title and an article's tokens: matching forms, and
    the same without proclitics."""
    words, stems = [], []
    for tok in (tokenize(title) if title else []) + tokens:
        if tok.kind in ("word", "latin", "num"):
            norm = tok.norm.lower()
            words.append(norm)
            stems.append(split_clitics(norm).stem if tok.is_word else norm)
    return " ".join(words), " ".join(stems)


def check_length(text: str) -> str:
    """The text, or QueryError when it is longer than any query marsad runs."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({len(text)} characters; at most {MAX_QUERY_CHARS})")
    return text


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A parsed query: every group must match (a group matches when one of its phrases occurs, `OR`),
    and no excluded phrase may occur. A phrase is a tuple of matching-form words."""

    groups: tuple[tuple[tuple[str, ...], ...], ...]
    excluded: tuple[tuple[str, ...], ...] = ()

    @property
    def words(self) -> set[str]:
        """The words to highlight: those of the phrases searched for (not of the excluded ones)."""
        return {w for group in self.groups for phrase in group for w in phrase}


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(t.norm.lower() for t in tokenize(text) if t.kind in ("word", "latin", "num"))


def parse_query(query: str) -> SearchQuery:
    """A user's query as a SearchQuery: words and "quoted phrases" are all required, `OR` between two
    of them accepts either, and a leading `-` excludes a word or phrase. QueryError when it cannot be run."""
    check_length(query)
    if query.count('"') % 2:
        raise QueryError("unbalanced quotation mark in the query")
    groups: list[list[tuple[str, ...]]] = []
    excluded: list[tuple[str, ...]] = []
    pending_or = False
    for minus, quoted, bare in _QUERY_TOKEN.findall(query):
        if bare == "OR":
            if not groups or pending_or:
                raise QueryError("OR must stand between two words or phrases")
            pending_or = True
            continue
        negated = bool(minus) or (len(bare) > 1 and bare.startswith("-"))
        phrase = _phrase(quoted if quoted or minus else bare[1:] if negated else bare)
        if not phrase:
            continue
        if negated:
            if pending_or:
                raise QueryError("OR must stand between two words or phrases, not before an exclusion")
            excluded.append(phrase)
        elif pending_or:
            groups[-1].append(phrase)
            pending_or = False
        else:
            groups.append([phrase])
    if pending_or:
        raise QueryError("OR must stand between two words or phrases")
    if not groups:
        raise QueryError("the query has no words to search for"
                         + (" (only exclusions: add a word that must occur)" if excluded else ""))
    parsed = SearchQuery(tuple(tuple(g) for g in groups), tuple(excluded))
    if sum(len(p) for g in parsed.groups for p in g) + sum(len(p) for p in excluded) > MAX_QUERY_TERMS:
        raise QueryError(f"the query has more than {MAX_QUERY_TERMS} words")
    return parsed


def _match_phrase(words: tuple[str, ...]) -> str:
    """An FTS5 expression for one phrase, as written or without proclitics (the words are tokens of
    letters and digits only, so they cannot close the FTS5 string)."""
    exact = " ".join(words)
    stemmed = " ".join(split_clitics(w).stem for w in words)
    return f'(words : "{exact}" OR stems : "{stemmed}" OR stems : "{exact}")'


def fts_expression(query: SearchQuery) -> str:
    """The FTS5 MATCH expression of a parsed query (built from its words, never from the user's syntax)."""
    required = " AND ".join("(" + " OR ".join(_match_phrase(p) for p in group) + ")" for group in query.groups)
    if not query.excluded:
        return required
    return f"({required}) NOT (" + " OR ".join(_match_phrase(p) for p in query.excluded) + ")"
