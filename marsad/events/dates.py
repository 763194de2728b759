"""Date expressions in Arabic news → resolved `TimeExpression`s.

A token scanner (no dateparser per token: far too slow) reads, on matching forms:
absolute dates with Gregorian (`مايو`), Levantine (`أيار`, `كانون الثاني`), Maghrebi (`جانفي`) and
Moroccan (`غشت`) month names, combined forms (`أيار/مايو`, `مايو (أيار)`), numeric dates (`12/05/2016`
day first, `2016-05-12`, `1 / 8 / 1438هـ`), ordinal days (`الثامن من أيار`), years (`عام 2014`, `2016م`),
Hijri dates (`٥ رمضان ١٤٣٧ هـ`, converted with the Umm al-Qura calendar; a Hijri month or year is the span
of Gregorian days it covers), relative expressions (`أمس`, `أمس الأول`, `الخميس الماضي`, `قبل ثلاثة أشهر`,
`منذ يومين`, `الأسبوع المقبل`, `مطلع الشهر الجاري`, `أغسطس الماضي`) resolved against the publication date,
and references to an earlier date (`أبريل من العام نفسه`, `15 من الشهر نفسه`). A weekday or a day word and
the date after it, and a date and its equivalent after `الموافق`, are one expression (the Gregorian date
gives the value: `يوم السبت 7/11/1436هـ الموافق 22/8/2015م` is 2015-08-22). A date without a year is the
latest not after publication, unless it is at most FUTURE_HORIZON days ahead or a future word comes
before it; a written weekday chooses its year.
`dateline_date` finds the date of a dateline (`الخميس 22 أيلول 2016`, `طرابلس - 12 أغسطس 2016:`) at the
start of an article, used as its publication date when its metadata has none.

Spans are whole tokens (clitics included): `article.text[start:end] == text`.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from hijridate import Gregorian, Hijri

from marsad import lexicon
from marsad.events.numbers import number_at
from marsad.model import TimeExpression

# --- calendars ---------------------------------------------------------------------------------

_HIJRI_EPOCH = 1948439  # Julian day number of 1 Muharram 1 AH (civil epoch, 16 July 622 Julian)


def _jdn_to_date(jdn: int) -> date:
    return date.fromordinal(jdn - 1721425)


def _date_to_jdn(d: date) -> int:
    return d.toordinal() + 1721425


def _tabular_to_gregorian(year: int, month: int, day: int) -> date:
    """The tabular (arithmetical) Islamic calendar, for years outside the Umm al-Qura tables."""
    jdn = day + (59 * (month - 1) + 1) // 2 + (year - 1) * 354 + (3 + 11 * year) // 30 + _HIJRI_EPOCH - 1
    return _jdn_to_date(jdn)


def hijri_to_gregorian(year: int, month: int, day: int) -> date:
    """The Umm al-Qura calendar (Saudi Arabia's official one, `hijridate`), 1343–1500 AH; the tabular
    calendar outside it. Raises ValueError for a day the month does not have."""
    try:
        if day == 30 and 1 <= month <= 12 and Hijri(year, month, 1).month_length() == 29:
            return hijri_to_gregorian(year, month, 29) + timedelta(days=1)  # a month completed to 30 days
        g = Hijri(year, month, day).to_gregorian()
        return date(g.year, g.month, g.day)
    except OverflowError:
        if not 1 <= month <= 12 or not 1 <= day <= 30:
            raise ValueError(f"no Hijri date {year}-{month}-{day}") from None
        return _tabular_to_gregorian(year, month, day)


def hijri_span(year: int, month: int | None = None) -> tuple[date, date]:
    """First and last Gregorian day of a Hijri year or month."""
    first = hijri_to_gregorian(year, month or 1, 1)
    nxt = hijri_to_gregorian(year + 1, 1, 1) if month in (None, 12) else hijri_to_gregorian(year, month + 1, 1)
    return first, nxt - timedelta(days=1)


def gregorian_to_hijri(d: date) -> tuple[int, int, int]:
    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
        return h.year, h.month, h.day
    except OverflowError:
        pass
    jdn = _date_to_jdn(d)
    year = (30 * (jdn - _HIJRI_EPOCH) + 10646) // 10631
    month = 1
    while month < 12 and _date_to_jdn(_tabular_to_gregorian(year, month + 1, 1)) <= jdn:
        month += 1
    return year, month, jdn - _date_to_jdn(_tabular_to_gregorian(year, month, 1)) + 1


# --- lexicon (matching forms) ------------------------------------------------------------------


def _months(calendar: str) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
    """(one-word name → month, first word → {second word: month}) of a calendar's month names."""
    one, two = {}, {}
    for entry in lexicon.rows("months"):
        if entry["calendar"] != calendar:
            continue
        first, _, second = entry["name"].partition(" ")
        if second:
            two.setdefault(first, {})[second] = int(entry["month"])
        else:
            one[first] = int(entry["month"])
    return one, two


def _date_words(kind: str) -> set[str]:
    return {entry["word"] for entry in lexicon.rows("date_words") if entry["class"] == kind}


# Month names → month number; two-word names (كانون الثاني) by first word → {second word: month}.
MONTHS, TWO_WORD_MONTHS = _months("gregorian")
HIJRI_MONTHS, TWO_WORD_HIJRI = _months("hijri")
# Month names that are also ordinary words: a month only in a date context.
AMBIGUOUS_MONTHS = {entry["name"] for entry in lexicon.rows("months") if entry["ambiguous"] == "yes"}
WEEKDAYS = {word: int(day) for word, day in lexicon.mapping("weekdays", "word", "weekday").items()}
PAST = _date_words("past")
NEXT = _date_words("next")
CURRENT = _date_words("current")
# Words before a period that narrow it but keep its granularity (`مطلع الشهر الجاري`).
PARTS = _date_words("part")
# Words that introduce a date, making an ambiguous month name (`مارس`) a month.
DATE_CUES = _date_words("date_cue")
PERIODS = lexicon.mapping("date_periods", "word", "granularity")  # `الشهر الماضي`: period word → granularity
# Duration nouns → (unit, count); duals carry their count.
SPANS = {entry["word"]: (entry["unit"], int(entry["count"]) if entry["count"] else None)
         for entry in lexicon.rows("durations")}
# A few relative days: word → offset in days.
DAY_WORDS = {word: int(offset) for word, offset in lexicon.mapping("relative_days", "word", "offset").items()}
DAY_PREFIX = _date_words("day_prefix")
YEAR_CUES = _date_words("year_cue")
# Ordinal days (`الثامن من أيار`): first word → {rest of the ordinal ("" for one word): day}.
ORDINAL_DAYS: dict[str, dict[str, int]] = {}
for _entry in lexicon.rows("day_ordinals"):
    _first, _, _rest = _entry["word"].partition(" ")
    ORDINAL_DAYS.setdefault(_first, {})[_rest] = int(_entry["day"])
# Month names that are also number words (صفر, zero: `فاز 3-صفر`): a month only with a year or after شهر.
NUMBER_MONTHS = {"صفر"}
_YEAR_SUFFIX = _date_words("year_suffix")

TRIGGERS = (set(MONTHS) | set(TWO_WORD_MONTHS) | set(HIJRI_MONTHS) | set(TWO_WORD_HIJRI) | set(WEEKDAYS)
            | set(PERIODS) | set(DAY_WORDS) | {"قبل", "منذ", "بعد", "اول"} | YEAR_CUES | PARTS | DAY_PREFIX
            | set(ORDINAL_DAYS))

_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
HIJRI_YEARS_AROUND = 50  # a Hijri year without هـ is within this many years of the publication's
HIJRI_YEARS_BEFORE = 1600  # a year number after a Hijri month above this is a Gregorian year (`رمضان 2018`)
_SAME = {"نفسه", "نفسها", "ذاته", "ذاتها"}
_LINKS = {"و", "او", "ام", "الي", "حتي", "غايه", "لغايه", "بين", "ثم", "-", "/"}
FUTURE_WINDOW = 8  # words before a date searched for a future marker
# A date without a year up to this many days after publication is this year's (news announces what is near:
# `المقرر في 6 مايو`); further ahead, last year's unless a future marker says otherwise.
FUTURE_HORIZON = 60
FUTURE_WORDS = {"سوف", "المقرر", "مقرر", "المرتقب", "المنتظر", "المزمع", "يعتزم", "تعتزم", "يرتقب", "يترقب"}
# Words that begin like a future verb (سـ + imperfect: سيعقد، ستنطلق، سنعمل) and are nouns.
_NOT_FUTURE = {"سنوات", "سنويا", "سنوي", "سنويه", "سنتين", "سنتان", "سياسه", "سياسي", "سياسيه", "سياسات",
               "سيارات", "سياره", "سيطره", "سيده", "سيدات", "ستون", "ستين", "ستار", "ستاد", "سيناء", "سينما",
               "سياحه", "سياحي", "سياحيه", "سيول", "سنغال", "سنغافوره", "ستراتيجيه", "سيادة", "سياده", "سيناريو"}


def _strip_conj(norm: str) -> str:
    """`والخميس` → `الخميس`, `وفي` stays (not a trigger either way)."""
    if len(norm) > 3 and norm[0] in "وف" and norm[1:] in TRIGGERS:
        return norm[1:]
    return norm


# --- resolution helpers ------------------------------------------------------------------------


def _add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, min(d.day, [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31][m - 1]))


