"""People in a run of words: titles, names, roles before a name, and the fullest form of a
one-word name printed anywhere in the article.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from reader.quotes.model import normalise_name
from reader.quotes.text import (
    _gender,
    _is_capitalised,
    _is_given,
    _is_name_word,
    _title_at,
    _Token,
    _token,
    _tokens,
)
from reader.quotes.vocabulary import (
    _AGENT_ENDINGS,
    _CONNECTORS,
    _GIVEN_NAME_TITLES,
    _KIN_NOUNS,
    _LEAD_INS,
    _NOT_NAME,
    _NUMBER_WORDS,
    _PARTICLES,
    _PLACE_PREPOSITIONS,
    _PLACE_SURNAMES,
    _PLACE_TITLES,
    _POST_NOMINALS,
    _ROLE_NOUNS,
    _ROLE_STOP,
    _ROLE_WORDS,
    _TITLE_WORDS,
)


@dataclass(slots=True)
class _Person:
    name: str
    title: str | None
    role: str | None
    position: int = 0  # where in the body it was named
    affiliation: bool = False  # the role is only an organisation in a possessive

    @property
    def key(self) -> str:
        return normalise_name(self.name)

    @property
    def surname(self) -> str:
        return normalise_name(self.name.split()[-1]) if self.name.split() else ""


class _Hit(NamedTuple):
    start: int  # token index where the title (or name) starts
    end: int  # token index after the name
    title: str | None
    name: str
    possessive: bool  # "PC Smith's colleague": the name is not the subject


def _name_words(
    tokens: Sequence[_Token], index: int, limit: int = 4, *, title: str = "", loose: bool = False
) -> int:
    """How many tokens from `index` form a name (stops after a comma or a possessive); `title`
    is the title printed just before it, `loose` as for `_find_people`."""
    count = 0
    while index + count < len(tokens) and count < limit:
        token = tokens[index + count]
        if token.bracketed:
            break
        if token.core in _PARTICLES:
            following = index + count + 1
            while following < len(tokens) and tokens[following].core in _PARTICLES:
                following += 1
            if following < len(tokens) and _is_name_word(tokens[following].core) and count:
                count = following - index  # "van der" and the name after them
                continue
            break
        if not (_is_name_word(token.core) or _is_initial(token)):
            after = tokens[index + count + 1] if index + count + 1 < len(tokens) else None
            given = tokens[index + count - 1].core if count else ""
            if _place_surname(token, after, given=given, title=title, loose=loose):
                count += 1
            break
        count += 1
        if token.ends_clause or token.possessive:
            break
    return count


def _is_initial(token: _Token) -> bool:
    """ "A." in "Dr A. J. Patel": a capital with its full stop is an initial, even one that
    is a word too (A, I)."""
    return len(token.core) == 1 and token.core.isupper() and token.raw.rstrip("*_,").endswith(".")


def _place_surname(
    token: _Token,
    following: _Token | None,
    *,
    given: str = "",
    title: str = "",
    loose: bool = False,
) -> bool:
    """Whether `token`, a word for a place or a date that is a surname too, ends a name: after
    a given name or an initial ("Theresa May", "J. Lane"), or after a personal title ("Mrs
    Lane", not "Lord Street"), never before another name word ("Victoria Park Hotel"). What
    stands before the name is the caller's to check (`_placed_after`)."""
    if token.core not in _PLACE_SURNAMES:
        return False
    if title:
        if not given and title.split()[-1] in _PLACE_TITLES:
            return False
    elif not (given and (loose or len(given) == 1 or _is_given(given))):
        return False
    return following is None or not _is_name_word(following.core)


def _placed_after(previous: str, last: str) -> bool:
    """Whether an untitled name whose last word is `last`, a place or date word, follows a word
    that puts a place or a date ("called to Albert Street"): a street, not a person."""
    return last in _PLACE_SURNAMES and previous.lower() in _PLACE_PREPOSITIONS


def _find_people(
    tokens: Sequence[_Token], known: Container[str] | None = None, *, loose: bool = False
) -> list[_Hit]:
    """Names in a phrase: a title followed by a name, a known first name and surname, a known
    surname on its own, or (when `loose`, for a phrase right before a speech verb) any two to
    four name-like words."""
    hits: list[_Hit] = []
    cores = [token.core for token in tokens]
    index = 0
    while index < len(tokens):
        hit = _person_at(tokens, cores, index, known, loose=loose)
        if hit is None:
            index += 1
            continue
        hits.append(hit)
        index = hit.end
    return hits


def _person_at(
    tokens: Sequence[_Token],
    cores: Sequence[str],
    index: int,
    known: Container[str] | None,
    *,
    loose: bool,
) -> _Hit | None:
    title_length = _title_at(cores, index)
    if title_length and cores[index + title_length : index + title_length + 1] == ["and"]:
        second = _title_at(cores, index + title_length + 1)
        if second:  # "Mr and Mrs Okafor": one title for the two of them
            title_length += 1 + second
    if title_length and not tokens[index + title_length - 1].ends_clause:
        title = " ".join(cores[index : index + title_length])
        count = _name_words(tokens, index + title_length, title=title, loose=loose)
        if count and not _given_inside(cores[index + title_length : index + title_length + count]):
            return _make_hit(tokens, index, title_length, count)
    word = cores[index]
    if not _is_name_word(word) or tokens[index].bracketed or word.lower() in _ROLE_NOUNS:
        return None
    count = _name_words(tokens, index, loose=loose)
    if count >= 3 and _calling_before(tokens, index):
        return None  # "Forecaster Eluned Bell said": the name starts at the given name
    if index and count > 1 and _placed_after(cores[index - 1], cores[index + count - 1]):
        count -= 1  # "went to Albert Street": the street is no part of a name
    if loose and _office_inside(cores[index + 1 : index + count - 1]):
        return None  # "Health Secretary Wes Streeting": the name starts after the office
    printed = known is not None and normalise_name(" ".join(cores[index : index + count])) in known
    if count >= 2 and (_is_given(word) or loose or printed):
        return _make_hit(tokens, index, 0, count)
    if count >= 1 and known and normalise_name(word) in known:
        return _make_hit(tokens, index, 0, 1)
    if count == 1 and loose and _is_given(word):
        return _make_hit(tokens, index, 0, 1)
    return None


def _given_inside(words: Sequence[str]) -> bool:
    """Whether a known given name stands inside a run after a title, past a first word that is
    none: "Major Projects Aled Rowlands" is a portfolio and a name, no Major Projects."""
    return len(words) > 2 and not _is_given(words[0]) and any(map(_is_given, words[1:-1]))


def _calling_before(tokens: Sequence[_Token], index: int) -> bool:
    """Whether the word at `index`, first of three name words or more, is a calling that the
    start of a sentence capitalises ("Forecaster Eluned Bell", "Pharmacist Tomos Reed"): it
    ends as agent nouns do and as few given names do (those are in the given-name lists)."""
    word = tokens[index].core
    opening = index == 0 or tokens[index - 1].ends_clause
    return opening and word.lower().endswith(_AGENT_ENDINGS) and not _is_given(word)


def _office_inside(words: Sequence[str]) -> bool:
    """Whether a role noun stands inside a run of capitalised words, with a name word after
    it: "Prime Minister Keir Starmer" is an office and a name, never a four-word name. The
    run's last word is left out by the caller, since surnames can be role nouns ("Walker")."""
    return any(word.lower() in _ROLE_NOUNS for word in words)


@lru_cache(maxsize=16384)  # "Chief Inspector Mark Hedges" recurs across a feed
def _run_people(run: str) -> tuple[tuple[_Token, ...], tuple[_Hit, ...], tuple[int, ...]]:
    """The tokens of a run of capitalised words, the people named in it, and word offsets."""
    tokens = tuple(_tokens(run))
    hits = tuple(_find_people(tokens))
    offsets = tuple(match.start() for match in re.finditer(r"\S+", run)) if hits else ()
    return tokens, hits, offsets


def _make_hit(tokens: Sequence[_Token], start: int, title_length: int, count: int) -> _Hit:
    name_start = start + title_length
    title = " ".join([token.core for token in tokens[start:name_start]]) or None
    name = " ".join([token.core for token in tokens[name_start : name_start + count]])
    return _Hit(start, name_start + count, title, name, tokens[name_start + count - 1].possessive)


def _role_before(tokens: Sequence[_Token]) -> tuple[str | None, bool]:
    """The role printed right before a name ("Kent Police's", "Community Safety Officer"),
    walking back from the name; (role, is_only_an_organisation)."""
    taken: list[_Token] = []
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if token.bracketed:
            break
        ends = token.ends_clause and token.raw.rstrip("*_")[-1:] != "'"
        if ends and not _listed_in_office(token, taken):
            break
        lower = token.core.lower()
        if (
            not token.core
            or len(taken) >= _ROLE_WORDS
            or not (token.core[0].isalpha() or lower == "&")
        ):
            break
        if lower in ("and", "&"):
            if not _joins_an_office(tokens, index, taken):
                break
        elif lower == "the" and index and tokens[index - 1].core == "of" and taken:
            pass  # "Chancellor of the Exchequer"
        elif lower in _ROLE_STOP or _ends_a_clause_subject(tokens, index, taken):
            break
        taken.append(token)
    taken.reverse()
    taken = _after_a_person(taken)
    if taken and (taken[-1].core.lower() in _CONNECTORS or _kin_of(taken)):
        return None, False  # "the husband of Margaret Haigh" describes someone else
    while taken and (taken[0].core.lower() in _CONNECTORS or taken[0].core == "and"):
        taken.pop(0)
    if not taken:
        return None, False
    if any(token.core.lower() in _ROLE_NOUNS for token in taken):
        return " ".join([token.raw.strip("*_") for token in taken]), False
    if taken[-1].possessive and all(
        _is_capitalised(token.core) or token.core.lower() in ("and", "&") for token in taken
    ):
        return " ".join([token.core for token in taken]), True
    return None, False


def _joins_an_office(tokens: Sequence[_Token], index: int, taken: Sequence[_Token]) -> bool:
    """Whether "and" at `tokens[index]` (walking back from a name) is inside an organisation
    ("Fire and Rescue Service") or an office ("Crime and Policing Minister", "Secretary of State
    for Health and Social Care", "Deputy Prime Minister and Housing Secretary")."""
    left = tokens[index - 1].core if index else ""
    right = taken[-1].core if taken else ""
    if left in _NOT_NAME or right in _NOT_NAME:
        return True
    if not (_is_capitalised(left) and _is_capitalised(right)):
        return False
    window = [*tokens[max(0, index - _ROLE_WORDS) : index], *taken]
    return any(token.core.lower() in _ROLE_NOUNS for token in window)


def _listed_in_office(token: _Token, taken: Sequence[_Token]) -> bool:
    """A comma in a list of portfolios before "and": "Culture, Media and Sport Secretary"."""
    return (
        token.raw.endswith(",")
        and _is_capitalised(token.core)
        and bool(taken)
        and _is_capitalised(taken[-1].core)
        and any(later.core in ("and", "&") for later in taken)
    )


def _after_a_person(taken: list[_Token]) -> list[_Token]:
    """The role without a person named before its "and": "Tom Barr and Policing Minister (Ana
    Kell)" gives Ana Kell "Policing Minister", not Tom Barr's name."""
    joins = [index for index, token in enumerate(taken) if token.core in ("and", "&")]
    if joins and _find_people(taken[: joins[-1]]):
        return taken[joins[-1] + 1 :]
    return taken


def _kin_of(before: Sequence[_Token]) -> bool:
    """Whether the words before a name make it the person a relative is named by: "the mother
    of victim", "the father of the murdered teenager" (the name is the victim's), not "mother
    of two" (the name is hers)."""
    index = len(before)
    while index and len(before) - index < 3 and before[index - 1].core.islower():
        if before[index - 1].core in _NUMBER_WORDS or before[index - 1].core == "of":
            break
        index -= 1
    return (
        index >= 2
        and index < len(before)
        and before[index - 1].core == "of"
        and before[index - 2].core.lower() in _KIN_NOUNS
    )


def _ends_a_clause_subject(tokens: Sequence[_Token], index: int, taken: Sequence[_Token]) -> bool:
    """Whether `tokens[index]` ends a name (a capitalised word after another) that the word
    after it (the last taken, walking back) makes the subject of a verb: "Tom Barr thanked PC
    Ana Kell" gives PC Ana Kell no role; "Parent carer forum chair" is one."""
    token = tokens[index]
    if not taken or not index or token.possessive or not _is_name_word(token.core):
        return False
    if not _is_capitalised(tokens[index - 1].core):
        return False
    after = taken[-1].core
    if after in ("and", "&"):
        return False  # "Deputy Prime Minister and Housing Secretary": one office
    return after.islower() and after not in _ROLE_NOUNS and after not in _CONNECTORS


class _NameBook:
    """The fuller forms a one-word name is printed in anywhere in the body ("Dana Whitlock"
    for "Dana", "Alison Penrose" for "Mrs Penrose"), looked up only when a bare word is met."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.forms: dict[tuple[str, bool, bool], frozenset[str]] = {}
        self.peerages: dict[str, str | None] = {}

    def fullest(self, word: str, title: str | None) -> str | None:
        """The fullest form printed; "" when there is none, None when two people share it.
        After Mr, Dr, a rank… the word is a surname; after Sir or Dame a given name; bare,
        either. A title's sex rules out the forms whose given names say the other's: "Mr
        Hill" beside "Jane Hill" and "Mark Hill" is Mark Hill; "Mrs Hill" beside only "Mark
        Hill" is neither."""
        given = title is None or title in _GIVEN_NAME_TITLES
        surname = title not in _GIVEN_NAME_TITLES
        key = (word, given, surname)
        forms = self.forms.get(key)
        if forms is None:
            forms = self.forms[key] = self._forms(word, given=given, surname=surname)
        sex = _gender(title)
        if sex is not None:  # "Mrs Hill" is never the Mark Hill printed
            forms = frozenset(form for form in forms if _fits(sex, _gender(None, form)))
        return _one_person(forms) if forms else ""

    def _forms(self, word: str, *, given: bool, surname: bool) -> frozenset[str]:
        forms: set[str] = set()
        pattern = re.compile(rf"(?<![\w'’.\-]){re.escape(word)}(?![\w\-])")
        for match in pattern.finditer(self.body):
            if surname and (before := self._given_before(match.start())):
                forms.add(f"{before} {word}")
                if paired := self._paired_given(match.start() - len(before) - 1):
                    forms.add(f"{paired} {word}")  # "Tom and Ana Kell": Tom Kell too
            if given and (after := self._surname_after(word, match.end())):
                forms.add(f"{word} {after}")
        return frozenset(forms)

    def peerage(self, title: str, word: str) -> str | None:
        """A peer's name with its territorial designation where the body prints one ("Baroness
        Penrose of Tregaron" for "Baroness Penrose"): how a peer known only by title is named.
        One place of one to three name words, or None ("Lord Marlow of Network Rail" has none:
        an organisation's words are no place)."""
        key = f"{title} {word}"
        if key not in self.peerages:
            found = {
                " ".join(_peer_place(match.group(1).split()))
                for match in re.finditer(
                    rf"(?<![\w'’.\-]){re.escape(title)} {re.escape(word)} of ((?:\S+ ?){{1,3}})",
                    self.body,
                )
            } - {""}
            self.peerages[key] = f"{title} {word} of {found.pop()}" if len(found) == 1 else None
        return self.peerages[key]

    def _given_before(self, at: int) -> str:
        text = self.body[max(0, at - 60) : at].rsplit("\n", 1)[-1]
        if not text.endswith(" ") or text.endswith("  "):
            return ""
        raws = text.split()
        taken: list[str] = []
        for index in range(len(raws) - 1, max(-1, len(raws) - 3), -1):
            token = _token(raws[index])
            if not _could_be_given(token) or token.core.lower() in _KIN_NOUNS:
                break  # "Parents Callum and …": a kin noun is no given name
            opening = index == 0 or _token(raws[index - 1]).ends_clause or raws[index - 1] == "#"
            if opening and not _may_open_a_name(token.core):
                break
            taken.append(token.core)
        return " ".join(reversed(taken))

    def _paired_given(self, at: int) -> str:
        """The given name joined by "and" to the name that starts at `at`, when it stands
        alone: "Tom" in "Tom and Ana Kell", nothing in "Ben Thomas and Ana Kell"."""
        raws = self.body[max(0, at - 40) : at].rsplit("\n", 1)[-1].split()
        if len(raws) < 2 or raws[-1] not in ("and", "&"):
            return ""
        given = _token(raws[-2]).core
        if not _is_given(given) or (len(raws) > 2 and not _opens_a_pair(_token(raws[-3]).core)):
            return ""
        return given

    def _surname_after(self, given: str, at: int) -> str:
        text = self.body[at : at + 60].split("\n", 1)[0]  # a name never runs on to a new line
        if not text.startswith(" "):
            return ""
        tokens = [_token(raw) for raw in text.split()[:4]]
        if len(tokens) == 4 and tokens[0].core in ("and", "&") and _is_given(tokens[1].core):
            tokens = tokens[2:]  # "Tom and Ana Kell": Tom Kell
        taken: list[str] = []
        for index, token in enumerate(tokens[:2]):
            if token.core in _TITLE_WORDS or token.bracketed:
                break
            if not _is_name_word(token.core):
                following = tokens[index + 1] if index + 1 < len(tokens) else None
                before = taken[-1] if taken else given  # "Hannah R Day": after an initial
                if (not index or len(before) == 1) and _place_surname(
                    token, following, given=before
                ):
                    taken.append(token.core)  # "Theresa" is "Theresa May" if printed so
                break
            taken.append(token.core)
            if token.ends_clause or token.possessive:
                break
        return " ".join(taken)


def _one_person(forms: frozenset[str]) -> str | None:
    """The longest of the (one or more) forms, if every other is part of it (one person); else
    None."""
    longest = max(forms, key=lambda form: len(form.split()))
    words = set(longest.split())
    return longest if all(set(form.split()) <= words for form in forms) else None


def _peer_place(raws: Sequence[str]) -> list[str]:
    """The name words opening `raws` that a place is printed in ("Tregaron,", "Richmond
    Hill"), up to a clause's end; none if a word of an organisation comes first."""
    taken: list[str] = []
    for raw in raws:
        token = _token(raw)
        if token.core in _POST_NOMINALS:
            return taken  # "Lord Carlile of Berriew KC"
        if token.bracketed or not _is_name_word(token.core) or token.core in _TITLE_WORDS:
            # "Lord Smith of Kent Police", "of Bath and Wells": no place a name can be sure of
            return [] if _is_capitalised(token.core) or token.core in ("and", "&") else taken
        taken.append(token.core)
        if token.ends_clause or token.possessive:
            break
    return taken


def _may_open_a_name(word: str) -> bool:
    """Whether a capitalised word opening a sentence may be a given name: a known one, or any
    word that does not open clauses ("Yesterday Penrose", "Speaking Penrose", "Sadly Penrose"
    are not people; "Tobiah Kell runs the farm" names one)."""
    if _is_given(word):
        return True
    lower = word.lower()
    return lower not in _LEAD_INS and not lower.endswith(("ly", "ing"))


def _could_be_given(token: _Token) -> bool:
    """A word that can stand in a name beside another: no title, no clause end, no 's."""
    if token.ends_clause or token.possessive or token.bracketed:
        return False
    core = token.core
    return _is_name_word(core) and core not in _TITLE_WORDS and core.lower() not in _ROLE_NOUNS


def _fill_person(person: _Person, other: _Person) -> None:
    person.title = person.title or other.title
    person.role = person.role or other.role


def _fits(pronoun: str | None, gender: str | None) -> bool:
    return pronoun is None or gender is None or pronoun == gender


def _opens_a_pair(before: str) -> bool:
    """Whether the word before "Tom and Ana Kell" leaves Tom a given name alone: "Parents"
    does, "Thomas" (Ben Thomas's surname) does not."""
    return not _is_name_word(before) or before.lower() in _KIN_NOUNS
