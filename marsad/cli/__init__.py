"""The `marsad` command line. Each command group lives in its own module with `register(sub)`;
`main` parses, sets up logging and the configuration, and turns the failures a user can fix into one line."""
from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from typing import Sequence

from marsad import __version__
from marsad.cli import analyze, build, evaluate, info, spark, store, watch
from marsad.config import CONFIG_VARIABLE, ConfigError
from marsad.errors import StoreError
from marsad.pipeline import PipelineError

COMMANDS = (analyze, store, watch, spark, evaluate, build, info)


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
    for command in COMMANDS:
        command.register(sub)
    return parser
