"""The quotes stage: cue forms, speakers, continuation, cue-after, multi-sentence quotes, outlets,
exact offsets, and the seed article's 11 reference quotes."""
import json
from pathlib import Path

import pytest

from marsad.model import Article, CanonicalEntity, Mention
from marsad.pipeline import run
from marsad.pipeline.registry import get
from marsad.quotes.evaluate import FIXTURES, evaluate, score_quotes
from tests.conftest import SEED, SEED_GOLD, needs


def quotes_of(text, mentions=(), canon=()):
    article = Article(text)
    run(article, ("text", "places"))
    article.entities += list(mentions)
    article.canonical_entities += list(canon)
    get("quotes").func(article)
    for q in article.quotes:
        assert article.text[q.start:q.end] == q.content
    return article.quotes


def only(text):
    qs = quotes_of(text)
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize("text, speaker, content_start", [
    ("وقال الوزير أحمد سالم إن الحكومة ستخفض الضرائب العام المقبل.", "أحمد سالم", "الحكومة"),
    ("قالت وزيرة الصحة سلمى حداد إن المستشفيات مستعدة لاستقبال المصابين.", "سلمى حداد", "المستشفيات"),
    ("وأكد المتحدث باسم الجيش العميد خالد منصور أن القوات استعادت السيطرة على المعبر.", "خالد منصور", "القوات"),
    ("وأكدوا أن الإضراب سيستمر حتى تلبية المطالب.", None, "الإضراب"),
    ("وأوضح الخبير الاقتصادي سمير عيسى أن التضخم سيتراجع خلال الربع الأخير.", "سمير عيسى", "التضخم"),
    ("وأشار رئيس البلدية كريم ناصر إلى أن أعمال الترميم ستنتهي قبل الصيف.", "كريم ناصر", "أعمال"),
    ("ونفت وزارة الداخلية أن تكون قواتها قد أطلقت النار على المتظاهرين.", "وزارة الداخلية", "تكون"),
    ("وحذرت منظمة الصحة العالمية من انتشار الوباء في المخيمات المكتظة بالنازحين.", "منظمة الصحة العالمية", "انتشار"),
    ("واعتبر المحلل السياسي نادر فهمي أن الاتفاق خطوة مهمة نحو التهدئة.", "نادر فهمي", "الاتفاق"),
    ("وشدد الرئيس على ضرورة احترام وقف إطلاق النار من جميع الأطراف.", "الرئيس", "ضرورة"),
    ("ولفت التقرير إلى أن معدلات البطالة ارتفعت بين الشباب.", "التقرير", "معدلات"),
    ("وكشفت الشركة عن خطة لتوسيع إنتاجها في المصانع الجديدة خلال العام.", "الشركة", "خطة"),
    ("وصرح المدير العام للمستشفى بأن حالة المصابين مستقرة حتى الآن.", "المدير العام للمستشفى", "حالة"),
    ("وأعلنت الهيئة العامة للأرصاد أن موجة الحر ستستمر حتى نهاية الأسبوع.", "الهيئة العامة للأرصاد", "موجة"),
    ("وذكرت وكالة الأنباء الرسمية أن الرئيس سيزور الصين الشهر المقبل.", "وكالة الأنباء الرسمية", "الرئيس"),
    ("ورأى النائب فؤاد سعيد أن القانون الجديد يحتاج إلى مراجعة شاملة.", "فؤاد سعيد", "القانون"),
    ("وطالبت النقابة بزيادة الأجور وتحسين ظروف العمل في المصانع.", "النقابة", "زيادة"),
    ("ودعا الأمين العام جميع الأطراف إلى ضبط النفس والعودة إلى طاولة الحوار.", "الأمين العام", "ضبط"),
    ("ونقلت وكالة رويترز عن مصدر أمني قوله إن الهجوم أسفر عن مقتل ثلاثة جنود.", "مصدر أمني", "الهجوم"),
    ("وذكرت الصحيفة، نقلا عن مصادر مطلعة، أن المفاوضات وصلت إلى مرحلة حاسمة.", "مصادر مطلعة", "المفاوضات"),
    ("وبحسب وزارة الصحة، فإن عدد الإصابات بلغ ثلاثين حالة خلال يوم واحد.", "وزارة الصحة", "عدد"),
    ("قتل خمسة أشخاص في انفجار سيارة مفخخة وسط المدينة، حسب مصادر طبية.", "مصادر طبية", "قتل"),
    ("ارتفعت أسعار الخبز بنسبة عشرين في المئة خلال شهر واحد، وفقا لشهود عيان.", "شهود عيان", "ارتفعت"),
    ("وقال الوزير في تصريح لـ«الشرق الأوسط» إن المحادثات ستستأنف الأسبوع المقبل.", "الوزير", "المحادثات"),
])
def test_cue_forms(text, speaker, content_start):
    q = only(text)
    assert q.content.startswith(content_start)
    if speaker is not None:
        assert q.speaker == speaker
    assert not q.direct


