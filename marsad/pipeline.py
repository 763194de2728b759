"""The pipeline: a registry of stages, each a function that reads and extends an `Article`.

Stages are pure functions of the article (plus models loaded once per process), so the same code
runs in a loop, a process pool or Spark. `analyze()` is the public entry point.
"""
from __future__ import annotations

import importlib
import re
from typing import Callable, Iterable, Iterator

from marsad.errors import InputError
from marsad.ingest import Document, read_bytes
from marsad.ingest.document import without_surrogates
from marsad.model import Article, Metadata, Source
from marsad.text.clean import clean
from marsad.text.normalize import arabic_ratio

Stage = Callable[[Article], None]
STAGES: dict[str, Stage] = {}
DEFAULT_PIPELINE = ("text", "places", "entities", "link", "times", "quantities", "quotes", "events")
# Modules whose stages register themselves with @stage when imported (on first use of the pipeline).
STAGE_MODULES = ("marsad.ner.stage", "marsad.link.stage", "marsad.events.stage", "marsad.quotes.stage",
                 "marsad.events.stage_plover")
# An article whose letters are less Arabic than this is refused as not Arabic.
MIN_ARABIC_RATIO = 0.3


def stage(name: str) -> Callable[[Stage], Stage]:
    """Register a pipeline stage under `name`."""

    def register(func: Stage) -> Stage:
        STAGES[name] = func
        return func

    return register


@stage("text")
def text_stage(article: Article) -> None:
    """Tokens and sentences."""
    from marsad.text.sentences import split_sentences
    from marsad.text.tokens import tokenize

    article.tokens = tokenize(article.text)
    article.sentences = split_sentences(article.text, article.tokens)


@stage("places")
def places_stage(article: Article) -> None:
    """Countries, regions, cities and nationality adjectives, resolved to GeoNames."""
    from marsad.geo.places import find_places
    from marsad.geo.subcity import find_subcity_places

    find_places(article, article.tokens)
    find_subcity_places(article, article.tokens)


def document_source(doc: Document) -> str:
    """Where a document came from: `path`, or `path:N` for the Nth record (line of JSON Lines, row of CSV)."""
    source = doc.path or "<input>"
    return f"{source}:{doc.record}" if doc.record is not None else source


# Embeddings, overrides and isolates: in a title or a site name they would reorder what the interface
# shows around it (a spoofed site name), and no headline needs them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _without_bidi_controls(value, key: str, warnings: list[str]):
    """A metadata string without bidi control characters (with a warning when any were removed)."""
    if not isinstance(value, str):
        return value
    cleaned, count = _BIDI_CONTROLS.subn("", value)
    if count:
        warnings.append(f"{count} bidirectional control character(s) removed from the {key}")
    return cleaned


def article_from_document(doc: Document) -> Article:
    """Clean the document's body into an Article with its metadata and alignment to the original."""
    source = document_source(doc)
    text, alignment = clean(doc.body)
    if not text:
        raise InputError(source, "no article text")
    ratio = arabic_ratio(text)
    if ratio < MIN_ARABIC_RATIO:
        raise InputError(source, f"not Arabic text (only {ratio:.0%} of its letters are Arabic)")
    meta = {key: _without_bidi_controls(value, key, doc.warnings) for key, value in doc.metadata.items()}
    meta.setdefault("language", "ar")
    article = Article(
        text,
        metadata=Metadata.from_dict(meta),
        source=Source(doc.path, doc.format, doc.record, doc.encoding,
                      [[t, o + doc.body_start] for t, o in alignment]),
    )
    for message in doc.warnings:
        article.warn("input", message)
    return article


def get_stage(name: str) -> Stage:
    """The stage registered under `name`, importing the stage modules the first time."""
    if name not in STAGES:
        for module in STAGE_MODULES:
            importlib.import_module(module)
    try:
        return STAGES[name]
    except KeyError:
        raise ValueError(f"unknown pipeline stage {name!r}; known: {', '.join(sorted(STAGES))}") from None


def run(article: Article, stages: Iterable[str] = DEFAULT_PIPELINE) -> Article:
    """Apply the stages, in order, to the article."""
    for name in stages:
        get_stage(name)(article)
    return article


def analyze(text_or_bytes: str | bytes, *, format: str = "auto", **metadata) -> Article:
    """Analyse one article given as text or bytes (a crawled text page, an HTML page, plain text or
    one JSON record); keywords such as `title`, `url`, `site`, `published` fill its metadata.
    Raises `InputError` for input that is not an Arabic article."""
    warnings: list[str] = []
    if isinstance(text_or_bytes, str):
        text_or_bytes = without_surrogates(text_or_bytes, warnings, "the text").encode("utf-8")
    metadata = {k: without_surrogates(v, warnings, k) if isinstance(v, str) else v for k, v in metadata.items()}
    docs = list(read_bytes(text_or_bytes, "<input>", format))
    if not docs:
        raise InputError("<input>", "no article found")
    if len(docs) > 1:
        raise InputError("<input>", f"{len(docs)} articles found; use marsad.analyze_documents for corpora")
    doc = docs[0]
    if isinstance(doc, InputError):
        raise doc
    doc.warnings.extend(warnings)
    if metadata:
        from marsad.ingest.document import parse_date

        if "published" in metadata:
            metadata["published"] = parse_date(metadata["published"])
        doc.metadata.update({k: v for k, v in metadata.items() if v is not None})
    return run(article_from_document(doc))


def analyze_documents(docs: Iterable[Document | InputError]) -> Iterator[Article | InputError]:
    """Analyse a stream of documents; errors (from reading or analysis) are yielded, not raised."""
    for doc in docs:
        yield doc if isinstance(doc, InputError) else analyze_document(doc)


def analyze_document(doc: Document) -> Article | InputError:
    """The analysed article, or the failure: bad input, or a fault of marsad itself on this document
    (recorded like bad input, so that one document never stops a batch)."""
    try:
        return run(article_from_document(doc))
    except InputError as err:
        return err
    except Exception as err:  # noqa: BLE001 - a bug must cost one document, not the batch
        return InputError(document_source(doc),
                          f"internal error while analysing ({type(err).__name__}: {err}); please report it")
