"""The `entities` pipeline stage: a trained tagger's names, the rules' names and the places, merged.

The tagger (`marsad.ner.tagger`, chosen by the stage options `scheme` and `model_path`) tags each
sentence's tokens; its BIO spans, trimmed and completed by the rules (`marsad.ner.rules`), become
mentions with `source="model"`:

- PER and ORG stay PER and ORG; MISC stays MISC unless the gazetteer reads the same span as a
  nationality (NORP).
- LOC: the gazetteer's resolved places win for typing and GeoNames ids; a LOC span the gazetteer does
  not know becomes LOC with a canonical entity of its own (`loc:<name>`, unresolved).
- A span right after `عملية` (a named operation: `عملية البنيان المرصوص`) is an EVENT.
- A PER/ORG/MISC/EVENT span that contains gazetteer mentions replaces them (`قوات سوريا الديمقراطية`
  is an ORG; the سوريا inside is not a mention of its own). A span that crosses a gazetteer mention
  is dropped, the gazetteer mention kept.
- The place finder has the last word on gazetteer names: a model LOC span that is a gazetteer name
  the place finder turned down (a name that is also a word, without place context: `وزارت جدة الطفل`)
  is dropped, and gazetteer places the model tags O are kept (their context was already checked).
- Where the model finds nothing, the rules' pattern spans are added (a pattern span that contains
  model spans replaces them), and "X of Y" organisations are one name (`الأمانة العامة للأمم المتحدة`).

Canonical entities: `per:<name>`, `org:<name>`, `misc:<name>`, `event:<name>`, `loc:<name>` with the
matching form of the name, spaces as `_`. A one-word PER mention that is the last name of a longer PER
mention in the same article joins that person (`جنتيلوني` → `باولو جنتيلوني`).
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right, insort

from marsad.geo.gazetteer import STRONG, common_noun, load_gazetteer
from marsad.geo.places import ADMIN_CUES, PLACE_CUES
from marsad.model import Article, CanonicalEntity, Mention
from marsad.ner.persons import (
    conjoined,
    is_amount,
    is_head_only,
    person_extent,
    split_names,
    title_before,
    title_text,
)
from marsad.ner.rules import (
    EVENT_CUES,
    join_adjacent_persons,
    repeat_spans,
    rule_spans,
    span_start,
    trim_span,
)
from marsad.ner.tagger import load_tagger, model_spans
from marsad.pipeline.registry import stage
from marsad.text.normalize import normalize
from marsad.text.spans import overlap_finder
from marsad.text.tokens import original_length, split_clitics, without_conjunction

SCHEME = "news"  # the neural tagger's output layer trained on the real-news references
# A tagger span made mostly of two or more places is a list of places, not one name.
PLACE_LIST_SHARE = 0.6
# Mentions of the places stage: the gazetteer's, and sub-city places found by pattern.
PLACE_SOURCES = ("gazetteer", "pattern")
_KIND = {"PER": "per", "ORG": "org", "MISC": "misc", "EVENT": "event", "LOC": "loc"}
_PLACE_TYPES = ("GPE", "LOC")


def find_entities(article: Article, scheme: str = SCHEME, model_path: str | None = None) -> None:
    """Add the model's PER/ORG/LOC/MISC/EVENT mentions to `article`, merged with the gazetteer's."""

    if not article.tokens:
        return
    tokens = article.tokens
    text = article.text
    spans = model_spans(article, load_tagger(scheme, model_path))
    gz = load_gazetteer()
    gaz = [m for m in article.entities if m.source in PLACE_SOURCES]
    spans = _add_rules_and_repeats(article, spans, gaz)
    others = [m for m in article.entities if m.source not in PLACE_SOURCES]
    new: list[tuple[int, int, str, float]] = []  # char start, end, type, confidence
    titles: dict[int, str] = {}  # a person's start -> the title written before the name
    for first, last, label, conf in spans:
        first, last = trim_span(tokens, first, last)
        if first > last or (label != "LOC" and (is_amount(tokens, first, last) or is_head_only(tokens, first, last))):
            continue
        if label == "PER":
            title_first, first, last = person_extent(tokens, first, last)
            if first > last:
                continue
            parts = split_names(tokens, first, last)
            title_first = title_before(tokens, title_first, text)
            start = span_start(tokens[first])
            if title_first < first:
                titles[start] = title_text(tokens, title_first, first - 1, text)
            new.extend((_name_start(tokens[a]) if a > first else start, tokens[b].end, "PER", conf) for a, b in parts)
            continue
        start, end = span_start(tokens[first]), tokens[last].end
        kind = label
        prev = first - 1
        if label != "PER" and prev >= 0 and tokens[prev].is_word and without_conjunction(tokens[prev].norm) & EVENT_CUES:
            kind = "EVENT"
        elif label != "PER" and without_conjunction(tokens[first].norm) & EVENT_CUES and last > first:
            kind = "EVENT"
            start = tokens[first + 1].start
        if start >= end:
            continue
        new.append((start, end, kind, conf))
    keep_gaz = []
    drop_gaz: set[int] = set()
    accepted: list[tuple[int, int, str, float]] = []
    overlapping = overlap_finder(gaz)
    for start, end, kind, conf in new:
        near = overlapping(start, end)
        inside = [g for g in near if g.start >= start and g.end <= end]
        crossing = [g for g in near if g not in inside]
        if crossing:
            continue
        if kind == "LOC":
            name = normalize(text[start:end])
            # the name's first word may still carry a clitic the tagger's span kept: a phrase, not a token
            head = split_clitics(name).stem
            if not inside and name in gz.names:
                continue  # a gazetteer name the place finder turned down for lack of place context
            if not inside and common_noun(head):
                continue  # a common noun such as المدينة "the city", not a name
            if not inside and head in PLACE_CUES | ADMIN_CUES:
                continue  # a cue such as ريف before a place, not a place
            if inside:
                places = [g for g in inside if g.type in _PLACE_TYPES]
                if places:
                    continue  # the gazetteer's resolved places win
                if any(g.start == start and g.end == end for g in inside):
                    continue  # a nationality read as a location: keep the NORP
        elif kind == "MISC":
            if any(g.type == "NORP" and g.start == start and g.end == end for g in inside):
                continue  # a nationality: the gazetteer's NORP, linked to its country
            known = [g for g in inside if g.type in (*_PLACE_TYPES, "NORP")]
            if len(known) > 1 and sum(g.end - g.start for g in known) >= PLACE_LIST_SHARE * (end - start):
                continue  # nationalities and places read as one name (`العاصمة الليبية طرابلس`)
        elif any(g.type == "FAC" and g.start == start and g.end == end for g in inside):
            continue  # a sub-city place the place finder named (`جامع النوري`)
        else:
            exact = [g for g in inside if g.start == start and g.end == end and g.type in _PLACE_TYPES]
            level = gz.levels.get(normalize(exact[0].text), ("",))[0] if exact else ""
            if exact and not (kind == "PER" and STRONG in level.split()):
                continue  # a place name tagged PER/ORG: the gazetteer's reading wins, unless it is a word too
            places = [g for g in inside if g.type in _PLACE_TYPES]
            if len(places) > 1 and sum(g.end - g.start for g in places) >= PLACE_LIST_SHARE * (end - start):
                continue  # a list of places tagged as one name (`كهرمان مرعش وغازي عنتاب`)
        drop_gaz.update(id(g) for g in inside)
        accepted.append((start, end, kind, conf))
    for g in gaz:
        if id(g) not in drop_gaz:
            keep_gaz.append(g)
    mentions, entities = _model_mentions(text, join_adjacent_persons(text, accepted, tokens), titles)
    used = {m.canonical_id for m in keep_gaz + others}
    article.canonical_entities = [e for e in article.canonical_entities if e.id in used or not e.id.startswith(("geo:", "norp:"))]
    article.canonical_entities.extend(entities)
    article.entities = sorted(keep_gaz + others + mentions, key=lambda m: (m.start, -m.end))
    for n, m in enumerate(article.entities, start=1):
        m.id = f"m{n}"


def _name_start(tok) -> int:
    """Where a person's name starts in its first token: behind a conjunction و that is no name part."""
    return tok.start + original_length(tok.text, 1) if conjoined(tok) else span_start(tok)


