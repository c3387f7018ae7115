"""The cues that say who spoke: an attribution before or after the quote, a sign-off, a lead-in
paragraph, `Those were the words of …`, a verb governing a partial quote.

Each finder returns who the text names (a `_Who`) and its cue; `_CUE_CONFIDENCE` says how far
each cue is trusted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.quotes.document import _Candidate, _Document
from reader.quotes.names import _find_people, _Hit
from reader.quotes.phrases import (
    _SUBJECT_OPENERS,
    _copied,
    _goes_on,
    _governing_verb,
    _heading_who,
    _is_lead_in,
    _names_a_thing,
    _PhraseReader,
    _plain_subject,
    _segments,
    _title_case,
    _Who,
    _with_cue,
)
from reader.quotes.text import (
    _AGE,
    _DASH_LEAD,
    _MESSAGE_OF,
    _SENTENCE_END,
    _WHEN_AFTER,
    _WORDS_OF,
    _WORDS_OF_AFTER,
    _clean,
    _is_capitalised,
    _last_verb,
    _Token,
    _tokens,
    _unbracketed,
)
from reader.quotes.vocabulary import (
    _AFTER_A_PHRASE,
    _ARTICLES,
    _ATTITUDE_VERBS,
    _AUXILIARIES,
    _DEEDS,
    _DETERMINERS,
    _LONE_PRONOUNS,
    _PARTIAL_WORDS,
    _PARTICIPLES,
    _PRONOUNS,
    _REPORTING_VERBS,
    _SPEECH_VERBS,
    _STATEMENT_NOUNS,
)

# How far each cue is trusted, before what the resolution of the name takes off. An
# attribution below DOUBTFUL_BELOW is shown as one to check.
_CUE_CONFIDENCE = {
    "headline": 0.6,
    "said-before": 0.95,
    "said-after": 0.95,
    "said-colon-lead-in": 0.95,
    "block-quote-after-lead-in": 0.9,
    "plain-paragraph-after-lead-in": 0.8,
    "sign-off": 0.9,
    "words-of": 0.9,
    "paragraph-continuation": 0.85,
    "partial-quote-verb": 0.75,
    "heading-lead-in": 0.85,
}


_PASSIVE = frozenset({"was", "were", "is", "are", "be", "been", "being"})
_PERCEIVED = frozenset({"heard", "seen", "filmed", "recorded"})
# Words opening a second clause after a comma, with a subject of its own.
_NEW_CLAUSE = frozenset({"while", "whilst", "whereas", "although", "though"})
# The longest unnamed subject of a partial quote: "A spokesperson for the fire service".
_VOICE_SUBJECT_WORDS = 6


def _agent(reader: _PhraseReader, tokens: Sequence[_Token], verb: int) -> _Who | None:
    """The speaker of a passive speech verb: "Tom Barr was told by Ana Kell" is Ana Kell, never
    the one told; no one when no "by" follows ("Tom Barr was told")."""
    if verb + 2 < len(tokens) and tokens[verb + 1].core.lower() == "by":
        return reader.read(" ".join([token.raw for token in tokens[verb + 2 :]]))
    return None


def _is_a_name(candidate: _Candidate) -> bool:
    """ "Safer Roads for Everyone", 'No Ball Games': a short title-case phrase with no sentence
    ending names a report, a scheme or a sign; nobody said it."""
    text = candidate.text
    words = text.split(None, 8)  # nine parts: more than eight words, whatever the rest holds
    ending = text.rstrip("*_ )")[-1:]
    return 2 <= len(words) <= 8 and ending not in _SENTENCE_END and _title_case(words)


# What words are printed on, not said: "a sign reading", "placards saying", "a banner which
# read", "T-shirts bearing".
_SIGN_NOUNS = frozenset(
    {"sign", "signs", "placard", "placards", "banner", "banners", "poster", "posters"}
    | {"notice", "notices", "billboard", "billboards", "sticker", "stickers", "plaque"}
    | {"plaques", "t-shirt", "t-shirts", "graffiti", "mural", "murals"}
)
_PRINTED_PARTICIPLES = frozenset({"reading", "saying", "stating", "bearing", "declaring"})
_PRINTED_VERBS = frozenset({"read", "reads", "said", "says", "stated", "states", "declared"})


def _printed_on_a_thing(before: str) -> bool:
    """Whether the words before a quote say it is printed on a sign, a placard or a banner: "a
    sign on the gate reading", "placards saying", "a banner which read", "with the words"."""
    words = [token.core.lower() for token in _tokens(before[-70:])]
    if words[-3:] == ["with", "the", "words"]:
        return any(word in _SIGN_NOUNS for word in words[-7:-3])
    if words[-1:] and words[-1] in _PRINTED_PARTICIPLES:
        return any(word in _SIGN_NOUNS for word in words[-5:-1])  # "a sign on the gate reading"
    if words[-1:] and words[-1] in _PRINTED_VERBS and words[-2:-1] in (["which"], ["that"]):
        return len(words) > 2 and words[-3] in _SIGN_NOUNS
    return False


