"""Build `geo/data/learned_places.tsv.gz`: Arabic names of towns that GeoNames knows only in Latin
letters, learned from raw news (read at run time by `marsad.geo.learned`).

In each article of the corpora, a word after a town cue (`مدينة المتلوي`, `معتمدية الرديف`, and the
names joined to it by و) that the gazetteer does not know is matched by consonant skeleton against
the main GeoNames names of the towns of the countries the article names (see `geo.transliterated`). A
name is kept when it is seen at least `MIN_SEEN` times, mostly (`MIN_AGREEMENT`) with one town, and when
the news uses it after a cue often enough (`MIN_CUED_SHARE` of its occurrences) to be a name rather
than a word. Columns: Arabic name (matching form), geonameid, times matched, times seen after a cue.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable

from marsad.build import corpus_texts
from marsad import lexicon
from marsad.geo.gazetteer import load_gazetteer
from marsad.geo.learned import LEARNED_PATH
from marsad.geo.places import CITY_CUES, find_places
from marsad.geo.transliterated import cued_candidates, match
from marsad.gzfile import write_gzip_text
from marsad.model import Article
from marsad.text.tokens import tokenize
from marsad.text.vocabulary import frequency

MIN_SEEN = 3
MIN_AGREEMENT = 0.7
MIN_CUED_SHARE = 0.15
# Town cues of the build, beyond the place finder's: Tunisian and Moroccan divisions.
EXTRA_CUES = lexicon.words("division_cues")


def learn_place_names(texts: Iterable[str]) -> dict[str, tuple[int, int, int]]:
    """name → (geonameid, times matched to it, times the name was seen after a cue)."""
    gz = load_gazetteer()
    cues = CITY_CUES | EXTRA_CUES  # towns only: a name after ولاية or محافظة is a division
    matched: dict[str, Counter] = defaultdict(Counter)
    cued: Counter = Counter()
    for text in texts:
        article = Article(text)
        article.tokens = tokenize(text)
        find_places(article, article.tokens, gz)
        entities = {e.id: e for e in article.canonical_entities}
        countries = Counter(entities[m.canonical_id].country for m in article.entities
                            if m.canonical_id in entities and entities[m.canonical_id].country)
        if not countries:
            continue
        for name, _, _ in cued_candidates(article, cues, gz.names):
            cued[name] += 1
            found = match(name, countries, main_name_only=True)
            if found is not None:
                matched[name][found[0][0]] += 1
    out = {}
    for name, ids in matched.items():
        geonameid, n = ids.most_common(1)[0]
        seen = frequency(name) if " " not in name else cued[name]  # the vocabulary counts single words
        if n >= MIN_SEEN and n >= MIN_AGREEMENT * cued[name] and cued[name] >= MIN_CUED_SHARE * seen:
            out[name] = (geonameid, n, cued[name])
    return out


def write_learned(learned: dict[str, tuple[int, int, int]], out: Path = LEARNED_PATH) -> int:
    """Write the table; returns its number of names."""
    with write_gzip_text(out) as f:
        for name in sorted(learned):
            geonameid, n, cued = learned[name]
            f.write(f"{name}\t{geonameid}\t{n}\t{cued}\n")
    return len(learned)


def build(corpora: list[str]) -> str:
    return f"{write_learned(learn_place_names(corpus_texts(corpora)))} names"
