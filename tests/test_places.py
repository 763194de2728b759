"""Places and nationality adjectives: gazetteer matching, common words, disambiguation, offsets."""
import marsad
from marsad.geo.gazetteer import adjective_forms, derive_adjective, load_gazetteer
from marsad.text.normalize import normalize


def places(text, **metadata):
    article = marsad.analyze(text, **metadata)
    entities = {e.id: e for e in article.canonical_entities}
    return article, [(m.text, entities[m.canonical_id]) for m in article.entities]


def ids_for(text, surface, **metadata):
    _, found = places(text, **metadata)
    return {e.geonameid for t, e in found if t == surface}


def test_every_span_is_exact():
    article, found = places("وصل الوفد إلى طرابلس الليبية ثم سافر إلى والجزائر وبسرت وللولايات المتحدة.")
    for m in article.entities:
        assert article.text[m.start:m.end] == m.text


def test_clitics_are_outside_the_span():
    _, found = places("زار الوزير الجزائر ثم عاد والجزائر في قلبه، وقال إن لإيطاليا دورا وإن بسرت معارك.")
    texts = {t for t, _ in found}
    assert "الجزائر" in texts and "والجزائر" not in texts
    assert "إيطاليا" in texts and "لإيطاليا" not in texts
    assert "سرت" in texts


def test_elided_article_after_lam_keeps_the_whole_word():
    _, found = places("قدمت فرنسا دعما للولايات المتحدة في مجلس الأمن.")
    us = [t for t, e in found if e.country == "US"]
    assert us == ["للولايات المتحدة"]


def test_countries_and_capitals_resolve_to_geonames():
    _, found = places("التقى وزير خارجية مصر نظيره الفرنسي في باريس بعد زيارة إلى القاهرة.")
    by_text = {t: e for t, e in found}
    assert by_text["مصر"].geonameid == 357994
    assert by_text["باريس"].geonameid == 2988507 and by_text["باريس"].country == "FR"
    assert by_text["القاهرة"].geonameid == 360630
    assert by_text["الفرنسي"].type == "NORP" and by_text["الفرنسي"].country == "FR"
    assert by_text["باريس"].lat is not None and by_text["باريس"].lon is not None


def test_tripoli_follows_the_story():
    libya = "اندلعت اشتباكات في طرابلس بين فصائل مسلحة، وقالت حكومة الوفاق الليبية إن الوضع تحت السيطرة."
    lebanon = "شهدت طرابلس مظاهرات حاشدة، وقال نائب لبناني إن المدينة الواقعة شمال لبنان تعاني الفقر."
    assert ids_for(libya, "طرابلس") == {2210247}
    assert ids_for(lebanon, "طرابلس") == {266826}


def test_milan_is_the_italian_city():
    assert ids_for("استقبلت مدينة ميلانو الإيطالية معرضا للكتاب العربي.", "ميلانو") == {3173435}


def test_amman_or_oman_by_context():
    assert ids_for("عقد الاجتماع في عمان بحضور وزير الخارجية الأردني.", "عمان") == {250441}
    _, found = places("أعلنت سلطنة عمان عن مبادرة جديدة للسلام في اليمن.")
    assert any(e.country == "OM" and e.feature == "country" for _, e in found)


def test_common_words_do_not_fire_on_ordinary_use():
    ordinary = ("نشرت الصحيفة صور الضحايا على صفحتها الأولى. وقدمت الحكومة دعما ماليا للمزارعين "
                "ضمن الدعم المالي المقرر. وزارت جدة الطفل المستشفى. وتحدث الوزير في المدينة عن الأمن.")
    _, found = places(ordinary)
    assert found == []


def test_common_words_fire_as_places_in_place_context():
    _, found = places("قصفت الطائرات مواقع قرب مدينة صور جنوب لبنان.")
    assert {e.geonameid for t, e in found if t == "صور"} == {267008}
    _, found = places("تنتشر الجماعات المسلحة في شمالي مالي قرب حدود النيجر والجزائر.")
    assert {e.geonameid for t, e in found if t == "مالي"} == {2453866}
    _, found = places("وصل الوفد السعودي إلى جدة مساء أمس.")
    assert {e.geonameid for t, e in found if t == "جدة"} == {105343}


