"""HTTP for fetching feeds and pages, with the manners of a good citizen of the web.

- robots.txt is read once per site and obeyed (RFC 9309: a robots.txt that answers 5xx means
  "fetch nothing" until it answers);
- conditional GET: the caller passes the ETag and Last-Modified it remembers, and a 304 comes
  back as `Response.not_modified`;
- timeouts to connect and for each read, and a deadline for the whole response, so a server that
  trickles bytes cannot hold a fetch for ever;
- bounded retries with exponential backoff, for connection failures and 429/5xx (a Retry-After
  header is honoured up to a cap);
- at most `per_host` requests to one host at once;
- a User-Agent naming pressreader and its version;
- the body capped at the parser's file cap, before and after decompression, so a gzip or deflate
  bomb is refused instead of filling memory.

Every failure is a `FetchError` whose message names the URL and says what went wrong.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    LocationParseError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from reader import __version__
from reader.articles.parse import DEFAULT_MAX_BYTES
from reader.ingest.errors import FetchError

ROBOTS_AGENT = "pressreader"
USER_AGENT = f"pressreader/{__version__}"
HTTP_SCHEMES = frozenset({"http", "https"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_CHUNK = 1 << 16
_ROBOTS_MAX_BYTES = 512 * 1024  # what RFC 9309 asks a crawler to read at least


@dataclass(frozen=True, slots=True)
class Politeness:
    """How patient and how modest the client is; tests shorten the waits."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 120.0  # seconds for one whole response, however it trickles in
    retries: int = 2  # further tries after the first, for transient failures
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    max_retry_after: float = 30.0  # a longer Retry-After is not waited for
    per_host: int = 2  # requests to one host at once
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said to recognise its response next time (for a conditional GET)."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True, slots=True)
class Response:
    """A successful GET (200), or a 304 for a conditional one."""

    url: str  # where it came from, after any redirects
    status: int
    content_type: str  # the media type, lowercase, without parameters ("" when not given)
    body: bytes
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == HTTPStatus.NOT_MODIFIED


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes


class _Transient(Exception):
    """A failure worth another try; `retry_after` is the server's wish, if it said one."""

    def __init__(
        self, problem: str, retry_after: float | None = None, status: int | None = None
    ) -> None:
        super().__init__(problem)
        self.problem = problem
        self.retry_after = retry_after
        self.status = status


@dataclass(slots=True)
class _Sites:
    """Per-host request slots and per-site robots.txt rules, shared by every thread."""

    per_host: int
    lock: threading.Lock = field(default_factory=threading.Lock)
    slots: dict[str, threading.BoundedSemaphore] = field(default_factory=dict)
    robots: dict[str, RobotFileParser | FetchError] = field(default_factory=dict)
    robots_locks: dict[str, threading.Lock] = field(default_factory=dict)

    def slot(self, host: str) -> threading.BoundedSemaphore:
        with self.lock:
            return self.slots.setdefault(host, threading.BoundedSemaphore(self.per_host))

    def robots_lock(self, origin: str) -> threading.Lock:
        with self.lock:
            return self.robots_locks.setdefault(origin, threading.Lock())


