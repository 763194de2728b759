"""Places too small for the gazetteer: neighbourhoods, camps, squares and streets of a city (`الحي رقم
2` in Sirte, `حي الوعر في حمص`, `ساحة التحرير`).

Such a place becomes a FAC mention whose canonical entity stands on the enclosing place, with
`precision = "enclosing"`: the place named right after it (`في حمص`, `بسرت`), else the last city named
before it in the sentence, else the city the article names most. Its id, `fac:<geonameid>:<name>`, is
stable across documents. Without an enclosing place nothing is added.
"""
from __future__ import annotations

from collections import Counter

from marsad import lexicon
from marsad.geo.places import CITY_CUES
from marsad.model import Article, CanonicalEntity, Mention
from marsad.text.normalize import normalize
from marsad.text.tokens import Token, clitic_analyses, original_length
from marsad.text.vocabulary import frequency


def _subcity_cues(kind: str) -> frozenset[str]:
    return frozenset(row["word"] for row in lexicon.rows("subcity_cues") if row["kind"] == kind)


# Words that introduce a place inside a city (matching forms, with or without ال). After a
# street-like one the name is never read as a place of its own (`شارع صلاح الدين`, `ستاد عمان`).
SUBCITY_CUES = _subcity_cues("district")
STREET_CUES = _subcity_cues("street")
# `منطقة X` is a district only when the city it is in follows (`منطقة باب التبانة بمدينة طرابلس`).
AREA_CUES = _subcity_cues("area")
# An indefinite word this common after a street-like cue is a word, not a name (`سجن عشرين`).
COMMON_NAME_WORD = 2000
_FUNCTION = lexicon.words("subcity_function_words")
_NUMBER_CUES = _subcity_cues("number")
# Words between a sub-city place and its town (`حي الوعر في حمص`, `مخيم نهر البارد شمال طرابلس`).
_LINKS = lexicon.words("town_links")
_SETTLEMENTS = ("city", "capital", "admin2")


def find_subcity_places(article: Article, tokens: list[Token]) -> None:
    """Add FAC mentions for sub-city places and their enclosing-place canonical entities."""
    places = {e.id: e for e in article.canonical_entities if e.geonameid and e.feature in _SETTLEMENTS}
    if not places:
        return
    place_mentions = [m for m in article.entities if m.canonical_id in places]
    counts = Counter(m.canonical_id for m in place_mentions)
    entities = {e.id: e for e in article.canonical_entities}
    added = []
    for k, tok in enumerate(tokens):
        span = _subcity_span(tokens, k)
        if span is None:
            continue
        start, end, last, street = span
        inside = [m for m in article.entities if m.start < end and m.end > start]
        if inside and not (street and all(m.start >= start and m.end <= end and m.type in ("GPE", "LOC") for m in inside)):
            continue
        area = _is_area(tokens[k])
        if area and inside:
            continue  # `منطقة القلمون`: a region with a name of its own
        # a camp or stadium named after a town of a country the article is about is in that town
        # (`مخيم جنين`, `ستاد عمان الدولي`); a namesake abroad is not (`مخيم الرشيدية` is not in Morocco)
        others = {places[m.canonical_id].country for m in place_mentions if m not in inside}
        named_city = next((m.canonical_id for m in inside if m.canonical_id in places
                           and places[m.canonical_id].feature in ("city", "capital")
                           and places[m.canonical_id].country in others), None)
        if inside:  # the name of a street or a building, not the place it is named after
            article.entities = [m for m in article.entities if m not in inside]
            place_mentions = [m for m in place_mentions if m not in inside]
        # a stadium or station named after its city is in it (`ستاد عمان الدولي`)
        enclosing = named_city or _enclosing(article, tokens, last, place_mentions, counts, explicit_only=area)
        if enclosing is None:
            continue
        place = places[enclosing]
        surface = article.text[start:end]
        key = "_".join(t.norm for t in tokens[k:last + 1] if t.kind in ("word", "num"))
        cid = f"fac:{place.geonameid}:{key}"
        entity = entities.get(cid)
        if entity is None:
            entity = entities[cid] = CanonicalEntity(
                cid, "FAC", surface, geonameid=place.geonameid, lat=place.lat, lon=place.lon, country=place.country,
                feature=place.feature, precision="enclosing",
                explanation=[f"inside {place.name} ({place.id}): no GeoNames entry of its own"])
            article.canonical_entities.append(entity)
        elif surface != entity.name and surface not in entity.aliases:
            entity.aliases.append(surface)
        added.append(Mention("", "FAC", surface, start, end, canonical_id=cid, source="pattern", confidence=0.8))
        article.entities.append(added[-1])
    if added:
        used = {m.canonical_id for m in article.entities}
        article.canonical_entities = [e for e in article.canonical_entities if e.id in used]
        article.entities.sort(key=lambda m: (m.start, -m.end))
        for n, m in enumerate(article.entities, start=1):
            m.id = f"m{n}"


