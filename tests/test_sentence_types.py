"""The sentence-type model of the event detector: the shipped model loads, is small and scores sentences;
the detector reports the types it decides, with its probability as confidence and a trigger inside the
sentence; the rules decide alone when it is off; and training fits and writes a model (sklearn, skipped
when missing) on a tiny synthetic set."""
from __future__ import annotations

import numpy as np
import pytest

from marsad.events import sentence_types
from marsad.events.cues import candidate_hits, sentences
from marsad.model import Article, Metadata
from marsad.pipeline import run

STAGES = ("text", "places", "entities", "link", "times", "quantities")
ATTACK = "قتل خمسة أشخاص وأصيب عشرة آخرون صباح أمس في هجوم شنه مسلحون على نقطة تفتيش للشرطة في بغداد."
FOOTBALL = "فاز الفريق على منافسه بثلاثة أهداف في مباراة كرة القدم أمس وسط هجوم مكثف من لاعبيه."
PROTEST = "تظاهر آلاف الطلاب أمس في وسط العاصمة احتجاجا على رفع أسعار الوقود."
MINISTRY = "أعلنت وزارة الصحة أمس عن افتتاح مستشفى جديد في المدينة."


def _article(text: str, stages=STAGES) -> Article:
    return run(Article(text, metadata=Metadata(published="2016-08-01")), stages)


def _probabilities(text: str) -> dict[str, float]:
    model = sentence_types.load_model()
    art = _article(text)
    sent = sentences(art)[0]
    p = model.probabilities(sentence_types.features(art, sent, candidate_hits(art, sent)))
    return dict(zip(model.types, p.tolist()))


def test_model_file_is_small_and_covers_every_type():
    assert sentence_types.MODEL_PATH.stat().st_size < 5_000_000
    model = sentence_types.load_model()
    assert len(model.types) == 18
    assert model.weights.shape == (len(model.index), 18)
    assert all(0.0 < t < 1.0 for t in model.threshold)


def test_attack_is_an_assault_and_football_is_not():
    assert _probabilities(ATTACK)["ASSAULT"] > 0.5 > _probabilities(FOOTBALL)["ASSAULT"]
    assert _probabilities(PROTEST)["PROTEST"] > _probabilities(ATTACK)["PROTEST"]


def test_detector_reports_the_model_types():
    stages = STAGES + ("events",)
    events = _article(ATTACK, stages).events
    assault = [e for e in events if e.type == "ASSAULT"]
    assert assault and assault[0].status == "asserted"
    assert assault[0].confidence == pytest.approx(_probabilities(ATTACK)["ASSAULT"], abs=0.06)
    assert ATTACK[assault[0].start:assault[0].end] == assault[0].trigger
    assert "ASSAULT" not in {e.type for e in _article(FOOTBALL, stages).events}
    assert "PROTEST" in {e.type for e in _article(PROTEST, stages).events}
    # a ministry is no visit (وزارة is not و + زارة)
    assert "CONSULT" not in {e.type for e in _article(MINISTRY, stages).events}


def test_rules_alone_when_disabled(monkeypatch):
    monkeypatch.setenv("MARSAD_EVENT_CLASSIFIER", "0")
    assert sentence_types.load_model() is None
    events = _article(ATTACK, STAGES + ("events",)).events
    assert "ASSAULT" in {e.type for e in events}  # the rules still find the attack


def test_missing_model_file_means_rules(tmp_path):
    assert sentence_types.load_model(tmp_path / "none.npz") is None


def test_probabilities_are_logistic_in_the_weights():
    model = sentence_types.TypesModel(("A", "B"), np.array([-1.0, 0.0], dtype=np.float32),
                                      np.array([0.5, 0.6], dtype=np.float32),
                                      np.array([[2.0, 0.0], [1.0, -1.0]], dtype=np.float32), {"w:a": 0, "rc:A": 1})
    assert model.probabilities({}) == pytest.approx([1 / (1 + np.e), 0.5], rel=1e-5)
    p = model.probabilities({"w:a": 1.0, "rc:A": 0.5, "w:unknown": 1.0})
    assert p == pytest.approx([1 / (1 + np.exp(-1.5)), 1 / (1 + np.exp(0.5))], rel=1e-5)
    assert model.reported_types({"w:a": 1.0}) == {"A": pytest.approx(1 / (1 + np.exp(-1.0)), rel=1e-5)}


def test_features_read_words_and_lexicon_hits():
    art = _article(ATTACK)
    sent = sentences(art)[0]
    f = sentence_types.features(art, sent, candidate_hits(art, sent))
    assert f["h:ASSAULT"] == 1.0 and f["ha:ASSAULT"] == 1.0 and 0.0 < f["rc:ASSAULT"] <= 1.0
    assert f.get("c:casualty") == 1.0
    assert any(k.startswith("w:") for k in f) and any(k.startswith("b:") for k in f)


def test_training_fits_and_saves_a_model(tmp_path):
    pytest.importorskip("sklearn")
    from marsad.train.event_types import featurise, fit
    from marsad.train.event_units import Unit

    texts = [(ATTACK, {"ASSAULT"}), (FOOTBALL, set()), (PROTEST, {"PROTEST"}), (MINISTRY, set())] * 4
    units = []
    for text, types in texts:
        art = _article(text)
        units.append(Unit(art, sentences(art)[0], set(types)))
    model, meta = fit(units, featurise(units), units, featurise(units), c_grid=(1.0,), verbose=False)
    assert set(model.types) == {"ASSAULT", "PROTEST"}
    path = tmp_path / "m.npz"
    model.save(path, {"version": sentence_types.VERSION, **meta})
    loaded = sentence_types.load_model(path)
    assert loaded.types == model.types and loaded.index == model.index
    feats = featurise(units[:1])[0]
    assert loaded.reported_types(feats).keys() == {"ASSAULT"}


def test_sentences_scored_together_as_one_by_one():
    model = sentence_types.load_model()
    art = _article(" ".join([ATTACK, FOOTBALL, PROTEST, MINISTRY]))
    feats = [sentence_types.features(art, s, candidate_hits(art, s)) for s in sentences(art)]
    feats.append({})  # a sentence without any known feature
    batch = model.reported_types_of(feats)
    single = [model.reported_types(f) for f in feats]
    assert len(batch) == len(single) == 5 and batch[0]
    for b, s in zip(batch, single):
        assert b.keys() == s.keys() and all(b[k] == pytest.approx(s[k], abs=1e-5) for k in b)
