"""Named-entity recognition: evaluation semantics, tag_tokens, the stage (the neural model itself:
tests/test_ner_neural.py)."""
from __future__ import annotations

import pytest

from marsad.model import Article
from marsad.ner import corpus as corpora
from marsad.ner import stage as ner_stage
from marsad.ner import tag_tokens
from marsad.ner.evaluate import chunks, evaluate
from marsad.ner.neural import MODEL_PATH
from marsad.ner.tagger import load_tagger, model_spans
from marsad.pipeline import run

def test_chunks_conlleval_semantics():
    assert chunks(["B-PER", "I-PER", "O", "B-LOC"]) == {(0, 2, "PER"), (3, 4, "LOC")}
    # A stray I- starts a chunk; a type change ends one.
    assert chunks(["I-PER", "I-PER", "I-LOC", "O", "I-ORG"]) == {(0, 2, "PER"), (2, 3, "LOC"), (4, 5, "ORG")}
    assert chunks(["B-PER", "B-PER", "I-PER"]) == {(0, 1, "PER"), (1, 3, "PER")}
    assert chunks(["O", "O"]) == set()


def test_evaluate_hand_computed():
    # conlleval's own example style: gold 3 chunks, predicted 3, 1 exactly right (boundary and type errors).
    gold = [["B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG", "I-ORG"]]
    pred = [["B-PER", "I-PER", "O", "B-ORG", "O", "B-ORG", "O"]]
    s = evaluate(gold, pred)
    assert (s["micro"].tp, s["micro"].pred, s["micro"].gold) == (1, 3, 3)
    assert s["micro"].f1 == pytest.approx(1 / 3)
    assert s["PER"].f1 == 1.0
    assert s["LOC"].recall == 0.0 and s["LOC"].pred == 0
    assert s["ORG"].precision == 0.0 and s["ORG"].gold == 1 and s["ORG"].pred == 2
    # Two sentences pooled: P = 2/3, R = 2/4, F1 = 4/7.
    gold = [["B-PER", "O"], ["B-LOC", "I-LOC", "B-LOC", "O"]]
    pred = [["B-PER", "O"], ["B-LOC", "I-LOC", "O", "B-PER"]]
    s = evaluate(gold + [["B-MISC"]], pred + [["O"]])
    assert s["micro"].precision == pytest.approx(2 / 3)
    assert s["micro"].recall == pytest.approx(2 / 4)
    assert s["micro"].f1 == pytest.approx(4 / 7)


def test_label_mapping():
    assert corpora.to_common(["B-PERS", "I-PERS", "O", "I-MISC"], "anercorp") == ["B-PER", "I-PER", "O", "B-MISC"]
    assert corpora.to_common(["B-MIS", "I-MIS"], "aqmar") == ["B-MISC", "I-MISC"]
    assert corpora.to_common(["B-Politician", "I-Politician", "B-Group", "B-Nation", "I-Nation", "B-Software"],
                             "wikifane") == ["B-PER", "I-PER", "O", "B-LOC", "I-LOC", "B-MISC"]
    assert corpora.to_scheme(["B-PER", "I-MISC", "O"], "anercorp") == ["B-PERS", "I-MISC", "O"]
    assert corpora.to_scheme(["B-PER", "I-MISC", "O"], "aqmar") == ["B-PER", "I-MIS", "O"]
    tokens, tags = corpora._reattach_waw(["زار", "و", "التقى", "و", "2"], ["O", "O", "O", "O", "O"])
    assert tokens == ["زار", "والتقى", "و", "2"] and len(tags) == 4


@pytest.mark.parametrize("scheme,labels", [("anercorp", {"PERS", "LOC", "ORG", "MISC"}), ("aqmar", {"PER", "LOC", "ORG", "MIS"})])
def test_tag_tokens_one_tag_per_token(scheme, labels):
    tokens = "وصل محمد عباس إلى القاهرة ، وقال إن مجلس الأمن سيجتمع".split() + ["", "x y"]
    tags = tag_tokens(tokens, scheme)
    assert len(tags) == len(tokens)
    assert all(t == "O" or (t[:2] in ("B-", "I-") and t[2:] in labels) for t in tags)
    assert "B-" + ("PERS" if scheme == "anercorp" else "PER") in tags
    assert tag_tokens([], scheme) == []
    with pytest.raises(ValueError):
        tag_tokens(["x"], "conll")


