"""Exact-span precision, recall and F1 with the semantics of the CoNLL `conlleval` script.

A chunk starts at `B-X`, or at `I-X` that follows `O` or a chunk of another type (conlleval reads a
stray `I-X` as the start of a chunk); it ends before `O`, `B-`, or a tag of another type. A predicted
chunk is correct only when its start, end and type all equal a gold chunk's. Micro scores pool all
chunks; per-type scores count each type alone.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


def chunks(tags: list[str]) -> set[tuple[int, int, str]]:
    """(start, end exclusive, type) of every chunk in one BIO sequence, conlleval style."""
    out = set()
    start, kind = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        if tag == "O" or "-" not in tag:
            bio, label = "O", None
        else:
            bio, label = tag.split("-", 1)
        starts = bio == "B" or (bio == "I" and label != kind)
        if kind is not None and (bio == "O" or starts):
            out.add((start, i, kind))
            start, kind = None, None
        if starts:
            start, kind = i, label
    return out


@dataclass
class Score:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(gold: list[list[str]], pred: list[list[str]]) -> dict[str, Score]:
    """Scores per type and `"micro"` over sentences of gold and predicted BIO tags."""
    if len(gold) != len(pred):
        raise ValueError("gold and predicted sentence counts differ")
    tp: Counter = Counter()
    np_: Counter = Counter()
    ng: Counter = Counter()
    for g, p in zip(gold, pred):
        if len(g) != len(p):
            raise ValueError("gold and predicted sentence lengths differ")
        gc, pc = chunks(g), chunks(p)
        for c in gc:
            ng[c[2]] += 1
        for c in pc:
            np_[c[2]] += 1
            if c in gc:
                tp[c[2]] += 1
    scores = {t: Score(tp[t], np_[t], ng[t]) for t in sorted(set(ng) | set(np_))}
    scores["micro"] = Score(sum(tp.values()), sum(np_.values()), sum(ng.values()))
    return scores


def report(scores: dict[str, Score]) -> str:
    """A small table: type, precision, recall, F1 (in %), gold and predicted counts."""
    lines = [f"{'type':<8}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}"]
    for name, s in scores.items():
        lines.append(f"{name:<8}{100 * s.precision:7.2f}{100 * s.recall:7.2f}{100 * s.f1:7.2f}{s.gold:7d}{s.pred:7d}")
    return "\n".join(lines)


def evaluate_corpus(corpus: str, split: str = "test", model_path=None, data=None) -> tuple[dict[str, Score], dict]:
    """Tag a corpus split with the neural tagger's output layer for the corpus (the shipped model, or
    the `.npz` at `model_path`) and score it. `dev` is AQMAR's dev file, and for ANERcorp the last 10%
    of its train file (both held out from training). Also
    returns the speed: tokens, seconds and tokens/s of tagging (features included, one process,
    the sentences tagged in batches of 32 when the tagger can) and load time."""
    import time

    from marsad.ner import corpus as corpora
    from marsad.ner.neural import MODEL_PATH, NeuralTagger
    from marsad.ner.tagger import tag_sentences

    if corpus == "anercorp" and split == "dev":
        sentences = corpora.carve_dev(corpora.load("anercorp", "train", data))[1]
    else:
        sentences = corpora.load(corpus, split, data)
    t0 = time.perf_counter()
    tagger = NeuralTagger(model_path or MODEL_PATH, corpus)
    tagger.tag(["تحميل"])  # loads the word resources and the gazetteer once
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pred = [tags for k in range(0, len(sentences), 32)
            for tags, _ in tag_sentences(tagger, [tokens for tokens, _ in sentences[k:k + 32]])]
    seconds = time.perf_counter() - t0
    n = sum(len(tokens) for tokens, _ in sentences)
    scores = evaluate([tags for _, tags in sentences], pred)
    return scores, {"tokens": n, "seconds": seconds, "tokens_per_s": n / seconds if seconds else 0.0, "load_s": load_s}