def _add_rules_and_repeats(article: Article, spans: list, gaz: list[Mention]) -> list:
    """Model spans, plus pattern spans where the model found nothing (a pattern span that contains
    model spans replaces them), plus the other occurrences in the article of every PER/ORG/MISC name
    found (same words, not already inside a span)."""
    tokens = article.tokens
    starts = {t.start: k for k, t in enumerate(tokens)}
    token_starts = [t.start for t in tokens]
    places: dict[int, str] = {}
    for g in gaz:
        k = starts.get(g.start)
        if k is None:  # a place that begins inside a token (after a clitic)
            k = bisect_right(token_starts, g.start) - 1
            k = k if k >= 0 and g.start < tokens[k].end else None
        while k is not None and k < len(tokens) and tokens[k].start < g.end:
            places[k] = g.type
            k += 1
    spans = sorted(spans)  # (first, last, type, confidence); sorted, so the spans near a rule are found by bisection
    longest = max((s[1] - s[0] for s in spans), default=0)
    for rule in rule_spans(article, places):
        near = spans[bisect_left(spans, (rule[0] - longest,)):bisect_right(spans, (rule[1], math.inf))]
        inside = [s for s in near if s[0] >= rule[0] and s[1] <= rule[1]]
        crossing = [s for s in near if s[0] <= rule[1] and s[1] >= rule[0] and s not in inside]
        if crossing or any(s[2] == "PER" for s in inside) or (inside and rule[2] == "ORG"
                                                              and all(s[:2] == rule[:2] for s in inside)):
            continue
        for s in inside:
            spans.remove(s)
        insort(spans, rule)
        longest = max(longest, rule[1] - rule[0])
    # An organisation "of" another (`الأمانة العامة للأمم المتحدة`): one name.
    spans.sort()
    merged: list = []
    for span in spans:
        if merged and span[2] == "ORG" and merged[-1][2] == "ORG" and span[0] == merged[-1][1] + 1 \
                and tokens[span[0]].is_word and tokens[span[0]].norm.startswith("ل") \
                and tokens[span[0]].prefix > 0 \
                and "\n" not in article.text[tokens[merged[-1][1]].end:tokens[span[0]].start]:
            prev = merged.pop()
            merged.append((prev[0], span[1], "ORG", min(prev[3], span[3])))
            continue
        merged.append(span)
    return repeat_spans(tokens, merged)