def test_continuation_keeps_the_speaker():
    text = ("وقال وزير الخارجية الإيطالي باولو جنتيلوني إن بلاده لا تشارك في العمليات القتالية. "
            "وأضاف أن السياسة الإيطالية تركز على دعم الحكومة. وأوضح أن الأولوية هي الاستقرار. "
            "وأشار إلى أن بلاده مستعدة للمساعدة. وتابع قائلا «سندرس أي طلب رسمي بجدية كاملة» مؤكدا أن المهمة صعبة.")
    qs = quotes_of(text)
    assert [q.cue for q in qs] == ["وقال", "وأضاف", "وأوضح", "وأشار", "وتابع قائلا", "مؤكدا"]
    assert {q.speaker for q in qs} == {"باولو جنتيلوني"}
    assert qs[4].direct and qs[4].content == "سندرس أي طلب رسمي بجدية كاملة"


def test_cue_after_direct_and_reported():
    q = only("«الوضع مقلق للغاية لكنه تحت السيطرة»، قالت المتحدثة سارة الهاشمي.")
    assert (q.speaker, q.cue, q.direct, q.content) == ("سارة الهاشمي", "قالت", True, "الوضع مقلق للغاية لكنه تحت السيطرة")
    q = only("الشرطة استخدمت الغاز المسيل للدموع لتفريق المتظاهرين، قال شاهد عيان.")
    assert (q.speaker, q.direct) == ("شاهد عيان", False)
    assert q.content.startswith("الشرطة استخدمت")
    qs = quotes_of("من جهته قال الوزير سامي فرج “إن بلاده لا ترسل قوات إلى الخارج” حسب قوله.")
    assert len(qs) == 1 and qs[0].speaker == "سامي فرج" and qs[0].content.startswith("إن بلاده")


def test_multi_sentence_quote():
    text = ("وقال المدرب حسام الزعبي: «أنا راض عن أداء اللاعبين. لقد طبقوا التعليمات بشكل جيد. "
            "سنواصل العمل».\nوأضاف أن الفريق يحتاج إلى مهاجم جديد.")
    qs = quotes_of(text)
    assert len(qs) == 2
    assert qs[0].direct and qs[0].content == "أنا راض عن أداء اللاعبين. لقد طبقوا التعليمات بشكل جيد. سنواصل العمل"
    assert qs[1].speaker == "حسام الزعبي"


def test_outlet_and_report_speakers():
    text = ("كما نشرت صحيفة “كوريير ديلا سيرا” الإيطالية تقريرا حول الهجرة.وأضاف التقرير، استنادا إلى وثائق سرية، "
            "تفاصيل عن الشبكات. وأكد أن بعض المهربين يقيمون في ميلانو.")
    qs = quotes_of(text)
    assert len(qs) == 1 and qs[0].speaker == "كوريير ديلا سيرا" and qs[0].cue == "وأكد"
    q = only("كشف تقرير سري، صادر عن الأمانة العامة للأمم المتحدة، تخوفات من أن تنتقل المعارك إلى دول الجوار.")
    assert q.speaker == "الأمانة العامة للأمم المتحدة"
    q = only("وبحسب التقرير الذي وجهه الأمين العام للأمم المتحدة بان كي مون إلى مجلس الأمن فإن “المقاتلين قد ينتقلون إلى دول الجوار”.")
    assert (q.speaker, q.direct) == ("بان كي مون", True)
    qs = quotes_of("أصدرت منظمة العفو الدولية تقريرا عن السجون. وقال التقرير إن آلاف المعتقلين محرومون من المحاكمة.")
    assert qs[0].speaker == "منظمة العفو الدولية"


