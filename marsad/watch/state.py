"""What the watcher keeps in the store (tables `feeds` and `feed_entries`, migration 4): each feed's
validators and last poll, and every entry already handled, so no page is fetched twice."""
from __future__ import annotations

from marsad.store.db import Store, now


class FeedLog:
    def __init__(self, store: Store):
        self.db = store.db

    def validators(self, feed: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified of the feed's last complete poll."""
        row = self.db.execute("SELECT etag, last_modified FROM feeds WHERE url = ?", (feed,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def seen(self, feed: str, entry: str, url: str) -> bool:
        """Whether this entry of this feed (by id or guid: ids need not be unique across feeds), or its page
        (by url, from any feed), was handled before."""
        return self.db.execute("SELECT 1 FROM feed_entries WHERE (feed = ? AND entry = ?) OR url = ? LIMIT 1",
                               (feed, entry, url)).fetchone() is not None

    def handled(self, feed: str, entry: str, url: str, article_id: str | None, problem: str | None) -> None:
        """Remember an entry: stored (with its article id) or failed for good (with the reason)."""
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO feed_entries (feed, entry, url, article_id, problem, at)"
                            " VALUES (?, ?, ?, ?, ?, ?)", (feed, entry, url, article_id, problem, now()))

    def polled(self, feed: str, *, status: int | None, error: str | None = None, etag: str | None = None,
               last_modified: str | None = None, entries: int = 0, added: int = 0, failed: int = 0,
               keep_validators: bool = False) -> None:
        """Record one poll: its outcome, and the validators to send next time (kept as they were when
        `keep_validators`: a 304, or a poll that could not be made)."""
        with self.db:
            self.db.execute("INSERT INTO feeds (url) VALUES (?) ON CONFLICT(url) DO NOTHING", (feed,))
            self.db.execute(
                "UPDATE feeds SET checked_at = ?, status = ?, error = ?, polls = polls + 1,"
                " added = added + ?, failed = failed + ?, entries = CASE WHEN ? THEN entries ELSE ? END,"
                " etag = CASE WHEN ? THEN etag ELSE ? END, last_modified = CASE WHEN ? THEN last_modified ELSE ? END"
                " WHERE url = ?",
                (now(), status, error, added, failed, keep_validators, entries, keep_validators, etag,
                 keep_validators, last_modified, feed))

    def feeds(self) -> list[dict]:
        return [dict(row) for row in self.db.execute("SELECT * FROM feeds ORDER BY url")]
