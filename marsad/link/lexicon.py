"""The actor lexicon: governments, armies, ministries, armed groups, international bodies, media and
prominent persons, with their Arabic names, country and sector (`data/actors.tsv`, written for marsad).

Format (UTF-8, tab-separated, `#` comments, one header line):

    id	type	name	aliases	latin	country	sector

`id` an ascii slug (the canonical entity id is `actor:<id>`), `type` ORG or PER, `name` the fullest
Arabic name, `aliases` other Arabic names (`|` separated; spelling variants of hamza, ى/ي and ة/ه
and attached clitics need not be listed), `latin` the usual English name, `country` an ISO 3166
alpha-2 code or empty for international actors, `sector` one of `SECTORS`.

Users extend or override it with their own files in the same format, named in the `actors` setting
(`$MARSAD_ACTORS`, paths separated by `:`): a row with an existing id replaces it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from marsad.config import settings
from marsad.text.normalize import normalize

LEXICON_PATH = Path(__file__).with_name("data") / "actors.tsv"
COLUMNS = ("id", "type", "name", "aliases", "latin", "country", "sector")
SECTORS = ("government", "military", "police", "rebel", "terrorist", "party", "igo", "ngo", "media",
           "business", "civilians")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(slots=True, frozen=True)
class Actor:
    id: str
    type: str
    name: str
    aliases: tuple[str, ...]
    latin: str | None
    country: str | None
    sector: str

    @property
    def entity_id(self) -> str:
        return f"actor:{self.id}"


@dataclass(slots=True)
class Lexicon:
    actors: dict[str, Actor] = field(default_factory=dict)
    index: dict[str, str] = field(default_factory=dict)  # name key -> actor id

    def add(self, actor: Actor) -> None:
        self.actors[actor.id] = actor

    def finish(self) -> None:
        """Index every name of every actor; a name two actors share is left out (it decides nothing)."""
        owners: dict[str, set[str]] = {}
        for actor in self.actors.values():
            for name in (actor.name, *actor.aliases):
                owners.setdefault(name_key(name), set()).add(actor.id)
        self.index = {key: next(iter(ids)) for key, ids in owners.items() if len(ids) == 1 and key}

    def lookup(self, name: str) -> Actor | None:
        actor_id = self.index.get(name_key(name))
        return self.actors[actor_id] if actor_id else None


def name_key(name: str) -> str:
    """The matching form of a name: normalised letters, single spaces."""
    return " ".join(normalize(name).split())


def read_actors(path: Path) -> list[Actor]:
    """The actors of one lexicon file; a malformed row raises ValueError naming the file and line."""
    actors = []
    lines = path.read_text(encoding="utf-8").splitlines()
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            if tuple(c.strip() for c in cells) == COLUMNS:
                continue
        if len(cells) != len(COLUMNS):
            raise ValueError(f"{path}:{number}: expected {len(COLUMNS)} tab-separated columns, found {len(cells)}")
        actor_id, type_, name, aliases, latin, country, sector = (c.strip() for c in cells)
        problem = None
        if not _ID.match(actor_id):
            problem = f"id {actor_id!r} is not an ascii slug"
        elif type_ not in ("ORG", "PER"):
            problem = f"type {type_!r} is not ORG or PER"
        elif sector not in SECTORS:
            problem = f"sector {sector!r} is not one of {', '.join(SECTORS)}"
        elif country and not re.fullmatch("[A-Z]{2}", country):
            problem = f"country {country!r} is not an ISO 3166 alpha-2 code"
        elif not name:
            problem = "no name"
        if problem:
            raise ValueError(f"{path}:{number}: {problem}")
        actors.append(Actor(actor_id, type_, name, tuple(a.strip() for a in aliases.split("|") if a.strip()),
                            latin or None, country or None, sector))
    return actors


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped lexicon, extended by the files of the `actors` setting (`$MARSAD_ACTORS`), once per
    process (`load_lexicon.cache_clear()` reads the setting again)."""
    lexicon = Lexicon()
    for actor in read_actors(LEXICON_PATH) if LEXICON_PATH.exists() else []:
        lexicon.add(actor)
    for path in settings().actors:
        if not path.is_file():
            raise ValueError(f"{path}: actor lexicon named in $MARSAD_ACTORS not found")
        for actor in read_actors(path):
            lexicon.add(actor)
    lexicon.finish()
    return lexicon
