"""`marsad watch`: poll RSS/Atom feeds and ingest their new articles into a store — conditional requests,
robots.txt, a delay per host, bounded retries, and no article fetched or stored twice."""
from marsad.watch.http import Fetcher, FetchError
from marsad.watch.watcher import FeedReport, Watcher, watch

__all__ = ["FeedReport", "FetchError", "Fetcher", "Watcher", "watch"]
