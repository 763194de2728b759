"""marsad's settings in one place: the defaults, then an optional TOML file, then the environment.

The TOML file is the one named by `$MARSAD_CONFIG` (or passed to `load`); its top-level keys are the
fields of `Config`, and a `[stages.NAME]` table sets a pipeline stage's options:

    data = "/corpora/shared/data"
    actors = ["/home/me/actors.tsv"]
    [stages.entities]
    scheme = "aqmar"

Environment variables (`MARSAD_DATA`, `MARSAD_CACHE`, `MARSAD_ACTORS` as a `:`-separated list,
`MARSAD_EVENTS_DATA`, `MARSAD_EVENT_CLASSIFIER` = 0/1, `MARSAD_EVENT_MODEL`, `MARSAD_TOKEN`) win over the
file. Nothing else in marsad reads the environment.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

# Where the shared corpora live (read by path, never shipped), relative to the working directory.
DEFAULT_DATA = Path("../shared/data")
CONFIG_VARIABLE = "MARSAD_CONFIG"


@dataclass(frozen=True, slots=True)
class Config:
    """Every setting marsad reads; see the module docstring for where each comes from."""

    data: Path = DEFAULT_DATA                  # shared corpora: NER, news, gold-dev, events
    cache: Path = Path.home() / ".cache" / "marsad"  # built look-up tables
    actors: tuple[Path, ...] = ()              # extra actor lexicons, after the shipped one
    events_data: Path | None = None            # the PLOVER dev split (default: <data>/events)
    event_classifier: bool = True              # the learned sentence-type model of events, or rules alone
    event_model: Path | None = None            # another sentence-type model file (.npz)
    token: str | None = None                   # bearer token that enables writes through the API
    stages: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # per-stage options

    def stage_options(self, name: str) -> dict[str, Any]:
        return dict(self.stages.get(name, {}))


# The environment variable of each field, and how its text becomes the field's value.
_ENVIRONMENT = {
    "data": ("MARSAD_DATA", Path),
    "cache": ("MARSAD_CACHE", Path),
    "actors": ("MARSAD_ACTORS", lambda v: tuple(Path(p) for p in v.split(":") if p)),
    "events_data": ("MARSAD_EVENTS_DATA", Path),
    "event_classifier": ("MARSAD_EVENT_CLASSIFIER", lambda v: v.strip() not in ("0", "false", "no", "")),
    "event_model": ("MARSAD_EVENT_MODEL", Path),
    "token": ("MARSAD_TOKEN", str),
}
_FILE_TYPES = {"data": Path, "cache": Path, "events_data": Path, "event_model": Path,
               "actors": lambda v: tuple(Path(p) for p in v), "event_classifier": bool, "token": str,
               "stages": lambda v: {name: dict(options) for name, options in v.items()}}


class ConfigError(ValueError):
    """A configuration file that cannot be read or names an unknown setting."""


def load(path: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """The configuration: defaults, then the TOML file at `path` (or `$MARSAD_CONFIG`), then `environ`
    (default: the process environment)."""
    environ = os.environ if environ is None else environ
    path = path or environ.get(CONFIG_VARIABLE)
    config = Config()
    if path:
        config = replace(config, **_from_file(str(path), _mtime(path)))
    values = {}
    for name, (variable, parse) in _ENVIRONMENT.items():
        if environ.get(variable):
            values[name] = parse(environ[variable])
    return replace(config, **values)


def settings() -> Config:
    """The configuration now in force (the file is read again only when it changed)."""
    return load()


def shared_data() -> Path:
    """Where the shared corpora are."""
    return settings().data


def _mtime(path) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError as err:
        raise ConfigError(f"{path}: configuration file not readable ({err.strerror})") from None


@lru_cache(maxsize=8)
def _from_file(path: str, mtime: float) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            raw = tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML ({err})") from None
    known = {f.name for f in fields(Config)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    try:
        return {name: _FILE_TYPES[name](value) for name, value in raw.items()}
    except (TypeError, ValueError, AttributeError) as err:
        raise ConfigError(f"{path}: {err}") from None