def test_speaker_id_from_mentions():
    text = "وقال رئيس الوزراء فايز السراج إن الحكومة ستدعم البلديات. وأضاف السراج أن الميزانية جاهزة."
    start = text.index("فايز السراج")
    short = text.index("السراج أن")
    canon = [CanonicalEntity("per:فايز_السراج", "PER", "فايز السراج", aliases=["السراج"])]
    mentions = [Mention("m1", "PER", "فايز السراج", start, start + 11, "per:فايز_السراج", "model"),
                Mention("m2", "PER", "السراج", short, short + 6, "per:فايز_السراج", "model")]
    qs = quotes_of(text, mentions, canon)
    assert [q.speaker_id for q in qs] == ["per:فايز_السراج", "per:فايز_السراج"]
    # without mentions the speaker string is still there and the surname resolves to the full name
    qs = quotes_of(text)
    assert [q.speaker for q in qs] == ["فايز السراج", "فايز السراج"] and qs[0].speaker_id is None


def test_no_quotes_without_speech():
    text = ("شهدت العاصمة أمس أمطارا غزيرة أدت إلى إغلاق عدد من الطرق الرئيسية. وتوقعت الأرصاد استمرار الطقس البارد "
            "حتى نهاية الأسبوع. ويذكر أن المدينة شهدت فيضانات مماثلة قبل عامين. ولم يكشف المسؤولون عن حجم الأضرار. "
            "وعرضت السينما فيلم “الطريق إلى الشمال” للمخرج سامي.")
    assert quotes_of(text) == []


def test_offsets_exact_on_vowelled_and_glued_text():
    text = "باتت القوات على أبواب المدينة.وأضاف “قواتنا حررت كامل الحي رقم 2” الواقع في الوسط.وأكّد أنّ الهجوم مستمرٌّ."
    qs = quotes_of(text)
    assert [q.content for q in qs] == ["قواتنا حررت كامل الحي رقم 2", "الهجوم مستمرٌّ"]


@needs(SEED_GOLD)
def test_seed_quotes():
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    from marsad.quotes.evaluate import analyze_for_quotes

    article = analyze_for_quotes(SEED.read_bytes()).to_dict()
    details = []
    counts = score_quotes(gold, article, details)
    assert counts["gold"] == 11
    assert counts["found"] == 11, [d for d in details if d[0] != "OK"]
    # the learned ranker gives two of the 11 to another entity of the article (the UN report's words to
    # the Secretary-General it names)
    assert counts["speaker_ok"] >= 9, [d for d in details if d[0] != "OK"]


def test_evaluation_sets():
    dev = evaluate([FIXTURES / "dev"])
    assert dev["gold"] >= 80
    assert dev["recall"] >= 0.9 and dev["speaker_accuracy"] >= 0.9 and dev["content_overlap"] >= 0.85
    held = evaluate([FIXTURES / "heldout"])
    assert held["docs"] == 5 and held["recall"] >= 0.9 and held["content_overlap"] >= 0.85


def _speakers(text):
    import marsad

    return [(q.speaker, q.content) for q in marsad.analyze(text).quotes]


def test_a_statement_named_with_its_speaker_speaks_for_it_later():
    found = _speakers("قالت وزارة الصحة في بيان إن المستشفى خرج عن الخدمة. وأوضح البيان أن الوقود نفد تماما.")
    assert [s for s, _ in found] == ["وزارة الصحة", "وزارة الصحة"]


def test_the_audience_is_not_part_of_the_speaker():
    found = _speakers("وقال المتحدث باسم المنظمة للصحفيين في جنيف إن الفرق لم تصل إلى المستشفى.")
    assert found[0][0] == "المتحدث باسم المنظمة"


def test_a_role_over_an_organisation_is_the_speaker_not_the_country_in_its_name():
    found = _speakers("وأكد حاكم مصرف لبنان في بيان أن التعميم الجديد سيسمح للمودعين بسحب جزء من ودائعهم.")
    assert found[0][0] == "حاكم مصرف لبنان"


def test_a_cue_without_subject_continues_the_person_the_previous_sentence_was_about():
    found = _speakers("ووصل مدير الدفاع المدني في شمال غرب سوريا عمار أبو الخير إلى بلدة جنديرس صباح الثلاثاء "
                      "لمتابعة عمليات الإنقاذ. وقال إن مئات العائلات ما زالت تحت الأنقاض في البلدة وحدها.")
    assert found[0][0] == "عمار أبو الخير"


def test_an_organisation_name_in_quotation_marks_is_not_a_quote():
    found = _speakers('وكشفت منظمة "أطباء بلا حدود" أن المستشفيات التي تدعمها في إدلب استقبلت أكثر من ألفي جريح.')
    assert len(found) == 1 and found[0][1].startswith("المستشفيات")


