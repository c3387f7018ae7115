"""An article copied whole: its headline, its markdown body and the line saying where it is
from, cleaned of what a terminal or an editor would act on."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reader.articles.model import Article
from reader.quotes.citation import article_markdown, source_line


def story(**fields: object) -> Article:
    values: dict[str, object] = {
        "path": Path("/feed/a.md"),
        "title": "Knife arch at Ramsgate station",
        "body": "Officers set up a **knife arch**.\n\n- One\n- Two\n",
        "identity": "id",
        "site": "Kent Police",
        "url": "https://www.kent.police.uk/news/arch/",
        "published": datetime(2020, 11, 12, 13, 55),
    }
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


def test_the_article_is_its_headline_body_and_source_line() -> None:
    assert article_markdown(story()) == (
        "# Knife arch at Ramsgate station\n\n"
        "Officers set up a **knife arch**.\n\n- One\n- Two\n\n"
        "Source: “Knife arch at Ramsgate station”, Kent Police, 12 November 2020. "
        "https://www.kent.police.uk/news/arch/\n"
    )


def test_the_source_line_leaves_out_what_the_article_lacks() -> None:
    bare = story(site=None, url=None, published=None)
    assert source_line(bare) == "Source: “Knife arch at Ramsgate station”."


def test_escape_sequences_never_reach_the_clipboard() -> None:
    hostile = story(title="Arch\x1b]52;c;cHduZWQ=\x07 news", body="Text\x1b[2J here.\r\n")
    copied = article_markdown(hostile)
    assert "\x1b" not in copied and "\r" not in copied
    assert copied.startswith("# Arch news\n\nText here.\n\nSource: “Arch news”")


@given(st.text(), st.text())
def test_no_control_character_is_copied(title: str, body: str) -> None:
    copied = article_markdown(story(title=title, body=body))
    assert not any(ord(char) < 32 and char not in "\n\t" for char in copied)
    assert copied.endswith("\n")
    assert copied.splitlines()[-1].startswith("Source: “")