def _shift(d: date, unit: str, n: int) -> date:
    if unit == "day" or unit == "hour":
        return d + timedelta(days=n if unit == "day" else 0)
    if unit == "week":
        return d + timedelta(weeks=n)
    if unit == "month":
        return _add_months(d, n)
    return _add_months(d, 12 * n)


def _counts(token) -> bool:
    """Whether a word after a number makes it a count (`2000 قتيل`, `1362 مخالفة`)."""
    from marsad.events.quantities import unit_key

    return token.is_word and unit_key(token.norm) is not None


def _span(first: date, last: date) -> str:
    """An ISO 8601 interval of days, `2014-10-25/2015-10-13`."""
    return f"{first.isoformat()}/{last.isoformat()}"


def _hijri_year_in(gregorian_year: int, month: int) -> int:
    """The Hijri year whose `month` begins in a Gregorian year (`رمضان 2018` → 1439)."""
    hy = gregorian_to_hijri(date(gregorian_year, 1, 1))[0]
    for y in (hy, hy + 1):
        if hijri_to_gregorian(y, month, 1).year == gregorian_year:
            return y
    return hy + 1


def _format(d: date, granularity: str) -> str:
    if granularity == "year":
        return f"{d.year:04d}"
    if granularity == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if granularity == "week":
        return (d - timedelta(days=d.weekday())).isoformat()
    return d.isoformat()


def parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _year_at(tokens, j: int, n: int, earliest: int = 1300):
    """A year number at token j (optionally followed by م / هـ), from `earliest` (lower after عام: `عام
    1187`) to 2100: (year, last index, hijri) or None."""
    if j >= n or tokens[j].kind != "num" or not tokens[j].norm.isdigit() or len(tokens[j].norm) != 4:
        return None
    year = int(tokens[j].norm)
    last, hijri = j, None
    if j + 1 < n and tokens[j + 1].norm in _YEAR_SUFFIX:
        hijri = tokens[j + 1].norm.startswith("ه")
        last = j + 1
    if not earliest <= year <= 2100:
        return None
    return year, last, hijri


def _month_name(tokens, j: int, n: int):
    """A month name at token j: (month, last index, hijri, ambiguous) or None."""
    norm = _strip_conj(tokens[j].norm)
    if norm == "اب" and "إ" in tokens[j].text:
        return None  # إب, the Yemeni city; the month is آب
    if norm in MONTHS:
        return MONTHS[norm], j, False, norm in AMBIGUOUS_MONTHS
    if norm in HIJRI_MONTHS:
        return HIJRI_MONTHS[norm], j, True, True
    for table, hijri in ((TWO_WORD_MONTHS, False), (TWO_WORD_HIJRI, True)):
        if norm in table and j + 1 < n:
            month = table[norm].get(tokens[j + 1].norm)
            if month:
                return month, j + 1, hijri, False
    return None


def _alternative(tokens, j: int, n: int) -> int:
    """Skip a second name of the same month: `أيار/مايو`, `مايو (أيار)`; returns the new last index."""
    if j + 1 < n and tokens[j + 1].text in "/-" and j + 2 < n:
        alt = _month_name(tokens, j + 2, n)
        if alt and not alt[2]:
            return alt[1]
    if j + 1 < n and tokens[j + 1].is_word:
        alt = _month_name(tokens, j + 1, n)
        if alt and not alt[2] and not alt[3]:
            return alt[1]  # `نوفمبر تشرين الثاني 2017`
    if j + 1 < n and tokens[j + 1].text == "(" and j + 2 < n:
        alt = _month_name(tokens, j + 2, n)
        if alt and not alt[2] and alt[1] + 1 < n and tokens[alt[1] + 1].text == ")":
            return alt[1] + 1
    return j


class _Context:
    """A scanner's state and what it reads around an expression: future words, a written weekday, a year
    closing a list, the dates named before it."""

    def __init__(self, text: str, tokens, published: date | None):
        self.text = text
        self.tokens = tokens
        self.n = len(tokens)
        self.pub = published
        self.out: list[TimeExpression] = []

    def emit(self, i: int, j: int, value: str | None, granularity: str, calendar: str = "gregorian",
             relative: bool = False) -> int:
        start, end = self.tokens[i].start, self.tokens[j].end
        self.out.append(TimeExpression(self.text[start:end], start, end, value, granularity, calendar, relative))
        return j + 1

    def norm(self, j: int) -> str:
        return self.tokens[j].norm if 0 <= j < self.n else ""

    # each reader returns the index after the expression, or None

    def future(self, i: int) -> bool:
        """Whether a future marker (a future verb `سيـ`/`ستـ`, `سوف`, a plan word) is among the few words
        before token i in its sentence."""
        for k in range(i - 1, max(-1, i - FUTURE_WINDOW - 1), -1):
            t = self.tokens[k]
            if not t.is_word:
                if t.text in ".!?؟\n":
                    return False
                continue
            norm = t.norm
            if norm in FUTURE_WORDS or norm[:1] == "و" and norm[1:] in FUTURE_WORDS:
                return True
            if re.match(r"^(?:و|ف)?س[يتن]\w{3,}$", norm) and norm.lstrip("وف") not in _NOT_FUTURE:
                return True
        return False

    def _same_period(self, j: int):
        """`من العام نفسه`, `من نفس العام`, `من السنة ذاتها` at token j: (last index, "year") or None."""
        k = j + 1 if self.norm(j) == "من" else j
        a, b = self.norm(k), self.norm(k + 1)
        if a in ("العام", "السنه") and b in _SAME:
            return k + 1, "year"
        if a in ("نفس", "ذات") and b in ("العام", "السنه"):
            return k + 1, "year"
        return None

    def _last_explicit_year(self, i: int) -> int | None:
        """The year of the last expression before token i that names its year (not relative)."""
        start = self.tokens[i].start
        for t in reversed(self.out):
            if t.end <= start and not t.relative and t.value and t.value[:4].isdigit():
                return int(t.value[:4])
        return None

    def _same_month(self, j: int):
        """`الشهر نفسه`, `نفس الشهر`, `الشهر ذاته` at token j: (last index, `YYYY-MM` of the last month
        named before it, or None), or None."""
        here = _strip_conj(self.norm(j))
        if here == "الشهر" and self.norm(j + 1) in _SAME or \
                self.norm(j).lstrip("وفبل") in ("نفس", "ذات") and self.norm(j + 1) == "الشهر":
            start = self.tokens[j].start
            month = next((t.value[:7] for t in reversed(self.out) if t.end <= start and t.value
                          and t.granularity in ("day", "month") and t.value[4:5] == "-"), None)
            return j + 1, month
        return None

    def _weekday_before(self, first: int, i: int) -> int | None:
        """The weekday written in a date's first words (`الخميس 30 آب`), or None."""
        for k in range(first, i):
            wd = WEEKDAYS.get(_strip_conj(self.norm(k)))
            if wd is not None:
                return wd
        return None

    def _year_ahead(self, j: int) -> int | None:
        """A year closing a list or range of dates that starts at token j (`أو سبتمبر/أيلول عام 2016`,
        `إلى 30 جوان 2017`), or None."""
        if _strip_conj(self.norm(j)) == self.norm(j) and self.norm(j) not in _LINKS:
            return None
        for k in range(j, min(self.n, j + 8)):
            t = self.tokens[k]
            found = _year_at(self.tokens, k, self.n)
            if found and found[2] is not True:
                return found[0]
            norm = _strip_conj(t.norm)
            if t.kind == "num" or t.text in "/-" or norm in _LINKS or norm in MONTHS or norm in TWO_WORD_MONTHS \
                    or norm in YEAR_CUES or norm in ("عام", "العام") or self.tokens[k - 1].norm in TWO_WORD_MONTHS:
                continue
            return None
        return None

    def _far_hijri_year(self, year: int) -> bool:
        """Whether a number written without هـ after a Hijri month is too far from the publication's Hijri
        year to be one (`رمضان 1362 مخالفة` in 2017); a Gregorian year (`رمضان 2018`) is not far."""
        if self.pub is None or year > HIJRI_YEARS_BEFORE:
            return False
        return abs(year - gregorian_to_hijri(self.pub)[0]) > HIJRI_YEARS_AROUND

    def _hijri_year(self, hy: int, month: int, day: int | None, first: int, i: int) -> int:
        """The Hijri year of a Hijri day or month written without one: the weekday's when one is written,
        else the same rule as for Gregorian dates (this year's up to FUTURE_HORIZON days ahead)."""
        weekday = self._weekday_before(first, i)
        try:
            if day is not None and weekday is not None:
                for candidate in (hy, hy + 1, hy - 1):
                    if hijri_to_gregorian(candidate, month, day).weekday() == weekday:
                        return candidate
            ahead = (hijri_to_gregorian(hy, month, min(day or 1, 29)) - self.pub).days
        except ValueError:
            return hy
        if self.future(first):
            return hy + 1 if ahead < 0 else hy
        return hy - 1 if ahead > (FUTURE_HORIZON if day else FUTURE_HORIZON + 29) else hy


