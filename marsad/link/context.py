"""Short actor names that name an actor only in context (`data/context_aliases.tsv`): `الحوثي` is the
Houthi movement in a story that names it or is about Yemen, `التحالف` the Saudi-led coalition there and
the international coalition in Syria or Iraq, `الحشد` the Popular Mobilisation Forces in Iraq, and
`الشرق الأوسط` in quotation marks or brackets the newspaper, not the region.

An alias is found behind proclitics, where no other mention covers it or where one mention has exactly
its span and no actor of its own (the region الشرق الأوسط, an unlinked `org:التحالف`), when it stands
alone: not inside a hashtag, not an adjective after a definite word that is no mention (`القيادي الحوثي`), not continued by
a definite word (`التحالف اليمني`), not the beginning of another name of the article, and not the family name
of a person the article names (`عبدالملك الحوثي`). It goes to the first
of its actors the article names in full, else to the first whose country is the article's main country;
a `quoted` actor takes it only when it stands alone in quotation marks or brackets.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marsad.link.lexicon import Lexicon, name_key
from marsad.model import Article, Mention
from marsad.ner.features import name_kinds
from marsad.text.spans import overlap_finder
from marsad.text.tokens import Token, longest_name_at, name_start, plausible_split

CONTEXT_PATH = Path(__file__).with_name("data") / "context_aliases.tsv"
_OPEN = "«“\"'‘("
_CLOSE = "»”\"'’)"


@dataclass(slots=True, frozen=True)
class ContextAlias:
    actor: str
    actors: frozenset[str]  # the article names one of these actors
    countries: frozenset[str]  # or is about one of these countries
    quoted: bool  # or the alias stands in quotation marks


@lru_cache(maxsize=1)
def context_aliases() -> dict[str, tuple[ContextAlias, ...]]:
    """Matching form of the alias -> its actors, in file order."""
    out: dict[str, list[ContextAlias]] = {}
    header = False
    for number, line in enumerate(CONTEXT_PATH.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if not header:
            header = True
            continue
        if len(cells) != 3:
            raise ValueError(f"{CONTEXT_PATH}:{number}: expected 3 tab-separated columns")
        alias, actor, when = cells
        conditions = when.split()
        out.setdefault(name_key(alias), []).append(ContextAlias(
            actor, frozenset(c for c in conditions if c.islower() and c != "quoted"),
            frozenset(c for c in conditions if c.isupper()), "quoted" in conditions))
    return {k: tuple(v) for k, v in out.items()}


def _alone(tokens: list[Token], first: int, last: int, text: str, mention_ends: set[int]) -> bool:
    """The alias is a name of its own: not part of a hashtag (`#ميليشيات_الحوثي`), not an adjective after
    a definite noun (`القيادي الحوثي`), not a family name after a given name (`عبدالملك الحوثي`), not
    followed by a definite word or adjective that would continue it (`التحالف اليمني`, `الشرعية اليمنية`)."""
    start, end = tokens[first].start, tokens[last].end
    if text[max(0, start - 1):start] in ("_", "#") or text[end:end + 1] == "_":
        return False
    prev = tokens[first - 1] if first > 0 else None
    if prev is not None and prev.is_word and prev.definite and prev.end not in mention_ends and text[prev.end:start].isspace():
        return False
    if prev is not None and prev.is_word and text[prev.end:start].isspace() and _given_name(prev.norm):
        return False  # a family name after a given name (`عبدالملك الحوثي`)
    nxt = tokens[last + 1] if last + 1 < len(tokens) else None
    return not (nxt is not None and nxt.is_word and nxt.definite and text[end:nxt.start].isspace())


def _given_name(norm: str) -> bool:
    """A given name of the name lists, also written joined (`عبدالملك` for عبد الملك)."""
    return "first" in name_kinds(norm) or (norm.startswith("عبد") and "first" in name_kinds(f"عبد {norm[3:]}"))


def _quoted(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 3):start].rstrip("ـ ")
    return bool(before) and before[-1] in _OPEN and text[end:end + 1] in _CLOSE


def _leading_actor(words: list[str], lexicon: Lexicon):
    """The actor whose lexicon name the longest run of two or more leading words is, or None."""
    for n in range(len(words), 1, -1):
        actor = lexicon.lookup(" ".join(words[:n]))
        if actor is not None:
            return actor
    return None


def _leading_keys(words: list[str], aliases: dict) -> list[str]:
    """The aliases a longer name begins with."""
    return [key for n in range(1, len(words)) if (key := " ".join(words[:n])) in aliases]


def add_context_mentions(article: Article, lexicon: Lexicon, main_country: str | None) -> None:
    """Mentions of the context aliases the article's context resolves (see module doc)."""
    aliases = context_aliases()
    tokens = article.tokens
    if not aliases or not tokens:
        return
    keys = [k.split() for k in aliases]
    firsts, longest = frozenset(k[0] for k in keys), max(len(k) for k in keys)
    named = {m.canonical_id for m in article.entities if (m.canonical_id or "").startswith("actor:")}
    longer = set()
    for m in article.entities:
        if m.type not in ("ORG", "PER", "MISC") or m.canonical_id in named:
            continue
        words = name_key(m.text).split()
        actor = _leading_actor(words, lexicon)
        if actor is not None:  # `التحالف العربي بقيادة السعودية`: the coalition, named in full
            named.add(actor.entity_id)
        else:  # aliases that begin another name of the article (`التحالف اليمني لرصد الانتهاكات`) stand for it
            longer.update(_leading_keys(words, aliases))
    covered = {m.end for m in article.entities}
    # a person's family name (`الحوثي` after `عبدالملك الحوثي`) is left to the linking of person names
    surnames = {words[-1] for m in article.entities if m.type == "PER" and len(words := name_key(m.text).split()) > 1}

    def is_name(key, norm, analysis, words):
        return key in aliases

    overlapping = overlap_finder(article.entities)
    added, replaced = [], set()
    i = 0
    while i < len(tokens):
        found = longest_name_at(tokens, i, firsts, longest, is_name, plausible_split, article.text)
        if found is None:
            i += 1
            continue
        analysis, last, key = found
        first = i
        start, end = name_start(tokens[i], analysis), tokens[last].end
        i = last + 1
        near = overlapping(start, end)
        if any((m.start, m.end) != (start, end) or (m.canonical_id or "").startswith("actor:") for m in near) \
                or not _alone(tokens, first, last, article.text, covered) or key in longer or key in surnames:
            continue
        actor = _choose(aliases[key], named, main_country, _quoted(article.text, start, end))
        if actor is None or actor not in lexicon.actors:
            continue
        a = lexicon.actors[actor]
        added.append(Mention("", a.type, article.text[start:end], start, end, canonical_id=a.entity_id,
                             source="context", confidence=0.8))
        replaced.update(id(m) for m in near)
    if added:
        article.entities = sorted([m for m in article.entities if id(m) not in replaced] + added,
                                  key=lambda m: (m.start, -m.end))
        for n, m in enumerate(article.entities, start=1):
            m.id = f"m{n}"


def _choose(options: tuple[ContextAlias, ...], named: set[str], main_country: str | None, quoted: bool) -> str | None:
    for option in options:
        if option.quoted and quoted:
            return option.actor
    for option in options:
        if any(f"actor:{a}" in named for a in option.actors):
            return option.actor
    for option in options:
        if main_country and main_country in option.countries:
            return option.actor
    return None
