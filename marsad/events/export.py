"""Export a store's events as one row per event with ACLED/POLECAT-like columns (CSV or JSON lines).

    from marsad.store.db import Store
    export_events(Store("marsad.db", readonly=True), fmt="csv", type="ASSAULT", country="IQ")

Columns (`COLUMNS`): date (the event's day when the text gives it, else the publication day), event_type, mode, status (asserted, negated or hypothetical: see
`marsad.model.Event`), actor1 (name), actor1_id (canonical entity id, empty for a generic actor such as
مسلحون), actor1_country, actor1_sector, actor2… likewise, place (name), place_id, geonameid, lat, lon,
location_inferred (the place is the article's dateline or main place, not named in the sentence),
quantities (the event's own counts, `Event.quantities`: `killed=3;wounded=5` in CSV, a list of
{unit, value, value_min, value_max, text} in JSON), source_url, article_id, sentence, trigger,
confidence. Names, countries, sectors and coordinates come from the article's canonical entities by id
(the store's entity table when the article is missing); an actor with no linked sector gets one from
the words of its name (`actor_sector`). Filters are those of `marsad.store.queries.all_events` (type,
country, entity, date_from, date_to) and `status` (one status or a comma-separated list; default: all
events, whatever their status, with the status column).
"""
from __future__ import annotations

import csv
import json
import re
import sys
from typing import IO

from marsad import lexicon
from marsad.text.normalize import normalize

COLUMNS = ("date", "event_type", "mode", "status", "actor1", "actor1_id", "actor1_country", "actor1_sector",
           "actor2", "actor2_id", "actor2_country", "actor2_sector", "place", "place_id", "geonameid", "lat", "lon",
           "location_inferred", "quantities", "source_url", "article_id", "sentence", "trigger", "confidence")
STATUSES = ("asserted", "negated", "hypothetical")
# Units reported in the quantities column, in this order.
EVENT_UNITS = ("killed", "wounded", "arrested", "displaced", "protester", "fighter", "soldier", "police", "person",
               "child", "woman", "vehicle", "house")

# CAMEO-style sector codes, each with the words that give it to an actor's name.
_SECTOR_WORDS = lexicon.grouped("actor_sectors", "sector", "word")
_ID_TYPES = {"org": None, "per": None, "norp": "CVL"}
# CAMEO-style codes → the sectors of `CanonicalEntity.sector` (an unidentified armed group has none).
SECTOR_NAMES = {"MIL": "military", "COP": "police", "GOV": "government", "REB": "rebel", "OPP": "party",
                "CVL": "civilians"}


def actor_sector(name: str | None, actor_id: str | None = None) -> str | None:
    """A CAMEO-style sector code (MIL, COP, GOV, REB, UAF, OPP, CVL) from the words of an actor's name."""
    words = set()
    for w in normalize(name or "").split():
        words.add(w)
        # a plain name, not tokens: the word and, besides, the word without one proclitic letter
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


def quantities_compact(quantities) -> str:
    """`killed=5;wounded=12` from an event's quantities (summed per unit, `EVENT_UNITS` first; a range
    without a value gives its lower bound)."""
    totals: dict[str, float] = {}
    for q in quantities or []:
        value = q.value if q.value is not None else q.value_min
        if value is not None and q.unit:
            totals[q.unit] = totals.get(q.unit, 0) + value
    order = [u for u in EVENT_UNITS if u in totals] + sorted(u for u in totals if u not in EVENT_UNITS)
    return ";".join(f"{u}={int(totals[u]) if float(totals[u]).is_integer() else totals[u]}" for u in order)


def _quantities_list(quantities) -> list[dict]:
    return [{"unit": q.unit, "value": q.value, "value_min": q.value_min, "value_max": q.value_max, "text": q.text}
            for q in quantities or []]


def _actor(ref: str | None, entities: dict, row: dict, n: int) -> dict:
    """actorN, actorN_id, actorN_country, actorN_sector of an event's source (1) or target (2)."""
    ent = entities.get(ref) if ref else None
    if ent is not None:
        name, eid, country, sector = ent.name, ent.id, ent.country, ent.sector
    elif ref and ref == row.get(f"actor{n}_id") and row.get(f"actor{n}"):  # in the store's entity table
        name, eid, country, sector = row[f"actor{n}"], ref, row.get(f"actor{n}_country"), None
    else:  # a generic actor (مسلحون، القوات الإسرائيلية) or an unlinked mention: its text
        name, eid, country, sector = ref, None, None, None
    if sector is None and name:
        sector = SECTOR_NAMES.get(actor_sector(name, eid))
    return {f"actor{n}": name, f"actor{n}_id": eid, f"actor{n}_country": country, f"actor{n}_sector": sector}


def _statuses(status) -> set[str] | None:
    if not status:
        return None
    wanted = {s.strip() for s in (status.split(",") if isinstance(status, str) else status) if s.strip()}
    unknown = wanted - set(STATUSES)
    if unknown:
        raise ValueError(f"unknown event status {', '.join(sorted(unknown))} (one of {', '.join(STATUSES)})")
    return wanted