def test_a_circumstance_after_the_cue_is_not_the_speaker():
    found = _speakers("وصعدت إلى المنصة الممثلة المصرية هالة عبد الوهاب لتسلم التكريم. "
                      "وقالت والدموع في عينيها: «قرطاج كانت دائما بيتي الثاني».")
    assert found[0][0] == "هالة عبد الوهاب"


def test_a_country_after_في_is_not_part_of_the_organisation_speaker():
    found = _speakers("أعلنت المفوضية العليا المستقلة للانتخابات في العراق، مساء الاثنين، أن نسبة المشاركة بلغت 41 في المئة.")
    assert found[0][0] == "المفوضية العليا المستقلة للانتخابات"


def test_speakers_are_noun_phrases():
    """Every speaker of the fixture sets is a name or a phrase headed by a noun (or None: unknown): never
    empty, a lone verb, preposition, adverb, number or pronoun-suffixed noun."""
    from marsad.quotes.evaluate import (
        FIXTURES,
        _article_text,
        analyze_for_quotes,
        expand,
    )
    from marsad.quotes.phrases import is_noun_phrase

    bad = []
    for path in expand([FIXTURES]):
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
        for q in analyze_for_quotes(_article_text(path, gold)).quotes:
            if q.speaker is not None and not is_noun_phrase(q.speaker, bool(q.speaker_id)):
                bad.append((Path(path).name, q.speaker))
    assert not bad


def test_non_speakers_rejected():
    from marsad.quotes.phrases import is_noun_phrase

    for text in ("", "بها دوليا", "مسؤوليته", "بيانا", "ما وصفه بـ", "د", "معالي", "الشهر",
                 "لموقع", "2017", "قال", "عبر المعبر", "للتلفزيون الحكومي الروسي"):
        assert not is_noun_phrase(text), text
    for text in ("مصادر محلية", "مسؤول أمني", "شهود", "الوزارة", "أبي أحمد", "ماتيس", "بان كي مون"):
        assert is_noun_phrase(text), text


ABIY = ("التقى رئيس الوزراء الإثيوبي أبي أحمد بالرئيس الإريتري في أسمرا يوم الأحد. "
        "وقال رئيس الوزراء الإثيوبي إن البلدين سيعيدان فتح السفارات قريبا.")


def test_a_noun_phrase_statement_is_a_quote_with_its_content():
    found = _speakers("أعلنت وزارة الدفاع، الخميس، مقتل جنديين في هجوم على موقع حدودي.")
    assert found == [("وزارة الدفاع", "مقتل جنديين في هجوم على موقع حدودي")]


def test_a_noun_phrase_after_a_verb_with_no_subject_to_tell_apart_is_no_quote():
    assert _speakers("وأكد المسؤولون الخطة الجديدة للمدينة خلال الاجتماع.") == []


def test_a_past_verb_after_an_is_a_report():
    found = _speakers("وتراجعت الأسهم بعد أن قالت الشركة إنها فقدت نحو نصف مليار دولار في هجوم إلكتروني.")
    assert found == [("الشركة", "فقدت نحو نصف مليار دولار في هجوم إلكتروني")]
    assert _speakers("ومن المتوقع أن يقول الوزير إن الخطة جاهزة.") == []


def test_a_verb_that_needs_its_preposition_is_no_cue_without_it():
    assert _speakers("ووصلت الشحنة عبر الحدود التركية إلى المدينة صباح أمس.") == []
    found = _speakers("وعبر وزير الخارجية عن قلقه من تصاعد العنف في المنطقة.")
    assert found == [("وزير الخارجية", "قلقه من تصاعد العنف في المنطقة")]


