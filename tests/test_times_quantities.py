"""Times and quantities: the hand-written table tests/fixtures/times_quantities.tsv (accuracy ≥ 95%,
failures printed), focused unit tests, and the seed article's four reference quantities.

`MARSAD_DATEPARSER=1 pytest -s tests/test_times_quantities.py -k dateparser` also measures how many
time rows dateparser's `search_dates` gets right on its own (slow; for docs/evaluation.md)."""
from __future__ import annotations

import datetime
import json
import os

import pytest
from conftest import FIXTURES, SEED, SEED_GOLD, needs

from marsad.events.dates import gregorian_to_hijri, hijri_to_gregorian
from marsad.events.numbers import number_at
from marsad.model import Article, Metadata
from marsad.pipeline import run
from marsad.text.tokens import tokenize

TABLE = FIXTURES / "times_quantities.tsv"
STAGES = ("text", "times", "quantities")


def load_table():
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, sentence, published, expression, value, detail = (line.split("\t") + [""] * 6)[:6]
        rows.append((kind, sentence, None if published in ("None", "-") else published, expression, value, detail))
    return rows


def analyse(sentence: str, published: str | None) -> Article:
    return run(Article(sentence, metadata=Metadata(published=published)), STAGES)


def _number(text: str) -> float:
    return float(text)


def check_row(row, article: Article) -> str | None:
    """None when the row is right, else what went wrong."""
    kind, sentence, _published, expression, value, detail = row
    start = sentence.find(expression)
    assert start >= 0, f"expression {expression!r} not in its sentence"
    end = start + len(expression)
    if kind == "no-time":
        hits = [t for t in article.times if t.start < end and start < t.end]
        return f"unexpected times {[t.text for t in hits]}" if hits else None
    if kind == "no-quantity":
        hits = [q for q in article.quantities if q.start < end and start < q.end]
        return f"unexpected quantities {[(q.text, q.value, q.unit) for q in hits]}" if hits else None
    if kind == "time":
        found = [t for t in article.times if t.text == expression and t.start == start]
        if not found:
            return f"not found; got {[(t.text, t.value) for t in article.times]}"
        t = found[0]
        flags = detail.split(",")
        want_value = None if value == "None" else value
        problems = []
        if t.value != want_value:
            problems.append(f"value {t.value} != {want_value}")
        if t.granularity != flags[0]:
            problems.append(f"granularity {t.granularity} != {flags[0]}")
        if t.calendar != ("hijri" if "hijri" in flags else "gregorian"):
            problems.append(f"calendar {t.calendar}")
        if t.relative != ("rel" in flags):
            problems.append(f"relative {t.relative}")
        return "; ".join(problems) or None
    found = [q for q in article.quantities if q.text == expression and q.start == start]
    if not found:
        return f"not found; got {[(q.text, q.value, q.value_min, q.value_max, q.unit) for q in article.quantities]}"
    q = found[0]
    if ".." in value:
        low, high = value.split("..")
        want = (None, _number(low), _number(high))
    elif value.startswith(">="):
        want = (None, _number(value[2:]), None)
    else:
        want = (_number(value), None, None)
    got = (q.value, q.value_min, q.value_max)
    problems = []
    if got != want:
        problems.append(f"values {got} != {want}")
    if q.unit != (None if detail == "-" else detail):
        problems.append(f"unit {q.unit} != {detail}")
    return "; ".join(problems) or None


def test_table_is_big_enough():
    rows = load_table()
    assert len(rows) >= 100
    assert sum(r[0] == "time" for r in rows) >= 50
    assert sum(r[0] == "quantity" for r in rows) >= 50


def test_table_accuracy():
    rows = load_table()
    failures = []
    for row in rows:
        article = analyse(row[1], row[2])
        for item in article.times + article.quantities:
            assert article.text[item.start:item.end] == item.text
        problem = check_row(row, article)
        if problem:
            failures.append((row[0], row[1], row[3], problem))
    accuracy = 1 - len(failures) / len(rows)
    print(f"\ntimes/quantities table: {len(rows) - len(failures)}/{len(rows)} rows right, accuracy {accuracy:.3f}")
    for kind, sentence, expression, problem in failures:
        print(f"  FAIL [{kind}] {expression!r} in {sentence!r}: {problem}")
    assert accuracy >= 0.95


