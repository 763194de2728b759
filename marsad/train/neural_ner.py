"""Training the neural NER tagger (`marsad train neural-ner`); needs the [train] extra (PyTorch, fastText).
Run-time code never imports this module: the tagger runs from the arrays it exports
(`marsad.ner.neural`).

- `news_corpus` writes the raw-news token stream (the same units as the word clusters: clitics as
  their own token, stems) and `train_vectors` learns fastText skipgram vectors on it (subword
  n-grams; their vectors also stand in for the training corpora's words the news lacks).
- `Network`: a character CNN, the word vectors (frozen), embeddings of the word resources
  (`marsad.ner.inputs`), a BiLSTM shared by every annotation scheme, and one output layer and one CRF
  transition matrix per scheme (ANERcorp, AQMAR, WikiFANE mapped, the real-news references projected
  onto tokens). Early stopping on the dev sets.
- `export` writes the weights as float16/float32 arrays in one `.npz` with the vocabularies.
"""
from __future__ import annotations

import json
import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from torch import nn

from marsad.ner import corpus as corpora
from marsad.ner.corpus import Sentence
from marsad.ner.evaluate import evaluate
from marsad.ner.inputs import FEATURE_COLUMNS, MAX_CHARS, Vocabularies, sentence_values
from marsad.ner.neural import SCHEMES, TAGS, allowed_transitions
from marsad.text.tokens import tokenize

NEWS_CORPORA = ("ant-multisource.jsonl.gz", "ant-v1-jawhara.jsonl.gz")
FEATURE_DIMS = {"clitic": 8, "shape": 4, "c0": 8, "c1": 16, "c2": 16, "names": 8, "trigger": 4, "gazetteer": 8,
                "pair": 4, "actor": 8}
DILATIONS = (1, 2, 4, 1)
TAG_INDEX = {t: i for i, t in enumerate(TAGS)}


