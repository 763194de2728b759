"""`marsad eval quotes`: score the quotes stage against hand-written references.

A reference is a `X.gold.json` next to its article `X.txt` (the seed's format): "quotes" with
speaker, cue, content and direct, and "entities" whose canonical names give the speakers' aliases.
Scoring follows `../shared/tools/score_reference.py`: a reference quote is found when a system
quote's content has token-overlap F1 ≥ 0.5 with it (Arabic spelling normalised, punctuation
ignored); its speaker is right when the system speaker (or its canonical entity's name and aliases)
matches the reference speaker or one of its aliases, leading clitics ignored.
"""
from __future__ import annotations

import glob
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

_DIAC = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEFS = re.compile("[إأآٱ]")
_SPACES = re.compile(r"[\u00a0\s]+")
_NOT_WORD = re.compile(r"[^\w ]")
# Leading clitics ignored when speakers are compared, as in `score_reference.py`.
_CLITICS = ["وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ك", "ل"]
FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "quotes"


def norm(s: str | None) -> str:
    s = _DIAC.sub("", s or "")
    s = _ALEFS.sub("ا", s).replace("ى", "ي").replace("ة", "ه").replace("ؤ", "و").replace("ئ", "ي")
    s = _SPACES.sub(" ", s)
    return _NOT_WORD.sub("", s).strip()


def variants(s: str) -> set[str]:
    out = frontier = {norm(s)}
    for _ in range(2):
        frontier = {v[len(c):] for v in frontier for c in _CLITICS
                    if v.startswith(c) and len(v.split(" ")[0]) - len(c) >= 2}
        out = out | frontier
    return {v for v in out if len(v.replace(" ", "")) >= 2}


def overlap_f1(a: str, b: str) -> float:
    a_t, b_t = norm(a).split(), norm(b).split()
    common = sum((Counter(a_t) & Counter(b_t)).values())
    if not common:
        return 0.0
    p, r = common / len(b_t), common / len(a_t)
    return 2 * p * r / (p + r)


def score_quotes(gold: dict, article: dict, details: list | None = None) -> Counter:
    """Counts for one reference against one `Article.to_dict()`."""
    c: Counter = Counter()
    canon = {x.get("id"): x for x in article.get("canonical_entities", [])}
    alias: dict[str, set[str]] = {}
    for e in gold.get("entities", []):
        alias.setdefault(norm(e["canonical"]), set()).update(variants(e["text"]) | variants(e["canonical"]))
    sq, used = article.get("quotes", []), set()
    for q in gold.get("quotes", []):
        c["gold"] += 1
        best, bi = max(((overlap_f1(q["content"], s.get("content", "")), i) for i, s in enumerate(sq)),
                       default=(0.0, None))
        if bi is None or best < 0.5:
            if details is not None:
                details.append(("MISS", q, None))
            continue
        c["found"] += 1
        c["overlap_x100"] += round(100 * best)
        used.add(bi)
        s = sq[bi]
        if s.get("speaker_id") in canon:
            spk = [canon[s["speaker_id"]].get("name", "")] + list(canon[s["speaker_id"]].get("aliases", []))
            spk.append(s.get("speaker") or "")
        else:
            spk = [s.get("speaker") or ""]
        want = alias.get(norm(q["speaker"]), set()) | variants(q["speaker"])
        ok = any(variants(f) & want for f in spk if f)
        c["speaker_ok"] += ok
        c["direct_ok"] += bool(s.get("direct")) == bool(q.get("direct"))
        if details is not None:
            details.append(("OK" if ok else "SPEAKER", q, s))
    c["system"] += len(sq)
    c["system_matched"] += len(used)
    if details is not None:
        for i, s in enumerate(sq):
            if i not in used:
                details.append(("EXTRA", None, s))
    return c


def summary(c: Counter, docs: int) -> dict:
    def r(a, b):
        return c[a] / c[b] if c[b] else 0.0
    return {
        "docs": docs,
        "gold": c["gold"],
        "system": c["system"],
        "recall": r("found", "gold"),
        "precision": r("system_matched", "system"),
        "speaker_accuracy": r("speaker_ok", "found"),
        "content_overlap": c["overlap_x100"] / 100 / c["found"] if c["found"] else 0.0,
        "direct_accuracy": r("direct_ok", "found"),
    }


def _article_text(path: str, gold: dict) -> bytes:
    if gold.get("text"):
        return gold["text"].encode("utf-8")
    stem = path[: -len(".gold.json")]
    for p in sorted(glob.glob(stem + ".*")):
        if not p.endswith(".json"):
            return Path(p).read_bytes()
    raise FileNotFoundError(f"no article next to {path}")


def analyze_for_quotes(data: bytes):
    """The article analysed by the default pipeline (which ends with quotes and events)."""
    from marsad.ingest import read_bytes
    from marsad.pipeline import article_from_document, run

    doc = next(iter(read_bytes(data, "<input>", "auto")))
    return run(article_from_document(doc))


def expand(paths: Iterable[str | os.PathLike]) -> list[str]:
    out: list[str] = []
    for p in paths:
        p = str(p)
        if os.path.isdir(p):
            out += sorted(glob.glob(os.path.join(p, "**", "*.gold.json"), recursive=True))
        else:
            out.append(p)
    return out