def test_a_title_is_the_person_it_names_and_kept_as_the_role():
    import jsonschema

    import marsad

    quote = marsad.analyze(ABIY).quotes[0]
    assert (quote.speaker, quote.speaker_id, quote.speaker_role) == \
        ("أبي أحمد", "actor:abiy-ahmed", "رئيس الوزراء الإثيوبي")
    assert quote.to_dict()["speaker_role"] == "رئيس الوزراء الإثيوبي"
    schema = json.loads((Path(marsad.__file__).with_name("schema") / "article.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(marsad.analyze(ABIY).to_dict(), schema)


def test_the_speaker_role_is_stored_and_listed(tmp_path):
    import marsad
    from marsad.store.db import Store
    from marsad.store.queries import all_quotes, quotes

    with Store(tmp_path / "s.db") as store:
        store.add_article(marsad.analyze(ABIY, published="2018-07-08"))
        assert [q["speaker_role"] for q in quotes(store).items] == ["رئيس الوزراء الإثيوبي"]
        assert [q["speaker_role"] for q in all_quotes(store)] == ["رئيس الوزراء الإثيوبي"]


def test_a_representative_speaks_not_the_person_he_represents():
    found = _speakers("وقال محامي نتنياهو إن موكله لم يرتكب أي مخالفة.")
    assert found == [("محامي نتنياهو", "موكله لم يرتكب أي مخالفة")]


def test_the_discourse_state_is_an_explicit_record():
    """The finder reads and updates the `Discourse` it is given: the statement and its author, the
    current speaker, the speakers named so far."""
    from marsad.quotes.attribution import _Finder
    from marsad.quotes.records import Discourse

    article = Article("قالت وزارة الصحة في بيان إن المستشفى خرج عن الخدمة. وأوضح البيان أن الوقود نفد تماما.")
    run(article, ("text", "places"))
    discourse = Discourse()
    _Finder(article, discourse).run()
    assert discourse.author_of("بيان").text == "وزارة الصحة"
    assert discourse.current.text == "وزارة الصحة"
    assert discourse.surname("الصحة").text == "وزارة الصحة"
    assert discourse.author_of("تقرير") is None


@pytest.mark.parametrize("text, speaker", [
    ("وقال التلفزيون السوري نقلا عن وزير الدفاع فهد جاسم الفريج إن الجيش سيواصل عملياته.", "فهد جاسم الفريج"),
    ("وأفادت وكالة سانا السورية نقلا عن مصدر عسكري بأن الدفاعات الجوية تصدت للصواريخ.", "مصدر عسكري"),
    ("ونقلت قناة روسيا اليوم عن الرئيس السوري بشار الأسد قوله إن الحرب تقترب من نهايتها.", "بشار الأسد"),
])
def test_relayed_speech_is_the_relayed_source_s(text, speaker):
    assert _speakers(text)[0][0] == speaker


def test_the_relaying_outlet_is_no_candidate():
    import marsad
    from marsad.quotes.attribution import read_quotes
    from marsad.quotes.candidates import ArticleIndex, candidates

    article = marsad.analyze("وقال التلفزيون السوري نقلا عن وزير الدفاع فهد جاسم الفريج إن الجيش سيواصل عملياته.")
    found = read_quotes(article)
    texts = [c.text for c in candidates(ArticleIndex(article), found[0], None)]
    assert "فهد جاسم الفريج" in texts and "السوري" not in texts


def test_a_person_s_role_over_an_organisation_does_not_take_its_id():
    import marsad

    article = marsad.analyze("وقال متحدث باسم وزارة الخارجية الروسية إن موسكو سترد على العقوبات الجديدة.")
    quote = article.quotes[0]
    assert quote.speaker == "متحدث باسم وزارة الخارجية الروسية" and quote.speaker_id is None
    assert any(m.canonical_id for m in article.entities if m.text == "وزارة الخارجية الروسية")


def test_an_honorific_and_a_surname_are_the_person_of_that_name():
    import marsad

    article = marsad.analyze("التقى الوزير البريطاني السابق نورمان لامونت بنظيره الإيراني في طهران. "
                             "وقال اللورد لامونت إن الأعمال تجري بصورة طبيعية بين البلدين.")
    quote = article.quotes[-1]
    names = {e.id: e.name for e in article.canonical_entities}
    assert names.get(quote.speaker_id) == "نورمان لامونت"


@pytest.mark.parametrize("text, speaker", [
    ("وقال عدد من الأهالي إن المياه لم تصل إلى الحي منذ أسبوع.", "عدد من الأهالي"),
    ("وقالت مصادر مسؤولة إن التحقيق سيشمل رئيس الجهاز.", "مصادر مسؤولة"),
    ("وأخبر الادعاء المحكمة أن الزوج هو المستفيد الوحيد من عقد التأمين.", "الادعاء"),
    ("من جانبه، نفى حارس المدرسة ذلك، مشيرا إلى أن المعلمة هي التي بدأت الشجار.", "حارس المدرسة"),
    ("وقالت عائلتها حينها إنها كانت مستاءة بسبب إصابة ابن عمها.", "عائلتها"),
])
def test_the_subject_ends_where_the_annotators_end_it(text, speaker):
    assert _speakers(text)[0][0] == speaker
