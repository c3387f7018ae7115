"""Article pages to markdown and metadata (fixtures in tests/fetch_site/)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from hypothesis import given
from hypothesis import strategies as st

from reader.ingest.errors import FetchError
from reader.ingest.extract import extract_page

SITE = Path(__file__).parents[1] / "support" / "fetch_site"
BASE = "http://press.example"


def page_of(path: str, url: str | None = None):  # type: ignore[no-untyped-def]
    address = url or f"{BASE}/{path}"
    return extract_page(address, address, (SITE / path).read_bytes())


def test_metadata_comes_from_open_graph_the_canonical_link_and_the_publish_time() -> None:
    page = page_of("news/knife-arch.html", f"{BASE}/news/knife-arch.html?utm_source=rss")
    assert page.url == f"{BASE}/news/knife-arch.html"
    assert page.title == "Knife arch & wands used at Rochester station"
    assert page.site == "Medway Constabulary"
    assert page.published == datetime(2020, 11, 12, 13, 55, tzinfo=UTC)
    assert page.has_time
    # og:description first, then <meta name=description>
    assert page.description == (
        "Officers screened more than 400 passengers at Rochester station & found two blades."
    )
    assert page.image == f"{BASE}/media/og/knife-arch.jpg"
    assert page.og == {
        "locale": "en_GB",
        "type": "article",
        "title": "Knife arch & wands used at Rochester station",
        "url": f"{BASE}/news/knife-arch.html",
    }


def test_the_body_keeps_structure_and_drops_the_boilerplate() -> None:
    body = page_of("news/knife-arch.html").body
    assert body == (
        "Officers screened more than 400 passengers at **Rochester station** on Thursday as part "
        "of a week of action against knife crime.\n"
        "\n"
        "Passengers walked through a knife arch while officers used hand-held wands, and two "
        "blades were handed in to the officers at the station’s entrance.\n"
        "\n"
        "## What officers found\n"
        "\n"
        "- two kitchen knives, handed in voluntarily;\n"
        "- one lock knife, found during a search;\n"
        "- £120 in counterfeit notes.\n"
        "\n"
        "| Day | Passengers screened |\n"
        "|---|---|\n"
        "| Thursday | 412 |\n"
        "| Friday | 388 |\n"
        "\n"
        "Inspector Dana Whitlock, who led the operation, said: 'Most people were glad to see us. "
        "A knife arch at a busy station is a clear message that carrying a blade in Medway is not "
        "normal and not safe.\n"
        "\n"
        "'We will be back at other stations in the coming weeks, without warning.'\n"
        "\n"
        "'If you know someone who carries a knife, tell us, or tell Crimestoppers anonymously,' "
        "Inspector Whitlock added.\n"
        "\n"
        f"You can [report it online]({BASE}/report/online) or call 101."
    )


def test_a_page_in_summer_time_keeps_its_zone() -> None:
    page = page_of("news/flood-warning.html")
    assert page.published == datetime(2020, 7, 6, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert page.og == {"locale": "en_GB"}  # from <html lang="en-GB">


def test_a_page_without_a_date_is_undated() -> None:
    page = page_of("news/lorry-fire.html")
    assert (page.published, page.has_time) == (None, False)
    assert page.body.startswith("The London-bound carriageway of the A2")


def test_a_page_of_navigation_only_has_no_text_and_names_its_feed() -> None:
    with pytest.raises(FetchError) as caught:
        page_of("news/nav-only.html")
    assert caught.value.problem == f"no article text on the page (its feed is {BASE}/news/rss.xml)"


@pytest.mark.parametrize(
    ("canonical", "expected"),
    [
        # Another site's URL would let a page take over another article's file and marks.
        ("https://other.example/news/big-story", f"{BASE}/a?x=1"),
        ("http://www.press.example/news/fire", "http://www.press.example/news/fire"),
        ("/news/fire", f"{BASE}/news/fire"),
        ("javascript:alert(1)", f"{BASE}/a?x=1"),
    ],
)
def test_a_canonical_url_is_believed_only_on_the_same_site(canonical: str, expected: str) -> None:
    link = f'<head><link rel="canonical" href="{canonical}">'.encode()
    html = (SITE / "news/lorry-fire.html").read_bytes().replace(b"<head>", link)
    assert extract_page(f"{BASE}/a?x=1", f"{BASE}/a?x=1", html).url == expected


def test_control_characters_in_a_page_do_not_reach_the_article() -> None:
    html = (
        (SITE / "news/lorry-fire.html")
        .read_bytes()
        .replace(b"Nobody was hurt.", b"Nobody \x1b]52;c;aGk=\x07was \x1b[31mhurt.")
    )
    body = extract_page(f"{BASE}/a", f"{BASE}/a", html).body
    assert "Nobody" in body and "hurt." in body
    assert not any(char in body for char in "\x1b\x07\x9b\x9d")


@given(st.text(max_size=500))
def test_any_page_text_is_an_article_or_a_clear_error(text: str) -> None:
    html = (
        f"<html><head><title>{text[:40]}</title></head>"
        f"<body><article><p>{text}</p></article></body></html>"
    )
    try:
        page = extract_page(f"{BASE}/a", f"{BASE}/a", html.encode("utf-8", "surrogatepass"))
    except FetchError as error:
        assert error.problem in ("no article text on the page", "not an HTML page that can be read")
        return
    assert page.body.strip()
    assert "\x1b" not in page.body
