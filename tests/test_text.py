"""Tests of the Arabic text layer: normalisation, clean-up with alignment, tokens, clitics, sentences."""
from __future__ import annotations

import bisect

import pytest

from marsad.text.clean import clean
from marsad.text.normalize import ARABIC_LETTER, arabic_ratio, normalize
from marsad.text.sentences import _MAX_QUOTE_CHARS, split_sentences
from marsad.text.tokens import (
    Analysis, Token, clitic_analyses, original_length, plausible_split, split_clitics, tokenize,
)

# --- normalize -----------------------------------------------------------------------------------


@pytest.mark.parametrize("variant, plain", [
    ("أحمد", "احمد"), ("إسلام", "اسلام"), ("آمال", "امال"), ("ٱلله", "الله"),
    ("على", "علي"), ("مدرسة", "مدرسه"), ("مؤتمر", "موتمر"), ("رئيس", "رييس"),
    ("كـــتاب", "كتاب"), ("مُحَمَّدٌ", "محمد"), ("شكرًا", "شكرا"), ("قُلْ", "قل"), ("هٰذا", "هذا"),
    ("٠١٢٣٤٥٦٧٨٩", "0123456789"), ("۰۱۲۳۴۵۶۷۸۹", "0123456789"), ("٣٫٥", "3.5"), ("١٢٬٠٠٠", "12,000"),
    ("\ufefb", "لا"), ("\ufef7", "لا"), ("\ufe8d\ufedf", "ال"), ("\ufedb\ufe98\ufe8e\ufe8f", "كتاب"),
])
def test_normalize_folds(variant, plain):
    assert normalize(variant) == plain


def test_normalize_equal_spellings():
    assert normalize("الإيطالى") == normalize("الايطالي")
    assert normalize("القاهرة") == normalize("القاهره")
    assert normalize("مَدِينَةُ") == normalize("مدينة")
    assert normalize("ﺍﻟﻘﺎﻫﺮﺓ") == normalize("القاهرة")


def test_normalize_presentation_forms_keep_the_rest():
    # isolated harakat forms vanish instead of leaving a space; other characters are untouched
    assert normalize("كتاب\ufe70") == "كتاب"
    assert normalize("\ufefb\u00a0…") == "لا\u00a0…"
    assert normalize("ﷲ") == "الله"


def test_normalize_keeps_plain_text():
    assert normalize("") == ""
    assert normalize("Tunis 2024") == "Tunis 2024"
    assert normalize("سماء") == "سماء"


def test_arabic_ratio():
    assert arabic_ratio("") == 0.0
    assert arabic_ratio("123 !") == 0.0
    assert arabic_ratio("مرحبا بكم") == 1.0
    assert arabic_ratio("hello") == 0.0
    assert arabic_ratio("مرحبا hello") == 0.5
    assert arabic_ratio("ﺍﻟﻘﺎﻫﺮﺓ ﻣﺪﻳﻨﺔ") == 1.0
    assert arabic_ratio("مُحَمَّدٌ كـــتاب") == 1.0


def test_arabic_letter_class_only_matches_letters():
    chars = [chr(c) for c in [*range(0x0600, 0x0780), *range(0xFB50, 0xFF00)]]
    assert all(ch.isalpha() for ch in chars if ARABIC_LETTER.match(ch))


# --- clean ---------------------------------------------------------------------------------------


def _orig(alignment: list[list[int]], i: int) -> int:
    k = bisect.bisect_right([pair[0] for pair in alignment], i) - 1
    return alignment[k][1] + i - alignment[k][0]


def _check_alignment(raw: str) -> str:
    text, alignment = clean(raw)
    assert alignment == sorted(alignment)
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert raw[_orig(alignment, i)] == ch, (raw, text, i)
    return text


