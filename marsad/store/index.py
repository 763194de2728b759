"""What the full-text index holds for a text, and how a user's query becomes an FTS5 expression.

Two columns: `words`, every word in its matching form (so `الايطالي` finds `الإيطالى`), and `stems`,
every word without its proclitics (so `سرت` finds `وسرت` and `بسرت`, and the phrase `حكومة الوفاق`
finds `لحكومة الوفاق`). Queries are parsed here, never passed to FTS5 as written, so no query can be
an FTS5 syntax error: a query that cannot be understood raises `QueryError` (an HTTP 400).
"""
from __future__ import annotations

import re

from marsad.text.tokens import Token, split_clitics, tokenize

MAX_QUERY_TERMS = 32
MAX_QUERY_CHARS = 500  # a query, a name prefix or a piece of a quote longer than this is refused
_QUERY_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


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


def query_terms(query: str) -> list[list[str]]:
    """The phrases of a query (a bare word is a phrase of one), each as matching-form words."""
    check_length(query)
    if query.count('"') % 2:
        raise QueryError("unbalanced quotation mark in the query")
    phrases = []
    for quoted, bare in _QUERY_TOKEN.findall(query):
        words = [t.norm.lower() for t in tokenize(quoted if quoted else bare) if t.kind in ("word", "latin", "num")]
        if words:
            phrases.append(words)
    if not phrases:
        raise QueryError("the query has no words to search for")
    if sum(len(p) for p in phrases) > MAX_QUERY_TERMS:
        raise QueryError(f"the query has more than {MAX_QUERY_TERMS} words")
    return phrases


def fts_expression(phrases: list[list[str]]) -> str:
    """An FTS5 MATCH expression: every phrase must occur, as written or without proclitics."""
    parts = []
    for words in phrases:
        exact = " ".join(words)
        stemmed = " ".join(split_clitics(w).stem for w in words)
        parts.append(f'(words : "{exact}" OR stems : "{stemmed}" OR stems : "{exact}")')
    return " AND ".join(parts)