def _closing_attribution(reader: _PhraseReader, candidate: _Candidate, rest: str) -> _Who | None:
    """A phrase quoted inside a sentence that ends with who said it: `… "no second chances",
    a council boss has said.`, `…, according to Jo Bloggs.` The attribution must close the
    sentence, after its last comma."""
    words = candidate.texts[0].split()
    if len(candidate.texts) != 1 or len(words) < 2 or not rest.rstrip().endswith("."):
        return None
    if "," in rest:
        rest = rest.rsplit(",", 1)[1]
    elif not candidate.after.startswith(","):
        return None
    # When it was said is no part of who: "…, a council boss said on Tuesday."
    tokens = _tokens(_WHEN_AFTER.sub("", rest.rstrip(". ")))
    if not 2 <= len(tokens) <= 8:
        return None
    if tokens[0].core.lower() in _SPEECH_VERBS:
        return reader.read(" ".join([token.raw for token in tokens[1:]]))
    if opener := _opens_according_to(tokens, 0):  # '"…", according to Jo Bloggs.'
        return reader.read(" ".join([token.raw for token in tokens[opener:]]))
    if tokens[-1].core.lower() in _SPEECH_VERBS:
        return reader.read(" ".join([token.raw for token in tokens[:-1]]))
    return None


def _reads_as_speech(candidate: _Candidate) -> bool:
    """Unattributed, but speech by its look: it opens a sentence and is one, of some length."""
    text = candidate.text
    last = text.rstrip("*_ )")[-1:]
    return candidate.raw.speech_like and last in _SENTENCE_END and len(text.split(None, 4)) == 5


