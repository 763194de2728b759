"""Arabic number words and digits → values, on matching forms (`Token.norm`).

Lookups work on normalised words (alef, ya and ta marbuta folded, Arabic-Indic digits → ASCII), so
`مئة`, `مائة` (→ `ميه`, `مايه`) and `ثلاثمائة` all resolve. `number_at()` reads one number starting at
a token: digits with separators (`1,500`, `3.5`), words and their compositions (`خمسة وعشرون`,
`ثلاثة آلاف وخمسمئة`), digits with a multiplier word (`3 آلاف`, `2.5 مليون`), and vague plurals
(`عشرات`, `مئات الآلاف`) which give a lower bound only.
"""
from __future__ import annotations

from dataclasses import dataclass

from marsad import lexicon


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def _number_words(kind: str) -> dict[str, int | float]:
    return {entry["word"]: _number(entry["value"]) for entry in lexicon.rows("number_words") if entry["kind"] == kind}


def _number_kind(kind: str) -> set[str]:
    return {entry["word"] for entry in lexicon.rows("number_words") if entry["kind"] == kind}


# Units 1..10 (masculine and feminine; `احد`/`احدي` only before عشر, see TEENS).
UNITS = _number_words("unit")
# First words of the compound teens (`احد عشر`, `اثنا عشر`, `ثلاثة عشر` …).
TEEN_HEADS = {**{k: v for k, v in UNITS.items() if v < 10}, **_number_words("teenhead")}
TENS = _number_words("ten")
HUNDREDS = _number_words("hundred")
MULTIPLIERS = _number_words("mult")
# Plural multipliers: after a number they multiply (`ثلاثة آلاف`), alone they are vague (`آلاف`).
PLURAL_MULTIPLIERS = _number_kind("plural_mult")
FRACTIONS = _number_words("fraction")
# Vague plurals: a lower bound (`عشرات` ≥ 20, `مئات` ≥ 200, `آلاف` ≥ 2000).
VAGUE = _number_words("vague")

WORD_VALUES = {**UNITS, **TENS, **HUNDREDS, **MULTIPLIERS, **FRACTIONS}
# What kind of number word a form is: unit, teen head, ten, hundred, multiplier, fraction, vague.
_KINDS: dict[str, str] = {}
for _table, _kind in ((UNITS, "unit"), (TENS, "ten"), (HUNDREDS, "hundred"), (MULTIPLIERS, "mult"),
                      (FRACTIONS, "fraction")):
    for _k in _table:
        _KINDS.setdefault(_k, _kind)
for _k in _number_kind("teenhead"):
    _KINDS[_k] = "teenhead"


def strip_and(norm: str) -> tuple[str, bool]:
    """A number word with its conjunction و removed: (`وعشرون` → (`عشرون`, True))."""
    if len(norm) > 2 and norm[0] == "و" and norm[1:] in _KINDS | VAGUE:
        return norm[1:], True
    return norm, False


def word_kind(norm: str) -> str | None:
    return _KINDS.get(norm)


def vague_value(norm: str) -> int | None:
    """Lower bound of a vague plural, with or without the article: `العشرات` → 20."""
    if norm.startswith("ال") and norm[2:] in VAGUE:
        norm = norm[2:]
    elif norm.startswith("وال") and norm[3:] in VAGUE:
        norm = norm[3:]
    elif norm.startswith("و") and norm[1:] in VAGUE:
        norm = norm[1:]
    return VAGUE.get(norm)


def digits_value(norm: str) -> float | None:
    """Value of a digit token: `1,500` → 1500, `3.5` → 3.5, `3,5` → 3.5; None for dates and times."""
    if "/" in norm or ":" in norm:
        return None
    if "," in norm:
        head, *groups = norm.split(",")
        if all(len(g) == 3 for g in groups) and "." not in norm and len(head) <= 3:
            return float(head + "".join(groups))
        if len(groups) == 1 and "." not in norm:
            return float(head + "." + groups[0])
        norm = norm.replace(",", "")
    if norm.count(".") > 1:
        return None
    try:
        return float(norm)
    except ValueError:
        return None


@dataclass(slots=True)
class Number:
    """A number read from tokens [first, last]: `value`, or `value_min` for vague ones; `mult` is
    the multiplier it ended with (1000 for `ستة آلاف`), `simple` when it is a bare unit 1–10."""

    first: int
    last: int
    value: float | None
    value_min: float | None = None
    mult: int = 1
    simple: bool = False
    digits: bool = False

    def _after_mult(self, tokens) -> Number:
        """Take a multiplier right after the number (`أحد عشر ألفا`)."""
        j = self.last + 1
        if j < len(tokens) and tokens[j].is_word:
            value = MULTIPLIERS.get(tokens[j].norm)
            if value in (1000, 10**6, 10**9):
                self.value *= value
                self.last, self.mult = j, value
        return self


