"""Quote extraction (reader/quotes.py): each convention of issue 3, the seed exactly, the labelled
evaluation set, and hostile input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.hypothesis_profiles import at_least
from support.quote_eval import (
    EvalCase,
    load_cases,
    load_sample_cases,
    mismatches,
    score,
    seed_body,
)

from reader.quotes import ArticleQuotes, Quote, Speaker, extract_quotes, split_title
from reader.quotes.text import _soft_wraps_joined

SEED_NAME = "2020-11-12-kent-emergency-medical-packs.md"


def who(body: str) -> list[tuple[str, str | None, str | None, list[str]]]:
    """(name, title, role, quote texts) for each speaker, in order."""
    return [
        (s.name, s.title, s.role, [q.text for q in s.quotes]) for s in extract_quotes(body).speakers
    ]


def said(body: str) -> list[tuple[str, str]]:
    """(speaker, quote text) for each quote, in body order."""
    return [(speaker.name, quote.text) for speaker, quote in extract_quotes(body).quotes]


def speaker_names(body: str) -> list[str]:
    """The speaker of each quote, in body order."""
    return [name for name, _text in said(body)]


def texts(body: str) -> list[str]:
    return [quote.text for _speaker, quote in extract_quotes(body).quotes]


def only_quote(body: str) -> Quote:
    (speaker,) = extract_quotes(body).speakers
    (quote,) = speaker.quotes
    return quote


# ---------------------------------------------------------------------------------------------
# Attribution before, after and around the quote


def test_attribution_before_gives_rank_name_and_role() -> None:
    body = "Chief Inspector Mark Hedges, District Commander for Ashford, said: 'It is rare.'"
    assert who(body) == [
        ("Mark Hedges", "Chief Inspector", "District Commander for Ashford", ["It is rare."])
    ]


@pytest.mark.parametrize(
    ("lead", "name", "role"),
    [
        ("Prime Minister Tamsin Ellery", "Tamsin Ellery", "Prime Minister"),
        ("Health Secretary Wes Harrowby", "Wes Harrowby", "Health Secretary"),
        ("Wetlands Minister Orla Quennell", "Orla Quennell", "Wetlands Minister"),
        ("Culture Secretary Imogen Brack", "Imogen Brack", "Culture Secretary"),
        ("Chancellor Ruth Amberley", "Ruth Amberley", "Chancellor"),
        ("Attorney General Lord Penhallow", "Lord Penhallow", "Attorney General"),
        ("Special Envoy Idris Mawle", "Idris Mawle", "Special Envoy"),
    ],
)
def test_an_office_printed_before_a_name_is_the_role_not_part_of_the_name(
    lead: str, name: str, role: str
) -> None:
    # Whatever the portfolio, a role noun with name words after it starts the name after it:
    # "Wetlands Minister Orla Quennell" is not a person called that.
    assert who(f"{lead} said: \u201cWe will act on this.\u201d") == [
        (name, None, role, ["We will act on this."])
    ]


@pytest.mark.parametrize(
    ("lead", "title"),
    [("Rt Hon Tobiah Kell MP", "Rt Hon"), ("The Rt. Hon. Sir Tobiah Kell", "Rt Hon Sir")],
)
def test_the_right_honourable_is_a_title_not_part_of_the_name(lead: str, title: str) -> None:
    (speaker,) = extract_quotes(f"{lead} said: \u201cWe will act on this.\u201d").speakers
    assert (speaker.name, speaker.title) == ("Tobiah Kell", title)


@pytest.mark.parametrize("name", ["Minnie Walker", "Rhodri Farmer", "Ines Driver"])
def test_a_surname_that_is_a_role_noun_stays_in_the_name(name: str) -> None:
    # The counter-case: the last word of a name is never taken for an office.
    assert who(f"{name} said: \u201cIt was a long night.\u201d") == [
        (name, None, None, ["It was a long night."])
    ]


def test_a_surname_alone_takes_the_full_name_printed_at_a_sentence_start() -> None:
    # An unlisted given name opening a sentence is still a given name.
    body = "Tobiah Kell has farmed here for thirty years.\n\n\u201cIt was awful,\u201d Kell said."
    assert who(body) == [("Tobiah Kell", None, None, ["It was awful"])]


@pytest.mark.parametrize("opener", ["Yesterday", "Sadly", "Speaking"])
def test_a_word_that_opens_clauses_is_never_taken_for_a_given_name(opener: str) -> None:
    body = f"{opener} Kell was seen at the farm.\n\n\u201cIt was awful,\u201d Kell said."
    assert all(opener not in speaker.name for speaker in extract_quotes(body).speakers)


_BARR_THEN = "Sergeant Tom Barr said: \u201cWe arrested a man.\u201d\n\n"


def test_a_pronoun_goes_to_a_person_known_by_an_age_printed_after_the_name() -> None:
    body = _BARR_THEN + "Orla Pennick, 34, was shocked. \u201cIt was awful,\u201d she said."
    assert said(body) == [
        ("Tom Barr", "We arrested a man."),
        ("Orla Pennick", "It was awful"),
    ]


@pytest.mark.parametrize(
    "between",
    [
        "Quorra Pennick, who lives nearby, was shocked.",
        "Quorra Pennick, whose house was hit, was shocked.",
        "Southern Water, who run the works, were told.",
    ],
)
def test_a_pronoun_never_skips_back_over_a_name_printed_with_who(between: str) -> None:
    # "X Y, who" with a given name no list knows may be a person the pronoun means, or a
    # body: the quote goes to neither, and never to the sergeant named before them.
    body = _BARR_THEN + between + " \u201cIt was awful,\u201d she said."
    assert said(body) == [("Tom Barr", "We arrested a man.")]


def test_a_pronoun_goes_to_a_known_given_name_printed_with_who() -> None:
    body = (
        _BARR_THEN
        + "Orla Pennick, who lives nearby, was shocked. \u201cIt was awful,\u201d she said."
    )
    assert said(body) == [
        ("Tom Barr", "We arrested a man."),
        ("Orla Pennick", "It was awful"),
    ]


def test_an_age_after_a_clause_opener_and_a_name_does_not_make_a_person_of_the_opener() -> None:
    body = (
        _BARR_THEN + "Yesterday Orla Pennick, 34, was shocked. \u201cIt was awful,\u201d she said."
    )
    assert all("Yesterday" not in s.name for s in extract_quotes(body).speakers)


@pytest.mark.parametrize("joiner", ["but", "while", "whereas"])
def test_a_name_in_a_clause_before_the_speaker_s_is_another_verb_s_subject(joiner: str) -> None:
    body = f"Tom Barr welcomed the plan, {joiner} Orla Pennick said: \u201cIt is a mistake.\u201d"
    assert [s.name for s in extract_quotes(body).speakers] == ["Orla Pennick"]


def test_the_speaker_keeps_a_clause_of_their_own_before_the_verb() -> None:
    # The counter-case: with no name after the joiner, the clause's subject still speaks.
    body = "Tom Barr welcomed the plan, but said: \u201cIt is late.\u201d"
    assert [s.name for s in extract_quotes(body).speakers] == ["Tom Barr"]


def test_who_said_gives_the_quote_to_the_name_just_before_who() -> None:
    body = "Tom Barr thanked Orla Pennick, who said: \u201cIt is a mistake.\u201d"
    assert who(body) == [("Orla Pennick", None, None, ["It is a mistake."])]


def test_who_said_after_something_that_is_no_name_gives_no_one() -> None:
    body = "Tom Barr thanked Orla Pennick's team, who said: \u201cIt is a mistake.\u201d"
    assert extract_quotes(body).speakers == ()


@pytest.mark.parametrize(
    "clause", ["speaking to reporters outside court", "asked about the plan", "writing online"]
)
def test_a_clause_after_the_name_is_not_their_role(clause: str) -> None:
    body = f"Tobiah Kell, {clause}, said: \u201cIt is done.\u201d"
    assert who(body) == [("Tobiah Kell", None, None, ["It is done."])]


@pytest.mark.parametrize("role", ["acting head of operations", "housing officer at the council"])
def test_a_role_after_the_name_may_open_with_an_ing_word(role: str) -> None:
    body = f"Tobiah Kell, {role}, said: \u201cIt is done.\u201d"
    assert who(body) == [("Tobiah Kell", None, role, ["It is done."])]


_WORK = "\n\nHe said: \u201cIt was a fine piece of work.\u201d"


@pytest.mark.parametrize(
    "sentence",
    [
        "Detective Inspector Tom Barr thanked PC Ana Kell for the arrest.",
        "Detective Inspector Tom Barr praised the work of PC Ana Kell and her team.",
        "After meeting PC Ana Kell, Detective Inspector Tom Barr visited the scene.",
    ],
)
def test_a_pronoun_means_the_subject_of_the_sentence_not_the_last_name_in_it(
    sentence: str,
) -> None:
    assert who(sentence + _WORK) == [
        ("Tom Barr", "Detective Inspector", None, ["It was a fine piece of work."])
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Sergeant Sam Barr and Inspector Jo Kell led the operation.",
        "In the morning PC Jo Kell met Detective Inspector Sam Barr.",
    ],
)
def test_a_pronoun_after_a_sentence_with_no_single_subject_means_no_one(sentence: str) -> None:
    """Given names borne by men and women alike (Sam, Jo) leave "he" open between the two."""
    assert extract_quotes(sentence + _WORK).speakers == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "Sergeant Tom Barr and Inspector Ana Kell led the operation.",
        "In the morning PC Ana Kell met Detective Inspector Tom Barr.",
    ],
)
def test_a_given_name_tells_he_from_she(sentence: str) -> None:
    """Of a man's given name and a woman's, "he" can mean only the man."""
    assert [speaker.name for speaker in extract_quotes(sentence + _WORK).speakers] == ["Tom Barr"]


def test_a_pronoun_s_gender_still_picks_between_the_people_of_a_sentence() -> None:
    body = "Mr Tom Barr met Mrs Ana Kell at the scene.\n\n\u201cIt was awful,\u201d she said."
    assert [s.name for s in extract_quotes(body).speakers] == ["Ana Kell"]


def test_a_role_walked_back_from_a_name_stops_at_another_name_s_verb() -> None:
    body = "Detective Inspector Tom Barr thanked PC Ana Kell. PC Kell said: \u201cTeamwork.\u201d"
    assert who(body) == [("Ana Kell", "PC", None, ["Teamwork."])]


def test_a_surname_met_later_takes_the_name_without_the_office_before_it() -> None:
    body = (
        "Wetlands Minister Orla Quennell opened the new reserve on Friday.\n\n"
        "Minister for Wetlands Baroness Quennell said: \u201cNature needs room.\u201d"
    )
    assert [s.name for s in extract_quotes(body).speakers] == ["Orla Quennell"]


def test_attribution_before_with_organisation_role_then_title_and_name() -> None:
    body = (
        "Dover District Council's cabinet member for community safety, Cllr Oliver Penfold, "
        "said: 'We are acting.'"
    )
    assert who(body) == [
        (
            "Oliver Penfold",
            "Cllr",
            "Dover District Council's cabinet member for community safety",
            ["We are acting."],
        )
    ]


def test_attribution_after_said_rank_name() -> None:
    body = "'We are keeping an open mind,' said Detective Sergeant Amir Khan."
    assert who(body) == [("Amir Khan", "Detective Sergeant", None, ["We are keeping an open mind"])]


def test_attribution_after_name_said() -> None:
    body = "'The support has been incredible,' Janet Cole said."
    assert who(body) == [("Janet Cole", None, None, ["The support has been incredible"])]


def test_attribution_after_with_rank_name_role_said() -> None:
    body = "'Nobody was hurt,' Station Manager Dan Reeves, of Kent Fire and Rescue Service, said."
    assert who(body) == [
        ("Dan Reeves", "Station Manager", "of Kent Fire and Rescue Service", ["Nobody was hurt"])
    ]


def test_attribution_with_comma_instead_of_colon() -> None:
    assert who('PC Owen Tate said, "We will find them."') == [
        ("Owen Tate", "PC", None, ["We will find them."])
    ]


def test_name_and_colon_without_a_verb_in_a_list() -> None:
    assert who("- Cllr Ashley Brown: 'More buses at night.'") == [
        ("Ashley Brown", "Cllr", None, ["More buses at night."])
    ]


def test_participle_attribution_goes_to_the_sentence_subject() -> None:
    body = "Chief Constable Tim Rowe thanked officers, adding: 'I could not be prouder.'"
    assert who(body) == [("Tim Rowe", "Chief Constable", None, ["I could not be prouder."])]


def test_lead_in_paragraph_ending_said_attributes_the_next_quote() -> None:
    body = "Chief Inspector Mark Hedges said:\n\n> 'We will not stop.'\n"
    assert who(body) == [("Mark Hedges", "Chief Inspector", None, ["We will not stop."])]


def test_attribution_in_the_next_paragraph_those_were_the_words_of() -> None:
    body = "'We will not give up.'\n\nThose were the words of Mrs Karen Walsh, a mother of two.\n"
    assert who(body) == [("Karen Walsh", "Mrs", "a mother of two", ["We will not give up."])]


# ---------------------------------------------------------------------------------------------
# Split and multi-paragraph quotes


def test_split_quote_is_one_quote_joined_without_the_first_halfs_comma() -> None:
    body = "'We are determined,' said Inspector Tom Baker, 'to catch those responsible.'"
    assert who(body) == [
        ("Tom Baker", "Inspector", None, ["We are determined to catch those responsible."])
    ]


def test_split_quote_offsets_cover_both_halves_and_spans_each_half() -> None:
    body = "'We are determined,' said Inspector Tom Baker, 'to catch those responsible.'"
    quote = only_quote(body)
    assert body[quote.start : quote.end] == body[1:-1]
    assert [body[start:end] for start, end in quote.spans] == [
        "We are determined,",
        "to catch those responsible.",
    ]


def test_split_quote_whose_second_half_starts_a_sentence_is_two_quotes() -> None:
    body = "'I heard a bang,' said Mr Paul Grant. 'The car was on its roof.'"
    assert who(body) == [("Paul Grant", "Mr", None, ["I heard a bang", "The car was on its roof."])]


def test_multi_paragraph_british_quote_is_one_quote_with_its_paragraphs() -> None:
    body = "Cllr Martin Oakes said: 'We listened.\n\n'This is the result.'\n"
    assert texts(body) == ["We listened.\n\nThis is the result."]


def test_multi_paragraph_quote_starts_in_its_first_paragraph_and_spans_to_the_last() -> None:
    body = "Intro.\n\nCllr Martin Oakes said: 'We listened.\n\n'This is the result.'\n"
    quote = only_quote(body)
    assert (quote.paragraph, body[quote.start : quote.end]) == (
        1,
        "We listened.\n\n'This is the result.",
    )
    assert quote.spans == ((body.index("We"), body.index("listened.") + 9), quote.spans[1])


def test_three_paragraph_double_quote() -> None:
    body = 'Station Manager Claire Ives said: "One.\n\n"Two.\n\n"Three."\n'
    assert texts(body) == ["One.\n\nTwo.\n\nThree."]


def test_unattributed_quote_in_next_paragraph_continues_the_last_speaker() -> None:
    body = "'It rose so fast,' said Mr Alan Moss.\n\n'The water was at the door.'\n"
    assert who(body) == [
        ("Alan Moss", "Mr", None, ["It rose so fast", "The water was at the door."])
    ]


def test_unclosed_quote_runs_to_the_end_of_its_paragraph() -> None:
    assert texts("Mr Kevin Burns said: 'We are grateful.\n") == ["We are grateful."]


# ---------------------------------------------------------------------------------------------
# Quote marks and apostrophes


@pytest.mark.parametrize(
    "inside",
    ["It's clear", "We'd ask", "Kent's roads", "near McDonald's", "Sgt O'Neill", "aren't"],
)
def test_apostrophes_do_not_end_a_single_quote(inside: str) -> None:
    body = f"PC Amy Lowe said: 'Before {inside} after.'"
    assert texts(body) == [f"Before {inside} after."]


def test_plural_possessive_inside_a_quote_is_an_apostrophe() -> None:
    body = "Ms Rachel Kemp said: 'The dogs' owners have been warned.'"
    assert texts(body) == ["The dogs' owners have been warned."]


def test_plural_possessive_before_a_continuing_paragraph_is_an_apostrophe() -> None:
    body = "Cllr Martin Oakes said: 'We heard the residents' concerns.\n\n'Here is our answer.'\n"
    assert texts(body) == ["We heard the residents' concerns.\n\nHere is our answer."]


def test_dropped_letter_apostrophe_inside_a_quote() -> None:
    assert texts("'We'll be rockin' all night,' said Mr Stuart Bell.") == [
        "We'll be rockin' all night"
    ]


def test_curly_single_quotes_with_curly_apostrophes() -> None:
    body = "Chief Superintendent Nikki Holland said: ‘We’ve seen the public’s help.’"
    assert texts(body) == ["We’ve seen the public’s help."]


def test_curly_double_quotes() -> None:
    assert who("“We’re delighted,” said Mr Gavin Price, the club’s chairman.") == [
        ("Gavin Price", "Mr", "the club’s chairman", ["We’re delighted"])
    ]


def test_double_quotes_keep_nested_single_quotes() -> None:
    body = "\"They call it 'the rat run', and they are right,\" said Cllr Priya Desai."
    assert texts(body) == ["They call it 'the rat run', and they are right"]


def test_single_quotes_keep_nested_double_quotes() -> None:
    body = "'He shouted \"get out\" and ran,' said Mrs Carol Wynn."
    assert texts(body) == ['He shouted "get out" and ran']


def test_question_and_exclamation_marks_stay_in_the_text() -> None:
    body = "'Why would anyone do this?' asked Mrs Julie Barnes.\n\n'It's heartbreaking!' she said."
    assert who(body) == [
        ("Julie Barnes", "Mrs", None, ["Why would anyone do this?", "It's heartbreaking!"])
    ]


# ---------------------------------------------------------------------------------------------
# Speech verbs, pronouns, surnames and unnamed voices


@pytest.mark.parametrize(
    "verb",
    [
        "added",
        "explained",
        "urged",
        "warned",
        "commented",
        "stated",
        "continued",
        "says",
        "insisted",
        "admitted",
        "confirmed",
        "replied",
    ],
)
def test_speech_verbs_before_the_quote(verb: str) -> None:
    assert who(f"PC Jo Bloggs {verb}: 'Call us.'") == [("Jo Bloggs", "PC", None, ["Call us."])]


@pytest.mark.parametrize(
    "verb", ["said", "added", "urged", "warned", "explained", "told reporters"]
)
def test_speech_verbs_after_the_quote(verb: str) -> None:
    assert who(f"'Call us,' PC Jo Bloggs {verb}.") == [("Jo Bloggs", "PC", None, ["Call us"])]


def test_told_with_an_object_before_the_colon() -> None:
    assert who("Mr James Ordell told the court: 'No remorse.'") == [
        ("James Ordell", "Mr", None, ["No remorse."])
    ]


def test_appealed_for_with_an_object_before_the_colon() -> None:
    assert who("DC Mia Rowe appealed for information: 'Call us.'") == [
        ("Mia Rowe", "DC", None, ["Call us."])
    ]


def test_pronoun_follow_up_goes_to_the_last_named_speaker() -> None:
    body = "PC Laura Hughes said: 'Over the limit.'\n\nShe added: 'No excuse.'\n"
    assert who(body) == [("Laura Hughes", "PC", None, ["Over the limit.", "No excuse."])]


def test_pronoun_after_the_quote_goes_to_the_last_named_speaker() -> None:
    body = "Inspector Sean Dyer said: 'Two arrests.'\n\n'More will follow,' he said.\n"
    assert who(body) == [("Sean Dyer", "Inspector", None, ["Two arrests.", "More will follow"])]


def test_pronoun_skips_a_person_whose_title_gives_the_other_gender() -> None:
    body = (
        "Mrs Anne Price said: 'I feel safe.'\n\n"
        "Mr Frank Dobbs said: 'It helps.'\n\n"
        "'We wish it came sooner,' she added.\n"
    )
    assert [(name, quotes) for name, _t, _r, quotes in who(body)] == [
        ("Anne Price", ["I feel safe.", "We wish it came sooner"]),
        ("Frank Dobbs", ["It helps."]),
    ]


def test_pronoun_goes_to_a_person_named_in_the_narrative_before_it() -> None:
    body = "Retired engineer Mr Neil Forbes spent ten days at home. He said: 'I felt safe.'"
    assert who(body) == [("Neil Forbes", "Mr", "Retired engineer", ["I felt safe."])]


def test_pronoun_with_nobody_named_gives_no_speaker_and_the_quote_is_unattributed() -> None:
    result = extract_quotes("'It was a long night,' he said.")
    assert (result.speakers, result.mentioned) == ((), ())
    (quote,) = result.unattributed
    assert (quote.text, quote.cue, quote.confidence) == (
        "It was a long night",
        "pronoun-without-antecedent",
        0.0,
    )
    assert result.doubtful


def test_surname_follow_ups_are_the_same_speaker() -> None:
    body = (
        "Chief Inspector Mark Hedges said: 'Rare here.'\n\n"
        "Mr Hedges added: 'Still too many.'\n\n"
        "'We keep going,' said Hedges.\n"
    )
    assert who(body) == [
        ("Mark Hedges", "Chief Inspector", None, ["Rare here.", "Still too many.", "We keep going"])
    ]


def test_surname_follow_up_to_a_caption_gives_the_full_name() -> None:
    body = "PC Chris Dunmore (left) at the launch.\n\n'People were pleased,' said PC Dunmore.\n"
    assert who(body) == [("Chris Dunmore", "PC", None, ["People were pleased"])]


def test_unnamed_speaker_is_kept_as_printed_without_the_article() -> None:
    (speaker,) = extract_quotes("A police spokesperson said: 'A man was arrested.'").speakers
    assert (speaker.name, speaker.title, speaker.role, speaker.named) == (
        "police spokesperson",
        None,
        None,
        False,
    )


def test_the_spokesperson_is_the_spokesperson_quoted_before() -> None:
    body = (
        'A spokesperson for Southern Water said: "We apologise." '
        'The spokesperson added: "Engineers are on site."'
    )
    assert who(body) == [
        ("spokesperson for Southern Water", None, None, ["We apologise.", "Engineers are on site."])
    ]


def test_the_officer_is_the_police_officer_quoted_before() -> None:
    body = "PC Gemma Stone said: 'He was cold.'\n\nThe officer added: 'His family are overjoyed.'\n"
    assert who(body) == [("Gemma Stone", "PC", None, ["He was cold.", "His family are overjoyed."])]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("'I am going nowhere,' the 34-year-old striker said.", "34-year-old striker"),
        ("'I am going nowhere,' the 34-year-old said.", "34-year-old"),
        ("'I was at home,' said the defendant.", "defendant"),
        ("'We lost everything,' said the mother-of-two.", "mother-of-two"),
        ("The teenager said: 'I was lucky.'", "teenager"),
        (
            "'We lost everything,' said a woman who asked not to be named.",
            "woman who asked not to be named",
        ),
    ],
)
def test_a_person_described_by_age_kin_or_standing_speaks_as_described(
    body: str, speaker: str
) -> None:
    assert speaker_names(body) == [speaker]


def test_a_kin_compound_says_the_sex_a_pronoun_needs() -> None:
    body = (
        "'We lost everything,' said the mother-of-two. Tom Reed, her neighbour, helped. "
        "She added: 'The water came so fast.'"
    )
    assert speaker_names(body) == ["mother-of-two", "mother-of-two"]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Jack Hall, 17, was hurt. 'I was lucky,' the teenager said.", "Jack Hall"),
        ("Mary Cole, 81, was rescued. 'It was awful,' the 81-year-old said.", "Mary Cole"),
        ("PC Jane Doe attended. 'It was awful,' the officer said.", "Jane Doe"),
        # an age that is no one's printed, two who fit, or sex alone: as printed
        ("Jack Hall, 17, was hurt. 'I was lucky,' the 18-year-old said.", "18-year-old"),
        (
            "Jack Hall, 17, and Sam Hill, 16, were hurt. 'I was lucky,' the teenager said.",
            "teenager",
        ),
        ("Mary Cole, 81, was rescued. 'It was awful,' the woman said.", "woman"),
    ],
)
def test_a_description_is_the_one_person_named_since_the_last_quote_it_fits(
    body: str, speaker: str
) -> None:
    assert speaker_names(body) == [speaker]


def test_a_description_never_reaches_past_the_last_quote() -> None:
    body = (
        "Jack Hall, 17, was hurt. Sgt Will Dyer said: 'He was lucky.' "
        "'I remember nothing,' the teenager said."
    )
    assert said(body) == [("Will Dyer", "He was lucky."), ("teenager", "I remember nothing")]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("DS Ray Cole said the suspect told officers: 'It wasn't me.'", "suspect"),
        ("Amy Lin said Lee Bryant had told police: 'I don't remember.'", "Lee Bryant"),
        ("PC Dan Moss told the court the defendant had shouted 'I will kill you'.", "defendant"),
        (
            "Sgt Tom Reed said the head of the trust had told staff: 'Do better.'",
            "head of the trust",
        ),
        # the outer speaker: a pronoun reported, a comma before the verb, a lead-in
        ("Jo Fox said she told him: 'Go home.'", "Jo Fox"),
        ("Mr Lee, who said he would go, told reporters: 'I have changed my mind.'", "Lee"),
        ("Asked what she thought, Jo Hale said: 'It is a disgrace.'", "Jo Hale"),
    ],
)
def test_words_reported_in_a_sentence_are_the_reported_subjects(body: str, speaker: str) -> None:
    assert speaker_names(body) == [speaker]


def test_a_conjunction_opening_the_sentence_keeps_the_name_after_it() -> None:
    body = "But ward councillor Priya Shah, who spoke against it, said: 'The roads cannot cope.'"
    assert said(body) == [("Priya Shah", "The roads cannot cope.")]


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        ("At the meeting the chair said: 'We will look again.'", ["chair"]),
        ("After the hearing the victim's mother said: 'Justice was done.'", ["victim's mother"]),
        ("The council's statement said: 'We are sorry.'", ["council"]),
        ("The two unions said: 'We have no choice.'", ["two unions"]),
        ("The coroner's report said: 'The death was preventable.'", []),
    ],
)
def test_whose_phrase_speaks(body: str, speakers: list[str]) -> None:
    assert speaker_names(body) == speakers


@pytest.mark.parametrize("verb", ["said", "told reporters"])
def test_a_phrase_quoted_in_a_who_clause_leaves_the_subject_its_speech(verb: str) -> None:
    # never the one told: "reporters" after the phrase is no speaker
    body = f"Mr Hale, who described the decision as 'madness', {verb}: 'We will fight on.'"
    assert said(body) == [("Hale", "madness"), ("Hale", "We will fight on.")]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("'Enough is enough' was the message from protesters on Saturday.", "protesters"),
        ("'Enough is enough.' That was the message from residents last night.", "residents"),
    ],
)
def test_whose_message_a_quote_was_names_them_not_when(body: str, speaker: str) -> None:
    assert speaker_names(body) == [speaker]


def test_one_name_with_an_age_is_a_person_a_pronoun_can_mean() -> None:
    body = "Amira, 34, from Bradford, started in January. 'I love it,' she said."
    assert said(body) == [("Amira", "I love it")]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Major General Jon Swift said: 'We stand ready.'", ("Jon Swift", "Major General")),
        ("Air Marshal Harv Smyth said: 'We stand ready.'", ("Harv Smyth", "Air Marshal")),
        ("Attorney General Richard Hermer said: 'The law is clear.'", ("Richard Hermer", None)),
    ],
)
def test_ranks_of_two_words_are_titles_and_offices_keep_general(
    body: str, speaker: tuple[str, str | None]
) -> None:
    (found,) = extract_quotes(body).speakers
    assert (found.name, found.title) == speaker


@pytest.mark.parametrize(
    ("title", "speakers"),
    [
        ("Statement by Chief Constable Jo Farr", ["Jo Farr"]),
        ("Jo Farr: our officers will be out in force", ["Jo Farr"]),
        ("Chief Constable Jo Farr's statement on the verdict", ["Jo Farr"]),
        ("Statement on the death of Tom Barr", []),
        ("Man jailed for the murder of Tom Barr", []),
    ],
)
def test_a_headline_names_a_speaker_only_when_shaped_as_an_attribution(
    title: str, speakers: list[str]
) -> None:
    body = '"Our officers will be out across the county all weekend."\n\nEnquiries continue.'
    result = extract_quotes(body, title=title)
    assert [speaker.name for speaker, _quote in result.quotes] == speakers


@pytest.mark.parametrize(
    ("between", "second"),
    [
        ("Jason Platt, 28, of Hull, was charged with supplying drugs.", "Mike Rowe"),
        ("Jason Platt, 28, has been jailed for six years.", "Mike Rowe"),
        ("Jason Platt, 28, was targeted outside his home.", "Jason Platt"),
        ("Jason Platt, a shopkeeper, watched the raid.", "Jason Platt"),
    ],
)
def test_he_said_skips_a_man_the_law_dealt_with_but_not_a_victim(between: str, second: str) -> None:
    body = f"Insp Mike Rowe said: 'We found drugs.'\n\n{between}\n\nHe said: 'It is over.'"
    assert said(body) == [("Mike Rowe", "We found drugs."), (second, "It is over.")]


@pytest.mark.parametrize("rest", ["consultation.", "consultation on the bus lanes."])
def test_a_pronoun_before_the_governing_verb_is_its_subject(rest: str) -> None:
    # inside a noun phrase, as a scare quote would be, but named by her
    body = f"Cllr Jo Hale criticised what she called a 'botched' {rest}"
    assert said(body) == [("Jo Hale", "botched")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Cllr Jo Hale hit out at the plans, calling them 'a disgrace'.",
            [("Jo Hale", "a disgrace")],
        ),
        ("Officers arrested a man, describing him as 'aggressive'.", []),
    ],
)
def test_a_participle_after_a_comma_gives_the_phrase_to_a_named_subject(
    body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "In the words of Cllr Jo Hale, 'this is a historic day'.",
        "Cllr Jo Hale's message to residents was: 'This is a historic day.'",
        "'This is a historic day,' was Cllr Jo Hale's message to residents.",
    ],
)
def test_in_the_words_of_and_whose_message_name_the_speaker(body: str) -> None:
    assert speaker_names(body) == ["Jo Hale"]


@pytest.mark.parametrize(
    ("lead", "role"),
    [
        ("Culture, Media and Sport Secretary", "Culture, Media and Sport Secretary"),
        (
            "Secretary of State for Culture, Media and Sport",
            "Secretary of State for Culture, Media and Sport",
        ),
        ("Energy Security and Net Zero Secretary", "Energy Security and Net Zero Secretary"),
    ],
)
def test_an_office_listing_portfolios_over_a_comma_is_one_role(lead: str, role: str) -> None:
    assert who(f"{lead} Lisa Nandy said: 'Heritage matters.'") == [
        ("Lisa Nandy", None, role, ["Heritage matters."])
    ]


def test_a_later_clause_whose_subject_is_a_name_speaks_for_itself() -> None:
    body = "Jo Hale said: 'It is wrong.' 'It is late,' she said, before Paul Smith added: 'Yes.'"
    assert said(body) == [
        ("Jo Hale", "It is wrong."),
        ("Jo Hale", "It is late"),
        ("Paul Smith", "Yes."),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Witnesses said the man was heard shouting 'get back' at officers.",
        "The man was heard shouting 'get back' at officers.",
    ],
)
def test_a_shout_is_speech_of_whoever_was_heard(body: str) -> None:
    assert speaker_names(body) == ["man"]


@pytest.mark.parametrize(
    "body",
    [
        "About 200 people said: 'We are furious.'",
        "More than 50 people said: 'We are furious.'",
        "200 people said: 'We are furious.'",
    ],
)
def test_how_many_is_no_part_of_a_voice(body: str) -> None:
    assert speaker_names(body) == ["people"]


def test_she_added_goes_on_past_one_named_as_an_object() -> None:
    body = (
        "DC Rhys Aldous said: 'He was brave.' Connor Blake, 27, told the court he was sorry. "
        "Officers spoke to Gareth Ellis, 52, a neighbour. He added: 'I will never forgive myself.'"
    )
    assert speaker_names(body) == ["Rhys Aldous", "Connor Blake"]


@pytest.mark.parametrize(
    "caption",
    [
        "*Pictured: PC Margaret Bell at the scene.*",
        "Photo: PC Margaret Bell",
        "(Left to right) PC Margaret Bell",
        "By Margaret Bell, Local Democracy Reporting Service",
        "Media enquiries: Margaret Bell, press office",
    ],
)
def test_no_pronoun_means_someone_in_page_furniture(caption: str) -> None:
    body = f"Kent Police said: 'The road is shut.'\n\n{caption}\n\nShe added: 'Avoid it.'"
    assert said(body) == [("Kent Police", "The road is shut.")]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Cllr Tobias Wren (pictured) said volunteers were 'truly inspiring'.", "Tobias Wren"),
        (
            "Lady Justice Marwick (left), for the court, said it was 'excessive'.",
            "Lady Justice Marwick",
        ),
        ("Policing Minister Rosalind Achebe, 52, said: 'Powers matter.'", "Rosalind Achebe"),
        ("Acting Inspector Tom Hale, 45, said: 'We will patrol.'", "Tom Hale"),
        ("Leading the tributes, the mayor said: 'He was loved.'", "mayor"),
    ],
)
def test_brackets_and_ages_after_a_name_hide_no_one(body: str, speaker: str) -> None:
    assert speaker_names(body) == [speaker]


def test_an_age_after_brackets_is_still_the_persons() -> None:
    body = "Jack Hall (pictured), 17, was hurt. 'I was lucky,' the teenager said."
    assert speaker_names(body) == ["Jack Hall"]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("At the meeting the chair, speaking at the launch, said: 'We will look again.'", "chair"),
        (
            "After the hearing at the court, speaking to reporters, DC Ann Bell said: 'Yes.'",
            "Ann Bell",
        ),
        (
            "Fly-tippers face 'the full force of the law', a council leader said on Tuesday.",
            "council leader",
        ),
    ],
)
def test_a_participle_phrase_or_a_time_hides_no_subject(body: str, speaker: str) -> None:
    assert speaker_names(body) == [speaker]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("'We will not give up.'\n\nThose were the words of Mrs Karen R. Walsh.", "Karen R Walsh"),
        ("Volunteer Hannah R Day led it. Hannah said: 'We pulled more.'", "Hannah R Day"),
        (
            "Aaron R. Whitcombe, 18, was hurt. 'I was lucky,' the teenager said.",
            "Aaron R Whitcombe",
        ),
    ],
)
def test_a_middle_initial_is_part_of_the_name(body: str, speaker: str) -> None:
    assert speaker_names(body) == [speaker]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("Meanwhile, the council said: 'We are sorry.'", "council"),
        ("Yesterday, the Chief Constable said: 'We are sorry.'", "Chief Constable"),
        ("Kelly, a nurse, said: 'We are sorry.'", "Kelly"),
    ],
)
def test_a_one_word_lead_in_before_a_comma_is_dropped(body: str, speaker: str) -> None:
    assert speaker_names(body) == [speaker]


def test_a_reported_subject_no_one_can_name_gives_no_speaker() -> None:
    # Never the one reporting them: "Bryant" alone, never named in full, is no one known.
    assert said("Amy Lin said Bryant had told police: 'I don't remember anything.'") == []


def test_organisation_speaking_is_an_unnamed_voice() -> None:
    (speaker,) = extract_quotes("Kent Police said in a statement: 'Enquiries go on.'").speakers
    assert (speaker.name, speaker.named) == ("Kent Police", False)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "The judge said the attack had been 'cowardly and brutal' and jailed him.",
            ("judge", "cowardly and brutal"),
        ),
        (
            'Network Rail said the line would be "fully open by Monday".',
            ("Network Rail", "fully open by Monday"),
        ),
        ('A spokesperson said the closure was "temporary".', ("spokesperson", "temporary")),
        ('His family described him as "a gentle giant".', ("his family", "a gentle giant")),
    ],
)
def test_partial_quote_of_an_unnamed_voice_is_theirs(body: str, expected: tuple[str, str]) -> None:
    (speaker,) = extract_quotes(body).speakers
    assert (speaker.name, speaker.quotes[0].text, speaker.named) == (*expected, False)


@pytest.mark.parametrize(
    "body",
    [
        'The report said staffing was "unsafe at night".',  # a report does not speak
        'The court heard he was "truly ashamed".',  # no speaker printed
        'The council was described as "chaotic" by the press.',  # said of it, not by it
        'Residents, who met on Monday, said it was "unbearable" that the road shut.',  # a clause
    ],
)
def test_partial_quote_needs_a_voice_as_its_whole_subject(body: str) -> None:
    assert extract_quotes(body).speakers == ()


@pytest.mark.parametrize(
    ("voice", "pronoun", "expected"),
    [
        ("Police", "She", ["Police"]),  # a body is never "she"
        ("The council", "He", ["council"]),
        ("His family", "She", ["his family"]),  # a group is "they", not "she"
        ("A police spokeswoman", "He", ["police spokeswoman"]),  # her sex is printed
        ("A police spokeswoman", "She", ["police spokeswoman", "police spokeswoman"]),
        ("The head of waste services", "He", ["head of waste services"] * 2),
    ],
)
def test_he_or_she_goes_back_only_to_one_person(voice: str, pronoun: str, expected: list) -> None:
    body = f'{voice} said: "The road is shut."\n\n{pronoun} added: "It will reopen soon."'
    assert [speaker.name for speaker, _quote in extract_quotes(body).quotes] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('Lord Carlile of Berriew KC said: "Yes."', ("Lord Carlile of Berriew", None, "KC")),
        ('Lord Smith of Kent Police said: "No."', ("Lord Smith", None, "of Kent Police")),
        ('Baroness Lee of Bath and Wells said: "No."', ("Baroness Lee", None, "of Bath and Wells")),
        (
            'Lord Hale of Richmond Hill visited. Lord Hale said: "Yes."',
            ("Lord Hale of Richmond Hill", None, None),
        ),
    ],
)
def test_a_peer_keeps_the_place_printed_with_the_title(
    body: str, expected: tuple[str, str | None, str | None]
) -> None:
    (speaker,) = extract_quotes(body).speakers
    assert (speaker.name, speaker.title, speaker.role) == expected


def test_a_peer_mentioned_is_named_with_the_place() -> None:
    body = 'The review by Baroness Penrose of Tregaron was published. Sir Idris Mackay said: "Yes."'
    mentioned = extract_quotes(body).mentioned
    assert [(m.name, m.title) for m in mentioned] == [("Baroness Penrose of Tregaron", None)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Tim Davies, Director of Operations:\n\n> We are ready.",
            [("Tim Davies", "We are ready.")],
        ),
        ("Cllr Ana Kell:\n\n'We are ready.'", [("Ana Kell", "We are ready.")]),
        ("Tim Davies, Director of Operations:\n\nThe depot opens at 6am.", []),  # plain
        ("Contact Tim Davies:\n\n> 01632 960 000", []),  # the name does not lead
        ("Next Steps:\n\n> Consultation closes in May.", []),  # no person
    ],
)
def test_a_paragraph_of_a_name_alone_introduces_speech_set_apart(
    body: str, expected: list[tuple[str, str]]
) -> None:
    quotes = extract_quotes(body).quotes
    assert [(speaker.name, quote.text) for speaker, quote in quotes] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Jane Hill and Mark Hill run it. Mr Hill said: 'Busy.'", [("Mark Hill", "Mr")]),
        ("Jane Hill and Mark Hill run it. Mrs Hill said: 'Busy.'", [("Jane Hill", "Mrs")]),
        (
            "Mark Hill said: 'Busy.'\n\nMrs Hill said: 'Yes.'",
            [("Mark Hill", None), ("Hill", "Mrs")],
        ),
        ("Mark Hill runs it. Mrs Hill said: 'Busy.'", [("Hill", "Mrs")]),
        ("Jo Hill runs it. Mrs Hill said: 'Busy.'", [("Jo Hill", "Mrs")]),  # Jo: either sex
        ("Jane Hill and Mark Hill run it. Dr Hill said: 'Busy.'", []),  # either of them
    ],
)
def test_a_titles_sex_tells_apart_people_who_share_a_surname(
    body: str, expected: list[tuple[str, str | None]]
) -> None:
    assert [(s.name, s.title) for s in extract_quotes(body).speakers] == expected


@pytest.mark.parametrize(
    ("between", "verb", "expected"),
    [
        ("Tom Stone, 42, was jailed.", "He added:", "Paul Grey"),  # Stone says nothing
        ("Tom Stone told the court he was sorry.", "He added:", "Tom Stone"),  # he spoke
        ("Tom Stone, 42, was jailed.", "He continued:", "Paul Grey"),
        ("Tom Stone runs the cafe.", "He said:", "Tom Stone"),  # "said" may open a voice
    ],
)
def test_he_added_goes_on_from_the_one_quoted_last(between: str, verb: str, expected: str) -> None:
    body = f"DC Paul Grey said: 'It was vile.'\n\n{between}\n\n{verb} 'It is over.'"
    speaker, quote = extract_quotes(body).quotes[-1]
    assert (speaker.name, quote.text) == (expected, "It is over.")


def test_a_partial_quote_is_said_by_the_subject_of_its_own_clause() -> None:
    body = "Mr Lee said it was 'reckless', while Ms Fox called it 'overdue'."
    assert said(body) == [
        ("Lee", "reckless"),
        ("Fox", "overdue"),
    ]
    body = "The mayor (who said the plan was 'long overdue') opened the site."
    assert said(body) == [("mayor", "long overdue")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Today the Home Secretary said: 'We act now.'", [("Home Secretary", "We act now.")]),
        ("At the meeting Mr Dar said it was 'fiction'.", [("Dar", "fiction")]),
        ("Writing in The Times, the minister said it was 'bold'.", [("minister", "bold")]),
        ("At the request of Mr Dar the panel called it 'fiction'.", []),  # Dar is no subject
    ],
)
def test_what_opens_a_sentence_is_not_its_subject(
    body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(body) == expected


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Statement from Chief Constable Ruth Hale", [("Ruth Hale", "heading-lead-in")]),
        ("A message from Kent Police", [("Kent Police", "heading-lead-in")]),
        ("Cllr Ben Ames, Leader of the Council", [("Ben Ames", "heading-lead-in")]),
        ("PC Andrew Harper", []),  # a name alone: who the tribute below is about
        ("Tribute to PC Andrew Harper", []),
    ],
)
def test_a_heading_above_a_quote_may_name_its_speaker(
    heading: str, expected: list[tuple[str, str]]
) -> None:
    quotes = extract_quotes(f"## {heading}\n\n'He was the best of us.'").quotes
    assert [(speaker.name, quote.cue) for speaker, quote in quotes] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("'Shut,' a National Highways spokesman said.", [("National Highways spokesman", False)]),
        ("A Jordan Homes spokeswoman said: 'Sorry.'", [("Jordan Homes spokeswoman", False)]),
        ("'Sorry,' the Dunn family said.", [("Dunn family", False)]),
        ("Jo Dunn, spokeswoman for Acme, said: 'Sorry.'", [("Jo Dunn", True)]),
        ("Sir Ian Ware's spokesman said: 'No.'", [("Sir Ian Ware's spokesman", False)]),
    ],
)
def test_a_name_before_a_voice_noun_says_whose_voice_it_is(
    body: str, expected: list[tuple[str, bool]]
) -> None:
    assert [(s.name, s.named) for s in extract_quotes(body).speakers] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("According to Dr Ana Pell, the scanner is 'a huge step'.", [("Ana Pell", "a huge step")]),
        ("The scanner is, according to Dr Ana Pell, 'a huge step'.", [("Ana Pell", "a huge step")]),
        ("The scanner is 'a huge step', according to Dr Ana Pell.", [("Ana Pell", "a huge step")]),
        ("According to police, he was 'far too fast'.", [("police", "far too fast")]),
        ("According to the report, the ward was 'unsafe'.", []),
        ("According to figures from the council, it is 'rising'.", []),
        ("Costs are rising according to Dr Ana Pell's 'rough' sums.", []),
    ],
)
def test_according_to_gives_the_words_to_whoever_it_names(
    body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Rhodri ap Iestyn said: 'Yes.'\n\nMr ap Iestyn added: 'No.'", ["Rhodri ap Iestyn"]),
        ("Dr Aled ab Owain said: 'The data is clear.'", ["Aled ab Owain"]),
        ("Yasmin al Khatib said: 'We served everyone.'", ["Yasmin al Khatib"]),
        ("Nia Roberts, who teaches ab classes, said: 'It is busy.'", ["Nia Roberts"]),
    ],
)
def test_name_particles_join_the_name(body: str, expected: list[str]) -> None:
    assert [s.name for s in extract_quotes(body).speakers] == expected


def test_a_body_is_never_a_person_whose_role_names_it() -> None:
    body = "Insp Jo Carr, from the RSPCA, said: 'He starved.'\n\nThe RSPCA said: 'Call us.'"
    assert [(s.name, s.named) for s in extract_quotes(body).speakers] == [
        ("Jo Carr", True),
        ("RSPCA", False),
    ]
    body = "Jo Carr, an RSPCA inspector, said: 'He starved.'\n\nThe inspector added: 'Call us.'"
    assert [(s.name, len(s.quotes)) for s in extract_quotes(body).speakers] == [("Jo Carr", 2)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Mr Justice Oduya said: 'It was overwhelming.'", "Mr Justice Oduya"),
        ("Lady Justice Marwick said: 'It was excessive.'", "Lady Justice Marwick"),
        ("Judge Ann Penhale said: 'It was cruel.'", "Ann Penhale"),
        ("The King said: 'Our thoughts are with them.'", "King"),
        ("The Duchess of Edinburgh said: 'What a place this is.'", "Duchess of Edinburgh"),
        ("Alana King said: 'The sea came over the wall.'", "Alana King"),
    ],
)
def test_judges_royals_and_bishops_by_style_or_office(body: str, expected: str) -> None:
    assert [s.name for s in extract_quotes(body).speakers] == [expected]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "'Enough.' That was the message from Cllr Jo Hale as she arrived.",
            [("Jo Hale", "Enough.")],
        ),
        ("'Keep it open!' That was the plea of residents.", [("residents", "Keep it open!")]),
        ("'Enough.' Those words greeted Cllr Jo Hale as she arrived.", []),
    ],
)
def test_words_of_in_the_sentence_after_a_quote(body: str, expected: list[tuple[str, str]]) -> None:
    assert said(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Cllr Jo Hale admitted it had been 'slower than hoped'.",
            [("Jo Hale", "slower than hoped")],
        ),
        (
            "Jo Hale said the 'Homes for All' plan would 'change lives'.",
            [("Jo Hale", "change lives")],
        ),
        ("The 'Homes for All' plan was rated 'good' in the review.", []),
        ("A report by the council said it was 'unaffordable'.", []),
        (
            "Members of the public said: 'The buses never come.'",
            [("Members of the public", "The buses never come.")],
        ),
        (
            "Experts at the university said: 'It will get worse.'",
            [("Experts at the university", "It will get worse.")],
        ),
    ],
)
def test_clause_verbs_named_schemes_and_voice_heads(
    body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Jo Hale called it 'reckless', 'unfair' and 'doomed'.", ["reckless", "unfair", "doomed"]),
        ("Jo Hale said she was 'glad' and 'cannot wait' to start.", ["glad", "cannot wait"]),
        ("Jo Hale said she felt 'alone', adding it 'never' called.", ["alone", "never"]),
        ("Jo Hale called it 'reckless'. 'Unfair' and 'doomed' were the signs.", ["reckless"]),
        ("Jo Hale said she liked it but warned it could 'spiral'.", ["spiral"]),
        ("Jo Hale said it was 'a gem' that 'will last'.", ["a gem", "will last"]),
    ],
)
def test_phrases_of_one_list_or_run_share_their_speaker(body: str, expected: list[str]) -> None:
    assert said(body) == [("Jo Hale", text) for text in expected]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Police held a man described as 'aggressive'.", []),
        ("The plan, branded 'a tax on shoppers', goes ahead.", []),
        ("The attack, condemned as 'cowardly' by all, shocked us.", []),
        ("Jo Hale described the plan as 'a tax on shoppers'.", ["a tax on shoppers"]),
        ("Jo Hale branded it 'a mess'.", ["a mess"]),
    ],
)
def test_a_verb_of_naming_with_no_object_is_a_passive(body: str, expected: list[str]) -> None:
    assert [q.text for _s, q in extract_quotes(body).quotes] == expected


@pytest.mark.parametrize(
    ("lead_in", "expected"),
    [
        ("The message from Supt Imran Qadir is simple:", ["Imran Qadir"]),
        ("Imran Qadir's advice to parents was clear:", ["Imran Qadir"]),
        ("The message from Wessex Police is clear:", ["Wessex Police"]),
        ("The report's verdict was damning:", []),
        ("The message of the campaign is simple:", []),
    ],
)
def test_a_message_from_someone_opens_their_words(lead_in: str, expected: list[str]) -> None:
    body = f"{lead_in} 'If you drink, do not drive at all.'"
    assert [s.name for s in extract_quotes(body).speakers] == expected


def test_a_list_inside_a_block_quote_is_more_of_the_speech() -> None:
    body = "Jo Bloggs MP said:\n\n> We act on two fronts:\n>\n> - more officers\n> - longer terms\n"
    assert only_quote(body).text == "We act on two fronts:\n\nmore officers\n\nlonger terms"
    body = "Jo Bloggs MP said:\n\n> We act now.\n\n- more officers\n- longer terms\n"
    assert only_quote(body).text == "We act now."


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Her colleague Cllr Bram Fenn said he was 'appalled'.", [("Bram Fenn", "appalled")]),
        (
            "Patient Mavis Thorne said the ward was 'like a hotel'.",
            [("Mavis Thorne", "like a hotel")],
        ),
        ("One patient said: 'I waited all night.'", [("One patient", "I waited all night.")]),
    ],
)
def test_a_relation_before_a_name_is_part_of_the_subject(
    body: str, expected: list[tuple[str, str]]
) -> None:
    assert said(body) == expected


@pytest.mark.parametrize(("pronoun", "expected"), [("She", "Bronwen Lowe"), ("He", "Ravi Sethi")])
def test_a_surname_alone_has_the_sex_of_the_one_it_names(pronoun: str, expected: str) -> None:
    body = (
        "Cllr Bronwen Lowe and Cllr Ravi Sethi backed it.\n\n'It is overdue,' Cllr Lowe said."
        f"\n\nCllr Sethi said: 'I agree.'\n\n{pronoun} added: 'We waited years.'"
    )
    speaker, quote = extract_quotes(body).quotes[-1]
    assert (speaker.name, quote.text) == (expected, "We waited years.")


def test_she_never_goes_to_a_man_printed_by_surname_whose_surname_two_share() -> None:
    body = (
        "Cllr Tom Clark said: 'We act.'\n\n'It is late,' said Cllr Clark.\n\n"
        "She added: 'Not too late.'\n\nMrs Mark Clark runs the shop."
    )
    result = extract_quotes(body)  # "Mrs Clark" is someone else, and no woman spoke before
    assert [q.text for _s, q in result.quotes] == ["We act.", "It is late"]
    assert [q.text for q in result.unattributed] == ["Not too late."]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Cadent Gas said: 'We are sorry.'", [("Cadent Gas", False)]),
        ("Orbit Homes said: 'We are sorry.'", [("Orbit Homes", False)]),
        ("Ellen Waters said: 'We are sorry.'", [("Ellen Waters", True)]),
    ],
)
def test_firms_and_utilities_are_bodies(body: str, expected: list[tuple[str, bool]]) -> None:
    assert [(s.name, s.named) for s in extract_quotes(body).speakers] == expected


@pytest.mark.parametrize(
    "body",
    [
        "## Ewart Mallory, Senior Crown Prosecutor\n\nEwart said: 'They were brave.'",
        "## Ewart Mallory\n\nEwart said: 'They were brave.'",
        "Mallory\n\nDr Ewart Mallory said: 'They were brave.'",
    ],
)
def test_a_name_never_runs_on_across_a_line(body: str) -> None:
    assert [s.name for s in extract_quotes(body).speakers] == ["Ewart Mallory"]


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("A statement from his family", [("his family", False)]),
        ("A statement issued on behalf of the RSPCA", [("RSPCA", False)]),
        ("A message from Chief Constable Tim Metcalfe", [("Tim Metcalfe", True)]),
        ("A report by the council", []),
    ],
)
def test_a_statement_from_someone_carries_their_words(
    subject: str, expected: list[tuple[str, bool]]
) -> None:
    body = f"{subject} said: 'We thank everyone who helped last night.'"
    assert [(s.name, s.named) for s in extract_quotes(body).speakers] == expected


def test_a_sign_off_in_emphasis_signs_the_quote_above() -> None:
    body = "*'Every pound stays in the villages.'*\n\n*— Lowri Pennant, chair of the trust*"
    assert [(s.name, s.role) for s in extract_quotes(body).speakers] == [
        ("Lowri Pennant", "chair of the trust")
    ]
    body = "*'Every pound stays in the villages.'*\n\n*— Photo: Vale Rural Trust*"
    assert extract_quotes(body).speakers == ()


def test_family_of_a_named_person_is_the_speaker_and_the_person_is_mentioned() -> None:
    result = extract_quotes("The family of Mr Tom Jones said: 'He was loved.'")
    assert [(s.name, s.named) for s in result.speakers] == [("family of Mr Tom Jones", False)]
    assert [(m.name, m.title) for m in result.mentioned] == [("Tom Jones", "Mr")]


# ---------------------------------------------------------------------------------------------
# Not speech


@pytest.mark.parametrize(
    "body",
    [
        "Four members of a so-called 'county lines' gang were jailed.",
        "Kent Police took part in Operation 'Sceptre', the national week of action.",
        "The money comes from the Home Office's 'Safer Streets' fund.",
        "The man, known as 'Big Dave', was arrested.",
        "Inspector Jo Wells said a 'county lines' gang had been broken up.",
        "The council said the 'garden tax' would be scrapped.",
        "The sign on the gate read: 'No entry without permission.'",
        "## 'We will find them'\n\nPolice are appealing for witnesses.\n",
        "```\nPC Jo Bloggs said: 'in code'\n```\n",
    ],
)
def test_scare_quotes_names_and_headlines_are_not_speech(body: str) -> None:
    assert extract_quotes(body).speakers == ()


def test_scare_quote_beside_a_real_quote_gives_only_the_real_one() -> None:
    body = (
        "Inspector Jo Wells said the so-called 'cuckooing' of adults was a concern. "
        "'We will not tolerate it,' she said."
    )
    assert who(body) == [("Jo Wells", "Inspector", None, ["We will not tolerate it"])]


# ---------------------------------------------------------------------------------------------
# Markdown: lists, block quotes, emphasis, links


def test_quotes_in_bullet_list_items() -> None:
    body = (
        "Residents said:\n\n"
        "- 'I feel safe,' said Mrs Doreen Hale, 81.\n"
        '* "It brought us together," said Mr Vikram Shah.\n'
    )
    assert who(body) == [
        ("Doreen Hale", "Mrs", None, ["I feel safe"]),
        ("Vikram Shah", "Mr", None, ["It brought us together"]),
    ]


def test_quotes_in_numbered_list_items() -> None:
    body = (
        "Advice:\n\n1. 'Lock your doors,' said PC Ian Fox.\n2. 'Mark your bikes,' PC Fox added.\n"
    )
    assert who(body) == [("Ian Fox", "PC", None, ["Lock your doors", "Mark your bikes"])]


def test_block_quote_over_paragraphs_separated_by_a_bare_marker_line() -> None:
    body = "Her father said:\n\n> 'She lit up every room.\n>\n> 'We will never forget her.'\n"
    assert who(body) == [
        ("her father", None, None, ["She lit up every room.\n\nWe will never forget her."])
    ]


def test_block_quote_signed_with_a_dash() -> None:
    body = '> "Every pound helps."\n>\n> — Mrs Helen Achebe, founder of the Lighthouse Trust\n'
    assert who(body) == [
        ("Helen Achebe", "Mrs", "founder of the Lighthouse Trust", ["Every pound helps."])
    ]


def test_markers_are_not_in_the_text_but_offsets_index_the_body() -> None:
    body = "> 'It was the worst night of my life,' said Mrs Joan Pike,\n> who was rescued.\n"
    quote = only_quote(body)
    assert quote.text == "It was the worst night of my life"
    assert body[quote.start : quote.end] == "It was the worst night of my life,"
    assert who(body)[0][2] == "who was rescued"


def test_a_quote_over_two_lines_of_a_block_quote_has_no_marker_in_its_text() -> None:
    body = "> Mr Ray Dunn said: 'It was like\n> the old days.'\n"
    assert texts(body) == ["It was like the old days."]


def test_emphasis_around_names_does_not_change_the_speaker() -> None:
    body = (
        "**Cllr Ashley Carter** said the work in **Canterbury** was vital: 'Safer streets.'\n\n"
        "'It has been fantastic,' said **PC Sam Ellis**.\n"
    )
    assert who(body) == [
        ("Ashley Carter", "Cllr", None, ["Safer streets."]),
        ("Sam Ellis", "PC", None, ["It has been fantastic"]),
    ]


def test_emphasis_and_link_syntax_are_removed_from_quote_text() -> None:
    body = "Supt Clare Ogden said: 'We are *very* proud. Read the [report](https://x.org/r) now.'"
    assert texts(body) == ["We are very proud. Read the report now."]


# ---------------------------------------------------------------------------------------------
# Names, titles and roles


@pytest.mark.parametrize(
    "title",
    [
        "PC",
        "DC",
        "DS",
        "Sgt",
        "Sergeant",
        "Inspector",
        "Chief Inspector",
        "Superintendent",
        "Chief Superintendent",
        "Chief Constable",
        "Deputy Chief Constable",
        "Assistant Chief Constable",
        "Cllr",
        "Councillor",
        "Commissioner",
        "Police and Crime Commissioner",
        "Dr",
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Station Manager",
        "Group Manager",
        "Detective Constable",
        "Detective Chief Inspector",
        "Acting Sergeant",
    ],
)
def test_rank_or_title_is_kept_as_printed_and_not_in_the_name(title: str) -> None:
    assert who(f"{title} Robin Ashe said: 'Thank you.'") == [
        ("Robin Ashe", title, None, ["Thank you."])
    ]


@pytest.mark.parametrize(
    ("appositive", "role"),
    [
        ("sentencing", None),
        ("giving the lead judgment", None),
        ("acting head of service", "acting head of service"),
        ("Managing Director of Acme", "Managing Director of Acme"),
    ],
)
def test_a_participle_after_the_name_is_no_role_unless_it_opens_one(
    appositive: str, role: str | None
) -> None:
    body = f"Judge Ann Henson, {appositive}, said: 'You ruined lives.'"
    assert [(s.name, s.role) for s in extract_quotes(body).speakers] == [("Ann Henson", role)]


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Exchequer Secretary to the Treasury Quillon Gauke", []),  # no Mr Secretary
        ("Exchequer Secretary Quillon Gauke", [("Quillon Gauke", True)]),
        ("Paul Farmer", [("Paul Farmer", True)]),  # a known given name: Farmer is his name
    ],
)
def test_a_name_found_loose_holds_no_office(subject: str, expected: list[tuple[str, bool]]) -> None:
    body = f"{subject} said: 'The government will make sure people pay.'"
    named = [(s.name, s.named) for s in extract_quotes(body).speakers if s.named]
    assert named == expected


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Minister for Roads Tobiah Kell", [("Tobiah Kell", True, "Minister for Roads")]),
        ("Mayor of West Riding Tavish Oduro", [("Tavish Oduro", True, "Mayor of West Riding")]),
        ("Director of South East England", [("Director of South East England", False, None)]),
        (
            "Chief Executive of Kent County Council",
            [("Chief Executive of Kent County Council", False, None)],
        ),
    ],
)
def test_an_office_with_a_portfolio_then_a_name_no_list_knows(
    subject: str, expected: list[tuple[str, bool, str | None]]
) -> None:
    body = f"{subject} said: 'We will keep working on this.'"
    assert [(s.name, s.named, s.role) for s in extract_quotes(body).speakers] == expected


@pytest.mark.parametrize(
    ("body", "joined"),
    [
        ("Cllr Philippa\nOrmerod said: 'No.'", "Cllr Philippa Ormerod said: 'No.'"),
        ("one\ntwo\n\nthree\nfour\n", "one two\n\nthree four\n"),
        ("## Heading\nText", "## Heading\nText"),
        ("Text\n- item\n- item", "Text\n- item\n- item"),
        ("> quoted\n> more", "> quoted\n> more"),
        ("Text\n1. first", "Text\n1. first"),
        ("It was\n2024 when", "It was 2024 when"),
    ],
)
def test_a_soft_wrap_inside_a_paragraph_reads_as_a_space(body: str, joined: str) -> None:
    assert _soft_wraps_joined(body) == joined


@given(st.text(alphabet="ab #>-1.\n ", max_size=60))
def test_joining_soft_wraps_keeps_every_offset(body: str) -> None:
    joined = _soft_wraps_joined(body)
    assert len(joined) == len(body)
    assert all(a == b or (a == "\n" and b == " ") for a, b in zip(body, joined, strict=True))
    assert _soft_wraps_joined(joined) == joined


def test_a_name_wrapped_over_two_lines_is_one_name() -> None:
    body = "Cllr Philippa\nOrmerod visited.\n\n'We will pump all night,' Cllr Ormerod said."
    (speaker,) = extract_quotes(body).speakers
    assert (speaker.name, speaker.quotes[0].start) == ("Philippa Ormerod", body.index("We"))


def test_age_is_never_a_role() -> None:
    assert who("Jane Doe, 62, of Whitstable, said: 'I never thought it.'") == [
        ("Jane Doe", None, "of Whitstable", ["I never thought it."])
    ]


def test_role_printed_before_the_name() -> None:
    assert who("Investigating officer DC Kelly Marsh said: 'We followed the money.'") == [
        ("Kelly Marsh", "DC", "Investigating officer", ["We followed the money."])
    ]


def test_lead_in_clause_is_not_a_role() -> None:
    body = "Speaking after the hearing, Detective Constable Jane Smith said: 'Justice is done.'"
    assert who(body) == [("Jane Smith", "Detective Constable", None, ["Justice is done."])]


def test_organisation_in_a_possessive_is_the_role_when_nothing_else_is_printed() -> None:
    assert who("Kent's Police and Crime Commissioner Matthew Scott said: 'Better.'") == [
        ("Matthew Scott", "Police and Crime Commissioner", "Kent", ["Better."])
    ]


def test_accented_names_are_kept() -> None:
    assert who("Dr Zoë Fournier-Lévêque said: 'Early treatment works.'") == [
        ("Zoë Fournier-Lévêque", "Dr", None, ["Early treatment works."])
    ]


def test_split_title_separates_a_leading_rank() -> None:
    assert split_title("Sergeant Jo Bloggs") == ("Sergeant", "Jo Bloggs")
    assert split_title("Jo Bloggs") == (None, "Jo Bloggs")


# ---------------------------------------------------------------------------------------------
# Mentions, grouping and offsets


def test_people_in_a_caption_are_mentioned_with_rank_and_role() -> None:
    body = (
        "Kent Police's PC Chris Green (left) and Community Safety Officer Sarah Osborn hand a "
        "pack to Mark Stuart, Centre Manager of Whitefriars.\n"
    )
    assert [(m.name, m.title, m.role) for m in extract_quotes(body).mentioned] == [
        ("Chris Green", "PC", "Kent Police"),
        ("Sarah Osborn", None, "Community Safety Officer"),
        ("Mark Stuart", None, "Centre Manager of Whitefriars"),
    ]


def test_a_speaker_is_not_also_mentioned() -> None:
    body = "PC Chris Green (left) at the launch.\n\nPC Chris Green said: 'Welcome.'\n"
    result = extract_quotes(body)
    assert ([s.name for s in result.speakers], result.mentioned) == (["Chris Green"], ())


def test_one_person_quoted_twice_is_one_speaker_with_quotes_in_body_order() -> None:
    body = "Sgt Ravi Mehta said: 'One.'\n\nNarrative.\n\n'Two,' said Sgt Ravi Mehta.\n"
    (speaker,) = extract_quotes(body).speakers
    assert [(q.text, q.paragraph) for q in speaker.quotes] == [("One.", 0), ("Two", 2)]


def test_paragraph_index_counts_blocks_separated_by_blank_lines() -> None:
    body = "One.\n\n## Two\n\nThree\nstill three.\n\n\n\nPC Jo Bloggs said: 'Five.'\n"
    assert only_quote(body).paragraph == 3


def test_offsets_index_the_body_from_first_to_last_quoted_character() -> None:
    body = "Intro.\n\nPC Jo Bloggs said: 'Unclosed, with spaces after.   \n"
    quote = only_quote(body)
    assert body[quote.start : quote.end] == "Unclosed, with spaces after."


def test_quotes_property_lists_every_quote_with_its_speaker_in_body_order() -> None:
    body = "'B first,' said Mr Bo Ash.\n\n'C second,' said Mrs Cy Dee.\n\n'B again,' Mr Ash said.\n"
    pairs = extract_quotes(body).quotes
    assert [(speaker.name, quote.text) for speaker, quote in pairs] == [
        ("Bo Ash", "B first"),
        ("Cy Dee", "C second"),
        ("Bo Ash", "B again"),
    ]


# ---------------------------------------------------------------------------------------------
# The seed, exactly (issue 3)


def assert_seed_result(result: ArticleQuotes) -> None:
    hedges, clark = result.speakers
    assert (hedges.name, hedges.title, hedges.role) == (
        "Mark Hedges",
        "Chief Inspector",
        "District Commander for Canterbury",
    )
    assert (clark.name, clark.title, clark.role) == (
        "Ashley Clark",
        "Cllr",
        "Canterbury City Council's lead councillor for enforcement",
    )
    for speaker, first, last, paragraph in (
        (hedges, "Knife crime and violence is very low", "should they ever be needed.", 5),
        (clark, "The most important role of the police", "playing their part in this.", 9),
    ):
        (quote,) = speaker.quotes
        assert quote.text.startswith(first)
        assert quote.text.endswith(last)
        assert quote.text.count("\n\n") == 1  # two paragraphs
        assert quote.paragraph == paragraph
    assert [m.name for m in result.mentioned] == [
        "Chris Green",
        "Sarah Osborn",
        "Mark Stuart",
        "Matthew Scott",
    ]


def test_seed_in_shared_examples_has_exactly_the_issues_result(shared_dir: Path) -> None:
    body = seed_body(shared_dir / "examples" / "kent-emergency-medical-packs.md")
    if body is None:
        pytest.skip("the seed example is not in ../shared")
    assert_seed_result(extract_quotes(body))


def test_seed_copy_in_the_sample_feed_has_exactly_the_issues_result(sample_feed: Path) -> None:
    body = seed_body(sample_feed / SEED_NAME)
    if body is None:
        pytest.skip("the sample feed has no copy of the seed")
    assert_seed_result(extract_quotes(body))


def test_seed_quote_offsets_point_into_the_body(sample_feed: Path) -> None:
    body = seed_body(sample_feed / SEED_NAME)
    if body is None:
        pytest.skip("the sample feed has no copy of the seed")
    hedges = extract_quotes(body).speakers[0].quotes[0]
    assert body[hedges.start : hedges.start + 10] == "Knife crim"
    assert body[hedges.end - 7 : hedges.end] == "needed."


# ---------------------------------------------------------------------------------------------
# The labelled evaluation set


CASES = load_cases()
SAMPLE_CASES = load_sample_cases()
ISSUE_CONVENTIONS = {
    "single-quotes",
    "double-quotes",
    "curly-quotes",
    "apostrophes",
    "multi-paragraph",
    "attribution-before",
    "attribution-after",
    "split-quote",
    "speech-verbs",
    "pronoun",
    "unnamed",
    "scare-quotes",
    "names-in-quotes",
    "list-items",
    "block-quote",
    "rank",
    "role",
    "mentioned",
    "emphasis",
}


def _case_param(case: EvalCase) -> object:
    marks = (
        [pytest.mark.xfail(reason=case.known_failure, strict=True)] if case.known_failure else []
    )
    return pytest.param(case, id=case.id, marks=marks)


def test_eval_set_has_at_least_45_passages_covering_every_convention_of_the_issue() -> None:
    own = [case for case in CASES if not case.id.startswith("seed")]
    covered = {convention for case in own for convention in case.conventions}
    assert len(own) >= 45
    assert ISSUE_CONVENTIONS - covered == set()


@pytest.mark.parametrize("case", [_case_param(case) for case in CASES])
def test_eval_case(case: EvalCase) -> None:
    assert mismatches(case, extract_quotes(case.body)) == []


@pytest.mark.parametrize("case", [_case_param(case) for case in SAMPLE_CASES])
def test_sample_feed_case(case: EvalCase) -> None:
    problems = mismatches(case, extract_quotes(case.body))
    speaker_problems = [problem for problem in problems if "mention" not in problem]
    assert speaker_problems == []


@pytest.mark.parametrize("measure", ["attribution", "boundaries"])
def test_eval_set_f1_is_at_least_095(measure: str) -> None:
    assert getattr(score(CASES), measure).f1 >= 0.95


@pytest.mark.parametrize("measure", ["attribution", "boundaries", "speakers", "mentions"])
def test_sample_feed_f1_is_at_least_095(measure: str) -> None:
    if not SAMPLE_CASES:
        pytest.skip("no sample feed")
    assert getattr(score(SAMPLE_CASES), measure).f1 >= 0.95


# ---------------------------------------------------------------------------------------------
# Hostile input: never raises, offsets in range, bounded time

# Bodies built from the pieces the extractor cares about: marks, markdown, names, verbs.
QUOTEY = st.lists(
    st.sampled_from(
        [
            *"'\"‘’“”„ \n\t>-*_#:,.!?()[]`1aAsS",
            *("\n\n", "said", "PC ", "Mr ", "he ", " Jo Bloggs", "dogs' ", "it's", "— "),
        ]
    ),
    max_size=120,
).map("".join)


def _check_invariants(body: str, result: ArticleQuotes) -> None:
    assert isinstance(result, ArticleQuotes)
    for speaker in result.speakers:
        assert isinstance(speaker, Speaker) and speaker.name and speaker.quotes
        for quote in speaker.quotes:
            _check_quote(body, quote)
            assert 0.0 < quote.confidence <= 1.0 and quote.cue in ATTRIBUTED_CUES
    for quote in result.unattributed:
        _check_quote(body, quote)
        assert quote.confidence == 0.0 and quote.cue in UNATTRIBUTED_CUES and quote.doubtful
    assert result.doubtful == (
        bool(result.unattributed) or any(q.doubtful for _s, q in result.quotes)
    )


ATTRIBUTED_CUES = {
    "said-before",
    "said-after",
    "said-colon-lead-in",
    "block-quote-after-lead-in",
    "plain-paragraph-after-lead-in",
    "sign-off",
    "words-of",
    "paragraph-continuation",
    "partial-quote-verb",
    "heading-lead-in",
    "headline",
    "pronoun-back-reference",
    "description-back-reference",
}
UNATTRIBUTED_CUES = {"no-attribution", "ambiguous-name", "pronoun-without-antecedent"}


def _check_quote(body: str, quote: Quote) -> None:
    assert 0 <= quote.start < quote.end <= len(body)
    assert quote.text
    assert quote.paragraph >= 0
    for start, end in quote.spans:
        assert quote.start <= start < end <= quote.end
        assert not body[start].isspace() and not body[end - 1].isspace()


@at_least(300)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises_and_offsets_stay_in_range(body: str) -> None:
    _check_invariants(body, extract_quotes(body))


@at_least(500)
@given(QUOTEY, QUOTEY)
def test_text_made_of_quote_marks_and_markdown_never_raises(body: str, title: str) -> None:
    from reader.quotes import extract as quotes

    _check_invariants(body, quotes._Extractor(body, title).run())  # without the safety net


# Bodies built from the shapes issue 12 added: lead-ins, unmarked speech, partial quotes, names.
PRESS = st.lists(
    st.sampled_from(
        [
            *"'\"“”‘’«» \n:;,.>-",
            *("\n\n", "> ", "- ", "said:", " said", "explained;", " told the BBC:", "5’9” "),
            *(" Dana", " Dana Whitlock", " Mrs Penrose", " Lord Ashby", " Sir Graham", " he "),
            *(" condemned it as ", " has issued this update:", "And from Chair Jo Bo:"),
            *(" a council boss has said.", " with a number of calls", " Operation ", " We "),
        ]
    ),
    max_size=80,
).map("".join)


@at_least(500)
@given(PRESS, st.text(max_size=60))
def test_press_release_shapes_never_raise_and_keep_their_invariants(body: str, title: str) -> None:
    from reader.quotes import extract as quotes

    _check_invariants(body, quotes._Extractor(body, title).run())  # without the safety net


@pytest.mark.parametrize(
    "body",
    [
        "Chief Inspector Mark Hedges said: 'It " + "is it's the dogs' word " * 8000 + "end.'",
        "'a " * 10_000,
        "a' " * 10_000,
        "'" * 10_000,
        "said: 'x " + "dogs' " * 10_000,
        "‘a’ \"b\" 'c' " * 3000,
        "'It is,' said Inspector Tom Baker, 'bad.' " * 2000,
        "Mark Hedges PC " * 15_000,
    ],
    ids=[
        "200k-paragraph",
        "10k-openers",
        "10k-closers",
        "10k-marks",
        "10k-possessives",
        "9k-pairs",
        "2k-split-quotes",
        "names",
    ],
)
def test_hostile_bodies_finish_without_catastrophic_backtracking(body: str) -> None:
    # Not a speed test (benchmarks/ measure speed): each of these takes well under a second of
    # CPU, and the bound only catches a regex or loop gone quadratic or exponential, which takes
    # minutes. This thread's CPU time, not the wall clock, so a loaded machine cannot trip it.
    started = time.thread_time()
    result = extract_quotes(body)
    assert time.thread_time() - started < 10.0
    _check_invariants(body, result)
