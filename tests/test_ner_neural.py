"""The neural NER tagger at run time: the shipped model loads, is small, tags BIO-valid and deterministic
output, and the numpy forward pass equals the PyTorch network it was exported from."""
from __future__ import annotations

import time

import numpy as np
import pytest

from marsad.ner.neural import MODEL_PATH, TAGS, NeuralTagger, allowed_transitions, load
from marsad.ner.tagger import load_tagger

SENTENCE = "وقال الرئيس الفلسطيني محمود عباس في رام الله إن حركة حماس رفضت قرار مجلس الأمن".split()


def bio_valid(tags: list[str]) -> bool:
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            return False
        prev = tag
    return True


def test_shipped_model_is_small_and_loads_quickly():
    assert MODEL_PATH.stat().st_size < 50e6
    t0 = time.perf_counter()
    NeuralTagger(MODEL_PATH, "anercorp")
    assert time.perf_counter() - t0 < 10  # generous: about 0.3 s on an idle core


def test_tags_a_sentence_bio_valid_and_deterministic():
    tagger = load_tagger("anercorp")
    tags, probs = tagger.tag_marginals(SENTENCE)
    assert len(tags) == len(probs) == len(SENTENCE)
    assert set(tags) <= set(TAGS) and bio_valid(tags)
    assert all(0.0 <= p <= 1.0 + 1e-9 for p in probs)
    assert tags[SENTENCE.index("محمود")] == "B-PER"
    assert tags[SENTENCE.index("حماس")] in ("B-ORG", "I-ORG")
    assert tagger.tag(SENTENCE) == tags
    # one batch gives each sentence the tags it has alone, whatever the other sentences' lengths
    batch = tagger.tag_marginals_many([SENTENCE[:3], [], SENTENCE, SENTENCE[5:]])
    assert batch[1] == ([], [])
    assert batch[2][0] == tags and np.allclose(batch[2][1], probs)
    assert batch[0][0] == tagger.tag(SENTENCE[:3]) and batch[3][0] == tagger.tag(SENTENCE[5:])


def test_every_output_layer_decodes_valid_bio():
    for scheme in load().meta["schemes"]:
        tags = load(scheme).tag(SENTENCE)
        assert bio_valid(tags), scheme


def test_allowed_transitions_forbid_inside_after_other_types():
    allowed, start = allowed_transitions()
    index = {t: i for i, t in enumerate(TAGS)}
    assert allowed[index["B-PER"], index["I-PER"]] and allowed[index["I-PER"], index["I-PER"]]
    assert not allowed[index["O"], index["I-PER"]] and not allowed[index["B-LOC"], index["I-PER"]]
    assert start[index["B-ORG"]] and not start[index["I-ORG"]]


@pytest.mark.parametrize("encoder", ["cnn", "lstm"])
def test_numpy_forward_equals_the_torch_network(tmp_path, encoder):
    torch = pytest.importorskip("torch")
    from marsad.ner.inputs import FEATURE_COLUMNS, Vocabularies
    from marsad.train.neural_ner import Network, export

    torch.manual_seed(0)
    words = {w: i + 2 for i, w in enumerate(["قال", "الرييس", "عباس", "حماس"])}
    vocab = Vocabularies(words, {c: i + 2 for i, c in enumerate("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")},
                         [{"-": 2, "ar": 3} for _ in FEATURE_COLUMNS])
    vectors = np.random.default_rng(0).normal(size=(len(words) + 2, 8)).astype(np.float32)
    model = Network(vocab, vectors, encoder=encoder, hidden=6, dropout=0.0).eval()
    with torch.no_grad():
        model.start.normal_()
        model.transitions.normal_()
    path = tmp_path / "tiny.npz"
    export(model, vocab, path, {"schemes": list(model.schemes), "encoder": encoder,
                                "dilations": list(getattr(model, "dilations", ()))})
    sentences = [SENTENCE[:4], SENTENCE, SENTENCE[2:9]]
    for k, scheme in enumerate(model.schemes):
        tagger = NeuralTagger(path, scheme)
        em, lengths = tagger.emissions(sentences)
        w, c, f, n = vocab.encode(sentences)
        with torch.no_grad():
            ref = model.emissions(model.encode(*(torch.from_numpy(a) for a in (w, c, f, n))), k).numpy()
        for b, length in enumerate(lengths):
            # float16 word vectors at run time
            assert np.allclose(em[b, :length], ref[b, :length], atol=2e-2), (scheme, b)


def test_decoding_is_exact_on_a_short_sentence():
    """Viterbi and the marginals against every path of a four-word sentence."""
    import itertools

    tagger = load("news")
    words = SENTENCE[3:7]
    em, _ = tagger.emissions([words])
    e = em[0, :4]
    scores = {}
    for path in itertools.product(range(len(TAGS)), repeat=4):
        s = tagger.start[path[0]] + e[0, path[0]]
        s += sum(tagger.trans[path[t - 1], path[t]] + e[t, path[t]] for t in range(1, 4))
        scores[path] = s
    best = max(scores, key=scores.get)
    z = np.logaddexp.reduce(list(scores.values()))
    tags, probs = tagger.tag_marginals(words)
    assert tags == [TAGS[k] for k in best]
    for t, k in enumerate(best):
        exact = np.exp(np.logaddexp.reduce([v for p, v in scores.items() if p[t] == k]) - z)
        assert abs(probs[t] - exact) < 1e-6


def test_tagger_spans_lose_trailing_relative_days_and_lone_people_nouns():
    from marsad.ner.rules import trim_span
    from marsad.text.tokens import tokenize

    tokens = [t for t in tokenize("أعلنت وزارة الصحة أمس عن افتتاح مستشفى") if t.text.strip()]
    assert trim_span(tokens, 1, 3) == (1, 2)  # وزارة الصحة, not وزارة الصحة أمس
    tokens = [t for t in tokenize("هجوم شنه مسلحون على نقطة") if t.text.strip()]
    first, last = trim_span(tokens, 2, 2)
    assert first > last
