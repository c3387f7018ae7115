"""Reading an attribution phrase: the name, title and role of who is said to speak, and the
small grammar of lead-ins (`… has issued this update:`, `And from Chairwoman X:`) and of
partial quotes (a verb governing a quoted phrase).
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass

from reader.quotes.names import _find_people, _Hit, _kin_of, _NameBook, _role_before
from reader.quotes.text import (
    _AGE,
    _PARENTHETICAL,
    _gender,
    _is_capitalised,
    _is_given,
    _is_name_word,
    _person_word,
    _Token,
    _token,
    _tokens,
)
from reader.quotes.vocabulary import (
    _ATTITUDE_VERBS,
    _AUXILIARIES,
    _CLAUSE_WORDS,
    _CONTINUING_VERBS,
    _DETERMINERS,
    _FEMALE_VOICES,
    _FROM_LEAD,
    _KIN_NOUNS,
    _LEAD_INS,
    _MALE_VOICES,
    _NAMING_AFTER,
    _NAMING_BEFORE,
    _NOT_NAME_ORGS,
    _NOT_ROLE_OPENERS,
    _NOT_SUBJECT_AFTER,
    _OPENING_ADVERBS,
    _PARTICIPLES,
    _PLACE_JOINERS,
    _POSSESSIVE_DETERMINERS,
    _POST_NOMINALS,
    _PRONOUNS,
    _REPORTING_VERBS,
    _ROLE_NOUNS,
    _ROLE_STOP,
    _ROLE_WORDS,
    _SPEECH_VERBS,
    _STATEMENT_NOUNS,
    _STATEMENT_VERBS,
    _SUBJECT_WORDS,
    _TITLE_WORDS,
    _VOICE_NOUNS,
)


@dataclass(slots=True)
class _Who:
    """A speaker as the attribution prints them, before they are matched to anyone."""

    kind: str  # "person", "unnamed" or "pronoun"
    name: str = ""
    title: str | None = None
    role: str | None = None
    affiliation: bool = False
    gender: str | None = None
    definite: bool = False  # "the spokesperson": may be someone already quoted
    cue: str = ""  # how the attribution was found, when the finder knows better than its caller
    continues: bool = False  # "he added": goes on from someone quoted before


def _segments(tokens: Sequence[_Token]) -> list[list[_Token]]:
    """A phrase cut at its commas: "Mark Hedges, District Commander, said" → two segments."""
    segments: list[list[_Token]] = []
    segment: list[_Token] = []
    for token in tokens:
        segment.append(token)
        if "," in token.raw and token.raw.rstrip("*_'’\"”").endswith(","):
            segments.append(segment)
            segment = []
    if segment:
        segments.append(segment)
    return segments


# Words that open a new clause after a comma: a name before one is another verb's subject.
_CLAUSE_JOINERS = frozenset({"but", "while", "whilst", "whereas", "yet"})


# Words before a name that tie it to something else, so that "who" after it may mean that:
# "the family of Tom Barr, who said", "a school in Greater Manchester, who said". An object
# may speak ("thanked Orla Pennick, who said", "presented to Orla Pennick, who said").
_NOT_BEFORE_WHO = _PLACE_JOINERS - {"to"}


_CONJUNCTIONS = frozenset({"but", "and", "yet", "so"})


def _after_lead_in(segment: list[_Token]) -> list[_Token]:
    """ "At the meeting the chair", "Outside court the family", "After the hearing the
    victim's mother": with no comma after a lead-in, the subject opens at its last article or
    possessive (the lead-in has words of its own first); any other phrase as it is."""
    if len(segment) < 4 or segment[0].core.lower() not in _LEAD_INS:
        return segment
    for index in range(len(segment) - 1, 1, -1):
        if segment[index].core.lower() in _SUBJECT_OPENERS:
            return segment[index:]
    return segment


_SUBJECT_OPENERS = _DETERMINERS | _POSSESSIVE_DETERMINERS


def _after_lead_ins(segments: list[list[_Token]]) -> list[list[_Token]]:
    """The segments after those that lead into the subject ("Speaking after the hearing, the
    officer"); but when only a participle phrase is left ("At the meeting the chair, speaking
    at the launch,"), the subject was inside the last lead-in."""
    popped: list[_Token] = []
    while len(segments) > 1 and _is_lead_in(segments[0]):
        popped = segments.pop(0)
    if popped and _is_lead_in(segments[0]):
        return [popped, *segments]
    return segments


def _opens_with_conjunction_before_who(segments: list[list[_Token]]) -> bool:
    """ "But ward councillor Jo Hale, who spoke against it, (said)": the conjunction opens the
    sentence, not a lead-in to drop with the name in it."""
    return (
        len(segments) > 1
        and len(segments[0]) > 2
        and segments[0][0].core.lower() in _CONJUNCTIONS
        and segments[1][0].core.lower() in ("who", "whose", "which")
    )


def _from_last_clause(segments: list[list[_Token]]) -> list[list[_Token]]:
    """ "Tom Barr welcomed the plan, but Orla Pennick (said)": the segments of the clause the
    speech verb ends, without its joining word."""
    last = segments[-1] if len(segments) > 1 else []
    if (
        2 <= len(last) <= 6
        and last[0].core.lower() in _THEN_JOINERS
        and all(_is_capitalised(token.core) for token in last[1:])
    ):
        return [last[1:]]  # '"…," she said, before Paul Smith (added)'
    for index in range(len(segments) - 1, 0, -1):
        segment = segments[index]
        if len(segment) > 1 and segment[0].core.lower() in _CLAUSE_JOINERS:
            return [segment[1:], *segments[index + 1 :]]
    return segments


# Words that open a later clause whose subject is only a name: "…, before Paul Smith added".
_THEN_JOINERS = frozenset({"before", "as", "then", "until"})


def _text(tokens: Sequence[_Token]) -> str:
    return " ".join([token.raw for token in tokens]).strip(" ,;:.*_")


def _is_lead_in(segment: Sequence[_Token]) -> bool:
    """ "Speaking after the hearing", "In a statement": a clause before the subject, not a role."""
    if len(segment) < 2:  # "However, the council said", "Yesterday, the minister said"
        return bool(segment) and segment[0].core.lower() in _ONE_WORD_LEAD_INS
    first = segment[0].core
    lower = first.lower()
    if lower in _LEAD_INS:
        return True
    # "Speaking after the hearing", "Sentencing him"; but "Policing Minister X" and "Acting
    # Bristol Commander X" are offices.
    participle = lower.endswith("ing") and len(lower) > 5 and lower.isalpha()
    if participle and _is_given(first):
        return False  # "Aisling Corcoran, chief forecaster": a name, not a deed
    if lower in _OFFICE_PARTICIPLES and _is_capitalised(segment[1].core):
        return False
    return participle and (lower in _DEED_PARTICIPLES or not _role_noun_second(segment))


# Participles that take a person as their object: "Thanking surgeon Raj Anand, (Ann Kell
# said)" opens with a deed done to him, never with an office he holds.
_DEED_PARTICIPLES = frozenset(
    {"thanking", "welcoming", "introducing", "praising", "congratulating", "greeting"}
    | {"meeting", "joining", "honouring", "applauding", "commending", "backing"}
)


# A word that leads into the subject alone, before a comma.
_ONE_WORD_LEAD_INS = (_LEAD_INS | _OPENING_ADVERBS) | {
    "additionally", "finally", "sadly", "instead", "elsewhere", "overall", "previously",
    "recently", "similarly", "likewise", "nevertheless", "furthermore", "moreover",
    "importantly", "crucially", "tragically", "thankfully", "fortunately", "unfortunately",
}  # fmt: skip
# Words in -ing that qualify an office when a capitalised word follows ("Acting Inspector").
_OFFICE_PARTICIPLES = frozenset(
    {"acting", "outgoing", "incoming", "managing", "leading", "presiding", "visiting"}
    | {"consulting", "founding", "serving", "sitting", "commanding", "retiring", "reigning"}
)


def _portfolios_before(tokens: Sequence[_Token]) -> str | None:
    """The words before a name when they end a list of portfolios after a comma: capitalised
    words with "and" ("Media and Sport", "Media and Sport Secretary"); else None."""
    words = [token.core for token in tokens]
    if not 3 <= len(words) <= 6 or "and" not in words[1:-1]:
        return None
    if not all(_is_capitalised(word) or word == "and" for word in words):
        return None
    return _text(tokens)


def _is_role_segment(segment: Sequence[_Token]) -> bool:
    """An appositive before the name that describes them ("The trust's chief executive")."""
    if len(segment) > 14 or _is_lead_in(segment):
        return False
    words = {token.core.lower() for token in segment}
    if words & {"was", "were", "is", "are", "has", "had", "have", "been", "said", "told"}:
        return False
    return bool(words & _ROLE_NOUNS) or any(token.possessive for token in segment)


def _is_role_after(segment: Sequence[_Token]) -> bool:
    """An appositive after the name: anything but an age or a new clause ("adding that …")."""
    if not segment:
        return False
    first = segment[0].core.lower()
    if first in _PARTICIPLES or first in _NOT_ROLE_OPENERS:
        return False
    if first.endswith("ing") and first.isalpha():
        # "Judge Henson, sentencing, said": a clause; "acting head of service" is a role
        return _role_noun_second(segment)
    return True


def _role_noun_second(segment: Sequence[_Token]) -> bool:
    """Whether a role noun follows the phrase's first word: after an -ing word, an office, not
    a clause ("Policing Minister", "acting head of service", not "sentencing him")."""
    return len(segment) > 1 and segment[1].core.lower() in _ROLE_NOUNS


class _Asked:
    """The names an article is known to print, as one reading consults them: each question
    and its answer are noted, so the reading can be reused wherever they are answered alike."""

    __slots__ = ("answers", "known")

    def __init__(self, known: set[str]) -> None:
        self.known = known
        self.answers: list[tuple[object, bool]] = []  # None: whether any name is known

    def __contains__(self, key: object) -> bool:
        answer = key in self.known
        self.answers.append((key, answer))
        return answer

    def __bool__(self) -> bool:
        answer = bool(self.known)
        self.answers.append((None, answer))
        return answer


def _answered_alike(known: set[str], answers: Sequence[tuple[object, bool]]) -> bool:
    any_known = bool(known)
    return all((any_known if key is None else key in known) == answer for key, answer in answers)


# Readings of phrases, by (phrase, subject_only): the same attribution is printed again and again
# across a feed ("said Chief Inspector Mark Hedges"). A reading depends on the phrase and on
# the questions it asked of the names known, noted with their answers; one that looked a name
# up in the body ("Dana said") is not kept. Bounded: cleared when full.
_READINGS: dict[tuple[str, bool], tuple[_Who | None, tuple[tuple[object, bool], ...]]] = {}
_READINGS_HELD = 4096


class _PhraseReader:
    """Reads the name, title and role out of an attribution phrase."""

    def __init__(self, known: set[str], names: _NameBook | None = None) -> None:
        self.known = known
        self.names = names

    def read(self, phrase: str, *, subject_only: bool = False) -> _Who | None:
        key = (phrase, subject_only)
        held = _READINGS.get(key)
        if held is not None and _answered_alike(self.known, held[1]):
            return None if held[0] is None else _copied(held[0])
        asked = _Asked(self.known)
        who, looked_up = self._read(phrase, asked, subject_only=subject_only)
        if not looked_up:
            if len(_READINGS) >= _READINGS_HELD:
                _READINGS.clear()
            _READINGS[key] = (None if who is None else _copied(who), tuple(asked.answers))
        return who

    def _read(
        self, phrase: str, known: Container[str], *, subject_only: bool
    ) -> tuple[_Who | None, bool]:
        """The reading, and whether it looked a name up in the body."""
        if "(" in phrase:
            phrase = _PARENTHETICAL.sub("", phrase)
        tokens = _tokens(phrase)
        while tokens and tokens[-1].core in _AUXILIARIES:
            tokens.pop()  # "a council boss has (said)"
        source = _statement_source(tokens)
        if source:  # "A statement from his family (said)": the family's words
            return self._read(
                " ".join([token.raw for token in source]), known, subject_only=subject_only
            )
        segments = _from_last_clause(_segments(tokens))
        if _opens_with_conjunction_before_who(segments):
            segments[0] = segments[0][1:]  # "But ward councillor Jo Hale, who…, (said)"
        segments = _after_lead_ins(segments)
        if segments and len(segments[0]) > 1 and segments[0][0].core.lower() in _OPENING_ADVERBS:
            segments[0] = segments[0][1:]  # "Today the Home Secretary (said)"
        if not segments:
            return None, False
        if len(segments) > 1 and [token.core.lower() for token in segments[-1]] == ["who"]:
            return self._before_who(segments[:-1], known), False
        first = segments[0][0].core.lower()
        if first in _PRONOUNS and (len(segments[0]) <= 2 or subject_only):
            return _Who("pronoun", gender=_PRONOUNS[first]), False
        # A titled or known name anywhere beats a bare pair of capitalised words ("Solent and
        # South Downs, Dr Helen Whitcombe"), so look for those first.
        for loose in (False, True):
            for index, segment in enumerate(segments):
                hits = _find_people(segment, known, loose=loose)
                hits = [_after_portfolio(segment, hit) for hit in hits]
                hits = [hit for hit in hits if _is_subject(segment, hit)]
                if hits:
                    joint = _joint(segments, index, hits[0])
                    if joint is not None:
                        return joint, False
                    return self._person(segments, index, segment, hits[0]), False
        described = _named_by_one_word(segments)
        if described is not None:
            return described, False
        if self._may_be_named_alone(segments[0]):
            assert self.names is not None  # checked by _may_be_named_alone
            if self.names.fullest(segments[0][0].core, None) != "":
                return _Who("person", segments[0][0].core), True
            return None if subject_only else _unnamed(segments[0]), True
        if subject_only:
            return None, False
        return _unnamed(_after_lead_in(segments[0])), False

    def _before_who(self, segments: list[list[_Token]], known: Container[str]) -> _Who | None:
        """ "Tom Barr thanked Orla Pennick, who (said)": the name just before "who" speaks, or
        no one."""
        last = segments[-1]
        for hit in _find_people(last, known, loose=True):
            # "presented to Orsolya Fenwick, who said": an object before "who" speaks too, but
            # not a name of, for, in or at something ("the family of Tom Barr, who said")
            after = last[hit.start - 1].core.lower() if hit.start else ""
            if hit.end == len(last) and not hit.possessive and after not in _NOT_BEFORE_WHO:
                return self._person(segments, len(segments) - 1, last, hit)
        return None

    def _may_be_named_alone(self, segment: Sequence[_Token]) -> bool:
        """ "Dana said": one capitalised word, which may be printed in full elsewhere."""
        if len(segment) != 1 or self.names is None:
            return False
        word = segment[0].core
        if word in _NOT_NAME_ORGS:
            return False  # "Ofcom said": a body, never "Ofcom Broadcasting Code"
        return _is_name_word(word) and word not in _TITLE_WORDS and word.lower() not in _ROLE_NOUNS

    def _person(
        self, segments: list[list[_Token]], index: int, segment: list[_Token], hit: _Hit
    ) -> _Who:
        prefix, affiliation = _role_before(segment[: hit.start])
        suffix = segment[hit.end :]
        roles: list[tuple[str | None, bool]] = []
        listed = _portfolios_before(segment[: hit.start]) if index else None
        if listed and _is_role_segment([*segments[index - 1], *segment[: hit.start]]):
            # "Culture, Media and Sport Secretary", "Secretary of State for Culture, Media and
            # Sport": one office, its portfolios listed over a comma
            prefix = f"{_text(segments[index - 1])}, {listed}"
            roles.append((prefix, False))
        elif index > 0 and _is_role_segment(segments[index - 1]):
            roles.append((_text(segments[index - 1]), False))
        if prefix and not affiliation and not listed:
            roles.append((prefix, False))
        after = []
        for later in segments[index + 1 :]:
            if _AGE.fullmatch(_text(later)):
                continue  # "Jane Doe, 62, of Whitstable": an age is not a role
            if not _is_role_after(later):
                break
            after.append(_text(later))
        if after:
            roles.append((", ".join(after), False))
        if suffix and suffix[0].core.lower() in {"of", "from", "at"}:
            roles.append((_text(suffix), False))
        if suffix and suffix[0].core in _POST_NOMINALS:
            roles.append((suffix[0].core, False))  # "Damian Green MP"
        if prefix and affiliation:
            roles.append((prefix, True))
        role, is_affiliation = roles[0] if roles else (None, False)
        return _Who(
            "person", hit.name, hit.title, role, is_affiliation, _gender(hit.title, hit.name), False
        )


# What carries someone's words without being them: "A statement from his family said".
_CARRIERS = _STATEMENT_NOUNS | frozenset({"letter", "post", "email", "note", "notice", "video"})
_CARRIED = frozenset(
    {"issued", "released", "read", "written", "published", "posted", "sent", "shared", "provided"}
)


_WRITERS = {"his": "he", "her": "she", "their": "they"}


def _statement_source(tokens: Sequence[_Token]) -> Sequence[_Token]:
    """ "A statement from his family", "A statement issued on behalf of the family", "A
    message from Chief Constable Tim Metcalfe", "The family's statement", "His letter": the
    words that say whose the statement is; nothing for any other phrase."""
    at = 1 if tokens and tokens[0].core.lower() in _DETERMINERS else 0
    if len(tokens) > 1 and tokens[1].core.lower() in _CARRIERS:
        writer = _WRITERS.get(tokens[0].core.lower())
        if writer is not None and not any(token.ends_clause for token in tokens[1:-1]):
            return [_token(writer)]  # "His letter (to the judge)": his words
    if 1 < len(tokens) <= 6 and tokens[-2].possessive and tokens[-1].core.lower() in _CARRIERS:
        return [*tokens[at:-2], _token(tokens[-2].core)]  # "The family's statement"
    if len(tokens) <= at + 2 or tokens[at].core.lower() not in _CARRIERS:
        return ()  # the common case, settled before anything slower
    lowers = [token.core.lower() for token in tokens[:8]]
    at += 2 if lowers[at + 1] in _CARRIED else 1
    if lowers[at : at + 3] == ["on", "behalf", "of"]:
        at += 3
    elif lowers[at : at + 1] in (["from"], ["by"]):
        at += 1
    else:
        return ()
    return tokens[at:] if at < len(tokens) else ()


def _is_subject(segment: Sequence[_Token], hit: _Hit) -> bool:
    """Can this name be who is speaking? Not "PC Smith's colleague", not "the family of Mr
    Jones", not "a Jordan Homes spokesman", and not a loose name that runs on into an
    organisation's."""
    if hit.possessive:
        return False
    if hit.start > 0 and segment[hit.start - 1].core.lower() in _NOT_SUBJECT_AFTER:
        return False
    if _kin_of(segment[: hit.start]):
        return False  # "the mother of victim Ana Kell"
    if _second_portfolio(segment, hit.start):
        return False  # "Head of Homicide and Major Crime": no Major Crime speaks
    if _speaks_for(segment[: hit.start]):
        return False  # "a lawyer representing Callum Reid"
    following = segment[hit.end].core if hit.end < len(segment) else ""
    if following in _VOICE_NOUNS or following in _NOT_NAME_ORGS:
        return False  # "a National Highways spokesman", "Jordan Homes": whose voice, a body
    return _loose_ok(segment, hit)


def _second_portfolio(segment: Sequence[_Token], start: int) -> bool:
    """Whether the name at `start` follows "and" after capitalised words that follow "of" or
    "for": the second half of what an office is of ("Homicide and Major Crime")."""
    if start < 2 or segment[start - 1].core.lower() not in ("and", "&"):
        return False
    at = start - 2
    while at >= 0 and _is_capitalised(segment[at].core):
        at -= 1
    return 0 <= at < start - 2 and segment[at].core.lower() in ("of", "for")


def _speaks_for(before: Sequence[_Token]) -> bool:
    """Whether the words before a name make it the one a voice speaks for: "a lawyer
    representing", "a spokesperson for council leader", "speaking on behalf of". Not an
    office's portfolio ("the Minister for Housing Jo Farr" is the minister)."""
    lowers = [token.core.lower() for token in before]
    if any(word in _SPEAKING_FOR for word in lowers):
        return True
    return any(
        word in _PROXY_NOUNS and lowers[at + 1 : at + 2] == ["for"]
        for at, word in enumerate(lowers)
    )


_SPEAKING_FOR = frozenset({"representing", "behalf"})
# Voices of another: after "for" comes whom they speak for, not their portfolio.
_PROXY_NOUNS = frozenset(
    {"spokesperson", "spokesman", "spokeswoman", "lawyer", "solicitor", "barrister"}
    | {"counsel", "representative", "advocate", "agent"}
)


def _loose_ok(segment: Sequence[_Token], hit: _Hit) -> bool:
    """A name found without a title or known first name must not run on into capitalised words
    ("Greater Manchester Police" is not a Mr Greater Manchester)."""
    if hit.title or _is_given(hit.name.split()[0]):
        return True
    if any(word.lower() in _ROLE_NOUNS for word in hit.name.split()):
        return False  # "Exchequer Secretary (to the Treasury)": an office, not a Mr Secretary
    if hit.start > 0 and segment[hit.start - 1].core.lower() in _PLACE_JOINERS:
        return False  # "head of service for Greater Manchester": a place, not a name
    if hit.end < len(segment) and segment[hit.end].core in _POST_NOMINALS:
        return True
    return hit.end >= len(segment) or not _is_capitalised(segment[hit.end].core)


# Words that open or close the name of a place, never a person's: "South East England".
_PLACE_ENDS = frozenset({"England", "Wales", "Scotland", "Ireland", "Britain", "Kingdom"})
_PLACE_OPENERS = frozenset(
    {"North", "South", "East", "West", "Central", "Greater", "Upper", "Lower"}
)


def _after_portfolio(segment: Sequence[_Token], hit: _Hit) -> _Hit:
    """ "Minister for Roads Tobiah Kell (said)": a run of capitalised words after an office's
    "for" or "of" that ends the phrase is the portfolio, then the name, its last two words,
    when no title or known given name says where the name starts. Not a place ("Director of
    South East England")."""
    if hit.title or hit.end != len(segment) or hit.end - hit.start < 3 or not hit.start:
        return hit
    if segment[hit.start - 1].core.lower() not in ("for", "of"):
        return hit
    words = hit.name.split()
    if _is_given(words[0]) or words[-1] in _PLACE_ENDS or words[-2] in _PLACE_OPENERS:
        return hit
    return hit._replace(start=hit.end - 2, name=" ".join(words[-2:]))


def _joint(segments: Sequence[Sequence[_Token]], index: int, hit: _Hit) -> _Who | None:
    """ "Tom Barr and Ana Kell (said)", "Tom Barr, 34, and Ana Kell, 30, (said)": people who
    speak as one, kept as printed (without ages or roles between), since either name alone
    would give the other's words to one of them."""
    segment = segments[index]
    if _is_and(segment[hit.end : hit.end + 1]) and hit.end + 1 < len(segment):
        return _Who("unnamed", _text(segment[hit.start :]))  # "Tom Barr and Ana Kell"
    if _is_and(segment[hit.start - 1 : hit.start]) and hit.end == len(segment) and hit.start > 1:
        return _Who("unnamed", _text(segment))  # "Tobiah Kell and Tom Barr"
    name = _text(segment[hit.start : hit.end])
    for later in segments[index + 1 :]:
        if _is_and(later[:1]) and len(later) > 1:
            return _Who("unnamed", f"{name} {_text(later)}")  # "Tom Barr, 34, and Ana Kell"
    if index and _is_and(segment[:1]) and hit.start == 1:
        return _Who("unnamed", f"{_text(segments[0])} {_text(segment)}")  # "X, 34, and Tom Barr"
    return None


def _named_by_one_word(segments: Sequence[Sequence[_Token]]) -> _Who | None:
    """ "His widow, Cath, (said)", "Pupil Ruby, nine, (said)": one name word after words that
    describe a person (ending in a kin or role noun) is that person's name, though it is no
    given name we know; only an age may come after it."""
    first = segments[0]
    if len(segments) > 1 and len(segments[1]) == 1:
        described = _described_as(first, segments[1][0], segments[2:])
        if described is not None:
            return described
    return _described_as(first[:-1], first[-1], segments[1:]) if len(first) > 1 else None


def _described_as(
    described: Sequence[_Token], named: _Token, later: Sequence[Sequence[_Token]]
) -> _Who | None:
    head = described[-1].core.lower()
    word = named.core
    if head not in _ROLE_NOUNS and head not in _KIN_NOUNS:
        return None
    if named.possessive or not _is_name_word(word) or word in _TITLE_WORDS:
        return None
    if word.lower() in _ROLE_NOUNS or any(not _AGE.fullmatch(_text(part)) for part in later):
        return None
    return _Who("person", word, None, _text(described), False, _voice_gender(head))


def _head_noun(voice: str) -> str:
    """The noun an unnamed voice is: "spokesperson for the operator" → "spokesperson", "Kent
    Police's head of roads policing" → "head", "family of Mr Tom Jones" → "family"."""
    words = voice.lower().split()
    for index, word in enumerate(words):
        if word in ("of", "for", "at", "from", "with") and index:
            return _person_word(words[index - 1])
    return _person_word(words[-1]) if words else ""


def _voice_gender(voice: str) -> str | None:
    """ "m" for a spokesman, "f" for a spokeswoman; None for a voice of either sex (or none)."""
    head = _head_noun(voice)
    if head in _MALE_VOICES:
        return "m"
    return "f" if head in _FEMALE_VOICES else None


def _is_and(tokens: Sequence[_Token]) -> bool:
    return len(tokens) == 1 and tokens[0].core.lower() in ("and", "&")


def _unnamed(segment: Sequence[_Token]) -> _Who | None:
    """An unnamed voice as printed, without its article: "A police spokesperson" → "police
    spokesperson"."""
    tokens = list(segment)
    definite = False
    if tokens and tokens[0].core.lower() in _DETERMINERS:
        definite = tokens[0].core.lower() == "the"
        tokens = tokens[1:]
    tokens = _without_quantity(tokens)
    if not tokens or len(tokens) > 8:
        return None
    first = tokens[0].core.lower()
    if first in _SPEECH_VERBS or not (first[:1].isalpha() or _person_word(first) != first):
        return None
    if not _is_voice(tokens):
        return None
    name = _text(tokens)
    if tokens[0].core.lower() in _POSSESSIVE_DETERMINERS:
        name = name[0].lower() + name[1:]
    return _Who("unnamed", name, definite=definite) if name else None


def _without_quantity(tokens: list[_Token]) -> list[_Token]:
    """ "About 200 people", "more than 50 residents", "200 people": the voice without how many
    (a number is no name, and "about" opens no lead-in here)."""
    at = 1 if tokens and tokens[0].core.lower() in _ROUGHLY else 0
    at += 1 if tokens[at : at + 1] and tokens[at].core.lower() == "than" else 0
    if len(tokens) > at + 1 and tokens[at].core.replace(",", "").isdigit():
        return tokens[at + 1 :]
    return tokens


_ROUGHLY = frozenset({"about", "around", "some", "nearly", "almost", "over", "more", "fewer"})


_HEAD_ENDS = frozenset({"of", "for", "by", "from", "at", "with", "in"})
_RELATIVE = frozenset({"who", "whose"})


def _is_voice(tokens: Sequence[_Token]) -> bool:
    """Can this phrase be someone speaking: a described person ("council boss"), a group
    ("residents") or an organisation ("Kent Police", "the RSPCA")? Never a clause ("with an
    unusually high number of calls") or a phrase with a verb in it."""
    lowers = [token.core.lower() for token in tokens]
    if lowers[0] in _LEAD_INS or lowers[0] in _NOT_SUBJECT_AFTER or lowers[0] in _ROLE_STOP:
        return lowers[0] in _POSSESSIVE_DETERMINERS or lowers[0] in ("his", "her", "their")
    # A relative clause describes the head: "a woman who asked not to be named" may speak.
    relative = next((at for at, lower in enumerate(lowers) if at and lower in _RELATIVE), None)
    lowers = lowers[:relative]
    if any(word in _CLAUSE_WORDS or word in _SPEECH_VERBS for word in lowers):
        return False
    # Only the head speaks: "a report by the council" and "figures from the police" are not
    # voices, "the family of Tom Barr" and "a spokesperson for the trust" are.
    joiner = next((at for at, lower in enumerate(lowers) if at and lower in _HEAD_ENDS), None)
    head = lowers[:joiner]
    if _person_word(head[-1]) != head[-1]:
        return True  # "the 34-year-old", "a mother-of-two"
    if head[-1].endswith("s") and (head[-1][:-1] in _ROLE_NOUNS or head[-1][:-1] in _VOICE_NOUNS):
        return True  # "members of the public", "senior officers", "the two unions"
    for token, lower in zip(tokens, head, strict=False):
        if token.possessive:
            continue  # whose, not who: "the coroner's report" is no coroner
        if lower in _ROLE_NOUNS or lower in _VOICE_NOUNS or token.core in _NOT_NAME_ORGS:
            return True
        if len(token.core) >= 2 and token.core.isupper() and token.core.isalpha():
            return True  # an acronym: the RSPCA, HSE
    return False


def _statement_by(reader: _PhraseReader, tokens: Sequence[_Token]) -> _Who | None:
    """`The Borough Council have issued this update:` — the subject of the statement;
    `The following statement has been issued by the family of Ann Kell:` — whom it is by."""
    for index in range(len(tokens) - 1, max(-1, len(tokens) - 7), -1):
        if tokens[index].core.lower() in _STATEMENT_VERBS:
            nouns = {token.core.lower() for token in tokens[index + 1 :]}
            if nouns & _STATEMENT_NOUNS and index:
                return reader.read(" ".join([token.raw for token in tokens[:index]]))
            break
    return _issued_by(reader, tokens)


# What a statement that is printed below "reads" or "says", after whom it is by.
_READS = frozenset({"reads", "read", "says", "said", "states", "stated"})


def _issued_by(reader: _PhraseReader, tokens: Sequence[_Token]) -> _Who | None:
    """Whom a statement is by when the statement is the subject: `The following statement
    has been issued by the family of Ann Kell:`, `A tribute released on behalf of her family
    reads:`. Nothing unless a statement noun comes before the verb and "by" or "on behalf
    of" straight after it."""
    lowers = [token.core.lower() for token in tokens]
    verb = next((at for at, lower in enumerate(lowers) if lower in _CARRIED), None)
    if verb is None or not _CARRIERS.intersection(lowers[:verb]):
        return None
    if lowers[verb + 1 : verb + 2] == ["by"]:
        start = verb + 2
    elif lowers[verb + 1 : verb + 4] == ["on", "behalf", "of"]:
        start = verb + 4
    else:
        return None  # "A statement posted on Facebook:": not whose it is
    for at in range(verb + 1, len(lowers) - 3):
        if lowers[at : at + 3] == ["on", "behalf", "of"]:
            start = at + 3  # "issued by police on behalf of the family": the family's
            break
    end = len(tokens) - 1 if lowers[-1] in _READS else len(tokens)
    if start >= end:
        return None
    who = reader.read(" ".join([token.raw for token in tokens[start:end]]))
    return who if who is not None and who.kind != "pronoun" else None


def _from_whom(reader: _PhraseReader, tokens: Sequence[_Token]) -> _Who | None:
    """`And from Chairwoman Jo Bloggs:`, `A statement from the RSPCA:`."""
    words = [token.core.lower() for token in tokens]
    if "from" not in words[:4]:
        return None
    at = words.index("from")
    if any(word not in _FROM_LEAD for word in words[:at]):
        return None
    who = reader.read(" ".join([token.raw for token in tokens[at + 1 :]]))
    return who if who is not None and who.kind != "pronoun" else None


def _named_alone(reader: _PhraseReader, tokens: Sequence[_Token]) -> _Who | None:
    """`Tim Davies, Director of Operations:` — a paragraph that is only a person, by title or
    by a known given name (never two capitalised words of anything: "Next Steps:"), and
    their role introduces their words."""
    if not tokens or len(tokens) > _ROLE_WORDS + 4 or tokens[0].core.lower() in _LEAD_INS:
        return None
    who = reader.read(" ".join([token.raw for token in tokens]))
    if who is None or who.kind != "person" or not who.name:
        return None
    first = (who.title or who.name).split()[0]
    if tokens[0].core != first:
        return None  # "Contact Tim Davies:", "Photo: Tim Davies:" — the name must lead
    return who if who.title or _is_given(who.name.split()[0]) else None


def _heading_who(reader: _PhraseReader, tokens: Sequence[_Token]) -> _Who | None:
    """Who a heading right above a quote names as its speaker: "Statement from Chief
    Constable Ruth Hale", "A message from Kent Police", or a person with a role ("Cllr Ben
    Ames, Leader of the Council"). A name alone is not enough: "PC Andrew Harper" over his
    family's tribute is who it is about."""
    words = [token.core.lower() for token in tokens[:4]]
    if "from" in words or "by" in words:
        at = next(i for i, word in enumerate(words) if word in ("from", "by"))
        if at and all(word in _FROM_LEAD for word in words[:at]) and words[at - 1] != "and":
            who = reader.read(" ".join([token.raw for token in tokens[at + 1 :]]))
            return who if who is not None and who.kind != "pronoun" else None
    who = _named_alone(reader, tokens)
    return who if who is not None and who.role else None


def _with_cue(who: _Who | None, cue: str) -> _Who | None:
    if who is not None and not who.cue:
        who.cue = cue
    return who


def _title_case(words: Sequence[str]) -> bool:
    """'Safer Streets', 'No Ball Games', 'Rivers of the North': the name of something."""
    bare = [word.strip("*_.,!?;:'’\"“”()") for word in words]
    significant = [word for word in bare if word and word.lower() not in _TITLE_SMALL_WORDS]
    return bool(significant) and all(word[:1].isupper() for word in significant)


_TITLE_SMALL_WORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)


