"""Within-document linking: the PER, ORG, MISC and EVENT mentions of an article grouped into one
canonical entity per real-world actor, with stable ids across documents.

- **Actor lexicon.** A name (or the name without a trailing nationality adjective, or without a group
  word such as تنظيم) that is in the lexicon gives `actor:<id>` with its country and sector (its English
  name written in Latin letters too: `(CNN)`); a
  name that is in the lexicon only with the article's main country (`الحرس الرئاسي` in a Libyan
  story → `الحرس الرئاسي الليبي`) too. Lexicon names the tagger missed are found in the text as well.
- **Partial names.** A one-word person name joins the one longer person name in the article that ends
  with it (`جنتيلوني` → `باولو جنتيلوني`); two names with different first names are never one person
  (`علي عبدالله صالح`, `طارق محمد عبدالله صالح`), and a clause is no name (`… وليس فائز السراج`); an organisation name joins the longer ones it begins
  (`حكومة الوفاق` → `حكومة الوفاق الوطني الليبي`) when they form one chain and their countries agree.
- **Spelling.** Names are compared on their matching forms (hamza, ى/ي, ة/ه, diacritics), with
  attached clitics outside the spans.
- **Descriptors.** `التنظيم` / `الحركة` / `الجماعة` after the article named exactly one such group
  (a name that begins with that word, or an armed group of the lexicon) is a mention of it.

Ids: `actor:<lexicon id>`, else `per:`/`org:`/`misc:`/`event:` + the matching form of the fullest
name, spaces as `_` — the same in every article that names the entity in full. An article that only
names a person by surname gets the surname's id (documented in docs/linking.md).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from marsad import lexicon
from marsad.geo.gazetteer import Gazetteer, load_gazetteer
from marsad.geo.places import leading_country
from marsad.geo.transliterated import found_by_latin_name
from marsad.link.context import add_context_mentions
from marsad.link.latin import person_latin
from marsad.link.lexicon import Actor, Lexicon, load_lexicon, name_key
from marsad.model import Article, CanonicalEntity, Mention
from marsad.ner.features import name_kinds
from marsad.ner.persons import CLAUSE_WORDS, person_extent, title_before, title_text
from marsad.ner.rules import PEOPLE_NOUNS
from marsad.text.spans import overlap_finder
from marsad.text.tokens import (
    clitic_analyses,
    longest_name_at,
    name_start,
    original_length,
    plausible_split,
)
from marsad.text.vocabulary import frequency

LINKABLE = ("PER", "ORG", "MISC", "EVENT")
_KIND = {"PER": "per", "ORG": "org", "MISC": "misc", "EVENT": "event"}
# Words before a group's own name (`تنظيم داعش` is داعش).
GROUP_WORDS = lexicon.words("group_words")
# Group words that only label a group: before a name of the same actor, the mention is that name.
GROUP_LABELS = lexicon.words("group_labels")
# Definite head nouns that stand for an organisation named before (`المنظمة`, `البعثة`, `التنظيم`).
DESCRIPTOR_HEADS = lexicon.words("descriptor_heads")
# The only words that may follow a descriptor (`التنظيم الإرهابي`, `المنظمة الدولية`); another
# definite word makes it a different phrase (`الحركة الاحتجاجية`).
DESCRIPTOR_ADJECTIVES = lexicon.words("descriptor_adjectives")
_ARMED = ("terrorist", "rebel")
# The sector an organisation's head words give when the lexicon does not know it.
_HEADS = {tuple(row["phrase"].split()): row["sector"] for row in lexicon.rows("sector_heads")}
_ORG_HEADS = lexicon.words("org_heads") | lexicon.words("definite_org_heads")
GENERIC_ORG_WORDS = (lexicon.words("generic_org_words") | lexicon.words("org_heads") | lexicon.words("role_words")
                     | lexicon.words("institutional_adjectives")
                     | frozenset(w.removeprefix("ال") for w in lexicon.words("definite_org_heads"))
                     | frozenset(w for phrase in _HEADS for w in phrase))
STATE_BODY_HEADS = lexicon.words("state_body_heads")


@dataclass(slots=True)
class _Item:
    """One entity of the tagger (its mentions), as the linker sees it."""

    cid: str
    type: str
    mentions: list[Mention]
    forms: list[str]
    core: tuple[str, ...] = ()  # words of the fullest form without a trailing adjective
    country: str | None = None
    implied: str | None = None  # the country its context implies when its name has no adjective
    actor: Actor | None = None
    reasons: list[str] = field(default_factory=list)


def link_entities(article: Article, lexicon: Lexicon | None = None, gazetteer: Gazetteer | None = None) -> None:
    """Regroup the article's PER/ORG/MISC/EVENT mentions into canonical entities (see module doc)."""
    lexicon = lexicon or load_lexicon()
    gz = gazetteer or load_gazetteer()
    _trim_model_spans(article, lexicon)
    _add_lexicon_mentions(article, lexicon)
    _add_latin_mentions(article, lexicon)
    main_country = _main_country(article)
    add_context_mentions(article, lexicon, main_country)
    for m in article.entities:  # an unresolved "place" that is an actor (`واس`)
        actor = lexicon.lookup(m.text) if (m.canonical_id or "").startswith("loc:") else None
        if actor is not None:
            m.type, m.canonical_id = actor.type, actor.entity_id
    by_entity: dict[str, list[Mention]] = defaultdict(list)
    for m in article.entities:
        if m.type in LINKABLE and m.canonical_id:
            by_entity[m.canonical_id].append(m)
    if not by_entity:
        return
    core_countries: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for ms in by_entity.values():
        for m in ms:
            words, country = _core(m.text, gz)
            if country:
                core_countries[words].add(country)
    items = [_describe(cid, ms, lexicon, gz, main_country, core_countries) for cid, ms in by_entity.items()]
    clusters = _cluster(items)
    old = set(by_entity)
    article.canonical_entities = [e for e in article.canonical_entities if e.id not in old]
    merged: dict[str, CanonicalEntity] = {}
    for members in clusters:
        entity = _entity(members)
        if entity.id in merged:  # two clusters with one fullest name
            _absorb(merged[entity.id], entity)
        else:
            merged[entity.id] = entity
        for item in members:
            for m in item.mentions:
                m.canonical_id = entity.id
                m.type = "NORP" if entity.type == "ORG" and _people_noun(m.text) else entity.type
    article.canonical_entities.extend(merged.values())
    _add_descriptors(article, merged)
    used = {m.canonical_id for m in article.entities}
    article.canonical_entities = [e for e in article.canonical_entities if e.id in used]