class _Relative(_Context):
    """Readers of days (`12 أيار`, `الثامن من أيار`) and of dates resolved against the publication date or an
    earlier date."""

    def relative_span(self, i: int):
        """`قبل ثلاثة أشهر`, `منذ يومين`, `بعد أسبوعين`: publication date ∓ a duration."""
        word = _strip_conj(self.norm(i))
        sign = 1 if word == "بعد" else -1
        j = i + 1
        if j >= self.n:
            return None
        span = SPANS.get(self.norm(j))
        if span and span[1]:
            unit, count, last = span[0], span[1], j
        else:
            num = number_at(self.tokens, j)
            if num is None or num.value is None or num.value != int(num.value) or num.value > 1000:
                return None
            span = SPANS.get(self.norm(num.last + 1))
            if not span or span[1]:
                return None
            unit, count, last = span[0], int(num.value), num.last + 1
        granularity = "day" if unit == "hour" else unit
        if unit == "hour" and count >= 24:
            return None
        value = None
        if self.pub is not None:
            value = _format(_shift(self.pub, unit, sign * count), granularity)
        return self.emit(i, last, value, granularity, "gregorian", True)

    def weekday(self, i: int, first: int):
        wd = WEEKDAYS[_strip_conj(self.norm(i))]
        last = i
        nxt = self.norm(i + 1)
        shift = 0
        if nxt in PAST:
            shift, last = -1, i + 1
        elif nxt in NEXT:
            shift, last = 1, i + 1
        elif nxt in CURRENT or nxt == "الفايت":
            last = i + 1
        value = None
        if self.pub is not None:
            diff = (self.pub.weekday() - wd) % 7
            if shift == 1:
                d = self.pub + timedelta(days=(wd - self.pub.weekday()) % 7 or 7)
            elif shift == -1:
                d = self.pub - timedelta(days=diff or 7)
            else:
                d = self.pub - timedelta(days=diff)
            value = d.isoformat()
        return self.emit(first, last, value, "day", "gregorian", True)

    def period(self, i: int, first: int):
        """`الأسبوع الماضي`, `الشهر الجاري`, `العام المقبل`, `هذا العام`."""
        word = _strip_conj(self.norm(i))
        granularity = PERIODS[word]
        nxt = self.norm(i + 1)
        prev = _strip_conj(self.norm(i - 1))
        if nxt in PAST:
            shift, last = -1, i + 1
        elif nxt in NEXT:
            shift, last = 1, i + 1
        elif nxt in CURRENT:
            shift, last = 0, i + 1
        elif prev in ("هذا", "هذه") and first == i:
            shift, last, first = 0, i, i - 1
        elif word == "الشهر" and (nxt in _SAME or self.norm(i - 1).lstrip("وفبل") in ("نفس", "ذات")):
            start = i if nxt in _SAME else i - 1
            return self.same_month(start, min(first, start))
        elif word in ("العام", "السنه") and (nxt in _SAME or self.norm(i - 1).lstrip("وفبل") in ("نفس", "ذات")):
            first, last = (min(first, i - 1), i) if nxt not in _SAME else (first, i + 1)
            year = self._last_explicit_year(first)
            return self.emit(first, last, None if year is None else f"{year:04d}", "year", "gregorian")
        else:
            return None
        if word == "اليوم":
            if shift == 0:
                return None
            granularity = "day"
        value = None
        if self.pub is not None:
            value = _format(_shift(self.pub, granularity, shift), granularity)
        return self.emit(first, last, value, granularity, "gregorian", True)

    def same_month(self, i: int, first: int):
        """`الشهر نفسه من العام الماضي`, `نفس الشهر من عام 2015`: the month of the last date before it, in
        the year named after it (else that date's year)."""
        found = self._same_month(i)
        if found is None:
            return None
        last, month = found
        k = last + 1
        if self.norm(k) == "من" and self.norm(k + 1) in ("العام", "عام", "السنه", "سنه"):
            w = self.norm(k + 2)
            year = _year_at(self.tokens, k + 2, self.n)
            if year and month:
                return self.emit(first, year[1], f"{year[0]:04d}{month[4:]}", "month", "gregorian")
            if w in PAST | NEXT | CURRENT and month and self.pub is not None:
                y = self.pub.year + (-1 if w in PAST else 1 if w in NEXT else 0)
                return self.emit(first, k + 2, f"{y:04d}{month[4:]}", "month", "gregorian", True)
        return self.emit(first, last, month, "month", "gregorian")

    def day_of_month(self, i: int, j: int, day: int):
        """A day of a month named by reference at token j: `19 من الشهر الجاري`, `15 من الشهر نفسه`
        (the month of the last date before it). False when there is none at j."""
        w = self.norm(j + 1)
        if self.norm(j) == "الشهر" and w in PAST | NEXT | CURRENT:
            if self.pub is None:
                return self.emit(i, j + 1, None, "day", "gregorian", True)
            m = _shift(self.pub.replace(day=1), "month", -1 if w in PAST else 1 if w in NEXT else 0)
            try:
                return self.emit(i, j + 1, m.replace(day=day).isoformat(), "day", "gregorian", True)
            except ValueError:
                return None
        same = self._same_month(j)
        if same is None:
            return False
        last, month = same
        try:
            value = None if month is None else date.fromisoformat(month + "-01").replace(day=day).isoformat()
        except ValueError:
            return None
        return self.emit(i, last, value, "day", "gregorian")

    def day_word(self, i: int, first: int, offset: int | None = None):
        word = _strip_conj(self.norm(i))
        if offset is None:
            offset = DAY_WORDS[word]
        last = i
        if word == "اليوم" and self.norm(i + 1) in ("التالي", "السابق"):
            return None
        value = None if self.pub is None else (self.pub + timedelta(days=offset)).isoformat()
        return self.emit(first, last, value, "day", "gregorian", True)

    def ordinal_day(self, i: int):
        """`الثامن من أيار`, `الحادي والعشرين من يونيو`."""
        rest = ORDINAL_DAYS[_strip_conj(self.norm(i))]
        j = i + 1
        day = rest.get("")
        for words, value in rest.items():
            if words and [self.norm(i + 1 + k) for k in range(len(words.split()))] == words.split():
                day, j = value, i + 1 + len(words.split())
                break
        if day is None or self.norm(j) != "من":
            return None
        found = self.day_of_month(i, j + 1, day)
        if found is not False:
            return found
        if self.norm(j + 1) == "شهر":
            j += 1
        first = i
        prev = _strip_conj(self.norm(i - 1))
        if prev in WEEKDAYS:
            first = i - 1
        return self.month_expression(j + 1, day, first)

    def day_month(self, i: int):
        """`12 أيار 2016`, `الخميس 12 مايو`, `١٢ من أيار`."""
        t = self.tokens[i]
        if not t.norm.isdigit() or not 1 <= int(t.norm) <= 31 or len(t.norm) > 2:
            return None
        j = i + 1
        if self.norm(j) == "من":
            j += 1
        if j >= self.n:
            return None
        first = i
        found = self.day_of_month(i, j, int(t.norm))
        if found is not False:
            return found
        if self.norm(j) == "شهر":
            j += 1  # `27 من شهر رمضان`
        prev = _strip_conj(self.norm(i - 1))
        if prev in WEEKDAYS:
            first = i - 1
            if _strip_conj(self.norm(i - 2)) in DAY_PREFIX:
                first = i - 2
        elif prev == "يوم":
            first = i - 1
        return self.month_expression(j, int(t.norm), first)


