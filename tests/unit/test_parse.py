"""The article parser: the seed's exact values, every metadata form, and every kind of bad input."""

from __future__ import annotations

import codecs
import os
from datetime import datetime
from pathlib import Path

import pytest
from support.hostile_corpus import unreadable_enforced

from reader.articles.model import Article, LoadError
from reader.articles.parse import (
    DEFAULT_MAX_BYTES,
    MAX_LINE_CHARS,
    MAX_METADATA_CHARS,
    MAX_NESTING,
    count_words,
    parse_bytes,
    parse_file,
)

SEED_URL = (
    "https://www.kent.police.uk/news/kent/news2/policing-news/"
    "emergency-medical-packs-given-to-organisations-in-canterbury-city-centre/"
)
SEED_IMAGE = (
    "https://www.kent.police.uk/SysSiteAssets/media/images/brand/kent/open-graph/"
    "open-graph-default.jpg?crop=(15,0,585,300)&w=600&h=300&scale=both"
)
SEED_TITLE = "Emergency medical packs given to organisations in Canterbury city centre"

PLAIN = b"""```yaml
title: Road closed after crash | Sussex Police
area: Sussex
publish:
  date: 09:40 03/04/2022
```

# Road closed

The A27 is closed.
"""


def parse(data: bytes, name: str = "article.md") -> Article | LoadError:
    return parse_bytes(Path(name), data)


def article(data: bytes, name: str = "article.md") -> Article:
    result = parse(data, name)
    assert isinstance(result, Article), result
    return result


def load_error(data: bytes, name: str = "article.md") -> LoadError:
    result = parse(data, name)
    assert isinstance(result, LoadError), result
    return result


@pytest.fixture
def seed(seed_path: Path) -> Article:
    result = parse_file(seed_path)
    assert isinstance(result, Article), result
    return result


# --- the seed -----------------------------------------------------------------------------------


def test_seed_is_published_at_13_55_on_12_november_2020(seed: Article) -> None:
    assert seed.published == datetime(2020, 11, 12, 13, 55)
    assert seed.published_raw == "13:55 12/11/2020"


def test_seed_title_loses_its_site_suffix_to_site(seed: Article) -> None:
    assert seed.title == SEED_TITLE
    assert seed.site == "Kent Police"


def test_seed_area_and_url(seed: Article) -> None:
    assert seed.area == "Kent"
    assert seed.url == SEED_URL
    assert seed.identity == f"url:{SEED_URL}"


def test_seed_image_has_ampersands_unescaped(seed: Article) -> None:
    assert seed.image == SEED_IMAGE
    assert "&amp;" not in seed.image


def test_seed_og_fields(seed: Article) -> None:
    assert seed.og == {
        "description": (
            "Police in Canterbury have given emergency medical kits to organisations in the city "
            "centre as part of a week of work addressing knife crime."
        ),
        "image": SEED_IMAGE,
        "locale": "en_GB",
        "title": SEED_TITLE,
        "type": "website",
        "url": SEED_URL,
    }
    assert seed.locale == "en_GB"
    assert seed.description == seed.og["description"]


def test_seed_body_starts_after_the_block_and_counts_373_words(seed: Article) -> None:
    assert seed.body.startswith("Kent Police's PC Chris Green (left) and Canterbury City Council's")
    assert seed.body.endswith("knife crime in communities.\n")
    assert seed.body_line == 16
    # 375 whitespace-separated tokens, less the two `##` heading markers.
    assert seed.word_count == 373
    assert seed.reading_minutes == 2


def test_seed_loads_cleanly(seed: Article) -> None:
    assert seed.metadata_format == "yaml-fence"
    assert seed.warnings == ()
    assert seed.extra == {}


def test_bundled_seed_is_the_shared_example(seed_path: Path, shared_dir: Path) -> None:
    shared = shared_dir / "examples" / "kent-emergency-medical-packs.md"
    assert seed_path.read_bytes() == shared.read_bytes()


