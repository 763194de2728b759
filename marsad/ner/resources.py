"""Unsupervised lexical resources for the named-entity tagger, learned from raw news.

Two small tables ship in `marsad/ner/data/`:

* `clusters.tsv.gz`: word -> cluster ids at several granularities (64, 256, 1024 by default). The
  words are matching forms (`Token.norm`) with proclitics split off by `split_clitics` (`وبطرابلس`
  is looked up as `طرابلس`; the article `ال` stays on the stem). Clusters are k-means over dense
  vectors from a positive-PMI co-occurrence matrix (±2 words, clitics as their own tokens) reduced by
  truncated SVD. Finer clusters are not nested in coarser ones: use each granularity as its own feature.
* `names.tsv.gz`: gazetteer rows `norm, kind, source, count`, `kind` one of `first` (given names),
  `family`, `person` (words of names mined from raw news after person titles: `الرئيس … محمد مرسي`),
  `title` (person titles and triggers), `org` (organisation heads), `loc` (location triggers). Given
  names and surnames come from the Wikidata-derived index of the MIT-licensed `arabic-name-romanizer`
  package (CC0 data); triggers are curated.

Loading needs only the standard library. Building (`marsad.train.ner`) needs numpy, scipy and
scikit-learn: rebuild with `marsad build clusters CORPUS...` / `marsad build names CORPUS...`, or call
`build_clusters` / `build_names` there. See docs/ner-resources.md.
"""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

from marsad.text.tokens import split_clitics

DATA_DIR = Path(__file__).with_name("data")
CLUSTERS_PATH = DATA_DIR / "clusters.tsv.gz"
NAMES_PATH = DATA_DIR / "names.tsv.gz"
GRANULARITIES = (64, 256, 1024)
NAME_KINDS = ("first", "family", "person", "title", "org", "loc")
# Any digit: numbers are looked up by their digit shape (`2018` → `0000`).
DIGIT = re.compile(r"\d")

@lru_cache(maxsize=1)
def _clusters_table() -> tuple[tuple[int, ...], dict[str, tuple[int, ...]]]:
    if not CLUSTERS_PATH.exists():
        return (), {}
    with gzip.open(CLUSTERS_PATH, "rt", encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        sizes = tuple(int(h.removeprefix("k")) for h in header[1:])
        table = {}
        for line in f:
            word, *ids = line.rstrip("\n").split("\t")
            table[word] = tuple(map(int, ids))
    return sizes, table


def load_clusters() -> dict[str, tuple[int, ...]]:
    """Word (matching form, proclitics split off) -> cluster id at each of `cluster_sizes()`, coarsest
    first. Loaded once per process; empty when the table is not installed."""
    return _clusters_table()[1]


def cluster_sizes() -> tuple[int, ...]:
    """Granularities of the shipped clusters, in the order of the ids in `load_clusters()` values."""
    return _clusters_table()[0]


def word_clusters(norm: str) -> tuple[int, ...] | None:
    """Cluster ids of a normalised token: the word itself if known, else its clitic-split stem
    (`وبطرابلس` -> `طرابلس`); Latin words are looked up lower-cased and numbers by digit shape
    (`2018` -> `0000`), as they were learned. None when unknown."""
    table = _clusters_table()[1]
    ids = table.get(norm)
    if ids is None and norm:
        if norm[0].isdigit():
            ids = table.get(DIGIT.sub("0", norm)[:8])
        elif norm.isascii():
            ids = table.get(norm.lower())
        else:
            ids = table.get(split_clitics(norm).stem)
    return ids


@lru_cache(maxsize=1)
def _names_rows() -> tuple[tuple[str, str, str, int], ...]:
    if not NAMES_PATH.exists():
        return ()
    rows = []
    with gzip.open(NAMES_PATH, "rt", encoding="utf-8") as f:
        next(f, None)  # header
        for line in f:
            norm, kind, source, count = line.rstrip("\n").split("\t")
            rows.append((norm, kind, source, int(count)))
    return tuple(rows)


@lru_cache(maxsize=1)
def load_names() -> dict[str, frozenset[str]]:
    """Gazetteer: kind (`first`, `family`, `person`, `title`, `org`, `loc`) -> set of matching forms.
    About 2,000 given names and surnames hold a space (`عبد الله`); the rest are single words. Empty sets
    when not installed."""
    out: dict[str, set[str]] = {k: set() for k in NAME_KINDS}
    for norm, kind, _, _ in _names_rows():
        out.setdefault(kind, set()).add(norm)
    return {k: frozenset(v) for k, v in out.items()}


def name_rows() -> tuple[tuple[str, str, str, int], ...]:
    """Every shipped gazetteer row as (norm, kind, source, count), e.g. `('محمد', 'first', 'wikidata', 11829)`."""
    return _names_rows()