def event_row(article, ev, row: dict | None = None) -> dict:
    """The export row (a dict with COLUMNS) of one event of an article; `row` is the store's row for it
    (`marsad.store.queries.all_events`), whose values fill what the article lacks."""
    row = row or {}
    entities = {e.id: e for e in getattr(article, "canonical_entities", None) or []}
    place = entities.get(ev.location) if ev.location else None
    meta = getattr(article, "metadata", None)
    published = getattr(meta, "published", None)
    out = {
        "date": (ev.date if ev.date and len(ev.date) == 10 else (published or "")[:10]) or row.get("date"),
        "event_type": ev.type, "mode": ev.mode,
        "status": ev.status or "asserted",
        **_actor(ev.source, entities, row, 1), **_actor(ev.target, entities, row, 2),
        "place": place.name if place else (row.get("place") or ev.location), "place_id": ev.location,
        "geonameid": place.geonameid if place else row.get("geonameid"),
        "lat": place.lat if place else row.get("lat"), "lon": place.lon if place else row.get("lon"),
        "location_inferred": bool(ev.location_inferred), "quantities": list(ev.quantities or []),
        "source_url": getattr(meta, "url", None) or row.get("source_url"),
        "article_id": row.get("article_id", getattr(article, "id", None)), "sentence": ev.sentence,
        "trigger": ev.trigger, "confidence": ev.confidence,
    }
    return out


def _legacy_row(row: dict) -> dict:
    """A row from the store alone (its article could not be read)."""
    out = {c: None for c in COLUMNS}
    out.update({k: row.get(k) for k in ("date", "event_type", "mode", "actor1_id", "actor1_country", "actor2_id",
                                        "actor2_country", "place_id", "geonameid", "lat", "lon", "source_url",
                                        "article_id", "sentence", "trigger", "confidence")})
    for n in (1, 2):
        out[f"actor{n}"] = row.get(f"actor{n}") or row.get(f"actor{n}_id")
        out[f"actor{n}_sector"] = SECTOR_NAMES.get(actor_sector(out[f"actor{n}"], row.get(f"actor{n}_id")))
    out.update(status="asserted", place=row.get("place") or row.get("place_id"), location_inferred=False,
               quantities=[])
    return out


def event_rows(store, status=None, **filters):
    """The export rows (dicts with COLUMNS; `quantities` a list of Quantity) of the store's events that
    match the filters; `status`: one status or a comma-separated list (None: all)."""
    from marsad.store.queries import all_events

    wanted = _statuses(status)
    if wanted is not None and len(wanted) == 1:  # filtered in SQL, so that a page (limit, offset) is exact
        filters = {**filters, "status": next(iter(wanted))}
    cache: dict[str, object] = {}
    for row in all_events(store, **filters):
        aid = row["article_id"]
        if aid not in cache:
            cache.clear()  # events come grouped by date then article; keep one article at a time
            cache[aid] = store.article(aid)
        article = cache[aid]
        ev = None
        if article is not None and 0 < row["n"] <= len(article.events):
            ev = article.events[row["n"] - 1]
        out = event_row(article, ev, row) if ev is not None else _legacy_row(row)
        if wanted is None or out["status"] in wanted:
            yield out


def csv_row(row: dict) -> dict:
    """An export row as its CSV values: quantities as `killed=5;wounded=12`, location_inferred as true/false."""
    return dict(row, quantities=quantities_compact(row["quantities"]),
                location_inferred="true" if row["location_inferred"] else "false")


def geojson_feature(row: dict) -> dict:
    """An export row as a GeoJSON Feature (RFC 7946): a Point at the event's place (no geometry when the
    event has no place with coordinates), the columns as properties (quantities as in CSV)."""
    lat, lon = row.get("lat"), row.get("lon")
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    return {"type": "Feature", "geometry": geometry,
            "properties": {c: row.get(c) for c in COLUMNS} | {"quantities": quantities_compact(row["quantities"])}}


def export_events(store, fmt: str = "csv", out: IO[str] | None = None, status=None, **filters) -> int:
    """Write the matching events to `out` (stdout by default) as CSV with a header (quantities as
    `killed=5;wounded=12`, location_inferred as true/false) or as JSON lines (quantities as a list);
    `status` keeps only events of that status (or comma-separated statuses), None keeps all. Returns the
    number of rows written."""
    out = out or sys.stdout
    if fmt not in ("csv", "json"):
        raise ValueError("format must be csv or json")
    n = 0
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n") if fmt == "csv" else None
    if writer:
        writer.writeheader()
    for row in event_rows(store, status, **{k: v for k, v in filters.items() if v is not None}):
        if writer:
            writer.writerow(csv_row(row))
        else:
            out.write(json.dumps(dict(row, quantities=_quantities_list(row["quantities"])), ensure_ascii=False)
                      + "\n")
        n += 1
    return n