def _log(msg: str, t0: float) -> None:
    print(f"[{time.time() - t0:6.1f}s] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------
# Word vectors.


def news_corpus(out: str | Path, news: Path | None = None) -> int:
    """Write the raw news (ANT multisource and ANT v1 Jawhara from `<data>/news`, never SaudiNewsNet)
    as one line of vector units per article; returns the number of units."""
    from marsad.config import settings
    from marsad.train.ner import _units, corpus_texts

    news = news or Path(settings().data) / "news"
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for text in corpus_texts([news / c for c in NEWS_CORPORA]):
            units = list(_units(text))
            n += len(units)
            f.write(" ".join(units) + "\n")
    return n


def train_vectors(corpus: str | Path, out: str | Path, dim: int = 100, epoch: int = 5) -> None:
    """fastText skipgram vectors with character n-grams of 2–5 letters, one thread."""
    import fasttext

    model = fasttext.train_unsupervised(str(corpus), model="skipgram", dim=dim, minCount=3, minn=2, maxn=5,
                                        epoch=epoch, thread=1, ws=5, neg=5, verbose=0)
    model.save_model(str(out))


# --------------------------------------------------------------------------------------------------
# Data.


def project_references(split: str) -> list[Sentence]:
    """The real-news references of a split as tagged sentences: every occurrence of every listed entity
    form (leading clitics allowed on the first word, longest form first) takes the form's type
    (PER, ORG; GPE/LOC/FAC as LOC; NORP and EVENT as MISC). Sentences end at . ! ? ؟ and line breaks."""
    from marsad.config import settings
    from marsad.eval.gold import load_scorer, reference_files

    data = Path(settings().data)
    scorer = load_scorer(data)
    coarse = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC", "EVENT": "MISC"}
    out: list[Sentence] = []
    for path in reference_files(split, data):
        gold = json.loads(path.read_text(encoding="utf-8"))
        record = scorer.corpus_record(gold["locator"])
        forms: dict[tuple[str, ...], str] = {}
        for e in gold["entities"]:
            kind = coarse.get((e.get("type") or "").upper())
            words = tuple(scorer.norm(e["text"]).split())
            if kind and words:
                forms.setdefault(words, kind)
        longest = max((len(w) for w in forms), default=1)
        for text in (record["title"], record["text"]):
            tokens = [t for t in tokenize(text or "") if t.text.strip()]
            norms = [scorer.norm(t.text) for t in tokens]
            firsts = [scorer.variants(t.text) | {n} for t, n in zip(tokens, norms)]
            tags = ["O"] * len(tokens)
            i = 0
            while i < len(tokens):
                hit = None
                for n in range(min(longest, len(tokens) - i), 0, -1):
                    rest = tuple(norms[i + 1:i + n])
                    kind = next((forms[(f, *rest)] for f in firsts[i] if (f, *rest) in forms), None)
                    if kind:
                        hit = (n, kind)
                        break
                if hit:
                    n, kind = hit
                    tags[i:i + n] = ["B-" + kind] + ["I-" + kind] * (n - 1)
                    i += n
                else:
                    i += 1
            words: list[str] = []
            labels: list[str] = []
            for k, tok in enumerate(tokens):
                words.append(tok.text)
                labels.append(tags[k])
                gap = text[tok.end:tokens[k + 1].start] if k + 1 < len(tokens) else "\n"
                if (tok.text in ".!?؟" and tags[k] == "O") or "\n" in gap:
                    if words:
                        out.append((words, labels))
                    words, labels = [], []
            if words:
                out.append((words, labels))
    return [s for s in out if s[0]]


def datasets(data=None) -> tuple[dict[str, list[Sentence]], dict[str, list[Sentence]]]:
    """(train, dev) sentences per scheme: ANERcorp (dev its last 10%), AQMAR (train / dev), WikiFANE
    (train only) and the real-news references (train / dev split)."""
    aner_train, aner_dev = corpora.carve_dev(corpora.load("anercorp", "train", data))
    train = {"anercorp": aner_train, "aqmar": corpora.load("aqmar", "train", data),
             "wikifane": corpora.load("wikifane", "train", data), "news": project_references("train")}
    dev = {"anercorp": aner_dev, "aqmar": corpora.load("aqmar", "dev", data), "news": project_references("dev")}
    return train, dev


def build_vocabularies(train: dict[str, list[Sentence]], ft, min_char: int = 2) -> tuple[Vocabularies, np.ndarray]:
    """The vocabularies and the word-vector matrix: every fastText word, plus the training corpora's
    words the news lacks (their vectors from subword n-grams)."""
    words = list(ft.words)
    known = set(words)
    chars: Counter = Counter()
    feats = [Counter() for _ in FEATURE_COLUMNS]
    extra: list[str] = []
    for sentences in train.values():
        for tokens, _ in sentences:
            norms, keys, values = sentence_values(tokens)
            for norm, key, vals in zip(norms, keys, values):
                chars.update(norm[-MAX_CHARS:])
                for counter, v in zip(feats, vals):
                    counter[v] += 1
                if key not in known:
                    known.add(key)
                    extra.append(key)
    all_words = words + extra
    matrix = np.zeros((len(all_words) + 2, ft.get_dimension()), np.float32)
    for i, w in enumerate(all_words):
        matrix[i + 2] = ft.get_word_vector(w)
    vocab = Vocabularies({w: i + 2 for i, w in enumerate(all_words)},
                         {c: i + 2 for i, (c, n) in enumerate(chars.most_common()) if n >= min_char},
                         [{v: i + 2 for i, (v, _) in enumerate(c.most_common())} for c in feats])
    return vocab, matrix


def encode(vocab: Vocabularies, sentences: list[Sentence]) -> list[tuple]:
    """Each sentence as (word ids, char ids, feature ids, tag ids) arrays."""
    out = []
    for tokens, tags in sentences:
        w, c, f, _ = vocab.encode([tokens])
        out.append((w[0], c[0], f[0], np.array([TAG_INDEX[t] for t in tags], np.int64)))
    return out


def batches(items: list[tuple], size: int, shuffle: random.Random | None):
    """Padded batches of encoded sentences, sorted by length in chunks so that padding stays small."""
    order = list(range(len(items)))
    if shuffle:
        shuffle.shuffle(order)
    chunks = [order[k:k + size * 20] for k in range(0, len(order), size * 20)]
    out = []
    for chunk in chunks:
        chunk.sort(key=lambda i: len(items[i][0]))
        for k in range(0, len(chunk), size):
            group = [items[i] for i in chunk[k:k + size]]
            T = max(len(g[0]) for g in group)
            B = len(group)
            w = np.zeros((B, T), np.int64)
            c = np.zeros((B, T, MAX_CHARS), np.int64)
            f = np.zeros((B, T, len(FEATURE_COLUMNS)), np.int64)
            y = np.zeros((B, T), np.int64)
            lengths = np.array([len(g[0]) for g in group], np.int64)
            for b, (gw, gc, gf, gy) in enumerate(group):
                n = len(gw)
                w[b, :n], c[b, :n], f[b, :n], y[b, :n] = gw, gc, gf, gy
            out.append(tuple(torch.from_numpy(a) for a in (w, c, f, y, lengths)))
    if shuffle:
        shuffle.shuffle(out)
    return out


# --------------------------------------------------------------------------------------------------
# The network.


def shifted(x: torch.Tensor, d: int) -> torch.Tensor:
    """[B, T, D] -> [B, T, 3D]: each position's inputs at -d, 0 and +d (zeros outside), the input of a
    width-3 convolution with dilation d as one linear layer."""
    B, T, D = x.shape
    pad = x.new_zeros(B, d, D)
    xp = torch.cat([pad, x, pad], dim=1)
    return torch.cat([xp[:, k * d:k * d + T] for k in range(3)], dim=2)


class Network(nn.Module):
    """Char CNN + frozen word vectors + resource embeddings -> BiLSTM -> one linear layer and CRF per scheme."""

    def __init__(self, vocab: Vocabularies, vectors: np.ndarray, schemes=SCHEMES, char_dim: int = 24,
                 char_filters: int = 48, hidden: int = 64, dropout: float = 0.5, encoder: str = "cnn",
                 dilations: tuple[int, ...] = DILATIONS):
        super().__init__()
        self.words = nn.Embedding.from_pretrained(torch.from_numpy(vectors), freeze=True, padding_idx=0)
        self.chars = nn.Embedding(len(vocab.chars) + 2, char_dim, padding_idx=0)
        self.char_cnn = nn.Linear(3 * char_dim, char_filters)  # a width-3 convolution over the letters
        self.feats = nn.ModuleList(nn.Embedding(len(table) + 2, FEATURE_DIMS[name], padding_idx=0)
                                   for name, table in zip(FEATURE_COLUMNS, vocab.feats))
        size = vectors.shape[1] + char_filters + sum(FEATURE_DIMS[c] for c in FEATURE_COLUMNS)
        self.drop = nn.Dropout(dropout)
        self.encoder = encoder
        if encoder == "lstm":
            self.lstm = nn.LSTM(size, hidden, batch_first=True, bidirectional=True)
        else:
            self.dilations = tuple(dilations)
            self.convs = nn.ModuleList(nn.Linear(3 * (size if k == 0 else 2 * hidden), 2 * hidden)
                                       for k in range(len(self.dilations)))
        self.schemes = list(schemes)
        self.heads = nn.ModuleList(nn.Linear(2 * hidden, len(TAGS)) for _ in self.schemes)
        self.transitions = nn.Parameter(torch.zeros(len(self.schemes), len(TAGS), len(TAGS)))
        self.start = nn.Parameter(torch.zeros(len(self.schemes), len(TAGS)))
        allowed, start = (torch.from_numpy(a) for a in allowed_transitions())
        self.register_buffer("forbidden", (~allowed).float() * -1e4)
        self.register_buffer("forbidden_start", (~start).float() * -1e4)

    def encode(self, w, c, f, lengths):
        B, T, C = c.shape
        ch = torch.relu(self.char_cnn(shifted(self.chars(c.view(B * T, C)), 1))).max(dim=1).values.view(B, T, -1)
        parts = [self.words(w), ch] + [emb(f[:, :, k]) for k, emb in enumerate(self.feats)]
        x = self.drop(torch.cat(parts, dim=2))
        if self.encoder == "cnn":
            mask = (torch.arange(T)[None, :] < lengths[:, None]).float()[:, :, None]
            h = x * mask
            for k, (d, conv) in enumerate(zip(self.dilations, self.convs)):
                out = torch.relu(conv(shifted(h, d))) * mask
                h = out if k == 0 else h + out
            return self.drop(h)
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=T)
        return self.drop(h)

    def emissions(self, h, scheme: int):
        return self.heads[scheme](h)

    def crf_parts(self, scheme: int):
        return self.transitions[scheme] + self.forbidden, self.start[scheme] + self.forbidden_start

    def nll(self, emissions, y, lengths, scheme: int):
        """Mean negative log-likelihood of the gold tag sequences under the scheme's linear-chain CRF."""
        trans, start = self.crf_parts(scheme)
        T = emissions.shape[1]
        mask = (torch.arange(T)[None, :] < lengths[:, None])
        # score of the gold path
        score = start[y[:, 0]] + emissions[:, 0].gather(1, y[:, :1]).squeeze(1)
        for t in range(1, T):
            step = trans[y[:, t - 1], y[:, t]] + emissions[:, t].gather(1, y[:, t:t + 1]).squeeze(1)
            score = score + step * mask[:, t]
        # partition function
        alpha = start[None, :] + emissions[:, 0]
        for t in range(1, T):
            nxt = torch.logsumexp(alpha[:, :, None] + trans[None], dim=1) + emissions[:, t]
            alpha = torch.where(mask[:, t:t + 1], nxt, alpha)
        return (torch.logsumexp(alpha, dim=1) - score).mean()


