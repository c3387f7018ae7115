"""The query language: every piece of the syntax, its errors, and what a match means."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from hypothesis import given
from hypothesis import strategies as st

from reader.search.query import (
    And,
    DateBound,
    Fields,
    Marks,
    Not,
    Or,
    Phrase,
    Query,
    QueryError,
    Snippet,
    StateFilter,
    fold,
    folded_words,
    match_ranges,
    matches,
    parse,
    snippet,
    words,
)


def word(text: str, **options: object) -> Phrase:
    return Phrase(tuple(text.split()), **options)  # type: ignore[arg-type]


# --- syntax -------------------------------------------------------------------------------------


def test_one_word_is_a_phrase_of_one() -> None:
    assert parse("kent").root == word("kent")


def test_words_must_all_match() -> None:
    assert parse("kent police").root == And((word("kent"), word("police")))


def test_quoted_words_are_an_exact_phrase() -> None:
    assert parse('"county lines" arrests').root == And((word("county lines"), word("arrests")))


def test_curly_quotes_make_a_phrase_too() -> None:
    assert parse("“county lines”").root == word("county lines")


def test_a_trailing_star_makes_a_prefix() -> None:
    assert parse("resid*").root == word("resid", prefix=True)


def test_a_star_after_a_phrase_makes_its_last_word_a_prefix() -> None:
    assert parse('"medical pa"*').root == word("medical pa", prefix=True)


def test_a_minus_excludes_a_word() -> None:
    assert parse("kent -burglary").root == And((word("kent"), Not(word("burglary"))))


def test_a_minus_excludes_a_phrase_a_field_and_a_group() -> None:
    assert parse('-"county lines" -title:kent -(a OR b)').root == And(
        (
            Not(word("county lines")),
            Not(word("kent", field="title")),
            Not(Or((word("a"), word("b")))),
        )
    )


def test_or_joins_alternatives() -> None:
    assert parse("kent OR sussex OR essex").root == Or(
        (word("kent"), word("sussex"), word("essex"))
    )


def test_or_binds_tighter_than_the_implicit_and() -> None:
    assert parse("police kent OR sussex fire").root == And(
        (word("police"), Or((word("kent"), word("sussex"))), word("fire"))
    )


def test_lower_case_or_is_an_ordinary_word() -> None:
    assert parse("kent or sussex").root == And((word("kent"), word("or"), word("sussex")))


def test_brackets_group() -> None:
    assert parse("(kent police) OR fire").root == Or(
        (And((word("kent"), word("police"))), word("fire"))
    )


def test_a_closing_bracket_outside_a_group_is_punctuation() -> None:
    assert parse("smile :)").root == word("smile")


@pytest.mark.parametrize("field", ["title", "area", "site", "speaker"])
def test_text_fields_take_a_word(field: str) -> None:
    assert parse(f"{field}:Kent").root == word("kent", field=field)


def test_fields_take_a_quoted_phrase() -> None:
    assert parse('speaker:"Mark Hedges"').root == word("mark hedges", field="speaker")


def test_fields_take_a_prefix() -> None:
    assert parse("title:canter*").root == word("canter", prefix=True, field="title")


def test_field_names_ignore_case() -> None:
    assert parse("Title:kent AREA:kent").root == And(
        (word("kent", field="title"), word("kent", field="area"))
    )


def test_before_takes_an_iso_date() -> None:
    assert parse("before:2021-01-01").root == DateBound("before", date(2021, 1, 1))


def test_after_takes_a_uk_date_day_first() -> None:
    assert parse("after:01/11/2020").root == DateBound("after", date(2020, 11, 1))


def test_a_date_may_be_quoted() -> None:
    assert parse('after:"2020-11-01"').root == DateBound("after", date(2020, 11, 1))


# A Monday, the last day of March: months back from it land on shorter months.
TODAY = date(2025, 3, 31)


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("today", date(2025, 3, 31)),
        ("yesterday", date(2025, 3, 30)),
        ("2025", date(2025, 1, 1)),
        ("2025-03", date(2025, 3, 1)),
        ("2024-2", date(2024, 2, 1)),
        ('"last week"', date(2025, 3, 24)),
        ('"Last  Week"', date(2025, 3, 24)),
        ('"last month"', date(2025, 2, 28)),
        ('"last year"', date(2024, 3, 31)),
        ('"this week"', date(2025, 3, 31)),
        ('"this month"', date(2025, 3, 1)),
        ('"this year"', date(2025, 1, 1)),
        ('"3 days ago"', date(2025, 3, 28)),
        ('"1 day ago"', date(2025, 3, 30)),
        ('"a week ago"', date(2025, 3, 24)),
        ('"2 weeks ago"', date(2025, 3, 17)),
        ('"1 month ago"', date(2025, 2, 28)),
        ('"13 months ago"', date(2024, 2, 29)),
        ('"2 years ago"', date(2023, 3, 31)),
    ],
)
@pytest.mark.parametrize("kind", ["before", "after"])
def test_dates_may_be_a_month_a_year_or_counted_back_from_today(
    kind: str, value: str, day: date
) -> None:
    assert parse(f"{kind}:{value}", today=TODAY).root == DateBound(kind, day)  # type: ignore[arg-type]


def test_relative_dates_count_from_the_local_date_by_default() -> None:
    assert parse("after:today").root == DateBound("after", date.today())


def test_nesting_up_to_the_cap_parses() -> None:
    root = parse("(" * 32 + "kent" + ")" * 32).root
    assert root == word("kent")


@pytest.mark.parametrize("flag", ["unread", "read", "starred"])
def test_is_takes_a_reading_state(flag: str) -> None:
    assert parse(f"is:{flag}").root == StateFilter(flag)  # type: ignore[arg-type]


def test_a_query_knows_whether_it_needs_the_reading_state() -> None:
    assert parse("kent -(is:starred OR fire)").uses_state
    assert not parse("kent -fire").uses_state


def test_words_are_folded_to_lower_case_without_accents() -> None:
    assert parse("CAFÉ Naïve").root == And((word("cafe"), word("naive")))


def test_a_word_with_punctuation_inside_is_a_phrase() -> None:
    assert parse("covid-19").root == word("covid 19")


def test_terms_made_of_punctuation_are_ignored() -> None:
    assert parse("kent & - police").root == And((word("kent"), word("police")))


def test_the_query_keeps_the_text_as_typed() -> None:
    assert parse(" Kent ").text == " Kent "


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("", "the query is empty", None),
        ("   ", "the query is empty", None),
        ("&& --", "nothing to search for", None),
        ('kent "county lines', "a quote is never closed", 5),
        ("(kent OR sussex", "a '(' is never closed", 0),
        ("kent ()", "there is nothing inside ( )", 5),
        ("kent OR", "OR needs a term after it", 5),
        ("OR kent", "OR needs a term before it", 0),
        ("kent OR OR sussex", "OR needs a term after it", 5),
        ("(kent OR) fire", "OR needs a term after it", 6),
        ("kent OR &", "OR needs words on both sides, not only punctuation", 0),
        (
            "before:notadate",
            "'notadate' is not a date; write before:2021-01-31 or before:31/01/2021, a month "
            '(2021-01), a year (2021), today, yesterday, "last week" or "3 days ago"',
            0,
        ),
        ("after:2021-02-30", "there is no such day as 2021-02-30", 0),
        (
            "after:2021*",
            "'2021' is not a date; write after:2021-01-31 or after:31/01/2021, a month "
            '(2021-01), a year (2021), today, yesterday, "last week" or "3 days ago"',
            0,
        ),
        ('after:"99999 years ago"', "'99999 years ago' is before the year 1", 0),
        ("kent " + "(" * 33 + "x" + ")" * 33, "brackets nest more than 32 deep", 37),
        pytest.param(
            " ".join(["kent"] * 257), "a query has at most 256 terms", 5 * 256, id="257 terms"
        ),
        ("title:", "'title:' needs a value right after the colon", 0),
        ("kent title: fire", "'title:' needs a value right after the colon", 5),
        ('title:""', "'title:' needs a word to search for", 0),
        ("title:(a OR b)", "'title:' takes a word or a \"quoted phrase\", not a group", 0),
        ("is:bogus", "is: takes unread, read or starred", 0),
    ],
)
def test_malformed_queries_say_what_is_wrong_and_where(
    text: str, message: str, position: int | None
) -> None:
    with pytest.raises(QueryError) as caught:
        parse(text)
    assert (caught.value.message, caught.value.position) == (message, position)


def test_an_unknown_field_is_named_with_the_known_ones() -> None:
    with pytest.raises(QueryError) as caught:
        parse("kent colour:red")
    assert str(caught.value) == (
        "unknown field 'colour:' — the fields are title:, area:, site:, speaker:, before:, "
        "after:, is:, tag:, has:, note:; put text with a colon in quotes to search for it "
        "(at character 6)"
    )


def test_quoted_text_with_a_colon_is_searched_for() -> None:
    assert parse('"re: kent"').root == word("re kent")


@given(st.text(max_size=60))
def test_any_text_parses_to_a_query_or_a_query_error(text: str) -> None:
    try:
        result = parse(text)
    except QueryError as error:
        assert error.message
    else:
        assert isinstance(result, Query)


_QUERY_ALPHABET = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "(",
        ")",
        "-",
        "*",
        ":",
        " ",
        " ",
        "OR",
        "or",
        "title",
        "is",
        "before",
        "2021-01-01",
        "01/02/2020",
        "read",
        "kent",
        "é",
        "&",
        "x",
    ]
)


@given(st.lists(_QUERY_ALPHABET, max_size=14).map("".join))
def test_syntax_soup_parses_to_a_query_or_a_query_error(text: str) -> None:
    try:
        parse(text)
    except QueryError as error:
        assert error.position is None or 0 <= error.position < len(text)


# --- words and folding --------------------------------------------------------------------------


def test_fold_removes_accents_and_case() -> None:
    assert fold("ÉCOLE Zoë Ångström") == "ecole zoe angstrom"


def test_words_keep_offsets_into_the_original_text() -> None:
    text = "Ça va, CAFE\u0301-bar!"
    assert [(w.folded, text[w.start : w.end]) for w in words(text)] == [
        ("ca", "Ça"),
        ("va", "va"),
        ("cafe", "CAFE\u0301"),
        ("bar", "bar"),
    ]


def test_underscores_and_punctuation_separate_words() -> None:
    assert folded_words("snake_case it's £5.50") == ("snake", "case", "it", "s", "5", "50")


# --- evaluation ---------------------------------------------------------------------------------


def fields(**overrides: object) -> Fields:
    values: dict[str, object] = {
        "title": "Knife arch at Ramsgate station",
        "site": "Kent Police",
        "area": "Kent",
        "speakers": ("Mark Hedges", "Sarah Osborn"),
        "body": "Officers in Ramsgate checked commuters. The café stayed open.",
        "published": datetime(2021, 1, 1, 0, 0),
        "identity": "url:https://example.org/a",
    }
    values.update(overrides)
    return Fields(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ramsgate", True),
        ("ramsgate burglary", False),
        ('"checked commuters"', True),
        ('"commuters checked"', False),
        ("commut*", True),
        ('"checked comm"*', True),
        ("cafe", True),
        ("title:ramsgate", True),
        ("title:officers", False),
        ("site:police area:kent", True),
        ("area:police", False),
        ('speaker:"mark hedges"', True),
        ('speaker:"hedges sarah"', True),  # names are one text: a phrase may span two
        ("speaker:ramsgate", False),
        ("-ramsgate", False),
        ("-burglary", True),
        ("burglary OR knife", True),
        ("burglary OR theft", False),
        ('"station officers"', False),  # a phrase does not run from one field into another
        ("before:2021-01-01", False),  # the day itself is not before it
        ("after:2021-01-01", True),
        ("after:02/01/2021", False),
        ("before:2021-01-02", True),
    ],
)
def test_what_matches_one_article(text: str, expected: bool) -> None:
    assert matches(parse(text), fields()) is expected


def test_an_undated_article_matches_no_date_bound() -> None:
    undated = fields(published=None)
    assert not matches(parse("before:2100-01-01"), undated)
    assert not matches(parse("after:1900-01-01"), undated)
    assert matches(parse("-before:2100-01-01"), undated)


def test_is_filters_read_the_marks() -> None:
    marks = Marks(read=frozenset({"url:https://example.org/a"}), starred=frozenset())
    assert matches(parse("is:read"), fields(), marks)
    assert not matches(parse("is:unread"), fields(), marks)
    assert not matches(parse("is:starred"), fields(), marks)
    assert matches(parse("-is:starred"), fields(), marks)


class _Source:
    def read_identities(self) -> set[str]:
        return {"a"}

    def starred_identities(self) -> set[str]:
        return {"b"}


def test_marks_are_taken_only_for_a_query_that_needs_them() -> None:
    assert Marks.of(_Source(), parse("kent")) is None
    assert Marks.of(_Source(), parse("is:starred")) == Marks(frozenset({"a"}), frozenset({"b"}))


def test_an_is_filter_without_the_reading_state_is_an_error() -> None:
    with pytest.raises(QueryError, match="need the reading state"):
        Marks.of(None, parse("kent is:unread"))


# --- highlights and snippets --------------------------------------------------------------------


def test_match_ranges_cover_words_phrases_and_prefixes() -> None:
    text = "The CAFÉ in County  Lines: police, Policing and cafe."
    query = parse('café "county lines" pol*')
    assert match_ranges(query, text) == [(4, 8), (12, 25), (27, 33), (35, 43), (48, 52)]
    assert [text[start:end] for start, end in match_ranges(query, text)] == [
        "CAFÉ",
        "County  Lines",
        "police",
        "Policing",
        "cafe",
    ]


def test_match_ranges_merge_overlapping_matches() -> None:
    assert match_ranges(parse('"county lines" lines'), "county lines") == [(0, 12)]


def test_excluded_words_are_not_highlighted() -> None:
    assert match_ranges(parse("kent -police"), "Kent Police") == [(0, 4)]


def test_field_words_are_highlighted_only_in_their_field() -> None:
    query = parse("title:kent fire")
    assert match_ranges(query, "Kent fire", "title") == [(0, 4), (5, 9)]
    assert match_ranges(query, "Kent fire", "body") == [(5, 9)]


def test_speaker_names_are_highlighted_in_the_body() -> None:
    query = parse('speaker:"Mark Hedges"')
    assert match_ranges(query, "said Mark Hedges.", "body") == [(5, 16)]


def test_a_snippet_centres_on_the_first_match_on_one_line() -> None:
    body = "Opening words here.\n\n" + "filler " * 40 + "the knife arch\nwas installed."
    result = snippet(parse("knife"), body, width=40)
    assert result == Snippet("…filler filler the knife arch was…", ((19, 24),))


def test_a_snippet_drops_markdown_marks_but_keeps_link_text() -> None:
    body = "## Knife arch\n\n- **Commuters** see the [new arch](https://example.org/a) `today`."
    result = snippet(parse("arch"), body)
    assert result == Snippet("Knife arch Commuters see the new arch today.", ((6, 10), (33, 37)))


def test_a_snippet_without_a_match_is_the_start_of_the_body() -> None:
    result = snippet(parse("title:kent"), "First words.\nSecond line.", width=80)
    assert result == Snippet("First words. Second line.", ())


@given(st.integers(0, 1200), st.sampled_from(["(", "-(", "(kent OR ", "(-x "]))
def test_any_nesting_depth_is_a_query_or_a_query_error(depth: int, opening: str) -> None:
    text = opening * depth + "kent" + ")" * depth
    try:
        parse(text)
    except QueryError as error:
        assert (error.message, depth) == ("brackets nest more than 32 deep", max(depth, 33))


@given(
    st.integers(0, 10**7),
    st.sampled_from(["day", "days", "week", "weeks", "month", "months", "year", "years"]),
    st.sampled_from(["before", "after"]),
    st.dates(),
)
def test_any_count_back_is_a_day_or_a_query_error(
    count: int, unit: str, kind: str, today: date
) -> None:
    try:
        root = parse(f'{kind}:"{count} {unit} ago"', today=today).root
    except QueryError as error:
        assert error.message == f"'{count} {unit} ago' is before the year 1"
    else:
        assert isinstance(root, DateBound) and root.day <= today
