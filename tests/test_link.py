"""Within-document linking, the actor lexicon, cross-document ids and Latin names."""
import pytest

import marsad
from marsad.link import lexicon as lexicon_module
from marsad.link.latin import person_latin
from marsad.link.lexicon import SECTORS, load_lexicon, name_key, read_actors


def entity_of(article, surface):
    ids = {m.canonical_id for m in article.entities if m.text == surface}
    assert len(ids) == 1, (surface, ids, [(m.text, m.canonical_id) for m in article.entities])
    cid = ids.pop()
    return next(e for e in article.canonical_entities if e.id == cid)


def test_the_shipped_lexicon_is_large_and_well_formed():
    actors = read_actors(lexicon_module.LEXICON_PATH)
    assert len(actors) >= 1500
    assert len({a.id for a in actors}) == len(actors)
    assert {a.sector for a in actors} <= set(SECTORS)
    assert {"government", "military", "terrorist", "igo", "media"} <= {a.sector for a in actors}
    lexicon = load_lexicon()
    assert lexicon.lookup("داعش").id == lexicon.lookup("تنظيم الدولة الإسلامية").id


# Names two rows of the shipped lexicon may share on purpose (the index leaves a shared name out, so it
# links to neither); none today.
SHARED_ON_PURPOSE: frozenset[str] = frozenset()
# Words that open a title or a description, not a person's name (`الشيخ`، `الرئيس المصري`).
TITLE_WORDS = ("الشيخ", "الأمير", "الملك", "الملكة", "السلطان", "الرئيس", "العميد", "اللواء", "الفريق", "المشير",
               "الإمام", "آية الله", "السيد", "النائب", "السفير", "العماد", "ولي العهد", "وزير", "رئيس")


