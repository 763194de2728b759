"""HTTP for the watcher, with the standard library: polite (robots.txt, a delay between two requests to one
host), patient (bounded retries with exponential backoff on 5xx, 429, timeouts and connection errors),
bounded (a size limit, also after gzip) and conditional (ETag and Last-Modified)."""
from __future__ import annotations

import http.client
import logging
import time
import urllib.request
import zlib
from dataclasses import dataclass
from email.message import Message
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from marsad import __version__
from marsad.ingest.decode import MAX_DOCUMENT_BYTES, too_large

log = logging.getLogger(__name__)

USER_AGENT = f"marsad/{__version__} (Arabic news monitor; feed watcher)"
# How long a host's robots.txt is trusted before it is read again.
ROBOTS_TTL_S = 24 * 3600.0
# The longest Retry-After a retry waits for; a host asking for more is tried again at the next poll.
MAX_RETRY_AFTER_S = 60.0


@dataclass(slots=True)
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 for a conditional request whose answer has not changed
    headers: Message
    body: bytes


class FetchError(Exception):
    """A request that failed, with a one-line reason. `transient` when a later attempt may succeed
    (5xx, 429, a timeout, a connection error); `status` the HTTP status when there was one."""

    def __init__(self, url: str, reason: str, transient: bool, status: int | None = None, retry_after: float = 0.0):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.transient, self.status, self.retry_after = url, reason, transient, status, retry_after


def _opener() -> urllib.request.OpenerDirector:
    """An opener for http and https only (no file:, ftp: or data: URLs from a feed), following redirects."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(), urllib.request.HTTPSHandler(),
                    urllib.request.HTTPRedirectHandler(), urllib.request.HTTPDefaultErrorHandler(),
                    urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def _retry_after(headers: Message | None) -> float:
    value = (headers.get("Retry-After") or "").strip() if headers is not None else ""
    return min(float(value), MAX_RETRY_AFTER_S) if value.isdigit() else 0.0


class Fetcher:
    """GET with timeouts, retries, a per-host delay, a body size limit and robots.txt rules cached per host."""

    def __init__(self, user_agent: str = USER_AGENT, timeout: float = 30.0, per_host_delay: float = 2.0,
                 attempts: int = 3, backoff: float = 1.0, max_bytes: int = MAX_DOCUMENT_BYTES):
        self.user_agent, self.timeout, self.per_host_delay = user_agent, timeout, per_host_delay
        self.attempts, self.backoff, self.max_bytes = attempts, backoff, max_bytes
        self._opener = _opener()
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, tuple[RobotFileParser, float]] = {}

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """The response (200, or 304 when `etag`/`last_modified` still hold); FetchError otherwise, after
        up to `attempts` tries with exponential backoff for transient failures."""
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
            raise FetchError(url, "not an http(s) URL", transient=False)
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 1
        while True:
            try:
                return self._once(url, headers)
            except FetchError as err:
                if not err.transient or attempt >= self.attempts:
                    raise
                wait = max(self.backoff * 2 ** (attempt - 1), err.retry_after)
                attempt += 1
                log.debug("%s; try %d of %d in %.2f s", err, attempt, self.attempts, wait)
                time.sleep(wait)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets this user agent fetch `url` (FetchError when robots.txt cannot be read
        for now: a 5xx or an unreachable host, and then nothing is fetched there)."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(root)
        if cached is None or time.monotonic() - cached[1] > ROBOTS_TTL_S:
            cached = self._robots[root] = (self._read_robots(root), time.monotonic())
        return cached[0].can_fetch(self.user_agent, url)

    def _read_robots(self, root: str) -> RobotFileParser:
        rules = RobotFileParser(f"{root}/robots.txt")
        try:
            response = self.get(f"{root}/robots.txt")
        except FetchError as err:
            if err.status in (401, 403):
                rules.disallow_all = True
            elif err.status and 400 <= err.status < 500:
                rules.allow_all = True  # no robots.txt: no rules
            else:
                raise FetchError(err.url, f"robots.txt cannot be read ({err.reason})", transient=True) from None
        else:
            rules.parse(response.body.decode("utf-8", "replace").splitlines())
        rules.modified()
        return rules

    def _once(self, url: str, headers: dict[str, str]) -> Response:
        host = urlsplit(url).netloc.lower()
        wait = self._last_request.get(host, -float("inf")) + self.per_host_delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            request = urllib.request.Request(url, headers=headers)
            with self._opener.open(request, timeout=self.timeout) as response:
                return Response(response.geturl(), response.status, response.headers, self._body(url, response))
        except HTTPError as err:
            err.close()
            if err.code == 304:
                return Response(url, 304, err.headers, b"")
            transient = err.code >= 500 or err.code == 429
            raise FetchError(url, f"HTTP {err.code} {err.reason}", transient, err.code, _retry_after(err.headers)) from None
        except TimeoutError:
            raise FetchError(url, f"timed out after {self.timeout:g} s", transient=True) from None
        except URLError as err:
            if isinstance(err.reason, TimeoutError):
                raise FetchError(url, f"timed out after {self.timeout:g} s", transient=True) from None
            raise FetchError(url, f"cannot connect ({err.reason})", transient=True) from None
        except (http.client.HTTPException, OSError) as err:
            raise FetchError(url, f"connection failed ({type(err).__name__}: {err})", transient=True) from None
        finally:
            self._last_request[host] = time.monotonic()

    def _body(self, url: str, response) -> bytes:
        """The body, at most `max_bytes` once decompressed."""
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(url, too_large(int(declared), self.max_bytes), transient=False)
        data = response.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise FetchError(url, too_large(len(data), self.max_bytes), transient=False)
        if response.headers.get("Content-Encoding", "").strip().lower() in ("gzip", "x-gzip"):
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            try:
                data = inflater.decompress(data, self.max_bytes + 1)
            except zlib.error as err:
                raise FetchError(url, f"broken gzip body ({err})", transient=False) from None
            if len(data) > self.max_bytes or inflater.unconsumed_tail:
                raise FetchError(url, f"too large once decompressed (the limit is {self.max_bytes / 2**20:.0f} MiB)",
                                 transient=False)
        return data