def _names_a_thing(before: _Token, after: _Token | None) -> bool:
    if before.core.lower() in _NAMING_BEFORE or before.core in _NOT_NAME_ORGS:
        return True
    return after is not None and after.core.lower() in _NAMING_AFTER


def _governing_verb(tokens: Sequence[_Token]) -> int | None:
    """The speech or attitude verb that governs what follows it, close before the quote;
    after a verb that is not a reporting one, another verb between means another clause."""
    for index in range(len(tokens) - 1, max(-1, len(tokens) - 13), -1):
        word = tokens[index].core.lower()
        if tokens[index].ends_clause and index < len(tokens) - 1:
            return None  # "…, and was 'remorseful'": a comma or stop ends the governed part
        if word in _SPEECH_VERBS or word in _ATTITUDE_VERBS or word in _SHOUTING:
            if word in _REPORTING_VERBS:
                return index
            between = {token.core.lower() for token in tokens[index + 1 :]}
            if between & _CLAUSE_WORDS:
                return None
            return _reporting_before(tokens, index) if word in _DEEDS_NOT_SPEECH else index
    return None


# Attitude verbs that are deeds, not speech: in "Jo Farr said the force had made 'real
# progress'" the words are hers, not the force's.
_DEEDS_NOT_SPEECH = frozenset({"made", "makes"})