def _describe(cid: str, mentions: list[Mention], lexicon: Lexicon, gz: Gazetteer, main_country: str | None,
              core_countries: dict[tuple[str, ...], set[str]]) -> _Item:
    forms = list(dict.fromkeys(m.text for m in mentions if _is_name(m.text)) or (m.text for m in mentions))
    type_ = Counter(m.type for m in mentions).most_common(1)[0][0]
    item = _Item(cid, type_, mentions, forms)
    best: tuple[str, ...] = ()
    countries = set()
    for form in forms:
        words, country = _core(form, gz)
        if country:
            countries.add(country)
        if len(words) > len(best):
            best = words
        # the country a bare name implies: that of the same name written with an adjective in the article
        # (`وزارة الخارجية المصرية` before `وزارة الخارجية`), else the article's main country
        named = core_countries.get(words, set())
        implied = next(iter(named)) if len(named) == 1 else (None if named else main_country)
        if not country and item.implied is None:
            item.implied = implied
        actor = _lookup(form, words, country, implied, lexicon, gz)
        if actor is not None and item.actor is None:
            item.actor = actor
            item.reasons.append(f"{form}: actor lexicon ({actor.id})")
    for m in mentions:  # a name the lexicon knows with its title (`الملك سلمان`)
        if item.actor is None and m.title:
            actor = lexicon.lookup(m.title.split()[-1] + " " + m.text)
            if actor is not None and actor.type == "PER":
                item.actor = actor
                item.reasons.append(f"{m.title} {m.text}: actor lexicon ({actor.id})")
    if item.actor is None and cid.startswith("actor:") and cid[6:] in lexicon.actors:
        item.actor = lexicon.actors[cid[6:]]  # a short name the article's context resolved
        item.reasons.append(f"{forms[0]}: named in context ({item.actor.id})")
    item.core = best
    item.country = next(iter(countries)) if len(countries) == 1 else None
    return item