class _Cues:
    """Who the text around a quote says spoke, and by which convention (the cue). Each
    finder reads the printed words only; matching them to a person is the registry's job."""

    def __init__(self, doc: _Document) -> None:
        self.doc = doc
        self.reader = doc.reader
        # Who each phrase quoted inside a sentence was given to, by its index: the next one
        # in a list of them ("'reckless', 'unfair' and 'doomed'") is theirs too.
        self.partials: dict[int, _Who] = {}

    def printed_who(
        self, reader: _PhraseReader, candidates: list[_Candidate], index: int
    ) -> _Who | None:
        """Who the article says spoke, and by which cue, trying each convention in turn."""
        candidate = candidates[index]
        if _is_a_name(candidate) or _printed_on_a_thing(candidate.before):
            return None
        if candidate.raw.unmarked:
            return _with_cue(self._lead_in_above(reader, candidate), candidate.raw.unmarked)
        who = _with_cue(
            self._around_a_phrase(reader, candidates, index)
            or self._before_who(reader, candidate.before, candidate.text),
            "said-before",
        )
        splits = candidate.after_to_next and candidate.after.endswith(",")
        if who is None or splits:  # else what the words after say changes nothing
            after_who = _with_cue(self._after_who(reader, candidate), "said-after")
            if after_who is not None and splits:
                self._join_split(candidates, index)
            who = who or after_who
        who = (
            who
            or _with_cue(self._dash_below(reader, candidate), "sign-off")
            or _with_cue(self._words_of_below(reader, candidate), "words-of")
            or _with_cue(self._lead_in_above(reader, candidate), "said-colon-lead-in")
            or _with_cue(self._partial_quote(reader, candidates, index), "partial-quote-verb")
        )
        if who is not None and (not candidate.raw.speech_like or who.cue == "partial-quote-verb"):
            self.partials[index] = _copied(who)
        return who

    def headline_who(self, reader: _PhraseReader, candidate: _Candidate, title: str) -> _Who | None:
        """A statement opening the body with nothing attributing it, under a headline that
        names one person by title or full name: theirs, but worth checking."""
        raw = candidate.raw
        first = next(
            (
                i
                for i, unit in enumerate(self.doc.units)
                if unit.kind != "heading" and not self.doc.in_furniture(unit.start)
            ),
            -1,
        )
        if candidate.before or raw.unit != first or not _reads_as_speech(candidate):
            return None
        tokens = _tokens(title)
        hits = _find_people(tokens, reader.known)
        names = {hit.name: hit for hit in hits if len(hit.name.split()) > 1}
        if len(names) != 1:
            return None
        (hit,) = names.values()
        if not _headline_speaker(tokens, hit):
            return None  # "Statement on the death of Tom Barr": who it is about
        return _Who("person", hit.name, hit.title, cue="headline")

    def _around_a_phrase(
        self, reader: _PhraseReader, candidates: list[_Candidate], index: int
    ) -> _Who | None:
        """ "Mr Hale, who called it "madness", said: '…'": the subject opens before a phrase
        quoted in its own clause, earlier in the same sentence."""
        candidate = candidates[index]
        if not index or not candidate.before.startswith(","):
            return None
        previous = candidates[index - 1]
        if previous.raw.speech_like or not self._same_sentence(previous, candidate):
            return None
        before = f"{previous.before} {previous.text}{candidate.before}"
        return self._before_who(reader, before, candidate.text)

    def _before_who(self, reader: _PhraseReader, before: str, text: str) -> _Who | None:
        before = before.rstrip("*_ ")  # 'said: *"…"*': emphasis around the quote
        if not before:
            return None
        separator = before[-1] if before[-1] in ":,;" else ""
        head = before[:-1].rstrip() if separator else before
        tokens = _tokens(head)
        verb = _last_verb(tokens)
        if verb is None and separator == "," and tokens and tokens[0].core in _SPEECH_VERBS:
            verb = 0  # '…,' says Dana Whitlock, chair of the Federation, 'Officers…'
        if verb is None:
            if separator == ":":  # "Cllr Ashley Clark: '…'" in a list or an interview
                message = _MESSAGE_OF.fullmatch(head)
                if message is not None:  # "The message from Kent Police is clear: '…'"
                    return _words_owner(reader, message)
                who = reader.read(head)
                return who if who is not None and who.kind == "person" else None
            if separator == ",":  # "The scanner is, according to Dr Hana Petrov, '…'"
                return _according_to(reader, _tokens(before))
            return None
        if not separator and (verb != len(tokens) - 1 or not text[:1].isupper()):
            return None
        if verb and tokens[verb - 1].core.lower() in _PASSIVE:
            return _agent(reader, tokens, verb)
        word = tokens[verb].core.lower()
        reported = _reported_subject(tokens[:verb])
        if reported is not None:  # "DS Cole said the suspect told officers: '…'"
            return reader.read(" ".join([token.raw for token in reported]))
        subject = " ".join([token.raw for token in tokens[:verb]])
        if verb and tokens[verb - 1].core.lower() == "and":
            return _subject_before_deed(reader, tokens[: verb - 1])
        if word in _PARTICIPLES:  # "…, adding: '…'": the sentence's subject
            return reader.read(subject, subject_only=True) if subject else None
        if subject.strip(" ,"):
            return _goes_on(reader.read(subject), word)
        complement = " ".join([token.raw for token in tokens[verb + 1 :]])
        return reader.read(complement) if complement else None  # "…,' said Tom Baker, '…"

    def _after_who(self, reader: _PhraseReader, candidate: _Candidate) -> _Who | None:
        after = candidate.after
        if not after:
            return None
        dash = _DASH_LEAD.match(after)
        if dash and dash.end() > 0 and after.lstrip()[:1] in "—–-":
            return reader.read(after[dash.end() :])
        comma = after.startswith(",")
        rest = after.lstrip(", *_")  # '"…,"* said': emphasis closing round the quote
        if not rest or rest[0] in ".!?;:":
            return None
        tokens = _tokens(rest)
        last = candidate.texts[-1].rstrip("*_ ")[-1:]
        punctuated = last in ",!?—–-…:"
        if not (punctuated or comma or tokens[0].core[:1].islower()):
            return None
        if not (candidate.raw.speech_like or punctuated):
            return _closing_attribution(reader, candidate, rest)
        if opener := _opens_according_to(tokens, 0):
            return reader.read(" ".join([token.raw for token in tokens[opener:]]))
        words = [token.core.lower() for token in tokens]
        verb = next((i for i, word in enumerate(words[:14]) if word in _SPEECH_VERBS), None)
        if verb is None:
            return None
        if verb == 0:
            return reader.read(" ".join([token.raw for token in tokens[1:]]))
        if words[verb - 1] in _PASSIVE:
            return _agent(reader, tokens, verb)
        who = _goes_on(reader.read(" ".join([token.raw for token in tokens[:verb]])), words[verb])
        first = tokens[0].core
        new_sentence = _is_capitalised(first) and first.lower() not in _DETERMINERS
        if who is not None and who.kind == "unnamed" and verb > 4 and new_sentence:
            return None  # a new sentence that merely contains "said", not an attribution
        return who

    def _join_split(self, candidates: list[_Candidate], index: int) -> None:
        """'We are determined,' said X, 'to catch them.' — one quote when the second half goes
        on in lower case. The halves are joined by a space; the comma that ended the first half
        belonged to the attribution, so it goes."""
        if index + 1 >= len(candidates):
            return
        first, second = candidates[index], candidates[index + 1]
        if not second.texts[0][:1].islower() or second.raw.unit != first.raw.last_unit:
            return
        head = first.texts[-1].rstrip()
        if head.endswith(","):
            head = head[:-1].rstrip()
        first.texts[-1] = f"{head} {second.texts[0]}"
        first.texts.extend(second.texts[1:])
        first.spans.extend(second.spans)
        second.merged = True

    def _dash_below(self, reader: _PhraseReader, candidate: _Candidate) -> _Who | None:
        """A block quote signed on its own line: `> — Chief Inspector Mark Hedges`, also in
        emphasis (`*— Jo Bloggs, cabinet member*`)."""
        raw = candidate.raw
        if (
            raw.close_at is None
            or candidate.after.strip("*_ ")
            or raw.last_unit + 1 >= len(self.doc.units)
        ):
            return None
        units = self.doc.units
        unit = units[raw.last_unit + 1]
        text = _clean(self.doc.body[unit.start : unit.end]).strip("*_ ")
        if unit.kind == "list":  # `- Commissioner Jo Bloggs`: one dash item, not a list
            marker = self.doc.body[max(0, unit.start - 4) : unit.start].strip()
            following = units[raw.last_unit + 2] if raw.last_unit + 2 < len(units) else None
            if marker != "-" or (following is not None and following.kind == "list"):
                return None
            text = "- " + text
        if len(text) > 150 or text[:1] not in "—–-":
            return None
        who = reader.read(text.lstrip("—–- "))
        return who if who is not None and who.kind == "person" else None

    def _words_of_below(self, reader: _PhraseReader, candidate: _Candidate) -> _Who | None:
        """A quote standing alone, then `Those were the words of Mrs Karen Walsh, …` in the
        paragraph below, or as the next sentence when the quote is a sentence of its own."""
        raw = candidate.raw
        if candidate.before:
            return None
        if candidate.after:
            if candidate.texts[-1][-1:] not in _SENTENCE_END:
                # "Enough", that was the message…: one sentence, not "words of"; but the
                # quote may be the sentence's subject: '"Enough" was the message from X'
                match = _WORDS_OF_AFTER.match(candidate.after)
                return _words_owner(reader, match) if match else None
            following = candidate.after.lstrip()
        elif raw.last_unit + 1 < len(self.doc.units):
            unit = self.doc.units[raw.last_unit + 1]
            following = _clean(self.doc.body[unit.start : min(unit.end, unit.start + 300)])
        else:
            return None
        match = _WORDS_OF.match(following)
        return _words_owner(reader, match) if match else None

    def _lead_in_above(self, reader: _PhraseReader, candidate: _Candidate) -> _Who | None:
        """`Chief Inspector Mark Hedges said:` ending the paragraph before a quote."""
        raw = candidate.raw
        if candidate.before or raw.unit == 0:
            return None
        above = self.doc.units[raw.unit - 1]
        if above.kind == "heading":
            heading = _clean(self.doc.body[above.start : above.end]).lstrip("# ")
            who = _with_cue(_heading_who(reader, _tokens(heading)), "heading-lead-in")
            if who is not None:
                return who
        return self.doc.lead_in_who(reader, raw.unit - 1)  # "## Jo Farr said:" too

    def _same_speaker(self, candidates: list[_Candidate], index: int) -> _Who | None:
        """A partial quote whose verb and subject are those of the one before it in the same
        sentence: who said that one, said this one."""
        earlier = self.partials.get(index - 1)
        if earlier is None or not self._same_sentence(candidates[index - 1], candidates[index]):
            return None
        return _copied(earlier)

    def _named_earlier(self, previous: _Candidate, candidate: _Candidate) -> bool:
        """'said the "Homes for All" plan would "change lives"': a scheme's name quoted
        earlier in the same sentence, which the governing verb may stand before."""
        return _is_a_name(previous) and self._same_sentence(previous, candidate)

    def _same_sentence(self, first: _Candidate, second: _Candidate) -> bool:
        """Whether nothing but the words of one sentence stand between two quotes."""
        if first.raw.close_at is None or first.raw.last_unit != second.raw.unit:
            return False
        between = self.doc.body[first.raw.close_at + 1 : second.raw.open_at]
        return not _SENTENCE_END.intersection(between)

    def _partial_quote(
        self, reader: _PhraseReader, candidates: list[_Candidate], index: int
    ) -> _Who | None:
        """A short phrase quoted inside a sentence whose subject is a named person (or, as the
        clause's whole subject, a body or described voice) and whose verb is one of speech or
        attitude: `condemned the attack as "cowardly"`, `said volunteers were "truly
        inspiring"`. Scare quotes have no such verb; names of schemes, operations and titles
        are in title case, stand beside a word that names them, or sit inside a noun phrase."""
        candidate = candidates[index]
        previous = candidates[index - 1] if index else None
        raw = candidate.raw
        if raw.close_at is None or len(candidate.texts) != 1:
            return None
        words = candidate.texts[0].split()
        if not 0 < len(words) <= _PARTIAL_WORDS or _title_case(words):
            return None
        tokens = _tokens(candidate.before)
        lowers = [token.core.lower() for token in tokens]
        listed = bool(tokens) and set(lowers) <= _LIST_JOINERS
        if raw.speech_like and not listed:
            return None
        following = _tokens(candidate.after[:40])
        if not tokens or _names_a_thing(tokens[-1], following[0] if following else None):
            return None
        if _inside_a_noun_phrase(tokens[-1], candidate.after) and not _named_by(tokens):
            return None
        participle = _participle_after_comma(tokens)
        if participle is not None:  # "hit out at the plans, calling them 'a disgrace'"
            who = reader.read(" ".join([t.raw for t in tokens[:participle]]), subject_only=True)
            if who is not None:
                return who
        verb = _governing_verb(tokens)
        if listed or (verb is None and _runs_on(lowers)):
            return self._same_speaker(candidates, index)
        if verb is None and previous is not None and self._named_earlier(previous, candidate):
            tokens = _tokens(f"{previous.before} {previous.text} {candidate.before}")
            verb = _governing_verb(tokens)
        if verb is None:
            return _according_to(reader, tokens)
        subject = _verb_subject(tokens, verb)
        if subject is None:
            return None
        return _named_subject(reader, subject) if subject else self._same_speaker(candidates, index)


