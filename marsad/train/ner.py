"""Building the NER tagger's word resources (`marsad build clusters`, `marsad build names`); needs the
[train] extra. Run-time code never imports this module. The tagger itself is trained by
`marsad.train.neural_ner`.

- `build_clusters` learns word clusters from raw news (positive PMI, truncated SVD, k-means);
  `build_names` writes the name lists (given names and surnames from arabic-name-romanizer, person
  words mined after titles in the news, and the curated titles, organisation and place words).
The tables are read at run time by `marsad.ner.resources`.
"""
from __future__ import annotations

import gzip
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad import lexicon
from marsad.ner import resources
from marsad.ner.resources import (
    CLUSTERS_PATH,
    DIGIT,
    GRANULARITIES,
    NAME_KINDS,
    NAMES_PATH,
)
from marsad.text.normalize import normalize
from marsad.text.tokens import tokenize

# Corpora whose licence forbids shipping anything derived from them.
_FORBIDDEN = ("saudinewsnet",)
# The curated rows of the name lists: person titles, organisation heads, place words.
TITLES = lexicon.words("titles")
ORG_WORDS = lexicon.words("org_name_words")
PLACE_WORDS = lexicon.words("place_name_words")
# Words that end a mined name span, and are never a given name or surname.
NAME_MINING_STOPS = lexicon.words("name_mining_stops")


# --------------------------------------------------------------------------------------------------
# Word clusters and name lists.


def corpus_texts(corpora: Iterable[str | Path]) -> Iterator[str]:
    """Article bodies of JSON Lines / other corpora readable by `marsad.ingest.read_paths`. Refuses
    corpora whose licence forbids shipping derived data (saudinewsnet)."""
    from marsad.ingest import InputError, read_paths

    corpora = [str(c) for c in corpora]
    for c in corpora:
        if any(bad in c.lower() for bad in _FORBIDDEN):
            raise ValueError(f"{c}: licensed for evaluation only; shipped resources must not use it")
    for doc in read_paths(corpora):
        if not isinstance(doc, InputError) and doc.body:
            yield doc.body



def _units(text: str) -> Iterator[str]:
    """The token stream the vectors are learned from: proclitics as their own token (`ب+`), stems,
    digit shapes, lower-cased Latin words, punctuation."""
    for t in tokenize(text):
        kind = t.kind
        if kind == "word":
            if t.prefix:
                yield t.norm[: t.prefix] + "+"
            yield t.stem
        elif kind == "num":
            yield DIGIT.sub("0", t.norm)[:8]
        elif kind == "latin":
            yield t.norm.lower()
        elif kind == "punct":
            yield t.text
        else:
            yield f"<{kind}>"


def _log(msg: str, t0: float) -> None:
    print(f"[{time.time() - t0:6.1f}s] {msg}", file=sys.stderr, flush=True)