class HttpClient:
    """GETs with manners; safe to share between threads. Close it when done."""

    def __init__(
        self,
        politeness: Politeness | None = None,
        *,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.politeness = politeness or Politeness()
        self.user_agent = user_agent
        self._sleep = sleep
        self._sites = _Sites(self.politeness.per_host)
        self._pool = urllib3.PoolManager(
            num_pools=32,
            maxsize=self.politeness.per_host,
            retries=False,
            timeout=urllib3.Timeout(
                connect=self.politeness.connect_timeout, read=self.politeness.read_timeout
            ),
        )

    def close(self) -> None:
        self._pool.clear()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def get(self, url: str, validators: Validators | None = None) -> Response:
        """GET `url`, following redirects to http(s) URLs only; raise `FetchError` on failure."""
        if urlsplit(url).scheme.lower() not in HTTP_SCHEMES or not urlsplit(url).hostname:
            raise FetchError(url, "not an http(s) URL")
        headers = (validators or Validators()).headers()
        answer, final = self._follow(url, headers, obey_robots=True)
        if answer.status == HTTPStatus.NOT_MODIFIED and headers:
            return Response(final, answer.status, "", b"", validators or Validators())
        if answer.status != HTTPStatus.OK:
            raise FetchError(url, _status_problem(answer.status, url, final))
        content_type = answer.headers.get("Content-Type", "").split(";")[0].strip().lower()
        seen = Validators(answer.headers.get("ETag"), answer.headers.get("Last-Modified"))
        return Response(final, answer.status, content_type, answer.body, seen)

    # --- redirects and robots --------------------------------------------------------------

    def _follow(
        self, url: str, headers: dict[str, str], *, obey_robots: bool, max_bytes: int = 0
    ) -> tuple[_Answer, str]:
        current = url
        for _hop in range(self.politeness.max_redirects + 1):
            if obey_robots:
                self._check_robots(url, current)
            answer = self._with_retries(url, current, headers, max_bytes)
            if answer.status not in _REDIRECTS:
                return answer, current
            location = answer.headers.get("Location")
            if not location:
                raise FetchError(url, f"HTTP {answer.status} redirect without a Location")
            current = urljoin(current, location.strip())
            scheme = urlsplit(current).scheme.lower()
            if scheme not in HTTP_SCHEMES:
                raise FetchError(url, f"redirected to a non-http(s) URL ({_shown(current)})")
        raise FetchError(url, f"more than {self.politeness.max_redirects} redirects")

    def _check_robots(self, url: str, current: str) -> None:
        parts = urlsplit(current)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._sites.robots_lock(origin):
            rules = self._sites.robots.get(origin)
            if rules is None:
                rules = self._read_robots(origin)
                self._sites.robots[origin] = rules
        if isinstance(rules, FetchError):
            raise FetchError(url, rules.problem)
        if not rules.can_fetch(ROBOTS_AGENT, current):
            raise FetchError(url, f"the site's robots.txt does not allow {ROBOTS_AGENT} there")

    def _read_robots(self, origin: str) -> RobotFileParser | FetchError:
        robots_url = f"{origin}/robots.txt"
        rules = RobotFileParser(robots_url)
        try:
            answer, _final = self._follow(
                robots_url, {}, obey_robots=False, max_bytes=_ROBOTS_MAX_BYTES
            )
        except FetchError as error:
            if error.status is not None and error.status >= HTTPStatus.INTERNAL_SERVER_ERROR:
                return FetchError(
                    robots_url,
                    f"its robots.txt answered HTTP {error.status}, which means fetch nothing "
                    "for now (RFC 9309)",
                )
            if error.problem.startswith("cannot reach"):
                return FetchError(robots_url, error.problem)
            rules.parse([])  # robots.txt too big or broken: RFC 9309 reads what it can; we allow
            return rules
        lines = answer.body.decode("utf-8", "replace").splitlines() if answer.status == 200 else []
        rules.parse(lines)  # 4xx: no robots.txt, everything allowed
        return rules

    # --- one request, tried a bounded number of times ---------------------------------------

    def _with_retries(
        self, url: str, current: str, headers: dict[str, str], max_bytes: int
    ) -> _Answer:
        politeness = self.politeness
        for attempt in range(politeness.retries + 1):
            try:
                return self._request(url, current, headers, max_bytes or politeness.max_bytes)
            except _Transient as failure:
                wait = politeness.backoff * 2**attempt
                if failure.retry_after is not None:
                    wait = max(wait, failure.retry_after)
                if attempt == politeness.retries or wait > politeness.max_retry_after:
                    raise FetchError(url, failure.problem, status=failure.status) from None
                self._sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _request(self, url: str, current: str, headers: dict[str, str], max_bytes: int) -> _Answer:
        host = (urlsplit(current).hostname or "").lower()
        request_headers = {
            "User-Agent": self.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
            "text/html;q=0.9, */*;q=0.5",
            **headers,
        }
        with self._slot(host):
            try:
                response = self._pool.request(
                    "GET",
                    current,
                    headers=request_headers,
                    redirect=False,
                    preload_content=False,
                    decode_content=False,
                )
            except (HTTPError, LocationParseError, ValueError) as error:
                raise _connection_failure(url, host, error) from None
            try:
                return self._answer(url, response, max_bytes)
            finally:
                response.release_conn()

    @contextmanager
    def _slot(self, host: str) -> Iterator[None]:
        slot = self._sites.slot(host)
        with slot:
            yield

    def _answer(self, url: str, response: urllib3.BaseHTTPResponse, max_bytes: int) -> _Answer:
        status = response.status
        headers = dict(response.headers.items())
        if status in _RETRY_STATUSES:
            response.close()  # an error page is not worth downloading
            retry_after = _retry_after(headers.get("Retry-After"))
            raise _Transient(_status_problem(status), retry_after, status)
        if status != HTTPStatus.OK:
            response.close()
            return _Answer(status, headers, b"")
        raw = self._read_capped(url, response, max_bytes)
        encodings = [
            word.strip().lower()
            for word in headers.get("Content-Encoding", "").split(",")
            if word.strip() and word.strip().lower() != "identity"
        ]
        return _Answer(status, headers, decompress(url, raw, encodings, max_bytes))

    def _read_capped(self, url: str, response: urllib3.BaseHTTPResponse, max_bytes: int) -> bytes:
        length = response.headers.get("Content-Length", "")
        if length.strip().isdigit() and int(length) > max_bytes:
            response.close()
            raise FetchError(url, f"response is {_megabytes(int(length))}, {_over(max_bytes)}")
        deadline = time.monotonic() + self.politeness.deadline
        chunks: list[bytes] = []
        size = 0
        try:
            while chunk := response.read1(_CHUNK, decode_content=False):
                size += len(chunk)
                if size > max_bytes:
                    response.close()
                    raise FetchError(url, f"response is {_over(max_bytes)}")
                if time.monotonic() > deadline:
                    response.close()
                    raise FetchError(
                        url, f"took over {self.politeness.deadline:g} s to download; gave up"
                    )
                chunks.append(chunk)
        except ReadTimeoutError:
            raise _Transient(f"no answer within {self.politeness.read_timeout:g} s") from None
        except ProtocolError as error:
            raise _Transient(f"the connection broke while reading ({error})") from None
        return b"".join(chunks)


def decompress(url: str, data: bytes, encodings: list[str], max_bytes: int) -> bytes:
    """Undo the Content-Encodings (last applied first), never producing more than `max_bytes`."""
    for encoding in reversed(encodings):
        if encoding in ("gzip", "x-gzip"):
            data = _inflate(url, data, zlib.MAX_WBITS | 16, max_bytes)
        elif encoding == "deflate":
            # "deflate" is meant to be zlib-wrapped, but some servers send it raw.
            try:
                data = _inflate(url, data, zlib.MAX_WBITS, max_bytes)
            except zlib.error:
                data = _inflate(url, data, -zlib.MAX_WBITS, max_bytes)
        else:
            raise FetchError(url, f"unsupported Content-Encoding {encoding!r}")
    return data


def _inflate(url: str, data: bytes, wbits: int, max_bytes: int) -> bytes:
    output = bytearray()
    rest = data
    while rest:  # gzip allows several members, one after another
        inflater = zlib.decompressobj(wbits)
        try:
            output += inflater.decompress(rest, max_bytes + 1 - len(output))
            if len(output) <= max_bytes and not inflater.unconsumed_tail:
                output += inflater.flush()
        except zlib.error:
            if wbits == zlib.MAX_WBITS and not output:
                raise  # not zlib-wrapped: the caller tries raw deflate
            raise FetchError(url, "compressed response is corrupt") from None
        if len(output) > max_bytes or inflater.unconsumed_tail:
            raise FetchError(
                url,
                f"compressed response expands to more than the {_megabytes(max_bytes)} cap "
                "(a decompression bomb?); refused",
            )
        if not inflater.eof:
            raise FetchError(url, "compressed response is cut short")
        rest = inflater.unused_data if wbits & 16 else b""
    return bytes(output)


def _connection_failure(url: str, host: str, error: Exception) -> Exception:
    if isinstance(error, NameResolutionError):
        return FetchError(url, f"cannot reach the host {host}: its name does not resolve")
    if isinstance(error, SSLError):
        return FetchError(url, f"TLS failed with {host}: {error}")
    if isinstance(error, ConnectTimeoutError) and not isinstance(error, NewConnectionError):
        return _Transient(f"cannot reach the host {host}: timed out connecting")
    if isinstance(error, NewConnectionError):
        reason = "connection refused" if "refused" in str(error).lower() else "no connection"
        return _Transient(f"cannot reach the host {host}: {reason}")
    if isinstance(error, ReadTimeoutError):
        return _Transient("no answer in time (timed out)")
    if isinstance(error, ProtocolError | HTTPError):
        return _Transient(f"the connection to {host} broke ({error})")
    return FetchError(url, f"not a usable URL ({error})")


def _status_problem(status: int, url: str = "", final: str = "") -> str:
    try:
        phrase = f" {HTTPStatus(status).phrase}"
    except ValueError:
        phrase = ""
    redirected = f" (after a redirect to {_shown(final)})" if final and final != url else ""
    return f"HTTP {status}{phrase}{redirected}"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def _shown(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[:limit] + "…"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _over(max_bytes: int) -> str:
    return f"over the {_megabytes(max_bytes)} cap"
