"""Quantities in Arabic news: a number (digits or words), a range or a vague plural, and the counted
noun after it normalised to a unit key (`killed`, `fighter`, `percent`, `month`, `dollar`, …).

`بين خمسة وستة آلاف مقاتل` → value_min 5000, value_max 6000, unit fighter; `العشرات من المدنيين` →
value_min 20, unit person; `70 في المئة` → 70 percent. Years, dates, times of day and labels
(`الحي رقم 2`, `القرار 2254`) are not quantities. Spans are whole tokens.
"""
from __future__ import annotations

from itertools import pairwise

from marsad.events.numbers import VAGUE, WORD_VALUES, Number, number_at
from marsad.model import Quantity


def _forms(unit: str, *forms: str) -> dict[str, str]:
    return {f: unit for f in forms}


UNITS: dict[str, str] = {
    **_forms("killed", "قتيل", "قتلي", "قتيلا", "قتلوا", "قتلو", "مقتل", "ضحيه", "ضحايا", "شهيد", "شهداء", "شهيدا"),
    **_forms("wounded", "جريح", "جرحي", "جريحا", "مصاب", "مصابين", "مصابا", "مصابون", "اصابه", "اصابات", "جرحوا"),
    **_forms("arrested", "معتقل", "معتقلين", "معتقلا", "موقوف", "موقوفين", "موقوفا", "اعتقال", "اعتقلوا", "محتجز",
             "محتجزين", "محتجزا", "سجين", "سجناء", "سجينا", "اسير", "اسري", "اسيرا"),
    **_forms("displaced", "نازح", "نازحين", "نازحا", "نازحون", "مهجر", "مهجرين", "مهجرا"),
    **_forms("refugee", "لاجي", "لاجيين", "لاجيا", "لاجيون", "مهاجر", "مهاجرين", "مهاجرا"),
    **_forms("fighter", "مقاتل", "مقاتلين", "مقاتلا", "مقاتلون", "عنصر", "عناصر", "عنصرا", "مسلح", "مسلحين",
             "مسلحا", "مسلحون", "ارهابي", "ارهابيين", "ارهابيا", "متشدد", "متشددين", "متشددا", "جهادي", "جهاديين"),
    **_forms("protester", "متظاهر", "متظاهرين", "متظاهرا", "متظاهرون", "محتج", "محتجين", "محتجا", "محتجون"),
    **_forms("person", "شخص", "اشخاص", "شخصا", "مدني", "مدنيين", "مدنيا", "مدنيون", "مواطن", "مواطنين", "مواطنا",
             "مواطنون", "فرد", "افراد", "فردا", "نسمه", "انسان", "رجل", "رجال", "رجلا"),
    **_forms("soldier", "جندي", "جنود", "جنديا", "عسكري", "عسكريين", "عسكريا", "ضابط", "ضباط", "ضابطا"),
    **_forms("police", "شرطي", "شرطيين", "شرطيا", "شرطيون"),
    **_forms("child", "طفل", "اطفال", "طفلا"),
    **_forms("woman", "امراه", "نساء", "سيده", "سيدات"),
    **_forms("dollar", "دولار", "دولارات", "دولارا"),
    **_forms("euro", "يورو"),
    **_forms("dinar", "دينار", "دنانير", "دينارا"),
    **_forms("riyal", "ريال", "ريالات", "ريالا"),
    **_forms("dirham", "درهم", "دراهم", "درهما"),
    **_forms("pound", "جنيه", "جنيهات", "جنيها", "استرليني"),
    **_forms("lira", "ليره", "ليرات"),
    **_forms("shekel", "شيكل", "شيكلا", "شيقل"),
    **_forms("percent", "بالميه", "بالمايه", "%", "٪"),
    **_forms("month", "شهر", "اشهر", "شهور", "شهرا"),
    **_forms("day", "يوم", "ايام", "يوما"),
    **_forms("year", "عام", "اعوام", "عاما", "سنه", "سنوات", "سنين"),
    **_forms("week", "اسبوع", "اسابيع", "اسبوعا"),
    **_forms("hour", "ساعه", "ساعات"),
    **_forms("minute", "دقيقه", "دقايق"),
    **_forms("km", "كيلومتر", "كيلومترات", "كيلومترا", "كلم", "كم"),
    **_forms("m", "متر", "امتار", "مترا"),
    **_forms("ton", "طن", "اطنان", "طنا"),
    **_forms("barrel", "برميل", "براميل", "برميلا"),
    **_forms("vehicle", "سياره", "سيارات", "مركبه", "مركبات", "اليه", "اليات", "عربه", "عربات", "شاحنه", "شاحنات"),
    **_forms("house", "منزل", "منازل", "منزلا", "بيت", "بيوت", "بيتا", "مسكن", "مساكن", "مسكنا"),
    **_forms("village", "قريه", "قري"),
    **_forms("family", "عايله", "عايلات", "اسره", "اسر"),
}
# Dual forms carry their number: `يومين` = 2 days.
DUALS = {
    "يومين": "day", "يومان": "day", "شهرين": "month", "شهران": "month", "عامين": "year", "عامان": "year",
    "سنتين": "year", "سنتان": "year", "اسبوعين": "week", "اسبوعان": "week", "ساعتين": "hour",
}
# Words before a number that make it a label, not a count.
LABELS = {
    "رقم", "برقم", "الرقم", "ورقم", "الماده", "ماده", "القرار", "قرار", "البند", "الفقره", "الفصل", "العدد",
    "الصفحه", "صفحه", "الطابق", "الساعه", "الجوله", "الحلقه", "الدوره", "النسخه", "المرتبه", "المركز", "الكيلو",
    "كيلو", "الطريق", "طريق", "اللواء", "الفرقه", "الكتيبه", "القطاع", "المبني", "الغرفه", "الشارع", "الموسم",
    "القرن", "المرحله", "الاصدار", "البوابه", "المعبر", "الجيل", "قمه", "مجموعه", "الحزمه", "الرحله", "العمود",
    "الطراز", "طراز", "موديل", "المنصه", "ايفون", "جي",
}
# An event word before the number gives the count its unit (`مقتل 20 شخصا` → killed).
EVENT_BEFORE = {
    "مقتل": "killed", "قتل": "killed", "مصرع": "killed", "وفاه": "killed", "استشهاد": "killed",
    "اصابه": "wounded", "جرح": "wounded", "اعتقال": "arrested", "توقيف": "arrested", "اعتقلت": "arrested",
    "نزوح": "displaced", "تهجير": "displaced", "اصيب": "wounded", "اعتقل": "arrested",
    "قتلت": "killed", "اصيبت": "wounded",
}
PERSONLIKE = {None, "person"}
TIME_UNITS = {"day", "week", "month", "year", "hour", "minute"}
KNOWN_UNITS = set(UNITS.values())
PREPOSITIONS = {
    "في", "من", "الي", "علي", "عن", "مع", "او", "و", "ما", "لا", "قد", "منذ", "خلال", "بعد", "قبل", "حتي",
    "بين", "عند", "ضد", "تحت", "فوق", "حول", "نحو", "التي", "الذي", "الذين", "هذه", "هذا", "كما", "ان", "انه",
    "لم", "لن", "كان", "كانت", "اي", "كل", "مقابل", "الف", "وفق", "عبر", "لدي", "لكن", "بل", "ثم", "اذ", "اذا",
    "حيث", "فقط", "ايضا", "اخري", "اخر", "هو", "هي", "هم", "فيما", "بينما", "وهو", "وهي", "منها", "منهم",
    "فيها", "فيه", "عليها", "عليه", "له", "لها", "لهم", "به", "بها", "بهم", "الا", "غير", "سوي", "دون", "بنحو",
    "بحوالي", "نسبه", "بنسبه", "قال", "قالت", "اضاف", "وقال", "يوم",
}