# --- metadata forms -----------------------------------------------------------------------------


def test_front_matter_is_read_like_the_fence() -> None:
    parsed = article(
        b"---\ntitle: Flood warning | EA\narea: Hampshire\ndate: 2021-02-03\n---\n\nBody\n"
    )
    assert (parsed.title, parsed.site, parsed.area) == ("Flood warning", "EA", "Hampshire")
    assert parsed.published == datetime(2021, 2, 3)
    assert parsed.metadata_format == "front-matter"
    assert (parsed.body, parsed.body_line) == ("Body\n", 7)


def test_front_matter_may_close_with_dots() -> None:
    parsed = article(b"---\ntitle: Dots\n...\nBody\n")
    assert (parsed.title, parsed.body) == ("Dots", "Body\n")


def test_tilde_fence_and_yml_tag_are_metadata() -> None:
    parsed = article(b"~~~yml\ntitle: Tilde\n~~~\nBody\n")
    assert (parsed.title, parsed.metadata_format) == ("Tilde", "yaml-fence")


def test_blank_lines_before_the_fence_are_skipped_and_counted() -> None:
    parsed = article(b"\n\n" + PLAIN)
    assert parsed.title == "Road closed after crash"
    assert parsed.body_line == 10


def test_without_metadata_the_title_is_the_first_heading() -> None:
    parsed = article(b"Intro line\n\n# **Bridge reopens** ##\n\nText\n")
    assert parsed.title == "Bridge reopens"
    assert parsed.metadata_format == "none"
    assert parsed.body == "Intro line\n\n# **Bridge reopens** ##\n\nText\n"
    assert parsed.warnings == ()


def test_without_metadata_or_heading_the_title_is_the_file_name() -> None:
    assert article(b"Just text.\n", "2024-01-02-no-title.md").title == "2024-01-02-no-title"


def test_title_falls_back_to_og_title_and_flat_og_keys() -> None:
    parsed = article(b"---\nog:title: From OG &amp; co\nog:image: a.jpg?x=1&amp;y=2\n---\nBody\n")
    assert parsed.title == "From OG & co"
    assert parsed.image == "a.jpg?x=1&y=2"


def test_a_site_key_wins_over_the_title_suffix() -> None:
    parsed = article(b"---\ntitle: A | B | Old Site\nsite: New Site\n---\nBody\n")
    assert (parsed.title, parsed.site) == ("A | B", "New Site")


def test_unknown_keys_are_kept() -> None:
    parsed = article(b"---\ntitle: T\ntags: [a, b]\nog:\n  site_name: S\n  custom: c\n---\nx\n")
    assert parsed.extra == {"tags": ["a", "b"]}
    assert parsed.og == {"site_name": "S", "custom": "c"}
    assert parsed.site == "S"


def test_html_entities_in_text_fields_are_unescaped() -> None:
    parsed = article(b"---\ntitle: Fish &amp; chips &#8211; &quot;good&quot;\n---\nx\n")
    assert parsed.title == 'Fish & chips – "good"'


def test_a_second_yaml_block_stays_in_the_body() -> None:
    parsed = article(PLAIN + b"\n```yaml\ntitle: Not metadata\n```\n")
    assert parsed.title == "Road closed after crash"
    assert parsed.body.endswith("```yaml\ntitle: Not metadata\n```\n")


def test_identity_without_url_is_the_content_hash() -> None:
    first = article(b"# Same\n")
    assert first.identity.startswith("sha256:")
    assert article(b"# Same\n", "moved.md").identity == first.identity
    assert article(b"# Other\n").identity != first.identity


def test_count_words_ignores_markdown_punctuation_tokens() -> None:
    assert count_words("## Heading\n\n- one two\n\n| a | b |\n") == 5


# --- bad input: load errors ---------------------------------------------------------------------