def _article(text):
    article = Article(text)
    run(article, ("text", "places"))
    return article


def _spans(article, *words_and_types):
    """Model spans (token indices) for the given surface words."""
    out = []
    for words, label in words_and_types:
        toks = [i for i, t in enumerate(article.tokens) if t.text in words.split()]
        out.append((toks[0], toks[-1], label, 0.9))
    return out


class _EveryWordAPerson:
    """A stand-in model: every word of a sentence is one person name."""

    def tag(self, words):
        return ["B-PER"] + ["I-PER"] * (len(words) - 1)

    def tag_marginals(self, words):
        return self.tag(words), [0.5] * len(words)


def test_any_tagger_plugs_into_the_stage():
    article = _article("زار محمد مرسي القاهرة.\nثم عاد.")
    spans = model_spans(article, _EveryWordAPerson())
    assert [(s[2], s[3]) for s in spans] == [("PER", 0.5), ("PER", 0.5)]  # one span per sentence or line
    assert article.tokens[spans[1][0]].text == "ثم"
    with pytest.raises(ValueError, match="unknown NER scheme"):
        load_tagger("conll")


def test_stage_offsets_clitics_and_merging(monkeypatch):
    text = "قال فايز السراج إن القوات الموالية لحكومة الوفاق تقدمت، وأعلنت قوات سوريا الديمقراطية سيطرتها في إطار عملية البنيان المرصوص."
    article = _article(text)
    assert any(m.text == "سوريا" for m in article.entities)  # the gazetteer's reading
    spans = _spans(article, ("قال فايز السراج", "PER"), ("لحكومة الوفاق", "ORG"),
                   ("قوات سوريا الديمقراطية", "ORG"), ("البنيان المرصوص", "MISC"))
    monkeypatch.setattr(ner_stage, "model_spans", lambda *a, **k: spans)
    ner_stage.find_entities(article)
    got = {(m.text, m.type) for m in article.entities}
    assert ("فايز السراج", "PER") in got  # the cue verb is not part of the name
    assert ("حكومة الوفاق", "ORG") in got  # the ل stays outside
    assert ("قوات سوريا الديمقراطية", "ORG") in got
    assert ("البنيان المرصوص", "EVENT") in got
    assert not any(m.text == "سوريا" for m in article.entities)
    for n, m in enumerate(article.entities, start=1):
        assert article.text[m.start:m.end] == m.text
        assert m.id == f"m{n}"
    assert [m.start for m in article.entities] == sorted(m.start for m in article.entities)
    ids = {e.id for e in article.canonical_entities}
    assert {m.canonical_id for m in article.entities} <= ids
    assert "org:حكومه_الوفاق" in ids and "per:فايز_السراج" in ids


def test_stage_loc_defers_to_gazetteer(monkeypatch):
    article = _article("وصل الوفد إلى ليبيا ثم إلى وادي عربة.")
    spans = _spans(article, ("ليبيا", "LOC"), ("وادي عربة", "LOC"))
    monkeypatch.setattr(ner_stage, "model_spans", lambda *a, **k: spans)
    ner_stage.find_entities(article)
    libya = [m for m in article.entities if m.text == "ليبيا"]
    assert len(libya) == 1 and libya[0].source == "gazetteer" and libya[0].type == "GPE"
    wadi = [m for m in article.entities if m.text == "وادي عربة"]
    assert len(wadi) == 1 and wadi[0].type == "LOC" and wadi[0].source == "model"


@pytest.mark.skipif(not MODEL_PATH.exists(), reason="no shipped NER model")
def test_shipped_model_in_pipeline():
    text = "وقال رئيس المجلس الرئاسي لحكومة الوفاق الوطني الليبية فايز السراج إن القوات تقدمت في سرت."
    article = _article(text)
    run(article, ("entities",))
    assert any(m.type == "PER" and "السراج" in m.text for m in article.entities)
    for m in article.entities:
        assert text[m.start:m.end] == m.text
        assert not m.text.startswith(("وقال", "قال"))
    tokens = "التقى الرئيس المصري عبد الفتاح السيسي في القاهرة".split()
    for scheme in ("anercorp", "aqmar"):
        assert len(tag_tokens(tokens, scheme)) == len(tokens)
