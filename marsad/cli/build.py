"""`marsad build` (the shipped data artifacts of `marsad.build`) and `marsad train` (the NER tagger)."""
from __future__ import annotations

import sys

from marsad.build import ARTIFACTS


def register(sub) -> None:
    table = "; ".join(f"{a.name}: {a.output} from {a.inputs}" for a in ARTIFACTS.values())
    p = sub.add_parser("build", help="rebuild a shipped data artifact (tables, statistics, models, the gazetteer cache)",
                       description=f"Rebuild data marsad ships. {table}. Raw-news artifacts need JSONL corpora; "
                                   "SaudiNewsNet is refused (evaluation only). Needs pip install '.[train]' for "
                                   "the packages some artifacts are built from.")
    p.add_argument("what", choices=tuple(ARTIFACTS), metavar="NAME", help=", ".join(ARTIFACTS))
    p.add_argument("corpora", nargs="*", metavar="CORPUS", help="JSONL(.gz) news corpora")
    p.set_defaults(run=_build)

    p = sub.add_parser("train", help="train a model (ner: the named-entity tagger)",
                       description="Train the CRF named-entity tagger on the shared NER corpora: anercorp (ANERcorp "
                                   "train), aqmar (AQMAR train+dev) or all (both models, in parallel; mixing in the other "
                                   "corpora or WikiFANE lowered dev scores, so each model keeps its own corpus).")
    p.add_argument("what", choices=("ner",))
    p.add_argument("--corpus", choices=("anercorp", "aqmar", "all"), default="all", help="training data (default: all)")
    p.add_argument("--out", metavar="DIR", help="model directory (default: the shipped marsad/ner/models)")
    p.add_argument("--data", metavar="DIR", help="shared data directory (default: $MARSAD_DATA or ../shared/data)")
    p.set_defaults(run=_train)


def _build(args) -> int:
    from marsad.build import BuildError, build

    try:
        for line in build(args.what, args.corpora):
            print(line, flush=True)
    except BuildError as err:
        print(f"marsad: build: {err}", file=sys.stderr)
        return 2
    return 0


def _train(args) -> int:
    from marsad.train.ner import build

    try:
        for line in build(args.corpus, args.out, args.data):
            print(line, flush=True)
    except FileNotFoundError as err:
        print(f"marsad: train ner: {err.filename or err}: not found (set --data or $MARSAD_DATA)", file=sys.stderr)
        return 1
    return 0
