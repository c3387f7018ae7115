"""Who a printed attribution means: the speaker registry of one article.

Matches "Mr Hedges" to the earlier "Mark Hedges", "Dana" to "Dana Whitlock", "she" to the
last woman named, "the officer" to the last officer quoted, and lists the people named but not
quoted. Where two people could be meant it names nobody.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.quotes.document import _Candidate, _Document
from reader.quotes.marks import _Raw
from reader.quotes.model import Mention, Quote, normalise_name
from reader.quotes.names import _fill_person, _find_people, _fits, _Person
from reader.quotes.phrases import (
    _head_noun,
    _is_lead_in,
    _is_subject,
    _loose_ok,
    _segments,
    _text,
    _unnamed,
    _voice_gender,
    _Who,
)
from reader.quotes.text import (
    _AGE_APPOSITION,
    _AGED,
    _SENTENCE_END,
    _after_last_sentence,
    _age_value,
    _first_sentence_end,
    _gender,
    _is_capitalised,
    _is_name_word,
    _Token,
    _tokens,
)
from reader.quotes.vocabulary import (
    _ATTITUDE_VERBS,
    _CLAUSE_WORDS,
    _DEEDS,
    _DESCRIBED_BY,
    _DETERMINERS,
    _GIVEN_NAME_TITLES,
    _GROUP_NOUNS,
    _LEAD_INS,
    _LONE_PRONOUNS,
    _LOOK_BACK,
    _NAME_TITLES,
    _NOT_SUBJECT_AFTER,
    _ONE_PERSON_VOICES,
    _PEER_TITLES,
    _POSSESSIVE_DETERMINERS,
    _ROLE_NOUNS,
    _SPEECH_VERBS,
    _TITLE_WORDS,
)

_WORD = re.compile(r"[a-z]+")
_SENTENCE_LOOK = 300  # how far the sentence naming someone is read for a verb of speech


@dataclass(slots=True)
class _SpeakerEntry:
    name: str
    title: str | None
    role: str | None
    named: bool
    gender: str | None
    position: int
    quotes: list[Quote] = field(default_factory=list)
    affiliation: bool = False

    @property
    def key(self) -> str:
        return normalise_name(self.name) if self.named else "~" + normalise_name(self.name)

    def fill(self, title: str | None, role: str | None, affiliation: bool) -> None:
        """Keep the first title and role printed; a real role beats a bare organisation."""
        self.title = self.title or title
        if role and (self.role is None or (self.affiliation and not affiliation)):
            self.role, self.affiliation = role, affiliation


def _past_adverbial(sentence: str) -> str:
    """A sentence after the phrase that sets its scene: "In a statement, they said" and
    "Speaking outside court, they said" are "they said"; any other sentence is itself."""
    head, comma, rest = sentence.partition(", ")
    words = head.split(None, 1)
    if not comma or len(words) < 2:
        return sentence
    first = words[0].lower()
    return rest if first in _LEAD_INS or first.endswith("ing") else sentence


class _Registry:
    """The speakers of one article: matches each printed attribution to a person, merging
    "Mr Hedges" with the earlier "Mark Hedges", and answers who "he" or "the officer" is."""

    def __init__(self, doc: _Document) -> None:
        self.doc = doc
        self.speakers: list[_SpeakerEntry] = []
        self.by_key: dict[str, _SpeakerEntry] = {}
        self.by_surname: dict[str, _SpeakerEntry] = {}
        # The speaker of the last quote in each unit: what an unattributed quote continues.
        self.unit_speaker: dict[int, _SpeakerEntry] = {}
        # (position, speaker) each time someone is quoted, in body order: what "he", "she" and
        # "the spokesperson" look back through.
        self.namings: list[tuple[int, _SpeakerEntry]] = []

    def add(self, entry: _SpeakerEntry, quote: Quote, raw: _Raw) -> None:
        """Give `quote` to `entry`, which later quotes and pronouns can now refer back to."""
        entry.quotes.append(quote)
        entry.position = max(entry.position, raw.open_at)
        self.namings.append((raw.open_at, entry))
        self.unit_speaker[raw.last_unit] = entry

    def resolve(self, who: _Who, position: int) -> tuple[_SpeakerEntry | None, float, str]:
        """The speaker entry a printed attribution means, how sure that is (a factor on the
        cue's confidence), and the back-reference used to get there, if any."""
        if who.kind == "pronoun":
            group = self._group_before(position) if who.gender is None else None
            if group is not None:
                voice = self._entry(group, None, None, False, None, position, False)
                return voice, 0.8, "pronoun-back-reference"
            entry = self._antecedent(who.gender, position, continues=who.continues)
            cue = "pronoun-back-reference" if entry else "pronoun-without-antecedent"
            return entry, 0.9, cue
        if who.kind == "unnamed":
            if who.definite:
                earlier = (
                    self._described(who.name)
                    or self._titled(who.name, position)
                    or self._role_holder(who.name, position)
                    or self._just_named(who.name, position)
                )
                if earlier is not None:
                    return earlier, 0.85, "description-back-reference"
            gender = _voice_gender(who.name)
            entry = self._entry(who.name, None, None, False, gender, position, False)
            return entry, 0.8 if who.definite else 1.0, ""
        person = self._full_person(who)
        if person is None:
            return None, 0.0, "ambiguous-name"
        entry = self._entry(
            person.name,
            person.title,
            person.role,
            True,
            who.gender or _gender(person.title, person.name),
            position,
            person.affiliation,
        )
        return entry, 1.0 if len(person.name.split()) > 1 else 0.9, ""

    def _full_person(self, who: _Who) -> _Person | None:
        """The fullest form of the name printed: "Mr Hedges" → the earlier "Mark Hedges",
        "Dana" → "Dana Whitlock". None when two people printed in full could be meant."""
        words = who.name.split()
        if len(words) == 1:
            key = normalise_name(words[0])
            titled = self._printed_with_title(key, who.title)
            if titled is not None:  # "Crew Manager Roskilly": the one printed with that rank
                role = who.role or titled.role
                return _Person(titled.name, who.title, role, affiliation=titled.affiliation)
            # "Mrs Hill" after Mark Hill spoke or was named is someone else of his name
            sex = _gender(who.title)
            entry = self.by_surname.get(key)
            if entry is not None and _fits(sex, entry.gender):
                return _Person(entry.name, who.title or entry.title, who.role or entry.role)
            full = self.doc.names.fullest(words[0], who.title)
            if full is None:
                return None
            person = self.doc.full_by_surname.get(key)
            if (
                person is not None
                and (not full or person.key == normalise_name(full))
                and _fits(sex, _gender(person.title, person.name))
            ):
                title = person.title or who.title
                role = who.role or person.role
                affiliation = who.affiliation if who.role else person.affiliation
                return _Person(person.name, title, role, affiliation=affiliation)
            if full:
                return _Person(full, who.title, who.role, affiliation=who.affiliation)
            known_by = _name_title(who.title)
            if known_by is not None:  # "Lord Ashworth", "Sir Graham": the title is the name
                return self._titled_alone(known_by, who.name, who.role, who.affiliation)
        if len(words) == 2 and who.title and who.title not in _GIVEN_NAME_TITLES:
            longer = self._longer_form(who.name)  # "Mr Duncan Smith": Iain Duncan Smith
            if longer is not None:
                return _Person(longer, who.title, who.role, affiliation=who.affiliation)
        person = _Person(who.name, who.title, who.role, affiliation=who.affiliation)
        held = self.doc.role_by_key.get(person.key)
        if held is not None and (person.role is None or (person.affiliation and not held[1])):
            person.role, person.affiliation = held  # the caption may say more about them
        return person

    def _printed_with_title(self, surname: str, title: str | None) -> _Person | None:
        """The one person printed in full with this title and surname, where others share
        the surname: "Crew Manager Dafydd Roskilly" for "Crew Manager Roskilly" beside Ffion
        Roskilly, "Dr Rhian Evans" for "Dr Evans" beside Professor Mark Evans."""
        if title is None:
            return None
        namesakes = {
            person.key: person
            for person in self.doc.people
            if person.surname == surname and len(person.name.split()) > 1
        }
        titled = [person for person in namesakes.values() if person.title == title]
        return titled[0] if len(namesakes) > 1 and len(titled) == 1 else None

    def _longer_form(self, name: str) -> str | None:
        """The one person printed with a given name before the whole of `name`, a two-word
        surname after a title ("Mr Duncan Smith", "Dr Núñez García"); None for none or two."""
        tail = " " + normalise_name(name)
        found = {
            person.key: person.name
            for person in self.doc.people
            if person.key.endswith(tail) and person.key.count(" ") == 2
        }
        return found.popitem()[1] if len(found) == 1 else None

    def _entry(
        self,
        name: str,
        title: str | None,
        role: str | None,
        named: bool,
        gender: str | None,
        position: int,
        affiliation: bool,
    ) -> _SpeakerEntry:
        key = normalise_name(name) if named else "~" + normalise_name(name)
        entry = self.by_key.get(key)
        if entry is None and named and len(name.split()) > 1:
            entry = self._upgrade_surname(name)
        if entry is None:
            entry = _SpeakerEntry(
                name, title, role, named, gender, position, affiliation=affiliation
            )
            self.speakers.append(entry)
            self.by_key[key] = entry
            if named:
                surname = normalise_name(name.split()[-1])
                self.by_surname[surname] = entry
                self.doc.known.update((surname, key))
            return entry
        entry.fill(title, role, affiliation)
        entry.gender = entry.gender or gender
        return entry

    def _upgrade_surname(self, name: str) -> _SpeakerEntry | None:
        """A speaker first printed by surname only, now printed in full: one person."""
        entry = self.by_key.get(normalise_name(name.split()[-1]))
        if entry is None:
            return None
        del self.by_key[entry.key]
        entry.name = name
        self.by_key[entry.key] = entry
        return entry

    def _described(self, description: str) -> _SpeakerEntry | None:
        """ "the spokesperson", "the officer": the latest speaker described by that word, in
        their name, role or title (an officer is anyone with a police rank). A body or a group
        ("the RSPCA", "the family") is never a person whose role names it ("Emma Lowe, from
        the RSPCA"), only a voice quoted before ("the family of Tom Barr")."""
        word = description.split()[-1].lower() if description.split() else ""
        one_person = word in _ONE_PERSON_VOICES or word in _DESCRIBED_BY
        for _position, entry in reversed(self.namings[-_LOOK_BACK:]):
            if not one_person and (entry.named or _head_noun(entry.name) in _ONE_PERSON_VOICES):
                continue  # "the club" is no "club spokesman" quoted before
            text = " ".join(filter(None, (entry.name, entry.title, entry.role))).lower()
            if word and (word in text.split() or entry.title in _DESCRIBED_BY.get(word, ())):
                return entry
        return None

    def _role_holder(self, description: str, position: int) -> _SpeakerEntry | None:
        """ "The Minister said": the one person printed earlier in apposition to that role
        ("Minister for Housing, Jo Bloggs, said", "Cabinet Secretary Jo Bloggs visited").
        Two such people: nobody."""
        wanted = [word for word in description.split() if word.lower() != "the"]
        if not any(word.lower() in _ROLE_NOUNS or word in _TITLE_WORDS for word in wanted):
            return None  # "The Minister", "The Bishop": a role or a title
        pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, wanted)) + r"\b", re.IGNORECASE)
        found: dict[str, str] = {}
        body = self.doc.body
        for match in pattern.finditer(body, 0, position):
            clause = body[match.end() : match.end() + 160]
            cut = _first_sentence_end(clause)
            name = _in_apposition(clause[:cut], self.doc.known)
            if name:
                found.setdefault(normalise_name(name), name)
        if len(found) != 1:
            return None
        (name,) = found.values()
        return self._entry(name, None, None, True, None, position, False)

    def _just_named(self, description: str, position: int) -> _SpeakerEntry | None:
        """ "Jack Hall, 17, was hurt … the 17-year-old said", "PC Jo Dunn attended … the
        officer said": the one person named since the last quote whom the description fits
        by the age printed beside them, or by their rank or role. Sex alone ("the woman") is
        never enough: the woman spoken of may be someone not named."""
        people, positions = self.doc.people, self.doc.people_positions
        start = bisect_right(positions, self.namings[-1][0]) if self.namings else 0
        end = bisect_left(positions, position)
        fitting = {
            person.key: person
            for person in people[max(start, end - _LOOK_BACK) : end]
            if self._fits_description(person, description)
        }
        if len(fitting) != 1:
            return None
        (person,) = fitting.values()
        return self._person_entry(person, position)

    def _person_entry(self, person: _Person, position: int) -> _SpeakerEntry:
        """The speaker entry of a person named in the body, as printed there."""
        sex = _gender(person.title, person.name)
        return self._entry(
            person.name, person.title, person.role, True, sex, position, person.affiliation
        )

    def _fits_description(self, person: _Person, description: str) -> bool:
        if not _fits(_voice_gender(description), _gender(person.title, person.name)):
            return False
        head = _head_noun(description)
        aged = next((word for word in description.split() if _AGED.fullmatch(word)), None)
        if aged is not None or head in _TEENAGERS:
            age = _printed_age(self.doc.body, person)
            if aged is not None:
                return age == int(aged.split("-")[0])
            return age is not None and 13 <= age <= 19
        role = (person.role or "").lower().split()
        return head in role or person.title in _DESCRIBED_BY.get(head, ())

    def _titled(self, description: str, position: int) -> _SpeakerEntry | None:
        """ "The Chief Constable said": the person named earlier with that title."""
        index = bisect_left(self.doc.people_positions, position) - 1
        for person in reversed(self.doc.people[max(0, index - _LOOK_BACK) : index + 1]):
            if person.title and normalise_name(person.title) == normalise_name(description):
                return self._person_entry(person, position)
        return None

    def _antecedent(
        self, gender: str | None, position: int, *, continues: bool = False
    ) -> _SpeakerEntry | None:
        """He/she: the person named most recently before `position` (outside any quote)
        whose title does not say otherwise; but "he added" (`continues`) goes on from the
        one quoted last, past a man only named since who says nothing ("DC Grey said… Tom
        Stone was jailed. He added"). Looks back a bounded way, to stay linear. "They"
        is never one named person (it is the family, the officers, the two just named); it is
        an unnamed voice quoted last ("A spokesperson said… They added"), or no one."""
        if gender is None:
            earlier = (entry for at, entry in reversed(self.namings[-_LOOK_BACK:]) if at < position)
            last = next(earlier, None)
            return last if last is not None and not last.named else None
        reporter = self._reporter_before(gender, position)
        if reporter is not None:
            return reporter
        spoken = next(
            (
                (at, entry)
                for at, entry in reversed(self.namings[-_LOOK_BACK:])
                if at < position
                and _fits(gender, entry.gender)
                and (entry.named or _head_noun(entry.name) in _ONE_PERSON_VOICES)
            ),
            None,
        )
        named: _Person | None = None
        index = bisect_left(self.doc.people_positions, position) - 1
        floor = max(-1, index - _LOOK_BACK)
        while index > floor:
            person = self.doc.people[index]
            if continues and self._named_as_object(person):
                index -= 1  # "Officers spoke to Ann Bell. She added": not who goes on
                continue
            if self._may_mean(person, gender):
                named = self._subject_beside(index, gender)
                if named is None:
                    return None
                break
            index -= 1
        if named is None or (spoken is not None and spoken[0] > named.position):
            if spoken is None or self._maybe_someone_between(spoken[0], position):
                return None
            return spoken[1]
        if (
            spoken is not None
            and (continues or self._dealt_with(named))
            and not self._says_anything(named)
        ):
            return spoken[1]  # "Tom Stone was jailed. He said": not the one jailed
        if self._maybe_someone_between(named.position, position):
            return None
        full = self._full_person(_Who("person", named.name, named.title, named.role))
        sex = None if full is None else _gender(full.title, full.name)
        if full is None or not _fits(gender, sex):
            return None  # never a "she" who turns out to be a man, or the reverse
        return self._entry(full.name, full.title, full.role, True, sex, position, named.affiliation)

    def _reporter_before(self, gender: str, position: int) -> _SpeakerEntry | None:
        """Who "she" means when the sentence before hers reports what someone said ("Megan
        said she was planning a car wash. "…," she said"; "A 34-year-old man said he had
        slept in a car park. "…," he said"): that someone, when the pronoun fits them and
        they are a person or one person's voice; None otherwise (the usual look back)."""
        body = self.doc.body
        end = len(body[: _sentence_start(body, position)].rstrip())
        if not end or body[end - 1] not in _SENTENCE_END:
            return None
        start = _sentence_start(body, end - 1)
        if self.doc.inside_quote(start):
            return None
        tokens = _tokens(body[start:end])[:16]
        verb = next((at for at, token in enumerate(tokens) if token.core in _SPEECH_VERBS), 0)
        if not verb or tokens[0].core.lower() in _LONE_PRONOUNS:
            return None  # no report, or a pronoun that the usual look back settles
        who = self.doc.reader.read(" ".join([token.raw for token in tokens[:verb]]))
        if who is None or who.kind == "pronoun":
            return None
        if who.kind == "unnamed" and _head_noun(who.name) not in _ONE_PERSON_VOICES:
            return None  # "The council said": a group, settled before any entry is made for it
        entry = self.resolve(who, position)[0]  # "The Cabinet Secretary said": Angus Reid
        if entry is None or not _fits(gender, entry.gender):
            return None
        return entry if entry.named or _head_noun(entry.name) in _ONE_PERSON_VOICES else None

    def _group_before(self, position: int) -> str | None:
        """Whom "they" at `position` means when the sentence before it, or its own sentence
        before it, opens with a group ("Her family released a statement. They said", "The
        family of Ana Kell, 34, paid tribute. They said"), or the sentence before a quote that
        opens its own ("His family paid tribute. “He was our world,” they said"): the group as
        printed."""
        body = self.doc.body
        opens = _sentence_start(body, position)
        words = _past_adverbial(body[opens:position]).split(None, 1)
        if words and words[0].strip(_OPENING_MARKS).lower() != "they":
            return self._group_opening(opens, position)
        end = len(body[:opens].rstrip())
        return self._group_opening(_sentence_start(body, end - 1), end) if end else None

    def _group_opening(self, opens: int, end: int) -> str | None:
        text = self.doc.body[opens:end]
        start = opens + len(text) - len(text.lstrip(_OPENING_MARKS))
        if self.doc.inside_quote(start):
            return None
        return _group_phrase(_tokens(self.doc.body[start:end]))

    def _may_mean(self, person: _Person, gender: str | None) -> bool:
        """Whether a pronoun of `gender` may mean `person` (named outside any quote). A
        surname alone has the sex of the one it names: "Cllr Shah" printed after "Cllr Ravi
        Shah" is no "she"."""
        if self.doc.inside_quote(person.position) or self.doc.in_furniture(person.position):
            return False
        sex = _gender(person.title, person.name)
        if sex is None and gender is not None and " " not in person.name:
            full = self._full_person(_Who("person", person.name, person.title, person.role))
            sex = None if full is None else _gender(full.title, full.name)
        return _fits(gender, sex)

    def _says_anything(self, person: _Person) -> bool:
        """Whether `person` was quoted, or the sentence naming them has them say, tell or
        do anything of speech after their name ("Tom Stone told the court he was sorry")."""
        if person.key in self.by_key:
            return True
        words = self._sentence_words(person)
        return any(word in _SPEECH_VERBS or word in _ATTITUDE_VERBS for word in words)

    def _sentence_words(self, person: _Person) -> list[str]:
        """The words, lower case, of the sentence naming `person`, from their name on."""
        text = self.doc.body[person.position : person.position + _SENTENCE_LOOK]
        cut = _first_sentence_end(text)
        return _WORD.findall(text[:cut].lower() if cut is not None else text.lower())

    def _named_as_object(self, person: _Person) -> bool:
        """Whether `person` is named after a preposition ("spoke to Ann Bell", "with PC Kell"):
        the object of the sentence, not one whose words "she added" could go on with."""
        before = self.doc.body[max(0, person.position - 12) : person.position].split()
        return bool(before) and before[-1].lower() in _NOT_SUBJECT_AFTER

    def _dealt_with(self, person: _Person) -> bool:
        """Whether the sentence naming `person` says, soon after their name, that the law
        dealt with them ("Tom Stone, 28, of Hull, was charged", "has been jailed"): the one
        charged is not the one a release then quotes; nor the dead ("died", "was killed") or
        the missing ("was last seen"); a victim ("was targeted") may be."""
        words = self._sentence_words(person)[:12]
        if not _DIED.isdisjoint(words):
            return True
        return any(
            (word in _PASSIVE_AUXILIARIES and following in _DEALT_WITH)
            or (word, following) == ("last", "seen")
            for word, following in itertools.pairwise(words)
        )

    def _subject_beside(self, index: int, gender: str | None) -> _Person | None:
        """Whom a pronoun means when the person last named is `people[index]`: the subject of
        that sentence, where it names others the pronoun may mean before them ("DI Tom Barr
        thanked PC Ana Kell. He said"); no one when that subject does not open the sentence,
        or is one of two joined by "and"."""
        people, body = self.doc.people, self.doc.body
        named = people[index]
        opens = _sentence_start(body, named.position)
        first = index
        while first > 0 and people[first - 1].position >= opens:
            first -= 1
        others = [
            person
            for person in people[first:index]
            if person.key != named.key and self._may_mean(person, gender)
        ]
        if not others:
            return named
        subject = _subject_of(body, opens, [*others, named])
        if subject is None or subject is named:
            return subject
        following = next(p for p in people[first : index + 1] if p.position > subject.position)
        joined = body[subject.position : following.position].rsplit(subject.name, 1)[-1]
        return None if joined.strip(" ,").lower() in {"and", "&"} else subject

    def _maybe_someone_between(self, start: int, end: int) -> bool:
        """Whether a name that may be a person's is printed between `start` and `end`: then a
        pronoun at `end` may mean them, not whom it would otherwise go to."""
        maybe = self.doc.maybe_people
        index = bisect_right(maybe, start)
        return index < len(maybe) and maybe[index] < end

    def continuing(self, candidate: _Candidate) -> _SpeakerEntry | None:
        """An unattributed quote that carries on from the last speaker: it opens a sentence,
        reads as one, and someone was quoted just before, in this paragraph or the last."""
        raw = candidate.raw
        if candidate.before:
            return None
        last = candidate.texts[-1].rstrip("*_ )")[-1:]
        if last not in _SENTENCE_END and len(candidate.texts) == 1:
            return None
        if raw.unit in self.unit_speaker:
            return self.unit_speaker[raw.unit]
        if raw.open_at > self.doc.units[raw.unit].start + 3 or raw.unit == 0:
            return None
        previous = self.doc.units[raw.unit - 1]
        if previous.kind == "heading":
            return None
        return self.unit_speaker.get(raw.unit - 1)

    def _titled_alone(self, title: str, name: str, role: str | None, affiliation: bool) -> _Person:
        """ "Lord Ashworth", "Sir Graham", "Baroness Penrose of Tregaron": known by title."""
        titled = f"{title} {name}"
        peerage = self._peerage(title, name)
        place = peerage.removeprefix(titled).strip() if peerage else ""
        if place and role is not None and (role + " ").startswith(place + " "):
            role = role.removeprefix(place).strip() or None  # the place is the name's
        return _Person(peerage or titled, None, role, affiliation=affiliation)

    def _as_peer(self, person: _Person) -> _Person:
        """ "Baroness Penrose" as the peer printed in full, "Baroness Penrose of Tregaron"."""
        if person.title is None or " " in person.name:
            return person
        peerage = self._peerage(person.title, person.name)
        if peerage is None:
            return person
        return _Person(peerage, None, person.role, person.position)

    def _peerage(self, title: str, name: str) -> str | None:
        return self.doc.names.peerage(title, name) if title in _PEER_TITLES else None

    def mentions(self) -> tuple[Mention, ...]:
        speaker_keys = {entry.key for entry in self.speakers if entry.quotes and entry.named}
        speaker_surnames = {key.split()[-1] for key in speaker_keys if key}
        quoted = sorted(span for entry in self.speakers for q in entry.quotes for span in q.spans)
        quoted_starts = [start for start, _end in quoted]
        found: dict[str, _Person] = {}
        by_surname: dict[str, str] = {}
        for printed in self.doc.people:
            person = self._as_peer(printed)
            key = person.key
            index = bisect_right(quoted_starts, person.position) - 1
            if not key or (index >= 0 and person.position < quoted[index][1]):
                continue
            if key in speaker_keys or (" " not in key and key in speaker_surnames):
                continue
            if " " not in key and key in by_surname:  # a surname alone, after the full name
                _fill_person(found[by_surname[key]], person)
                continue
            if key in found:
                _fill_person(found[key], person)
            else:
                found[key] = _Person(person.name, person.title, person.role, person.position)
                by_surname.setdefault(key.split()[-1], key)
        return tuple(Mention(p.name, p.title, p.role) for p in found.values())