def _people_noun(form: str) -> bool:
    """A movement's members or adjective as one definite word (`الحوثيين`, `الحوثيون`): a NORP
    mention of the movement, as nationality words are of their country."""
    key = name_key(form)
    return " " not in key and key.startswith("ال") and key.endswith(("يين", "يون"))


def _core(form: str, gz: Gazetteer) -> tuple[tuple[str, ...], str | None]:
    """The name's words without a trailing nationality adjective, and that adjective's country."""
    words = name_key(form).split()
    if words and words[0].startswith("لل") and len(words[0]) > 4:
        words[0] = "ا" + words[0][1:]  # a ل left on the name: للامم → الامم (restores the elided alef)
    country = None
    while len(words) > 1 and words[-1] in gz.adjectives:
        country = country or gz.demonyms[gz.adjectives[words[-1]]].country
        words = words[:-1]
    if not country and len(words) > 1 and words[-1].startswith("ال") and words[0] in _ORG_HEADS:
        # a definite country name used as the adjective (`وزارة الداخلية السعودية`)
        named = _countries_by_place(gz)
        found = {named[i] for i in gz.names.get(words[-1], ()) if i in named}
        if len(found) == 1:
            country, words = found.pop(), words[:-1]
    return tuple(words), country


_COUNTRY_PLACES: dict[int, dict[int, str]] = {}


def _countries_by_place(gz: Gazetteer) -> dict[int, str]:
    """Place index -> ISO code, for the countries of the gazetteer."""
    cached = _COUNTRY_PLACES.get(id(gz))
    if cached is None:
        cached = _COUNTRY_PLACES[id(gz)] = {index: iso for iso, index in gz.country_index.items()}
    return cached


def _lookup(form: str, words: tuple[str, ...], country: str | None, main_country: str | None, lexicon: Lexicon,
            gz: Gazetteer) -> Actor | None:
    """The lexicon actor of a name: as written, without its adjective (`country`), without a group
    word, or with the adjective of the implied country (`main_country`) when it has none of its own."""
    candidates = [form, " ".join(words)]
    if len(words) > 1 and words[0] in GROUP_WORDS:
        candidates.append(" ".join(words[1:]))
    for name in candidates:
        actor = lexicon.lookup(name)
        if actor is not None and (country is None or actor.country in (None, country)):
            return actor
    implied = country or main_country
    if implied:
        for adjective in _adjective_forms(implied, gz):
            actor = lexicon.lookup(" ".join(words) + " " + adjective)
            if actor is not None and actor.country == implied:
                return actor
    return None


def _adjective_forms(country: str, gz: Gazetteer) -> list[str]:
    for demonym in gz.demonyms:
        if demonym.country == country:
            base = name_key(demonym.name)
            return ["ال" + base, "ال" + base + "ه"]
    return []


def _main_country(article: Article) -> str | None:
    """The country the article is about: named at least twice as often as any other (places in it and
    its nationality adjective; not places found by their Latin name)."""
    counts = Counter()
    entities = {e.id: e for e in article.canonical_entities}
    for m in article.entities:
        e = entities.get(m.canonical_id or "")
        if e is not None and e.country and m.type in ("GPE", "NORP", "LOC", "FAC") and not found_by_latin_name(e):
            counts[e.country] += 1
    return leading_country(counts, times=2)


def _longer_by(items: list[_Item], group: list[int], part, max_part: int | None = None) -> dict[tuple, list[int]]:
    """For each `part(core, n)` of a core (its first or last n words, for every n shorter than the
    core), the items of `group` whose core is longer and has that part, in group order."""
    found: dict[tuple, list[int]] = defaultdict(list)
    for j in group:
        core = items[j].core
        for n in range(1, min(len(core), (max_part or len(core)) + 1)):
            found[part(core, n)].append(j)
    return found