class _Scanner(_Relative):
    """Reads every date expression of a text, token by token."""

    def numeric(self, i: int):
        t = self.tokens[i]
        m = _NUMERIC.match(t.norm)
        if m:
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            last, calendar = i, "gregorian"
            if self.norm(i + 1) in _YEAR_SUFFIX:
                last = i + 1
                calendar = "hijri" if self.norm(i + 1).startswith("ه") else "gregorian"
            return self._absolute(i, last, year, month, day, calendar)
        if t.norm.isdigit() and len(t.norm) <= 2 and i + 4 < self.n:
            # 1 / 8 / 1438هـ, 27-6-2018 (day, month and year as separate tokens)
            a, b, c, d = self.tokens[i + 1:i + 5]
            if a.text in "/-." and a.text == c.text and b.norm.isdigit() and len(b.norm) <= 2 \
                    and d.norm.isdigit() and len(d.norm) == 4:
                last, calendar = i + 4, "gregorian"
                if self.norm(i + 5) in _YEAR_SUFFIX:
                    last = i + 5
                    calendar = "hijri" if self.norm(i + 5).startswith("ه") else "gregorian"
                return self._absolute(i, last, int(d.norm), int(b.norm), int(t.norm), calendar)
        if len(t.norm) == 4 and t.norm.isdigit() and i + 4 < self.n:
            # 2016-05-12 (tokens 2016 - 05 - 12, written without spaces)
            a, b, c, d = self.tokens[i + 1:i + 5]
            if a.text == "-" and c.text == "-" and b.kind == "num" and d.kind == "num" and \
                    a.start == t.end and b.start == a.end and c.start == b.end and d.start == c.end:
                return self._absolute(i, i + 4, int(t.norm), int(b.norm), int(d.norm))
        return None

    def _absolute(self, i, j, year, month, day, calendar="gregorian"):
        try:
            if calendar == "hijri":
                value = hijri_to_gregorian(year, month, day).isoformat()
            else:
                value = date(year, month, day).isoformat()
        except (ValueError, OverflowError):
            return None
        return self.emit(i, j, value, "day", calendar)

    def month_expression(self, i: int, day: int | None, first: int):
        """A month name at i (with `day` read at `first` before it), then an optional year."""
        found = _month_name(self.tokens, i, self.n)
        if not found:
            return None
        month, j, hijri, ambiguous = found
        j = _alternative(self.tokens, j, self.n)
        year = _year_at(self.tokens, j + 1, self.n)
        if year is None and self.norm(j + 1) in YEAR_CUES | {"من"}:
            k = j + 2
            if self.norm(j + 1) == "من" and self.norm(k) in ("عام", "العام", "سنه"):
                k += 1
            year = _year_at(self.tokens, k, self.n, 1000 if k > j + 2 or self.norm(j + 1) != "من" else 1300) \
                if k > j + 1 else None
        if day is None and first == i and _strip_conj(self.norm(i - 1)) in ("شهر", "لشهر", "بشهر", "شهري"):
            first = i - 1
        if _strip_conj(self.norm(i)) in NUMBER_MONTHS and year is None and \
                _strip_conj(self.norm(i - 1)) not in ("شهر", "لشهر", "بشهر", "شهري"):
            return None
        if ambiguous and day is None and year is None:
            nxt = self.norm(j + 1)
            prev = _strip_conj(self.norm(i - 1))
            if hijri:
                if prev not in ("شهر", "لشهر", "بشهر", "شهري"):
                    return None
            elif prev not in DATE_CUES and nxt not in PAST | NEXT | CURRENT:
                return None
        calendar = "hijri" if hijri else "gregorian"
        if year is not None and year[2] is None and (year[1] + 1 < self.n and _counts(self.tokens[year[1] + 1])
                                                     or hijri and self._far_hijri_year(year[0])):
            year = None  # `رمضان 1362 مخالفة`: a count, not a year
        if year is not None:
            y, last, hsuffix = year
            if hsuffix and not hijri:
                return None
            if hijri or hsuffix:
                calendar = "hijri"
            if hijri and not hsuffix and y > HIJRI_YEARS_BEFORE:
                y = _hijri_year_in(y, month)  # `رمضان 2018`: the Ramadan of 2018
            if day is not None:
                return self._absolute(first, last, y, month, day, calendar)
            if calendar == "hijri":
                return self.emit(first, last, _span(*hijri_span(y, month)), "month", calendar)
            return self.emit(first, last, f"{y:04d}-{month:02d}", "month", calendar)
        # no year: one written after it in the same list or range (`أغسطس/آب أو سبتمبر 2016`), else
        # resolved against the publication date
        shared = self._year_ahead(j + 1)
        if shared is not None and not hijri:
            granularity = "day" if day is not None else "month"
            try:
                d = date(shared, month, day or 1)
            except ValueError:
                return None
            return self.emit(first, j, _format(d, granularity), granularity, calendar)
        last = j
        shift = 0
        nxt = self.norm(j + 1)
        if nxt in PAST | NEXT | CURRENT:
            shift = -1 if nxt in PAST else 1 if nxt in NEXT else 0
            last = j + 1
        elif nxt == "من" and self.norm(j + 2) in ("العام", "عام", "السنه") and self.norm(j + 3) in PAST | NEXT | CURRENT:
            w = self.norm(j + 3)
            shift = -2 if w in PAST else 2 if w in NEXT else 3
            last = j + 3
        if self.norm(j + 1) == "من" and self.norm(j + 2) == "كل" and self.norm(j + 3) in ("عام", "سنه"):
            return self.emit(first, j + 3, None, "day" if day is not None else "month", calendar)  # every year
        same = self._same_period(j + 1)
        if same is not None:
            last, _ = same
            y = self._last_explicit_year(first)
            granularity = "day" if day is not None else "month"
            if y is None:
                return self.emit(first, last, None, granularity, calendar)
            try:
                d = date(y, month, day or 1)
            except ValueError:
                return None
            return self.emit(first, last, _format(d, granularity), granularity, calendar)
        granularity = "day" if day is not None else "month"
        if self.pub is None:
            return self.emit(first, last, None, granularity, calendar, True)
        if hijri:
            hy, hm, _ = gregorian_to_hijri(self.pub)
            if shift == -1 and month >= hm:
                hy -= 1
            elif shift == 1 and month <= hm:
                hy += 1
            elif shift == 0 and last == j:
                hy = self._hijri_year(hy, month, day, first, i)
            try:
                if day is None:
                    return self.emit(first, last, _span(*hijri_span(hy, month)), granularity, calendar, True)
                g = hijri_to_gregorian(hy, month, day)
            except ValueError:
                return None
            return self.emit(first, last, _format(g, granularity), granularity, calendar, True)
        y = self.pub.year
        if shift == -1 and (month > self.pub.month or month == self.pub.month and day is None) \
                or shift == -1 and day is not None and (month, day) >= (self.pub.month, self.pub.day):
            y -= 1
        elif shift == 1 and (month < self.pub.month or month == self.pub.month and day is None) \
                or shift == 1 and day is not None and (month, day) <= (self.pub.month, self.pub.day):
            y += 1
        elif shift == -2:
            y -= 1
        elif shift == 2:
            y += 1
        elif shift == 0 and last == j:
            # a bare month (`في 20 ديسمبر`): the latest not after publication, the next when future-marked
            ahead = (date(y, month, min(day or 1, 28)) - self.pub).days
            after = ahead > (FUTURE_HORIZON if day else FUTURE_HORIZON + 31)
            if self.future(first):
                if ((month, day) < (self.pub.month, self.pub.day)) if day else month < self.pub.month:
                    y += 1
            elif after:
                y -= 1
        weekday = self._weekday_before(first, i)
        if day is not None and weekday is not None and shift == 0:
            for candidate in (y, y + 1, y - 1):
                try:
                    if date(candidate, month, day).weekday() == weekday:
                        y = candidate
                        break
                except ValueError:
                    continue
        try:
            d = date(y, month, day or 1)
        except ValueError:
            return None
        return self.emit(first, last, _format(d, granularity), granularity, calendar, True)

    def year(self, i: int):
        """`عام 2014`, `العام 2014`, `سنة 1437 هـ`."""
        found = _year_at(self.tokens, i + 1, self.n)
        if not found:
            return None
        y, last, hijri = found
        if hijri:
            return self.emit(i, last, _span(*hijri_span(y)), "year", "hijri")
        if not 1800 <= y <= 2100:
            return None
        return self.emit(i, last, f"{y:04d}", "year")

    def bare_year(self, i: int):
        """`في 2014`, `2016م`: a year number after a preposition or with its era suffix."""
        found = _year_at(self.tokens, i, self.n)
        if not found:
            return None
        y, last, hijri = found
        prev = self.norm(i - 1)
        if hijri is None and prev == "و" and _year_at(self.tokens, i - 2, self.n):
            prev = "في"  # `عامي 2012 و2013`
        if hijri is None and prev not in ("في", "منذ", "حتي", "وفي", "ومنذ", "وحتي", "قبل", "بعد", "خلال"):
            return None
        if hijri is None and i + 1 < self.n and _counts(self.tokens[i + 1]):
            return None  # `في 2000 قتيل` is a count
        if hijri:
            return self.emit(i, last, _span(*hijri_span(y)), "year", "hijri")
        if not 1900 <= y <= 2100:
            return None
        return self.emit(i, last, f"{y:04d}", "year")

    def scan(self) -> list[TimeExpression]:
        tokens, n = self.tokens, self.n
        i = 0
        while i < n:
            t = tokens[i]
            nxt = None
            if t.kind == "num":
                nxt = self.numeric(i) or self.day_month(i) or self.bare_year(i)
            elif t.is_word:
                norm = _strip_conj(t.norm)
                if norm in TRIGGERS:
                    nxt = self.word(i, norm)
            i = nxt if nxt else i + 1
        return _merge(self.text, self.out)

    def word(self, i: int, norm: str):
        first = i
        j = i
        # `مطلع الشهر الجاري`, `أواخر أغسطس`, `يوم الخميس`
        if norm == "اول":
            k = i + 2 if self.norm(i + 1) == "من" else i + 1
            if self.norm(k) in ("امس", "الامس"):
                return self.day_word(k, first, -2)
        if norm == "بعد" and self.norm(i + 1) == "غد":
            value = None if self.pub is None else (self.pub + timedelta(days=2)).isoformat()
            return self.emit(i, i + 1, value, "day", "gregorian", True)
        if norm in PARTS or norm in DAY_PREFIX:
            if i + 1 >= self.n:
                return None
            j = i + 1
            norm2 = _strip_conj(self.norm(j))
            if norm in DAY_PREFIX and norm2 in WEEKDAYS:
                if j + 1 < self.n and self.tokens[j + 1].kind == "num":
                    found = self.day_month(j + 1)
                    if found:
                        return found
                return self.weekday(j, first)
            if norm in DAY_PREFIX and norm2 in DAY_WORDS:
                return self.day_word(j, first)
            if norm in PARTS and norm2 in PERIODS:
                return self.period(j, first)
            if norm in PARTS:
                if norm2.isdigit():
                    return self.day_month(j)
                return self.month_expression(j, None, first)
            return None
        if norm in ORDINAL_DAYS:
            return self.ordinal_day(i)
        if norm in DAY_WORDS:
            if norm in ("امس", "الامس", "بالامس") and self.norm(i + 1) == "الاول":
                value = None if self.pub is None else (self.pub - timedelta(days=2)).isoformat()
                return self.emit(i, i + 1, value, "day", "gregorian", True)
            return self.day_word(i, first)
        if norm in WEEKDAYS:
            if i + 1 < self.n and self.tokens[i + 1].kind == "num":
                return self.day_month(i + 1) or self.weekday(i, first)
            return self.weekday(i, first)
        if norm in PERIODS:
            return self.period(i, first) or (self.year(i) if norm in YEAR_CUES else None)
        if norm in ("قبل", "منذ", "بعد"):
            return self.relative_span(i)
        if norm in YEAR_CUES:
            return self.year(i)
        return self.month_expression(i, None, first)