def ppmi_matrix(texts: Iterable[str], vocab_size: int = 60_000, window: int = 2, min_count: int = 5, log=None):
    """Positive-PMI matrix of the `vocab_size` most frequent units (count >= `min_count`) against the
    same units as contexts within ±`window` (weight (window-d+1)/window at distance d, context counts
    smoothed ^0.75). Returns (words, counts, csr matrix) with words most frequent first."""
    import numpy as np
    from scipy import sparse

    log = log or (lambda msg: None)
    ids: dict[str, int] = {}
    seq: list[int] = []
    sep = [-1] * window
    for n, text in enumerate(texts, 1):
        get = ids.setdefault
        seq.extend(get(u, len(ids)) for u in _units(text))
        seq.extend(sep)
        if n % 5000 == 0:
            log(f"{n} texts, {len(seq):,} tokens")
    arr = np.asarray(seq, dtype=np.int64)
    del seq
    counts = np.bincount(arr[arr >= 0], minlength=len(ids))
    words_all = np.empty(len(ids), dtype=object)
    for w, i in ids.items():
        words_all[i] = w
    # Most frequent first; ties broken by the word itself so the order is deterministic.
    order = sorted(range(len(ids)), key=lambda i: (-counts[i], words_all[i]))
    order = [i for i in order if counts[i] >= min_count][:vocab_size]
    remap = np.full(len(ids) + 1, -1, dtype=np.int64)  # index -1 (separator) stays -1
    remap[np.asarray(order, dtype=np.int64)] = np.arange(len(order))
    seq_v = remap[arr]
    V = len(order)
    log(f"{len(arr):,} tokens, {len(ids):,} types, vocabulary {V:,}")
    cooc = sparse.csr_matrix((V, V), dtype=np.float64)
    for d in range(1, window + 1):
        a, b = seq_v[:-d], seq_v[d:]
        keep = (a >= 0) & (b >= 0)
        a, b = a[keep], b[keep]
        w = np.full(len(a), (window - d + 1) / window)
        m = sparse.coo_matrix((w, (a, b)), shape=(V, V)).tocsr()
        cooc = cooc + m + m.T
        log(f"window {d}: {cooc.nnz:,} non-zero")
    total = cooc.sum()
    row = np.asarray(cooc.sum(axis=1)).ravel()
    col = np.asarray(cooc.sum(axis=0)).ravel() ** 0.75
    col_p = col / col.sum()
    coo = cooc.tocoo()
    pmi = np.log(coo.data / total) - np.log(row[coo.row] / total) - np.log(col_p[coo.col])
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep].astype(np.float32), (coo.row[keep], coo.col[keep])), shape=(V, V))
    del cooc, coo, pmi
    log(f"PPMI: {ppmi.nnz:,} positive cells")
    words = [words_all[i] for i in order]
    return words, counts[np.asarray(order)], ppmi


def learn_vectors(texts: Iterable[str], vocab_size: int = 60_000, window: int = 2, dims: int = 160,
                  min_count: int = 5, seed: int = 0, power: float = 0.5, log=None):
    """Dense word vectors from raw texts: `ppmi_matrix`, truncated (randomized) SVD to `dims`
    dimensions with singular values weighted ^`power`, then mean-centred and rows L2-normalised.
    Returns (words, counts, vectors) with words most frequent first."""
    words, counts, ppmi = ppmi_matrix(texts, vocab_size, window, min_count, log)
    return words, counts, embed(ppmi, dims, seed, power, log)


def embed(ppmi, dims: int = 160, seed: int = 0, power: float = 0.5, log=None):
    """Rows of a PPMI matrix as `dims`-dimensional unit vectors (see `learn_vectors`)."""
    import numpy as np
    from sklearn.utils.extmath import randomized_svd

    log = log or (lambda msg: None)
    u, s, _ = randomized_svd(ppmi, n_components=dims, n_iter=5, random_state=seed)
    log(f"SVD to {dims} dimensions")
    vec = u * s**power
    # Fix the sign of each component so the result does not depend on the solver's choice.
    signs = np.sign(vec[np.abs(vec).argmax(axis=0), range(dims)])
    vec = vec * signs
    vec -= vec.mean(axis=0)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-12
    return vec.astype(np.float32)


def cluster_vectors(vectors, sizes: Iterable[int] = GRANULARITIES, seed: int = 0, log=None):
    """k-means (MiniBatchKMeans, seeded) of the rows of `vectors` at each size; returns an int array
    of shape (rows, len(sizes))."""
    import numpy as np
    from sklearn.cluster import MiniBatchKMeans

    log = log or (lambda msg: None)
    cols = []
    for k in sizes:
        km = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=8192, n_init=3 if k < 512 else 1, max_iter=200,
                             reassignment_ratio=0.01)
        cols.append(km.fit_predict(vectors))
        log(f"k-means {k}: inertia {km.inertia_:.1f}")
    return np.stack(cols, axis=1)


