"""The markdown → Text renderer and the layout that wraps it: what is shown, and where each body
character ended up (the map quotes and search matches are highlighted through)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from support.hypothesis_profiles import at_least

from reader.ui.render.markdown_text import (
    LINK_META,
    MAX_NESTING,
    MAX_RENDER_CHARS,
    MAX_RENDER_LINES,
    QUOTE_BAR,
    Document,
    MarkdownStyles,
    render_markdown,
)
from reader.ui.render.text_layout import Layout, wrap_offsets

CONSOLE = Console(width=200, color_system=None)


def texts(document: Document) -> list[str]:
    return [block.text.plain for block in document.blocks]


def lines(body: str, width: int = 60) -> list[str]:
    return [line.text.plain for line in Layout(render_markdown(body).blocks, width, CONSOLE).lines]


def shown(document: Document, start: int, end: int) -> str:
    """What the document shows of body range [start, end)."""
    return "".join(
        document.blocks[block].text.plain[low:high]
        for block, low, high in document.text_ranges(start, end)
    )


# --- what is shown ----------------------------------------------------------------------------


def test_paragraphs_are_separated_by_one_blank_line() -> None:
    assert lines("First para.\n\nSecond para.") == ["First para.", "", "Second para."]


def test_soft_line_breaks_join_into_one_paragraph() -> None:
    assert lines("one\ntwo") == ["one two"]


def test_heading_text_gets_the_heading_style_and_loses_its_hashes() -> None:
    styles = MarkdownStyles(heading=CONSOLE.get_style("red"), subheading=CONSOLE.get_style("blue"))
    document = render_markdown("# Top\n\n## Sub", styles)
    assert texts(document) == ["Top", "Sub"]
    assert document.blocks[0].text.get_style_at_offset(CONSOLE, 0).color.name == "red"
    assert document.blocks[1].text.get_style_at_offset(CONSOLE, 0).color.name == "blue"


def test_bold_italic_strike_and_code_are_styled_spans_without_their_markers() -> None:
    document = render_markdown("a **bold** *it* ~~gone~~ `code`")
    block = document.blocks[0].text
    assert block.plain == "a bold it gone code"
    assert block.get_style_at_offset(CONSOLE, 2).bold
    assert block.get_style_at_offset(CONSOLE, 7).italic
    assert block.get_style_at_offset(CONSOLE, 10).strike


def test_markup_lookalikes_are_plain_text() -> None:
    assert lines("[bold red]x[/] and [/] and [link=https://evil]y[/link]") == [
        "[bold red]x[/] and [/] and [link=https://evil]y[/link]"
    ]


def test_bullet_lists_nest_with_a_different_bullet_per_level() -> None:
    assert lines("- one\n- two\n  - inner\n    - deeper") == [
        "• one",
        "• two",
        "  ◦ inner",
        "    ▪ deeper",
    ]


def test_ordered_lists_count_from_their_start_number() -> None:
    assert lines("3. three\n4. four") == ["3. three", "4. four"]


def test_a_wrapped_list_item_continues_under_its_text() -> None:
    assert lines("- " + "word " * 8, width=20) == [
        "• word word word",
        "  word word word",
        "  word word",
    ]


def test_block_quotes_carry_a_bar_on_every_line() -> None:
    assert lines("> quoted words here", width=12) == [
        f"{QUOTE_BAR}quoted",
        f"{QUOTE_BAR}words here",
    ]


def test_code_blocks_keep_their_lines_and_tabs_become_spaces() -> None:
    assert lines("```\nif x:\n\treturn 1\n```") == ["if x:", " return 1"]


def test_tables_are_drawn_with_their_header_row_first() -> None:
    drawn = lines("| Name | Rank |\n|---|---|\n| Mark Hedges | Chief Inspector |")
    assert drawn[0].split() == ["Name", "Rank"]
    assert drawn[-1].split() == ["Mark", "Hedges", "Chief", "Inspector"]


def test_table_columns_are_aligned_as_their_delimiter_row_says() -> None:
    drawn = lines(
        "| Left | Middle | Right |\n|---|:---:|---:|\n| a | b | c |\n| aaaa | bbbbbb | ccccc |"
    )
    header, _rule, first, second = drawn
    assert header == "Left   Middle   Right"
    # `a` at the left of its column, `b` in the middle of six, `c` at the right of five.
    assert first == "a        b          c"
    assert second == "aaaa   bbbbbb   ccccc"


def test_table_alignment_is_read_from_the_markdown() -> None:
    (table,) = render_markdown("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |").blocks
    assert table.alignments == ("left", "center", "right", "left")


def test_a_table_too_wide_for_its_words_becomes_records_without_cutting_a_word() -> None:
    body = (
        "| Service | Where | Open |\n|---|---|---|\n"
        "| Urgent medical advice | NHS 111, online or by phone | 24 hours |\n"
        "| Minor injuries | Urgent treatment centre, Crawley or Caterham | 8am to 8pm |"
    )
    drawn = lines(body, width=16)
    assert drawn == [
        "Service: Urgent",
        "medical advice",
        "Where: NHS 111,",
        "online or by",
        "phone",
        "Open: 24 hours",
        "",
        "Service: Minor",
        "injuries",
        "Where: Urgent",
        "treatment",
        "centre, Crawley",
        "or Caterham",
        "Open: 8am to 8pm",
    ]
    words = set(body.replace("|", " ").split())
    assert all(word in words or word.rstrip(":") in words for row in drawn for word in row.split())


def test_a_table_that_fits_its_longest_words_stays_a_table() -> None:
    drawn = lines("| Name | Rank |\n|---|---|\n| Mark Hedges | Chief Inspectorate |", width=22)
    assert [row.split() for row in drawn] == [
        ["Name", "Rank"],
        ["─" * 22],
        ["Mark", "Chief"],
        ["Hedges", "Inspectorate"],
    ]


def test_rules_span_the_width() -> None:
    assert lines("a\n\n---\n\nb", width=10) == ["a", "", "─" * 10, "", "b"]


def test_images_show_their_alt_text() -> None:
    assert lines("![Police car](car.jpg)") == ["[image: Police car]"]


def test_raw_html_is_shown_as_text_not_interpreted() -> None:
    assert lines("<b>bold?</b>") == ["<b>bold?</b>"]


def test_links_keep_their_target_aside_and_point_at_it_from_the_text() -> None:
    document = render_markdown("See [the council](https://example.org/c) now.")
    (link,) = document.links
    assert link.url == "https://example.org/c"
    text = document.blocks[link.block].text
    assert text.plain[link.start : link.end] == "the council"
    assert text.get_style_at_offset(CONSOLE, link.start).meta == {LINK_META: 0}


def test_javascript_links_are_not_links() -> None:
    document = render_markdown("[click](javascript:alert(1))")
    assert document.links == ()


# --- the offset map -----------------------------------------------------------------------------


def test_locate_finds_a_word_inside_formatting() -> None:
    body = "Intro.\n\nPolice in **Canterbury** said so."
    document = render_markdown(body)
    block, offset = document.locate(body.index("Canterbury"))
    assert document.blocks[block].text.plain[offset:].startswith("Canterbury")


def test_locate_on_a_markup_character_gives_the_next_shown_character() -> None:
    body = "a **b**"
    document = render_markdown(body)
    block, offset = document.locate(body.index("*"))
    assert document.blocks[block].text.plain[offset] == "b"


def test_locate_past_the_end_is_none() -> None:
    body = "Just this."
    assert render_markdown(body).locate(len(body) + 5) is None


def test_a_quote_range_across_paragraphs_maps_to_both_paragraphs() -> None:
    body = "He said: 'First part.\n\n'Second part.'"
    document = render_markdown(body)
    start, end = body.index("First"), body.index("part.'") + len("part.")
    assert shown(document, start, end) == "First part.'Second part."


def test_escapes_and_entities_still_map_the_characters_around_them() -> None:
    body = "Tom \\*and\\* Jerry &amp; friends"
    document = render_markdown(body)
    assert document.blocks[0].text.plain == "Tom *and* Jerry & friends"
    assert shown(document, body.index("Jerry"), body.index("Jerry") + 5) == "Jerry"
    assert shown(document, body.index("friends"), len(body)) == "friends"


def test_list_items_and_quotes_map_without_their_markers() -> None:
    body = "- first item\n- second item\n\n> quoted line"
    document = render_markdown(body)
    assert shown(document, body.index("second"), body.index("second") + 11) == "second item"
    assert shown(document, body.index("quoted"), len(body)) == "quoted line"


def test_layout_finds_the_line_of_a_block_offset() -> None:
    document = render_markdown("alpha beta gamma delta epsilon")
    layout = Layout(document.blocks, 11, CONSOLE)
    assert [line.text.plain for line in layout.lines] == ["alpha beta", "gamma delta", "epsilon"]
    assert layout.line_of(0, document.blocks[0].text.plain.index("delta")) == 1
    assert layout.line_of(0, document.blocks[0].text.plain.index("epsilon")) == 2


@at_least(300)
@given(st.text(alphabet=st.sampled_from("ab *_`#>-1.[]()!\\&;\n\t|~é漢"), max_size=200))
def test_every_mapped_run_shows_exactly_the_body_characters_it_claims(body: str) -> None:
    document = render_markdown(body)
    for block in document.blocks:
        for run in block.runs:
            rendered = block.text.plain[run.text_start : run.text_start + run.length]
            source = body[run.body_start : run.body_start + run.length].replace("\t", " ")
            assert rendered == source


# --- hostile input stays bounded ----------------------------------------------------------------


def test_ten_thousand_nested_lists_render_at_most_the_nesting_cap() -> None:
    body = "".join("  " * depth + "- x\n" for depth in range(10_000))
    document = render_markdown(body)
    deepest = max(block.first_prefix.cell_len for block in document.blocks)
    assert deepest <= 2 * MAX_NESTING


def test_ten_thousand_nested_block_quotes_render_at_most_the_nesting_cap() -> None:
    document = render_markdown(">" * 10_000 + " deep\n\nafter")
    assert all(block.first_prefix.plain.count("▌") <= MAX_NESTING for block in document.blocks)
    assert texts(document)[-1] == "after"


def test_two_hundred_thousand_paragraphs_are_cut_with_a_notice() -> None:
    body = "a para\n\n" * 200_000
    document = render_markdown(body)
    assert len(document.blocks) <= MAX_RENDER_LINES
    assert document.omitted_chars > len(body) - MAX_RENDER_CHARS
    assert "more characters are not shown" in texts(document)[-1]


def test_a_twenty_thousand_character_word_is_folded_to_the_width() -> None:
    drawn = lines("x" * 20_000, width=80)
    assert len(drawn) == 250
    assert {len(line) for line in drawn} == {80}


# --- wrapping -----------------------------------------------------------------------------------


def test_wrap_breaks_at_spaces_and_on_newlines() -> None:
    plain = "one two three\nfour"
    starts = wrap_offsets(plain, 8)
    ends = [*starts[1:], len(plain)]
    assert [plain[start:end].rstrip() for start, end in zip(starts, ends, strict=True)] == [
        "one two",
        "three",
        "four",
    ]


def test_wrap_counts_wide_characters_as_two_cells() -> None:
    assert wrap_offsets("漢字漢字", 4) == [0, 2]


@at_least(300)
@given(st.text(alphabet=st.sampled_from("ab  \n漢é"), max_size=120), st.integers(1, 30))
def test_wrapped_lines_fit_and_cover_the_text_in_order(plain: str, width: int) -> None:
    starts = wrap_offsets(plain, width)
    assert starts[0] == 0
    assert starts == sorted(starts)
    ends = [*starts[1:], len(plain)]
    for start, end in zip(starts, ends, strict=True):
        assert cell_len(plain[start:end].rstrip()) <= max(width, 2)


# Words of at most 10 cells, so a word and its label's colon fit the narrowest width tried (12):
# a word wider than the line has to be cut somewhere, by any renderer.
_CELL_WORDS = st.lists(st.text(alphabet="abcdéf漢", min_size=1, max_size=5), min_size=1, max_size=4)


@given(
    st.integers(1, 4).flatmap(
        lambda columns: st.lists(
            st.lists(_CELL_WORDS, min_size=columns, max_size=columns), min_size=2, max_size=5
        )
    ),
    st.integers(12, 90),
)
def test_tables_never_cut_a_word_at_any_width(table: list[list[list[str]]], width: int) -> None:
    cells = [[" ".join(words) for words in row] for row in table]
    header, *body = cells
    markdown = "\n".join(
        [
            "| " + " | ".join(header) + " |",
            "|" + "---|" * len(header),
            *("| " + " | ".join(row) + " |" for row in body),
        ]
    )
    words = {word for row in table for cell in row for word in cell}
    drawn = lines(markdown, width)
    assert all(cell_len(row) <= width for row in drawn)
    shown = [word.rstrip(":") for row in drawn for word in row.split() if set(word) != {"─"}]
    assert set(shown) <= words