# What may stand before a sentence's first word: quote marks, markdown, list marks.
_OPENING_MARKS = " \t\n\"'“‘*_#>-•"


def _subject_of(body: str, opens: int, people: list[_Person]) -> _Person | None:
    """Which of `people` (in order, all in the sentence opening at `opens`) is its subject:
    the one that opens it, or the one right after a lead-in clause's comma ("After meeting PC
    Kell, DI Barr visited"); None when neither."""
    if not body[opens : people[0].position].strip(_OPENING_MARKS):
        return people[0]
    words = body[opens : people[0].position].split(None, 1)
    comma = body.find(",", opens, people[-1].position)
    if comma < 0 or not words or not _is_lead_in(_tokens(" ".join(words))):
        return None
    after = (person for person in people if person.position > comma)
    return next((p for p in after if not body[comma + 1 : p.position].strip()), None)


def _name_title(title: str | None) -> str | None:
    """The title a person known by title alone is named with: "Lord", and "Lord" of "Rt Hon
    Lord" too (an honorific stacked before it is no part of the name); None for any other."""
    if title is None or title in _NAME_TITLES:
        return title
    last = title.rsplit(None, 1)[-1]
    return last if last in _NAME_TITLES else None


def _group_phrase(tokens: Sequence[_Token]) -> str | None:
    """The group a sentence opens with, as an unnamed voice: "Her family" → "her family",
    "The family of the victim, who…" → "family of the victim", "Ana Kell's grieving parents";
    None when it opens with anything else ("Ana Kell visited her family")."""
    noun = _group_noun_at(tokens)
    if noun is None:
        end = _pair_end(tokens, 0)  # "Tom and Lisa Brennan paid tribute. They said"
        return _text(tokens[:end]) if end else None
    end = noun + 1
    if end < len(tokens) and not tokens[noun].ends_clause and tokens[end].core == "of":
        end = _of_phrase_end(tokens, end)
    elif not tokens[noun].ends_clause:
        end = _pair_end(tokens, end) or end  # "Parents Tom and Lisa Brennan"
    who = _unnamed(tokens[:end])
    return who.name if who is not None else None


