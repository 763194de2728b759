"""`marsad eval` (quality, on real news and the standard sets) and `marsad bench` (speed and memory)."""
from __future__ import annotations

import sys
from pathlib import Path

from marsad.cli.options import positive, shared_data
from marsad.config import settings
from marsad.pipeline import DEFAULT_PIPELINE


def register(sub) -> None:
    p = sub.add_parser("bench", help="measure articles/s and peak memory of analyze",
                       description="Time `analyze` over the first N articles of a JSONL corpus on one core.")
    p.add_argument("--corpus", default=str(settings().data / "news" / "ant-multisource.jsonl.gz"), help="JSONL(.gz) corpus")
    p.add_argument("-n", "--articles", type=int, default=2000, help="how many articles (default 2000)")
    p.add_argument("--stages", nargs="+", metavar="STAGE", help="pipeline stages to time (default: all)")
    p.add_argument("--size", nargs="*", type=positive, metavar="BYTES",
                   help="instead: time one document of each size (default 10000 100000 1000000 5000000 bytes), "
                        "made of the corpus's articles, to see how time grows with size")
    p.set_defaults(run=_bench)

    p = sub.add_parser("eval", help="evaluate: gold (real news), sentences, times, places, ner, quotes, events, geo, link",
                       description="ner: the tagger on a corpus split, exact-span P/R/F1 per type and micro, and its "
                                   "speed. quotes: recall, precision, speaker accuracy and content overlap on the "
                                   "quote sets written for marsad (tests/fixtures/quotes) or given references. events: "
                                   "PLOVER detection P/R/F1 on the shared dev split, and actor agreement. geo: exact "
                                   "GeoNames id and country accuracy of toponyms; link: within-document clustering "
                                   "P/R/F1 — both on the articles written and annotated for marsad (--split dev|test). "
                                   "gold: the whole record (entities, places, quotes, events and their actors) on real "
                                   "news annotated by independent annotators (--split train|dev|test|gold-dev), scored "
                                   "by ../shared/tools/score_reference.py. sentences: the event-sentence set per type "
                                   "and split, with --agreement the two annotators' kappa and role agreement. roles: source and "
                                   "target accuracy given the gold triggers (--split sentences-dev, dev or gold-dev; "
                                   "all three by default). times: real time expressions resolved right (--split "
                                   "dev|test), with --agreement the two annotators' agreement. places: the place-word "
                                   "table, precision and recall of marsad's 'is a place' on words that are also "
                                   "everyday words (--split dev|test), with --agreement the two annotators' agreement.")
    p.add_argument("what", choices=("gold", "sentences", "roles", "times", "places", "ner", "quotes", "events", "geo", "link"))
    p.add_argument("paths", nargs="*", metavar="REF", help="quotes: reference files (X.gold.json next to X.txt)")
    p.add_argument("--corpus", choices=("anercorp", "aqmar"), help="ner: the corpus (required for ner)")
    p.add_argument("--split",
                   help="gold: train, dev (default), test or gold-dev; events: the real-news corpus split (dev, "
                        "test or gold-dev: per-type P/R/F1, roles, full tuples, status) instead of the OEDA rows; ner: test (default), or dev (AQMAR's dev file; "
                        "for ANERcorp the last 10%% of train); geo, link: test (default), dev or a folder of annotated "
                        "articles")
    p.add_argument("--model", metavar="PATH", help="ner: the neural model's .npz (default: the shipped model)")
    p.add_argument("--data", metavar="DIR", help="shared data directory (default: $MARSAD_DATA or ../shared/data)")
    p.add_argument("--articles", type=int, default=0, metavar="N",
                   help="quotes: count the speakers that are not noun phrases over N real articles")
    p.add_argument("--cv", type=int, default=5, help="events: folds of the cross-validated score (0: none)")
    p.add_argument("--check", action="store_true",
                   help="gold: fail when a figure drops more than 0.02 below the one recorded in the repository")
    p.add_argument("--record", action="store_true", help="gold: record this split's figures as the new baseline")
    p.add_argument("--agreement", action="store_true",
                   help="gold, sentences, times, places: agreement of the two annotators on what both annotated (the ceiling)")
    p.add_argument("-v", "--verbose", action="store_true", help="one line per document or error")
    p.set_defaults(run=_eval)


def _bench(args) -> int:
    from marsad.bench import run_bench, run_size_bench

    stages = tuple(args.stages) if args.stages else DEFAULT_PIPELINE
    if args.size is not None:
        print(run_size_bench(args.corpus, tuple(args.size or (10_000, 100_000, 1_000_000, 5_000_000)), stages))
    else:
        print(run_bench(args.corpus, args.articles, stages))
    return 0


def _eval(args) -> int:
    data = str(shared_data(args))
    if args.what == "gold":
        from marsad.eval.gold import main as evaluate_gold

        return evaluate_gold(args.split or "dev", data, args.verbose, check_baseline=args.check, record=args.record,
                             with_agreement=args.agreement)
    if args.what == "sentences":
        from marsad.eval.sentences import main as evaluate_sentences

        return evaluate_sentences(with_agreement=args.agreement)
    if args.what == "roles":
        from marsad.train.roles import main as evaluate_roles

        return evaluate_roles(["eval", "--data", data] + (["--split", args.split] if args.split else []))
    if args.what == "times":
        from marsad.eval.times import main as evaluate_times

        return evaluate_times(args.split or "dev", data, with_agreement=args.agreement, verbose=args.verbose)
    if args.what == "places":
        from marsad.eval.places import main as evaluate_places

        return evaluate_places(args.split or "dev", data, with_agreement=args.agreement, verbose=args.verbose)
    split = args.split or "test"
    if args.what == "quotes":
        from marsad.quotes.evaluate import main as evaluate_quotes

        return evaluate_quotes(args.paths or None, verbose=args.verbose, split=args.split or "dev", data=data,
                               articles=args.articles)
    if args.what in ("geo", "link"):
        from marsad.eval.geo import main as evaluate_geo

        return evaluate_geo(args.what, split, verbose=args.verbose)
    if args.what == "events" and (args.split or args.agreement):
        from marsad.eval.events import report
        from marsad.eval.gold import SharedDataMissing

        try:
            report(args.split or "dev", Path(data), with_agreement=args.agreement)
        except SharedDataMissing as err:
            print(f"marsad: eval events: shared data missing ({err}); set --data or $MARSAD_DATA", file=sys.stderr)
            return 2
        return 0
    if args.what == "events":
        from marsad.events.evaluate import main as evaluate_events

        return evaluate_events(str(Path(data) / "events"), args.verbose, cv=args.cv)
    if not args.corpus:
        print("marsad: eval ner: --corpus is required", file=sys.stderr)
        return 2
    if split not in ("test", "dev"):
        print(f"marsad: eval ner: --split must be test or dev, not {split!r}", file=sys.stderr)
        return 2
    from marsad.ner.evaluate import evaluate_corpus, report

    scores, speed = evaluate_corpus(args.corpus, split, args.model, args.data)
    print(f"ner {args.corpus} {split} (exact span, conlleval), neural tagger")
    print(report(scores))
    print(f"tagging: {speed['tokens']} tokens in {speed['seconds']:.2f} s = {speed['tokens_per_s']:,.0f} tokens/s "
          f"(one core, features included); model load {speed['load_s']:.2f} s")
    return 0