def test_invalid_yaml_names_the_line() -> None:
    error = load_error(b"```yaml\ntitle: fine\narea: [unclosed\nurl: x\n```\nBody\n")
    assert error.line == 4
    assert error.reason == (
        "invalid YAML metadata: did not find expected ',' or ']' "
        "(in a flow sequence that begins at line 3)"
    )
    assert str(error) == f"article.md:4: {error.reason}"


def test_yaml_mapping_error_names_its_line() -> None:
    error = load_error(b"---\ntitle: a\n  nested: b: c\n---\n")
    assert (error.line, error.reason) == (
        3,
        "invalid YAML metadata: mapping values are not allowed in this context",
    )


def test_empty_file_is_an_error() -> None:
    assert load_error(b"").reason == "empty file"


def test_whitespace_only_file_is_an_empty_file() -> None:
    assert load_error(b" \r\n\t\n").reason == "empty file"


def test_binary_file_is_an_error() -> None:
    error = load_error(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert error.reason == "binary file (contains NUL bytes), not markdown"


def test_alias_bomb_is_refused() -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    levels += [
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)
    ]
    error = load_error(("```yaml\n" + "\n".join(levels) + "\n```\nBody\n").encode())
    assert error.reason == "YAML metadata stands for over 10,000 values (an alias bomb?); refused"
    assert error.line == 2


def test_a_two_way_alias_chain_is_refused_although_it_has_few_aliases() -> None:
    # 2 aliases a level, 30 levels: 60 aliases that stand for 2**30 values when printed.
    levels = ["a0: &a0 [x]"] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 31)]
    error = load_error(("---\n" + "\n".join(levels) + "\n---\nBody\n").encode())
    assert "alias bomb" in error.reason


def test_a_recursive_alias_is_refused() -> None:
    error = load_error(b"---\ntitle: T\nloop: &x [*x]\n---\nBody\n")
    assert error.reason == "YAML metadata contains itself (a recursive alias); refused"


def test_metadata_nested_past_the_cap_is_refused() -> None:
    depth = MAX_NESTING + 1
    error = load_error(b"---\ndeep: " + b"[" * depth + b"]" * depth + b"\n---\nBody\n")
    assert error.reason == f"YAML metadata is nested over {MAX_NESTING} levels deep; refused"


def test_metadata_nested_to_the_cap_loads() -> None:
    depth = MAX_NESTING - 1  # the top-level mapping is one level
    parsed = article(b"---\ndeep: " + b"[" * depth + b"]" * depth + b"\n---\nBody\n")
    assert parsed.warnings == ()


