"""The neural NER tagger at run time, in numpy: a character CNN, word vectors learned from raw news and
embeddings of the word resources (`marsad.ner.inputs`), a BiLSTM shared by every annotation scheme,
one output layer per scheme, and Viterbi decoding under the scheme's CRF transitions with the BIO
constraints (no `I-X` after `O` or another type). Trained by `marsad.train.neural_ner`.

A model is one `.npz` (`models/neural.npz`): the weights, the vocabularies and the training metadata.
`NeuralTagger(path, scheme)` has the interface of every tagger (`tag`, `tag_marginals`) and
`tag_marginals_many` for all the sentences of an article at once (one batch).

The matrix products run on one BLAS thread (threadpoolctl): marsad analyses one article per core,
and a multi-threaded BLAS on products this small was 5–10 times slower per article whenever the
other cores were busy.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController

from marsad.ner.inputs import Vocabularies

MODEL_PATH = Path(__file__).with_name("models") / "neural.npz"
SCHEMES = ("anercorp", "aqmar", "wikifane", "news")
TAGS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC")


def allowed_transitions() -> tuple[np.ndarray, np.ndarray]:
    """(allowed[previous, next], allowed at the start): `I-X` only after `B-X` or `I-X`."""
    n = len(TAGS)
    allowed = np.ones((n, n), bool)
    start = np.ones(n, bool)
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            start[j] = False
            for i, prev in enumerate(TAGS):
                allowed[i, j] = prev[2:] == tag[2:]
    return allowed, start


@lru_cache(maxsize=1)
def _threadpools() -> ThreadpoolController:
    return ThreadpoolController()


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


def _logsumexp(x: np.ndarray, axis: int) -> np.ndarray:
    m = x.max(axis=axis, keepdims=True)
    return (m + np.log(np.exp(x - m).sum(axis=axis, keepdims=True))).squeeze(axis)


class NeuralTagger:
    """A loaded model and one of its schemes' output layers."""

    def __init__(self, path: str | os.PathLike = MODEL_PATH, scheme: str = "anercorp"):
        with np.load(path) as z:
            a = {k: z[k] for k in z.files}
        self.meta = json.loads(a.pop("meta").tobytes())
        v = json.loads(a.pop("vocabularies").tobytes())
        self.vocab = Vocabularies(v["words"], v["chars"], v["feats"])
        schemes = self.meta["schemes"]
        if scheme not in schemes:
            raise ValueError(f"{path}: no output layer for scheme {scheme!r} (has {', '.join(schemes)})")
        k = schemes.index(scheme)
        self.words = a["words"]
        self.chars = a["chars"]
        self.cnn_w = a["char_cnn_w"].T.copy()  # 3 x char dim (letters at -1, 0, +1) -> filters
        self.cnn_b = a["char_cnn_b"]
        self._char_cache: dict[str, np.ndarray] = {}
        self.feats = [a[f"feat{i}"] for i in range(len(v["feats"]))]
        self.encoder = self.meta.get("encoder", "lstm")
        if self.encoder == "lstm":
            self.w_ih, self.w_hh, self.b = a["lstm_w_ih"], a["lstm_w_hh"], a["lstm_b"]
        else:
            self.convs = [(d, a[f"conv{i}_w"].T.copy(), a[f"conv{i}_b"]) for i, d in enumerate(self.meta["dilations"])]
        self.head_w, self.head_b = a["heads_w"][k].T.copy(), a["heads_b"][k]
        allowed, start_ok = allowed_transitions()
        self.trans = np.where(allowed, a["transitions"][k], -1e4).astype(np.float64)
        self.start = np.where(start_ok, a["start"][k], -1e4).astype(np.float64)

    def _char_vectors(self, words: list[str], char_ids: np.ndarray) -> np.ndarray:
        """The character CNN's vector of each word (cached per word)."""
        cache = self._char_cache
        todo = {}
        for n, ids in zip(words, char_ids):
            if n not in cache and n not in todo:
                todo[n] = ids
        if todo:
            ids = np.stack(list(todo.values()))
            ch = self.chars[ids]  # N, C, D
            N, C, D = ch.shape
            pad = np.zeros((N, 1, D), ch.dtype)
            ch = np.concatenate([pad, ch, pad], axis=1)
            cols = np.concatenate([ch[:, k:k + C] for k in range(3)], axis=2)
            vec = np.maximum(cols @ self.cnn_w + self.cnn_b, 0).max(axis=1)
            if len(cache) > 200_000:
                cache.clear()
            cache.update(zip(todo, vec))
        return np.stack([cache[n] for n in words])

    def _inputs(self, sentences: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Token inputs [B, T, D] (zero at padding) and the sentence lengths."""
        w, c, f, lengths = self.vocab.encode(sentences)
        B, T = w.shape
        mask = np.arange(T)[None, :] < lengths[:, None]
        chars = np.zeros((B, T, self.cnn_w.shape[1]), np.float32)
        chars[mask] = self._char_vectors([word for words in sentences for word in words], c[mask])
        parts = [self.words[w].astype(np.float32), chars] + [table[f[:, :, i]] for i, table in enumerate(self.feats)]
        return np.concatenate(parts, axis=2) * mask[:, :, None], lengths

    def _cnn(self, x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """The dilated convolutions over the batch's sentences laid end to end, `gap` zeros between
        them (as wide as the largest dilation, so that no sentence sees another)."""
        B, T, D = x.shape
        gap = max(d for d, _, _ in self.convs)
        live = np.arange(T)[None, :] < lengths[:, None]
        offsets = np.concatenate([[0], np.cumsum(lengths + gap)])[:-1] + gap
        where = (offsets[:, None] + np.arange(T)[None, :])[live]
        n = int(offsets[-1] + lengths[-1] + gap)
        mask = np.zeros((n, 1), np.float32)
        mask[where] = 1
        h = np.zeros((n, D), np.float32)
        h[where] = x[live]
        for k, (d, w, b) in enumerate(self.convs):
            hp = np.concatenate([np.zeros((d, h.shape[1]), np.float32), h, np.zeros((d, h.shape[1]), np.float32)])
            cols = np.concatenate([hp[j * d:j * d + n] for j in range(3)], axis=1)
            out = np.maximum(cols @ w + b, 0) * mask
            h = out if k == 0 else h + out
        result = np.zeros((B, T, h.shape[1]), np.float32)
        result[live] = h[where]
        return result

    def _lstm(self, x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Both directions over a padded batch; the backward one reads each sentence reversed (padding last)."""
        B, T, _ = x.shape
        steps = np.arange(T)
        rev = np.where(steps[None, :] < lengths[:, None], lengths[:, None] - 1 - steps[None, :], steps[None, :])
        rows = np.arange(B)[:, None]
        out = []
        for d, seq in enumerate((x, x[rows, rev])):
            pre = seq @ self.w_ih[d].T + self.b[d]
            H = self.w_hh[d].shape[1]
            h = np.zeros((B, H), np.float32)
            cell = np.zeros((B, H), np.float32)
            hs = np.empty((B, T, H), np.float32)
            w_hh = self.w_hh[d].T
            for t in range(T):
                g = pre[:, t] + h @ w_hh
                i, f, gg, o = _sigmoid(g[:, :H]), _sigmoid(g[:, H:2 * H]), np.tanh(g[:, 2 * H:3 * H]), _sigmoid(g[:, 3 * H:])
                cell = f * cell + i * gg
                h = o * np.tanh(cell)
                hs[:, t] = h
            out.append(hs if d == 0 else hs[rows, rev])
        return np.concatenate(out, axis=2)

    def emissions(self, sentences: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Per-tag scores [B, T, tags] of a batch of sentences, and their lengths."""
        x, lengths = self._inputs(sentences)
        h = self._cnn(x, lengths) if self.encoder == "cnn" else self._lstm(x, lengths)
        return (h @ self.head_w + self.head_b).astype(np.float64), lengths

    def decode(self, em: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Viterbi paths [B, T] under the CRF transitions and the marginal probability of each chosen tag
        (forward-backward in probability space, rescaled at every step)."""
        B, T, K = em.shape
        live = np.arange(T)[None, :] < lengths[:, None]
        trans = self.trans
        score = self.start + em[:, 0]
        back = np.empty((B, T, K), np.int64)
        back[:, 0] = np.arange(K)
        for t in range(1, T):
            total = score[:, :, None] + trans
            best = total.argmax(1)
            on = live[:, t, None]
            back[:, t] = np.where(on, best, np.arange(K))
            score = np.where(on, np.take_along_axis(total, best[:, None, :], 1)[:, 0] + em[:, t], score)
        paths = np.empty((B, T), np.int64)
        paths[:, T - 1] = score.argmax(1)
        rows = np.arange(B)
        for t in range(T - 1, 0, -1):
            paths[:, t - 1] = back[rows, t, paths[:, t]]
        # probabilities: emissions and transitions exponentiated once (padding emits 1 for every tag)
        e = np.exp(em - em.max(axis=2, keepdims=True)) * live[:, :, None] + ~live[:, :, None]
        m = np.exp(trans)
        alpha = np.empty((B, T, K))
        a = np.exp(self.start - self.start.max()) * e[:, 0]
        alpha[:, 0] = a = a / a.sum(1, keepdims=True)
        for t in range(1, T):
            a = (a @ m) * e[:, t]
            alpha[:, t] = a = a / a.sum(1, keepdims=True)
        beta = np.empty((B, T, K))
        b = np.ones((B, K))
        beta[:, T - 1] = b
        for t in range(T - 2, -1, -1):
            nxt = (e[:, t + 1] * b) @ m.T
            b = np.where(live[:, t + 1, None], nxt / nxt.sum(1, keepdims=True), 1.0)
            beta[:, t] = b
        post = alpha * beta
        post /= post.sum(2, keepdims=True)
        return paths, np.take_along_axis(post, paths[:, :, None], 2)[:, :, 0]

    def tag_marginals_many(self, sentences: list[list[str]], batch: int = 64) -> list[tuple[list[str], list[float]]]:
        """`tag_marginals` of every sentence, computed in batches of sentences of similar length (the
        tags of a sentence do not depend on the others in its batch)."""
        out: list[tuple[list[str], list[float]]] = [([], [])] * len(sentences)
        todo = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        with _threadpools().limit(limits=1, user_api="blas"):
            for k in range(0, len(todo), batch):
                chunk = todo[k:k + batch]
                em, lengths = self.emissions([sentences[i] for i in chunk])
                paths, probs = self.decode(em, lengths)
                for b, i in enumerate(chunk):
                    n = int(lengths[b])
                    out[i] = ([TAGS[t] for t in paths[b, :n]], probs[b, :n].tolist())
        return out

    def tag_marginals(self, words: list[str]) -> tuple[list[str], list[float]]:
        return self.tag_marginals_many([words])[0]

    def tag(self, words: list[str]) -> list[str]:
        return self.tag_marginals(words)[0]


@lru_cache(maxsize=8)
def load(scheme: str = "anercorp", path: str | os.PathLike | None = None) -> NeuralTagger:
    """The neural tagger of a scheme (the shipped model by default), once per process."""
    return NeuralTagger(path or MODEL_PATH, scheme)