def _cluster(items: list[_Item]) -> list[list[_Item]]:
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Per cluster root, the first item (in item order) that has an actor, kept up to date by `union`.
    first_actor = {k: k for k, it in enumerate(items) if it.actor}

    def actor_of(root: int) -> str | None:
        k = first_actor.get(root)
        return items[k].actor.id if k is not None else None

    members = {k: [k] for k in range(len(items))}

    def union(i: int, j: int, why: str) -> None:
        a, b = find(i), find(j)
        if a == b:
            return
        actor_a, actor_b = actor_of(a), actor_of(b)
        if actor_a and actor_b and actor_a != actor_b:
            return
        if not all(_same_person(items[x].core, items[y].core) for x in members[a] for y in members[b]
                   if items[x].type == items[y].type == "PER"):
            return
        parent[b] = a
        members[a].extend(members.pop(b))
        if b in first_actor:
            first_actor[a] = min(first_actor.pop(b), first_actor.get(a, b))
        items[i].reasons.append(why)

    persons = [k for k, it in enumerate(items) if it.type == "PER"]
    others = [k for k, it in enumerate(items) if it.type != "PER"]
    by_actor: dict[str, int] = {}
    for k, it in enumerate(items):
        if it.actor:
            if it.actor.id in by_actor:
                union(by_actor[it.actor.id], k, f"same actor as {items[by_actor[it.actor.id]].forms[0]}")
            else:
                by_actor[it.actor.id] = k
    for group in (persons, others):
        by_core: dict[tuple[str, ...], int] = {}
        for k in group:
            for core in _cores(items[k]):
                if core in by_core and _countries_agree(items[by_core[core]], items[k]):
                    union(by_core[core], k, f"same name as {items[by_core[core]].forms[0]}")
                by_core.setdefault(core, k)
    ending_with = _longer_by(items, persons, lambda core, n: core[-n:], max_part=2)
    for k in persons:  # a surname (`الحداد`, `عبد الرحمن`) joins the one full name that ends with it
        core = items[k].core
        if not 0 < len(core) <= 2:
            continue
        longer = {find(j) for j in ending_with.get(core, ())}
        if len(longer) == 1:
            union(longer.pop(), k, f"surname {core[0]}")
    beginning_with = _longer_by(items, others, lambda core, n: core[:n])
    for k in others:  # an organisation's short name joins the longer names it begins
        core = items[k].core
        if len(core) < 2:
            continue
        longer = [j for j in beginning_with.get(core, ()) if _countries_agree(items[j], items[k])]
        if longer and all(_chain(items[a].core, items[b].core) for a in longer for b in longer):
            for j in longer:
                union(j, k, f"{' '.join(core)} begins {' '.join(items[j].core)}")
    clusters: dict[int, list[_Item]] = defaultdict(list)
    for k in range(len(items)):
        clusters[find(k)].append(items[k])
    return list(clusters.values())


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two names may be one person's unless both give a first name and the first names differ (`علي
    عبدالله صالح` and his nephew `طارق محمد عبدالله صالح`), one not being the other's end (a surname)."""
    if len(a) < 2 or len(b) < 2 or a[0] == b[0]:
        return True
    short, long_ = sorted((a, b), key=len)
    return long_[-len(short):] == short and not _given_name(short[0])


def _given_name(word: str) -> bool:
    return "first" in name_kinds(word) and "family" not in name_kinds(word)


def _cores(item: _Item) -> set[tuple[str, ...]]:
    out = {item.core}
    if len(item.core) > 1 and item.core[0] in GROUP_WORDS:
        out.add(item.core[1:])
    return out


def _chain(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    short, long_ = sorted((a, b), key=len)
    return long_[:len(short)] == short


def _countries_agree(a: _Item, b: _Item) -> bool:
    return not (a.country and b.country and a.country != b.country)


def _entity(members: list[_Item]) -> CanonicalEntity:
    actor = next((m.actor for m in members if m.actor), None)
    forms = list(dict.fromkeys(f for m in members for f in m.forms))
    types = Counter(m.type for item in members for m in item.mentions)
    type_ = actor.type if actor else ("PER" if types["PER"] else types.most_common(1)[0][0])
    reasons = list(dict.fromkeys(r for m in members for r in m.reasons if not r.startswith("same actor as")))
    countries = {m.country for m in members if m.country}
    if not countries:
        countries = {m.implied for m in members if m.implied}
    country = actor.country if actor else (countries.pop() if len(countries) == 1 else None)
    if actor:
        name, cid = actor.name, actor.entity_id
    else:
        name = max(forms, key=lambda f: (len(name_key(f).split()), forms.count(f), len(f)))
        cid = f"{_KIND[type_]}:{name_key(name).replace(' ', '_')}"
        core = max((m.core for m in members), key=len)
        if type_ == "ORG" and country and generic_org(core):  # `org:وزاره_الداخليه@SA`
            cid = f"org:{'_'.join(core)}@{country}"
    sector = actor.sector if actor else (_head_sector(max((m.core for m in members), key=len)) if type_ == "ORG" else None)
    latin = actor.latin if actor else (person_latin(name) if type_ == "PER" else None)
    return CanonicalEntity(cid, type_, name, aliases=[f for f in forms if f != name], latin=latin, country=country,
                           sector=sector, explanation=reasons)


def generic_org(core: tuple[str, ...]) -> bool:
    """A name every country has (`وزارة الداخلية`, `الجيش`, `البنك المركزي`): only generic words, and
    definite (`محكمة` is some court); or a ministry (`وزارة البيئة`)."""
    if len(core) > 1 and core[0] in STATE_BODY_HEADS:
        return True
    return bool(core) and core[-1].startswith("ال") and all((w[2:] if w.startswith("ال") and len(w) > 3 else w) in GENERIC_ORG_WORDS or w in GENERIC_ORG_WORDS
                              for w in core)


def _is_name(form: str) -> bool:
    """A name, not a clause: no negation, complementiser or verb of saying among its words
    (`عبد الرحمن السويحلي وليس فائز السراج` is no name of the Libyan prime minister)."""
    return not any(w in CLAUSE_WORDS or (w[:1] in "وف" and w[1:] in CLAUSE_WORDS) for w in name_key(form).split())


def _absorb(into: CanonicalEntity, other: CanonicalEntity) -> None:
    for alias in [other.name, *other.aliases]:
        if alias != into.name and alias not in into.aliases:
            into.aliases.append(alias)
    into.explanation.extend(other.explanation)


def _head_sector(core: tuple[str, ...]) -> str | None:
    for size in (2, 1):
        sector = _HEADS.get(core[:size])
        if sector:
            return sector
    return None


def _trim_model_spans(article: Article, lexicon: Lexicon) -> None:
    """Tagger spans that took a word too many: a leading member noun (`عناصر داعش` → داعش), trailing
    words after a lexicon name (`تنظيم الدولة الإسلامية الهجوم` → تنظيم الدولة الإسلامية), or a group word
    before the group's own one-word name (`تنظيم داعش` → داعش, but `حزب العمال الكردستاني` stays)."""
    starts = {t.start: k for k, t in enumerate(article.tokens)}
    for m in article.entities:
        if m.source != "model" or m.type not in ("ORG", "MISC") or m.start not in starts:
            continue
        first = starts[m.start]
        last = first
        while last + 1 < len(article.tokens) and article.tokens[last + 1].end <= m.end:
            last += 1
        words = [t for t in article.tokens[first:last + 1] if t.is_word]
        if len(words) < 2:
            continue
        if words[0].norm in PEOPLE_NOUNS:
            words = words[1:]
        for drop in (0, 1, 2):
            kept = words[:len(words) - drop]
            if kept and lexicon.lookup(" ".join(t.norm for t in kept)):
                words = kept
                break
        if len(words) == 2 and words[0].stem in GROUP_LABELS and not words[1].definite:  # `تنظيم داعش` is داعش
            own = lexicon.lookup(" ".join(t.norm for t in words[1:]))
            whole = lexicon.lookup(" ".join(t.norm for t in words))
            if own is not None and (whole is None or whole.id == own.id):
                words = words[1:]
        if words[0].start != m.start or words[-1].end != m.end:
            m.start, m.end = words[0].start, words[-1].end
            m.text = article.text[m.start:m.end]


def _add_lexicon_mentions(article: Article, lexicon: Lexicon) -> None:
    """Lexicon names the tagger missed, found in the text behind proclitics, longest first. A name
    replaces the shorter mentions it contains (`الجيش اللبناني` over the adjective اللبناني)."""
    if not lexicon.index:
        return
    firsts, longest = _first_words(lexicon)
    tokens = article.tokens
    countries = {e.id for e in article.canonical_entities if e.feature == "country"}

    def is_name(key, norm, analysis, words):
        return key in lexicon.index and not _conjunction_reading(key, norm, analysis.prefix, words)

    added, replaced = [], set()
    overlapping_mentions = overlap_finder(article.entities)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        found = longest_name_at(tokens, i, firsts, longest, is_name, plausible_split)
        while True:
            if found is None:
                break
            analysis, last, key = found
            start, end = name_start(tok, analysis), tokens[last].end
            overlapping = overlapping_mentions(start, end)
            inside = [m for m in overlapping if m.start >= start and m.end <= end and (m.end - m.start) < (end - start)]
            # a country that ends the name stays a place (`التحالف الدولي بقيادة الولايات المتحدة`): the
            # name before it, if it is one (`التحالف العربي`), is the mention
            keeps_place = any(m.type == "GPE" and m.end == end and m.canonical_id in countries for m in inside)
            if not keeps_place:
                break
            size = last - i + 1
            found = longest_name_at(tokens, i, firsts, longest,
                                    lambda key, norm, a, words, size=size: words < size and is_name(key, norm, a, words),
                                    plausible_split)
        if found is None:
            i += 1
            continue
        if len(inside) == len(overlapping) and not keeps_place and not any(m.type == "FAC" for m in inside):
            actor = lexicon.actors[lexicon.index[key]]
            words = key.split()
            if len(words) == 2 and tok.stem in GROUP_LABELS and not words[1].startswith("ال") \
                    and lexicon.index.get(words[1]) == actor.id:
                start = tokens[i + 1].start  # `تنظيم داعش`: the group's own name
                inside = [m for m in inside if m.start >= start]
            title = None
            if actor.type == "PER":  # `الملك سلمان بن عبد العزيز`: the title is no part of the name
                title_first, first, _ = person_extent(tokens, i, last)
                title_first = title_before(tokens, title_first, article.text)
                if i < first <= last:
                    start = tokens[first].start
                if title_first < first:
                    title = title_text(tokens, title_first, first - 1, article.text)
            added.append(Mention("", actor.type, article.text[start:end], start, end,
                                 canonical_id=actor.entity_id, source="lexicon", confidence=0.9, title=title))
            replaced.update(id(m) for m in inside)
        i = last + 1
    if added:
        article.entities = sorted([m for m in article.entities if id(m) not in replaced] + added,
                                  key=lambda m: (m.start, -m.end))
        for n, m in enumerate(article.entities, start=1):
            m.id = f"m{n}"


_LATIN_NAMES: dict[int, tuple[dict[str, str], int]] = {}


def _latin_names(lexicon: Lexicon) -> tuple[dict[str, str], int]:
    """An actor's English name, as written, -> its id (names two actors share left out), and the most
    words such a name has."""
    cached = _LATIN_NAMES.get(id(lexicon))
    if cached is None:
        owners: dict[str, set[str]] = defaultdict(set)
        for actor in lexicon.actors.values():
            if actor.latin and len(actor.latin) > 1:
                owners[actor.latin].add(actor.id)
        names = {name: ids.pop() for name, ids in owners.items() if len(ids) == 1}
        cached = _LATIN_NAMES[id(lexicon)] = names, max((n.count(" ") + 1 for n in names), default=0)
    return cached


def _add_latin_mentions(article: Article, lexicon: Lexicon) -> None:
    """An actor's English name written in Latin letters is a mention of it (the dateline's `(CNN)`),
    where no other mention covers it, and links the tagger's unlinked span of exactly that name; the
    longest name first."""
    names, longest = _latin_names(lexicon)
    tokens, text = article.tokens, article.text
    overlapping = overlap_finder(article.entities)
    added = []
    i = 0
    while i < len(tokens):
        if tokens[i].kind != "latin":
            i += 1
            continue
        found = None
        for j in range(i, min(len(tokens), i + longest)):
            if tokens[j].kind not in ("latin", "num") or (j > i and text[tokens[j - 1].end:tokens[j].start] != " "):
                break
            if text[tokens[i].start:tokens[j].end] in names:
                found = j
        if found is not None:
            start, end = tokens[i].start, tokens[found].end
            actor = lexicon.actors[names[text[start:end]]]
            near = overlapping(start, end)
            if not near:
                added.append(Mention("", actor.type, text[start:end], start, end, canonical_id=actor.entity_id,
                                     source="lexicon", confidence=0.9))
            for m in near:  # the tagger's span of the same name, not linked yet
                if (m.start, m.end) == (start, end) and not (m.canonical_id or "").startswith("actor:"):
                    m.type, m.canonical_id = actor.type, actor.entity_id
            i = found + 1
            continue
        i += 1
    if added:
        article.entities = sorted(article.entities + added, key=lambda m: (m.start, -m.end))
        for n, m in enumerate(article.entities, start=1):
            m.id = f"m{n}"


def _conjunction_reading(key: str, norm: str, prefix: int, words: int) -> bool:
    """`وأم` is و + أم, not the agency وام: a one-word name that starts with و/ف and reads more often
    as a conjunction and a common word."""
    # a string from the name finder, and the one reading that drops only the conjunction
    return words == 1 and prefix == 0 and norm[:1] in "وف" and frequency(norm[1:]) > frequency(norm)


_FIRST_WORDS: dict[int, tuple[frozenset[str], int]] = {}


def _first_words(lexicon: Lexicon) -> tuple[frozenset[str], int]:
    cached = _FIRST_WORDS.get(id(lexicon))
    if cached is None:
        keys = [k.split() for k in lexicon.index]
        cached = _FIRST_WORDS[id(lexicon)] = (frozenset(k[0] for k in keys), max(len(k) for k in keys))
    return cached


def _add_descriptors(article: Article, entities: dict[str, CanonicalEntity]) -> None:
    """A definite head noun after the article named exactly one organisation with that head is a
    mention of it: `المنظمة` after منظمة الصحة العالمية, `البعثة` after بعثة الأمم المتحدة, `الوزارة`,
    `الحركة`, and `التنظيم` also for the one armed group of the lexicon (داعش). A following adjective
    may belong to it (`التنظيم الإرهابي`, `المنظمة الدولية`), another definite word may not."""
    firsts: dict[str, int] = {}
    for m in article.entities:
        if m.canonical_id in entities and m.canonical_id not in firsts:
            firsts[m.canonical_id] = m.start
    owners: dict[str, set[str]] = {}
    for e in entities.values():
        if e.type != "ORG":
            continue
        for form in [e.name, *e.aliases]:
            head = name_key(form).split()[0] if form.strip() else ""
            descriptor = head if head.startswith("ال") else "ال" + head
            if descriptor in DESCRIPTOR_HEADS:
                owners.setdefault(descriptor, set()).add(e.id)
        if e.sector in _ARMED and e.id.startswith("actor:"):
            owners.setdefault("التنظيم", set()).add(e.id)
    owners = {d: ids.pop() for d, ids in owners.items() if len(ids) == 1}
    if not owners:
        return
    tokens = article.tokens
    taken = [(m.start, m.end) for m in article.entities]
    added = []
    for k, tok in enumerate(tokens):
        if not tok.is_word:
            continue
        analysis = next((a for a in clitic_analyses(tok.norm) if a.stem in owners and a.exact), None)
        if analysis is None or tok.start <= firsts.get(owners[analysis.stem], len(article.text)):
            continue
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        end = tok.end
        if nxt is not None and nxt.is_word and nxt.norm.startswith("ال"):
            if nxt.norm not in DESCRIPTOR_ADJECTIVES:
                continue  # `الحركة الاحتجاجية`: another phrase
            end = nxt.end
        start = tok.start + original_length(tok.text, analysis.prefix)
        if any(s < end and e > start for s, e in taken):
            continue
        added.append(Mention("", "ORG", article.text[start:end], start, end, canonical_id=owners[analysis.stem],
                             source="descriptor", confidence=0.7))
        taken.append((start, end))
    if added:
        article.entities = sorted(article.entities + added, key=lambda m: (m.start, -m.end))
        for n, m in enumerate(article.entities, start=1):
            m.id = f"m{n}"