# What may stand between quoted phrases of one list: "'reckless', 'unfair' and 'doomed'".
_LIST_JOINERS = frozenset({"", "and", "or"})
_RELATIVES = frozenset({"who", "which", "that"})
# Verbs that take an object before "as" or the phrase ("described the plan as", "branded
# it"): straight after them, the phrase is said of someone, by no one printed.
_OBJECT_FIRST_VERBS = frozenset(
    {"described", "describes", "branded", "brands", "labelled", "labels", "dubbed"}
    | {"called", "calls", "hailed", "hails"}
)


def _headline_speaker(tokens: Sequence[_Token], hit: _Hit) -> bool:
    """Whether a headline gives the name as the speaker's: "Statement by X", "A message from
    X", "X: '…'", "X says …", "'…', says X", "X's statement", "X on the budget"; never a name
    the headline is about ("Tribute to X", "X jailed")."""
    before = tokens[hit.start - 1].core.lower() if hit.start else ""
    after = tokens[hit.end].core.lower() if hit.end < len(tokens) else ""
    if before in ("by", "from") or before in _SPEECH_VERBS or after in _SPEECH_VERBS:
        return True
    if hit.possessive:
        return after in _STATEMENT_NOUNS
    return tokens[hit.end - 1].raw.endswith(":") or (hit.start == 0 and after == "on")


