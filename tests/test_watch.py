"""`marsad watch` against local HTTP servers: RSS and Atom feeds of Arabic pages, a broken feed, a 404 page,
a slow host, robots.txt, ETag and Last-Modified, one text under two URLs, a 503 before a 200."""
import gzip
import sqlite3
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.store.db import MIGRATIONS, Store
from marsad.watch import Fetcher, FetchError, watch
from marsad.watch.state import FeedLog

SAMPLES = Path(__file__).resolve().parents[1] / "marsad" / "samples"
MODIFIED = formatdate(1700000000, usegmt=True)


def paragraphs(sample: str) -> list[str]:
    """The body paragraphs of a bundled sample article (after its breadcrumb, site and title lines)."""
    lines = [line for line in (SAMPLES / sample).read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[3:]


def page(sample: str, title: str | None = None, published: str | None = None) -> bytes:
    head = f"<title>{title}</title>" if title else ""
    if published:
        head += f'<meta property="article:published_time" content="{published}">'
    body = f"<h1>{title}</h1>" if title else ""
    body += "".join(f"<p>{p}</p>" for p in paragraphs(sample))
    return f'<!doctype html><html lang="ar"><head><meta charset="utf-8">{head}</head><body><article>{body}' \
           f"</article></body></html>".encode()


ENGLISH = ("<!doctype html><html><head><title>Weather</title></head><body><article>" +
           "<p>The weather today is sunny with light winds from the north and a high of twenty degrees.</p>" * 8 +
           "</article></body></html>").encode()


def rss(base: str, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 channel of (guid, path or URL, title) items."""
    body = "".join(f"<item><guid>{guid}</guid><link>{path if '://' in path else base + path}</link><title>{title}</title>"
                   f"<pubDate>Fri, 12 Aug 2016 09:30:00 GMT</pubDate></item>" for guid, path, title in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>أخبار محلية</title>'
            f"<link>{base}/</link>{body}</channel></rss>").encode()


def atom(base: str, entries: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f'<entry><id>{id_}</id><link href="{path}"/><title>{title}</title>'
                   f"<updated>2017-03-01T10:00:00Z</updated></entry>" for id_, path, title in entries)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="{base}/">'
            f"<title>وكالة الأنباء</title><id>urn:feed</id><updated>2017-03-01T10:00:00Z</updated>{body}</feed>").encode()


class Site:
    """What one local server serves: path -> (status, headers, body), with behaviours for some paths,
    and every request it received (path, headers, monotonic time)."""

    def __init__(self, slow: float = 0.0):
        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        self.failures_before_success: dict[str, int] = {}
        self.slow_paths: set[str] = set()
        self.slow = slow
        self.requests: list[tuple[str, dict, float]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def count(self, path: str) -> int:
        return sum(1 for p, _, _ in self.requests if p == path)

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                site.requests.append((self.path, dict(self.headers), time.monotonic()))
                if self.path in site.slow_paths:
                    time.sleep(site.slow)
                if site.failures_before_success.get(self.path):
                    site.failures_before_success[self.path] -= 1
                    return self._send(503, {}, b"busy")
                status, headers, body = site.routes.get(self.path, (404, {}, b"not found"))
                etag, modified = headers.get("ETag"), headers.get("Last-Modified")
                if (etag and self.headers.get("If-None-Match") == etag) or \
                        (modified and self.headers.get("If-Modified-Since") == modified):
                    return self._send(304, headers, b"")
                if headers.get("Content-Encoding") == "gzip":
                    body = gzip.compress(body)
                self._send(status, headers, body)

            def _send(self, status, headers, body):
                self.send_response(status)
                for name, value in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler

    def close(self):
        self.server.shutdown()
        self.server.server_close()


XML = {"Content-Type": "application/xml"}


@pytest.fixture
def sites():
    """A news site (feeds and pages) and a slow host (every path but robots.txt answers after 2 s)."""
    news, slow = Site(), Site(slow=2.0)
    b = news.base
    news.routes.update({
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/rss.xml": (200, {**XML, "ETag": '"v1"'}, rss(b, [
            ("g1", "/news/1", "قوات الوفاق تتقدم نحو سرت"),
            ("g2", "/news/2", "قصف على أحياء حلب"),
            ("g3", "/missing", "صفحة محذوفة"),
            ("g4", "/private/report", "تقرير خاص"),
            ("g5", "/flaky", "تقدم في الرقة"),
            ("g6", "/english", "Weather"),
        ])),
        "/atom.xml": (200, {**XML, "Last-Modified": MODIFIED}, atom(b, [
            ("urn:a1", "copy/1", "نسخة من خبر سرت"),
            ("urn:a2", "news/3", "معركة الموصل"),
            ("urn:a3", "news/2", "قصف على أحياء حلب"),
            ("g1", "news/5", "انفجار في مقديشو"),  # the id of an RSS entry: ids are per feed
        ])),
        "/broken.xml": (200, XML, b"<html><body>Service moved <<< not a feed"),
        "/news/1": (200, {}, page("01_sirte_offensive.txt", "قوات الوفاق تتقدم نحو آخر أحياء سرت", "2016-08-12T09:00:00+00:00")),
        "/copy/1": (200, {}, page("01_sirte_offensive.txt", "قوات الوفاق تتقدم نحو آخر أحياء سرت", "2016-08-12T09:00:00+00:00")),
        "/news/2": (200, {}, page("04_aleppo_shelling.txt")),
        "/news/3": (200, {"Content-Encoding": "gzip"}, page("10_mosul_offensive.txt", "معركة الموصل")),
        "/private/report": (200, {}, page("13_mogadishu_car_bomb.txt", "تقرير")),
        "/news/5": (200, {}, page("13_mogadishu_car_bomb.txt", "انفجار في مقديشو")),
        "/flaky": (200, {}, page("07_raqqa_sdf_advance.txt", "تقدم في الرقة")),
        "/english": (200, {}, ENGLISH),
    })
    news.failures_before_success["/flaky"] = 1
    slow.routes["/feed.xml"] = (200, XML, rss(slow.base, []))
    slow.slow_paths.add("/feed.xml")
    yield news, slow
    news.close()
    slow.close()


def fetcher(**options) -> Fetcher:
    return Fetcher(**{"timeout": 1.0, "per_host_delay": 0.0, "attempts": 2, "backoff": 0.05, **options})


def rows(db, sql, *args):
    with sqlite3.connect(db) as con:
        return con.execute(sql, args).fetchall()


def test_a_poll_stores_new_articles_records_failures_and_a_second_poll_adds_nothing(sites, tmp_path, capsys):
    news, slow = sites
    db = str(tmp_path / "watch.db")
    feeds = [f"{news.base}/rss.xml", f"{news.base}/atom.xml", f"{news.base}/broken.xml", f"{slow.base}/feed.xml"]

    assert watch(feeds, db, fetcher(), once=True) == 1  # the broken feed and the slow host failed
    lines = capsys.readouterr().err.splitlines()
    status = [line for line in lines if line.startswith("marsad: watch: ")]
    assert status == [
        f"marsad: watch: {news.base}/rss.xml: 3 new, 0 already stored, 3 failed, 0 seen",
        f"marsad: watch: {news.base}/atom.xml: 2 new, 1 already stored, 0 failed, 1 seen",
        f"marsad: watch: {news.base}/broken.xml: feed failed: not an RSS or Atom feed "
        + status[2].split("not an RSS or Atom feed ", 1)[1],
        f"marsad: watch: {slow.base}/feed.xml: feed failed: timed out after 1 s",
    ]
    # one line per failed page, naming it
    assert f"marsad: {news.base}/missing: HTTP 404 Not Found" in lines
    assert f"marsad: {news.base}/private/report: disallowed by robots.txt" in lines

    urls = {url for (url,) in rows(db, "SELECT url FROM articles")}
    assert urls == {f"{news.base}/news/{n}" for n in (1, 2, 3, 5)} | {f"{news.base}/flaky"}
    # the same text under a second URL is one article, with both sources
    (one,) = rows(db, "SELECT id FROM articles WHERE url = ?", f"{news.base}/news/1")
    assert rows(db, "SELECT article_id FROM sources WHERE key = ?", f"{news.base}/copy/1") == [one]
    # the entry's title and date where the page has none; the page's own where it has them
    with Store(db, readonly=True) as store:
        failures = {f["key"]: f["problem"] for f in store.failures()}
        second = store.article(rows(db, "SELECT id FROM articles WHERE url = ?", f"{news.base}/news/2")[0][0])
        first = store.article(one[0])
        assert store.article(rows(db, "SELECT id FROM articles WHERE url = ?", f"{news.base}/news/3")[0][0]).metadata.title == "معركة الموصل"
        log = {f["url"]: f for f in FeedLog(store).feeds()}
    assert (second.metadata.title, second.metadata.published) == ("قصف على أحياء حلب", "2016-08-12T09:30:00+00:00")
    assert (first.metadata.title, first.metadata.published) == ("قوات الوفاق تتقدم نحو آخر أحياء سرت", "2016-08-12T09:00:00+00:00")
    assert first.text.startswith(paragraphs("01_sirte_offensive.txt")[0][:30])
    assert failures[f"{news.base}/missing"] == f"{news.base}/missing: HTTP 404 Not Found"
    assert failures[f"{news.base}/private/report"] == f"{news.base}/private/report: disallowed by robots.txt"
    assert failures[f"{news.base}/english"].startswith(f"{news.base}/english: not Arabic text")
    assert len(failures) == 3
    # the disallowed page was never requested; the flaky one twice (503, then 200); robots.txt once per host
    assert news.count("/private/report") == 0 and news.count("/flaky") == 2 and news.count("/robots.txt") == 1
    assert all(h["User-Agent"].startswith("marsad/") for _, h, _ in news.requests)

    rss_state, atom_state = log[f"{news.base}/rss.xml"], log[f"{news.base}/atom.xml"]
    assert (rss_state["etag"], rss_state["status"], rss_state["error"], rss_state["entries"]) == ('"v1"', 200, None, 6)
    assert (rss_state["added"], rss_state["failed"], rss_state["polls"]) == (3, 3, 1)
    assert (atom_state["last_modified"], atom_state["added"]) == (MODIFIED, 2)
    assert log[f"{news.base}/broken.xml"]["error"].startswith("not an RSS or Atom feed")
    assert log[f"{slow.base}/feed.xml"]["error"] == "timed out after 1 s"
    assert log[f"{slow.base}/feed.xml"]["status"] is None

    before = {table: rows(db, f"SELECT count(*) FROM {table}") for table in ("articles", "sources", "events", "mentions")}
    pages = {path: news.count(path) for path in ("/news/1", "/news/2", "/news/3", "/missing", "/english", "/copy/1")}
    assert watch(feeds, db, fetcher(), once=True) == 1
    status = [line for line in capsys.readouterr().err.splitlines() if line.startswith("marsad: watch: ")]
    assert status[:2] == [f"marsad: watch: {news.base}/rss.xml: not modified (304)",
                          f"marsad: watch: {news.base}/atom.xml: not modified (304)"]
    assert {table: rows(db, f"SELECT count(*) FROM {table}") for table in before} == before
    assert {path: news.count(path) for path in pages} == pages
    conditional = [h for p, h, _ in news.requests if p in ("/rss.xml", "/atom.xml")][2:]
    assert conditional[0]["If-None-Match"] == '"v1"' and conditional[1]["If-Modified-Since"] == MODIFIED

    # the feed changes: only its new entry is fetched, the others are seen (by guid)
    news.routes["/news/4"] = (200, {}, page("12_sinai_checkpoint_attack.txt", "هجوم على حاجز في سيناء"))
    items = [("g7", "/news/4", "هجوم في سيناء"), ("g1", "/news/1", "قوات الوفاق تتقدم نحو سرت"),
             ("g3", "/missing", "صفحة محذوفة"), ("g6", "/english", "Weather")]
    news.routes["/rss.xml"] = (200, {**XML, "ETag": '"v2"'}, rss(news.base, items))
    assert watch(feeds[:1], db, fetcher(), once=True) == 0
    assert capsys.readouterr().err.splitlines()[-1] == f"marsad: watch: {news.base}/rss.xml: 1 new, 0 already stored, 0 failed, 3 seen"
    assert {path: news.count(path) for path in pages} == pages
    assert rows(db, "SELECT etag, polls, added FROM feeds WHERE url = ?", feeds[0]) == [('"v2"', 3, 4)]


def test_a_page_that_failed_for_now_is_fetched_again_at_the_next_poll(sites, tmp_path, capsys):
    news, slow = sites
    db = str(tmp_path / "watch.db")
    slow.routes["/story"] = (200, {}, page("10_mosul_offensive.txt", "معركة الموصل"))
    slow.slow_paths.add("/story")
    news.routes["/later.xml"] = (200, {**XML, "ETag": '"x"'}, rss(news.base, [("s1", f"{slow.base}/story", "معركة الموصل")]))
    feed = f"{news.base}/later.xml"
    assert watch([feed], db, fetcher(), once=True) == 0
    assert capsys.readouterr().err.splitlines() == [f"marsad: {slow.base}/story: timed out after 1 s",
                                                    f"marsad: watch: {feed}: 0 new, 0 already stored, 1 failed, 0 seen"]
    assert rows(db, "SELECT key, problem FROM sources") == [(f"{slow.base}/story", f"{slow.base}/story: timed out after 1 s")]
    assert rows(db, "SELECT etag FROM feeds") == [(None,)]  # not 304 next time: the entry is still to do
    slow.slow_paths.discard("/story")
    assert watch([feed], db, fetcher(), once=True) == 0
    assert capsys.readouterr().err.splitlines() == [f"marsad: watch: {feed}: 1 new, 0 already stored, 0 failed, 0 seen"]
    assert rows(db, "SELECT count(*) FROM articles") == [(1,)]
    assert rows(db, "SELECT problem FROM sources") == [(None,)]  # the failure is replaced by the stored page


def test_requests_to_one_host_are_spaced_and_transient_errors_retried_with_backoff(sites):
    news, _ = sites
    news.failures_before_success["/news/1"] = 2
    client = fetcher(per_host_delay=0.3, attempts=3, backoff=0.2)
    started = time.monotonic()
    assert client.get(f"{news.base}/news/1").status == 200
    client.get(f"{news.base}/news/2")
    times = [t for p, _, t in news.requests]
    assert len(times) == 4
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert gaps[0] >= 0.3 and gaps[1] >= 0.4 - 0.05  # the backoff doubles (0.2, 0.4) and the delay holds
    assert all(gap >= 0.3 - 0.02 for gap in gaps)
    assert time.monotonic() - started < 3
    news.failures_before_success["/news/3"] = 5
    with pytest.raises(FetchError, match="HTTP 503") as err:
        client.get(f"{news.base}/news/3")
    assert err.value.transient and news.count("/news/3") == 3  # bounded


def test_only_http_urls_and_bodies_within_the_limit_are_fetched(sites):
    news, _ = sites
    with pytest.raises(FetchError, match="not an http"):
        fetcher().get("file:///etc/passwd")
    with pytest.raises(FetchError, match="too large") as err:
        fetcher(max_bytes=1000).get(f"{news.base}/news/1")
    assert not err.value.transient
    with pytest.raises(FetchError, match="too large once decompressed"):
        fetcher(max_bytes=len(gzip.compress(page("10_mosul_offensive.txt", "معركة الموصل"))) + 10).get(f"{news.base}/news/3")


def test_the_command_prints_a_status_line_per_feed_and_exits_1_when_a_feed_failed(sites, tmp_path, capsys, monkeypatch):
    news, _ = sites
    db = str(tmp_path / "cli.db")
    listed = tmp_path / "feeds.txt"
    listed.write_text(f"# feeds\n{news.base}/atom.xml\n\n{news.base}/broken.xml\n", encoding="utf-8")
    options = ["--db", db, "--per-host-delay", "0", "--timeout", "1"]
    assert main(["watch", "--feeds", str(listed), *options, "--once"]) == 1
    err = capsys.readouterr().err
    assert f"marsad: watch: {news.base}/atom.xml: 4 new, 0 already stored, 0 failed, 0 seen" in err
    assert f"marsad: watch: {news.base}/broken.xml: feed failed: not an RSS or Atom feed" in err
    assert main(["watch", f"{news.base}/atom.xml", *options, "--once"]) == 0
    assert capsys.readouterr().err == f"marsad: watch: {news.base}/atom.xml: not modified (304)\n"
    assert main(["watch", *options, "--once"]) == 2

    polls = []

    def interrupt(seconds):
        polls.append(seconds)
        if len(polls) == 2:
            raise KeyboardInterrupt
    monkeypatch.setattr("marsad.watch.watcher.wait_for_next_poll", interrupt)
    assert main(["watch", f"{news.base}/atom.xml", *options, "--interval", "60"]) == 130
    assert capsys.readouterr().err.endswith(f"not modified (304)\nmarsad: interrupted\n")
    assert len(polls) == 2 and 50 < polls[0] <= 60
    with Store(db) as store:
        assert store.counts()["articles"] == 4
        assert FeedLog(store).feeds()[0]["polls"] == 4


def test_a_store_from_before_the_watcher_gains_its_tables_and_keeps_its_articles(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    for migration in MIGRATIONS[:3]:
        old.executescript(migration)
    old.execute("PRAGMA user_version = 3")
    old.execute("INSERT INTO articles (id, text, data, ingested_at) VALUES ('a1', 'نص', '{}', '2024-01-01')")
    old.commit()
    old.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert FeedLog(store).feeds() == [] and not FeedLog(store).seen("http://example.org/rss", "g1", "http://example.org/1")
        assert store.counts()["articles"] == 1
