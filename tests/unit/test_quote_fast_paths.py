"""The quote extractor's fast paths give what the slow ones give: quote marks are found with
`str.find` where the regex found them, plain lines are cut into units without the marker
checks, the capitalised runs of every line are found in one scan of the body, a lead-in read
twice is read once, and an attribution phrase read before (in this article or another) is
read as it was. (benchmarks/quotes_identity.py compares the whole output before and
after a change on thousands of articles; these keep each shortcut honest on any text.)"""

from __future__ import annotations

import dataclasses
import re

import pytest
import support.hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from hypothesis import given
from hypothesis import strategies as st

from reader.quotes import extract_quotes, phrases
from reader.quotes import marks as marks_module
from reader.quotes.document import _Document, _runs
from reader.quotes.marks import _MARK_RE, _mark_positions, _units
from reader.quotes.phrases import _PhraseReader, _segments, _Who
from reader.quotes.text import _CAP_RUN, _clean, _clean_tokens, _tokens

# What the extractor reacts to, in any order: marks, markdown, whitespace of every kind, names,
# titles, lead-ins, verbs and pronouns.
PIECES = [
    *"'‘’‛\"“”„«»",
    *[" ", " ", "\n", "\n\n", "\n\n", "\t", "\r\n", "\u00a0", "\u2003", "\x1c", "   "],
    *["> ", ">", "- ", "* ", "+ ", "## ", "#", "1. ", "2) ", "*", "_", "**", "```\n", "~~~\n"],
    *["---\n", "***", "[link](x)", ",", ".", ":", ";", "!", " — ", "(", ")", "5’9”", "it's"],
    *["said", "said:", "added:", "told the court:", "adding:", "says", "He said:", "she"],
    *["Mark Hedges", "Mr Hedges", "Chief Inspector", "PC", "Cllr Jo Bloggs", "Dana", "of"],
    *["Kent Police", "District Commander for Canterbury", "a police spokesperson", "Élodie"],
    *["We are", "our", "I", "Those were the words of", "Operation", "Safer Streets", "and"],
]

bodies = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)

# Paragraphs naming people in full, in part or not at all, and quoting them: what one article
# knows of a name ("Hedges" is Mark Hedges only where he is printed in full) differs from the
# next one's.
NAMES = ["Mark Hedges", "Hedges", "Mr Hedges", "Dana Whitlock", "Dana", "Whitlock", "Mark", "he"]
PARAGRAPHS = st.builds(
    str.format,
    st.sampled_from(
        [
            "{0} met officers in Dover.",
            "'We will act on this now, today.' {0} {1}.",
            "{0} {1}: 'We are ready for this now.'",
            "'Quiet,' {1} {0}.",
            'Chief Inspector {0}, District Commander, {1}: "Not again."',
        ]
    ),
    st.sampled_from(NAMES),
    st.sampled_from(["said", "added", "told reporters"]),
)
stories = st.lists(PARAGRAPHS, min_size=1, max_size=6).map("\n\n".join)
texts = st.one_of(bodies, st.text(max_size=300))


@given(texts)
def test_clean_tokens_are_the_tokens_of_the_cleaned_text(text: str) -> None:
    assert _clean_tokens(text) == _tokens(_clean(text))


@given(texts)
def test_segments_end_at_each_word_that_ends_in_a_comma(text: str) -> None:
    tokens = _tokens(text)
    cut_after = [token.raw.rstrip("*_'’\"”").endswith(",") for token in tokens]
    segments = _segments(tokens)
    assert [token for segment in segments for token in segment] == tokens
    assert all(segments)
    ends = [len(segment) for segment in segments]
    assert [sum(ends[: i + 1]) - 1 for i in range(len(ends) - 1)] == [
        i for i, cut in enumerate(cut_after[:-1]) if cut
    ]


@given(texts)
def test_marks_are_found_where_the_regex_finds_them(text: str) -> None:
    assert _mark_positions(text) == [match.start() for match in _MARK_RE.finditer(text)]


class _EveryCharacter:
    """A set holding every character: no line is plain, so each takes the general path."""

    def __contains__(self, _char: object) -> bool:
        return True


@given(texts)
def test_plain_lines_make_the_units_the_general_path_makes(text: str) -> None:
    fast = _units(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(marks_module, "_PLAIN_LINE_NOT", _EveryCharacter())
        general = _units(text)
    assert fast == general


@given(texts)
def test_one_scan_finds_the_runs_each_line_holds(text: str) -> None:
    units = _units(text)
    line_by_line = [
        (run.span(), start, end)
        for unit in units
        for start, end in unit.lines
        for run in _CAP_RUN.finditer(text, start, end)
    ]
    assert [(run.span(), start, end) for run, start, end in _runs(text, units)] == line_by_line


# A word's letters held possessively (`{0,40}+`) match what backtracking into them matched.
BACKTRACKING_RUN = re.compile(_CAP_RUN.pattern.replace("{0,40}+", "{0,40}"))
LONG_WORDS = st.lists(
    st.sampled_from([*PIECES, "A" + "b" * 39, "C" + "d" * 40, "E" + "f" * 41, "-", "’", "."]),
    max_size=60,
).map("".join)


@given(st.one_of(texts, LONG_WORDS))
def test_possessive_runs_match_the_backtracking_ones(text: str) -> None:
    assert "{0,40}+" in _CAP_RUN.pattern
    assert [m.span() for m in _CAP_RUN.finditer(text)] == [
        m.span() for m in BACKTRACKING_RUN.finditer(text)
    ]


@given(bodies)
def test_a_lead_in_read_once_reads_as_one_read_each_time(text: str) -> None:
    remembered = extract_quotes(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_Document, "lead_in_who", _lead_in_read_afresh)
        afresh = extract_quotes(text)
    assert remembered == afresh


_remembering = _Document.lead_in_who


def _lead_in_read_afresh(self: _Document, reader: _PhraseReader, unit_index: int) -> _Who | None:
    self.lead_ins.clear()
    return _remembering(self, reader, unit_index)


@given(st.lists(st.one_of(bodies, stories), min_size=1, max_size=6))
def test_a_remembered_reading_is_the_reading_made_afresh(texts: list[str]) -> None:
    remembered = [extract_quotes(text) for text in texts * 2]  # the second time, all are held
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_PhraseReader, "read", _phrase_read_afresh)
        afresh = [extract_quotes(text) for text in texts * 2]
    assert remembered == afresh


_reading = _PhraseReader.read


def _phrase_read_afresh(
    self: _PhraseReader, phrase: str, *, subject_only: bool = False
) -> _Who | None:
    phrases._READINGS.clear()
    return _reading(self, phrase, subject_only=subject_only)


def test_a_copied_speaker_keeps_every_field() -> None:
    # Cached readings are handed out as copies; a field added to _Who but not to the copy
    # would be dropped from every reading after the first, silently.
    values = {str: "x", bool: True}
    who = _Who(
        **{field.name: values.get(type(field.default), "y") for field in dataclasses.fields(_Who)}
    )
    copy = phrases._copied(who)
    assert copy is not who
    assert [getattr(copy, field.name) for field in dataclasses.fields(_Who)] == [
        getattr(who, field.name) for field in dataclasses.fields(_Who)
    ]
    assert all(getattr(copy, field.name) != field.default for field in dataclasses.fields(_Who))
