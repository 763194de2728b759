"""The pipeline: declared stages (see `registry`) run in order over one `Article`.

`Pipeline(names)` checks, when it is built, that every stage's inputs are assigned by an earlier stage,
and binds each stage's options (its declared defaults, then `[stages.NAME]` in the configuration, then
the `options` argument). Stages are pure functions of the article (plus models loaded once per process),
so the same pipeline runs in a loop, a process pool or Spark. `analyze()` is the public entry point.
"""
from __future__ import annotations

from functools import partial
from typing import Any, Callable, Iterable, Iterator, Mapping

from marsad.config import Config, settings
from marsad.errors import InputError
from marsad.ingest import Document, read_bytes
from marsad.ingest.document import parse_date, without_surrogates
from marsad.model import Article
from marsad.pipeline.documents import article_from_document, document_source
from marsad.pipeline.registry import StageSpec, declared, get, stage

DEFAULT_PIPELINE = ("text", "places", "entities", "link", "times", "quantities", "quotes", "events")
# What every article has before any stage runs.
GIVEN = ("text", "metadata", "source")

__all__ = ["DEFAULT_PIPELINE", "Pipeline", "PipelineError", "analyze", "analyze_document", "analyze_documents",
           "article_from_document", "declared", "document_source", "run", "stage"]


class PipelineError(ValueError):
    """A pipeline that cannot run: an unknown stage, a stage before its inputs, an unknown option."""


class Pipeline:
    """Named stages, checked and bound to their options; calling it runs them over an article."""

    def __init__(self, names: Iterable[str] = DEFAULT_PIPELINE, config: Config | None = None,
                 options: Mapping[str, Mapping[str, Any]] | None = None, given: Iterable[str] = GIVEN):
        config = config or settings()
        options = options or {}
        self.specs: list[StageSpec] = []
        self._calls = []
        assigned = set(given)
        for name in names:
            try:
                spec = get(name)
            except ValueError as err:
                raise PipelineError(str(err)) from None
            missing = [part for part in spec.requires if part not in assigned]
            if missing:
                raise PipelineError(_order_error(spec, missing))
            given = {**config.stage_options(name), **options.get(name, {})}
            unknown = sorted(set(given) - set(spec.config))
            if unknown:
                raise PipelineError(f"stage {name!r} has no option {', '.join(map(repr, unknown))}; "
                                    f"its options: {', '.join(spec.config) or 'none'}")
            bound = {**spec.config, **given}
            self.specs.append(spec)
            self._calls.append(partial(spec.func, **bound) if bound else spec.func)
            assigned.update(spec.assigns)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.specs)

    @property
    def steps(self) -> list[tuple[str, Callable[[Article], None]]]:
        """(name, the stage bound to its options), in order."""
        return list(zip(self.names, self._calls))

    def __call__(self, article: Article) -> Article:
        for call in self._calls:
            call(article)
        return article

    def __repr__(self) -> str:
        return f"Pipeline({', '.join(self.names)})"


def _order_error(spec: StageSpec, missing: list[str]) -> str:
    providers = {part: sorted(s.name for s in declared().values() if part in s.assigns) for part in missing}
    reasons = [f"{part} (assigned by {' or '.join(providers[part])})" if providers[part] else part for part in missing]
    return f"stage {spec.name!r} requires {', '.join(reasons)}, which no earlier stage assigns"


def as_pipeline(pipeline: Pipeline | Iterable[str] | None) -> Pipeline:
    """A `Pipeline` from one, from stage names, or the default one for None."""
    if isinstance(pipeline, Pipeline):
        return pipeline
    return Pipeline(DEFAULT_PIPELINE if pipeline is None else tuple(pipeline))


def run(article: Article, pipeline: Pipeline | Iterable[str] | None = None) -> Article:
    """Apply the pipeline (default: all stages) to the article. Stage names may continue an article
    analysed in steps: the parts it already holds count as assigned."""
    if pipeline is not None and not isinstance(pipeline, Pipeline):
        held = [name for name in ("tokens", "sentences", "entities", "canonical_entities", "times", "quantities",
                                  "quotes", "events") if getattr(article, name)]
        pipeline = Pipeline(tuple(pipeline), given=(*GIVEN, *held))
    return as_pipeline(pipeline)(article)


def analyze(text_or_bytes: str | bytes, *, format: str = "auto", pipeline: Pipeline | Iterable[str] | None = None,
            **metadata) -> Article:
    """Analyse one article given as text or bytes (a crawled text page, an HTML page, plain text or
    one JSON record); keywords such as `title`, `url`, `site`, `published` fill its metadata, and
    `pipeline` (a `Pipeline` or stage names) chooses the stages. Raises `InputError` for input that is not
    an Arabic article, `PipelineError` for a pipeline that cannot run."""
    pipeline = as_pipeline(pipeline)
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
        if "published" in metadata:
            metadata["published"] = parse_date(metadata["published"])
        doc.metadata.update({k: v for k, v in metadata.items() if v is not None})
    return pipeline(article_from_document(doc))


def analyze_documents(docs: Iterable[Document | InputError],
                      pipeline: Pipeline | Iterable[str] | None = None) -> Iterator[Article | InputError]:
    """Analyse a stream of documents; errors (from reading or analysis) are yielded, not raised."""
    pipeline = as_pipeline(pipeline)
    for doc in docs:
        yield doc if isinstance(doc, InputError) else analyze_document(doc, pipeline)


def analyze_document(doc: Document, pipeline: Pipeline | Iterable[str] | None = None) -> Article | InputError:
    """The analysed article, or the failure: bad input, or a fault of marsad itself on this document
    (recorded like bad input, so that one document never stops a batch)."""
    try:
        return as_pipeline(pipeline)(article_from_document(doc))
    except InputError as err:
        return err
    except Exception as err:  # noqa: BLE001 - a bug must cost one document, not the batch
        import logging

        logging.getLogger(__name__).debug("internal error on %s", document_source(doc), exc_info=True)
        return InputError(document_source(doc),
                          f"internal error while analysing ({type(err).__name__}: {err}); please report it")
