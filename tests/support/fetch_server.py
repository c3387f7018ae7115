"""A press office on 127.0.0.1 for the fetch tests: the feeds and pages in `fetch_site/`.

Written by the team for these tests (no real site's text). Besides the files it serves a few
misbehaviours, by path:

    /to-ftp            a redirect to an ftp:// URL
    /fail              HTTP 500, every time
    /flaky/PATH        HTTP 503 the first time, then PATH
    /bomb              a gzip bomb: a few KB that inflate to 64 MB
    /stall/PATH        PATH, once `release` is set (at most STALL_SECONDS later)
    /no-etag/PATH      PATH without ETag or Last-Modified
    /plain.txt         a text file, neither a feed nor a page

`robots_status` makes /robots.txt answer with that status instead.
Every file gets an ETag and answers a matching If-None-Match with 304. `pages` overrides or adds
paths (a test changes a page that way). `requests` logs each request's path and headers.
The server binds 127.0.0.1 only, on a free port, and stops when the test ends.
"""

from __future__ import annotations

import gzip
import hashlib
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SITE = Path(__file__).parent / "fetch_site"
STALL_SECONDS = 20.0
LAST_MODIFIED = "Thu, 12 Nov 2020 14:00:00 GMT"
_TYPES = {".xml": "application/rss+xml", ".html": "text/html; charset=utf-8", ".txt": "text/plain"}


def _bomb() -> bytes:
    return gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)


@dataclass
class Site:
    base: str = ""
    pages: dict[str, bytes] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    stalled: threading.Event = field(default_factory=threading.Event)
    flaky_seen: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    bomb: bytes = b""
    robots_status: int | None = None  # set: /robots.txt answers with this status

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def paths(self) -> list[str]:
        with self.lock:
            return [path for path, _headers in self.requests]

    def headers_of(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [headers for seen, headers in self.requests if seen == path]

    def content(self, path: str) -> bytes | None:
        if path in self.pages:
            return self.pages[path]
        file = (SITE / path.lstrip("/")).resolve()
        if file.is_relative_to(SITE) and file.is_file():
            return file.read_bytes()
        return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # no test socket lives longer
    site: Site  # set on the subclass each server makes

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        site = self.site
        path = self.path.split("?", 1)[0]
        with site.lock:
            site.requests.append(
                (path, {key.lower(): value for key, value in self.headers.items()})
            )
        if path == "/robots.txt" and site.robots_status is not None:
            self._send(site.robots_status, b"")
        elif path == "/to-ftp":
            self._send(302, b"", {"Location": "ftp://127.0.0.1/pub/release.txt"})
        elif path == "/fail":
            self._send(500, b"oops")
        elif path == "/bomb":
            self._send(200, site.bomb, {"Content-Type": "text/html", "Content-Encoding": "gzip"})
        elif path.startswith("/flaky/"):
            inner = path.removeprefix("/flaky")
            with site.lock:
                first = inner not in site.flaky_seen
                site.flaky_seen.add(inner)
            if first:
                self._send(503, b"busy", {"Retry-After": "0"})
            else:
                self._file(inner, validators=True)
        elif path.startswith("/stall/"):
            site.stalled.set()
            site.release.wait(STALL_SECONDS)
            self._file(path.removeprefix("/stall"), validators=True)
        elif path.startswith("/no-etag/"):
            self._file(path.removeprefix("/no-etag"), validators=False)
        else:
            self._file(path, validators=True)

    def _file(self, path: str, *, validators: bool) -> None:
        body = self.site.content(path)
        if body is None:
            self._send(404, b"not found")
            return
        content_type = _TYPES.get(Path(path).suffix, "application/octet-stream")
        headers = {"Content-Type": content_type}
        if validators:
            etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
            headers |= {"ETag": etag, "Last-Modified": LAST_MODIFIED}
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", headers)
                return
        self._send(200, body, headers)

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up early (a fetch that gave up, a retry) is not a server fault: the
    default handler prints a traceback to stderr, where the tests read the CLI's own errors."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def serve(*, with_bomb: bool = False) -> Iterator[Site]:
    site = Site(bomb=_bomb() if with_bomb else b"")
    handler = type("Handler", (_Handler,), {"site": site})
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield site
    finally:
        site.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