_AGREEING = re.compile(r"^\s*[(،,-]?\s*[وف]?الموافق[ةه]?\s*(?:لـ|ل)?\s*$")  # `الموافق`, `الموافق لـ` between two dates


_TODAY = re.compile(r"(?:صباح |مساء |ظهر |فجر )?اليوم\s*\(?\s*\S+\)?$")  # `اليوم الأحد`, `اليوم (الاثنين)`
_DAY_WORD_END = re.compile(r"(?:اليوم|أمس|امس|الأمس|غدا|غداً|غد|الأول)$")


def _merge(text: str, times: list[TimeExpression]) -> list[TimeExpression]:
    """One expression of a weekday and the date after it (`يوم السبت 7/11/1436هـ`), and of a date and its
    equivalent after `الموافق` (`7/11/1436هـ الموافق 22/8/2015م`): the Gregorian date gives the value."""
    out: list[TimeExpression] = []
    for t in times:
        prev = out[-1] if out else None
        if prev is not None:
            between = text[prev.end:t.start]
            days = prev.granularity == t.granularity == "day" and prev.relative
            adjacent_days = days and not between.strip()
            bracketed = days and between.strip() == "(" and text[t.end:t.end + 1] == ")"
            if (adjacent_days or bracketed) and t.relative and _DAY_WORD_END.search(prev.text) and t.text[:1] not in "وف":
                # `اليوم الأحد`, `أمس السبت`, `اليوم (الاثنين)`: the weekday nearest the day word's date
                value = t.value
                if prev.value and t.value:
                    d, wd = date.fromisoformat(prev.value), date.fromisoformat(t.value).weekday()
                    delta = (wd - d.weekday()) % 7
                    value = (d + timedelta(days=delta - 7 if delta > 3 else delta)).isoformat()
                end = t.end + bracketed
                out[-1] = TimeExpression(text[prev.start:end], prev.start, end, value, "day", t.calendar, True)
                continue
            if adjacent_days and not t.relative or _AGREEING.match(between) and t.value and t.granularity == "day":
                keep = prev if prev.calendar == "gregorian" and not prev.relative and prev.value else t
                if keep is prev and t.calendar == "gregorian" and not t.relative:
                    keep = t
                out[-1] = TimeExpression(text[prev.start:t.end], prev.start, t.end, keep.value, keep.granularity,
                                         keep.calendar, keep.relative)
                continue
        out.append(t)
    return out


