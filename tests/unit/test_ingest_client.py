"""The HTTP client's manners, against fetch_server.py on 127.0.0.1."""

from __future__ import annotations

import gzip
import socket
import zlib
from collections.abc import Iterator
from typing import NoReturn

import pytest
from support.fetch_server import Site, serve

from reader import __version__
from reader.ingest.client import HttpClient, Politeness, Validators, decompress
from reader.ingest.errors import FetchError

QUICK = Politeness(connect_timeout=2, read_timeout=5, deadline=10, backoff=0.01, retries=2)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(with_bomb=True) as running:
        yield running


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with HttpClient(QUICK) as running:
        yield running


def problem(client: HttpClient, url: str) -> str:
    with pytest.raises(FetchError) as caught:
        client.get(url)
    assert caught.value.url == url
    return caught.value.problem


def test_the_user_agent_names_pressreader_and_its_version(site: Site, client: HttpClient) -> None:
    response = client.get(site.url("/news/rss.xml"))
    assert response.status == 200
    assert response.content_type == "application/rss+xml"
    assert [headers["user-agent"] for _path, headers in site.requests] == [
        f"pressreader/{__version__}"
    ] * 2  # robots.txt, then the feed
    assert site.paths() == ["/robots.txt", "/news/rss.xml"]


def test_robots_txt_is_read_once_per_site(site: Site, client: HttpClient) -> None:
    client.get(site.url("/news/rss.xml"))
    client.get(site.url("/press/atom.xml"))
    assert site.paths().count("/robots.txt") == 1


def test_robots_txt_disallow_is_honoured_for_our_agent_only(site: Site, client: HttpClient) -> None:
    assert problem(client, site.url("/private/secret.html")) == (
        "the site's robots.txt does not allow pressreader there"
    )
    assert "/private/secret.html" not in site.paths()
    # `User-agent: *` disallows /admin/, but pressreader has its own group, which allows it.
    site.pages["/admin/page.html"] = b"<html><body><p>ok</p></body></html>"
    assert client.get(site.url("/admin/page.html")).status == 200


def test_a_robots_txt_that_answers_5xx_means_fetch_nothing(site: Site, client: HttpClient) -> None:
    site.robots_status = 503
    assert problem(client, site.url("/news/rss.xml")) == (
        "its robots.txt answered HTTP 503, which means fetch nothing for now (RFC 9309)"
    )
    assert "/news/rss.xml" not in site.paths()


def test_a_missing_robots_txt_allows_everything(site: Site, client: HttpClient) -> None:
    site.robots_status = 404
    assert client.get(site.url("/private/secret.html")).status == 200


def test_etag_and_last_modified_make_a_conditional_get(site: Site, client: HttpClient) -> None:
    url = site.url("/news/rss.xml")
    first = client.get(url)
    assert first.validators.etag and first.validators.last_modified
    second = client.get(url, first.validators)
    assert second.not_modified and second.body == b""
    sent = site.headers_of("/news/rss.xml")[1]
    assert sent["if-none-match"] == first.validators.etag
    assert sent["if-modified-since"] == first.validators.last_modified
    changed = Validators(etag='"something-else"')
    assert client.get(url, changed).status == 200


def test_transient_failures_are_retried_a_bounded_number_of_times(
    site: Site, client: HttpClient
) -> None:
    assert client.get(site.url("/flaky/news/rss.xml")).status == 200
    assert site.paths().count("/flaky/news/rss.xml") == 2
    assert problem(client, site.url("/fail")) == "HTTP 500 Internal Server Error"
    assert site.paths().count("/fail") == 1 + QUICK.retries


def test_backoff_doubles_between_tries(site: Site) -> None:
    waits: list[float] = []
    with HttpClient(QUICK, sleep=waits.append) as client, pytest.raises(FetchError):
        client.get(site.url("/fail"))
    assert waits == [QUICK.backoff, QUICK.backoff * 2]


def test_a_gzip_bomb_is_refused(site: Site, client: HttpClient) -> None:
    assert len(site.bomb) < 200_000
    assert problem(client, site.url("/bomb")) == (
        "compressed response expands to more than the 5.0 MB cap (a decompression bomb?); refused"
    )


def test_a_body_over_the_cap_is_refused_by_its_length(site: Site, client: HttpClient) -> None:
    site.pages["/huge.html"] = b"<html>" + b"x" * (5 * 1024 * 1024)
    assert problem(client, site.url("/huge.html")) == "response is 5.0 MB, over the 5.0 MB cap"


def test_a_redirect_to_another_scheme_is_refused(site: Site, client: HttpClient) -> None:
    assert problem(client, site.url("/to-ftp")) == (
        "redirected to a non-http(s) URL (ftp://127.0.0.1/pub/release.txt)"
    )


def test_only_http_urls_are_fetched(client: HttpClient) -> None:
    for url in ("file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "http://"):
        assert problem(client, url) == "not an http(s) URL"


def test_an_unreachable_host_is_reported_after_its_retries(client: HttpClient) -> None:
    assert problem(client, "http://127.0.0.1:9/") == (
        "cannot reach the host 127.0.0.1: connection refused"
    )


def test_a_name_that_does_not_resolve_is_reported(
    client: HttpClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_such_name(*_args: object, **_kwargs: object) -> NoReturn:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)  # no lookup leaves the machine
    assert problem(client, "http://press-office.invalid/feed") == (
        "cannot reach the host press-office.invalid: its name does not resolve"
    )


def test_decompress_undoes_gzip_deflate_and_raw_deflate() -> None:
    text = b"<rss>" + b"news " * 1000 + b"</rss>"
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw_deflate = raw.compress(text) + raw.flush()
    assert decompress("u", gzip.compress(text), ["gzip"], 10_000) == text
    assert decompress("u", zlib.compress(text), ["deflate"], 10_000) == text
    assert decompress("u", raw_deflate, ["deflate"], 10_000) == text
    two_members = gzip.compress(text[:100]) + gzip.compress(text[100:])
    assert decompress("u", two_members, ["gzip"], 10_000) == text
    assert decompress("u", gzip.compress(gzip.compress(text)), ["gzip", "gzip"], 10_000) == text


@pytest.mark.parametrize(
    ("data", "encodings", "message"),
    [
        (gzip.compress(b"x" * 20_000, mtime=0), ["gzip"], "expands to more than"),
        (gzip.compress(b"x" * 100, mtime=0)[:-12], ["gzip"], "cut short"),
        (b"not gzip at all", ["gzip"], "corrupt"),
        (b"whatever", ["br"], "unsupported Content-Encoding 'br'"),
    ],
    ids=["bomb", "truncated", "corrupt", "brotli"],
)
def test_decompress_refuses_bombs_and_broken_data(
    data: bytes, encodings: list[str], message: str
) -> None:
    with pytest.raises(FetchError, match=message):
        decompress("u", data, encodings, 10_000)
