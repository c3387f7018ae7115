"""Small text helpers of the quote extractor: markdown-free text, tokens, titles, sentences.

Every regular expression here is bounded or follows a mandatory separator, so none can
backtrack catastrophically on hostile input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from reader.quotes.model import unaccented
from reader.quotes.vocabulary import (
    _ABBREVIATIONS,
    _FEMALE_GIVEN,
    _FEMALE_TITLES,
    _FIRST_NAMES,
    _MALE_GIVEN,
    _MALE_TITLES,
    _NOT_NAME,
    _PARTICIPLES,
    _SPEECH_VERBS,
    _TITLE_INDEX,
    _TITLE_MODIFIERS,
)

# A run of capitalised words (with a few lower-case joiners): where names are looked for.
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"


# The letters of a word never hold the space that must follow them, so the engine may keep
# what it took (`{0,40}+`, possessive): no backtracking into a word that cannot end otherwise.
_CAP_WORD = rf"[{_UPPER}][\w'’.\-]{{0,40}}+"


_JOINER = "of|and|for|de|del|della|di|du|dos|das|van|von|der|den|le|la|da|bin|ibn|ap|ab"


# The capital comes first and the look-behind after it (same matches as `(?<![\w'’])[A-Z]…`)
# so the engine can skip ahead to capitals: four times faster on a typical body.
_CAP_RUN = re.compile(
    rf"[{_UPPER}](?<![\w'’][{_UPPER}])[\w'’.\-]{{0,40}}+"
    rf"(?:[ \t]{{1,3}}(?:{_CAP_WORD}|{_JOINER})){{1,10}}"
)


_ROLE_AFTER = re.compile(r"[*_]{0,2},[ \t]{1,3}([^,.;:()\n]{2,120})")


_SENTENCE_END = frozenset(".!?…")


_EMPHASIS_CHARS = "*_"


_WHITESPACE = " \t\n\r\u00a0"


_CONTINUATION_MARKER = re.compile(
    r"\n[ \t]{0,8}(?:>[ \t]?){0,10}[ \t]{0,8}(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)?"
)


_LINK = re.compile(r"!?\[([^\[\]\n]{0,300})\]\([^()\s]{0,500}\)")


_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*\\])[*_](?=[^\s*_])|(?<=[^\s*_\\])[*_](?![\w*])")


_PARENTHETICAL = re.compile(r"\s*\([^()\n]{0,80}\)")  # with the space before it: "Ana Kell (left),"


_SENTENCE_BREAK = re.compile(r"([.!?…])['’\"”)\]*_]{0,3}\s+")


_DASH_LEAD = re.compile(r"\s{0,3}[—–-]{1,2}\s*")


_WORDS_NOUNS = r"(?:words?|message|warning|plea|verdict|view|reaction|advice)"
# A name's words up to the sentence's end; an initial's stop ("Karen R. Walsh") is no end.
_NAME_RUN = r"(?:[^.;:!?]|(?<=\b[A-Z])\.)"
_WHOSE_WORDS = (
    r"(?:was|were|is|are)\s+(?:the\s+(?:\w+\s+){0,2}?"
    + _WORDS_NOUNS
    + rf"\s+(?:of|from)\s+(?P<of>{_NAME_RUN}{{3,200}})|(?P<owner>{_NAME_RUN}{{3,120}}?)['’]s?\s+"
    + _WORDS_NOUNS
    + r"\b)"
)
_WORDS_OF = re.compile(r"(?:That|Those|These|This|Such)\s+" + _WHOSE_WORDS)
# When, after whose words they were: "the message from protesters on Saturday".
_WHEN_AFTER = re.compile(
    r"\s+(?:(?:on|last|this|at\s+the)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday"
    r"|Sunday|weekend|night|week|month|morning|afternoon|evening)|yesterday|today|tonight)\b.*",
    re.DOTALL,
)
# '"Enough is enough" was the message from protesters': the quote is the sentence's subject.
_WORDS_OF_AFTER = re.compile(r",?\s*" + _WHOSE_WORDS)


# "The message from Kent Police is clear:", "Jo Bloggs's advice to parents was simple:" —
# whose words the colon opens.
_MESSAGE_OF = re.compile(
    r"(?:(?:The|Her|His|Their|Our)\s+(?:message|advice|warning|plea|appeal|verdict)\s+"
    rf"(?:from|of)\s+(?P<of>{_NAME_RUN}{{3,120}}?)|(?P<owner>{_NAME_RUN}{{3,120}}?)['’]s?\s+"
    r"(?:message|advice|warning|plea|appeal|verdict)(?:\s+to\s+[^.;:!?]{1,80}?)?)"
    r"\s+(?:is|was|remains)(?:\s+(?:\w+\s+){0,2}?\w+)?$"
)


# A child's age is often printed in words ("Ruby, nine,").
_AGES_IN_WORDS = """one two three four five six seven eight nine ten eleven twelve thirteen
fourteen fifteen sixteen seventeen eighteen nineteen"""
_AGE_WORDS = tuple(_AGES_IN_WORDS.split())
_AGE_WORD_STARTS = frozenset(word[:3] for word in _AGE_WORDS)
_AGE_NUMBER = r"(\d{1,3}|" + "|".join(_AGE_WORDS) + ")"
_AGE = re.compile(r"(?:aged\s+)?" + _AGE_NUMBER)
# An age printed beside a name: "Jack Hall, 17, of Hull".
# What brackets may hold between a name and what is said of it: "Ana Kell (pictured), 81,".
_BRACKETS_BESIDE = r"(?:\s*\([^()\n]{0,40}\))?"
_AGE_APPOSITION = re.compile(_BRACKETS_BESIDE + r",\s+(?:aged\s+)?" + _AGE_NUMBER + ",")
# "the 34-year-old", "a mother-of-two", "the grandfather-of-five": one person, described.
_AGED = re.compile(r"\d{1,3}-year-old")
_KIN_OF = re.compile(r"((?:great-)?(?:grand)?(?:mother|father|mum|dad))-of-[a-z0-9]+")


def _age_value(printed: str) -> int:
    """The age an `_AGE_NUMBER` match prints: "17" or "nine"."""
    return int(printed) if printed.isdigit() else _AGE_WORDS.index(printed) + 1


def _person_word(lower: str) -> str:
    """The noun a described person's word stands for: "mother-of-two" is a mother, "34-year-old"
    a person; any other word is itself."""
    if "-" not in lower:
        return lower
    if _AGED.fullmatch(lower):
        return "person"
    kin = _KIN_OF.fullmatch(lower)
    return kin.group(1).removeprefix("great-") if kin else lower


def _clean(text: str) -> str:
    """Markdown-free, single-spaced text: what a reader sees of a fragment of the body."""
    return " ".join(_clean_words(text))


def _clean_words(text: str) -> list[str]:
    """The words of `_clean(text)`, for a caller that would only split it again."""
    if "\n" in text:
        text = _CONTINUATION_MARKER.sub(" ", text)
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub("", text)
    return text.split()


class _Token(NamedTuple):
    """One word of a phrase: its bare form, and the punctuation facts the rules need."""

    raw: str
    core: str
    possessive: bool  # Council's, residents'
    ends_clause: bool  # Canterbury, — a comma or full stop follows
    bracketed: bool  # (left)


@lru_cache(maxsize=65536)  # words repeat across a feed; a token is immutable
def _token(raw: str) -> _Token:
    if raw.isalnum():  # most words: nothing to strip
        return _Token(raw, raw, False, False, False)
    bracketed = "(" in raw or ")" in raw
    word = raw.strip('*_(["“‘')
    tail = word.rstrip('*_)]"”')
    core = tail.rstrip(',.;:!?*_)]"”')
    ends_clause = bool(tail) and tail[-1] in ",.;:!?"
    if ends_clause and tail[-1] == "." and (core in _ABBREVIATIONS or len(core) == 1):
        ends_clause = False  # "Det. Sgt.", "J." — abbreviations, not the end of a clause
    possessive = False
    if core.endswith(("'s", "’s")) and len(core) > 2:
        core, possessive = core[:-2], True
    elif core.endswith(("s'", "s’")) and len(core) > 2:
        core, possessive = core[:-1], True
    core = core.strip("'’‘")
    return _Token(raw, core, possessive, ends_clause, bracketed)


def _tokens(text: str) -> list[_Token]:
    return list(map(_token, text.split()))


def _unbracketed(tokens: Sequence[_Token]) -> list[_Token]:
    """`tokens` without what brackets hold ("Ana Kell (pictured), 81,"): a comma or stop that
    closed the brackets closes the word before them instead."""
    kept: list[_Token] = []
    for token in tokens:
        if not token.bracketed:
            kept.append(token)
        elif token.ends_clause and kept:
            closing = token.raw[token.raw.rfind(")") + 1 :]  # "(pictured)," → ","
            kept[-1] = kept[-1]._replace(raw=kept[-1].raw + closing, ends_clause=True)
    return kept


def _clean_tokens(text: str) -> list[_Token]:
    """`_tokens(_clean(text))`, without joining the words only to split them again."""
    return list(map(_token, _clean_words(text)))


def _is_capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


@lru_cache(maxsize=65536)  # asked of the same words again and again, across a feed
def _is_name_word(word: str) -> bool:
    """A word that can be part of a person's name: capitalised, not an organisation word."""
    if not word or not word[0].isupper() or not word[0].isalpha() or word in _NOT_NAME:
        return False
    if len(word) == 1:
        return True  # an initial
    return any(char.islower() for char in word)  # not an acronym (NHS, OPCC)


