"""`tag:`, `has:` and `note:` in the query language and the reference matcher."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.search.query import (
    Fields,
    HasFilter,
    Marks,
    NoteFilter,
    QueryError,
    TagFilter,
    folded_words,
    matches,
    parse,
)

ARTICLE = Fields("Title", None, None, (), "Body text", None, "url:a")
OTHER = Fields("Other", None, None, (), "Body text", None, "url:b")
MARKS = Marks(
    frozenset(),
    frozenset(),
    tags={"url:a": ("court case", "café")},
    notes={"url:a": "Ring the Café owner; follow-up on Friday."},
)


@pytest.mark.parametrize(
    ("text", "node"),
    [
        ("tag:Court", TagFilter("court")),
        ('tag:"Court  Case"', TagFilter("court case")),
        ("tag:cou*", TagFilter("cou", prefix=True)),
        ("has:note", HasFilter("note")),
        ("has:TAG", HasFilter("tag")),
        ("note:Friday", NoteFilter(("friday",))),
        ('note:"follow up"', NoteFilter(("follow", "up"))),
        ("note:fri*", NoteFilter(("fri",), prefix=True)),
    ],
)
def test_the_new_fields_parse(text: str, node: object) -> None:
    assert parse(text).root == node
    assert parse(text).uses_state


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("has:stars", "has: takes note, tag or doubtful"),
        ("tag:--", "'tag:' needs a tag name"),
        ("note:...", "'note:' needs a word to search for"),
    ],
)
def test_bad_values_say_what_is_expected(text: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse(text)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('tag:"court case"', True),
        ("tag:court", False),  # a tag is matched whole, not word by word
        ("tag:cafe", True),  # accents aside
        ("tag:cour*", True),
        ("has:tag", True),
        ("has:note", True),
        ("note:cafe", True),
        ('note:"follow up"', True),
        ('note:"up follow"', False),
        ("note:fri*", True),
        ("note:owner -tag:café", False),
        ("body note:ring", True),
    ],
)
def test_the_reference_matcher_reads_the_tags_and_note(text: str, expected: bool) -> None:
    assert matches(parse(text), ARTICLE, MARKS) is expected
    assert matches(parse(text), OTHER, MARKS) is (text.startswith("-"))


def test_without_the_reading_state_they_are_an_error() -> None:
    with pytest.raises(QueryError, match="need the reading state"):
        Marks.of(None, parse("tag:court"))


class _Source:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def read_identities(self) -> set[str]:
        self.asked.append("read")
        return set()

    def starred_identities(self) -> set[str]:
        self.asked.append("starred")
        return set()

    def tag_map(self) -> dict[str, tuple[str, ...]]:
        self.asked.append("tags")
        return {"url:a": ("x",)}

    def notes(self) -> dict[str, str]:
        self.asked.append("notes")
        return {}


def test_only_what_the_query_uses_is_read() -> None:
    source = _Source()
    marks = Marks.of(source, parse("tag:x"))
    assert source.asked == ["tags"]
    assert marks is not None and dict(marks.tags) == {"url:a": ("x",)}


@given(st.text(max_size=200), st.text(max_size=30))
def test_any_note_and_tag_text_is_matched_without_error(note: str, word: str) -> None:
    marks = Marks(frozenset(), frozenset(), tags={"url:a": (note,)}, notes={"url:a": note})
    found = folded_words(note)
    if found:  # each word of a note finds it
        assert matches(parse(f'note:"{found[0]}"'), ARTICLE, marks)
    if folded_words(word):
        quoted = word.replace('"', " ").replace("”", " ")
        if folded_words(quoted):
            matches(parse(f'note:"{quoted}" OR tag:"{quoted}"'), ARTICLE, marks)
