"""Poll feeds, fetch each new entry's page, analyse it and store it; record every failure and go on."""
from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass
from typing import Iterable, TextIO
from urllib.parse import urljoin, urlsplit

from marsad.errors import InputError
from marsad.ingest import read_bytes
from marsad.ingest.document import parse_date
from marsad.model import Article
from marsad.pipeline import Pipeline, analyze_document
from marsad.store.db import Store
from marsad.store.pool import body_hash
from marsad.watch.http import Fetcher, FetchError, Response
from marsad.watch.state import FeedLog

log = logging.getLogger(__name__)

# Page content types read as HTML, and as plain text.
_HTML = ("text/html", "application/xhtml+xml")
_TEXT = ("text/plain",)


@dataclass(slots=True)
class FeedReport:
    """One poll of one feed."""
    url: str
    new: int = 0
    already: int = 0  # pages whose text was stored before (under another URL)
    failed: int = 0
    seen: int = 0  # entries handled at an earlier poll
    not_modified: bool = False
    error: str | None = None  # the feed itself could not be polled
    retry: bool = False  # some page failed for now (a timeout, a 5xx): read the whole feed again next time

    def line(self) -> str:
        if self.error:
            return f"{self.url}: feed failed: {self.error}"
        if self.not_modified:
            return f"{self.url}: not modified (304)"
        return f"{self.url}: {self.new} new, {self.already} already stored, {self.failed} failed, {self.seen} seen"


class Watcher:
    """Polls feeds into one store, with one fetcher (its per-host delays and robots.txt cache) and one
    pipeline (models loaded once)."""

    def __init__(self, store: Store, fetcher: Fetcher, errors: TextIO | None = None):
        self.store, self.fetcher = store, fetcher
        self.log = FeedLog(store)
        self.pipeline = Pipeline()
        self.errors = errors or sys.stderr

    def poll_all(self, feeds: Iterable[str]) -> list[FeedReport]:
        """Poll each feed once, printing its status line."""
        reports = []
        for feed in feeds:
            report = self.poll(feed)
            print(f"marsad: watch: {report.line()}", file=self.errors, flush=True)
            reports.append(report)
        return reports

    def poll(self, feed: str) -> FeedReport:
        """Fetch the feed (conditionally) and handle its new entries; the outcome goes to the feed state."""
        import feedparser

        report = FeedReport(feed)
        etag, last_modified = self.log.validators(feed)
        try:
            if not self.fetcher.allowed(feed):
                raise FetchError(feed, "disallowed by robots.txt", transient=False)
            response = self.fetcher.get(feed, etag, last_modified)
        except FetchError as err:
            report.error = err.reason
            self.log.polled(feed, status=err.status, error=err.reason, keep_validators=True)
            return report
        if response.status == 304:
            report.not_modified = True
            self.log.polled(feed, status=304, keep_validators=True)
            return report
        parsed = feedparser.parse(response.body, response_headers={"content-location": response.url})
        if not parsed.entries and (parsed.bozo or not parsed.version):
            problem = getattr(parsed, "bozo_exception", None) or "no feed version recognised"
            report.error = f"not an RSS or Atom feed ({' '.join(str(problem).split())})"
            self.log.polled(feed, status=response.status, error=report.error, keep_validators=True)
            return report
        site = parsed.feed.get("title")
        for entry in parsed.entries:
            self._entry(feed, entry, site, report)
        self.log.polled(feed, status=response.status, entries=len(parsed.entries), added=report.new,
                        failed=report.failed, etag=None if report.retry else response.headers.get("ETag"),
                        last_modified=None if report.retry else response.headers.get("Last-Modified"))
        return report

    def _entry(self, feed: str, entry, site: str | None, report: FeedReport) -> None:
        link = (entry.get("link") or "").strip()
        url = urljoin(feed, link) if link else None
        key = entry.get("id") or url
        if url is None:
            source = f"{feed}#{key or entry.get('title', '')}"
            self._failed(feed, key or source, source, "an entry without a link", report)
            return
        if self.log.seen(feed, key, url):
            report.seen += 1
            return
        try:
            if not self.fetcher.allowed(url):
                raise FetchError(url, "disallowed by robots.txt", transient=False)
            response = self.fetcher.get(url)
        except FetchError as err:
            if err.transient:
                report.retry = True
            self._failed(feed, key, url, err.reason, report, remember=not err.transient)
            return
        result, digest = self._analyse(url, response, entry, site or urlsplit(url).netloc)
        added, failed = self.store.write_batch([(url, digest, result)])
        if failed:
            report.failed += 1
            print(f"marsad: {result}", file=self.errors)
            self.log.handled(feed, key, url, None, result.problem)
            return
        if added:
            report.new += 1
        else:
            report.already += 1
        self.log.handled(feed, key, url, result.id, None)

    def _failed(self, feed: str, key: str, url: str, problem: str, report: FeedReport, remember: bool = True) -> None:
        """A page that could not be fetched: a failure in the store (source: its url) and, when it will
        not be better later, a handled entry."""
        error = InputError(url, problem)
        report.failed += 1
        print(f"marsad: {error}", file=self.errors)
        self.store.write_batch([(url, body_hash(error), error)])
        if remember:
            self.log.handled(feed, key, url, None, problem)

    def _analyse(self, url: str, response: Response, entry, site: str) -> tuple[Article | InputError, str]:
        """The page's article, with the entry's title and the feed's site where the page has none, and the
        entry's date unless the page states a time of day (a day alone is what text heuristics guess)."""
        kind = response.headers.get_content_type()
        if kind not in _HTML + _TEXT:
            error = InputError(url, f"not an HTML page (content type {kind})")
            return error, body_hash(error)
        docs = list(read_bytes(response.body, url, "html" if kind in _HTML else "text", url=url))
        doc = docs[0] if docs else InputError(url, "no article in the page")
        if isinstance(doc, InputError):
            return doc, body_hash(doc)
        given = {"title": entry.get("title"), "published": parse_date(entry.get("published") or entry.get("updated")),
                 "site": site}
        page_date = doc.metadata.get("published")
        if page_date and len(page_date) > len("YYYY-MM-DD"):
            del given["published"]
        for name, value in given.items():
            if value and (name == "published" or not doc.metadata.get(name)):
                doc.metadata[name] = value
        return analyze_document(doc, self.pipeline), body_hash(doc)


def watch(feeds: Iterable[str], db: str, fetcher: Fetcher, interval: float = 900.0, once: bool = False,
          errors: TextIO | None = None) -> int:
    """Poll every feed, then again every `interval` seconds until interrupted (or once with `once`, and
    then 1 when a feed could not be polled). Each page is stored in its own transaction, so an
    interruption leaves a consistent store and the next run goes on from there."""
    feeds = list(dict.fromkeys(feeds))
    with Store(db) as store:
        watcher = Watcher(store, fetcher, errors)
        while True:
            started = time.monotonic()
            reports = watcher.poll_all(feeds)
            if once:
                return 1 if any(r.error for r in reports) else 0
            wait_for_next_poll(interval - (time.monotonic() - started))


def wait_for_next_poll(seconds: float) -> None:
    if seconds > 0:
        log.debug("next poll in %.0f s", seconds)
        time.sleep(seconds)
