"""Load and run the CRF taggers (python-crfsuite); training is `marsad.train.ner`.

A model directory holds one CRF per scheme (`anercorp.crfsuite`, `aqmar.crfsuite`) with its tags in
the common labels PER/LOC/ORG/MISC, and `meta.json` (feature version, training data, c1/c2, scores).
L-BFGS is deterministic: the same data and settings give the same model.
"""
from __future__ import annotations

import gzip
import json
import os
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from marsad.ner.features import FEATURE_VERSION, KnownFeatures, sentence_features

MODELS = Path(__file__).with_name("models")


def read_known(path: str | os.PathLike) -> frozenset[str] | None:
    file = Path(f"{path}.attrs.gz")
    if not file.exists():
        return None
    with gzip.open(file, "rt", encoding="utf-8") as f:
        return frozenset(f.read().split("\n")) - {""}


class Tagger:
    """A loaded CRF: `tag(tokens)` gives common BIO tags.

    Decoding is Viterbi, then a recall step tuned on dev: a token Viterbi leaves O whose marginal
    probability of O is below `o_threshold` takes its most probable entity label (B-, or I- after a
    token of the same type). CRFs trained on these corpora are precise but miss names; this trades a
    little precision for more recall."""

    def __init__(self, path: str | os.PathLike, o_threshold: float = 0.0):
        self.path = str(path)
        self.o_threshold = o_threshold
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(self.path)
        self._entity_labels = [label for label in self._tagger.labels() if label != "O"]
        known = read_known(self.path)
        self._features = KnownFeatures(known) if known is not None else sentence_features

    def _decode(self, tokens: list[str]) -> list[str]:
        t = self._tagger
        t.set(self._features(tokens))
        tags = t.tag()
        th = self.o_threshold
        if th > 0 and "O" in t.labels():
            marginal = t.marginal
            for i, tag in enumerate(tags):
                if tag == "O" and marginal("O", i) < th:
                    best = max(self._entity_labels, key=lambda label: marginal(label, i))
                    kind = best[2:]
                    prev = tags[i - 1] if i else "O"
                    tags[i] = ("I-" if prev != "O" and prev[2:] == kind else "B-") + kind
        return tags

    def tag(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        return self._decode(tokens)

    def tag_marginals(self, tokens: list[str]) -> tuple[list[str], list[float]]:
        """Tags and the marginal probability of each chosen tag."""
        if not tokens:
            return [], []
        tags = self._decode(tokens)
        return tags, [self._tagger.marginal(t, i) for i, t in enumerate(tags)]


def read_meta(model_dir: str | os.PathLike = MODELS) -> dict:
    path = Path(model_dir) / "meta.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@lru_cache(maxsize=8)
def load(scheme: str = "anercorp", model_dir: str | os.PathLike | None = None) -> Tagger:
    """The tagger for a scheme from a model directory (the shipped models by default), once per process."""
    root = Path(model_dir) if model_dir else MODELS
    meta = read_meta(root)
    if meta and meta.get("feature_version") != FEATURE_VERSION:
        raise RuntimeError(f"{root}: NER model built with feature version {meta.get('feature_version')}, "
                           f"this marsad uses {FEATURE_VERSION}; retrain with `marsad train ner`")
    file = (meta.get("files") or {}).get(scheme, f"{scheme}.crfsuite")
    path = root / file
    if not path.exists():
        raise FileNotFoundError(f"{path}: no NER model for scheme {scheme!r}; train one with `marsad train ner`")
    return Tagger(path, ((meta.get("models") or {}).get(scheme) or {}).get("o_threshold", 0.0))