def build_clusters(corpora: Iterable[str | Path], out: str | Path = CLUSTERS_PATH, *,
                   sizes: Iterable[int] = GRANULARITIES, vocab_size: int = 60_000, window: int = 2,
                   dims: int = 160, seed: int = 0, vectors_out: str | Path | None = None,
                   texts: Iterable[str] | None = None) -> int:
    """Learn word clusters from raw news and write `out` (gzip TSV: header `word k64 k256 k1024`, then
    one word per line, most frequent first). `corpora` are paths read with `corpus_texts` (or pass
    `texts` directly). `vectors_out`, if given, keeps the dense vectors as .npz for inspection.
    Deterministic for fixed inputs and seed. Returns the number of words written."""
    t0 = time.time()
    def log(msg: str) -> None:
        _log(msg, t0)

    sizes = tuple(sizes)
    words, counts, vec = learn_vectors(texts if texts is not None else corpus_texts(corpora), vocab_size,
                                       window, dims, seed=seed, log=log)
    labels = cluster_vectors(vec, sizes, seed, log)
    if vectors_out:
        import numpy as np

        np.savez_compressed(vectors_out, words=np.asarray(words), counts=counts, vectors=vec, labels=labels)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = ["word\t" + "\t".join(f"k{k}" for k in sizes) + "\n"]
    for w, ids in zip(words, labels.tolist()):
        if "\t" in w or "\n" in w:
            continue
        lines.append(w + "\t" + "\t".join(map(str, ids)) + "\n")
    with gzip.GzipFile(out, "wb", mtime=0) as raw:
        raw.write("".join(lines).encode("utf-8"))
    if out == CLUSTERS_PATH:
        resources._clusters_table.cache_clear()
    log(f"wrote {len(lines) - 1:,} words to {out}")
    return len(lines) - 1


def package_names() -> list[tuple[str, str, str, int]]:
    """Given names and surnames from the name index shipped in the `arabic-name-romanizer` package
    (MIT; its index is built from Wikidata labels, CC0, and Algerian name corpora, CC0 / MIT).
    Returns rows (norm, 'first' | 'family', source, count). Empty when the package is not installed."""
    import sqlite3
    from importlib.util import find_spec

    spec = find_spec("arabic_name_romanizer")  # located, not imported: its runtime needs onnxruntime
    if spec is None or not spec.submodule_search_locations:
        return []
    db = Path(next(iter(spec.submodule_search_locations))) / "resources" / "names.sqlite3"
    if not db.is_file():
        return []
    kinds = {"given": "first", "surname": "family"}
    agg: Counter = Counter()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        for key, role, source, count in con.execute("SELECT arabic_key, role, source, SUM(count) FROM units "
                                                    "GROUP BY arabic_key, role, source"):
            kind = kinds.get(role)
            norm = " ".join(normalize(key).split())
            # `علي` is also the matching form of the preposition `على`: keep the name, the CRF weighs it.
            if kind is None or len(norm.replace(" ", "")) < 2 or (norm in NAME_MINING_STOPS and norm != "علي"):
                continue
            if not all(ch == " " or "\u0621" <= ch <= "\u06ff" for ch in norm):
                continue
            agg[norm, kind, source] += count
    return [(n, k, s, c) for (n, k, s), c in agg.items()]


