"""The one cleaner every piece of article text passes through on its way to a terminal."""

from __future__ import annotations

import json
import re

import pytest
import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from hypothesis import given
from hypothesis import strategies as st

from reader.articles.sanitize import (
    _ESCAPE_SEQUENCE,
    _SEPARATORS,
    _SURROGATE,
    _UNSAFE_CHARS,
    clean_line,
    clean_text,
    json_escaped,
    json_members,
)


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("\x1b[31mred\x1b[0m", "red"),  # SGR colour
        ("a\x1b[2J\x1b[Hb", "ab"),  # clear screen, cursor home
        ("a\x1b[10;20Hb\x1b[?25l", "ab"),  # cursor move, hide cursor
        ("\x1b]0;pwned\x07title", "title"),  # window title, ended by BEL
        ("\x1b]2;pwned\x1b\\title", "title"),  # window title, ended by ST
        ("\x1b]52;c;ZWNobyBoaQ==\x07paste", "paste"),  # OSC 52 clipboard write
        ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"),  # hyperlink
        ("\x1bP+q544e\x1b\\x", "x"),  # DCS
        ("\x9b31mred", "red"),  # 8-bit CSI
        ("\x9d0;title\x9cx", "x"),  # 8-bit OSC and ST
        ("a\x1bcb", "ab"),  # reset (ESC c)
        ("a\x1b(0b", "ab"),  # charset switch
        ("a\x85b\x8ec", "abc"),  # other C1 controls
        ("a\x00b\x07c\x08d\x7fe", "abcde"),  # C0 and DEL
        ("over\rwrite", "overwrite"),  # CR cannot overwrite a line
        ("abc\u202edcba\u202c", "abcdcba"),  # right-to-left override and pop
        ("\u2066x\u2067y\u2068z\u2069", "xyz"),  # isolates
        ("a\u200eb\u200fc\u061cd", "abcd"),  # direction marks
    ],
)
def test_controls_and_sequences_are_removed(dirty: str, clean: str) -> None:
    assert clean_text(dirty) == clean


def test_tabs_and_newlines_are_kept() -> None:
    assert clean_text("a\tb\n\nc\n") == "a\tb\n\nc\n"


def test_an_unterminated_string_sequence_ends_at_its_line() -> None:
    assert clean_text("one \x1b]0;never closed\ntwo\nthree") == "one \ntwo\nthree"


def test_markup_and_ordinary_unicode_pass_through() -> None:
    text = "[bold]x[/] [@click=app.quit]q[/] £5 – café 👩‍👩‍👧 zero\u200bwidth"
    assert clean_text(text) == text


def test_lone_surrogates_become_replacement_characters() -> None:
    assert clean_text("bad\udcffname.md") == "bad\ufffdname.md"


def test_clean_line_makes_one_line_of_single_spaces() -> None:
    assert clean_line("  Title\n\twith \x1b[1mbreaks\x1b[0m  ") == "Title with breaks"


def test_clean_text_returns_safe_text_unchanged() -> None:
    text = "A normal paragraph.\n\nAnother one.\n"
    assert clean_text(text) is text


def cleaned_the_long_way(text: str) -> str:
    """`clean_text` without its shortcuts for text with nothing to clean."""
    text = _UNSAFE_CHARS.sub("", _ESCAPE_SEQUENCE.sub("", text))
    return _SURROGATE.sub("\ufffd", text).translate(_SEPARATORS)


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=60))
def test_ascii_text_is_cleaned_as_the_long_way_cleans_it(text: str) -> None:
    assert clean_text(text) == cleaned_the_long_way(text)


@given(
    st.text(
        alphabet=st.sampled_from("ab \t\n\u00a0\u2028\u3000\x1b[m\x85\u202e\ud800é"), max_size=40
    )
)
def test_clean_line_is_clean_text_with_its_whitespace_runs_made_one_space(text: str) -> None:
    assert clean_line(text) == re.sub(r"\s+", " ", clean_text(text)).strip()


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ('"plain ascii"', '"plain ascii"'),  # the fast path: as it is
        ('"del \x7f"', '"del \\u007f"'),  # ASCII, but DEL is a control
        ('"c1 \x85 \x9b"', '"c1 \\u0085 \\u009b"'),
        ('"bidi \u202e \u2066 \u200f \u061c"', '"bidi \\u202e \\u2066 \\u200f \\u061c"'),
        ('"lines \u2028 \u2029"', '"lines \\u2028 \\u2029"'),
        ('"name \udcff"', '"name \\udcff"'),  # a lone surrogate: no UTF-8 stream takes it
        ('"caf\u00e9 \U0001f600"', '"caf\u00e9 \U0001f600"'),  # printable: as it is
    ],
)
def test_json_escaped_writes_what_a_terminal_must_not_get_as_escapes(
    text: str, escaped: str
) -> None:
    assert json_escaped(text) == escaped


def test_json_members_are_an_indented_records_lines() -> None:
    record = {"a": "x\x7f", "b": None, "c": 0.5, "d": 3}
    expected = json.dumps(record, ensure_ascii=False, indent=2).replace("\x7f", "\\u007f")
    assert "{\n  " + json_members(record).replace("\n    ", "\n  ") + "\n}" == expected