def _pair_end(tokens: Sequence[_Token], start: int) -> int | None:
    """Where two names joined by "and" from `start` end, when a lower-case word follows
    them: "Tom and Lisa Brennan (paid)", "Ana Kell and Tom Barr (said)"."""
    index, sides, words = start, 1, 0
    while index < len(tokens):
        token = tokens[index]
        if token.core in ("and", "&") and words and sides == 1:
            sides, words = 2, 0
        elif _is_name_word(token.core) and not token.possessive:
            words += 1
        else:
            break
        index += 1
        if token.ends_clause:
            break
    done = sides == 2 and words and index < len(tokens) and tokens[index].core.islower()
    return index if done else None


def _group_noun_at(tokens: Sequence[_Token]) -> int | None:
    """Where the group noun of a subject is: first ("Officers"), or after a determiner or a
    possessive name ("the", "her", "Ana Kell's") and at most two modifiers ("grieving")."""
    index = 0
    if tokens and tokens[0].core.lower() in _DETERMINERS | _POSSESSIVE_DETERMINERS:
        index = 1
    else:
        owner = next((i for i, token in enumerate(tokens[:3]) if token.possessive), None)
        if owner is not None and all(_is_name_word(token.core) for token in tokens[: owner + 1]):
            index = owner + 1
    modifiers = 0
    while index < len(tokens) and tokens[index].core.lower() not in _GROUP_NOUNS:
        token = tokens[index]
        if not index or modifiers == 2 or token.ends_clause or not token.core.islower():
            return None
        if token.core in _CLAUSE_WORDS or token.core in _SPEECH_VERBS:
            return None
        index, modifiers = index + 1, modifiers + 1
    return index if index < len(tokens) else None