def test_huge_metadata_block_is_refused() -> None:
    notes = "".join(f"note{number}: {'x' * 90}\n" for number in range(MAX_METADATA_CHARS // 90))
    error = load_error(f"---\ntitle: T\n{notes}---\nBody\n".encode())
    assert error.reason.startswith("metadata block is ")
    assert error.reason.endswith(f"over the {MAX_METADATA_CHARS:,} cap")


def test_unsafe_yaml_tags_are_refused() -> None:
    error = load_error(b"---\nx: !!python/object/apply:os.system [echo hi]\n---\nBody\n")
    assert error.line == 2
    assert error.reason.startswith("invalid YAML metadata: could not determine a constructor")


# --- bad input: an article with a warning -------------------------------------------------------


def test_unclosed_fence_keeps_the_file_as_body_with_a_warning() -> None:
    parsed = article(b"```yaml\ntitle: Never closed\n\nBody text\n", "unclosed.md")
    assert parsed.warnings == (
        "line 1: the ```yaml metadata block is never closed; the whole file is shown as the body",
    )
    assert parsed.body.startswith("```yaml\ntitle: Never closed")
    assert parsed.title == "unclosed"


def test_unclosed_front_matter_keeps_the_file_as_body_with_a_warning() -> None:
    parsed = article(b"---\ntitle: Never closed\n")
    assert parsed.warnings == (
        "line 1: the --- front matter is never closed; the whole file is shown as the body",
    )


@pytest.mark.parametrize(
    ("block", "kind"), [(b"- one\n- two\n", "list"), (b"just words\n", "str"), (b"42\n", "int")]
)
def test_metadata_that_is_not_a_mapping_is_ignored_with_a_warning(block: bytes, kind: str) -> None:
    parsed = article(b"```yaml\n" + block + b"```\n# Heading title\n")
    assert parsed.warnings == (f"line 2: metadata is a {kind}, not a mapping of fields; ignored",)
    assert parsed.title == "Heading title"


def test_invalid_utf8_is_replaced_with_a_warning_naming_the_line() -> None:
    parsed = article(b"---\ntitle: Caf\xe9\n---\nBody \xff\n")
    assert parsed.title == "Caf\ufffd"
    assert parsed.body == "Body \ufffd\n"
    assert parsed.warnings == (
        "line 2: invalid UTF-8 at byte 14; undecodable bytes shown as \ufffd",
    )


def test_a_utf8_bom_is_dropped_silently() -> None:
    with_bom = article(codecs.BOM_UTF8 + PLAIN)
    plain = article(PLAIN)
    assert (with_bom.title, with_bom.body, with_bom.warnings) == (plain.title, plain.body, ())
    assert with_bom.published == datetime(2022, 4, 3, 9, 40)


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["crlf", "lone-cr"])
def test_other_line_endings_read_as_newlines(newline: bytes) -> None:
    converted = article(PLAIN.replace(b"\n", newline))
    plain = article(PLAIN)
    assert (converted.title, converted.area, converted.published) == (
        plain.title,
        plain.area,
        plain.published,
    )
    assert (converted.body, converted.body_line, converted.warnings) == (plain.body, 8, ())


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
    ],
)
def test_utf16_and_utf32_with_a_bom_are_decoded_with_a_warning(encoding: str, bom: bytes) -> None:
    parsed = article(bom + PLAIN.decode().encode(encoding))
    assert parsed.title == "Road closed after crash"
    family = encoding[:6].upper()
    assert parsed.warnings == (f"file is {family}, not UTF-8; read it as such",)


def test_truncated_utf16_is_an_error() -> None:
    assert load_error(codecs.BOM_UTF16_LE + b"#\x00 ").reason == "invalid UTF-16 at byte 4"


def test_escape_sequences_in_metadata_are_removed_with_a_warning() -> None:
    parsed = article(b"---\ntitle: \x1b[31mRed\x1b[0m alert\x1b]0;pwned\x07 | Site\n---\nBody\n")
    assert (parsed.title, parsed.site) == ("Red alert", "Site")
    assert parsed.warnings == ("line 2: removed control or escape characters from the metadata",)


def test_escape_sequences_spelt_as_yaml_or_html_escapes_are_removed() -> None:
    parsed = article(b'---\ntitle: "A\\e[2Jb"\narea: "&#27;[31mKent&#x202E;"\n---\nBody\n')
    # The YAML escape builds a whole CSI sequence, which goes; HTML5 maps &#27; to nothing.
    assert (parsed.title, parsed.area) == ("Ab", "[31mKent")


def test_control_characters_in_the_body_are_removed_with_a_warning() -> None:
    parsed = article(b"# T\n\nOne \x1b[2Jtwo\x07 \xe2\x80\xaethree\n")
    assert parsed.body == "# T\n\nOne two three\n"
    assert parsed.warnings == ("removed 6 control or escape characters from the body",)


def test_long_lines_are_cut_with_one_warning() -> None:
    long_line = b"word " * 30_000
    parsed = article(b"# T\n" + long_line + b"\n" + long_line + b"\n")
    assert parsed.warnings == (
        f"line 2 is 150,000 characters long (and 1 more); cut to {MAX_LINE_CHARS:,}",
    )
    assert [len(line) for line in parsed.body.split("\n")] == [3, MAX_LINE_CHARS, MAX_LINE_CHARS, 0]


