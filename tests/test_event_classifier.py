"""The ASSAULT/PROTEST sentence classifier: the shipped model loads and scores sentences, the detector
uses it, and the training and cross-validation code runs (sklearn, skipped when missing) on a tiny
synthetic set; the dev-set checks are skipped when the PLOVER dev files are absent."""
from __future__ import annotations

import json
import random

import pytest

from marsad.events import classifier
from marsad.events.devset import default_data_dir
from marsad.model import Article, Metadata
from marsad.pipeline import run
from marsad.train import events as training

STAGES = ("text", "places", "times", "quantities")
ATTACK = "قتل خمسة أشخاص وأصيب عشرة آخرون صباح أمس في هجوم شنه مسلحون على نقطة تفتيش للشرطة في بغداد."
FOOTBALL = "فاز الفريق على منافسه بثلاثة أهداف في مباراة كرة القدم أمس وسط هجوم مكثف من لاعبيه."
PROTEST = "تظاهر آلاف الطلاب أمس في وسط العاصمة احتجاجا على رفع أسعار الوقود."
NOT_PROTEST = "قال الوزير إن الحكومة ستدرس مطالب المحتجين في الاجتماع المقبل."


def _article(text: str, stages=STAGES) -> Article:
    return run(Article(text, metadata=Metadata(published="2016-08-01")), stages)


def _score(text: str, category: str) -> float:
    return max(classifier.sentence_probabilities(_article(text), category), default=0.0)


def test_model_file_is_small_and_loads():
    assert classifier.MODEL_PATH.stat().st_size < 2_000_000
    assert set(classifier.load_model()) == set(classifier.ENABLED) == {"ASSAULT"}
    model = classifier.saved_models()
    assert set(model) == {"ASSAULT", "PROTEST"} and model["PROTEST"]["enabled"] is False
    for m in model.values():
        assert 0.0 < m["threshold"] < 1.0 and m["weights"]
        assert all(isinstance(w, float) for w in list(m["weights"].values())[:50])


def test_attack_scores_above_football_and_protest_above_statement():
    assert _score(ATTACK, "ASSAULT") > _score(FOOTBALL, "ASSAULT")
    assert _score(ATTACK, "ASSAULT") >= classifier.load_model()["ASSAULT"]["threshold"]
    assert _score(PROTEST, "PROTEST") > _score(NOT_PROTEST, "PROTEST")


def test_detector_uses_the_classifier():
    stages = STAGES + ("events",)
    events = _article(ATTACK, stages).events
    assert [e.type for e in events] == ["ASSAULT"]
    assert events[0].confidence == pytest.approx(_score(ATTACK, "ASSAULT"), abs=0.06)
    assert "ASSAULT" not in {e.type for e in _article(FOOTBALL, stages).events}
    assert "PROTEST" in {e.type for e in _article(PROTEST, stages).events}


def test_rules_alone_when_disabled(monkeypatch):
    monkeypatch.setenv("MARSAD_EVENT_CLASSIFIER", "0")
    assert classifier.load_model() == {}


def test_missing_model_file_means_rules(tmp_path):
    assert classifier.load_model(tmp_path / "none.json") == {}


def test_probability_is_a_logistic_of_the_weights():
    model = {"bias": -1.0, "weights": {"w:a": 2.0, "r:conf": 1.0}}
    assert classifier.probability(model, {}) == pytest.approx(1 / (1 + 2.718281828 ** 1.0), rel=1e-6)
    assert classifier.probability(model, {"w:a": 1.0, "r:conf": 0.5, "w:unknown": 1.0}) == pytest.approx(
        1 / (1 + 2.718281828 ** -1.5), rel=1e-6)


def test_features_carry_rule_flags():
    art = _article(ATTACK)
    feats = classifier.candidate_features(art, "ASSAULT")
    assert len(feats) == 1
    f = feats[0]
    assert f["r:asserted"] == 1.0 and 0.0 < f["r:conf"] <= 1.0
    assert f.get("r:casualty_word") == 1.0 and f.get("r:recent") == 1.0
    assert any(k.startswith("w:") for k in f)


def test_best_threshold():
    t, f1 = training.best_threshold([0.9, 0.8, 0.3, 0.2, -1.0], [True, True, False, False, True])
    assert 0.3 < t <= 0.8 and f1 == pytest.approx(0.8)


def _synthetic(n: int = 60, seed: int = 0):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        gold = i % 3 == 0
        feats = {f"w:noise{rng.randrange(5)}": 1.0, "r:conf": rng.random()}
        feats["w:attack" if gold else "w:match"] = 1.0
        rows.append((gold, [feats], f"r{i}", 1.0 if gold else 0.0))
    rows.append((None, [{"w:attack": 1.0}], "amb", 0.5))  # ambiguous: trained on, never scored
    rows.append((True, [], "nocand", 1.0))  # a yes row without a candidate: always a miss
    return rows


def test_cross_validation_on_a_synthetic_set():
    pytest.importorskip("sklearn")
    rows = _synthetic()
    res = training.cross_validate(rows, k=3, seed=0, c_grid=(1.0,))
    assert len(res["folds"]) == 3
    assert res["tp"] + res["fn"] == sum(r[0] is True for r in rows)
    assert res["fn"] >= 1 and res["f1"] > 0.9
    assert "amb" not in res["predictions"]
    assert res == training.cross_validate(rows, k=3, seed=0, c_grid=(1.0,))  # seeded


def test_train_rows_picks_threshold_inside_and_saves_json(tmp_path):
    pytest.importorskip("sklearn")
    model = training.train_rows(_synthetic(), c_grid=(0.3, 1.0), inner_k=3)
    assert model["C"] in (0.3, 1.0) and 0.0 < model["threshold"] < 1.0
    assert model["weights"]["w:attack"] > 0 > model["weights"]["w:match"]
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"version": classifier.VERSION, "types": {"ASSAULT": model}}), encoding="utf-8")
    assert classifier.probability(classifier.load_model(path)["ASSAULT"], {"w:attack": 1.0}) > 0.5


DATA = default_data_dir()


@pytest.mark.skipif(DATA is None, reason="PLOVER dev data not available")
def test_cross_validated_dev_score_beats_rules_alone():
    pytest.importorskip("sklearn")
    rows = training.load_rows(DATA, "ASSAULT")
    res = training.cross_validate(rows, k=5, seed=0, c_grid=(0.03, 0.1))
    assert res["f1"] > 0.58  # the rules alone: 0.53
