"""The stage registry: what each pipeline stage is called, reads, writes and can be told.

A stage is a function `stage(article, **options)` that reads some parts of an `Article` and assigns
others. It is declared where it lives, in the manner of spaCy's factories:

    @stage("times", requires=("tokens",), assigns=("times",))
    def times(article: Article) -> None: ...

    @stage("entities", requires=("tokens", "sentences"), assigns=("entities",),
           config={"scheme": "anercorp"})
    def entities(article: Article, *, scheme: str) -> None: ...

The registry imports no domain code. Stages are found through the `marsad.stages` entry points (marsad's
own are declared in its pyproject.toml; an outside package adds its stages the same way), loaded the
first time a name is looked up.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, Callable, Mapping

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "marsad.stages"


@dataclass(frozen=True)
class StageSpec:
    """A declared stage: its function, the article parts it needs and sets, and its default options."""

    name: str
    func: Callable[..., None]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    config: Mapping[str, Any] = field(default_factory=dict)

    @property
    def doc(self) -> str:
        """The first sentence of the stage function's docstring."""
        text = " ".join((self.func.__doc__ or "").split())
        return text.split(". ")[0].rstrip(".") + "." if text else ""


_REGISTRY: dict[str, StageSpec] = {}
_loaded = False


def stage(name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = (),
          config: Mapping[str, Any] | None = None) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Declare a pipeline stage (see the module docstring)."""

    def register(func: Callable[..., None]) -> Callable[..., None]:
        known = _REGISTRY.get(name)
        if known is not None and known.func is not func and _qualified(known.func) != _qualified(func):
            raise ValueError(f"pipeline stage {name!r} declared twice: {_qualified(known.func)} and {_qualified(func)}")
        _REGISTRY[name] = StageSpec(name, func, tuple(requires), tuple(assigns), dict(config or {}))
        return func

    return register


def _qualified(func) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def load_entry_points() -> None:
    """Import every module that declares stages through the `marsad.stages` entry points (once)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    for point in metadata.entry_points(group=ENTRY_POINT_GROUP):
        try:
            point.load()
        except Exception as err:
            log.error("pipeline stages from %s (%s) not loaded: %s", point.name, point.value, err)
            raise


def get(name: str) -> StageSpec:
    """The stage declared under `name`."""
    if name not in _REGISTRY:
        load_entry_points()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown pipeline stage {name!r}; known: {', '.join(sorted(_REGISTRY))}") from None


def declared() -> dict[str, StageSpec]:
    """Every declared stage, by name."""
    load_entry_points()
    return dict(_REGISTRY)