RAW = [
    "",
    "   ",
    "\u200b",
    "كلمة",
    "  مرحبا   بكم  ",
    "وصل\u00a0الوفد\u2009إلى\u202fسرت",
    "\ufeffبدأ الاجتماع\u200f صباحا",
    "سطر أول\r\n\r\n   \n\tسطر ثان\n\n",
    "ذهب\u200cوا إلى\u00ad السوق\u200b\u200b",
    "\u202bنص\u202c \u2066معزول\u2069 \u200e",
    "كلمة \u200b\u200d \u00a0 أخرى",
    "مُحَمَّدٌ على\u3000الطريق\u2028ثم\u2029وصل",
    "a\u200bb c\u061cd\x00e \u200c\u200c f",
    "\n\n\u200b\n\u00a0\nفقرة\n\u200f\nأخرى",
]


@pytest.mark.parametrize("raw", RAW)
def test_clean_alignment(raw):
    text = _check_alignment(raw)
    assert text == text.strip()
    assert "  " not in text and "\n\n" not in text and " \n" not in text and "\n " not in text


def test_clean_spaces():
    assert clean("وصل\u00a0الوفد\u2009إلى\u202fسرت\u3000اليوم")[0] == "وصل الوفد إلى سرت اليوم"
    assert clean("  وصل    الوفد \t\t إلى  ")[0] == "وصل الوفد إلى"
    assert clean("") == ("", [])
    assert clean(" \n\u00a0\u200b ") == ("", [])


def test_clean_invisible_marks():
    # zero-width and bidi marks, BOM, soft hyphen and control characters go, even inside words
    assert clean("ذهب\u200cوا")[0] == "ذهبوا"
    assert clean("ال\u200bمدينة\u00ad")[0] == "المدينة"
    assert clean("\ufeff\u200fمرحبا\u200e")[0] == "مرحبا"
    assert clean("\u202aنص\u202c \u2067آخر\u2069")[0] == "نص آخر"
    assert clean("عربي\u061cة")[0] == "عربية"
    assert clean("سطر\x00واحد\x7f")[0] == "سطرواحد"
    assert clean("كلمة \u200b أخرى")[0] == "كلمة أخرى"
    for cp in [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF, 0xAD]:
        assert clean(f"ا{chr(cp)}ب")[0] == "اب", hex(cp)


def test_clean_lines():
    assert clean("سطر أول\n\n\n  سطر ثان\r\n\r\nسطر ثالث")[0] == "سطر أول\nسطر ثان\nسطر ثالث"
    assert clean("\n\n  فقرة  \n \u00a0 \n")[0] == "فقرة"
    assert clean("أول\u2029ثان\u2028ثالث")[0] == "أول\nثان\nثالث"
    assert clean("أول \n\u200b\n ثان")[0] == "أول\nثان"


def test_clean_keeps_letters_diacritics_and_punctuation():
    raw = "قال مُحَمَّدٌ إنّ الإيطالى على حق، ٣٫٥ كـــتاب «نعم»!"
    text, alignment = clean(raw)
    assert text == raw and alignment == [[0, 0]]


# --- tokenize ------------------------------------------------------------------------------------


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens = tokenize(text)
    for t in tokens:
        assert text[t.start:t.end] == t.text
    return [(t.text, t.kind) for t in tokens]


TEXTS = [
    "",
    "قال الوزير إن 3.5 مليون شخص وصلوا في 12/05/2016.",
    "زوروا https://example.com/a/b.html. أو www.site.com، وراسلوا info@site.org!",
    "قال «نعم» و“لا”؛ لماذا؟ انتظر.. ثم... ماذا?!",
    "مُحَمَّدٌ كـــتاب الإيطالى ٣٫٥ ۱۲ 70% Donald Trump U.S. O’Neil",
    "سرت.وأضاف أنه\nوصل\u00a0أمس",
]


@pytest.mark.parametrize("text", TEXTS)
def test_tokenize_offsets_and_norm(text):
    tokens = tokenize(text)
    last = 0
    for t in tokens:
        assert isinstance(t, Token)
        assert text[t.start:t.end] == t.text and t.start >= last and t.text.strip() == t.text
        assert t.norm == (t.text if t.kind == "punct" else normalize(t.text))
        last = t.end
    assert "".join(t.text for t in tokens) == "".join(text.split())


