"""Options and argument types that several commands share."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from marsad.config import settings
from marsad.ingest import FieldMap

FIELDS = ("text", "title", "url", "site", "section", "published", "author", "id")
CORES = os.cpu_count() or 1


def positive(value: str) -> int:
    """A count given on the command line: a whole number, 1 or more."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} must be 1 or more")
    return number


def field_options(p: argparse.ArgumentParser) -> None:
    for key in FIELDS:
        p.add_argument(f"--{key}-field", metavar="NAME", help=f"JSONL/CSV field holding the {key}")


def field_map(args) -> FieldMap:
    return FieldMap(**{key: getattr(args, f"{key}_field") for key in FIELDS})


def server_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", default=settings().token,
                   help="enable POST /api/articles for clients sending this bearer token (default: $MARSAD_TOKEN; "
                        "prefer the variable or --token-file: a command line is visible to every user in ps)")
    p.add_argument("--token-file", type=Path, metavar="FILE", help="read the token from the first line of FILE")


def shared_data(args) -> Path:
    """The shared corpora: `--data`, else the configured folder."""
    return Path(getattr(args, "data", None) or settings().data)
