"""One article body read once for quote extraction: units, candidates (marked and unmarked
speech) with the text around each, and the people named in it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from reader.quotes.marks import (
    _MARK_RE,
    _MARKS,
    _last_char,
    _mark_positions,
    _Pairer,
    _Raw,
    _raw_end,
    _Unit,
    _units,
)
from reader.quotes.model import normalise_name, unaccented
from reader.quotes.names import (
    _could_be_given,
    _Hit,
    _may_open_a_name,
    _NameBook,
    _opens_a_pair,
    _Person,
    _placed_after,
    _role_before,
    _run_people,
)
from reader.quotes.phrases import (
    _copied,
    _from_whom,
    _goes_on,
    _is_lead_in,
    _named_alone,
    _PhraseReader,
    _statement_by,
    _Who,
)
from reader.quotes.text import (
    _AGE_APPOSITION,
    _AGE_WORD_STARTS,
    _BRACKETS_BESIDE,
    _CAP_RUN,
    _ROLE_AFTER,
    _SENTENCE_END,
    _WHITESPACE,
    _after_last_sentence,
    _clean,
    _clean_tokens,
    _clean_words,
    _first_sentence_end,
    _is_capitalised,
    _is_given,
    _is_name_word,
    _last_verb,
    _Token,
    _token,
    _tokens,
)
from reader.quotes.vocabulary import (
    _AUXILIARIES,
    _FIRST_PERSON,
    _OPEN_RUN,
    _PARTICIPLES,
    _PERSON_WORDS,
    _PLAIN_CUE,
    _PRONOUNS,
    _ROLE_NOUNS,
    _ROLE_WORDS,
    _SPEECH_VERBS,
    _TITLE_WORDS,
)


@dataclass(slots=True)
class _Candidate:
    raw: _Raw
    spans: list[tuple[int, int]]
    texts: list[str]
    before: str = ""
    after: str = ""
    after_to_next: bool = False  # the text after it runs straight into the next quote
    merged: bool = False  # the second half of a split quote, already joined to the first

    @property
    def text(self) -> str:
        # A comma closing the quote ('…,' she said) belongs to the attribution, not the words.
        text = "\n\n".join(self.texts)
        return text[:-1].rstrip() if text.endswith(",") else text


# Runs of capitalised words repeat across a feed ("Police in", "Kent Police", "Inspector Jo
# Hedges"): what the run alone says is worked out once.
@lru_cache(maxsize=16384)
def _has_person_word(run: str) -> bool:
    """Whether a run holds a title or a given name (most runs do not)."""
    return not _PERSON_WORDS.isdisjoint(unaccented(run).replace("'s", " ").split())


@lru_cache(maxsize=16384)
def _name_beside(run: str) -> tuple[int, bool, int, str] | None:
    """The name a run may end with that only a role beside it shows to be a person: the
    index of its first word, whether the word before it is a role noun, its offset in the run
    and the name; None when the run ends with no such name."""
    tokens = _tokens(run)
    for first in range(len(tokens) - 1):
        name = tokens[first:]
        if len(name) > 3 or not all(_could_be_given(token) for token in name[:-1]):
            continue
        if not _is_name_word(name[-1].core) or name[-1].core in _TITLE_WORDS:
            continue
        role_noun_before = bool(first) and tokens[first - 1].core.lower() in _ROLE_NOUNS
        names = " ".join([token.core for token in name])
        return first, role_noun_before, run.index(name[0].raw), names
    return None


# What is printed after a person's name and not a place's: an age ("Ana Kell, 34,"), or "who"
# ("Ana Kell, who lives nearby,"), which a council or a water company can take too.
_PERSON_APPOSITION = re.compile(_BRACKETS_BESIDE + r",\s+(?:(?:aged\s+)?\d{1,3},|(who(?:se)?)\s)")
# A paragraph of page furniture, not of the story: a picture's caption ("*Pictured: …*",
# "Photo: …", "(Left to right) …"), a byline ("By Jo Bloggs, …"), a dateline or a contact
# ("Published: …", "Media enquiries: …"). One not in emphasis or brackets opens with one of
# the words whose first letters `_FURNITURE_FIRST` holds; that is tested first, as the pattern
# costs more than the rest of the check.
_FURNITURE = re.compile(
    r"[*_]{0,2}\(?(?:(?:Pictured|Picture|Photo|Photograph|Image|Caption|Main image|Above|Below"
    r"|Left to right|From left|L-R)\b[):]?|By [A-Z][\w'’-]+ [A-Z][\w'’-]+(?:,|\s*$)"
    r"|(?:Published|Issued|Updated|Posted"
    r"|Last updated|Media enquiries|Media contact|Press enquiries|Press office|Contact):)"
)
_FURNITURE_FIRST = frozenset("*_(PICBUMLI")
# A name of one word is a person's only with an age beside it: "Amira, 34, from Hull".
_ONE_NAME = re.compile(r"[A-Z][a-z'’\-]{1,30}")


def _runs(body: str, units: Sequence[_Unit]) -> Iterator[tuple[re.Match[str], int, int]]:
    """Each run of capitalised words in the units' lines, with its line's (start, end): what
    `_CAP_RUN.finditer(body, start, end)` finds line by line, in one scan of the body. A run
    never crosses a line's end, and one in no unit's line (fenced code, a rule) is passed over.
    """
    lines = [line for unit in units for line in unit.lines]
    index, count = 0, len(lines)
    for run in _CAP_RUN.finditer(body):
        at = run.start()
        while index < count and lines[index][1] <= at:
            index += 1
        if index == count:
            return
        start, end = lines[index]
        if at >= start:
            yield run, start, end


class _Document:
    """One article body read once: its units, its quote candidates (marked and unmarked)
    with the text around them, and the people named in it. Shared by the cue finders and the
    speaker registry; nothing in it changes once `read()` is done."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.units = _units(body)
        self.people: list[_Person] = []
        # Names and surnames printed anywhere, so "Hedges added:" is known to be a person.
        self.known: set[str] = set()
        self.full_by_surname: dict[str, _Person] = {}
        self.role_by_key: dict[str, tuple[str, bool]] = {}
        self.raw_spans: list[tuple[int, int]] = []
        self.raw_starts: list[int] = []
        self.people_positions: list[int] = []
        # Where a name is printed that may be a person's ("Ana Kell, who…"): a pronoun after
        # it may mean them, so never someone named before (`_Speakers._antecedent`).
        self.maybe_people: list[int] = []
        self.names = _NameBook(body)
        self.furniture = [
            (unit.start, unit.end)
            for unit in self.units
            if unit.kind == "text"
            and body[unit.start] in _FURNITURE_FIRST
            and _FURNITURE.match(body, unit.start, unit.end)
        ]
        self.furniture_starts = [start for start, _end in self.furniture]
        self.reader = _PhraseReader(self.known, self.names)
        self.candidates: list[_Candidate] = []
        self.lead_ins: dict[tuple[int, int, int], _Who | None] = {}  # see `lead_in_who`

    def read(self) -> _Document:
        positions = _mark_positions(self.body)
        raws = _Pairer(self.body, self.units, positions).run() if positions else []
        self._index_raws(raws)
        self._scan_people()
        self.people.sort(key=lambda person: person.position)
        self.people_positions = [person.position for person in self.people]
        raws = self._with_unmarked_speech(self.reader, raws)
        self.candidates = [candidate for raw in raws if (candidate := self._candidate(raw))]
        self._contexts(self.candidates)
        return self

    def _index_raws(self, raws: Sequence[_Raw]) -> None:
        self.raw_spans = [(raw.open_at, _raw_end(raw)) for raw in raws]
        self.raw_starts = [start for start, _end in self.raw_spans]

    def _with_unmarked_speech(self, reader: _PhraseReader, raws: list[_Raw]) -> list[_Raw]:
        """GOV.UK style: `Home Secretary Jo Bloggs said:` and then the speech as a block quote,
        or as plain paragraphs, with no quote marks. Quote marks inside are nested quotes."""
        opened = {raw.open_at for raw in raws}
        found: list[_Raw] = []
        taken: set[int] = set()
        body = self.body
        for index in range(len(self.units) - 1):
            if body[self.units[index].end - 1] not in ":;*_":
                continue  # the common case, settled before anything slower
            following = self.units[index + 1]
            if index + 1 in taken or following.kind not in ("text", "quote"):
                continue
            if self.body[following.start] in _MARKS or following.start in opened:
                continue
            if self._leads_into_own_quote(reader, following):
                continue
            if _last_char(self.body, self.units[index]) not in ":;":
                continue
            if self.lead_in_who(reader, index) is None:
                continue
            run = self._speech_run(index + 1, opened)
            taken.update(run)
            cue = "block-quote-after-lead-in" if following.kind == "quote" else ""
            raw = _Raw(True, run[0], following.start, True, unmarked=cue or _PLAIN_CUE)
            raw.parts = [(u, self.units[u].start, self.units[u].end) for u in run]
            found.append(raw)
        if not found:
            return raws
        inside = {u for raw in found for u, _start, _end in raw.parts}
        kept = [raw for raw in raws if raw.unit not in inside]
        merged = sorted([*kept, *found], key=lambda raw: raw.open_at)
        self._index_raws(merged)
        return merged

    def _leads_into_own_quote(self, reader: _PhraseReader, unit: _Unit) -> bool:
        """`Cllr Jo Farr, cabinet member: "…"`: a paragraph with a lead-in of its own to the
        marked quote in it is no unmarked speech of the paragraph before ("Partners have
        welcomed the plan:"); `… damp homes: 'fix it'` names no one and may be."""
        at = bisect_left(self.raw_starts, unit.start)
        if at == len(self.raw_starts) or self.raw_starts[at] >= unit.end:
            return False
        end = self.raw_starts[at]
        if not self.body[unit.start : end].rstrip(" *_").endswith(":"):
            return False
        return self._lead_in_at(reader, unit.start, end, set_apart=True) is not None

    def _speech_run(self, first: int, opened: set[int]) -> list[int]:
        """The units of one unmarked speech: the block quote's paragraphs, or the plain
        paragraph and those after it that read as more of the same speech."""
        kind = self.units[first].kind
        run = [first]
        for index in range(first + 1, min(len(self.units), first + _OPEN_RUN)):
            unit = self.units[index]
            if unit.kind != kind and not (kind == "quote" and self._quoted_item(unit)):
                break
            if self.body[unit.start] in _MARKS or unit.start in opened:
                break
            if kind == "text" and not self._more_plain_speech(unit):
                break
            run.append(index)
        return run

    def _quoted_item(self, unit: _Unit) -> bool:
        """A list item inside a block quote (`> - more officers`): more of the block."""
        line_start = self.body.rfind("\n", 0, unit.start) + 1
        return unit.kind == "list" and self.body[line_start : unit.start].lstrip()[:1] == ">"

    def _more_plain_speech(self, unit: _Unit) -> bool:
        """A plain paragraph after unmarked speech goes on with it when it speaks in the first
        person, holds no quote of its own, and attributes nothing to anyone."""
        if _MARK_RE.search(self.body, unit.start, unit.end) and any(
            unit.start <= start < unit.end for start in self.raw_starts
        ):
            return False
        if _last_char(self.body, unit) in ":;":
            return False
        tokens = _clean_tokens(self.body[unit.start : unit.end])
        lowers = [token.core.lower() for token in tokens]
        if not set(lowers) & _FIRST_PERSON:
            return False
        for index, word in enumerate(lowers[1:], start=1):
            if word in _SPEECH_VERBS and (
                lowers[index - 1] in _PRONOUNS or _is_name_word(tokens[index - 1].core)
            ):
                return False  # "…, she said.": narrative again
        return True

    def _scan_people(self) -> None:
        for run, start, end in _runs(self.body, self.units):
            # Most runs ("Police in", "Kent Police") hold no title or given name: skip them
            # before paying for tokens.
            if _has_person_word(run.group()):
                self._people_in_run(run, start, end)
            else:
                self._person_beside_role(run, start)
        self._people_aged_alone()
        for person in self.people:
            words = person.name.split()
            surname = normalise_name(words[-1])
            self.known.add(surname)
            if len(words) > 1:
                self.known.add(person.key)
                self.full_by_surname.setdefault(surname, person)
            if person.role:  # the first real role printed for them, else an organisation
                held = self.role_by_key.get(person.key)
                if held is None or (held[1] and not person.affiliation):
                    self.role_by_key[person.key] = (person.role, person.affiliation)

    def _people_in_run(self, run: re.Match[str], line_start: int, line_end: int) -> None:
        tokens, hits, offsets = _run_people(run.group())
        if not hits:
            return
        lead = _clean_words(self.body[max(line_start, run.start() - 80) : run.start()])
        for hit in hits:
            placed = not hit.start and lead and hit.title is None
            if placed and _placed_after(lead[-1], tokens[hit.end - 1].core):
                continue  # "called to Albert Street"
            # A role walk takes at most _ROLE_WORDS words: tokenise no more of the lead-in.
            wanted = max(0, _ROLE_WORDS + 1 - hit.start)
            before = [_token(raw) for raw in lead[len(lead) - wanted :]] if wanted else []
            role, affiliation = _role_before([*before, *tokens[: hit.start]])
            if hit.end == len(tokens) and role is None:
                role = self._role_after(run.end(), line_end)
            position = run.start() + offsets[hit.start]
            self.people.append(_Person(hit.name, hit.title, role, position, affiliation))
            self._first_of_pair(tokens, hit, run.start() + offsets[max(0, hit.start - 2)])

    def _first_of_pair(self, tokens: Sequence[_Token], hit: _Hit, position: int) -> None:
        """ "Tom and Ana Kell": Tom is a Kell too, printed by his given name alone."""
        given = hit.start - 2
        if hit.title or given < 0 or tokens[given + 1].core not in ("and", "&"):
            return
        if given and not _opens_a_pair(tokens[given - 1].core):
            return  # "Ben Thomas and Ana Kell": Thomas is Ben's surname
        words = hit.name.split()
        if len(words) != 2 or not _is_given(words[0]) or not _is_given(tokens[given].core):
            return
        self.people.append(_Person(f"{tokens[given].core} {words[1]}", None, None, position))

    def _people_aged_alone(self) -> None:
        """People printed by one name with their age ("Amira, 34, from Hull, said"), so that
        "she said" can find them; a word a capitalised one comes before is a run's."""
        body = self.body
        for age in self._ages(body):
            words = body[max(0, age.start() - 40) : age.start()].rsplit(None, 2)
            if not words or not body[age.start() - 1 : age.start()].isalpha():
                continue
            word, before = words[-1], words[-2] if len(words) > 1 else ""
            ends_sentence = before[-1:] in _SENTENCE_END and len(before) > 2  # not "R."
            if _is_capitalised(before) and not ends_sentence:
                continue  # "Jack Hall, 17,", "Jack R. Hall, 17,": the run's
            if _ONE_NAME.fullmatch(word) and _is_name_word(word):
                self.people.append(_Person(word, None, None, age.start() - len(word)))

    @staticmethod
    def _ages(body: str) -> Iterator[re.Match[str]]:
        """Each ", 34," in the body, found by its comma: `str.find` of one character scans
        several times faster than the pattern or a longer needle would."""
        at = body.find(",")
        while at >= 0:
            following = body[at + 2 : at + 5]
            if following[:1].isdigit() or following[:1] == "a" or following in _AGE_WORD_STARTS:
                age = _AGE_APPOSITION.match(body, at)
                if age is not None:
                    yield age
            at = body.find(",", at + 1)

    def _person_beside_role(self, run: re.Match[str], line_start: int) -> None:
        """An untitled name with an unlisted given name, known as a person by the role printed
        beside it: "Director Marguerite Lowell", "the trust's director of operations,
        Marguerite Lowell," — so "she said" can find her."""
        found = _name_beside(run.group())
        if found is None:
            return
        first, role_noun_before, offset, names = found
        position = run.start() + offset
        if role_noun_before if first else self._role_just_before(run.start(), line_start):
            self.people.append(_Person(names, None, None, position))
            return
        described = _PERSON_APPOSITION.match(self.body, run.end())
        words = names.split()
        if described is None or len(words) < 2 or not all(map(_may_open_a_name, words[:-1])):
            return
        if described.group(1):  # "who": a person, or a body spoken of as one
            self.maybe_people.append(position)
        else:
            self.people.append(_Person(names, None, None, position))

    def _role_just_before(self, at: int, line_start: int) -> bool:
        lead = _clean_tokens(self.body[max(line_start, at - 60) : at])
        if not lead:
            return False
        last = lead[-1]
        if not last.ends_clause:
            return last.core.lower() in _ROLE_NOUNS  # "director Marguerite Lowell"
        following = self.body[at : at + 80].split(",", 1)
        apposition = len(following) == 2 and len(following[0].split()) <= 3
        roles = any(token.core.lower() in _ROLE_NOUNS for token in lead[-6:])
        return last.raw.endswith(",") and apposition and roles

    def _role_after(self, start: int, end: int) -> str | None:
        match = _ROLE_AFTER.match(self.body, start, end)
        if not match:
            return None
        text = _clean(match.group(1))
        if text.startswith(("who ", "whose ")):  # "Mrs Joan Ebdon, who has lived here 60 years"
            verbs = [word for word in text.split()[1:3] if word not in _AUXILIARIES]
            return None if verbs[:1] and verbs[0] in _SPEECH_VERBS else text  # not "who said"
        words = {word.strip("'’").lower() for word in text.split()}
        return text if words & _ROLE_NOUNS and not _is_lead_in(_tokens(text)) else None

    def _candidate(self, raw: _Raw) -> _Candidate | None:
        spans: list[tuple[int, int]] = []
        texts: list[str] = []
        for _unit, start, end in raw.parts:
            while start < end and self.body[start] in _WHITESPACE:
                start += 1
            while end > start and self.body[end - 1] in _WHITESPACE:
                end -= 1
            text = _clean(self.body[start:end])
            if text:
                spans.append((start, end))
                texts.append(text)
        if not spans or not any(char.isalnum() for text in texts for char in text):
            return None
        return _Candidate(raw, spans, texts)

    def _contexts(self, candidates: Sequence[_Candidate]) -> None:
        previous_close: dict[int, int] = {}
        for index, candidate in enumerate(candidates):
            raw = candidate.raw
            unit = self.units[raw.unit]
            floor = max(unit.start, raw.open_at - 400, previous_close.get(raw.unit, -1) + 1)
            candidate.before = _clean(_after_last_sentence(self.body[floor : raw.open_at]))
            if raw.close_at is not None:
                last = raw.last_unit
                following = candidates[index + 1].raw if index + 1 < len(candidates) else None
                stop = min(self.units[last].end, raw.close_at + 300)
                if following is not None and following.unit == last and following.open_at <= stop:
                    stop, candidate.after_to_next = following.open_at, True
                window = self.body[raw.close_at + 1 : stop]
                cut = _first_sentence_end(window)
                if cut is not None:
                    window, candidate.after_to_next = window[:cut], False
                candidate.after = _clean(window)
                previous_close[last] = raw.close_at

    def lead_in_who(self, reader: _PhraseReader, unit_index: int) -> _Who | None:
        """Who a paragraph ending in a lead-in introduces: `… said:`, `… explained;`, `The
        council has issued this update:`, `And from Chairwoman Jo Bloggs:`."""
        unit = self.units[unit_index]
        if _last_char(self.body, unit) not in ":;":
            return None
        floor = unit.start
        last = bisect_left(self.raw_starts, unit.end) - 1  # the last quote opened in that unit
        if last >= 0 and unit.start <= self.raw_spans[last][1] <= unit.end:
            floor = self.raw_spans[last][1] + 1
        # A paragraph of a name alone introduces only speech set apart: a block quote or a
        # paragraph in quote marks ("Contact Tim Davies:" then a phone number is no speech).
        following = self.units[unit_index + 1] if unit_index + 1 < len(self.units) else None
        set_apart = following is not None and (
            following.kind == "quote" or self.body[following.start] in _MARKS
        )
        # Asked once while unmarked speech is looked for and again when its quote is
        # attributed: the same text read with the same names known (they are only ever added
        # to) reads the same. The finders mark what they return, so each caller gets a copy.
        if reader is not self.reader:
            return self._lead_in_at(reader, floor, unit.end, set_apart=set_apart)
        key = (floor, unit.end, len(self.known))
        if key not in self.lead_ins:
            self.lead_ins[key] = self._lead_in_at(reader, floor, unit.end, set_apart=set_apart)
        found = self.lead_ins[key]
        return None if found is None else _copied(found)

    def _lead_in_at(
        self, reader: _PhraseReader, floor: int, end: int, *, set_apart: bool
    ) -> _Who | None:
        text = self.body[floor:end]
        sentence = _after_last_sentence(text)
        alone = set_apart and len(sentence) == len(text)  # one phrase, not a sentence's end
        tail = _clean(sentence)
        if not tail.endswith((":", ";")):
            return None
        tokens = _tokens(tail[:-1])
        verb = _last_verb(tokens)
        if verb is None:
            found = _statement_by(reader, tokens) or _from_whom(reader, tokens)
            if found is None and alone:
                found = _named_alone(reader, tokens)
            return found
        subject = " ".join([token.raw for token in tokens[:verb]])
        word = tokens[verb].core.lower()
        if word in _PARTICIPLES or verb < len(tokens) - 6:
            return reader.read(subject, subject_only=True) if subject else None
        return _goes_on(reader.read(subject), word) if subject else None

    def in_furniture(self, position: int) -> bool:
        """Whether `position` is in page furniture, not the story: a caption ("*Pictured: PC
        Ana Kell at the scene*"), a byline or a contact. The people there are in the photograph
        or wrote or sent the story; they are not its speakers."""
        if not self.furniture:
            return False  # most bodies: one test
        index = bisect_right(self.furniture_starts, position) - 1
        return index >= 0 and position < self.furniture[index][1]

    def inside_quote(self, position: int) -> bool:
        index = bisect_right(self.raw_starts, position) - 1
        return index >= 0 and self.raw_spans[index][0] < position < self.raw_spans[index][1]
