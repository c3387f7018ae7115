"""The parser's fast paths give what the slow ones give: the metadata loader builds plain
blocks itself (the same values and errors as PyYAML's safe constructor), words are counted
without a loop over tokens, and the nesting check skips bodies no line of which could be too
deep."""

from __future__ import annotations

import re

import pytest
import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
import yaml
from hypothesis import given
from hypothesis import strategies as st

from reader.articles.parse import (
    _CONTAINER_PREFIX,
    MAX_NESTING,
    _load,
    _metadata_loader,
    _nesting_warnings,
    count_words,
)

BLOCKS = [
    "",
    "# only a comment",
    "title: Plain | Kent Police\narea: Kent\npublish:\n  date: 13:55 12/11/2020\n",
    "og:\n  title: A\n  locale: en_GB\ntags: [a, b, 3]\n",
    "count: 3\nratio: 1.5\nyes: yes\nnothing: ~\nwhen: 2020-02-30\nstamp: 2020-01-01 10:00\n",
    "hex: 0x1F\nsexagesimal: 1:30\nbad_binary_int: 0b_\n",
    "base: &b {site: Kent}\nother: *b\n",
    "base: &b {site: Kent}\nmerged:\n  <<: *b\n  area: Dover\n",
    "? [a, b]\n: complex key\n",
    "items: !!set {a, b}\n",
    "data: !!binary aGVsbG8=\n",
    "data: !!binary not-base64!\n",
    "odd: !custom value\n",
    "ts: !!timestamp title\n",
    "deep: [[[[[[1]]]]]]\n",
    "= : value key\n",
    "dup: 1\ndup: 2\n",
    "- a list\n- not a mapping\n",
    "just a scalar",
    "1: int key\n1.0: float key\ntrue: bool key\n",
]


def loaded(block: str) -> tuple[str, object]:
    """What loading gives: ("ok", value) or ("error", its type and message)."""
    try:
        return "ok", _load(block)
    except Exception as error:
        return "error", (type(error), str(error))


def reference(block: str) -> tuple[str, object]:
    try:
        return "ok", yaml.load(block, Loader=_metadata_loader())
    except Exception as error:
        return "error", (type(error), str(error))


@pytest.mark.parametrize("block", BLOCKS)
def test_loading_a_block_gives_what_pyyaml_gives(block: str) -> None:
    assert loaded(block) == reference(block)


def test_an_alias_stays_one_shared_value() -> None:
    value = _load("base: &b {site: Kent}\nother: *b\n")
    assert isinstance(value, dict)
    assert value["base"] is value["other"]


_SCALARS = st.sampled_from(
    ["Kent", "3", "1.5", "yes", "~", "null", "2020-01-01", "'quoted: text'", '"x\\ty"', "0o17"]
)
_KEYS = st.sampled_from(["title", "area", "og", "url", "1", "publish", "date"])


@st.composite
def blocks(draw: st.DrawFn) -> str:
    lines = []
    for key in draw(st.lists(_KEYS, max_size=6)):
        kind = draw(st.sampled_from(["scalar", "map", "list", "flow"]))
        if kind == "scalar":
            lines.append(f"{key}: {draw(_SCALARS)}")
        elif kind == "map":
            lines.append(f"{key}:")
            lines += [f"  {k}: {draw(_SCALARS)}" for k in draw(st.lists(_KEYS, max_size=3))]
        elif kind == "list":
            lines.append(f"{key}:")
            lines += [f"  - {v}" for v in draw(st.lists(_SCALARS, max_size=3))]
        else:
            lines.append(f"{key}: [{', '.join(draw(st.lists(_SCALARS, max_size=3)))}]")
    return "\n".join(lines) + "\n"


@given(blocks())
def test_generated_blocks_load_as_pyyaml_loads_them(block: str) -> None:
    assert loaded(block) == reference(block)


@given(st.text(max_size=200))
def test_any_text_loads_as_pyyaml_loads_it(block: str) -> None:
    assert loaded(block) == reference(block)


_PUNCTUATION_TOKEN = re.compile(r"[^\w\s]+")


def counted_one_by_one(markdown: str) -> int:
    tokens = markdown.split()
    return len(tokens) - sum(1 for token in tokens if _PUNCTUATION_TOKEN.fullmatch(token))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "- a",
        "a -",
        "  --  ** b",
        "a\u00a0-\u00a0b",
        "x\u2028—\u2028y",
        "_ a __ b",
        "é ¿ ¡",
        "“Quote,” — he said …",
        "a\x1c-\x1fb",
        "| a | b |\n|---|---|",
        "١. ٢",
    ],
)
def test_words_are_counted_as_token_by_token(text: str) -> None:
    assert count_words(text) == counted_one_by_one(text)


@given(st.text(alphabet=st.sampled_from("ab é_-*#|.,'’“”—…١ \t\n\u00a0\u2028\x1c"), max_size=80))
def test_any_text_is_counted_as_token_by_token(text: str) -> None:
    assert count_words(text) == counted_one_by_one(text)


def deep_prefixes(body: str) -> bool:
    return any(len(match.group()) > MAX_NESTING for match in _CONTAINER_PREFIX.finditer(body))


@given(st.text(alphabet=st.sampled_from("> -+*1.)٣ \ta\n"), max_size=120).map(lambda t: t * 3))
def test_the_nesting_check_skips_only_bodies_without_a_deep_prefix(body: str) -> None:
    if not deep_prefixes(body):
        assert _nesting_warnings(body, 1) == ()
    else:
        assert _nesting_warnings(body, 1) == _nesting_warnings_in_full(body)


def _nesting_warnings_in_full(body: str) -> tuple[str, ...]:
    """The check without its shortcut: every line's prefix measured."""
    import reader.articles.parse as parse

    real = parse._may_open_too_deep
    parse._may_open_too_deep = lambda line: True  # type: ignore[assignment]
    try:
        return _nesting_warnings(body, 1)
    finally:
        parse._may_open_too_deep = real


def test_a_prefix_of_nested_quotes_and_lists_past_the_cap_is_warned_about() -> None:
    body = "Intro\n\n" + "> - " * 20 + "deep\n"
    assert _nesting_warnings(body, 3) == (
        "line 5: block quotes or lists nested 40 levels deep, over the 32-level cap",
    )