def _subcity_span(tokens: list[Token], k: int) -> tuple[int, int, int, bool] | None:
    """(start, end, last token, street-like) of `الحي رقم 2`, `حي الوعر`, `مستشفى الشفاء`,
    `شارع صلاح الدين` starting at token k."""
    tok = tokens[k]
    if not tok.is_word:
        return None
    cues = SUBCITY_CUES | STREET_CUES | AREA_CUES
    analysis = next((a for a in clitic_analyses(tok.norm) if a.stem in cues and a.exact), None)
    if analysis is None:
        return None
    skip, stem = analysis.prefix, analysis.stem
    if stem == "المدينه":  # the old city of a city
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if nxt is None or nxt.norm != "القديمه":
            return None
        return tok.start + original_length(tok.text, skip), nxt.end, k + 1, False
    street = stem in STREET_CUES or stem in AREA_CUES
    start = tok.start + original_length(tok.text, skip)
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if nxt is None:
        return None
    if nxt.is_word and nxt.norm in _NUMBER_CUES and k + 2 < len(tokens) and tokens[k + 2].kind == "num":
        return start, tokens[k + 2].end, k + 2, street
    if nxt.kind == "num":
        return start, nxt.end, k + 1, street
    if not nxt.is_word or nxt.norm in _FUNCTION or len(nxt.norm) < 3:
        return None
    if not street and not nxt.norm.startswith("ال"):
        return None
    then = tokens[k + 2] if k + 2 < len(tokens) else None
    compound = then is not None and then.is_word and then.norm.startswith("ال")  # `شارع صلاح الدين`
    if not nxt.norm.startswith("ال") and (nxt.norm.endswith("ا") or nxt.prefix
                                         or (frequency(nxt.norm) >= COMMON_NAME_WORD and not compound)):
        return None  # `مستشفى ميدانيا`, `ساحة لتصفية`, `سجن عشرين`: not a name
    last = k + 1
    while last + 1 < len(tokens) and last - k < 3 and tokens[last + 1].is_word \
            and tokens[last + 1].norm.startswith("ال") and tokens[last + 1].norm not in _FUNCTION:
        last += 1
    return start, tokens[last].end, last, street


def _is_area(tok: Token) -> bool:
    return any(a.stem in AREA_CUES for a in clitic_analyses(tok.norm))


def _enclosing(article: Article, tokens: list[Token], last: int, place_mentions: list[Mention],
               counts: Counter, explicit_only: bool = False) -> str | None:
    """The canonical id of the place that contains the sub-city place ending at token `last`."""
    end = tokens[last].end
    sentence = next(((s.start, s.end) for s in article.sentences if s.start <= end <= s.end), (0, len(article.text)))
    after = [m for m in place_mentions if end <= m.start < sentence[1] and m.start - end <= 12]
    if after:
        between = [normalize(w) for w in article.text[end:after[0].start].split()]
        joined = normalize(article.text[max(0, after[0].start - 1):after[0].start])
        # a hand strip on purpose: any run of و and ب goes (`وبالقرب`), and the whole word counts too (`وسط`)
        if all(w.lstrip("وب") in _LINKS | CITY_CUES or w in _LINKS for w in between) or joined in ("ب", "ل"):
            return after[0].canonical_id
    if explicit_only:
        return None
    before = [m for m in place_mentions if sentence[0] <= m.start < end]
    if before:
        return before[-1].canonical_id
    if counts:
        return counts.most_common(1)[0][0]
    return None
