"""Golden outputs: a digest of every part of marsad's record on a fixed set of articles, so that a
refactoring can show it changed nothing (`tests/test_golden.py`).

    python scripts/golden_outputs.py            # compare with tests/golden/digests.json, list the changes
    python scripts/golden_outputs.py --update   # record the current outputs (after an intended change)
    python scripts/golden_outputs.py --dump DIR # also write each article's whole output to DIR, to diff

The articles: the bundled samples, and when ../shared is present the seed, the 30 shared gold-dev
articles and marsad's own train and dev gold articles (located in the shared corpora, never copied).
Only digests are recorded, so no shared text enters the repository.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIGESTS = ROOT / "tests" / "golden" / "digests.json"
SAMPLES = ROOT / "marsad" / "samples"


def golden_inputs(data: Path):
    """(key, analyse) pairs: `analyse()` returns the marsad Article of that input."""
    import marsad

    for path in sorted(SAMPLES.glob("*.txt")):
        yield f"samples/{path.name}", lambda path=path: marsad.analyze(path.read_bytes())
    seed = data / "seed" / "000_6122bbd598e2dade.txt"
    if seed.is_file():
        yield "seed", lambda: marsad.analyze(seed.read_bytes())
    from marsad.eval.gold import SharedDataMissing, load_scorer, reference_files

    try:
        scorer = load_scorer(data)
    except SharedDataMissing:
        return
    for split in ("gold-dev", "train", "dev"):
        for ref in reference_files(split, data):
            gold = json.loads(ref.read_text(encoding="utf-8"))
            yield f"{split}/{ref.name}", lambda ref=ref, gold=gold: _analyse_reference(scorer, ref, gold)


def _analyse_reference(scorer, ref: Path, gold: dict):
    import marsad

    if gold.get("locator"):
        r = scorer.corpus_record(gold["locator"])
        return marsad.analyze(r["text"], title=r["title"], url=r["url"], site=r["src"])
    return marsad.analyze(scorer.article_for(str(ref), gold))


def parts(article) -> dict:
    """The article's output by part, plus its tokens and sentences (not in the JSON, read by every stage)."""
    out = article.to_dict()
    out["tokens"] = [[t.start, t.end, t.norm, t.kind] for t in article.tokens]
    out["sentences"] = [[s.start, s.end] for s in article.sentences]
    return out


def digest(value) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def current(data: Path, dump: Path | None = None) -> dict[str, dict[str, str]]:
    found = {}
    for key, analyse in golden_inputs(data):
        out = parts(analyse())
        found[key] = {part: digest(value) for part, value in sorted(out.items())}
        if dump:
            target = dump / (key.replace("/", "__") + ".json")
            target.write_text(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    return found


def changes(recorded: dict, found: dict) -> list[str]:
    """One line per article part whose digest differs (articles absent on either side are skipped)."""
    return [f"{key}: {part}" for key in sorted(found.keys() & recorded.keys())
            for part in sorted(found[key].keys() | recorded[key].keys())
            if found[key].get(part) != recorded[key].get(part)]


def main() -> int:
    from marsad.config import shared_data

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--update", action="store_true", help="record the current outputs")
    ap.add_argument("--dump", type=Path, help="write every article's whole output into this folder")
    args = ap.parse_args()
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
    found = current(shared_data(), args.dump)
    if args.update:
        recorded = json.loads(DIGESTS.read_text()) if DIGESTS.exists() else {}
        recorded.update(found)
        DIGESTS.write_text(json.dumps(recorded, indent=0, sort_keys=True) + "\n")
        print(f"recorded {len(found)} articles in {DIGESTS.relative_to(ROOT)}")
        return 0
    lines = changes(json.loads(DIGESTS.read_text()), found)
    print("\n".join(lines) or f"no change on {len(found)} articles")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