def _compose(tokens, i: int, first: str | None = None) -> Number | None:
    """Read a number made of words from token i: units, teens, tens, hundreds and multipliers, joined
    by و in the Arabic order (`خمسة وعشرون`, `ثلاثة آلاف وخمسمئة`, `مئة وخمسون ألفا`). Two units
    joined by و are two numbers (`بين خمسة وستة آلاف`), not one."""
    n = len(tokens)
    first = first or tokens[i].norm
    kind = _KINDS.get(first)
    if kind is None:
        return None
    total = 0.0      # completed chunks (thousands, millions…)
    current = 0.0    # the chunk being read, below 1000
    total_low = None  # the smallest multiplier in total
    prev = None      # kind of the last token taken
    if kind == "teenhead":
        if i + 1 < n and tokens[i + 1].norm in ("عشر", "عشره"):
            return Number(i, i + 1, 10.0 + TEEN_HEADS[first])._after_mult(tokens)
        return None
    if kind == "fraction":
        return None
    if kind == "mult":
        if first in PLURAL_MULTIPLIERS:
            return None
        total, total_low, prev = float(MULTIPLIERS[first]), (1000 if MULTIPLIERS[first] == 2000 else MULTIPLIERS[first]), "mult"
        if MULTIPLIERS[first] == 2 * 10**6:
            total_low = 10**6
        elif MULTIPLIERS[first] == 2 * 10**9:
            total_low = 10**9
    else:
        current, prev = float(WORD_VALUES[first]), kind
    last = i
    j = i + 1
    while j < n:
        t = tokens[j]
        if not t.is_word:
            break
        norm, joined = strip_and(t.norm)
        kind = _KINDS.get(norm)
        if kind is None:
            break
        value = WORD_VALUES.get(norm)
        if not joined:
            if kind == "mult" and prev != "mult" and current > 0 and (total_low is None or value < total_low) \
                    and value in (1000, 10**6, 10**9, 10**12):
                total += current * value
                current, total_low, prev = 0.0, value, "mult"
            elif norm in ("عشر", "عشره") and prev == "unit" and current < 10:
                current += 10
                prev = "teen"
            elif norm in ("ميه", "مايه") and prev == "unit" and 3 <= current <= 9:
                current *= 100
                prev = "hundred"
            else:
                break
        else:
            below = current % 100
            if kind == "ten" and (prev == "unit" and current % 100 < 10 and current % 10
                                  or current and below == 0 or not current and total) or kind == "unit" and norm not in ("عشر", "عشره") and (current and below == 0 or not current and total) or kind == "hundred" and not current and total and total_low and total_low >= 1000:
                current += value
            elif kind == "mult" and not current and total_low and value < total_low and value in (1000, 10**6, 10**9):
                total += value
                total_low = value
            else:
                break
            prev = kind
        last = j
        j += 1
    return Number(i, last, total + current, mult=total_low if prev == "mult" else 1,
                  simple=last == i and _KINDS.get(first) == "unit")


def number_at(tokens, i: int, clitic: bool = False) -> Number | None:
    """The number that starts at token i, or None. With `clitic`, a number word may carry و، ب or ل
    (`وستة`, `بثلاثين`)."""
    t = tokens[i]
    n = len(tokens)
    if clitic and t.is_word and len(t.norm) > 3 and t.norm[0] in "وبل" and t.norm not in _KINDS \
            and _KINDS.get(t.norm[1:]) in ("unit", "ten", "hundred", "teenhead"):
        return _compose(tokens, i, t.norm[1:])
    if t.kind == "num":
        value = digits_value(t.norm)
        if value is None:
            return None
        last, mult = i, 1
        if i + 1 < n and tokens[i + 1].is_word:
            m = tokens[i + 1].norm
            if m in MULTIPLIERS and m not in ("الفان", "الفين", "مليونان", "مليونين", "ملياران", "مليارين"):
                mult = MULTIPLIERS[m]
                value *= mult
                last = i + 1
        return Number(i, last, value, mult=mult, digits=True)
    if not t.is_word:
        return None
    norm = t.norm
    if norm in FRACTIONS:
        # `نصف مليون` = 500000; a fraction alone is no quantity.
        if i + 1 < n and tokens[i + 1].norm in MULTIPLIERS and tokens[i + 1].norm not in PLURAL_MULTIPLIERS:
            mult = MULTIPLIERS[tokens[i + 1].norm]
            return Number(i, i + 1, FRACTIONS[norm] * mult, mult=mult)
        return None
    low = vague_value(norm)
    if low is not None:
        # `عشرات الآلاف` ≥ 20000, `مئات الملايين`.
        last = i
        if i + 1 < n:
            nxt = tokens[i + 1].norm
            if nxt.startswith("ال") and nxt[2:] in PLURAL_MULTIPLIERS:
                low *= MULTIPLIERS[nxt[2:]]
                last = i + 1
        return Number(i, last, None, value_min=low)
    if norm in _KINDS:
        return _compose(tokens, i)
    return None