def test_tokenize_numbers():
    assert _tokens("3.5 12/05/2016 1,000 ٣٫٥ 10:30 ١٢٬٠٠٠") == [
        ("3.5", "num"), ("12/05/2016", "num"), ("1,000", "num"), ("٣٫٥", "num"), ("10:30", "num"), ("١٢٬٠٠٠", "num")]
    assert _tokens("70%") == [("70", "num"), ("%", "punct")]
    assert _tokens("٧٠٪") == [("٧٠", "num"), ("٪", "punct")]
    assert _tokens("عام 2016.") == [("عام", "word"), ("2016", "num"), (".", "punct")]
    assert _tokens("و٣") == [("و", "word"), ("٣", "num")]
    assert tokenize("٣٫٥")[0].norm == "3.5"
    assert tokenize("۲۰۲۴")[0].norm == "2024"


def test_tokenize_urls_and_emails():
    assert _tokens("https://example.com/a/b.html.") == [("https://example.com/a/b.html", "url"), (".", "punct")]
    assert _tokens("(www.site.com)،") == [("(", "punct"), ("www.site.com", "url"), (")", "punct"), ("،", "punct")]
    assert _tokens("http://a.org/p?q=1&r=2!") == [("http://a.org/p?q=1&r=2", "url"), ("!", "punct")]
    assert _tokens("HTTPS://EXAMPLE.COM/A") == [("HTTPS://EXAMPLE.COM/A", "url")]
    assert _tokens("«www.site.com/خبر»") == [("«", "punct"), ("www.site.com/خبر", "url"), ("»", "punct")]
    assert _tokens("info@site.org.") == [("info@site.org", "email"), (".", "punct")]
    assert _tokens("راسلوا first.last+news@mail.co.uk،") == [
        ("راسلوا", "word"), ("first.last+news@mail.co.uk", "email"), ("،", "punct")]


def test_tokenize_latin():
    assert _tokens("Donald Trump") == [("Donald", "latin"), ("Trump", "latin")]
    assert _tokens("Café O’Neil well-known") == [("Café", "latin"), ("O’Neil", "latin"), ("well-known", "latin")]
    assert _tokens("3×4") == [("3", "num"), ("×", "punct"), ("4", "num")]


def test_tokenize_punctuation_alone():
    text = "، ؛ ؟ « » “ ” . .. ! ( ) : -"
    assert _tokens(text) == [(p, "punct") for p in text.replace(" ", "")]
    assert _tokens("«نعم»،") == [("«", "punct"), ("نعم", "word"), ("»", "punct"), ("،", "punct")]


def test_tokenize_words():
    assert _tokens("مُحَمَّدٌ كـــتاب") == [("مُحَمَّدٌ", "word"), ("كـــتاب", "word")]
    assert [t.norm for t in tokenize("مُحَمَّدٌ كـــتاب الإيطالى")] == ["محمد", "كتاب", "الايطالي"]
    assert _tokens("ﻻ ﷲ") == [("ﻻ", "word"), ("ﷲ", "word")]
    assert tokenize("وأضاف")[0].is_word and not tokenize("3")[0].is_word


# --- clitics -------------------------------------------------------------------------------------


def test_clitic_analyses_order():
    assert clitic_analyses("وبالكتاب") == (
        Analysis(0, "وبالكتاب"), Analysis(1, "بالكتاب"), Analysis(2, "الكتاب"))
    assert clitic_analyses("فقال") == (Analysis(0, "فقال"), Analysis(1, "قال"))
    assert clitic_analyses("كتاب") == (Analysis(0, "كتاب"), Analysis(1, "تاب"))
    assert clitic_analyses("سرت") == (Analysis(0, "سرت"),)
    assert clitic_analyses("وفي") == (Analysis(0, "وفي"), Analysis(1, "في"))
    assert clitic_analyses("في") == (Analysis(0, "في"),)
    assert clitic_analyses("لله") == (Analysis(0, "لله"), Analysis(1, "له"))


