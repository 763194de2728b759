"""The extent of a person's name: titles, kinship nouns, glued words and amounts (marsad.ner.persons),
and the title kept on the mention."""
import pytest

import marsad
from marsad.ner.persons import (
    is_amount,
    is_head_only,
    person_extent,
    split_names,
    title_before,
)
from marsad.text.tokens import tokenize


def extent(text):
    """The title and the name a whole-text person span leaves (strings; "" when none)."""
    tokens = tokenize(text)
    title_first, first, last = person_extent(tokens, 0, len(tokens) - 1)
    title = text[tokens[title_first].start:tokens[first - 1].end] if title_first < first else ""
    name = text[tokens[first].start:tokens[last].end] if first <= last else ""
    return title, name


@pytest.mark.parametrize("span, title, name", [
    ("الطالبة مريم عبد السلام", "الطالبة", "مريم عبد السلام"),
    ("الملك سلمان بن عبد العزيز", "الملك", "سلمان بن عبد العزيز"),
    ("العميد الركن تركي المالكي", "العميد الركن", "تركي المالكي"),
    ("الرئيس الأمريكي دونالد ترامب", "الرئيس الأمريكي", "دونالد ترامب"),
    ("كولونيل جوناثان كونريكوس", "كولونيل", "جوناثان كونريكوس"),
    ("معالي الوزير محمد العيسى", "معالي الوزير", "محمد العيسى"),
    ("السناتور الجمهوري توم تيليس", "السناتور الجمهوري", "توم تيليس"),
    ("الأمين العام أنطونيو غوتيريش", "الأمين العام", "أنطونيو غوتيريش"),
])
def test_a_title_is_no_part_of_the_name(span, title, name):
    assert extent(span) == (title, name)


@pytest.mark.parametrize("span, name", [
    ("آنذاك الباجي قائد السبسي", "الباجي قائد السبسي"),
    ("الوهيبي إيجازاً", "الوهيبي"),
    ("سليم يروي", "سليم"),
    ("شينزو آبي بأنه", "شينزو آبي"),
    ("فتح الله غولن المقيم", "فتح الله غولن"),
    ("ابن عم بشار الأسد", "بشار الأسد"),
    ("نجل الرئيس", ""),
    ("معالي", ""),
])
def test_glued_words_and_kinship_nouns_leave_the_name(span, name):
    assert extent(span)[1] == name


@pytest.mark.parametrize("span", [
    "أمين الجميل", "عبد الملك الحوثي", "آية الله علي خامنئي", "يوحنا بولس الثاني", "ابن خلدون",
    "خميس الخنجر", "عبد العزيز آل الشيخ",
])
def test_names_that_look_like_titles_or_words_stay_whole(span):
    assert extent(span) == ("", span)


def test_a_conjunction_or_a_kinship_noun_inside_splits_two_names():
    tokens = tokenize("ألكسندر بيتروف وروسلان بوشيروف")
    assert split_names(tokens, 0, 3) == [(0, 1), (2, 3)]
    tokens = tokenize("رامي مخلوف ابن عم بشار الأسد")
    assert split_names(tokens, 0, 5) == [(0, 1), (4, 5)]
    tokens = tokenize("محمد بن سلمان")
    assert split_names(tokens, 0, 2) == [(0, 2)]


def test_the_title_before_a_name_is_its_whole_role_phrase():
    text = "وقال وزير الخارجية الأمريكي مايك بومبيو"
    tokens = tokenize(text)
    assert tokens[title_before(tokens, 4, text)].text == "وزير"
    text = "وقال مايك بومبيو"
    assert title_before(tokenize(text), 1, text) == 1


@pytest.mark.parametrize("span, amount", [
    ("دولار", True), ("الدولار الأمريكي", True), ("جنيه إسترليني", True), ("للدولار", True),
    ("ريال مدريد", False), ("دونالد ترامب", False),
])
def test_a_currency_begins_an_amount_not_a_name(span, amount):
    tokens = tokenize(span)
    assert is_amount(tokens, 0, len(tokens) - 1) is amount


def test_a_person_mention_keeps_its_title():
    article = marsad.analyze("وقالت الطالبة مريم عبد السلام إن الامتحانات كانت صعبة هذا العام.")
    people = [m for m in article.entities if m.type == "PER"]
    assert [(m.text, m.title) for m in people] == [("مريم عبد السلام", "الطالبة")]
    assert article.to_dict()["entities"][0]["title"] == "الطالبة"


def test_no_currency_is_an_entity():
    article = marsad.analyze("ارتفع سعر الدولار أمام الجنيه المصري، وبلغت قيمة الصفقة 500 مليون دولار.")
    assert not [m for m in article.entities if m.type in ("ORG", "MISC", "PER")]


def test_two_people_joined_by_wa_stay_two():
    article = marsad.analyze("وقال رئيس الوزراء الياباني شينزو آبي وترمب إنهما اتفقا على مواصلة الضغط.")
    assert "شينزو آبي" in [m.text for m in article.entities if m.type == "PER"]
    article = marsad.analyze("وقال المدرب بين وايت إن الفريق جاهز للمباراة.")
    assert [m.text for m in article.entities if m.type == "PER"] == ["بين وايت"]


@pytest.mark.parametrize("span, head", [("تنظيم", True), ("الوزارة", True), ("الميليشيات", True), ("داعش", False),
                                        ("حزب الله", False)])
def test_an_organisations_head_noun_alone_is_no_name(span, head):
    tokens = tokenize(span)
    assert is_head_only(tokens, 0, len(tokens) - 1) is head


@pytest.mark.parametrize("span, name", [
    ("الإصلاحي محمد خاتمي", "محمد خاتمي"),
    ("إريك ترامب ابن الرئيس", "إريك ترامب"),
    ("مراسل", ""),
    ("مصدران", ""),
])
def test_descriptors_role_nouns_and_a_trailing_kinship_noun_are_no_name(span, name):
    assert extent(span)[1] == name


def test_a_descriptor_tagged_apart_does_not_join_the_name():
    article = marsad.analyze("وقال الرئيس الأسبق الإصلاحي محمد خاتمي إن الإصلاحات ستستمر في إيران.")
    assert [m.text for m in article.entities if m.type == "PER"] == ["محمد خاتمي"]


@pytest.mark.parametrize("span, title, name", [
    ("والي صفاقس مراد التركي", "والي صفاقس", "مراد التركي"),
    ("البابا بينيديكت السادس عشر", "البابا", "بينيديكت السادس عشر"),
])
def test_a_place_in_a_title_stays_in_the_title(span, title, name):
    assert extent(span) == (title, name)


def test_a_number_ends_no_name():
    assert extent("بيتر هوبر 22") == ("", "بيتر هوبر")