def evaluate(paths: Iterable[str | os.PathLike], details: list | None = None) -> dict:
    """Quote recall, precision, speaker accuracy and content-overlap F1 over reference files (or
    folders of them)."""
    files = expand(paths)
    total: Counter = Counter()
    for path in files:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
        art = analyze_for_quotes(_article_text(path, gold)).to_dict()
        d: list | None = [] if details is not None else None
        total += score_quotes(gold, art, d)
        if details is not None:
            details.append((os.path.basename(path), d))
    return summary(total, len(files))


def format_table(rows: dict[str, dict]) -> str:
    head = f"{'set':<10} {'docs':>4} {'gold':>5} {'sys':>5} {'recall':>7} {'prec':>7} {'speaker':>8} {'overlap':>8} {'direct':>7}"
    lines = [head, "-" * len(head)]
    for name, s in rows.items():
        lines.append(f"{name:<10} {s['docs']:>4} {s['gold']:>5} {s['system']:>5} {s['recall']:>7.3f} {s['precision']:>7.3f} "
                     f"{s['speaker_accuracy']:>8.3f} {s['content_overlap']:>8.3f} {s['direct_accuracy']:>7.3f}")
    return "\n".join(lines)


CORPORA = ("ant-multisource.jsonl.gz", "ant-v1-jawhara.jsonl.gz")


def real_news(split: str, data: Path) -> dict[str, float]:
    """The quote figures of the real-news corpus split (or gold-dev), scored by the shared scorer."""
    from marsad.eval.gold import score

    _, found = score(split, data)
    return {k: v for k, v in found.items() if k.startswith(("quote", "speaker", "content"))}


def agreement_ceiling(data: Path) -> str:
    """The quote figures of the two annotators of the doubly annotated real-news articles (the ceiling),
    computed as `marsad eval gold --agreement` computes them."""
    from marsad.eval.gold import agreement

    _, figures = agreement(data)
    keys = ("quote-R", "quote-P", "speaker-acc", "content-overlap")
    return " ".join(f"{k} {figures[k]:.3f}" for k in keys if k in figures)


def violations(data: Path, articles: int) -> Counter:
    """Quotes and non-noun-phrase speakers (`phrases.is_noun_phrase`) over the first `articles` records of
    the ANT multisource and Jawhara corpora, half from each."""
    import gzip

    import marsad
    from marsad.errors import InputError
    from marsad.quotes.phrases import is_noun_phrase

    c: Counter = Counter()
    for name in CORPORA:
        with gzip.open(data / "news" / name, "rt", encoding="utf-8") as f:
            for n, line in enumerate(f):
                if n >= (articles + 1) // 2:
                    break
                r = json.loads(line)
                try:
                    article = marsad.analyze(r["text"], title=r.get("title"), url=r.get("url"), site=r.get("src"))
                except InputError:
                    continue  # not an article (boilerplate, empty)
                c["articles"] += 1
                for q in article.quotes:
                    c["quotes"] += 1
                    if not q.speaker:
                        c["no speaker"] += 1
                    elif not is_noun_phrase(q.speaker, bool(q.speaker_id)):
                        c["not a noun phrase"] += 1
                        if c["not a noun phrase"] <= 20:
                            c[f"e.g. {q.speaker}"] += 1
    return c


def main(paths: Sequence[str] | None = None, verbose: bool = False, split: str = "dev", data: str | None = None,
         articles: int = 0) -> int:
    """With `paths`: the table for those references. Without: the real-news figures of `split` (and
    gold-dev) with the annotators' agreement as the ceiling, then the sets written for marsad
    (tests/fixtures/quotes) as unit coverage. `articles`: count the speakers that are not noun
    phrases over that many real articles. `verbose` lists misses, wrong speakers and extra quotes."""
    if not paths and data:
        print("real news (marsad/eval/data/gold, shared scorer)")
        for name in (split, "gold-dev") if split != "gold-dev" else (split,):
            figures = real_news(name, Path(data))
            print(f"  {name:<9}" + " ".join(f"{k} {v:.3f}" for k, v in figures.items()))
        print(f"  {'ceiling':<9}{agreement_ceiling(Path(data))}   (two annotators, doubly annotated articles)")
        print("unit coverage (articles written for marsad, tests/fixtures/quotes)")
    sets = {p: [p] for p in paths} if paths else {
        name: [str(FIXTURES / name)] for name in ("dev", "dev2", "dev3", "heldout", "heldout2") if (FIXTURES / name).is_dir()}
    rows = {}
    for name, ps in sets.items():
        details: list | None = [] if verbose else None
        rows[os.path.basename(name.rstrip("/")) or name] = evaluate(ps, details)
        if verbose:
            for fname, items in details or []:
                for kind, g, s in items:
                    if kind == "OK":
                        continue
                    gs = f"{g['speaker']} | {g['content'][:60]}" if g else ""
                    ss = f"{s.get('speaker')} [{s.get('cue')}] | {s.get('content', '')[:60]}" if s else ""
                    print(f"{fname} {kind:<8} gold: {gs}  sys: {ss}")
    print(format_table(rows))
    if articles and data:
        c = violations(Path(data), articles)
        print(f"speakers over {c['articles']} real articles (ANT multisource, Jawhara): {c['quotes']} quotes, "
              f"{c['not a noun phrase']} not a noun phrase, {c['no speaker']} without a speaker")
        examples = [k[5:] for k in c if k.startswith("e.g. ")]
        if examples:
            print("  e.g. " + " | ".join(examples))
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    sys.exit(main(args or None, "-v" in sys.argv))