def _of_phrase_end(tokens: Sequence[_Token], of: int) -> int:
    """Where "of …" after a group noun ends: "of the victim", "of Ana Kell", "of Glanrafon
    Terrace" (a place's words are no name's, but a group may be of a place); `of` itself (it
    is left out) when no short noun phrase follows."""
    index = of + 1
    if index < len(tokens) and tokens[index].core.lower() in _DETERMINERS | _POSSESSIVE_DETERMINERS:
        index += 1
    if index < len(tokens) and tokens[index].core.islower():
        return index + 1  # "of the victim"
    start = index
    while index < len(tokens) and index - start < 4 and _is_capitalised(tokens[index].core):
        index += 1
        if tokens[index - 1].ends_clause or tokens[index - 1].possessive:
            break
    return index if index > start else of


def _sentence_start(body: str, position: int) -> int:
    """Where the sentence holding `position` starts (a bounded look back): after the last
    sentence break (`_after_last_sentence`, which knows "Dr." is none), or a line's end."""
    rest = _after_last_sentence(body[max(0, position - 400) : position])
    return position - len(rest) + rest.rfind("\n") + 1


def _in_apposition(clause: str, known: set[str]) -> str | None:
    """The person a role is printed beside, in the clause after it: "for Housing, Jo Bloggs,
    said" → "Jo Bloggs". A titled or known name first, else a pair of name words that opens
    a comma-separated part."""
    for segment in _segments(_tokens(clause))[:3]:
        hits = [hit for hit in _find_people(segment, known) if _is_subject(segment, hit)]
        loose = _find_people(segment, known, loose=True)
        hits += [hit for hit in loose if hit.start == 0 and _loose_ok(segment, hit)]
        # "The Minister thanked council leader Jo Farr": one done to is not in apposition
        named = [
            hit
            for hit in hits
            if len(hit.name.split()) > 1
            and not any(token.core in _DEEDS for token in segment[: hit.start])
        ]
        if named:
            return named[0].name
    return None


_TEENAGERS = frozenset({"teenager", "teen", "youngster", "schoolboy", "schoolgirl"})


def _printed_age(body: str, person: _Person) -> int | None:
    """The age printed after a person's name where they are named ("Jack Hall, 17,")."""
    surname = person.name.split()[-1] if person.name.split() else ""
    at = body.find(surname, person.position, person.position + 120) if surname else -1
    found = _AGE_APPOSITION.match(body, at + len(surname)) if at >= 0 else None
    return _age_value(found.group(1)) if found else None


_PASSIVE_AUXILIARIES = frozenset({"was", "were", "been", "being"})
_DEALT_WITH = frozenset(
    {"charged", "jailed", "arrested", "sentenced", "convicted", "remanded", "detained"}
    | {"cautioned", "fined", "banned", "disqualified", "summonsed", "imprisoned", "bailed"}
    | {"killed", "murdered"}
)
# Said of one who cannot be the next "she said": the dead ("Ana Kell, 41, died in hospital").
_DIED = frozenset({"died", "dies"})
