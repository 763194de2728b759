"""Run the pipeline over many documents on several cores (a process pool) or on one.

Workers receive `Document`s and return plain results, so the same stage code runs here, in a loop or
on Spark. Each worker loads its models and gazetteer once (from the on-disk cache).
"""
from __future__ import annotations

import hashlib
import multiprocessing
import signal
from typing import Iterable, Iterator

from marsad.errors import InputError
from marsad.ingest import Document
from marsad.model import Article
from marsad.pipeline import analyze_document, document_source
from marsad.store.index import index_columns


def source_key(doc: Document | InputError) -> str:
    """Where a document or failure came from: `path`, `path:record`, or the error's source."""
    return doc.source if isinstance(doc, InputError) else document_source(doc)


def body_hash(doc: Document | InputError) -> str:
    text = doc.problem if isinstance(doc, InputError) else doc.body
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _work(item: tuple[str, str, Document | InputError]) -> tuple[str, str, Article | InputError, tuple[str, str] | None]:
    key, digest, doc = item
    if isinstance(doc, InputError):
        return key, digest, doc, None
    result = analyze_document(doc)
    if not isinstance(result, Article):
        return key, digest, result, None
    index = index_columns(result.metadata.title, result.tokens)
    result.tokens = []  # working state: not worth sending back between processes
    return key, digest, result, index


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops the pool (closing this generator terminates it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def analyze_many(items: Iterable[tuple[str, str, Document | InputError]], workers: int = 1, chunksize: int = 16
                 ) -> Iterator[tuple[str, str, Article | InputError, tuple[str, str] | None]]:
    """(key, hash, Article or error, full-text index columns) for each (key, hash, Document or error),
    in input order. The index columns are computed in the worker, from the tokens it already has.
    Close the generator when done or interrupted: that terminates the workers before the parent exits, so
    none is left writing a result to a pipe nobody reads."""
    if workers <= 1:
        yield from map(_work, items)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(workers, initializer=_ignore_interrupts) as pool:
        yield from pool.imap(_work, items, chunksize=chunksize)