def test_clitic_analyses_lam_lam():
    analyses = clitic_analyses("للولايات")
    # the article reading comes right after the whole word (callers look at the first two)
    assert analyses[:2] == (Analysis(0, "للولايات"), Analysis(1, "الولايات", exact=False))
    assert Analysis(1, "لولايات") in analyses
    assert Analysis(1, "لبنان") in clitic_analyses("للبنان")
    assert Analysis(1, "اللجنه", exact=False) in clitic_analyses("للجنه")
    assert Analysis(2, "الولايات", exact=False) in clitic_analyses("وللولايات")


@pytest.mark.parametrize("word, stem", [
    ("وأضاف", "اضاف"), ("وقال", "قال"), ("والجزائر", "الجزاير"), ("بسرت", "سرت"),
    ("لإيطاليا", "ايطاليا"), ("وهو", "هو"), ("ولكن", "لكن"),
    ("للولايات", "الولايات"), ("للحكومة", "الحكومه"), ("للبنان", "لبنان"), ("لليبيا", "ليبيا"),
])
def test_split_clitics_splits(word, stem):
    assert split_clitics(normalize(word)).stem == stem


@pytest.mark.parametrize("word", [
    "وزير", "فقط", "كانت", "كان", "لبنان", "فرنسا", "كتاب", "والي", "وطن", "بحث", "لدى", "وجود",
])
def test_split_clitics_keeps_whole(word):
    assert split_clitics(normalize(word)) == Analysis(0, normalize(word))


def test_plausible_split():
    assert not plausible_split("باولو", Analysis(1, "اولو"))
    assert plausible_split("بسرت", Analysis(1, "سرت"))
    assert plausible_split("سرت", Analysis(0, "سرت"))


def test_original_length():
    assert original_length("وَقَالَ", 1) == 2
    assert original_length("وقال", 1) == 1
    assert original_length("وَبِالْكِتَابِ", 2) == 4
    assert original_length("وـــقال", 1) == 4
    assert original_length("وقال", 0) == 0
    assert original_length("وقال", 9) == 4
    # a lam-alef ligature cannot be cut: the clitic keeps it whole
    assert original_length("\ufef9\ufef3\ufec4\ufe8e\ufedf\ufef4\ufe8e", 1) == 0


def test_original_length_matches_clitic_split():
    for word in ["وَقَالَ", "وـقال", "بِسِرْت", "وَالْجَزَائِرِ"]:
        analysis = split_clitics(normalize(word))
        assert analysis.prefix == 1
        rest = word[original_length(word, analysis.prefix):]
        assert normalize(rest) == analysis.stem


# --- sentences -----------------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    tokens = tokenize(text)
    spans = split_sentences(text, tokens)
    previous_end = 0
    for s in spans:
        assert previous_end <= s.start < s.end <= len(text)
        piece = text[s.start:s.end]
        assert piece == piece.strip()
        previous_end = s.end
    # every token is in exactly one sentence
    assert sum(1 for t in tokens for s in spans if s.start <= t.start and t.end <= s.end) == len(tokens)
    return [text[s.start:s.end] for s in spans]


def test_sentences_empty():
    assert split_sentences("", []) == []
    assert _sentences("   ") == []


def test_sentences_glued_full_stop():
    sentences = _sentences("وصل الوفد إلى سرت.وأضاف المتحدث أن الاجتماع انتهى.")
    assert sentences == ["وصل الوفد إلى سرت.", "وأضاف المتحدث أن الاجتماع انتهى."]
    assert not any("سرت.وأضاف" in s for s in sentences)


def test_sentences_marks_and_lines():
    assert _sentences("هل وصل؟ نعم! وصل? حسنا") == ["هل وصل؟", "نعم!", "وصل?", "حسنا"]
    assert _sentences("عنوان الخبر\nنص الخبر بلا نقطة\nسطر ثالث") == ["عنوان الخبر", "نص الخبر بلا نقطة", "سطر ثالث"]
    assert _sentences("قال «هذا\nثم» انتهى") == ["قال «هذا", "ثم» انتهى"]
    assert _sentences("انتهى .وبدأ آخر") == ["انتهى .", "وبدأ آخر"]


