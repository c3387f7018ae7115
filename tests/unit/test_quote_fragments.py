"""Issue 12: the fragment rule, the floors it holds on real text and on the own set, and the cue
and confidence of each attribution."""

from __future__ import annotations

import pytest
from support.quote_eval.fragments import (
    CORPUS,
    Fragment,
    Labelled,
    Prediction,
    corpus_cases,
    covers,
    kind_cases,
    kind_of,
    own_cases,
    predictions,
    score_all,
    score_one,
    speaker_right,
    spoken_non_quotes,
)

from reader.quotes import DOUBTFUL_BELOW, extract_quotes

# ---------------------------------------------------------------------------------------------
# The rule itself


def test_a_prediction_covers_a_fragment_whose_first_five_words_it_holds_in_order() -> None:
    assert covers("He said: we will find them and we will", "We will find them and bring")
    assert not covers("We will find them", "We will find them and bring")  # only four
    assert not covers("We will find and them", "We will find them and")  # out of order


def test_punctuation_case_and_curly_apostrophes_are_not_words() -> None:
    assert covers("lock IT and check IT", "Lock it, and check it")
    assert covers("We've waited nearly 4 years", "We’ve waited nearly 4 years for")


def test_a_joined_prediction_covers_every_fragment_it_joins() -> None:
    case = Labelled(
        "joined",
        "",
        (Fragment("We are determined", "Tom Baker"), Fragment("to catch them", "Tom Baker")),
    )
    score, problems = score_one(case, [Prediction("We are determined to catch them", "Tom Baker")])
    assert (score.correct, score.predicted, score.found, score.fragments) == (1, 1, 2, 2)
    assert problems == []


def test_the_speaker_is_right_when_every_labelled_name_word_is_in_the_prediction() -> None:
    assert speaker_right("Mavis Greene", "Mavis Greene")
    assert not speaker_right("Greene", "Mavis Greene")
    assert speaker_right("police spokesperson", "a police spokesperson")
    assert speaker_right("Department for Coastal Ferries", "the Department for Coastal Ferries")
    assert not speaker_right("", "Mavis Greene")


def test_a_prediction_covering_no_fragment_costs_precision_only() -> None:
    case = Labelled("one", "", (Fragment("It was a long night", "Jo Bloggs"),))
    predicted = [Prediction("It was a long night", "Jo Bloggs"), Prediction("watchdog", "Jo")]
    score, problems = score_one(case, predicted)
    assert (score.precision, score.recall) == (0.5, 1.0)
    assert [(problem.kind, problem.text) for problem in problems] == [("not speech", "watchdog")]


def test_a_wrong_name_counts_against_both() -> None:
    case = Labelled("one", "", (Fragment("It was a long night", "Mavis Greene"),))
    score, problems = score_one(case, [Prediction("It was a long night", "Greene")])
    assert (score.precision, score.recall) == (0.0, 0.0)
    assert [(p.kind, p.expected, p.got) for p in problems] == [
        ("wrong speaker", "Mavis Greene", "Greene")
    ]


# ---------------------------------------------------------------------------------------------
# Floors. Measured when written: corpus P 1.000 R 1.000; own set P 1.000 R 0.995. The floors
# sit a little under what is reached, and above the issue's goal (P >= 0.97, F1 >= 0.95).


def test_real_corpus_meets_the_issues_goal() -> None:
    cases = corpus_cases()
    if not cases:
        pytest.skip(f"no corpus at {CORPUS}")
    score, problems = score_all(cases)
    assert score.fragments == 97
    assert score.precision >= 0.98, problems
    assert score.f1 >= 0.97, problems


def test_own_set_meets_the_floor() -> None:
    score, problems = score_all(own_cases())
    assert score.fragments >= 180
    assert score.precision >= 0.99, problems
    assert score.f1 >= 0.98, problems


KINDS = sorted({kind_of(case.id) for case in kind_cases()})


def test_the_own_set_has_each_kind_of_the_issue_with_counter_cases() -> None:
    kinds = set(KINDS)
    for kind in ("partial-names", "partial-quotes", "unmarked-speech"):
        assert {kind, f"{kind}-counter"} <= kinds
    assert {"lead-ins", "not-names", "quote-marks"} <= kinds


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_read_right(kind: str) -> None:
    cases = [case for case in kind_cases() if kind_of(case.id) == kind]
    score, problems = score_all(cases)
    assert problems == []
    assert score.precision == 1.0 and score.recall == 1.0
    for case in cases:
        assert spoken_non_quotes(case, predictions(extract_quotes(case.body))) == []