def _reporting_before(tokens: Sequence[_Token], deed: int) -> int:
    """The reporting verb whose clause holds the deed at `deed`, in the same clause; else the
    deed's own index ("the council made 'real progress'" is the council's)."""
    for index in range(deed - 1, max(-1, deed - 10), -1):
        if tokens[index].ends_clause:
            break
        if tokens[index].core.lower() in _REPORTING_VERBS:
            return index
    return deed


# "was heard shouting 'get back'": a shout is speech, of whoever was heard.
_SHOUTING = frozenset({"shouting", "screaming", "yelling", "chanting"})


def _plain_subject(tokens: Sequence[_Token]) -> bool:
    """The words before the verb name the speaker: one comma-separated part of them is a plain
    noun phrase with a name or pronoun in it ("Exports Minister Jo Bloggs", "Federation chair
    Dana Whitlock", "She", "…, Marguerite Lowell,") — not a clause ("The court heard Prince")."""
    segments = _segments(tokens)
    while len(segments) > 1 and _is_lead_in(segments[0]):
        segments.pop(0)
    return any(_noun_phrase(segment) for segment in segments)


def _noun_phrase(segment: Sequence[_Token]) -> bool:
    if segment[0].core.lower() in _LEAD_INS:  # "At the meeting Mr Dar (said)": a titled name
        hits = _find_people(segment)  # ending the phrase, after a lead-in with no comma
        return bool(hits) and hits[-1].title is not None and hits[-1].end == len(segment)
    named = False
    for index, token in enumerate(segment):
        lower = token.core.lower()
        if lower in _PRONOUNS or (_is_capitalised(token.core) and lower not in _DETERMINERS):
            named = True
        elif not (
            token.possessive
            or lower in _SUBJECT_WORDS
            or lower in _ROLE_NOUNS
            or _modifies_a_role(segment, index)
        ):
            return False
    return named


def _modifies_a_role(segment: Sequence[_Token], index: int) -> bool:
    """A lower-case word just before a role noun ("opposition leader", "parish council
    chair"): part of the role, not a clause."""
    following = [token.core.lower() for token in segment[index + 1 : index + 3]]
    return bool(following) and (
        following[0] in _ROLE_NOUNS or (len(following) > 1 and following[1] in _ROLE_NOUNS)
    )


def _copied(who: _Who) -> _Who:
    """A copy to hand out: the finders mark the `_Who` they return with their cue."""
    return _Who(
        who.kind,
        who.name,
        who.title,
        who.role,
        who.affiliation,
        who.gender,
        who.definite,
        who.cue,
        who.continues,
    )


def _goes_on(who: _Who | None, verb: str) -> _Who | None:
    """Marks "he added", "she continued": a pronoun whose verb goes on from words said."""
    if who is not None and who.kind == "pronoun" and verb in _CONTINUING_VERBS:
        who.continues = True
    return who