@needs(SEED)
def test_seed_quantities():
    article = run(Article(SEED.read_text(encoding="utf-8")), STAGES)
    found = {q.text: q for q in article.quantities}
    for q in article.quantities + article.times:
        assert article.text[q.start:q.end] == q.text
    assert found["70 في المئة"].value == 70 and found["70 في المئة"].unit == "percent"
    q = found["خمسة وستة آلاف مقاتل"]
    assert (q.value, q.value_min, q.value_max, q.unit) == (None, 5000, 6000, "fighter")
    q = found["ثمانية آلاف مقاتل"]
    assert (q.value, q.unit) == (8000, "fighter")
    q = found["ثلاثة اشهر"]
    assert (q.value, q.unit) == (3, "month")
    # labels are no quantities: الحي رقم 2، رقم 1، رقم 3
    assert not [q for q in article.quantities if q.text in ("2", "1", "3")]


@needs(SEED_GOLD)
def test_seed_gold_quantities_all_found():
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["quantities"]
    article = run(Article(SEED.read_text(encoding="utf-8")), STAGES)
    found = {q.text: q for q in article.quantities}
    for g in gold:
        q = found[g["text"]]
        assert q.unit == g["unit"]
        assert q.value == g.get("value") and q.value_min == g.get("value_min") and q.value_max == g.get("value_max")


@pytest.mark.parametrize("text, value", [
    ("خمسة وعشرون", 25), ("ثلاثة آلاف وخمسمئة", 3500), ("ثمانية آلاف", 8000), ("أحد عشر ألفا", 11000),
    ("مئة وخمسون ألف", 150000), ("مليون ومئتا ألف", 1200000), ("ثلاثمائة وخمسة وعشرون", 325),
    ("3 آلاف", 3000), ("2.5 مليون", 2500000), ("1,500", 1500), ("٣٫٥", 3.5), ("ألفين", 2000),
    ("نصف مليون", 500000), ("ثلاثة عشر", 13), ("اثنتي عشرة", 12), ("تسعين", 90), ("مائتي", 200),
])
def test_number_words(text, value):
    num = number_at(tokenize(text), 0)
    assert num is not None and num.value == value


def test_two_units_joined_by_and_are_two_numbers():
    num = number_at(tokenize("خمسة وستة آلاف"), 0)
    assert num.value == 5 and num.last == 0


@pytest.mark.parametrize("text, low", [("عشرات", 20), ("العشرات", 20), ("مئات", 200), ("آلاف", 2000),
                                       ("عشرات الآلاف", 20000)])
def test_vague_numbers(text, low):
    num = number_at(tokenize(text), 0)
    assert num.value is None and num.value_min == low


def test_hijri_conversion_round_trip():
    assert hijri_to_gregorian(1437, 9, 1) == datetime.date(2016, 6, 6)
    for ordinal in range(datetime.date(1990, 1, 1).toordinal(), datetime.date(2030, 1, 1).toordinal(), 37):
        d = datetime.date.fromordinal(ordinal)
        assert hijri_to_gregorian(*gregorian_to_hijri(d)) == d


def test_relative_without_publication_date_is_recorded_without_value():
    article = analyse("قال أمس إن الوفد وصل قبل ثلاثة أيام", None)
    assert [(t.text, t.value, t.relative) for t in article.times] == [("أمس", None, True), ("قبل ثلاثة أيام", None, True)]


def test_offsets_hold_with_clitics_and_diacritics():
    text = "وقُتِلَ ثلاثةُ أشخاصٍ وأُصيبَ ٢٥ آخرون بالأمسِ، و١٢ أيار ٢٠١٦"
    article = analyse(text, "2016-08-25")
    assert article.times and article.quantities
    for item in article.times + article.quantities:
        assert text[item.start:item.end] == item.text


@pytest.mark.skipif(not os.environ.get("MARSAD_DATEPARSER"), reason="slow; set MARSAD_DATEPARSER=1")
def test_dateparser_alone_on_the_table():
    """How many time rows dateparser's search_dates gets right on its own (value at the row's
    granularity, found anywhere in the sentence)."""
    from dateparser.search import search_dates

    rows = [r for r in load_table() if r[0] == "time" and r[2]]
    right = 0
    for kind, sentence, published, expression, value, detail in rows:
        base = datetime.datetime.fromisoformat(published[:10])
        try:
            found = search_dates(sentence, languages=["ar"], settings={"RELATIVE_BASE": base}) or []
        except Exception:  # noqa: BLE001
            found = []
        if any(d.isoformat()[:len(value)] == value for _, d in found):
            right += 1
    print(f"\ndateparser alone: {right}/{len(rows)} time rows right")