def today_before(t: TimeExpression, published: str) -> bool:
    """Whether `t` calls a day before `published` today (`اليوم (الاثنين)` read on a Tuesday)."""
    return bool(t.relative and t.value and _TODAY.match(t.text) and t.value < published)


def find_times(text: str, tokens, published: str | None) -> list[TimeExpression]:
    """Every date expression in the tokens of `text`, resolved against `published` (ISO date)."""
    return _Scanner(text, tokens, parse_published(published)).scan()


# A dateline: in the article's first lines, a full Gregorian date (day, month, year) that opens its line
# or follows a short prefix without a comma (a place, a weekday, a dash, a Hijri date and الموافق), and
# ends its line or is followed by a separator (`:`, a dash, a bracket). A date inside the first sentence
# (`(عمان) — شارك …، مساء الخميس 2 شباط 2017،`) is the event's, not a dateline.
DATELINE_LINES = 4
DATELINE_PREFIX = 40  # characters before the date on its line
_DATELINE_BEFORE = re.compile(r"^[\w\s()\-–—:/|]*$")
_DATELINE_AFTER = re.compile(r"^\s*(?:$|[-–—:|()])")


def dateline_date(text: str, times: list[TimeExpression]) -> TimeExpression | None:
    """The first full date written as a dateline at the start of `text` (among its `times`), or None."""
    head = sum(len(line) + 1 for line in text.split("\n")[:DATELINE_LINES])
    for t in times:
        if t.start >= head:
            break
        if t.relative or t.granularity != "day" or not t.value or t.calendar != "gregorian":
            continue
        line_start = text.rfind("\n", 0, t.start) + 1
        line_end = text.find("\n", t.end)
        before, after = text[line_start:t.start], text[t.end:line_end if line_end >= 0 else len(text)]
        if len(before) <= DATELINE_PREFIX and _DATELINE_BEFORE.match(before) and _DATELINE_AFTER.match(after):
            return t
    return None
