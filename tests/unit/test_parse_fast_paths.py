"""The parser's fast paths give what the slow ones give: the metadata loader builds plain
blocks itself (the same values and errors as PyYAML's safe constructor), reads the commonest
shape of block without libyaml (the same values, in the same order), words are counted
without a loop over tokens, and the nesting check skips bodies no line of which could be too
deep."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
import yaml
from hypothesis import given
from hypothesis import strategies as st
from support.quote_eval import REPO, SHARED

from reader.articles import parse
from reader.articles.parse import (
    _CONTAINER_PREFIX,
    _FENCE_OPEN,
    MAX_NESTING,
    _load,
    _metadata_loader,
    _nesting_warnings,
    _simple_mapping,
    count_words,
    parse_file,
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


def read_simply(block: str) -> dict[str, object] | None:
    return _simple_mapping(block, _metadata_loader().yaml_implicit_resolvers)


def assert_read_as_pyyaml_reads(block: str) -> None:
    """Read without libyaml (when the block has the simple shape), the block gives what PyYAML
    gives, with every mapping's keys in the same order."""
    simple = read_simply(block)
    if simple is not None:
        status, value = reference(block)
        assert status == "ok"
        assert repr(simple) == repr(value)


# Words of a scalar: mostly plain, with every character the simple reader must refuse or
# take care over (indicators, `: ` and ` #`, tabs, YAML's line breaks and byte-order mark,
# no-break spaces, astral characters, resolvable words).
_PLAIN_WORD = st.sampled_from(
    ["Kent", "en_GB", "https://x.uk/a?b=1&amp;c", "11:29", "19/08/2019", "é", "a#b", "x:y", "'s"]
)
_ODD_WORDS = {
    "resolved": st.sampled_from(["yes", "No", "on", "~", "null", "3", "-1", "0x1F", ".5", "<<"]),
    "tricky": st.text(alphabet="a:#-?,[]{}&*!|>'\"%@`.~<=+_\\ \t\u00a0\u2028\x85\ufeff\U0001f600"),
}


@st.composite
def _words(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["plain"] * 14 + list(_ODD_WORDS)))  # most words plain
    return draw(_ODD_WORDS.get(kind, _PLAIN_WORD)) or "x"


_WORD = _words()
_SCALAR = st.lists(_WORD, min_size=1, max_size=4).map(" ".join)


@st.composite
def simple_blocks(draw: st.DrawFn) -> str:
    """Blocks mostly of the simple shape: `key: value`, and `key:` over indented pairs."""
    lines = []
    for key in draw(st.lists(_SCALAR, min_size=1, max_size=5)):
        if draw(st.booleans()):
            lines.append(f"{key}: {draw(_SCALAR)}")
        else:
            lines.append(f"{key}:")
            for inner in draw(st.lists(_SCALAR, max_size=3)):
                indent = " " * draw(st.sampled_from([2] * 8 + [1, 4]))
                lines.append(f"{indent}{inner}: {draw(_SCALAR)}")
    return "\n".join(lines) + draw(st.sampled_from(["\n", "\n", "", "\n\n"]))


@given(simple_blocks())
def test_a_simple_block_read_without_libyaml_is_what_pyyaml_loads(block: str) -> None:
    assert_read_as_pyyaml_reads(block)
    assert loaded(block) == reference(block)


@pytest.mark.parametrize("block", BLOCKS)
def test_the_listed_blocks_read_simply_as_pyyaml_loads_them(block: str) -> None:
    assert_read_as_pyyaml_reads(block)


def test_the_seed_shape_is_read_without_libyaml() -> None:
    simple = read_simply(BLOCKS[2])
    assert simple == {
        "title": "Plain | Kent Police",
        "area": "Kent",
        "publish": {"date": "13:55 12/11/2020"},
    }


def _feed_files() -> list[Path]:
    """The sample feed's articles and, where ../shared is present, the corpus's."""
    folders = [REPO / "sample_feed", SHARED / "corpus" / "articles"]
    return sorted(file for folder in folders if folder.is_dir() for file in folder.glob("*.md"))


def _feed_blocks() -> list[str]:
    """Every fenced metadata block of `_feed_files`."""
    found = []
    for path in _feed_files():
        text = path.read_text(encoding="utf-8").lstrip("\n")
        if fence := _FENCE_OPEN.match(text):
            found.append(text[fence.end() : text.index("\n```", fence.end()) + 1])
    return found


def test_the_feeds_blocks_read_simply_as_pyyaml_loads_them() -> None:
    blocks = _feed_blocks()
    assert blocks
    for block in blocks:
        assert_read_as_pyyaml_reads(block)
    # Most take the simple path (a quoted title or description takes libyaml's).
    assert sum(read_simply(block) is not None for block in blocks) > len(blocks) * 3 // 4


def test_the_feeds_articles_parse_as_they_do_through_libyaml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = _feed_files()
    fast = [parse_file(path) for path in paths]
    monkeypatch.setattr(parse, "_simple_mapping", lambda _block, _resolvers: None)
    assert [parse_file(path) for path in paths] == fast


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