def test_every_row_of_the_shipped_lexicon_is_complete_and_every_name_names_one_actor():
    rows = [line.split("\t") for line in lexicon_module.LEXICON_PATH.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert tuple(rows[0]) == lexicon_module.COLUMNS
    rows = rows[1:]
    assert len(rows) >= 1500 and all(len(row) == 7 for row in rows)
    owners: dict[str, set[str]] = {}
    for actor_id, type_, name, aliases, latin, country, sector in rows:
        assert type_ in ("ORG", "PER") and sector in SECTORS and latin.strip(), actor_id
        assert country == "" or (len(country) == 2 and country.isupper()), actor_id
        for form in [name, *filter(None, aliases.split("|"))]:
            owners.setdefault(name_key(form), set()).add(actor_id)
            if type_ == "PER":
                assert not form.startswith(tuple(t + " " for t in TITLE_WORDS)), (actor_id, form)
    assert len({row[0] for row in rows}) == len(rows)
    shared = {key: ids for key, ids in owners.items() if len(ids) > 1 and key not in SHARED_ON_PURPOSE}
    assert not shared


def test_generic_names_are_no_actor_and_country_forms_are():
    lexicon = load_lexicon()
    for generic in ("وزارة الخارجية", "وزارة الداخلية", "وزارة الدفاع", "وزارة المالية", "وزارة الصحة",
                    "الخارجية", "الحكومة", "الجيش", "البرلمان", "الرئاسة", "الحوثي", "التحالف", "المقاومة الشعبية",
                    "أفاد", "الترابي", "بيريز", "كاف", "هولاند", "زامير", "أبو عمار", "شولتس"):
        assert lexicon.lookup(generic) is None, generic
    assert lexicon.lookup("وزارة المالية السعودية").id == "sa-finance-ministry"
    assert lexicon.lookup("وزارة الداخلية اليمنية").id == "ye-interior-ministry"
    assert lexicon.lookup("الدفاع العراقية").id == "iq-defence-ministry"
    assert lexicon.lookup("جماعة الحوثي").id == lexicon.lookup("أنصار الله").id == "houthis"
    assert lexicon.lookup("طارق صالح").id != lexicon.lookup("علي عبد الله صالح").id
    assert lexicon.lookup("صدام حفتر").id != lexicon.lookup("خليفة حفتر").id


def test_a_ministry_named_without_its_country_is_the_ministry_of_the_article_s_country():
    article = marsad.analyze("أعلنت وزارة المالية السعودية أمس ميزانية المملكة. وقالت وزارة المالية إن العجز تراجع "
                             "في السعودية، وأضافت الرياض أن الإنفاق في السعودية سيرتفع.")
    assert {m.canonical_id for m in article.entities if m.text.startswith("وزارة المالية")} == {"actor:sa-finance-ministry"}


def test_a_malformed_row_names_the_file_and_line(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("id\ttype\tname\taliases\tlatin\tcountry\tsector\n"
                    "x-tribe\tORG\tقبيلة س\t\tX tribe\tLY\ttribal\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"mine.tsv:2: sector 'tribal'"):
        read_actors(path)


def test_users_extend_the_lexicon_with_their_own_file(tmp_path, monkeypatch):
    path = tmp_path / "mine.tsv"
    path.write_text("id\ttype\tname\taliases\tlatin\tcountry\tsector\n"
                    "zawiya-shield\tORG\tقوة حماية الزاوية\tدرع الزاوية\tZawiya Shield\tLY\trebel\n", encoding="utf-8")
    monkeypatch.setenv("MARSAD_ACTORS", str(path))
    load_lexicon.cache_clear()
    try:
        assert load_lexicon().lookup("درع الزاوية").id == "zawiya-shield"
        monkeypatch.setenv("MARSAD_ACTORS", str(tmp_path / "missing.tsv"))
        load_lexicon.cache_clear()
        with pytest.raises(ValueError, match="missing.tsv: actor lexicon named in \\$MARSAD_ACTORS not found"):
            load_lexicon()
    finally:
        monkeypatch.delenv("MARSAD_ACTORS")
        load_lexicon.cache_clear()


GNA = ("أعلنت حكومة الوفاق الوطنى الليبى أمس أن قواتها تقدمت في سرت. وقالت حكومة الوفاق إن المعارك مستمرة، "
       "فيما أكد متحدث باسم حكومة الوفاق الوطنى أن الدعم الدولي لحكومة الوفاق الليبية ضروري.")


def test_four_forms_of_the_libyan_government_are_one_actor():
    article = marsad.analyze(GNA)
    ids = {m.canonical_id for m in article.entities if "الوفاق" in m.text}
    assert len(ids) == 1
    entity = entity_of(article, "حكومة الوفاق")
    assert entity.id == "actor:gna-ly"
    assert entity.name == "حكومة الوفاق الوطني الليبية"
    assert (entity.country, entity.sector, entity.type) == ("LY", "government", "ORG")
    assert {"حكومة الوفاق الوطنى الليبى", "حكومة الوفاق الوطنى"} <= set(entity.aliases)


def test_a_surname_joins_the_full_name_and_ids_are_stable_across_articles():
    first = marsad.analyze("التقى المبعوث الأممي سامي الحداد في تونس بممثلين عن الحكومة. وقال الحداد إن الحوار سيستمر.")
    person = entity_of(first, "سامي الحداد")
    assert entity_of(first, "الحداد").id == person.id
    second = marsad.analyze("وصل سامي الحداد إلى طرابلس أمس في زيارة تستغرق يومين للقاء المسؤولين.")
    assert entity_of(second, "سامي الحداد").id == person.id


def test_group_names_spellings_and_the_descriptor_link_to_one_armed_group():
    article = marsad.analyze("تبنى تنظيم الدولة الإسلامية الهجوم على الحاجز في سيناء. وقالت مصادر إن عناصر داعش "
                             "فروا بعد الاشتباك، وإن التنظيم الإرهابي يخطط لهجمات جديدة.")
    isis = entity_of(article, "داعش")
    assert isis.id == "actor:isis" and isis.sector == "terrorist"
    descriptors = [m for m in article.entities if m.source == "descriptor"]
    assert [m.text for m in descriptors] == ["التنظيم الإرهابي"]
    assert descriptors[0].canonical_id == isis.id


def test_the_article_country_completes_an_institution_name():
    article = marsad.analyze("اشتبك عناصر من الحرس الرئاسي مع مسلحين قرب مقر الحكومة في طرابلس الليبية، "
                             "وقال مسؤول ليبي إن قوات ليبية أخرى تدخلت، في حين أغلقت السلطات في ليبيا الطريق الساحلي.")
    guard = entity_of(article, "الحرس الرئاسي")
    assert (guard.id, guard.country) == ("actor:ly-presidential-guard", "LY")


def test_an_unknown_institution_gets_country_and_sector_from_its_words():
    article = marsad.analyze("قالت الاستخبارات الموريتانية إنها أحبطت عملية تهريب على الحدود مع مالي.")
    entity = entity_of(article, "الاستخبارات الموريتانية")
    assert (entity.country, entity.sector) == ("MR", "police")


def test_latin_names_only_when_known():
    assert person_latin("فايز السراج") == "Fayez al-Sarraj"
    assert person_latin("جنتيلوني") is None
    assert person_latin("باولو جنتيلوني") is None


def test_a_head_noun_stands_for_the_one_organisation_named_with_it():
    article = marsad.analyze("أعلنت منظمة الصحة العالمية إرسال فرق إلى درنة. وقالت المنظمة إن الوضع الصحي خطير، "
                             "بينما طالبت الحركة الاحتجاجية في المدينة بالمحاسبة.")
    who = entity_of(article, "منظمة الصحة العالمية")
    assert entity_of(article, "المنظمة").id == who.id
    assert not any(m.text.startswith("الحركة") for m in article.entities)


def mention_ids(article, surface):
    return {(m.type, m.canonical_id) for m in article.entities if m.text == surface}


def test_bare_names_resolve_to_actors_the_article_names():
    article = marsad.analyze("أعلن التحالف العربي بقيادة السعودية أن مقاتلاته قصفت مواقع في صنعاء. وقال التحالف إن الحوثي "
                             "أطلق صاروخا على جازان، فيما اتهم الحوثيون التحالف بقتل مدنيين في اليمن.")
    assert mention_ids(article, "التحالف") == {("ORG", "actor:arab-coalition")}
    assert mention_ids(article, "الحوثي") == {("ORG", "actor:houthis")}
    # the members' plural is a NORP mention (as nationality words are), of the same actor
    assert mention_ids(article, "الحوثيون") == {("NORP", "actor:houthis")}


def test_a_bare_name_needs_its_context():
    article = marsad.analyze("وقال التحالف إن الاجتماع المقبل سيعقد في باريس لبحث الاستثمار في فرنسا.")
    assert not any(m.canonical_id == "actor:arab-coalition" for m in article.entities)
    # an adjective (the tagger may read it as the movement's nisba, as annotators type الحوثيون), not the actor
    article = marsad.analyze("قتل القيادي الحوثي البارز أبو علي في غارة للتحالف العربي على الحديدة باليمن.")
    assert ("ORG", "actor:houthis") not in mention_ids(article, "الحوثي")
    article = marsad.analyze("ونشر الجيش اليمني صورا عن #ميليشيات_الحوثي في صعدة باليمن، وقال إن ميليشيات الحوثي فرت.")
    assert ("ORG", "actor:houthis") not in mention_ids(article, "الحوثي")


def test_the_popular_mobilisation_and_the_popular_resistance_by_country():
    article = marsad.analyze("قال مسؤول في الحشد الشعبي إن الحشد سيطر على قرى قرب الموصل في العراق، وأكد الجيش العراقي ذلك.")
    assert mention_ids(article, "الحشد") == {("ORG", "actor:pmf")}
    article = marsad.analyze("سيطرت المقاومة الشعبية على مواقع للحوثيين في تعز، وقالت المقاومة الشعبية إن المعارك مستمرة في اليمن.")
    assert mention_ids(article, "المقاومة الشعبية") == {("ORG", "actor:ye-popular-resistance")}


def test_a_quoted_newspaper_is_an_outlet_not_the_region():
    article = marsad.analyze("وقال المسؤول لـ«الشرق الأوسط» إن الأزمة تهدد الاستقرار في الشرق الأوسط كله.")
    assert [(m.type, m.canonical_id) for m in article.entities if m.text == "الشرق الأوسط"] == [
        ("ORG", "actor:asharq-al-awsat"), ("LOC", "geo:الشرق_الاوسط")]
    article = marsad.analyze("وقال المسؤول لـ(الشرق الأوسط) إن الاتفاق قريب.")
    assert mention_ids(article, "الشرق الأوسط") == {("ORG", "actor:asharq-al-awsat")}


def test_different_first_names_are_different_people():
    article = marsad.analyze("قتل الرئيس اليمني السابق علي عبدالله صالح في صنعاء. وقاد العميد طارق محمد عبدالله صالح "
                             "قوات المقاومة الوطنية، وقال صالح إن المعركة مستمرة.")
    ali, tareq = entity_of(article, "علي عبدالله صالح"), entity_of(article, "طارق محمد عبدالله صالح")
    assert ali.id != tareq.id
    # the bare surname fits both: it joins neither
    assert entity_of(article, "صالح").id not in (ali.id, tareq.id)


def test_a_kinship_noun_keeps_the_relative_apart():
    article = marsad.analyze("وقال رامي مخلوف ابن عم بشار الأسد إن الاقتصاد السوري يعاني، وأكد بشار الأسد أن الحرب انتهت.")
    assert entity_of(article, "رامي مخلوف").id != entity_of(article, "بشار الأسد").id
    assert not any("ابن" in m.text for m in article.entities)


def test_an_alias_is_a_name_not_a_clause():
    article = marsad.analyze("وقال عبد الرحمن السويحلي وليس فائز السراج إن المجلس سيجتمع. وأكد السراج أن الحكومة ستعمل.")
    sarraj = entity_of(article, "السراج")
    assert all("وليس" not in a and "السويحلي" not in a for a in [sarraj.name, *sarraj.aliases])
    assert entity_of(article, "عبد الرحمن السويحلي").id != sarraj.id


def test_a_generic_organisation_outside_the_lexicon_has_a_country_in_its_id():
    # ministries of youth are not in the actor lexicon
    article = marsad.analyze("أعلنت وزارة الشباب السعودية خطة جديدة في الرياض. وقالت وزارة الشباب إن الخطة تشمل مناطق السعودية.")
    assert {m.canonical_id for m in article.entities if "الشباب" in m.text} == {"org:وزاره_الشباب@SA"}
    article = marsad.analyze("قالت وزارة الشباب إن موسم الحصاد في مصر جيد، وإن الحكومة في القاهرة ستدعم مزارعي مصر.")
    assert {m.canonical_id for m in article.entities if "الشباب" in m.text} == {"org:وزاره_الشباب@EG"}


def test_a_ministry_outside_the_lexicon_has_a_country_in_its_id_whatever_its_portfolio():
    article = marsad.analyze("أعلنت وزارة البيئة السعودية خطة جديدة في الرياض. وقالت وزارة البيئة إن الخطة تشمل مناطق السعودية.")
    assert {m.canonical_id for m in article.entities if "البيئة" in m.text} == {"org:وزاره_البييه@SA"}


def test_a_bare_ministry_takes_the_country_its_article_gives_it():
    article = marsad.analyze("انتقدت وزارة الخارجية المصرية قرار لندن. وقالت وزارة الخارجية إن بريطانيا أخطأت، وإن بريطانيا "
                             "مطالبة بمراجعة موقفها، فيما ردت لندن بأن بريطانيا ملتزمة بالقانون.")
    ids = {m.canonical_id for m in article.entities if "الخارجية" in m.text}
    assert len(ids) == 1 and "gb" not in ids.pop()


def test_an_actors_english_name_in_latin_letters_is_a_mention():
    article = marsad.analyze("دبي، الإمارات العربية المتحدة (CNN)— قال مسؤول إماراتي إن المحادثات مستمرة.")
    assert mention_ids(article, "CNN") == {("ORG", "actor:cnn")}


def test_a_group_label_before_the_groups_own_name_stays_outside():
    article = marsad.analyze("أعلن تنظيم داعش مسؤوليته عن الهجوم، وقالت حركة حماس إن حزب الله لم يشارك.")
    assert mention_ids(article, "داعش") == {("ORG", "actor:isis")}
    assert mention_ids(article, "حركة حماس") == {("ORG", "actor:hamas")}
    assert mention_ids(article, "حزب الله") == {("ORG", "actor:hezbollah")}


def test_a_bare_name_after_a_given_name_is_a_family_name_not_the_movement():
    article = marsad.analyze("قالت جماعة أنصار الله الحوثية إن زعيمها عبدالملك الحوثي سيلقي كلمة، وقال التحالف إن الحوثي "
                             "أطلق صاروخا على جازان في اليمن.")
    spans = {(m.start, m.canonical_id) for m in article.entities if m.text == "الحوثي"}
    after_given = article.text.index("عبدالملك الحوثي") + len("عبدالملك ")
    assert all(cid != "actor:houthis" for start, cid in spans if start == after_given)
    assert any(cid == "actor:houthis" for start, cid in spans if start != after_given)