def unit_key(norm: str) -> str | None:
    if norm in UNITS:
        return UNITS[norm]
    for prefix in ("ال", "وال", "بال", "لل", "و", "ب", "ل"):
        if norm.startswith(prefix) and norm[len(prefix):] in UNITS and len(norm) - len(prefix) > 1:
            return UNITS[norm[len(prefix):]]
    return None


def _counted(tokens, j: int, n: int, after_min: bool):
    """The unit of the counted noun at token j (or after `من` there): (unit, last index) or None."""
    if j >= n or not tokens[j].is_word and tokens[j].text not in "%٪":
        return None
    t = tokens[j]
    if t.text in "%٪":
        return "percent", j
    norm = t.norm
    if norm == "في" and j + 1 < n and tokens[j + 1].norm in ("الميه", "المايه", "الميه%"):
        return "percent", j + 1
    if norm in ("بالميه", "بالمايه"):
        return "percent", j
    unit = unit_key(norm)
    if unit is not None and norm not in ("مقتل", "اصابه", "اعتقال"):
        return unit, j
    if norm == "من" and j + 1 < n and tokens[j + 1].is_word:
        unit = unit_key(tokens[j + 1].norm)
        if unit in TIME_UNITS:
            return None
        if unit is not None:
            return unit, j + 1
        if after_min and tokens[j + 1].norm.startswith("ال") and len(tokens[j + 1].norm) > 4:
            return tokens[j + 1].norm[2:], j + 1
        return None
    if norm in WORD_VALUES or norm in VAGUE:
        return None
    if norm in PREPOSITIONS or norm.startswith(("ال", "و", "ف", "ل", "ب", "ك")) or len(norm) < 3 or norm in UNITS \
            or norm[0] in "يت" and norm.endswith(("ون", "ان")):
        return None  # a function word, a prepositional phrase or a verb is no counted noun
    return (norm[:-1] if norm.endswith("ا") and len(norm) > 3 else norm), j