def _fullest(names: set[str]) -> str | None:
    """The one person among full names that share a last word: the longest, when every other is its end
    (`عبدالله صالح` in `علي عبدالله صالح`); None when two differ."""
    longest = max(names, key=len)
    return longest if all(longest.endswith(" " + n) or n == longest for n in names) else None


def _model_mentions(text: str, spans: list[tuple[int, int, str, float]],
                    titles: dict[int, str]) -> tuple[list[Mention], list[CanonicalEntity]]:
    entities: dict[str, CanonicalEntity] = {}
    mentions = []
    spans = sorted(spans)
    # Full names of the persons in the article, by their last word, for one-word mentions: only a last
    # word that ends one full name (`صالح` after both علي عبدالله صالح and طارق محمد عبدالله صالح is neither).
    by_last: dict[str, set[str]] = {}
    for start, end, kind, _ in spans:
        words = normalize(text[start:end]).split()
        if kind == "PER" and len(words) > 1:
            by_last.setdefault(words[-1], set()).add(" ".join(words))
    full_names = {last: _fullest(names) for last, names in by_last.items() if _fullest(names)}
    for start, end, kind, conf in spans:
        surface = text[start:end]
        key = normalize(surface)
        if kind == "PER" and " " not in key and key in full_names:
            key = full_names[key]
        cid = f"{_KIND[kind]}:{key.replace(' ', '_')}"
        entity = entities.get(cid)
        if entity is None:
            entity = entities[cid] = CanonicalEntity(cid, kind, surface)
        elif surface != entity.name and surface not in entity.aliases:
            if len(surface) > len(entity.name) and kind == "PER" and normalize(surface) == key:
                entity.aliases.append(entity.name)
                entity.name = surface
            else:
                entity.aliases.append(surface)
        mentions.append(Mention("", kind, surface, start, end, canonical_id=cid, source="model",
                                confidence=round(float(conf), 3), title=titles.get(start) if kind == "PER" else None))
    return mentions, list(entities.values())


@stage("entities", requires=("tokens", "sentences"), assigns=("entities", "canonical_entities"),
       config={"scheme": SCHEME, "model_path": None})
def entities_stage(article: Article, *, scheme: str, model_path: str | None) -> None:
    """Named entities from the neural tagger (PER, ORG, LOC, MISC, EVENT), merged with the places.
    `scheme` chooses its output layer and `model_path` another trained model (`.npz`)."""
    find_entities(article, scheme, model_path)