def viterbi(emissions: np.ndarray, trans: np.ndarray, start: np.ndarray, n: int) -> list[int]:
    e = emissions[:n]
    score = start + e[0]
    back = []
    for t in range(1, n):
        total = score[:, None] + trans
        back.append(total.argmax(0))
        score = total.max(0) + e[t]
    best = [int(score.argmax())]
    for b in reversed(back):
        best.append(int(b[best[-1]]))
    return best[::-1]


def predict(model: Network, items: list[tuple], scheme: int, size: int = 64) -> list[list[str]]:
    model.eval()
    trans, start = (p.detach().numpy() for p in model.crf_parts(scheme))
    out: list[list[str]] = [None] * len(items)  # type: ignore[list-item]
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    with torch.no_grad():
        for k in range(0, len(order), size):
            idx = order[k:k + size]
            group = [items[i] for i in idx]
            (w, c, f, _, lengths), = batches(group, len(group), None)
            em = model.emissions(model.encode(w, c, f, lengths), scheme).numpy()
            for b, i in enumerate(idx):
                out[i] = [TAGS[t] for t in viterbi(em[b], trans, start, int(lengths[b]))]
    return out


def dev_scores(model: Network, dev: dict[str, list[tuple]], dev_tags: dict[str, list[list[str]]]) -> dict[str, float]:
    return {name: 100 * evaluate(dev_tags[name], predict(model, items, model.schemes.index(name)))["micro"].f1
            for name, items in dev.items()}


