"""Word lists as data: each named word class once, in `marsad/lexicon/<name>.tsv`, read by one loader.

A lexicon file is UTF-8 TSV. Its first lines start with `#` and say what the class is, who reads it and
in what form the words are written (almost always the matching form of `marsad.text.normalize`). The
first other line is the header naming the columns; every later line is one entry (for a plain word class,
one column: the word or phrase). Blank lines and further `#` lines are ignored.

    words("speech_verbs")           # frozenset of the first column
    rows("event_settings")          # list of {column: value}
    mapping("month_names", "name", "month")  # {name: month}
    grouped("actor_sectors", "sector", "word")  # [(sector, {words})] in file order
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).parent


class LexiconError(ValueError):
    """A lexicon file that is missing or malformed."""


def path(name: str) -> Path:
    return FOLDER / f"{name}.tsv"


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[dict[str, str], ...]:
    """Every entry of the lexicon, as {column: value} (a missing trailing value is "")."""
    file = path(name)
    if not file.is_file():
        raise LexiconError(f"{file}: no such lexicon")
    header, out = None, []
    for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        if len(cells) > len(header):
            raise LexiconError(f"{file}:{number}: {len(cells)} columns, the header has {len(header)}")
        out.append(dict(zip(header, cells + [""] * (len(header) - len(cells)))))
    if header is None:
        raise LexiconError(f"{file}: no header line")
    return tuple(out)


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The words (first column) of the lexicon."""
    return frozenset(ordered(name))


@lru_cache(maxsize=None)
def ordered(name: str) -> tuple[str, ...]:
    """The words (first column) of the lexicon, in file order (for lists whose order matters)."""
    entries = rows(name)
    if not entries:
        return ()
    first = next(iter(entries[0]))
    return tuple(entry[first] for entry in entries)


def mapping(name: str, key: str, value: str) -> dict[str, str]:
    """{entry[key]: entry[value]} over the lexicon's entries."""
    return {entry[key]: entry[value] for entry in rows(name)}


def grouped(name: str, key: str, value: str) -> list[tuple[str, frozenset[str]]]:
    """The entries' `value`s gathered by `key`, keys in file order: [(key, {values})]."""
    groups: dict[str, set[str]] = {}
    for entry in rows(name):
        groups.setdefault(entry[key], set()).add(entry[value])
    return [(k, frozenset(v)) for k, v in groups.items()]


def names() -> list[str]:
    """Every lexicon shipped with marsad."""
    return sorted(p.stem for p in FOLDER.glob("*.tsv"))


def description(name: str) -> str:
    """The lexicon's leading `#` lines, without the `#`."""
    lines = []
    for line in path(name).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# ").rstrip())
    return "\n".join(lines)