def _words_owner(reader: _PhraseReader, match: re.Match[str]) -> _Who | None:
    """Whose words "the message from X" or "X's message" says they were (not when: "on
    Saturday"), never a pronoun's."""
    who = reader.read(_WHEN_AFTER.sub("", match["of"] or match["owner"]))
    return who if who is not None and who.kind != "pronoun" else None


def _runs_on(lowers: Sequence[str]) -> bool:
    """A phrase with no verb before it that goes on with the one before: "'reckless', 'unfair'
    and 'doomed'", 'was "glad" of it and "can't wait"', '…, adding that it had "never once"
    called', 'said he was "a gentle giant" who "would help anyone"'."""
    return (
        lowers[-1] in _LIST_JOINERS
        or lowers[-1] in _RELATIVES
        or bool(_PARTICIPLES.intersection(lowers))
    )


def _verb_subject(tokens: Sequence[_Token], verb: int) -> list[_Token] | None:
    """The subject of the verb that governs a quoted phrase: None when the phrase is said of
    someone (a passive), empty when the verb shares the subject of the phrase before."""
    subject = list(tokens[:verb])
    if subject and subject[-1].core.lower() in _PASSIVE:
        return None  # "was described as 'a menace'": said of them, not by them
    if _said_of(tokens, verb):
        return None  # "a man described as 'aggressive'": no object, so passive
    while subject and subject[-1].core in _AUXILIARIES:
        subject.pop()
    subject = _without_perceived(subject)  # "the man was heard (shouting)": the man
    if len(subject) > 1 and subject[-1].core.lower() in _PRONOUNS:
        return subject[-1:]  # "criticised what she called a 'botched' consultation"
    while subject and subject[0].core in ("But", "And", "Yet", "So"):
        subject.pop(0)  # "But opposition leader Cllr Gareth Moss said…"
    subject = _unbracketed(_own_clause(subject))  # "Ana Kell (pictured) said"
    reported = _reported_subject(subject)
    if reported is not None:
        return reported  # 'Jo Fox said the man shouted "get back"': the man's
    if [token.core for token in subject] in (["but"], ["and"]):
        return []  # "said it was 'a step' but warned that 'far more is needed'"
    if len(subject) > 1 and subject[-1].core in ("but", "and"):
        # "Jo Hale said she welcomed it but warned (that …)": the first verb's subject
        words = [token.core.lower() for token in subject]
        first = next((at for at, word in enumerate(words) if word in _SPEECH_VERBS), None)
        subject = subject[:first] if first else subject
    return subject