def _range_end(tokens, num: Number, n: int):
    """The second number of a range after `num`: `وستة آلاف`, `إلى 15`, `- 15`, `أو ستة`."""
    j = num.last + 1
    if j >= n:
        return None
    t = tokens[j]
    if t.is_word and t.norm[:1] == "و" and len(t.norm) > 2 and not num.digits:
        other = _conj_number(tokens, j)
        if other is not None:
            return other
    if t.norm in ("الي", "و", "او", "-", "حتي") and j + 1 < n:
        other = number_at(tokens, j + 1)
        if other is not None and other.value is not None:
            return other
    return None


def _conj_number(tokens, j: int):
    """A number written with the conjunction و attached (`وستة آلاف`)."""
    num = number_at(tokens, j, clitic=True)
    return num if num is not None and num.value is not None else None


def _blocked_positions(tokens, times) -> set[int]:
    """Token starts inside dates (not inside durations such as `قبل ثلاثة أشهر`)."""
    out = set()
    if not times:
        return out
    spans = [(e.start, e.end) for e in times if not e.text.lstrip("وف").startswith(("قبل", "منذ", "بعد"))]
    if not spans:
        return out
    spans.sort()
    k = 0
    for t in tokens:
        while k < len(spans) and spans[k][1] <= t.start:
            k += 1
        if k < len(spans) and spans[k][0] <= t.start < spans[k][1]:
            out.add(t.start)
    return out


