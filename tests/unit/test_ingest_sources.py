"""Telling feeds from pages by content, and reading feeds (fixtures in tests/fetch_site/)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from hypothesis import given
from hypothesis import strategies as st

from reader.ingest.errors import FetchError
from reader.ingest.sources import kind_of, parse_feed

SITE = Path(__file__).parents[1] / "support" / "fetch_site"
BASE = "http://press.example"


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b'<?xml version="1.0"?>\n<!-- a comment -->\n<rss version="2.0">', "feed"),
        (
            b'\xef\xbb\xbf<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><feed xmlns="x">',
            "feed",
        ),
        (b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>", "feed"),
        ("<?xml version='1.0' encoding='utf-16'?><rss>".encode("utf-16"), "feed"),
        (b"  <!DOCTYPE html><html><head>", "page"),
        (b"<!doctype HTML>", "page"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', "page"),
        (b"<head><title>x</title>", "page"),
        (b"%PDF-1.7", "other"),
        (b'{"version": "https://jsonfeed.org/version/1.1"}', "other"),
        (b"", "other"),
    ],
)
def test_kind_is_told_by_content(body: bytes, kind: str) -> None:
    assert kind_of(body) == kind


def test_the_fixture_files_are_what_they_say() -> None:
    assert kind_of((SITE / "news/rss.xml").read_bytes()) == "feed"
    assert kind_of((SITE / "press/atom.xml").read_bytes()) == "feed"
    assert kind_of((SITE / "news/knife-arch.html").read_bytes()) == "page"


def test_rss_items_newest_first_with_links_resolved_and_entities_read() -> None:
    feed = parse_feed(
        f"{BASE}/news/rss.xml", f"{BASE}/news/rss.xml", (SITE / "news/rss.xml").read_bytes()
    )
    assert feed.title == "Medway Constabulary – Latest news"
    assert feed.skipped == []
    assert [(i.link, i.guid, i.title, i.published) for i in feed.items] == [
        (
            f"{BASE}/news/knife-arch.html?utm_source=rss",
            "medway-news-1041",
            "Knife arch & wands used at Rochester station",
            datetime(2020, 11, 12, 13, 55, tzinfo=UTC),
        ),
        (
            f"{BASE}/news/flood-warning.html",
            "medway-news-1042",
            "Flood warning for the Medway at Allington Lock",
            datetime(2020, 7, 6, 8, 30, tzinfo=UTC),
        ),
        (
            f"{BASE}/news/lorry-fire.html",
            "medway-news-1039",
            "Road closed after lorry fire on the A2",
            datetime(2020, 3, 3, 17, 5, tzinfo=UTC),
        ),
    ]
    assert feed.items[1].summary == "The river is expected to peak tonight."


def test_atom_entries_with_xml_base_and_html_titles() -> None:
    url = f"{BASE}/press/atom.xml"
    feed = parse_feed(url, url, (SITE / "press/atom.xml").read_bytes())
    assert feed.title == "Swale Fire & Rescue press releases"
    assert [(i.link, i.title, i.published) for i in feed.items] == [
        (
            f"{BASE}/press/mudflats-rescue.html",
            "Crews rescue walker from mudflats at Conyer",
            datetime(2021, 10, 11, 7, 15, tzinfo=UTC),
        ),
        (
            f"{BASE}/press/grass-fires.html",
            "Barbecue warning as grass fires rise",
            datetime(2021, 7, 19, 16, 40, tzinfo=UTC),
        ),
    ]


def test_malformed_xml_is_an_error_naming_the_place() -> None:
    url = f"{BASE}/news/broken.xml"
    with pytest.raises(FetchError) as caught:
        parse_feed(url, url, (SITE / "news/broken.xml").read_bytes())
    assert str(caught.value) == f"{url}: malformed XML: unclosed token at line 8, column 4"


def test_an_undefined_html_entity_is_forgiven() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>News&nbsp;room</title>'
        b"<item><title>Road&nbsp;closed</title><link>/a</link></item></channel></rss>"
    )
    feed = parse_feed("u", f"{BASE}/feed", body)
    assert [(item.title, item.link) for item in feed.items] == [("Road closed", f"{BASE}/a")]


def test_items_without_an_http_link_are_reported_not_fetched() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>No link</title></item>"
        b"<item><title>Mail</title><link>mailto:press@x.example</link></item>"
        b'<item><title>Perma</title><guid isPermaLink="true">https://x.example/p</guid></item>'
        b"</channel></rss>"
    )
    feed = parse_feed("http://x.example/feed", "http://x.example/feed", body)
    assert [item.link for item in feed.items] == ["https://x.example/p"]
    assert [str(error) for error in feed.skipped] == [
        "http://x.example/feed: 'No link' has no http(s) link to its page",
        "http://x.example/feed: 'Mail' has no http(s) link to its page",
    ]


@given(st.binary(max_size=2048))
def test_kind_of_takes_any_bytes(body: bytes) -> None:
    assert kind_of(body) in ("feed", "page", "other")


@given(st.text(max_size=300))
def test_parse_feed_takes_any_feed_text(text: str) -> None:
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        f"<item><title>{text}</title><link>/x</link></item></channel></rss>"
    )
    try:
        feed = parse_feed("u", f"{BASE}/f", body.encode("utf-8", "surrogatepass"))
    except FetchError as error:
        assert error.problem.startswith("malformed XML")
        return
    for item in feed.items:
        assert item.link.startswith(BASE)
        assert item.title is None or ("\n" not in item.title and "\x1b" not in item.title)