def test_name_of_a_person_is_not_a_town_abroad():
    _, found = places("قال المخرج الأميركي إن مارلين مونرو كانت ملهمته، وفي نفس الوقت أشاد بالممثلين.")
    assert not [t for t, e in found if e.type in ("GPE", "LOC", "FAC")]


def test_nationality_adjectives_link_to_their_country():
    _, found = places("قال مسؤول ليبي إن القوات الليبية والمقاتلين الليبيين تقدموا، وأشاد الوزير الإيطالى بذلك.")
    norp = {t: e for t, e in found if e.type == "NORP"}
    assert {norp[t].country for t in ("ليبي", "الليبية", "الليبيين")} == {"LY"}
    assert norp["الإيطالى"].country == "IT"
    assert norp["الليبية"].id == "norp:LY"


def test_one_reading_per_name_and_stable_ids():
    text = "دخلت القوات سرت، ثم أعلنت السيطرة على سرت بالكامل في ليبيا."
    a1, found = places(text)
    assert len({e.id for t, e in found if t == "سرت"}) == 1
    a2 = marsad.analyze("خبر آخر عن سرت الليبية.")
    assert {e.id for e in a2.canonical_entities if e.name == "سرت"} == {"geo:2210554"}


def test_resolution_is_explained():
    _, found = places("اندلعت اشتباكات في طرابلس، وقالت الحكومة الليبية إن الوضع هادئ.")
    tripoli = next(e for t, e in found if t == "طرابلس")
    assert any("LY" in line for line in tripoli.explanation)
    assert any(line.startswith("over ") for line in tripoli.explanation)


def test_derived_adjectives():
    assert derive_adjective("ليبيا") == "ليبي"
    assert derive_adjective("الجزائر") == "جزائري"
    assert derive_adjective("مصر") == "مصري"
    assert derive_adjective("الولايات المتحدة") is None
    forms = adjective_forms("ليبي")
    assert {normalize(f) for f in ("الليبية", "ليبيون", "الليبيين", "ليبيات")} <= forms


def test_gazetteer_is_cached_on_disk(tmp_path, monkeypatch):
    from marsad.geo import gazetteer

    monkeypatch.setenv("MARSAD_CACHE", str(tmp_path))
    gazetteer.load_gazetteer.cache_clear()
    try:
        first = gazetteer.load_gazetteer()
        assert list(tmp_path.glob("gazetteer-*.pickle"))
        gazetteer.load_gazetteer.cache_clear()
        second = gazetteer.load_gazetteer()
        assert len(second.names) == len(first.names) and second.levels == first.levels
    finally:
        gazetteer.load_gazetteer.cache_clear()


def test_gazetteer_drops_words_that_are_not_places():
    gz = load_gazetteer()
    for word in ("بن", "كان", "الجمعه", "مدينه", "بيان"):
        assert word not in gz.names, word
    for place in ("سرت", "غزه", "الحديده", "ادلب", "بنغازي", "ميلانو"):
        assert place in gz.names, place


def test_us_states_have_their_arabic_names_and_ambiguous_ones_need_wilaya():
    ids = lambda text: [(e.text, e.canonical_id) for e in marsad.analyze(text).entities if e.type in ("GPE", "LOC")]
    assert ids("قال حاكم ولاية أريزونا إن الحرائق مستمرة.") == [("أريزونا", "geo:5551752")]
    assert ids("زار الرئيس ولاية نيويورك ثم مدينة نيويورك.") == [("ولاية نيويورك", "geo:5128638"),
                                                               ("نيويورك", "geo:5128581")]
    assert ids("وصل الوفد إلى جورجيا قادما من أذربيجان.")[0] == ("جورجيا", "geo:614540")