# Verbs that report a clause whose own subject then speaks ("the court heard Tom Barr had
# told police"); a word that ends the reported clause's subject before its verb.
_REPORTS = _REPORTING_VERBS | {"heard", "recalled", "recalls", "remembered", "remembers"}
_JOINED_ON = frozenset({"and", "but", "or", "then", "before", "after", "when", "as"})


def _reported_subject(subject: Sequence[_Token]) -> list[_Token] | None:
    """The subject of a clause that an earlier verb reports, with no comma between: the
    quote is theirs. "DS Ray Cole said the suspect told officers: '…'" is the suspect's,
    "Amy Lin said Lee Bryant had told police" Lee Bryant's, "told the court the defendant had
    shouted" the defendant's (after the object of "told"). None when no verb reports one, or
    when it is a pronoun ("Jo Fox said she told him") or runs on ("told him he lied and
    said"): then the sentence's subject speaks."""
    lowers = [token.core.lower() for token in subject]
    at = next((at for at in range(len(lowers) - 1, 0, -1) if lowers[at] in _REPORTS), None)
    if at is None or any(token.bracketed for token in subject[at:]):
        return None
    reported = _without_apposition(subject[at + 1 :])
    if reported is None:
        return None
    if reported and reported[0].core.lower() == "that":
        reported.pop(0)
    while reported and reported[-1].core in _AUXILIARIES:
        reported.pop()
    reported = _without_perceived(reported)  # "said the man was heard (shouting)"
    words = [token.core.lower() for token in reported]
    if not words or words[-1] in _LONE_PRONOUNS or any(word in _JOINED_ON for word in words):
        return None
    # The last noun phrase ("the court the defendant" is the defendant), with what it is of
    # ("the head of the trust").
    start = _last_opener(words, len(words) - 1)
    while start > 1 and words[start - 1] in ("of", "for", "at"):
        start = _last_opener(words, start - 2)
    return reported[start:]


