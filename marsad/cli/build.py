"""`marsad build` (the shipped data artifacts of `marsad.build`) and `marsad train` (the neural NER tagger)."""
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

    p = sub.add_parser("train", help="train a model (neural-ner: the named-entity tagger)",
                       description="neural-ner: learn fastText vectors on the shared ANT news (once, into --vectors) and "
                                   "train the neural tagger (one output layer per corpus: ANERcorp, AQMAR, WikiFANE, the "
                                   "real-news references' train split), early stopping on the dev sets; needs the [train] "
                                   "extra (PyTorch, fastText).")
    p.add_argument("what", choices=("neural-ner",))
    p.add_argument("--vectors", metavar="FILE", default="news-vectors.bin",
                   help="neural-ner: the fastText model (learned from the news when absent; default: news-vectors.bin)")
    p.add_argument("--out", metavar="PATH", help="the .npz (default: marsad/ner/models/neural.npz)")
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
    from pathlib import Path

    from marsad.ner.neural import MODEL_PATH
    from marsad.train.neural_ner import build

    try:
        for line in build(Path(args.out or MODEL_PATH), Path(args.vectors), args.data):
            print(line, flush=True)
    except FileNotFoundError as err:
        print(f"marsad: train neural-ner: {err.filename or err}: not found (set --data or $MARSAD_DATA)", file=sys.stderr)
        return 1
    return 0
