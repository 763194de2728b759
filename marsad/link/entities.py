"""Within-document linking: the PER, ORG, MISC and EVENT mentions of an article grouped into one
canonical entity per real-world actor, with stable ids across documents.

- **Actor lexicon.** A name (or the name without a trailing nationality adjective, or without a group
  word such as تنظيم) that is in the lexicon gives `actor:<id>` with its country and sector; a
  name that is in the lexicon only with the article's main country (`الحرس الرئاسي` in a Libyan
  story → `الحرس الرئاسي الليبي`) too. Lexicon names the tagger missed are found in the text as well.
- **Partial names.** A one-word person name joins the one longer person name in the article that ends
  with it (`جنتيلوني` → `باولو جنتيلوني`); an organisation name joins the longer ones it begins
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
from marsad.link.latin import person_latin
from marsad.link.lexicon import Actor, Lexicon, load_lexicon, name_key
from marsad.model import Article, CanonicalEntity, Mention
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
# Definite head nouns that stand for an organisation named before (`المنظمة`, `البعثة`, `التنظيم`).
DESCRIPTOR_HEADS = lexicon.words("descriptor_heads")
# The only words that may follow a descriptor (`التنظيم الإرهابي`, `المنظمة الدولية`); another
# definite word makes it a different phrase (`الحركة الاحتجاجية`).
DESCRIPTOR_ADJECTIVES = lexicon.words("descriptor_adjectives")
_ARMED = ("terrorist", "rebel")
# The sector an organisation's head words give when the lexicon does not know it.
_HEADS = {tuple(row["phrase"].split()): row["sector"] for row in lexicon.rows("sector_heads")}


@dataclass(slots=True)
class _Item:
    """One entity of the tagger (its mentions), as the linker sees it."""

    cid: str
    type: str
    mentions: list[Mention]
    forms: list[str]
    core: tuple[str, ...] = ()  # words of the fullest form without a trailing adjective
    country: str | None = None
    actor: Actor | None = None
    reasons: list[str] = field(default_factory=list)


def link_entities(article: Article, lexicon: Lexicon | None = None, gazetteer: Gazetteer | None = None) -> None:
    """Regroup the article's PER/ORG/MISC/EVENT mentions into canonical entities (see module doc)."""
    lexicon = lexicon or load_lexicon()
    gz = gazetteer or load_gazetteer()
    _trim_model_spans(article, lexicon)
    _add_lexicon_mentions(article, lexicon)
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
    main_country = _main_country(article)
    items = [_describe(cid, ms, lexicon, gz, main_country) for cid, ms in by_entity.items()]
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
                m.type = entity.type
    article.canonical_entities.extend(merged.values())
    _add_descriptors(article, merged)
    used = {m.canonical_id for m in article.entities}
    article.canonical_entities = [e for e in article.canonical_entities if e.id in used]


def _describe(cid: str, mentions: list[Mention], lexicon: Lexicon, gz: Gazetteer, main_country: str | None) -> _Item:
    forms = list(dict.fromkeys(m.text for m in mentions))
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
        actor = _lookup(form, words, country, main_country, lexicon, gz)
        if actor is not None and item.actor is None:
            item.actor = actor
            item.reasons.append(f"{form}: actor lexicon ({actor.id})")
    item.core = best
    item.country = next(iter(countries)) if len(countries) == 1 else None
    return item


def _core(form: str, gz: Gazetteer) -> tuple[tuple[str, ...], str | None]:
    """The name's words without a trailing nationality adjective, and that adjective's country."""
    words = name_key(form).split()
    if words and words[0].startswith("لل") and len(words[0]) > 4:
        words[0] = "ا" + words[0][1:]  # a ل left on the name: للامم → الامم (restores the elided alef)
    country = None
    while len(words) > 1 and words[-1] in gz.adjectives:
        country = country or gz.demonyms[gz.adjectives[words[-1]]].country
        words = words[:-1]
    return tuple(words), country


def _lookup(form: str, words: tuple[str, ...], country: str | None, main_country: str | None, lexicon: Lexicon,
            gz: Gazetteer) -> Actor | None:
    """The lexicon actor of a name: as written, without its adjective (`country`), without a group
    word, or with the adjective of the article's main country when it has none of its own."""
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

    def union(i: int, j: int, why: str) -> None:
        a, b = find(i), find(j)
        if a == b:
            return
        actor_a, actor_b = actor_of(a), actor_of(b)
        if actor_a and actor_b and actor_a != actor_b:
            return
        parent[b] = a
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
    if actor:
        name, cid = actor.name, actor.entity_id
    else:
        name = max(forms, key=lambda f: (len(name_key(f).split()), forms.count(f), len(f)))
        cid = f"{_KIND[type_]}:{name_key(name).replace(' ', '_')}"
    countries = {m.country for m in members if m.country}
    country = actor.country if actor else (countries.pop() if len(countries) == 1 else None)
    sector = actor.sector if actor else (_head_sector(max((m.core for m in members), key=len)) if type_ == "ORG" else None)
    latin = actor.latin if actor else (person_latin(name) if type_ == "PER" else None)
    return CanonicalEntity(cid, type_, name, aliases=[f for f in forms if f != name], latin=latin, country=country,
                           sector=sector, explanation=reasons)


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
    """Tagger spans that took a word too many: a leading member noun (`عناصر داعش` → داعش) or trailing
    words after a lexicon name (`تنظيم الدولة الإسلامية الهجوم` → تنظيم الدولة الإسلامية)."""
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
        if found is None:
            i += 1
            continue
        analysis, last, key = found
        start, end = name_start(tok, analysis), tokens[last].end
        overlapping = overlapping_mentions(start, end)
        inside = [m for m in overlapping if m.start >= start and m.end <= end and (m.end - m.start) < (end - start)]
        # a country that ends the name stays a place (`التحالف الدولي بقيادة الولايات المتحدة`)
        keeps_place = any(m.type == "GPE" and m.end == end and m.canonical_id in countries for m in inside)
        if len(inside) == len(overlapping) and not keeps_place and not any(m.type == "FAC" for m in inside):
            actor = lexicon.actors[lexicon.index[key]]
            added.append(Mention("", actor.type, article.text[start:end], start, end,
                                 canonical_id=actor.entity_id, source="lexicon", confidence=0.9))
            replaced.update(id(m) for m in inside)
        i = last + 1
    if added:
        article.entities = sorted([m for m in article.entities if id(m) not in replaced] + added,
                                  key=lambda m: (m.start, -m.end))
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