def _without_apposition(clause: Sequence[_Token]) -> list[_Token] | None:
    """A reported clause's words with one name or age set between commas read as the
    subject: "the victim, Marcus Dale, had (told)" is Marcus Dale, "the victim, 24, had" the
    victim. None for any other comma: the report ended there ("said the van was stolen, and
    told")."""
    parts: list[list[_Token]] = [[]]
    for token in clause:
        parts[-1].append(token)
        if token.ends_clause:
            parts.append([])
    if len(parts) == 1:
        return list(clause)
    if len(parts) != 3 or not parts[1] or any(t.core not in _AUXILIARIES for t in parts[2]):
        return None
    if _AGE.fullmatch(" ".join([token.core for token in parts[1]])):
        named = parts[0]
    elif all(_is_capitalised(token.core) for token in parts[1]):
        named = parts[1]
    else:
        return None
    return [*named[:-1], named[-1]._replace(ends_clause=False), *parts[2]]


def _without_perceived(subject: list[_Token]) -> list[_Token]:
    """A subject without a perception passive after it: "the man was heard" is the man."""
    if len(subject) > 2 and subject[-1].core in _PERCEIVED and subject[-2].core in _PASSIVE:
        return subject[:-2]
    return subject


def _last_opener(words: Sequence[str], end: int) -> int:
    """Where the last noun phrase up to `end` opens: its article or possessive, else 0."""
    return next((at for at in range(end, 0, -1) if words[at] in _SUBJECT_OPENERS), 0)


def _said_of(tokens: Sequence[_Token], verb: int) -> bool:
    """ "a man described as 'aggressive'", "a plan branded 'reckless'", "the attack,
    condemned as 'cowardly'": a verb of naming with no object is a passive."""
    if verb and tokens[verb - 1].core.lower() in _PRONOUNS:
        return False  # "what she called a 'botched' consultation": hers
    after = [token.core.lower() for token in tokens[verb + 1 :]]
    word = tokens[verb].core.lower()
    return (after == ["as"] and word in _ATTITUDE_VERBS) or (
        not after and word in _OBJECT_FIRST_VERBS
    )


# Phrases that give the words after them to whom they name, by their first word: "according
# to X", "in the words of X".
_OPENERS_OF_WHOSE = {"according": ["according", "to"], "in": ["in", "the", "words", "of"]}


def _opens_according_to(tokens: Sequence[_Token], at: int) -> int:
    """How many words an "according to" (or "in the words of") opening at `at` takes; 0 when
    none opens there."""
    opener = _OPENERS_OF_WHOSE.get(tokens[at].core.lower()) if at < len(tokens) else None
    if opener is None:
        return 0  # the common case: one lookup
    words = [token.core.lower() for token in tokens[at : at + len(opener)]]
    return len(opener) if words == opener else 0


def _according_to(reader: _PhraseReader, tokens: Sequence[_Token]) -> _Who | None:
    """ "According to Dr Hana Petrov, the scanner is 'a huge step'": the one the sentence
    gives its words to, in a phrase of its own (to the next comma) before the quote; a report
    or a set of figures cannot speak."""
    for index in range(len(tokens) - 2):
        opener = _opens_according_to(tokens, index)
        if not opener:
            continue
        if index and not tokens[index - 1].ends_clause:
            return None  # "is rising according to" does not open a phrase of its own
        phrase = tokens[index + opener :]
        end = next((at for at, token in enumerate(phrase) if token.ends_clause), None)
        if end is None:
            return None  # the phrase must be closed by its comma
        return _named_subject(reader, phrase[: end + 1])
    return None


