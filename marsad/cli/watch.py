"""`marsad watch`: poll RSS/Atom feeds into a store."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from marsad.cli.options import positive


def _seconds(value: str) -> float:
    """A delay on the command line: a number of seconds, 0 or more."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not number >= 0:
        raise argparse.ArgumentTypeError(f"{value} must be 0 or more")
    return number


def _period(value: str) -> float:
    """An interval or a timeout: a number of seconds above 0."""
    number = _seconds(value)
    if number == 0:
        raise argparse.ArgumentTypeError("0 is too short; give more than 0 seconds")
    return number


def register(sub) -> None:
    p = sub.add_parser("watch", help="poll RSS/Atom feeds and ingest their new articles into a store",
                       description="Poll feeds, fetch each new entry's page, analyse it and store it. Conditional "
                                   "requests (ETag, Last-Modified), robots.txt, a delay between requests to one host "
                                   "and bounded retries; an entry or a text already stored is never stored again. "
                                   "Failures are recorded in the store and the watcher goes on; one status line per "
                                   "feed and poll on stderr.")
    p.add_argument("feeds", nargs="*", metavar="FEED_URL", help="RSS or Atom feed")
    p.add_argument("--feeds", dest="feed_file", type=Path, metavar="FILE",
                   help="more feed URLs, one a line (blank lines and # comments ignored)")
    p.add_argument("--db", default="marsad.db", help="the store (default: marsad.db)")
    p.add_argument("--interval", type=_period, default=900.0, help="seconds between polls (default 900)")
    p.add_argument("--once", action="store_true",
                   help="poll every feed once and exit (exit code 1 when a feed could not be polled)")
    p.add_argument("--per-host-delay", type=_seconds, default=2.0,
                   help="seconds between two requests to one host (default 2)")
    p.add_argument("--timeout", type=_period, default=30.0, help="seconds to wait for a server (default 30)")
    p.add_argument("--attempts", type=positive, default=3,
                   help="tries per request on 5xx, timeouts and connection errors, with exponential backoff (default 3)")
    p.add_argument("--user-agent", help="User-Agent header (default: marsad/VERSION (Arabic news monitor; feed watcher))")
    p.set_defaults(run=_watch)


def _watch(args) -> int:
    from marsad.watch import Fetcher, watch
    from marsad.watch.http import USER_AGENT

    feeds = list(args.feeds)
    if args.feed_file:
        lines = args.feed_file.read_text(encoding="utf-8").splitlines()
        feeds += [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not feeds:
        print("marsad: watch: no feeds given (FEED_URL or --feeds FILE)", file=sys.stderr)
        return 2
    fetcher = Fetcher(user_agent=args.user_agent or USER_AGENT, timeout=args.timeout, per_host_delay=args.per_host_delay,
                      attempts=args.attempts)
    return watch(feeds, args.db, fetcher, interval=args.interval, once=args.once)
