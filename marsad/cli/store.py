"""The store commands: `marsad ingest`, `serve`, `demo` and `export`."""
from __future__ import annotations

import argparse
import errno
import socket
import sys
from pathlib import Path

from marsad.cli.options import CORES, field_map, field_options, positive, server_options
from marsad.config import settings
from marsad.ingest import formats



def register(sub) -> None:
    p = sub.add_parser("ingest", help="analyse articles into an SQLite store (idempotent, resumable)",
                       description="Analyse articles on a process pool and store them in an SQLite file. "
                                   "Re-ingesting changes nothing; an interrupted run resumes where it stopped; "
                                   "failures are kept in the store with their source and reason.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="file, directory (recursive) or - for stdin")
    p.add_argument("--from-parquet", metavar="DIR",
                   help="load the output of marsad spark (its articles table) instead of analysing PATHs")
    p.add_argument("--db", default="marsad.db", help="the store (default: marsad.db)")
    p.add_argument("--workers", type=positive, default=CORES, help="processes (default: all cores)")
    p.add_argument("--limit", type=positive, help="read only the first N documents")
    p.add_argument("--format", choices=formats(), default="auto", help="input format (default: detected)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar with rate and ETA on stderr (default: when stderr is a terminal)")
    field_options(p)
    p.set_defaults(run=_ingest)

    p = sub.add_parser("serve", help="serve a store: Arabic web interface and REST API",
                       description="Serve the web interface (Arabic, right to left) and the REST API (OpenAPI at "
                                   "/docs) of an existing store, read-only unless a token is configured.")
    p.add_argument("--db", default="marsad.db", help="the store (default: marsad.db)")
    server_options(p)
    p.set_defaults(run=_serve)

    p = sub.add_parser("demo", help="build a demo store from the bundled samples (and ../shared news) and serve it",
                       description="Create an embedded store, ingest the sample articles that ship with marsad plus "
                                   "the first articles of the shared ANT corpora (multisource and Jawhara) when "
                                   "present, then serve the interface. SaudiNewsNet is not added: its licence "
                                   "allows evaluation only.")
    p.add_argument("--db", default="marsad-demo.db", help="the store to create or extend (default: marsad-demo.db)")
    p.add_argument("--limit", type=positive, default=2000, help="articles to take from each shared corpus (default 2000)")
    p.add_argument("--news", default=str(settings().data / "news"), help="folder of shared news corpora (skipped when absent)")
    p.add_argument("--workers", type=positive, default=CORES, help="processes (default: all cores)")
    p.add_argument("--no-serve", dest="serve", action="store_false", help="build the store and exit")
    server_options(p)
    p.set_defaults(run=_demo)

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


def _serve(args) -> int:
    if not Path(args.db).exists():
        print(f"marsad: {args.db}: no such store (create one with marsad ingest or marsad demo)", file=sys.stderr)
        return 1
    if not _port_free(args.host, args.port):
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


def _port_free(host: str, port: int) -> bool:
    """Whether the server can listen on host:port; when not, says so in one line."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server does: a port left in TIME_WAIT by a stopped server is free, a listening one is not.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as err:
            reason = "is in use" if err.errno == errno.EADDRINUSE else f"cannot be used ({err.strerror})"
            print(f"marsad: port {port} on {host} {reason}: stop the other server or choose another with --port",
                  file=sys.stderr)
            return False
    return True


SAMPLES = Path(__file__).resolve().parents[1] / "samples"  # the articles that ship with marsad
# The shared news corpora the demo adds. SaudiNewsNet is left out: its licence allows evaluation only.
DEMO_CORPORA = ("ant-multisource.jsonl.gz", "ant-v1-jawhara.jsonl.gz")
PROGRESS_EVERY = 5.0  # seconds between progress lines when stderr is not a terminal


def _demo(args) -> int:
    from marsad.store.ingest import ingest

    if args.serve and not _port_free(args.host, args.port):
        return 1
    sources = [str(p) for p in sorted(SAMPLES.glob("*.txt"))]
    news = Path(args.news)
    corpora = [str(news / name) for name in DEMO_CORPORA if (news / name).exists()]
    show = sys.stderr.isatty()
    lines = None if show else PROGRESS_EVERY
    report = ingest(sources, args.db, workers=args.workers, progress=show, progress_lines=lines)
    for corpus in corpora:
        more = ingest([corpus], args.db, workers=args.workers, limit=args.limit, progress=show, progress_lines=lines)
        report.added += more.added
        report.failed += more.failed
    print(f"marsad: {args.db}: {report.added} articles added ({len(corpora)} shared corpora), {report.failed} failed",
          file=sys.stderr)
    return _serve(args) if args.serve else 0


def _ingest(args) -> int:
    from marsad.store.ingest import ingest

    if bool(args.paths) == bool(args.from_parquet):
        print("marsad: ingest: give either PATHs to analyse or --from-parquet DIR", file=sys.stderr)
        return 2
    if args.from_parquet:
        return _ingest_parquet(args)
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    report = ingest(args.paths, args.db, workers=args.workers, format=args.format, mapping=field_map(args),
                    limit=args.limit, progress=show)
    print(f"marsad: {args.db}: {report.added} added, {report.already} already stored, "
          f"{report.skipped} unchanged sources skipped, {report.failed} failed"
          + (f" ({report.not_arabic} not Arabic)" if report.not_arabic else ""), file=sys.stderr)
    return 1 if report.failed else 0


def _ingest_parquet(args) -> int:
    import importlib.util

    if importlib.util.find_spec("pyarrow") is None:
        print("marsad: ingest --from-parquet: pyarrow is not installed (pip install 'marsad[spark]')", file=sys.stderr)
        return 2
    from marsad.store.lake import load_parquet

    if not Path(args.from_parquet, "articles").is_dir():
        print(f"marsad: {args.from_parquet}: not the output of marsad spark (no articles folder)", file=sys.stderr)
        return 1
    report = load_parquet(args.from_parquet, args.db, limit=args.limit)
    print(f"marsad: {args.db}: {report.added} added, {report.already} already stored, "
          f"{report.skipped} unchanged sources skipped, {report.failed} failures recorded "
          f"(from {args.from_parquet})", file=sys.stderr)
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