def test_deeply_nested_block_quotes_get_a_warning() -> None:
    parsed = article(b"# T\n\nfine\n\n" + b"> " * 10_000 + b"deep\n")
    assert parsed.warnings[-1] == (
        f"line 5: block quotes or lists nested 10,000 levels deep, over the {MAX_NESTING}-level cap"
    )


def test_deeply_indented_lists_get_a_warning() -> None:
    lines = b"".join(b"  " * level + b"- item\n" for level in range(MAX_NESTING + 2))
    parsed = article(b"# T\n" + lines)
    assert parsed.warnings == (
        f"line {MAX_NESTING + 2}: block quotes or lists nested 33 levels deep, "
        f"over the {MAX_NESTING}-level cap",
    )


def test_nesting_at_the_cap_gets_no_warning() -> None:
    assert article(b"# T\n" + b"> " * MAX_NESTING + b"x\n").warnings == ()


def test_an_unparseable_date_keeps_its_text_and_warns() -> None:
    parsed = article(b"---\ntitle: T\npublish:\n  date: the Tuesday after next\n---\nBody\n")
    assert (parsed.published, parsed.published_raw) == (None, "the Tuesday after next")
    assert parsed.warnings == (
        "unrecognised publish date 'the Tuesday after next'; the article is undated",
    )


def test_an_impossible_iso_date_costs_only_the_date() -> None:
    parsed = article(b"---\ntitle: T\ndate: 2020-02-30\n---\nBody\n")
    assert (parsed.title, parsed.published, parsed.published_raw) == ("T", None, "2020-02-30")
    assert parsed.warnings == ("unrecognised publish date '2020-02-30'; the article is undated",)


def test_a_file_name_of_control_characters_gives_a_clean_title() -> None:
    assert article(b"no heading\n", "\x1b]0;x\x07evil\x1b[2J.md").title == "evil"


# --- reading files ------------------------------------------------------------------------------


def test_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"# Big\n" + b"x" * 2048)
    error = parse_file(path, max_bytes=1024)
    assert error == LoadError(path, "file is 0.0 MB, over the 0.0 MB cap")
    assert isinstance(parse_file(path), Article)


def test_file_over_the_default_cap_reports_sizes_in_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with path.open("wb") as stream:
        stream.truncate(DEFAULT_MAX_BYTES + 1)  # sparse: no 5 MB written
    assert parse_file(path) == LoadError(path, "file is 5.0 MB, over the 5.0 MB cap")


def test_file_exactly_at_the_cap_loads(tmp_path: Path) -> None:
    path = tmp_path / "edge.md"
    path.write_bytes(b"# Edge\n" + b"x" * (1024 - 7))
    assert isinstance(parse_file(path, max_bytes=1024), Article)


def test_a_directory_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "x.md"
    folder.mkdir()
    assert parse_file(folder) == LoadError(folder, "is a directory, not a file")


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "gone.md"
    assert parse_file(path) == LoadError(path, "file no longer exists (deleted while loading?)")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    assert parse_file(pipe) == LoadError(pipe, "not a regular file (a pipe, socket or device)")


def test_an_unreadable_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.md"
    path.write_bytes(PLAIN)
    path.chmod(0)
    with unreadable_enforced([path]):  # root reads mode 000 files: refuse it anyway
        assert parse_file(path) == LoadError(path, "permission denied")


def test_an_explicit_timestamp_tag_stays_text_and_never_crashes() -> None:
    # PyYAML's timestamp constructor raised AttributeError on `!!timestamp` with no timestamp.
    empty = parse_bytes(Path("a.md"), b"```yaml\ntitle: !!timestamp\n```\n\nBody.\n")
    assert isinstance(empty, Article)
    assert empty.title == "a"
    dated = parse_bytes(
        Path("b.md"), b"```yaml\ntitle: Dated\npublish:\n  date: !!timestamp 2020-11-12\n```\n"
    )
    assert isinstance(dated, Article)
    assert dated.published is not None
    assert dated.published.date().isoformat() == "2020-11-12"