@pytest.mark.parametrize("text", [
    "بلغ النمو 3.5 في المئة في 12.05.2016 حسب التقرير.",
    "زوروا www.site.com أو https://a.b.org/x.html للمزيد.",
    "راسلوا info@news.site.org لمزيد من التفاصيل.",
    "قال د. محمد إن أ.د. علي وصل.",
    "زار وفد U.S. المنطقة وقال Dr. Smith إن J. Smith وصل.",
    "زار وفد من e.g. المنظمة و Ph.D. طلاب.",
    "قال «هذا مهم. جدا» ثم غادر.",
    "قال \"هذا مهم. جدا\" ثم غادر.",
    "قال «أولا. ثانيا» و«ثالثا. رابعا» ثم غادر.",
    "رفعوا شعار «لا للحرب!» ثم تفرقوا.",
    "قال «جاء د.» ثم غادر.",
    "1. البند الأول من الاتفاق.",
])
def test_sentences_no_split(text):
    assert _sentences(text) == [text]


def test_sentences_quotation_with_its_sentence():
    assert _sentences("قال «هذا مهم. جدا» ثم غادر. وبعدها وصل") == ["قال «هذا مهم. جدا» ثم غادر.", "وبعدها وصل"]


@pytest.mark.parametrize("text", [
    "وقال إن الوفد وصل إلى ليبيا”.كما أكد الحضور",
    "وقال “إن الوفد وصل إلى ليبيا”.كما أكد الحضور",
    "وقال إن الوفد وصل إلى ليبيا.”كما أكد الحضور",
    "وقال “إن الوفد وصل إلى ليبيا.”كما أكد الحضور",
    "وقال «إن الوفد وصل إلى ليبيا.» كما أكد الحضور",
])
def test_sentences_closing_quote_after_full_stop(text):
    first, second = _sentences(text)
    assert first.endswith(("ليبيا”.", "ليبيا.”", "ليبيا.»"))
    assert second == "كما أكد الحضور"


def test_sentences_runs():
    assert _sentences("انتظر.. ثم... ماذا?! لا؟! حسنا…") == ["انتظر..", "ثم...", "ماذا?!", "لا؟!", "حسنا…"]
    assert _sentences("انتهى الأمر.)« ثم") == ["انتهى الأمر.)", "« ثم"]


def test_sentences_units_and_eras():
    assert _sentences("وقع ذلك في عام 2016م. وقال الشهود") == ["وقع ذلك في عام 2016م.", "وقال الشهود"]
    assert _sentences("قطع الموكب 50 كم. ثم توقف") == ["قطع الموكب 50 كم.", "ثم توقف"]
    assert _sentences("بنيت عام 300 ق.م. وكانت") == ["بنيت عام 300 ق.م.", "وكانت"]
    assert _sentences("زوروا موقع example.com. وأضاف") == ["زوروا موقع example.com.", "وأضاف"]


def test_sentences_list_numbers():
    assert _sentences("1. البند الأول.\n2. البند الثاني. وفيه تفاصيل") == [
        "1. البند الأول.", "2. البند الثاني.", "وفيه تفاصيل"]


def test_sentences_unclosed_quote_stops_protecting():
    sentence = "هذه جملة قصيرة. "
    text = "قال «" + sentence * (_MAX_QUOTE_CHARS // len(sentence) + 5) + "ثم انتهى."
    sentences = _sentences(text)
    assert sentences[0] == "قال «هذه جملة قصيرة."
    assert all(len(s) < 40 for s in sentences)
    assert sentences[-1] == "ثم انتهى."
    # a closed quotation of the same length under the limit stays whole
    short = "قال «" + sentence * 3 + "» ثم انتهى."
    assert _sentences(short) == [short]


def test_sentences_many_unclosed_quotes():
    # each unbalanced mark is read again once at most; the last one, open at the end, still protects
    sentences = _sentences("«كلمة. " * 2000)
    assert sentences[:1900] == ["«كلمة."] * 1900


@pytest.mark.parametrize("text", TEXTS + RAW + [
    "«" * 5 + "." * 5 + "»" * 5,
    "\"أ. ب\" \"ج. د",
    "د. ",
    ". . .",
    "U.S.",
    "”.”.”",
])
def test_sentences_invariants(text):
    _sentences(text)