def _title_at(words: Sequence[str], index: int) -> int:
    """Length of the rank or title starting at words[index] (0 if none), modifiers included;
    a title straight after another is part of it ("Mayor Cllr Jenny Webb")."""
    total = _one_title_at(words, index)
    while total:
        more = _one_title_at(words, index + total)
        following = index + total + more
        if not more or following >= len(words) or not _is_name_word(words[following]):
            break  # "Mr Bishop": a surname that happens to be a title
        total += more
    return total


def _one_title_at(words: Sequence[str], index: int) -> int:
    start = index
    if index < len(words) and words[index] in _TITLE_MODIFIERS:
        index += 1
    if index >= len(words):
        return 0
    for title in _TITLE_INDEX.get(words[index], ()):
        if tuple(words[index : index + len(title)]) == title:
            return index + len(title) - start
    return 0


def _is_given(word: str) -> bool:
    """Whether `word` is a common given name, however accented ("Siân", "Seán", "Lucía")."""
    return unaccented(word) in _FIRST_NAMES


def _gender(title: str | None, name: str = "") -> str | None:
    """ "m", "f" or None (either): by the title, else by the given name ("Tom Barr" is a man's
    name, "Sam Barr" either's)."""
    if title in _MALE_TITLES:
        return "m"
    if title in _FEMALE_TITLES:
        return "f"
    given = unaccented(name.split(" ", 1)[0])
    if given in _MALE_GIVEN:
        return "m"
    if given in _FEMALE_GIVEN:
        return "f"
    return None