def train(out: str | Path, vectors: str | Path, *, schemes=SCHEMES, epochs: int = 40, patience: int = 4,
          budget: float = 720, batch: int = 32, lr: float = 2e-3, wikifane_share: float = 0.2,
          select=("anercorp", "aqmar", "news"), seed: int = 1, data=None, use_feats: bool = True,
          encoder: str = "cnn", hidden: int = 64, dropout: float = 0.5, decay: float = 0.5) -> dict:
    """Train the tagger on the schemes' training sets (the defaults are the shipped model's settings) (WikiFANE sampled to `wikifane_share` of an
    epoch's other sentences), keep the epoch with the best mean dev F1 over `select`, and export it
    to `out` (a `.npz`). Stops after `budget` seconds or `patience` epochs without gain; every epoch
    without gain multiplies the learning rate by `decay`."""
    import fasttext

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    t0 = time.time()
    prepared = Path(f"{vectors}.prepared.pkl")
    if prepared.exists():
        with open(prepared, "rb") as fh:
            vocab, matrix, enc_train, enc_dev, dev_tags = pickle.load(fh)
    else:
        train_sets, dev_sets = datasets(data)
        _log("data: " + ", ".join(f"{k} {len(v)}" for k, v in train_sets.items()), t0)
        vocab, matrix = build_vocabularies(train_sets, fasttext.load_model(str(vectors)))
        enc_train = {k: encode(vocab, v) for k, v in train_sets.items()}
        enc_dev = {k: encode(vocab, v) for k, v in dev_sets.items()}
        dev_tags = {k: [t for _, t in v] for k, v in dev_sets.items()}
        with open(prepared, "wb") as fh:
            pickle.dump((vocab, matrix, enc_train, enc_dev, dev_tags), fh)
    _log(f"vocabulary: {len(vocab.words)} words, {len(vocab.chars)} characters", t0)
    enc_train = {k: v for k, v in enc_train.items() if k in schemes}
    enc_dev = {k: v for k, v in enc_dev.items() if k in select}
    if not use_feats:
        for items in [*enc_train.values(), *enc_dev.values()]:
            for it in items:
                it[2][:] = 1
    _log("encoded", t0)
    model = Network(vocab, matrix, schemes, encoder=encoder, hidden=hidden, dropout=dropout)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=lr)
    best, best_state, best_epoch, history = -1.0, None, 0, []
    for epoch in range(1, epochs + 1):
        model.train()
        plan = []
        others = sum(len(v) for k, v in enc_train.items() if k != "wikifane")
        for k, items in enc_train.items():
            if k == "wikifane":
                items = rng.sample(items, min(len(items), int(wikifane_share * others)))
            plan += [(model.schemes.index(k), b) for b in batches(items, batch, rng)]
        rng.shuffle(plan)
        total = 0.0
        for scheme, (w, c, f, y, lengths) in plan:
            opt.zero_grad()
            loss = model.nll(model.emissions(model.encode(w, c, f, lengths), scheme), y, lengths, scheme)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += float(loss.detach())
        scores = dev_scores(model, enc_dev, dev_tags)
        mean = sum(scores.values()) / len(scores)
        history.append({"epoch": epoch, "loss": round(total / len(plan), 3), **{k: round(v, 2) for k, v in scores.items()}})
        _log(f"epoch {epoch}: loss {total / len(plan):.3f} dev " + " ".join(f"{k} {v:.2f}" for k, v in scores.items()), t0)
        if mean > best:
            best, best_epoch = mean, epoch
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        elif epoch - best_epoch >= patience:
            break
        elif decay < 1:
            for group in opt.param_groups:
                group["lr"] *= decay
        if time.time() - t0 > budget:
            _log("time budget spent", t0)
            break
    model.load_state_dict(best_state)
    meta = {"schemes": list(model.schemes), "best_epoch": best_epoch, "history": history,
            "train_seconds": round(time.time() - t0, 1), "seed": seed, "use_feats": use_feats,
            "encoder": encoder, "hidden": hidden, "dropout": dropout, "lr": lr, "decay": decay, "batch": batch,
            "wikifane_share": wikifane_share, "dilations": list(getattr(model, "dilations", ())),
            "data": {k: len(v) for k, v in enc_train.items()}}
    export(model, vocab, out, meta)
    return meta