# --- the dateline's date as the publication date ---------------------------------------------------

DATELINED = ("قوات تتقدم في سرت\n\n"
             "{dateline} أعلن المتحدث باسم القوات أمس أن الهجوم سيستأنف الأسبوع المقبل، وقال إن المقاتلين "
             "هاجموا مواقع التنظيم في سرت.\nواحتج مئات المتظاهرين في طرابلس على انقطاع الكهرباء.")


@pytest.mark.parametrize("dateline, expected", [
    ("طرابلس - 12 أغسطس 2016:", "2016-08-12"),
    ("الخميس 22 أيلول 2016\n", "2016-09-22"),
    ("تونس 11 ديسمبر 2016 (وات) -", "2016-12-11"),
    ("جدة - الأحد 15 رمضان 1437هـ الموافق 19 يونيو 2016:", "2016-06-19"),
])
def test_dateline_date_is_the_publication_date(dateline, expected):
    import marsad

    article = marsad.analyze(DATELINED.format(dateline=dateline), format="text")
    assert article.metadata.published == expected
    assert [w.code for w in article.warnings if w.code == "dateline"] == ["dateline"]
    resolved = {t.text: t.value for t in article.times}
    day = datetime.date.fromisoformat(expected)
    assert resolved["أمس"] == (day - datetime.timedelta(days=1)).isoformat()
    assert resolved["الأسبوع المقبل"] is not None
    assert article.events and all(e.date for e in article.events)


@pytest.mark.parametrize("opening", [
    "(عمان) — شارك نحو ثلاثة آلاف شخص، مساء الخميس 2 شباط 2017، في اعتصام.",  # the event's date, in the sentence
    "وصل الوفد إلى القاهرة في 12 أغسطس 2016 لبحث التعاون.",
])
def test_a_date_inside_the_first_sentence_is_not_a_dateline(opening):
    import marsad

    article = marsad.analyze(DATELINED.format(dateline=opening), format="text")
    assert article.metadata.published is None
    assert not [w for w in article.warnings if w.code == "dateline"]
    assert {t.text: t.value for t in article.times}["أمس"] is None


def test_metadata_date_wins_over_the_dateline():
    import marsad

    article = marsad.analyze(DATELINED.format(dateline="طرابلس - 12 أغسطس 2016:"), format="text",
                             published="2016-08-13")
    assert article.metadata.published == "2016-08-13"
    assert {t.text: t.value for t in article.times}["أمس"] == "2016-08-12"
    assert not [w for w in article.warnings if w.code == "dateline"]


def test_a_metadata_date_after_the_dateline_is_flagged_as_a_crawl_date():
    import marsad

    article = marsad.analyze(DATELINED.format(dateline="طرابلس - 12 أغسطس 2016:"), format="text",
                             published="2016-08-13")
    assert [w.code for w in article.warnings] == ["crawl_date"]
    same_day = marsad.analyze(DATELINED.format(dateline="طرابلس - 12 أغسطس 2016:"), format="text",
                              published="2016-08-12")
    assert not [w for w in same_day.warnings if w.code == "crawl_date"]


def test_event_dates_say_where_they_come_from():
    import marsad

    lined = marsad.analyze(DATELINED.format(dateline="طرابلس - 12 أغسطس 2016:"), format="text",
                           published="2016-08-13")
    sources = {e.sentence[:12]: (e.date, e.date_source) for e in lined.events}
    assert ("2016-08-12", "dateline") in sources.values()  # the protest sentence has no time of its own
    assert all(e.date_source == "sentence" for e in lined.events if "أمس" in e.sentence)
    bare = marsad.analyze("احتج مئات المتظاهرين في طرابلس على انقطاع الكهرباء.", format="text",
                          published="2016-08-13")
    assert [(e.date, e.date_source) for e in bare.events] == [("2016-08-13", "published")]


def test_today_named_before_the_publication_date_is_flagged():
    import marsad

    article = marsad.analyze("حدد رئيس الوزراء البريطاني ديفيد كاميرون، اليوم (الاثنين)، ملامح استراتيجية جديدة.",
                             format="text", published="2015-07-21T02:51:32")
    assert [(t.text, t.value) for t in article.times] == [("اليوم (الاثنين)", "2015-07-20")]
    assert [w.code for w in article.warnings] == ["crawl_date"]
    same_day = marsad.analyze("أعلن الوزير اليوم الثلاثاء أن الحكومة مستقرة.", format="text", published="2015-07-21")
    assert not same_day.warnings