def split_title(name: str) -> tuple[str | None, str]:
    """Split a leading rank or honorific off a name: "PC Jo Bloggs" → ("PC", "Jo Bloggs")."""
    tokens = name.split()
    length = _title_at(tokens, 0)
    if length and length < len(tokens):
        return " ".join(tokens[:length]), " ".join(tokens[length:])
    return None, name.strip()


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    start = dot
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    word = text[start:dot]
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


# A line break inside a paragraph of plain text (a soft wrap, as pandoc and many editors print
# at 72 columns) reads as a space: "Julie\nBarnes" is one name. Breaks that begin or end a
# markdown block line (heading, list item, block quote, fence, table, rule) are kept.
_BLOCK_FIRST = frozenset("#>|`~-*+=_ \t\n")  # what a heading, list, quote, fence or rule opens with
_NUMBERED = re.compile(r"\d{1,9}[.)][ \t]")


def _soft_wraps_joined(body: str) -> str:
    """`body` with each soft wrap a space: the same length, so every offset still holds."""
    end = len(body)
    while end and body[end - 1] == "\n":
        end -= 1
    if body.count("\n", 0, end) == 2 * body.count("\n\n", 0, end):
        return body  # every break ends a paragraph: the common case, settled in C
    pieces: list[str] = []
    last = offset = 0
    for part in body.split("\n\n"):  # most breaks end paragraphs: only the rest are looked at
        at = part.find("\n", 1)
        while 0 < at < len(part) - 1:
            line_start = part.rfind("\n", 0, at) + 1
            if line_start < at and not _opens_block(part, line_start, at + 1):
                pieces += (body[last : offset + at], " ")
                last = offset + at + 1
            at = part.find("\n", at + 1)
        offset += len(part) + 2
    return "".join([*pieces, body[last:]]) if pieces else body


def _opens_block(body: str, *starts: int) -> bool:
    """Whether either line is blank or a markdown block line, whose break must stay."""
    for start in starts:
        first = body[start]
        if first in _BLOCK_FIRST or (first.isdigit() and _NUMBERED.match(body, start)):
            return True
    return False


def _after_last_sentence(text: str) -> str:
    """The text after the last sentence break: where the current sentence starts."""
    cut = 0
    for match in _SENTENCE_BREAK.finditer(text):
        if not _is_abbreviation(text, match.start(1)):
            cut = match.end()
    return text[cut:]


def _first_sentence_end(text: str) -> int | None:
    """Where the first sentence of `text` ends (just after its full stop), if it does."""
    for match in _SENTENCE_BREAK.finditer(text):
        if not _is_abbreviation(text, match.start(1)):
            return match.start(1) + 1
    return None


def _last_verb(tokens: Sequence[_Token]) -> int | None:
    """The last speech verb among the final words before a colon ("told the court:")."""
    for index in range(len(tokens) - 1, max(-1, len(tokens) - 9), -1):
        word = tokens[index].core.lower()
        if word in _SPEECH_VERBS or word in _PARTICIPLES:
            return index
    return None