def test_no_labelled_non_quote_of_the_corpus_is_taken_for_speech() -> None:
    cases = corpus_cases()
    if not cases:
        pytest.skip(f"no corpus at {CORPUS}")
    assert sum(len(case.non_quotes) for case in cases) >= 10
    taken = {
        case.id: spoken
        for case in cases
        if (spoken := spoken_non_quotes(case, predictions(extract_quotes(case.body, case.title))))
    }
    assert taken == {}


# ---------------------------------------------------------------------------------------------
# Cue and confidence


def cues(body: str, title: str = "") -> list[tuple[str, str, float]]:
    result = extract_quotes(body, title)
    return [(speaker.name, quote.cue, quote.confidence) for speaker, quote in result.quotes]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("PC Jo Bloggs said: 'We will find them.'", ("Jo Bloggs", "said-before", 0.95)),
        ("'We will find them,' said PC Jo Bloggs.", ("Jo Bloggs", "said-after", 0.95)),
        (
            "PC Jo Bloggs said:\n\n'We will find them.'",
            ("Jo Bloggs", "said-colon-lead-in", 0.95),
        ),
        (
            "PC Jo Bloggs said:\n\n> We will find them.",
            ("Jo Bloggs", "block-quote-after-lead-in", 0.9),
        ),
        (
            "PC Jo Bloggs said:\n\nWe will find them, and we will charge them.",
            ("Jo Bloggs", "plain-paragraph-after-lead-in", 0.8),
        ),
        ("'We will find them.'\n\n— PC Jo Bloggs", ("Jo Bloggs", "sign-off", 0.9)),
        (
            "PC Jo Bloggs called the attack 'utterly cowardly' on Monday.",
            ("Jo Bloggs", "partial-quote-verb", 0.75),
        ),
    ],
)
def test_each_quote_carries_the_cue_it_was_attributed_by(
    body: str, expected: tuple[str, str, float]
) -> None:
    assert cues(body) == [expected]


def test_back_references_and_continuations_say_so_with_less_confidence() -> None:
    body = (
        "Inspector Jo Bloggs said: 'We will find them.'\n\n"
        "'We have already made two arrests.'\n\n"
        "She added: 'Please call us.'"
    )
    assert cues(body) == [
        ("Jo Bloggs", "said-before", 0.95),
        ("Jo Bloggs", "paragraph-continuation", 0.85),
        ("Jo Bloggs", "pronoun-back-reference", 0.85),
    ]


def test_a_resolved_partial_name_is_the_full_name_and_a_surname_alone_is_less_sure() -> None:
    body = "Federation chair Dana Whitlock spoke.\n\nDana said: 'We are angry.'"
    assert cues(body) == [("Dana Whitlock", "said-before", 0.95)]
    assert cues("Mr Whitlock said: 'We are angry.'") == [("Whitlock", "said-before", 0.85)]


def test_a_statement_under_a_headline_naming_one_person_is_theirs_but_doubtful() -> None:
    body = "'We got this wrong and I am sorry for it.'\n\nThe force has since changed its policy."
    title = "Statement from Chief Constable Mira Okonjo"
    result = extract_quotes(body, title)
    (speaker,) = result.speakers
    (quote,) = speaker.quotes
    assert (speaker.name, quote.cue, quote.confidence) == ("Mira Okonjo", "headline", 0.6)
    assert quote.doubtful and speaker.doubtful and result.doubtful
    assert extract_quotes(body).speakers == ()  # without the headline: nobody


def test_two_people_sharing_the_name_leaves_the_quote_unattributed_not_guessed() -> None:
    body = "Sam Ferrier and Sam Oduya were on shift.\n\nSam said: 'It was the busiest night.'"
    result = extract_quotes(body)
    assert result.speakers == ()
    (quote,) = result.unattributed
    assert (quote.text, quote.cue, quote.confidence) == (
        "It was the busiest night.",
        "ambiguous-name",
        0.0,
    )
    assert result.doubtful


def test_a_plainly_attributed_article_is_not_doubtful() -> None:
    result = extract_quotes("'We will find them,' said PC Jo Bloggs.")
    assert not result.doubtful
    assert all(quote.confidence >= DOUBTFUL_BELOW for _speaker, quote in result.quotes)