def _named_subject(reader: _PhraseReader, subject: Sequence[_Token]) -> _Who | None:
    """A person or pronoun named in a plain subject, or else a body or described voice; what
    brackets hold ("(pictured)", "(left)") is no part of it."""
    subject = _unbracketed(subject)
    if _plain_subject(subject):
        who = reader.read(" ".join([token.raw for token in subject]), subject_only=True)
        if who is not None and who.kind in ("person", "pronoun"):
            return who
    return _voice_subject(reader, subject)


def _own_clause(subject: list[_Token]) -> list[_Token]:
    """The subject of the clause the verb is in: after a comma and "while" or "whereas"
    ('Mr Lee said it was "reckless", while Ms Fox called it "overdue"'), before a bracketed
    "who" ("The mayor (who said it was "overdue")")."""
    for index, token in enumerate(subject):
        if token.bracketed and token.core.lower() in ("who", "which"):
            subject = subject[:index]
            break
    if len(subject) > 2 and not subject[0].core and subject[1].core.lower() in _NEW_CLAUSE:
        subject = subject[2:]
    return subject


# Participles that name what follows them ("…, calling it 'a disgrace'").
_NAMING_PARTICIPLES = _PARTICIPLES | {"calling", "branding", "labelling", "dubbing", "hailing"}


def _participle_after_comma(tokens: Sequence[_Token]) -> int | None:
    """Where a participle of speech or naming opens the last clause, after a comma, a few
    words before the phrase: its subject is the sentence's."""
    for index in range(len(tokens) - 1, max(0, len(tokens) - 5), -1):
        if tokens[index].core.lower() in _NAMING_PARTICIPLES and tokens[index - 1].ends_clause:
            return index
        if tokens[index].ends_clause:
            return None
    return None


def _named_by(tokens: Sequence[_Token]) -> bool:
    """ "what she called a 'botched' consultation": the phrase is named by someone, so is
    theirs, though it sits inside a noun phrase."""
    return (
        len(tokens) >= 3
        and tokens[-2].core.lower() in _OBJECT_FIRST_VERBS
        and tokens[-3].core.lower() in _PRONOUNS
    )


def _inside_a_noun_phrase(before: _Token, after: str) -> bool:
    """'a "county lines" gang', 'the "garden tax" would go': a phrase after an article that a
    word of its own clause follows at once (a noun it modifies, or a verb it is the subject
    of) names a thing; speech woven into a sentence ends its clause, or goes on with a
    preposition or conjunction ('was a "wake-up call" for')."""
    if before.core.lower() not in _ARTICLES or not after[:1].isalpha():
        return False  # `after` is cleaned: a word first means no punctuation came between
    word = after.split(None, 1)[0]
    return word.isalpha() and word.islower() and word not in _AFTER_A_PHRASE


def _voice_subject(reader: _PhraseReader, subject: Sequence[_Token]) -> _Who | None:
    """`The council said the plan was "unaffordable"`: a body or described voice, unnamed, as
    the whole subject (one phrase after any lead-in: "Writing in The Times, the minister"; not
    "…, the council said that …")."""
    segments = _segments(subject)
    while len(segments) > 1 and _is_lead_in(segments[0]):
        segments.pop(0)
    if len(segments) != 1 or len(segments[0]) > _VOICE_SUBJECT_WORDS:
        return None
    who = reader.read(" ".join([token.raw for token in segments[0]]))
    return who if who is not None and who.kind == "unnamed" else None


def _subject_before_deed(reader: _PhraseReader, tokens: Sequence[_Token]) -> _Who | None:
    """ "She thanked PC Kell and (said)", "The Minister thanked council leader Jo Farr and
    (said)": whoever did the deed speaks, named or not; the one it was done to does not."""
    deed = next((at for at, token in enumerate(tokens) if at and token.core in _DEEDS), None)
    if deed is None:
        subject = " ".join([token.raw for token in tokens])
        return reader.read(subject, subject_only=True) if subject else None
    return reader.read(" ".join([token.raw for token in tokens[:deed]]))
