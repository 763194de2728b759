"""The PLOVER Arabic dev sets (Open Event Data Alliance): where they are, and how one of their sentences is
analysed (alone, as an article published on the date in its id: `AAW_ARB_20081011.0036-10` → 2008-10-11),
for the evaluation (`marsad.events.evaluate`) and the sentence-type model's training (`marsad.train.event_types`)."""
from __future__ import annotations

import re
from pathlib import Path

from marsad.config import settings
from marsad.model import Article, Metadata

TYPES = ("assault", "protest")
DEFAULT_DIRS = ("../shared/data/events", "../../shared/data/events")
_ID_DATE = re.compile(r"_(\d{4})(\d{2})(\d{2})")


def default_data_dir() -> Path | None:
    """The folder of `assault_dev.csv`: `settings().events_data`, else `events` under the working directory's
    or the checkout's shared data."""
    configured = settings().events_data
    for d in ([str(configured)] if configured else []) + [str(Path.cwd() / p) for p in DEFAULT_DIRS] + \
            [str(Path(__file__).resolve().parents[2] / p) for p in DEFAULT_DIRS]:
        if d and (Path(d) / "assault_dev.csv").exists():
            return Path(d)
    return None


def default_stages() -> tuple[str, ...]:
    """The default pipeline without quotes (a dev row is one sentence)."""
    from marsad.pipeline import DEFAULT_PIPELINE

    return tuple(name for name in DEFAULT_PIPELINE if name != "quotes")


def analyse_sentence(text: str, sid: str = "", stages: tuple[str, ...] | None = None) -> Article:
    from marsad.pipeline import run

    m = _ID_DATE.search(sid or "")
    published = f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None
    article = Article(text, metadata=Metadata(published=published, language="ar"))
    return run(article, stages or default_stages())
