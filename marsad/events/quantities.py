"""Quantities in Arabic news: a number (digits or words), a range or a vague plural, and the counted
noun after it normalised to a unit key (`killed`, `fighter`, `percent`, `month`, `dollar`, …).

`بين خمسة وستة آلاف مقاتل` → value_min 5000, value_max 6000, unit fighter; `العشرات من المدنيين` →
value_min 20, unit person; `70 في المئة` → 70 percent. Years, dates, times of day and labels
(`الحي رقم 2`, `القرار 2254`) are not quantities. Spans are whole tokens.
"""
from __future__ import annotations

from itertools import pairwise

from marsad import lexicon
from marsad.events.numbers import VAGUE, WORD_VALUES, Number, number_at
from marsad.model import Quantity
from marsad.text.tokens import without_article

# Counted nouns → unit key, and dual forms that carry their number (`يومين` = 2 days).
UNITS: dict[str, str] = {e["word"]: e["unit"] for e in lexicon.rows("units") if e["dual"] != "yes"}
DUALS = {e["word"]: e["unit"] for e in lexicon.rows("units") if e["dual"] == "yes"}
# Words before a number that make it a label, not a count.
LABELS = lexicon.words("number_labels")
# An event word before the number gives the count its unit (`مقتل 20 شخصا` → killed).
EVENT_BEFORE = lexicon.mapping("count_roles", "word", "role")
PERSONLIKE = {None, "person"}
TIME_UNITS = {"day", "week", "month", "year", "hour", "minute"}
KNOWN_UNITS = set(UNITS.values())
# Words that are never the counted noun after a number.
PREPOSITIONS = lexicon.words("non_count_nouns")


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
            return without_article(tokens[j + 1].norm), j + 1
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
            dual = DUALS.get(norm) or DUALS.get(without_article(norm))
            if dual:
                if t.start not in blocked:
                    out.append(Quantity(t.text, t.start, t.end, 2.0, unit=dual))
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
                # و or ب alone, and only onto an event word: the token's readings drop more
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