def mine_person_names(texts: Iterable[str], min_count: int = 5, min_share: float = 0.15,
                      freq: Counter | None = None) -> list[tuple[str, str, str, int]]:
    """Words that often follow a person title in raw news (`الرئيس [الأمريكي] دونالد ترامب`, `السيد
    محمد`): after a title and at most three article-prefixed modifiers, up to three words until a
    stop word or punctuation. A word is kept when seen so at least `min_count` times and in at least
    `min_share` of all its occurrences. Returns rows (norm, 'person', 'news', count); `freq`, if given,
    is filled with the frequency of every stem in the texts."""
    titles = TITLES
    seen: Counter = Counter()
    freq = Counter() if freq is None else freq
    for text in texts:
        toks = tokenize(text)
        stems = [t.stem if t.is_word else None for t in toks]
        freq.update(s for s in stems if s)
        n = len(toks)
        for i, s in enumerate(stems):
            if s not in titles:
                continue
            j, skipped = i + 1, 0
            while j < n and skipped < 3 and stems[j] and stems[j].startswith("ال") and stems[j] not in titles:
                j, skipped = j + 1, skipped + 1
            span = []
            while j < n and len(span) < 3:
                t, st = toks[j], stems[j]
                if st is None or st in NAME_MINING_STOPS or st in titles or t.norm != st:
                    break  # punctuation, a function word, another title, or a word with a clitic
                span.append(st)
                j += 1
            if span and span[0].startswith("ال"):
                continue
            seen.update(set(span))
    rows = []
    for w, c in seen.items():
        if c >= min_count and c >= min_share * freq[w] and len(w) >= 2 and w not in NAME_MINING_STOPS and w not in titles:
            rows.append((w, "person", "news", c))
    return rows


def build_names(corpora: Iterable[str | Path], out: str | Path = NAMES_PATH, *, texts: Iterable[str] | None = None,
                min_count: int = 5, min_share: float = 0.15, use_package: bool = True,
                common_min: int = 20, name_share: float = 0.005) -> dict[str, int]:
    """Write the gazetteer `out` (gzip TSV `norm kind source count`): given names and surnames from the
    `arabic-name-romanizer` package's Wikidata-derived index (if installed, `use_package`), person-name
    words mined from the raw news `corpora` (or `texts`) by `mine_person_names`, and the curated
    person titles, organisation heads and location triggers of this module (count = news frequency).
    A package name seen `common_min`+ times in the news is kept only when its package count reaches
    `name_share` of its news frequency or it was mined as a person word (precision over recall).
    Never pass NER test splits. Returns the number of distinct words per kind."""
    t0 = time.time()
    freq: Counter = Counter()
    mined = mine_person_names(texts if texts is not None else corpus_texts(corpora), min_count, min_share, freq)
    _log(f"mined person words: {len(mined):,}", t0)
    person = {w for w, *_ in mined}
    triggers = TITLES | ORG_WORDS | PLACE_WORDS
    rows: list[tuple[str, str, str, int]] = []
    if use_package:
        package = package_names()
        total: Counter = Counter()
        for n, k, _, c in package:
            total[n, k] += c
        # Wikidata labels are sometimes misaligned (`الماضي` as a surname): drop a name that is a common
        # word in the news unless people bear it often enough (`محمد`, `علي`, `الامين` stay) or it
        # follows titles in the news; also drop the curated triggers (`رييس`, `وزير`).
        rows = [r for r in package if r[0] not in triggers and (
            freq[r[0]] < common_min or total[r[0], r[1]] >= name_share * freq[r[0]] or r[0] in person)]
        _log(f"package names: {len(rows):,} of {len(package):,} rows kept", t0)
        if not package:
            _log("WARNING: arabic-name-romanizer is not installed: no given names or surnames", t0)
    rows += mined
    for kind, words in (("title", TITLES), ("org", ORG_WORDS), ("loc", PLACE_WORDS)):
        for w in sorted(words):
            rows.append((w, kind, "curated", freq[w]))
    order = {k: i for i, k in enumerate(NAME_KINDS)}
    rows = sorted(set(rows), key=lambda r: (order.get(r[1], 9), -r[3], r[0], r[2]))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    body = "norm\tkind\tsource\tcount\n" + "".join(f"{n}\t{k}\t{s}\t{c}\n" for n, k, s, c in rows)
    with gzip.GzipFile(out, "wb", mtime=0) as raw:
        raw.write(body.encode("utf-8"))
    if out == NAMES_PATH:
        resources._names_rows.cache_clear()
        resources.load_names.cache_clear()
    kinds = defaultdict(set)
    for n, k, _, _ in rows:
        kinds[k].add(n)
    stats = {k: len(v) for k, v in kinds.items()}
    _log(f"wrote {len(rows):,} rows to {out}: {stats}", t0)
    return stats
