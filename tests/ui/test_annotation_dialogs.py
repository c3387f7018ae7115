"""The tags and note dialogs' checks, on their own: what a reader types becomes the tags the
store keeps, or a one-line reason it cannot."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.store.state import MAX_TAG_LENGTH, clean_tag
from reader.ui.screens.annotations import check_note, parse_tags


def test_tags_are_split_at_commas_cleaned_sorted_and_kept_once() -> None:
    assert parse_tags("Knife Crime, court,,  COURT , ") == ("court", "knife crime")
    assert parse_tags("") == ()
    assert parse_tags(" , ") == ()


def test_the_first_tag_that_cannot_be_one_is_named() -> None:
    assert parse_tags("court, ???, kent") == "“???”: '???' has no letter or digit to search it by."
    assert parse_tags("x" * (MAX_TAG_LENGTH + 1)) == (
        f"“{'x' * 40}”: a tag is at most {MAX_TAG_LENGTH} characters."
    )


def test_a_note_is_checked_for_its_length() -> None:
    assert check_note("A short note.") is None
    assert check_note("") is None
    assert check_note("y" * 20_001) == "A note is at most 20,000 characters; this one has 20,001."


@given(st.text())
def test_whatever_is_typed_gives_tags_the_store_keeps_as_they_are_or_a_reason(text: str) -> None:
    tags = parse_tags(text)
    if isinstance(tags, str):
        assert "\n" not in tags and "\x1b" not in tags
    else:
        assert list(tags) == sorted(set(tags))
        assert all(clean_tag(tag) == tag for tag in tags)
