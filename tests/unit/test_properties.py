"""Property tests: whatever bytes, text or values come in, the parser, the date reader and the
text cleaner return their own kinds of result and never raise.

Profiles (see hypothesis_profiles.py): quick by default; `HYPOTHESIS_PROFILE=long` for 10,000+
examples a property.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from hypothesis import given
from hypothesis import strategies as st
from support.terminal_safety import terminal_unsafe

from reader.articles.dates import parse_date, states_time
from reader.articles.model import Article, LoadError
from reader.articles.parse import parse_bytes, parse_text
from reader.articles.sanitize import clean_line, clean_text

PATH = Path("property.md")

# Pieces that steer generated text towards what the parser and the cleaner special-case.
TRICKY = [
    "\x1b[31m",
    "\x1b]0;t\x07",
    "\x1b]52;c;",
    "\x1b\\",
    "\x1b",
    "\x9b",
    "\x9d",
    "\x9c",
    "\x85",
    "\u2028",
    "\u2029",
    "\x0b",
    "\x0c",
    "\x1c",
    "\u202e",
    "\u2066",
    "\u200f",
    "\u200b",
    "\ufeff",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\x00",
    "```",
    "```yaml\n",
    "~~~yml\n",
    "---\n",
    "...\n",
    "# ",
    "## ",
    "> ",
    "- ",
    "1. ",
    "|",
    "&a ",
    "*a",
    "<<: ",
    "!!binary ",
    "!!timestamp ",
    "!!python/object ",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "'",
    '"',
    "&amp;",
    "&#27;",
    " | ",
    "13:55 12/11/2020",
    "2020-02-30",
    "\\e",
]
tricky_text = st.lists(st.one_of(st.text(max_size=20), st.sampled_from(TRICKY)), max_size=40).map(
    "".join
)

KEYS = ["title", "url", "area", "site", "publish", "published", "date", "og", "og:image", "tags"]
scalar = st.one_of(
    tricky_text,
    st.sampled_from(["13:55 12/11/2020", "2020-11-12", "null", "~", "yes", ".nan", "0x1F", "1e9"]),
    st.integers().map(str),
)


@st.composite
def yaml_block(draw: st.DrawFn) -> str:
    """Lines that are mostly `key: value`, with nesting, lists, anchors and aliases mixed in."""
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        key = draw(st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=8)))
        indent = "  " * draw(st.integers(0, 3))
        form = draw(st.sampled_from(["plain", "quoted", "list", "anchor", "alias", "nested"]))
        value = draw(scalar)
        lines.append(
            {
                "plain": f"{indent}{key}: {value}",
                "quoted": f'{indent}{key}: "{value}"',
                "list": f"{indent}- {value}",
                "anchor": f"{indent}{key}: &{key[:3]} [{value}, {value}]",
                "alias": f"{indent}{key}: [*{key[:3]}, *{key[:3]}]",
                "nested": f"{indent}{key}:\n{indent}  date: {value}",
            }[form]
        )
    return "\n".join(lines)


@st.composite
def near_valid_article(draw: st.DrawFn) -> bytes:
    """A header (fenced, front matter, or none; sometimes unclosed) and a markdown-ish body, with
    any line ending, an optional BOM, and now and then a wrong encoding."""
    block = draw(yaml_block())
    opening, closing = draw(
        st.sampled_from(
            [("```yaml\n", "\n```\n"), ("---\n", "\n---\n"), ("", ""), ("```yaml\n", "")]
        )
    )
    body = draw(tricky_text)
    text = opening + block + closing + "\n" + body
    text = text.replace("\n", draw(st.sampled_from(["\n", "\r\n", "\r"])))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    return (codecs.BOM_UTF8 if draw(st.booleans()) and encoding == "utf-8" else b"") + data


def assert_parsed_safely(result: Article | LoadError) -> None:
    """A result of the parser's own kinds, whose text fields are safe to show."""
    assert isinstance(result, Article | LoadError)
    if isinstance(result, LoadError):
        assert result.reason
        return
    fields = [result.title, result.body, result.site, result.area, result.url]
    fields += [result.published_raw, *result.og.values(), *result.warnings]
    for text in filter(None, fields):
        assert terminal_unsafe(text) == []
    assert result.title
    assert result.word_count >= 0


@given(st.binary(max_size=4096))
def test_parse_bytes_takes_any_bytes(data: bytes) -> None:
    assert_parsed_safely(parse_bytes(PATH, data))


@given(near_valid_article())
def test_parse_bytes_takes_near_valid_articles(data: bytes) -> None:
    assert_parsed_safely(parse_bytes(PATH, data))


@given(tricky_text)
def test_parse_text_takes_any_text(text: str) -> None:
    assert_parsed_safely(parse_text(PATH, text))


@given(st.one_of(tricky_text, st.text()))
def test_clean_text_leaves_nothing_unsafe_and_is_idempotent(text: str) -> None:
    cleaned = clean_text(text)
    assert terminal_unsafe(cleaned) == []
    assert clean_text(cleaned) == cleaned


def line_breaks(text: str) -> set[str]:
    """Every character of `text` that Python (and so most terminals and editors) ends a line
    at: newline, CR, VT, FF, the file/group/record separators, NEL, U+2028 and U+2029."""
    return {char for char in set(text) if len(f"a{char}b".splitlines()) > 1}


@given(st.one_of(tricky_text, st.text()))
def test_clean_line_leaves_no_line_or_paragraph_separator(text: str) -> None:
    cleaned = clean_line(text)
    assert line_breaks(cleaned) == set()
    assert terminal_unsafe(cleaned) == []


@given(st.one_of(tricky_text, st.text()))
def test_clean_text_breaks_lines_only_with_newlines(text: str) -> None:
    assert line_breaks(clean_text(text)) <= {"\n"}


@given(st.one_of(tricky_text, st.text()))
def test_clean_line_is_one_clean_line(text: str) -> None:
    cleaned = clean_line(text)
    assert terminal_unsafe(cleaned) == []
    assert "\n" not in cleaned and "\t" not in cleaned
    assert clean_line(cleaned) == cleaned


@given(
    st.one_of(
        tricky_text,
        st.text(alphabet="0123456789/:-.,T Z+apmthsndr", max_size=40),
        st.dates(),
        st.datetimes(),
        st.integers(),
        st.floats(),
        st.none(),
        st.lists(st.text(max_size=5), max_size=3),
    )
)
def test_parse_date_never_raises(value: object) -> None:
    result = parse_date(value)
    assert result is None or (result.tzinfo is None and 1700 <= result.year <= 2300)


@given(st.one_of(tricky_text, st.text(alphabet="0123456789/:-.,T Z+apmthsndr", max_size=40)))
def test_states_time_never_raises_and_implies_a_date(printed: str) -> None:
    assert not states_time(printed) or parse_date(printed) is not None