def export(model: Network, vocab: Vocabularies, out: str | Path, meta: dict) -> None:
    """The weights as arrays (word vectors float16, the rest float32) and the vocabularies as JSON, in one `.npz`."""
    sd = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    arrays = {
        "words": sd["words.weight"].astype(np.float16),
        "chars": sd["chars.weight"], "char_cnn_w": sd["char_cnn.weight"], "char_cnn_b": sd["char_cnn.bias"],
        "heads_w": np.stack([sd[f"heads.{i}.weight"] for i in range(len(model.schemes))]),
        "heads_b": np.stack([sd[f"heads.{i}.bias"] for i in range(len(model.schemes))]),
        "transitions": sd["transitions"], "start": sd["start"],
    }
    if model.encoder == "lstm":
        arrays["lstm_w_ih"] = np.stack([sd["lstm.weight_ih_l0"], sd["lstm.weight_ih_l0_reverse"]])
        arrays["lstm_w_hh"] = np.stack([sd["lstm.weight_hh_l0"], sd["lstm.weight_hh_l0_reverse"]])
        arrays["lstm_b"] = np.stack([sd["lstm.bias_ih_l0"] + sd["lstm.bias_hh_l0"],
                                     sd["lstm.bias_ih_l0_reverse"] + sd["lstm.bias_hh_l0_reverse"]])
    else:
        for k in range(len(model.convs)):
            arrays[f"conv{k}_w"] = sd[f"convs.{k}.weight"]
            arrays[f"conv{k}_b"] = sd[f"convs.{k}.bias"]
    for k in range(len(FEATURE_COLUMNS)):
        arrays[f"feat{k}"] = sd[f"feats.{k}.weight"]
    vocabularies = {"words": vocab.words, "chars": vocab.chars, "feats": vocab.feats, "columns": list(FEATURE_COLUMNS),
                    "max_chars": MAX_CHARS}
    arrays["vocabularies"] = np.frombuffer(json.dumps(vocabularies, ensure_ascii=False).encode("utf-8"), np.uint8)
    arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), np.uint8)
    np.savez_compressed(out, **arrays)


def build(out: Path, vectors: Path, data=None):
    """The shipped model: the news vectors (learned first when `vectors` is absent), then the tagger
    with the default settings; yields progress lines."""
    if not vectors.exists():
        news = Path(data) / "news" if data else None
        text = vectors.with_suffix(".txt")
        yield f"news corpus: {news_corpus(text, news)} units in {text}"
        train_vectors(text, vectors)
        yield f"vectors: {vectors}"
    meta = train(out, vectors, data=data)
    best = meta["history"][meta["best_epoch"] - 1]
    yield f"best epoch {meta['best_epoch']}: dev " + " ".join(f"{k} {v}" for k, v in best.items() if k not in ("epoch", "loss"))
