"""Export a store's events as one row per event with ACLED/POLECAT-like columns (CSV or JSON lines).

    from marsad.store.db import Store
    export_events(Store("marsad.db", readonly=True), fmt="csv", type="ASSAULT", country="IQ")

Columns: date, event_type, mode, actor1, actor1_country, actor1_sector, actor2, actor2_country,
actor2_sector, place, geonameid, lat, lon, quantities (`killed=3;wounded=5`, the counts in the event's
sentence), source_url, article_id, sentence, trigger, confidence. Filters are those of
`marsad.store.queries.all_events`: type, country, entity, date_from, date_to.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from typing import IO

from marsad.text.normalize import normalize

COLUMNS = ("date", "event_type", "mode", "actor1", "actor1_country", "actor1_sector", "actor2", "actor2_country",
           "actor2_sector", "place", "geonameid", "lat", "lon", "quantities", "source_url", "article_id", "sentence",
           "trigger", "confidence")
# Units reported in the quantities column, in this order.
EVENT_UNITS = ("killed", "wounded", "arrested", "displaced", "protester", "fighter", "soldier", "police", "person",
               "child", "woman", "vehicle", "house")
# CAMEO-style sector codes from words in an actor's name.
SECTORS = [
    ("MIL", ("جيش", "الجيش", "قوات", "القوات", "جنود", "عسكري", "العسكريه", "البحريه", "الجويه", "الحرس", "لواء",
             "كتيبه", "الطيران", "المارينز")),
    ("COP", ("شرطه", "الشرطه", "الامن", "امن", "الداخليه", "الدرك", "المخابرات", "الاستخبارات")),
    ("GOV", ("حكومه", "الحكومه", "وزاره", "وزير", "الرئيس", "رييس", "البرلمان", "مجلس", "السلطات", "الرياسه",
             "وزاره")),
    ("REB", ("متمردين", "المتمردين", "متمردون", "حركه", "جبهه", "ميليشيا", "مليشيا", "ميليشيات", "فصايل")),
    ("UAF", ("مسلحون", "مسلحين", "مسلح", "مجهولون", "مجهولين", "انتحاري", "انتحاريه", "تنظيم", "داعش", "القاعده",
             "طالبان", "خليه")),
    ("OPP", ("المعارضه", "معارضه", "حزب")),
    ("CVL", ("متظاهرين", "المتظاهرين", "متظاهرون", "المتظاهرون", "محتجين", "المحتجين", "مدنيين", "المدنيين", "سكان",
             "طلاب", "الطلاب", "عمال", "مواطنين")),
]
_SECTOR_WORDS = [(code, frozenset(normalize(w) for w in words)) for code, words in SECTORS]
_ID_TYPES = {"org": None, "per": None, "norp": "CVL"}


def actor_sector(name: str | None, actor_id: str | None = None) -> str | None:
    """A CAMEO-style sector code (MIL, COP, GOV, REB, UAF, OPP, CVL) from the words of an actor's name."""
    words = set()
    for w in normalize(name or "").split():
        words.add(w)
        if len(w) > 4 and w[0] in "وفبل":
            words.add(w[1:])
    for code, forms in _SECTOR_WORDS:
        if words & forms:
            return code
    if actor_id and ":" in actor_id:
        return _ID_TYPES.get(actor_id.split(":", 1)[0])
    return None


# A kill/wound/arrest word right before a count of people gives it its role: قتل خمسة جنود → killed.
_ROLE_BEFORE = [("killed", re.compile(r"(قتل|مقتل|مصرع|استشهاد|اغتيال)\w{0,3}\s+$")),
                ("wounded", re.compile(r"(اصيب|اصابه|جرح|جرحت)\w{0,3}\s+$")),
                ("arrested", re.compile(r"(اعتقل|اعتقال|توقيف|احتجاز|اعتقلت)\w{0,3}\s+$"))]
_PEOPLE = {"person", "soldier", "police", "child", "woman", "fighter", "protester", None}


def _role(article, q) -> str | None:
    if q.unit in _PEOPLE:
        before = normalize(article.text[max(0, q.start - 14):q.start])
        for role, pattern in _ROLE_BEFORE:
            if pattern.search(before):
                return role
    return q.unit


def quantities_text(article, start: int, end: int) -> str:
    """`killed=3;wounded=5` from the article's quantities between two offsets (summed per unit; a
    count of people right after a kill/wound/arrest word counts as killed/wounded/arrested)."""
    totals: dict[str, float] = {}
    for q in getattr(article, "quantities", []) or []:
        unit = _role(article, q) if start <= q.start < end else None
        if unit in EVENT_UNITS:
            value = q.value if q.value is not None else q.value_min
            if value is not None:
                totals[unit] = totals.get(unit, 0) + value
    return ";".join(f"{u}={int(totals[u]) if float(totals[u]).is_integer() else totals[u]}" for u in EVENT_UNITS
                    if u in totals)


def _sentence_span(article, ev_start: int) -> tuple[int, int]:
    for s in article.sentences:
        if s.start <= ev_start < s.end:
            return s.start, s.end
    return ev_start, ev_start


def event_rows(store, **filters):
    """The export rows (dicts with COLUMNS) of the store's events that match the filters."""
    from marsad.store.queries import all_events

    cache: dict[str, object] = {}
    for row in all_events(store, **filters):
        aid = row["article_id"]
        if aid not in cache:
            cache.clear()  # events come grouped by date then article; keep one article at a time
            cache[aid] = store.article(aid)
        article = cache[aid]
        quantities, start = "", None
        if article is not None:
            ev = article.events[row["n"] - 1] if 0 < row["n"] <= len(article.events) else None
            if ev is not None:
                start = ev.start
                quantities = quantities_text(article, *_sentence_span(article, ev.start))
        actor1 = row.get("actor1") or row.get("actor1_id")
        actor2 = row.get("actor2") or row.get("actor2_id")
        yield {
            "date": row.get("date"), "event_type": row.get("event_type"), "mode": row.get("mode"),
            "actor1": actor1, "actor1_country": row.get("actor1_country"),
            "actor1_sector": actor_sector(actor1, row.get("actor1_id")),
            "actor2": actor2, "actor2_country": row.get("actor2_country"),
            "actor2_sector": actor_sector(actor2, row.get("actor2_id")),
            "place": row.get("place") or row.get("place_id"), "geonameid": row.get("geonameid"),
            "lat": row.get("lat"), "lon": row.get("lon"), "quantities": quantities,
            "source_url": row.get("source_url"), "article_id": aid, "sentence": row.get("sentence"),
            "trigger": row.get("trigger"), "confidence": row.get("confidence"),
        }


def export_events(store, fmt: str = "csv", out: IO[str] | None = None, **filters) -> int:
    """Write the matching events to `out` (stdout by default) as CSV with a header or as JSON lines;
    returns the number of rows written."""
    out = out or sys.stdout
    if fmt not in ("csv", "json"):
        raise ValueError("format must be csv or json")
    n = 0
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n") if fmt == "csv" else None
    if writer:
        writer.writeheader()
    for row in event_rows(store, **{k: v for k, v in filters.items() if v is not None}):
        if writer:
            writer.writerow(row)
        else:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n
