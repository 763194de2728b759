"""Train, save, load and run the CRF taggers (python-crfsuite, L-BFGS).

A model directory holds one CRF per scheme (`anercorp.crfsuite`, `aqmar.crfsuite`) with its tags in
the common labels PER/LOC/ORG/MISC, and `meta.json` (feature version, training data, c1/c2, scores).
L-BFGS is deterministic: the same data and settings give the same model.
"""
from __future__ import annotations

import gzip
import json
import os
import time
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from marsad.ner.corpus import Sentence
from marsad.ner.features import FEATURE_VERSION, KnownFeatures, sentence_features

MODELS = Path(__file__).with_name("models")


def train(sentences: list[Sentence], path: str | os.PathLike, *, c1: float = 0.05, c2: float = 0.01,
          max_iterations: int = 300, min_freq: int = 1, verbose: bool = False) -> float:
    """Train a CRF on (tokens, common BIO tags) sentences and write it to `path`; returns seconds."""
    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=verbose)
    for tokens, tags in sentences:
        if tokens:
            trainer.append(sentence_features(tokens), tags)
    trainer.set_params({
        "c1": c1, "c2": c2, "max_iterations": max_iterations,
        "feature.possible_transitions": True, "feature.minfreq": min_freq,
    })
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))
    write_known(path)
    return time.time() - t0


def write_known(path: str | os.PathLike) -> None:
    """Write the attributes the model gives a weight to (`<model>.attrs.gz`, one per line), so that
    tagging passes only those (reading them from the model itself takes longer than loading)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    attrs = sorted({attr for attr, _ in tagger.info().state_features})
    with gzip.open(f"{path}.attrs.gz", "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("\n".join(attrs) + "\n")


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


# Settings chosen on dev (ANERcorp: last 10% of train; AQMAR: its dev file), never on test.
# For each scheme: extra corpora trained with it under `--corpus all`, and c1/c2.
# Adding AQMAR to ANERcorp cost 2.6 F1 on ANERcorp dev and WikiFANE cost 3.8, so `all` adds nothing
# to ANERcorp; see docs/evaluation.md.
TUNED = {
    "anercorp": {"extra": (), "c1": 0.05, "c2": 0.01, "max_iterations": 200, "o_threshold": 0.7},
    "aqmar": {"extra": (), "c1": 0.15, "c2": 0.01, "max_iterations": 200, "o_threshold": 0.6},
}


def training_data(scheme: str, corpus: str, data=None) -> tuple[list[Sentence], list[str]]:
    """The sentences (common labels) a scheme's release model is trained on, and their names."""
    from marsad.ner import corpus as corpora

    if scheme == "anercorp":
        parts = [("anercorp/train", corpora.load("anercorp", "train", data))]
    else:
        parts = [("aqmar/train", corpora.load("aqmar", "train", data)), ("aqmar/dev", corpora.load("aqmar", "dev", data))]
    if corpus == "all":
        for extra in TUNED[scheme]["extra"]:
            if extra == "wikifane":
                parts.append(("wikifane", corpora.load("wikifane", "train", data)))
            elif extra == "aqmar":
                parts += [("aqmar/train", corpora.load("aqmar", "train", data)), ("aqmar/dev", corpora.load("aqmar", "dev", data))]
            elif extra == "anercorp":
                parts.append(("anercorp/train", corpora.load("anercorp", "train", data)))
    return [s for _, p in parts for s in p], [name for name, _ in parts]


def _train_scheme(job: tuple) -> tuple[str, str, float, list[str], int]:
    scheme, corpus, out, data = job
    sentences, names = training_data(scheme, corpus, data)
    settings = TUNED[scheme]
    file = f"{scheme}.crfsuite"
    secs = train(sentences, Path(out) / file, c1=settings["c1"], c2=settings["c2"],
                 max_iterations=settings["max_iterations"])
    return scheme, file, secs, names, sum(len(t) for t, _ in sentences)


def build(corpus: str = "all", out=None, data=None):
    """Train the release model(s): `anercorp` or `aqmar` trains that scheme's model on its own corpus,
    `all` trains both (in parallel, one process each), with the extra corpora chosen on dev. Yields
    progress lines; writes `meta.json`."""
    from concurrent.futures import ProcessPoolExecutor

    out = Path(out) if out else MODELS
    out.mkdir(parents=True, exist_ok=True)
    schemes = ("anercorp", "aqmar") if corpus == "all" else (corpus,)
    meta = read_meta(out) if (out / "meta.json").exists() else {}
    if meta.get("feature_version") != FEATURE_VERSION:
        meta = {}
    meta["feature_version"] = FEATURE_VERSION
    meta.setdefault("files", {})
    meta.setdefault("models", {})
    jobs = [(s, corpus, str(out), data) for s in schemes]
    yield f"training {', '.join(schemes)} ({corpus}) into {out}"
    if len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=min(2, len(jobs))) as pool:
            results = list(pool.map(_train_scheme, jobs))
    else:
        results = [_train_scheme(jobs[0])]
    for scheme, file, secs, names, ntokens in results:
        meta["files"][scheme] = file
        meta["models"][scheme] = {"data": names, "tokens": ntokens, "train_seconds": round(secs, 1),
                                  **{k: v for k, v in TUNED[scheme].items() if k != "extra"}}
        yield f"{scheme}: {ntokens} tokens from {' + '.join(names)}, {secs:.0f} s, {(out / file).stat().st_size / 1e6:.1f} MB"
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    load.cache_clear()
