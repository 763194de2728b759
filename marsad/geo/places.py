"""Find places and nationality adjectives in an article and resolve them to GeoNames.

A name is matched on its matching form, also behind the proclitics و ف ب ك ل (`والجزائر`, `بسرت`,
`للولايات المتحدة`), longest name first. Names that are also everyday words (see `gazetteer`) become
places only with evidence, as their level asks: a cue (مدينة، شمال، في), a list of places, their
country named beside them or in the article. For a `strong` name a bound ب (`بوقف`), a verb of motion
(`دخلت السوق`) or a preposition two words back is no evidence, and a name right before another name
(`قارة أمريكا`) or, definite, before an adjective (`السوق الإيرانية`) is the common noun. A token read
as proclitic + name is never that name when the whole token is a common word (`كسرت`, `لوقف`: far more
frequent than the clitic forms of towns, `clitic_reading`), and needs the evidence of a `strong` name
when it is somewhat common and the name is flagged. A word with a hamza the name lacks is another word
(`حمأة` is not حماة). A country that locates a name (`قصور شرقي باكستان`) must be one of its places'.
A country's name that is also its adjective is the adjective after a definite word (`العاصمة السعودية`).

Homonyms (طرابلس Libya / Lebanon) are ranked by an explained score: prominence, the countries the
article names, a country named right beside the place, a cue such as مدينة, and the site's country.
All mentions of one name in an article get the same reading.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from marsad import lexicon
from marsad.geo.gazetteer import LOCAL, PHYSICAL_FEATURES, STRONG, Gazetteer, Place, load_gazetteer
from marsad.geo.subdivisions import bare_name
from marsad.model import Article, CanonicalEntity, Mention
from marsad.text.tokens import Token, clitic_analyses, longest_name_at, name_start, plausible_split
from marsad.text.vocabulary import frequency


def _place_cues(*kinds: str) -> frozenset[str]:
    return frozenset(row["word"] for row in lexicon.rows("place_cues") if row["kind"] in kinds)


PREPOSITIONS = _place_cues("preposition")
# Words after which a name is in a place's context (`في سرت`, `شمال سرت`, `مدينة سرت`, `زار سرت`).
LOCATIVE_CUES = _place_cues("preposition", "locative")
# Verbs of movement before a place (`غادروا مالي`), in their common inflections.
MOTION_VERBS = _place_cues("motion", "motion-noun")
PLACE_CUES = _place_cues("locative", "motion", "motion-noun")
# Verbs of motion that are also common nouns (`دخل مالي` "financial income"): no evidence for a
# name that is also a word.
MOTION_NOUNS = _place_cues("motion-noun")
CITY_CUES = lexicon.words("city_cues")
# Words before the name of a governorate, province or state (`محافظة إدلب`, `ريف حلب`).
ADMIN_CUES = lexicon.words("admin_cues")
# Words before a sea, a gulf or a river (`ساحل البحر الأحمر`, `مياه الخليج`).
WATER_CUES = lexicon.words("water_cues")
# A division shares its name with its main town (حلب، إدلب): the bare name is the town unless a cue
# such as محافظة says otherwise.
ADMIN_PENALTY = 1.5
# Below this corpus frequency a joined form (`وإربد`) says nothing against its split reading.
RARE_FORM = 20
# A clitic form (`كسرت`) this many times more common, relative to its bare name, than the gazetteer's
# `clitic_shares` allow a town is a word of its own, not the clitic + the name.
WORD_SHARE = 2.0
# Hamza letters: a word that has one inside it where a place's name has a bare alef is another word.
_HAMZA = frozenset("أإؤئء")
# The words before a name that mark its context, first match wins after the place cues.
_CUE_LABELS = ((CITY_CUES, "city-cue"), (ADMIN_CUES, "admin-cue"), (WATER_CUES, "water-cue"),
               (PREPOSITIONS, "preposition"))
# Words between a place and the country that locates it (`صور، جنوب لبنان`).
_COUNTRY_LINKS = lexicon.words("country_links")
# Country-code top-level domains of sites, for the site-country hint.
_GENERIC_TLDS = frozenset("com net org info news tv co io biz".split())


@dataclass(slots=True)
class Match:
    first: int  # token index
    last: int  # token index (inclusive)
    start: int  # character offsets of the mention (clitics excluded where possible)
    end: int
    key: str
    places: tuple[int, ...] = ()
    demonym: int | None = None
    bound_preposition: bool = False
    conjunction: bool = False  # و attached: `النيجر والجزائر`
    split_reading: bool = False  # the whole word reads better as clitic + word (بردود = ب + ردود)
    doubtful_clitic: bool = False  # the clitic form is itself a somewhat common word (وصيف "runner-up")
    context: set[str] = field(default_factory=set)


def find_places(article: Article, tokens: list[Token], gazetteer: Gazetteer | None = None) -> None:
    """Add place (GPE/LOC) and nationality (NORP) mentions and their canonical entities to `article`."""
    gz = gazetteer or load_gazetteer()
    matches = _scan(article.text, tokens, gz)
    if not matches:
        return
    countries = _article_countries(matches, gz)
    main_country = _main_country(matches, countries)
    site_country = _site_country(article.metadata.url)
    _mark_context(matches, tokens, gz)
    by_key: dict[tuple[str, bool], list[Match]] = {}
    for m in matches:
        bare = bare_name(m.key)  # `محافظة الجوف` and `الجوف` are one name in one article
        if bare is not None:
            m.context.add("admin-cue")
        by_key.setdefault((bare or m.key, m.demonym is not None), []).append(m)
    entities: dict[str, CanonicalEntity] = {}
    mentions: list[Mention] = []
    for group in by_key.values():
        if group[0].demonym is not None:
            demonym = gz.demonyms[group[0].demonym]
            entity = entities.setdefault(demonym.id, CanonicalEntity(demonym.id, "NORP", demonym.name, country=demonym.country))
            for m in group:
                mentions.append(_mention(article, m, "NORP", entity))
            continue
        kept = [m for m in group if _has_context(m, gz.levels.get(m.key), countries, gz)]
        # `محافظة إدلب` and `مدينة إدلب` in one article are two places: resolve each side apart, the cued
        # ones first; a bare mention then leans to the country they were found in
        parts = [[m for m in kept if "admin-cue" in m.context],
                 [m for m in kept if "city-cue" in m.context and "admin-cue" not in m.context],
                 [m for m in kept if not m.context & {"admin-cue", "city-cue"}]]
        cued: list[tuple[Place, list[str]]] = []
        for part in parts:
            if not part:
                continue
            place, explanation = _resolve(part, gz, countries, site_country, main_country)
            if part is not parts[2]:
                cued.append((place, explanation))
            elif cued and place.country not in {p.country for p, _ in cued}:
                # one name, one country in an article: the bare `عمان` after `العاصمة الأردنية عمان`
                place, explanation = cued[0][0], cued[0][1] + ["as where a cue marks the same name"]
            entity = entities.get(place.id)
            if entity is None:
                entity = entities[place.id] = CanonicalEntity(
                    place.id, place.type, place.name, latin=place.latin or None, geonameid=place.geonameid,
                    lat=place.lat, lon=place.lon, country=place.country, feature=place.feature,
                    explanation=explanation, precision="exact",
                )
            for m in part:
                mentions.append(_mention(article, m, place.type, entity))
    mentions.sort(key=lambda m: m.start)
    base = len(article.entities)
    for n, mention in enumerate(mentions, start=base + 1):
        mention.id = f"m{n}"
    article.entities.extend(mentions)
    article.entities.sort(key=lambda m: m.start)
    article.canonical_entities.extend(entities.values())


def _scan(text: str, tokens: list[Token], gz: Gazetteer) -> list[Match]:
    """Longest gazetteer names and adjectives, left to right, behind proclitics."""
    out: list[Match] = []
    n = len(tokens)

    def is_name(key, norm, analysis, words):
        return key in gz.names or key in gz.adjectives

    def split_ok(norm, analysis):
        if clitic_reading(norm, analysis, gz) == "word":
            return False
        return plausible_split(norm, analysis) or _rare_conjunction(norm, analysis)

    i = 0
    while i < n:
        tok = tokens[i]
        found = longest_name_at(tokens, i, gz.first_words, gz.max_words, is_name, split_ok, text)
        if found is None:
            i += 1
            continue
        analysis, last, key = found
        start = name_start(tok, analysis)
        clitics = tok.norm[: analysis.prefix]
        if last == i and _hamza_differs(text[start:tok.end], key, gz):
            i += 1
            continue
        m = Match(i, last, start, tokens[last].end, key, bound_preposition="ب" in clitics,
                  conjunction=clitics[:1] == "و")
        m.split_reading = analysis.prefix == 0 and last == i and tok.prefix > 0
        m.doubtful_clitic = last == i and clitic_reading(tok.norm, analysis, gz) == "doubtful"
        if key in gz.adjective_names and i > 0 and _definite_word(tokens[i - 1]):
            m.demonym = gz.adjective_names[key]  # `العاصمة السعودية`: the adjective of a definite noun
        elif key in gz.names:
            m.places = gz.names[key]
        else:
            m.demonym = gz.adjectives[key]
        out.append(m)
        i = last + 1
    return out


def _definite_word(token: Token) -> bool:
    """A definite word (`الحكومة`, `بالعاصمة`): one an adjective can follow."""
    stems = {a.stem for a in clitic_analyses(token.norm) if a.exact}
    return token.is_word and any(s.startswith("ال") and len(s) > 3 for s in stems)


def clitic_reading(norm: str, analysis, gz: Gazetteer) -> str | None:
    """How a token read as proclitic + name compares with the clitic forms of towns in the news:
    "word" when the whole token is far more common than that (`كسرت` against سرت, `لوقف` against وقف;
    not for و), "doubtful" when it is more common, else None."""
    if analysis.prefix == 0 or not gz.clitic_shares:
        return None
    whole, bare = frequency(norm), frequency(analysis.stem)
    usual = gz.clitic_shares.get(norm[analysis.prefix - 1])
    if usual is None or whole < RARE_FORM // 2 or whole <= usual * bare:
        return None
    if any(gz.places[i].feature == "country" for i in gz.names.get(analysis.stem, ())):
        return None  # a country's name behind a clitic is that country (لإيران)
    # و joins names in lists (`أربيل والسليمانية`), so a و form is never more than in doubt
    return "word" if whole > WORD_SHARE * usual * bare and norm[0] != "و" else "doubtful"


def _hamza_differs(surface: str, key: str, gz: Gazetteer) -> bool:
    """True when a one-word surface has a hamza inside it where the names of the places it matches
    have none (`حمأة` against حماة, `خبأت` against خبات)."""
    letters = [c for c in surface if "\u0621" <= c <= "\u064a"]
    first = 2 if letters[:2] == ["ا", "ل"] else 0  # `إدلب`, `الأبيض`: a hamza that starts the word
    inner = {k for k, c in enumerate(letters) if c == "أ" and k > first}
    if " " in key or not inner or key not in gz.names:
        return False
    for index in gz.names[key]:
        name = [c for c in gz.places[index].name if "\u0621" <= c <= "\u064a"]
        if len(name) != len(letters) or all(name[k] in _HAMZA for k in inner):
            return False
    return True


def _rare_conjunction(norm: str, analysis) -> bool:
    """و + a place name, where the corpus has too few of the joined form to tell (`وإربد`)."""
    return analysis.prefix == 1 and norm[0] == "و" and frequency(norm) < RARE_FORM


def _article_countries(matches: list[Match], gz: Gazetteer) -> dict[str, set[str]]:
    """Countries the article names without doubt (unflagged country and capital names, nationality
    adjectives), each with the names that show it."""
    out: dict[str, set[str]] = {}
    for m in matches:
        country = None
        if m.demonym is not None:
            country = gz.demonyms[m.demonym].country
        elif m.key not in gz.levels:
            places = [gz.places[i] for i in m.places]
            nations = [p for p in places if p.feature == "country"]
            if nations:  # a country's name is that country (لبنان, whatever towns abroad share it)
                country = nations[0].country
            elif all(p.country == places[0].country for p in places) and places[0].feature == "capital":
                country = places[0].country
        if country:
            out.setdefault(country, set()).add(m.key)
    return out


def leading_country(counts: Counter, times: float = 1.0) -> str | None:
    """The country counted at least twice, more often than any other and at least `times` as often
    as the next: the country an article is about."""
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2:
        return None
    if len(ranked) > 1 and (ranked[0][1] <= ranked[1][1] or ranked[0][1] < times * ranked[1][1]):
        return None
    return ranked[0][0]


def _main_country(matches: list[Match], countries: dict[str, set[str]]) -> str | None:
    """The country the article names clearly most often (its places, adjectives and own name)."""
    return leading_country(Counter(c for m in matches for c, names in countries.items() if m.key in names))


def _named_elsewhere(country: str | None, key: str, countries: dict[str, set[str]]) -> bool:
    """True when another name than `key` in the article shows `country`."""
    return bool(country) and bool(countries.get(country, set()) - {key})


def _site_country(url: str | None) -> str | None:
    if not url:
        return None
    host = url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    tld = host.rsplit(".", 1)[-1].lower()
    return tld.upper() if len(tld) == 2 and tld not in _GENERIC_TLDS else None


def _mark_context(matches: list[Match], tokens: list[Token], gz: Gazetteer) -> None:
    """Record what surrounds each match: a cue word or preposition before it, a neighbouring place in
    a list, the countries named right after it (`صور اللبنانية`, `صور، جنوب لبنان`)."""
    for index, m in enumerate(matches):
        if m.bound_preposition:
            m.context.add("bound-preposition")
        if _is_dateline(m, tokens):
            m.context.add("cue")
        for back in (1, 2):
            k = m.first - back
            if k < 0 or not tokens[k].is_word:
                break
            stems = {a.stem for a in clitic_analyses(tokens[k].norm) if a.exact}  # `لمدينة`, `وشمال`
            labels = [label for cues, label in _CUE_LABELS if stems & cues]
            if stems & PLACE_CUES:  # a place cue, and which kind of place it announces
                # a verb of motion also takes a definite common noun (`دخلت السوق`), and some verbs
                # are nouns too (`دخل مالي`)
                definite, noun = m.key.startswith("ال"), not stems & (MOTION_VERBS - MOTION_NOUNS)
                cue = "cue" if stems & LOCATIVE_CUES or not (definite or noun) else "motion-cue"
                m.context.update([cue] + [x for x in labels if x in ("city-cue", "admin-cue")])
                break
            # a preposition two words back only before a list (`في البوكمال والميادين`)
            labels = [x for x in labels if x != "city-cue" and (back == 1 or m.conjunction or x != "preposition")]
            if labels:
                m.context.add(labels[0])
                break
        for before, after in ((matches[index - 1] if index else None, m), (m, matches[index + 1] if index + 1 < len(matches) else None)):
            if before is None or after is None or before.demonym is not None or after.demonym is not None:
                continue
            other = before if after is m else after
            if other.key in gz.levels:
                continue
            between = tokens[before.last + 1: after.first]
            if (after.conjunction and not after.doubtful_clitic and not between) \
                    or [t.text for t in between] in (["،"], [","], ["و"]):
                m.context.add("list")
        following = matches[index + 1] if index + 1 < len(matches) else None
        if following is not None and following.first == m.last + 1 and following.start == tokens[following.first].start:
            if following.demonym is None:  # `قارة أمريكا`, `العاصمة صنعاء`: a noun before a name
                m.context.add("construct")
            elif m.key.startswith("ال"):  # `السوق الإيرانية`: a definite noun and its adjective
                m.context.add("attribute")
        for other in matches[index + 1: index + 3]:
            between = [t.norm for t in tokens[m.last + 1: other.first]]
            if other.demonym is not None:  # `صور اللبنانية`: the adjective right after the name
                country = gz.demonyms[other.demonym].country if not between and "attribute" not in m.context else None
            elif gz.places[other.places[0]].feature == "country" and all(w in _COUNTRY_LINKS for w in between):
                country = gz.places[other.places[0]].country  # `صور، جنوب لبنان`, `سرت في ليبيا`
            elif between and all(w in _COUNTRY_LINKS for w in between) and other.key not in gz.levels \
                    and len({gz.places[i].country for i in other.places}) == 1:
                country = gz.places[other.places[0]].country  # `أبو سمبل جنوب أسوان`: near a town of that country
            else:
                country = None
            if country:
                m.context.add(f"country:{country}")
                if other.demonym is None and set(between) - {",", "،"}:  # `قصور شرقي باكستان`
                    m.context.add(f"located:{country}")
        if index and "list" in m.context:  # `محافظتي الكرك ومعان`: a cue before a list covers it
            previous = matches[index - 1]
            m.context |= previous.context & {"admin-cue", "city-cue"}


_DATELINE_MARKS = frozenset("-–—:)،")


def _is_dateline(m: Match, tokens: list[Token]) -> bool:
    """A place at the very start of the body, followed by a dash, colon or comma (`صور - 7 آذار`)."""
    first = 1 if tokens and tokens[0].text == "(" else 0
    following = tokens[m.last + 1: m.last + 3]
    return m.first == first and any(t.kind == "punct" and t.text in _DATELINE_MARKS for t in following)


def _has_context(m: Match, level: tuple[str, str] | None, countries: dict[str, set[str]], gz: Gazetteer) -> bool:
    """Whether a name flagged as also a word (see `gazetteer`) has the place context its level asks, and
    whether a country that locates it (`X شرقي باكستان`, `X في سرت`) is one of its own."""
    own_countries = {gz.places[i].country for i in m.places}
    beside = any(c.startswith("country:") and c[8:] in own_countries for c in m.context)
    located = {c[8:] for c in m.context if c.startswith("located:")}
    if located and not located & own_countries:  # `مدينة قصور شرقي باكستان` is no town of Cameroon
        return False
    named = any(_named_elsewhere(c, m.key, countries) for c in own_countries)
    if m.split_reading or (m.doubtful_clitic and level):
        level = (f"{level[0]} {STRONG}" if level else STRONG, "")
    if level is None:
        return True
    kinds = level[0].split()
    if STRONG in kinds and m.context & {"construct", "attribute"}:
        return False
    if LOCAL in kinds and STRONG in kinds:
        return beside or (named and ("cue" in m.context or "list" in m.context))
    if LOCAL in kinds:
        return beside or (named and bool(m.context))
    if STRONG in kinds:
        return "cue" in m.context or "list" in m.context or beside or ("preposition" in m.context and named)
    return bool(m.context) or named


def _resolve(group: list[Match], gz: Gazetteer, countries: dict[str, set[str]], site_country: str | None,
             main_country: str | None = None) -> tuple[Place, list[str]]:
    """The best reading of a name in this article, and why."""
    context = set().union(*(m.context for m in group))
    candidates = [gz.places[i] for i in group[0].places]
    nations = {p.country for p in candidates if p.feature == "country"}
    if nations:  # a country's name means that country, a place in it or a capital (عمان), not a town abroad
        candidates = [p for p in candidates if p.country in nations or p.feature == "capital"]
    several_countries = len({p.country for p in candidates if p.country}) > 1
    scored = []
    for index, place in enumerate(candidates):
        why = []
        if place.feature == "country":
            score = 9.0
            why.append("a country (+9)")
        elif place.feature in ("continent", "region") or place.feature in PHYSICAL_FEATURES:
            score = 8.0
            why.append(f"a {place.feature} (+8)")
        elif place.feature in ("admin1", "admin2"):
            score = math.log10(place.population + 10) - ADMIN_PENALTY
            why.append(f"{place.feature}, population {place.population:,} ({score:+.1f})")
        else:
            score = math.log10(place.population + 10) + (1.0 if place.feature == "capital" else 0.0)
            why.append(f"{place.feature}, population {place.population:,} ({score:+.1f})")
        if several_countries and _named_elsewhere(place.country, group[0].key, countries):
            score += 2.5
            why.append(f"{place.country} is named in the article (+2.5)")
        if several_countries and f"country:{place.country}" in context:
            score += 4
            why.append(f"{place.country} is named right after it (+4)")
        if several_countries and main_country and place.country == main_country:
            score += 1.5
            why.append(f"the article is mostly about {main_country} (+1.5)")
        if several_countries and site_country and place.country == site_country:
            score += 1.5
            why.append(f"the site is in {site_country} (+1.5)")
        if "city-cue" in context:
            delta = 4 if place.feature in ("city", "capital") else -4
            score += delta
            why.append(f"a cue such as مدينة precedes it ({delta:+d})")
        if "water-cue" in context:
            delta = 4 if place.feature == "water" else -4
            score += delta
            why.append(f"a cue such as ساحل precedes it ({delta:+d})")
        if "admin-cue" in context:
            delta = 5 if place.feature in ("admin1", "admin2") else -5
            score += delta
            why.append(f"a cue such as محافظة precedes it ({delta:+d})")
        scored.append((score, -index, place, why))
    scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
    score, _, place, why = scored[0]
    explanation = why + [f"score {score:.1f}"]
    if len(scored) > 1:
        runner = scored[1]
        explanation.append(f"over {runner[2].latin or runner[2].name} ({runner[2].country}, {runner[0]:.1f})")
    return place, explanation


def _mention(article: Article, m: Match, type_: str, entity: CanonicalEntity) -> Mention:
    surface = article.text[m.start:m.end]
    if surface not in entity.aliases and surface != entity.name:
        entity.aliases.append(surface)
    return Mention("", type_, surface, m.start, m.end, canonical_id=entity.id, source="gazetteer")