def find_quantities(text: str, tokens, times=()) -> list[Quantity]:
    blocked = _blocked_positions(tokens, times)
    out: list[Quantity] = []
    n = len(tokens)
    i = 0
    while i < n:
        t = tokens[i]
        kind = t.kind
        if kind == "word":
            norm = t.norm
            if norm in DUALS or norm[:2] == "ال" and norm[2:] in DUALS:
                if t.start not in blocked:
                    out.append(Quantity(t.text, t.start, t.end, 2.0, unit=DUALS[norm[2:] if norm[:2] == "ال" else norm]))
                i += 1
                continue
        elif kind != "num":
            i += 1
            continue
        if t.start in blocked:
            i += 1
            continue
        num = number_at(tokens, i, clitic=True)
        if num is None:
            i += 1
            continue
        prev = tokens[i - 1].norm if i else ""
        if prev in LABELS and unit_key(tokens[num.last + 1].norm if num.last + 1 < n else "") is None \
                or (i and tokens[i - 1].kind == "latin") or \
                (prev == "-" and i > 1 and tokens[i - 2].end == tokens[i - 1].start):
            i = num.last + 1
            continue
        if kind == "num" and (num.last + 1 < n and tokens[num.last + 1].text in ("-", "/", ".")
                              and num.last + 2 < n and tokens[num.last + 2].kind == "num"
                              and tokens[num.last + 2].start == tokens[num.last + 1].end == tokens[num.last].end):
            i = num.last + 3  # 10-15 written tight is handled below as a range only with spaces
            continue
        value, vmin, vmax = num.value, num.value_min, None
        last = num.last
        other = _range_end(tokens, num, n) if num.value is not None else None
        if other is not None and tokens[other.first].start not in blocked:
            low = num.value
            if other.mult > 1 and num.mult == 1 and low * other.mult <= other.value:
                low *= other.mult
            if low < other.value:
                value, vmin, vmax = None, low, other.value
                last = other.last
            else:
                other = None
        counted = _counted(tokens, last + 1, n, value is None and vmax is None)
        unit, end = (counted if counted else (None, last))
        # `مقتل 20 شخصا`: the event word before the number gives the unit.
        if unit in PERSONLIKE:
            for k in range(i - 1, max(-1, i - 4), -1):
                w = tokens[k].norm
                w = w[1:] if len(w) > 3 and w[0] in "وب" and w[1:] in EVENT_BEFORE else w
                if w in EVENT_BEFORE:
                    unit = EVENT_BEFORE[w]
                    break
                if not tokens[k].is_word:
                    break
        after = tokens[num.last + 1].norm if num.last + 1 < n else ""
        if num.digits and (after in ("م", "ه", "هجري", "ميلادي") or prev == "ال" and unit_key(after) is None):
            i = num.last + 1
            continue  # `688 م` is a year, `الـ38` an ordinal
        if num.simple and value == 1:
            i = last + 1
            continue  # `وأحد` / `واحد` before a noun is "one of", not a count
        if num.digits and unit not in KNOWN_UNITS and "," not in t.norm and "." not in t.norm and (
                value is not None and 1900 <= value <= 2100 and num.last == i
                or vmax is not None and 1900 <= vmin and vmax <= 2100):
            i = last + 1
            continue  # a year or a range of years
        if unit is None:
            if num.simple or not num.digits and vmax is None and value is not None and value < 11:
                i = last + 1
                continue  # a bare number word (`ثلاث`) is no quantity
            if num.digits and vmax is None and value is not None and value == int(value) and \
                    1900 <= value <= 2100 and "," not in t.norm and num.last == i:
                i = last + 1
                continue  # a year
            if num.digits and tokens[num.last + 1:num.last + 2] and tokens[num.last + 1].text in ":/":
                i = last + 1
                continue
        if unit == "percent" and value is None and vmax is None:
            i = end + 1
            continue
        start, stop = tokens[i].start, tokens[end].end
        out.append(Quantity(text[start:stop], start, stop, value, vmin, vmax, unit))
        i = end + 1
    _share_units(out, text)
    return out


def _share_units(out: list[Quantity], text: str) -> None:
    """`العشرات وربما المئات من عناصر`: a unitless vague count takes the unit of the next one."""
    for a, b in pairwise(out):
        if a.unit is None and b.unit is not None and a.value is None and b.value is None and \
                b.start - a.end < 12 and text[a.end:b.start].strip().split()[:1] in (["وربما"], ["او"], ["أو"], ["بل"], []):
            a.unit = b.unit
