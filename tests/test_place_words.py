"""Words that are also place names: the constructions of issue 15, as fixtures (not accuracy claims;
the accuracy is `marsad eval places` on real sentences), and the place-word table's reader."""
import json

import pytest

import marsad
from marsad.eval import places as place_eval
from marsad.geo.gazetteer import load_gazetteer
from marsad.geo.places import clitic_reading
from marsad.text.tokens import clitic_analyses


def places(text, **metadata):
    article = marsad.analyze(text, **metadata)
    entities = {e.id: e for e in article.canonical_entities}
    return [(m.text, entities[m.canonical_id]) for m in article.entities if m.type in ("GPE", "LOC")]


def latins(text):
    return {e.latin for _, e in places(text)}


@pytest.mark.parametrize("text, wrong", [
    ("وقال إن المقاتلين كسرت حواجز الخوف في المدينة بعد أسابيع من القتال.", "Sirte"),
    ("وتسلم الجيش طائرات من طراز سوخوي الروسية الحديثة.", "Taraz"),
    ("ودعا الرئيس إلى وحدة الصف الوطني في مواجهة التحديات.", "As Saff"),
    ("ودعت الأمم المتحدة إلى العمل لوقف إطلاق النار في مصر.", "Al Waqf"),
    ("وفي حمأة التمرد على السلطة خرج الآلاف إلى الشوارع في دمشق.", "Hamah"),
    ("انتبه السائقون إلى الإشارات الجديدة على الطريق في القاهرة.", "Entebbe"),
    ("أعلن الرئيس الإيراني أن الشركات دخلت السوق الإيرانية بعد الاتفاق.", "Suq Sirwah"),
    ("تحدث الأمير عن جولته في قارة أمريكا الجنوبية وزيارته سوريا.", "Qarah"),
])
def test_a_common_word_is_no_place(text, wrong):
    assert wrong not in latins(text)


def test_a_clitic_form_that_is_a_word_is_never_clitic_plus_name():
    gz = load_gazetteer()
    reading = {a.stem: a for a in clitic_analyses("كسرت")}["سرت"]
    assert clitic_reading("كسرت", reading, gz) == "word"
    reading = {a.stem: a for a in clitic_analyses("لايران")}["ايران"]
    assert clitic_reading("لايران", reading, gz) is None
    assert "Sirte" in latins("وصلت القوات إلى مشارف سرت الليبية.")


def test_a_place_cue_still_makes_a_common_word_a_place():
    assert "Al Bab" in latins("سيطرت القوات التركية على مدينة الباب شمال سوريا.")


def test_a_country_that_locates_a_name_must_be_its_own():
    assert "Kousseri" not in latins("قتل عشرة أشخاص في مدينة قصور شرقي باكستان بحسب الشرطة.")


def test_the_latin_fallback_does_not_cascade():
    found = places("سيطر مسلحو القاعدة على مدينة زنجبار، عاصمة محافظة أبين جنوب اليمن، وعلى بلدة شقرة الساحلية.")
    assert not any(e.country == "TZ" for _, e in found)


def test_a_tagger_only_name_matches_main_latin_names_only():
    assert "Tecumseh" not in latins("ارتفعت عقود خام القياس الأميركي غرب تكساس الوسيط 25 سنتا في الولايات المتحدة.")


def test_a_cued_name_still_matches_by_latin_name():
    assert "Salisbury" in latins("تسمم الجاسوس سيرغي سكريبال وابنته يوليا في مارس بمدينة سالزبري الإنجليزية.")


def test_the_displayed_name_is_the_gazetteer_name():
    found = places("وصل الوفد إلى مدينة حماة السورية.")
    assert [e.name for t, e in found if e.latin == "Hamah"] == ["حماة"]


def test_a_place_found_by_latin_name_shows_the_gazetteer_name():
    found = places("وذكرت وسائل الإعلام الإيرانية أن الهجوم وقع في مدينة الأحواز جنوب غرب إيران.")
    ahvaz = [e for t, e in found if t == "الأحواز"]
    assert ahvaz and ahvaz[0].latin == "Ahvaz" and ahvaz[0].name == "الأهواز" and "الأحواز" in ahvaz[0].aliases


def test_place_table_scoring(tmp_path):
    (tmp_path / "sentences.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"hid": "a", "split": "dev", "token": "x", "reason": "r"},
        {"hid": "b", "split": "dev", "token": "y", "reason": "r"},
    ]), encoding="utf-8")
    (tmp_path / "labels.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"hid": "a", "annotator": "P02", "label": "NOT_PLACE", "place": ""},
        {"hid": "a", "annotator": "P01", "label": "PLACE", "place": "Sirte, Libya"},
        {"hid": "b", "annotator": "P01", "label": "NOT_PLACE", "place": ""},
    ]), encoding="utf-8")
    items, by_hid = place_eval.read("sentences.jsonl", tmp_path), place_eval.labels(tmp_path)
    assert by_hid["a"][0]["annotator"] == "P01"
    assert place_eval.agreement(by_hid) == (1, 0)
    counts = place_eval.score(items, by_hid, {"a": {"latin": "Sirte", "country": "LY"}, "b": None})
    assert counts == {"tp": 1, "fp": 0, "fn": 0, "tn": 1, "same_place": 1}


def test_place_table_is_shipped_and_labelled():
    items, by_hid = place_eval.read("sentences.jsonl"), place_eval.labels()
    assert len(items) >= 200 and all(i["hid"] in by_hid for i in items)
    assert {i["split"] for i in items} == {"dev", "test"}
