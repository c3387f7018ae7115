"""Direct quotes in an article body, and who said them. No Textual imports.

`extract_quotes(body)` finds every direct quote, works out who said it (name, rank or title, and
role as printed), groups quotes by speaker, and lists the people who are named but not quoted.
It is pure Python and rule-based, runs in linear time in the size of the body, and never raises.

How it reads an article, and the choices it makes:

* Paragraphs are blocks separated by blank lines (`Quote.paragraph` is their 0-based index).
  Inside a paragraph, each list item, heading and block-quote part is read on its own; markdown
  markers (`- `, `* `, `+ `, `1. `, `> `, `## `) are never part of a quote, but offsets always
  index the original body. Fenced code is skipped.
* Quote marks: ' " and the curly ‘ ’ “ ”. A mark between two letters (it's, O'Neill) is an
  apostrophe. Inside speech, a mark after a letter and before a space (the dogs' owners,
  rockin' all night) is read as an apostrophe when the quote still has a proper ending later in
  its paragraph with no new quote opening first, or runs on into the next paragraph.
* British multi-paragraph quotes (no closing mark at the end of a paragraph, the next paragraph
  opens with a new mark) are one quote; its paragraphs are kept, joined by a blank line.
* Attribution is looked for before the quote (`Rank Name, role, said: '…'`), after it
  (`'…,' said Rank Name.`, `'…,' Name said.`, `'…' — Name`), in a lead-in paragraph ending
  `… said:` just before it, in a next paragraph `Those were the words of Name`, and from the
  sentence subject for `…, adding: '…'`.
* A quote split by its attribution (`'We are determined,' said Inspector Tom Baker, 'to catch
  those responsible.'`) is one quote when its second half starts in lower case. The halves are
  joined with one space, and a comma ending the first half is dropped because it belongs to the
  attribution, not to what was said: "We are determined to catch those responsible."
* He/she/they go to the most recently named person whose title does not contradict the pronoun
  (Mr is male, Mrs/Ms/Miss female; others fit any pronoun), preferring people outside quotes.
  A surname alone (`Mr Hedges`, `Hedges added:`) is the person already named with that surname.
  `the spokesperson`/`the officer` is the earlier speaker whose name, title or role has that word.
* An unattributed quote is still speech when it opens a sentence, reads as a sentence, and
  follows a quote by someone in the same paragraph, or the previous paragraph quoted someone
  (the next-paragraph convention). Anything else unattributed — scare quotes, names in quotes
  (Operation 'Sceptre', the 'Safer Streets' fund), headline quotes — is not speech.
* Unnamed voices are kept as printed without the article: "A police spokesperson said" gives the
  speaker "police spokesperson", with no title or role and `named=False`. An organisation
  ("Kent Police said") is kept as printed too. A pronoun with no one to refer to is dropped, as
  is its quote.
* `title` is the rank or honorific as printed ("Chief Inspector", "Cllr", "Mr"); `name` has no
  rank; `role` is printed text: an appositive before or after the name ("District Commander for
  Canterbury", "who leads policing in Leeds"), or a role before the name ("Oxfordshire farmer"),
  or, failing those, the organisation in a possessive ("Kent Police's PC Chris Green" → "Kent
  Police"), or letters after the name ("Damian Green MP" → "MP"). An age is never a role.
* Mentions are people named outside quotes with a title, a common given name and a surname, or
  a role just before the name; speakers are not also mentioned.
* `Quote.text` has markdown emphasis and link syntax removed, runs of whitespace collapsed, and
  a comma that closes the quote ('…,' she said) dropped: it belongs to the attribution.
  `start`/`end` still cover everything between the marks.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class Quote:
    """One direct quote. A quote over several paragraphs is one Quote.

    `text` is the quoted words without the quote marks, paragraphs joined by a blank line.
    `paragraph` is the 0-based index of the paragraph (block separated by blank lines) it starts in.
    `start`/`end` are character offsets into the body: body[start:end] spans from the first quoted
    character to the last (for multi-paragraph quotes this includes the text in between).
    `spans` are the (start, end) offsets of each quoted stretch on its own — one per paragraph,
    or per half of a split quote — for highlighting without the text in between.
    """

    text: str
    paragraph: int
    start: int
    end: int
    spans: tuple[tuple[int, int], ...] = ()
    cue: str = ""
    confidence: float = 1.0

    @property
    def doubtful(self) -> bool:
        """Worth checking before it is quoted on: attributed by a weak cue, or not at all."""
        return self.confidence < DOUBTFUL_BELOW


@dataclass(frozen=True, slots=True)
class Speaker:
    """A person (or unnamed voice such as 'police spokesperson') quoted in one article.

    `named` is False for an unnamed voice or an organisation ("police spokesperson", "Kent
    Police"), whose `name` is the description as printed.
    """

    name: str
    title: str | None
    role: str | None
    quotes: tuple[Quote, ...]
    named: bool = True

    @property
    def doubtful(self) -> bool:
        return any(quote.doubtful for quote in self.quotes)


@dataclass(frozen=True, slots=True)
class Mention:
    """A person named in the article but not quoted (e.g. in a photo caption)."""

    name: str
    title: str | None
    role: str | None


@dataclass(frozen=True, slots=True)
class ArticleQuotes:
    """`unattributed` holds what reads as speech but has no speaker the extractor will name:
    a pronoun with nobody to refer to, a partial name two people share."""

    speakers: tuple[Speaker, ...]
    mentioned: tuple[Mention, ...]
    unattributed: tuple[Quote, ...] = ()

    @property
    def doubtful(self) -> bool:
        """Any quote to check: a doubtful attribution, or speech with no speaker."""
        return bool(self.unattributed) or any(
            quote.doubtful for speaker in self.speakers for quote in speaker.quotes
        )

    @property
    def quotes(self) -> tuple[tuple[Speaker, Quote], ...]:
        """Every quote with its speaker, in body order."""
        pairs = [(speaker, quote) for speaker in self.speakers for quote in speaker.quotes]
        return tuple(sorted(pairs, key=lambda pair: pair[1].start))


EMPTY = ArticleQuotes(speakers=(), mentioned=())
# Below this confidence an attribution is shown as doubtful (a "?" in the panel).
DOUBTFUL_BELOW = 0.7


def extract_quotes(body: str) -> ArticleQuotes:
    """Find every direct quote in `body` and group it by speaker. Never raises."""
    if not isinstance(body, str) or not body:
        return EMPTY
    try:
        return _Extractor(body).run()
    except Exception:  # pragma: no cover - a safety net: one odd article must not stop a feed load
        return EMPTY


@lru_cache(maxsize=8192)
def normalise_name(name: str) -> str:
    """A key for comparing names: no accents, case-folded, one space, no dots or hyphens."""
    if name.isascii():
        plain = name
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("’", "'").replace("‘", "'").replace(".", " ").replace("-", " ")
    return " ".join(plain.casefold().split())


def split_title(name: str) -> tuple[str | None, str]:
    """Split a leading rank or honorific off a name: "PC Jo Bloggs" → ("PC", "Jo Bloggs")."""
    tokens = name.split()
    length = _title_at(tokens, 0)
    if length and length < len(tokens):
        return " ".join(tokens[:length]), " ".join(tokens[length:])
    return None, name.strip()


def _word_set(text: str) -> frozenset[str]:
    """A vocabulary written as running text, one word per space."""
    return frozenset(text.split())


def _phrase_set(text: str) -> frozenset[str]:
    """A vocabulary of phrases, separated by '|'."""
    return frozenset(text.split("|"))


# --------------------------------------------------------------------------------------------
# Vocabulary. Kept as plain word lists: the rules below read better with names than with regex.

_TITLES = (
    "Police and Crime Commissioner|Deputy Police and Crime Commissioner|Police Commissioner|"
    "Chief Constable|Deputy Chief Constable|Assistant Chief Constable|"
    "Chief Superintendent|Detective Chief Superintendent|Superintendent|Detective Superintendent|"
    "Det Supt|Det Ch Supt|Ch Supt|Chief Supt|Supt|"
    "Chief Inspector|Detective Chief Inspector|Inspector|Detective Inspector|DCI|DI|Insp|"
    "Det Insp|Chief Insp|Ch Insp|Special Inspector|Special Chief Inspector|"
    "Sergeant|Detective Sergeant|Police Sergeant|Special Sergeant|Sgt|Det Sgt|DS|PS|"
    "Constable|Detective Constable|Police Constable|Special Constable|PC|DC|WPC|SC|Det Con|"
    "PCSO|Police Community Support Officer|Detective|"
    "Commander|Assistant Commissioner|Deputy Assistant Commissioner|Deputy Commissioner|"
    "Commissioner|Cllr|Councillor|Mayor|Lord Mayor|Deputy Mayor|Alderman|"
    "Dr|Prof|Professor|Mr|Mrs|Ms|Miss|Mx|Sir|Dame|Lord|Lady|Baroness|Baron|"
    "Rev|Revd|Reverend|Father|Canon|Bishop|Archbishop|Rabbi|Imam|"
    "Judge|His Honour Judge|Her Honour Judge|District Judge|Recorder|"
    "Mr Justice|Mrs Justice|Ms Justice|Coroner|"
    "Station Manager|Group Manager|Watch Manager|Crew Manager|Area Manager|"
    "Chief Fire Officer|Deputy Chief Fire Officer|Assistant Chief Fire Officer|Firefighter|"
    "Captain|Major|Colonel|Lieutenant|Brigadier|Corporal|Lance Corporal"
)
_POLICE_RANKS = _phrase_set(
    "PC|DC|DS|DI|DCI|Sgt|Sergeant|Inspector|Superintendent|Supt|Constable|WPC|PCSO|Detective|"
    "Insp|Chief Inspector|Chief Superintendent|Detective Sergeant|Detective Inspector|"
    "Detective Constable|Detective Chief Inspector|Detective Superintendent|"
    "Detective Chief Superintendent|Police Constable|Special Constable|Det Sgt|Chief Constable|"
    "Deputy Chief Constable|Assistant Chief Constable|Ch Supt"
)
_FIRE_RANKS = _phrase_set(
    "Station Manager|Group Manager|Watch Manager|Crew Manager|Area Manager|Firefighter|"
    "Chief Fire Officer"
)
# "the officer added": which titles a plain description can stand for.
_DESCRIBED_BY: dict[str, frozenset[str]] = {
    "officer": _POLICE_RANKS | _FIRE_RANKS,
    "detective": frozenset(rank for rank in _POLICE_RANKS if rank.startswith(("D", "Det"))),
    "sergeant": frozenset({"Sgt", "Sergeant", "DS", "Detective Sergeant", "Det Sgt"}),
    "inspector": frozenset({"Inspector", "Chief Inspector", "DI", "DCI", "Insp"}),
    "councillor": frozenset({"Cllr", "Councillor"}),
    "doctor": frozenset({"Dr"}),
    "firefighter": _FIRE_RANKS,
    "commissioner": frozenset({"Commissioner", "Police and Crime Commissioner"}),
}
_TITLE_MODIFIERS = frozenset({"Acting", "Temporary", "T/", "A/"})
# Titles that, before a single word, are part of how the person is known: "Lord Hendy" keeps its
# title when no fuller name is printed; after Sir or Dame the word is a given name.
_NAME_TITLES = frozenset({"Lord", "Lady", "Baroness", "Baron", "Sir", "Dame"})
_GIVEN_NAME_TITLES = frozenset({"Sir", "Dame"})
_MALE_TITLES = frozenset({"Mr", "Sir", "Lord", "Baron", "Father", "Mr Justice"})
_FEMALE_TITLES = frozenset({"Mrs", "Ms", "Miss", "Dame", "Lady", "Baroness", "Mrs Justice"})


def _person_words() -> frozenset[str]:
    """Words without which a run of capitalised words cannot name anyone (for a quick skip)."""
    firsts = {title.split()[0] for title in _TITLES.split("|")}
    return frozenset(firsts | _TITLE_MODIFIERS | _FIRST_NAMES | {f"{t}." for t in firsts})


def _title_index(titles: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Titles by first word, longest first, so "Chief Inspector" wins over "Chief"."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for title in titles.split("|"):
        words = tuple(title.split())
        index.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(found, key=len, reverse=True)) for first, found in index.items()}


_TITLE_INDEX = _title_index(_TITLES)
_TITLE_WORDS = frozenset(word for title in _TITLES.split("|") for word in title.split())

_SPEECH_VERBS = _word_set(
    """
    said says say added adds explained explains urged urges warned warns commented comments told
    tells stated states appealed appeals continued continues asked asks replied replies insisted
    insists noted notes remarked remarks revealed reveals admitted admits confirmed confirms
    acknowledged acknowledges claimed claims declared declares announced announces concluded
    concludes agreed agrees recalled recalls emphasised emphasises emphasized stressed stresses
    highlighted highlights reiterated reiterates advised advises cautioned cautions wrote writes
    posted tweeted responded responds reflected reflects observed observes argued argues
    suggested suggests pleaded pleads vowed vows promised promises praised praises thanked
    thanks shouted shouts exclaimed whispered sobbed joked jokes boasted boasts conceded
    concedes recounted recounts described describes pointed elaborated elaborates summed sums
    reassured reassures reminded reminds encouraged encourages welcomed welcomes went
    """
)
# "…, adding: '…'" — the speaker is the subject of the sentence, not a phrase next to the verb.
_PARTICIPLES = _word_set(
    """
    adding saying explaining urging warning telling stating continuing insisting noting
    stressing emphasising emphasizing commenting concluding appealing pleading vowing promising
    praising thanking reminding reassuring encouraging describing
    """
)
_PRONOUNS = {"he": "m", "she": "f", "they": None}
_DETERMINERS = frozenset({"a", "an", "the"})
_POSSESSIVE_DETERMINERS = frozenset({"his", "her", "their", "its", "our", "my", "your"})

# Words that open a clause leading into the subject: "Speaking after the hearing, DC Smith said".
_LEAD_INS = _word_set(
    """
    in on at after before following outside during since from with without ahead under over
    through upon within despite regarding about asked when while whilst as today yesterday
    tonight earlier later last this meanwhile however also now afterwards then here there once
    but and so yet
    """
)

_ROLE_NOUNS = _word_set(
    """
    officer manager commander councillor director chair chairman chairwoman chairperson chief
    executive head leader secretary minister coordinator co-ordinator spokesperson spokesman
    spokeswoman president founder owner editor principal headteacher teacher governor trustee
    member mayor lead adviser advisor analyst investigator inspector sergeant constable
    superintendent commissioner paramedic nurse matron doctor surgeon consultant solicitor
    barrister prosecutor judge magistrate coroner volunteer campaigner worker ranger warden
    captain vicar engineer administrator supervisor controller specialist champion ambassador
    organiser organizer instructor coach treasurer clerk landlord landlady proprietor chaplain
    fundraiser firefighter detective partner presenter reporter correspondent representative
    deputy assistant researcher professor lecturer student pupil practitioner technician
    dispatcher handler holder operator planner strategist programmer designer producer farmer
    tourist visitor resident parent pensioner shopper driver motorist cyclist walker victim
    witness shopkeeper retailer trader businessman businesswoman boss mother father son daughter
    brother sister wife husband grandmother grandfather aunt uncle niece nephew friend neighbour
    neighbor fiancee fiance widow widower
    """
)
# Capitalised words that are never part of a person's name.
_NOT_NAME = _word_set(
    """
    Police Council Service Services Trust NHS Agency Department Office Court University School
    College Academy Association Society Group Team Unit Force Constabulary Fire Rescue Ambulance
    Hospital Hospitals Club Company Partnership Foundation Charity Centre Center Church Borough
    County City Government Ministry Authority Commission Board Network Forum Committee
    Parliament Party Bank Railway Station Airport Port Prison Directorate Command Squad
    Operation Project Campaign Initiative Programme Scheme Fund Festival Market Street Road Lane
    Avenue Way Drive Close Crescent Square Park Bridge Gardens Terrace Place Estate
    Shopping Restaurant Cathedral Museum Theatre Library Magistrates Crown Online News Limited
    Ltd Plc Taskforce Brigade Coastguard Lifeboat Valley Alert Week Day Home Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Christmas Easter Year New The This That These Those It
    He She They We You I Our Their His Her Its My Your A An And But Or If When While After
    Before In On At For From With By To Of As Also Today Police's Council's Officer Officers
    Manager Director Chair Chief Executive Head Leader Spokesperson Spokesman Spokeswoman Member
    Lead Mr Mrs Ms Miss Dr
    """
)

# Common given names, for telling "Mark Stuart" (a person) from "Canterbury Bus" (not one)
# when no rank or title is printed. Words that are usually not names (May, Will, Hope) are left out.
_FIRST_NAMES = _word_set(
    """
    Aaron Abdul Abigail Adam Adrian Ahmed Aidan Aisha Alan Alastair Albert Alex Alexander
    Alexandra Ali Alice Alison Alistair Amanda Amber Amelia Amir Amira Amy Andrea Andrew Andy
    Angela Anna Anne Annie Anthony Anton Antonio Arjun Arthur Ash Ashley Barbara Barry Ben
    Benjamin Bernard Beth Bethany Bob Brian Bridget Bruce Callum Calum Cameron Carl Carla Carol
    Caroline Catherine Charles Charlie Charlotte Chloe Chris Christian Christine Christopher
    Claire Clare Colin Connor Craig Dan Daniel Danielle Darren Dave David Dawn Dean Debbie
    Deborah Declan Dennis Derek Diane Dominic Donna Douglas Duncan Dylan Ed Eddie Edward Eileen
    Elaine Eleanor Elizabeth Ella Ellen Ellie Emily Emma Eric Erin Ethan Eve Fatima Fiona
    Frances Francesca Francis Fraser Gareth Gary Gavin Gemma Geoff Geoffrey George Georgia
    Gerald Gillian Gordon Graham Hannah Harjit Harriet Harry Hayley Heather Helen Henry Hugh
    Hussain Ian Imran Isaac Isabel Isabella Isla Ivan Jack Jacob Jade Jake James Jamie Jan Jane
    Janet Jason Jay Jean Jeff Jenna Jennifer Jenny Jeremy Jessica Jim Jo Joan Joanna Joanne
    Jodie Joe Joel John Jon Jonathan Jordan Joseph Josh Joshua Joy Julia Julian Julie Justin
    Karen Kate Katherine Kathryn Katie Kay Keith Kelly Kevin Kieran Kim Kirsty Kyle Laura Lauren
    Lee Leo Leon Lewis Liam Linda Lisa Lorraine Louise Lucy Luke Lynn Mandy Marcus Margaret
    Maria Marie Mark Martin Mary Matt Matthew Megan Melanie Michael Michelle Mike Mohammed
    Mohammad Muhammad Nadia Naomi Natalie Nathan Neil Nicholas Nick Nicola Nigel Nina Noah
    Oliver Olivia Omar Oscar Owen Pamela Patrick Paul Paula Pauline Peter Philip Phil Phillip
    Pippa Priya Rachel Rajesh Raj Rebecca Richard Rob Robert Robin Roger Rory Rose Ross Roy Ruth
    Ryan Sadiq Sally Sam Samantha Samuel Sandra Sarah Scott Sean Shannon Sharon Shaun Sheila
    Simon Sophie Stacey Stephanie Stephen Steve Steven Stuart Sue Susan Suzanne Tanya Teresa
    Terry Thomas Tim Timothy Tina Toby Tom Tony Tracey Tracy Trevor Tyrone Usman Valerie Vanessa
    Vicky Victoria Vincent Wayne Wendy William Yasmin Yusuf Zara Zoe Grace Jess Debra Lesley
    Luke Rhys Gwen Siobhan Niamh Aoife Ciaran Sinead Callum Jasmine Kerry Leanne Lindsey Marion
    Maureen Moira Morag Shona Iain Hamish Fergus Angus Ewan Euan Ruairidh Emeka Chidi Ngozi
    Kwame Ama Kofi Tunde Femi Ade Oluwaseun Sunil Anil Vikram Deepak Sanjay Ravi Anjali Pooja
    Neha Ayesha Zainab Bilal Hamza Tariq Khalid
    """
)
_PERSON_WORDS = _person_words()
# Letters after a name ("Damian Green MP"): the end of the name, and printed as its role.
_POST_NOMINALS = frozenset({"MP", "MEP", "MSP", "MS", "AM", "QC", "KC", "OBE", "MBE", "CBE", "JP"})
_PARTICLES = frozenset({"de", "da", "di", "du", "van", "von", "der", "den", "le", "la", "bin"})

# Words that end a walk backwards through a role printed before a name.
_ROLE_STOP = _word_set(
    """
    the a an to by with from at on in into onto and or but as was were is are be been has had
    have said says told when after before while who which that this these those his her their
    its our my your he she they it we i you than then also not no yesterday today during between
    among amongst including like near via per
    """
)
_CONNECTORS = frozenset({"of", "for", "&"})
# People and bodies that speak without a name: "a spokesperson", "residents", "police".
_VOICE_NOUNS = _word_set(
    """
    spokesperson spokesman spokeswoman spokespeople source sources police council force
    government department ministry trust service agency authority board team charity group
    family families relative relatives residents resident neighbours neighbour witnesses
    witness man woman men women boy girl people person staff officials official organisers
    campaigners protesters parents colleagues friends club company firm union federation
    club society partnership office brigade constabulary commission committee hospital
    school college university prison court inspectorate regulator watchdog airline operator
    council's police's
    """
)
# Organisation words that, capitalised, make a phrase a body that can speak.
_NOT_NAME_ORGS = _word_set(
    """
    Police Council Service Services Trust NHS Agency Department Office Court University School
    College Academy Association Society Group Team Unit Force Constabulary Fire Rescue Ambulance
    Hospital Hospitals Club Company Partnership Foundation Charity Centre Church Borough County
    Government Ministry Authority Commission Board Network Forum Committee Parliament Party
    Bank Railway Airport Prison Directorate Command Squad Brigade Coastguard Lifeboat Federation
    Union Executive Inspectorate Institute Council's Police's Limited Ltd Plc
    """
)
# Words that make a phrase a clause, not a description of who is speaking.
_CLAUSE_WORDS = _word_set(
    """
    was were is are be been being has had have having will would could should can may might
    must shall do does did not number this these those which that when where while there
    """
)
# Left off the end of a phrase before a speech verb: "a council boss has said".
_AUXILIARIES = _word_set(
    """
    has have had is was were will would could should can may might must shall do does did
    also has also then now today yesterday previously earlier recently later tonight again
    """
)
_ROLE_WORDS = 8  # the longest role printed before a name that we take
_PLAIN_CUE = "plain-paragraph-after-lead-in"
_FIRST_PERSON = frozenset({"i", "we", "our", "us", "my", "me", "i'm", "we're", "we've", "i've"})
_OPEN_RUN = 9  # how many paragraphs a quote opened once may run before its closing mark
_LOOK_BACK = 64  # how far back a pronoun or "the spokesperson" looks for whom it means
_NOT_SUBJECT_AFTER = frozenset({"of", "for", "to", "by", "with", "from", "about", "against"})
_PLACE_JOINERS = frozenset({"of", "for", "and", "&", "in", "at", "the", "to", "from", "near"})

_ABBREVIATIONS = _word_set(
    """
    Dr Mr Mrs Ms Mx St Insp Sgt Det Supt Cllr Prof Rev Revd No Co Ltd Jr Sr Capt Col Lt Gen Ch
    Con PC DC DS Hon Rt Gov Sen Rep Mt Ft vs
    """
)

# --------------------------------------------------------------------------------------------
# Regular expressions. Every quantifier is bounded or follows a mandatory separator, so none can
# backtrack catastrophically on hostile input.

_MARKS = "'‘’‛\"“”„«»"
_MARK_RE = re.compile("['‘’‛\"“”„«»]")
_SINGLE = frozenset("'‘’‛")
_OPEN_ONLY = frozenset("‘‛“„«")
_CLOSE_ONLY = frozenset("”»")
_GUILLEMETS = frozenset("«»")  # French quotes, often with a space inside: « Oui »
# A closing mark after feet and inches (5’9”, 6'2") measures a height, it quotes nothing.
_FEET_INCHES = re.compile(r"\d['’′]\d{1,2}$")
# What may stand just before an opening mark, and just after a closing one.
_OPEN_AFTER = frozenset(" \t\n\r\u00a0([{—–-/:>")
_CLOSE_BEFORE = frozenset(" \t\n\r\u00a0.,;:!?)]}—–-/…")
_STRONG_END = frozenset(".,!?;:…—–-")
_SENTENCE_END = frozenset(".!?…")
_EMPHASIS_CHARS = "*_"
_WHITESPACE = " \t\n\r\u00a0"

_MARKER_STARTS = frozenset(" \t>#-*+0123456789")
_LINE_MARKER = re.compile(
    r"[ \t]{0,3}((?:>[ \t]?){0,10})[ \t]{0,8}(#{1,6}[ \t]+|[-*+][ \t]+|\d{1,9}[.)][ \t]+)?"
)
_CONTINUATION_MARKER = re.compile(
    r"\n[ \t]{0,8}(?:>[ \t]?){0,10}[ \t]{0,8}(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)?"
)
_LINK = re.compile(r"!?\[([^\[\]\n]{0,300})\]\([^()\s]{0,500}\)")
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*\\])[*_](?=[^\s*_])|(?<=[^\s*_\\])[*_](?![\w*])")
_PARENTHETICAL = re.compile(r"\([^()\n]{0,80}\)")
_SENTENCE_BREAK = re.compile(r"([.!?…])['’\"”)\]*_]{0,3}\s+")
_DASH_LEAD = re.compile(r"\s{0,3}[—–-]{1,2}\s*")
_WORDS_OF = re.compile(
    r"(?:That|Those|These|This|Such)\s+(?:was|were|is|are)\s+the\s+(?:\w+\s+){0,2}?"
    r"(?:words?|message|warning|plea|verdict|view|reaction|advice)\s+(?:of|from)\s+"
    r"([^.;:!?]{3,200})"
)
_AGE = re.compile(r"(?:aged\s+)?\d{1,3}")
# A run of capitalised words (with a few lower-case joiners): where names are looked for.
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_CAP_WORD = rf"[{_UPPER}][\w'’.\-]{{0,40}}"
_JOINER = "of|and|for|de|van|von|der|le|la|da|bin"
# The capital comes first and the look-behind after it (same matches as `(?<![\w'’])[A-Z]…`)
# so the engine can skip ahead to capitals: four times faster on a typical body.
_CAP_RUN = re.compile(
    rf"[{_UPPER}](?<![\w'’][{_UPPER}])[\w'’.\-]{{0,40}}"
    rf"(?:[ \t]{{1,3}}(?:{_CAP_WORD}|{_JOINER})){{1,10}}"
)
_ROLE_AFTER = re.compile(r"[*_]{0,2},[ \t]{1,3}([^,.;:()\n]{2,120})")


# --------------------------------------------------------------------------------------------
# Small text helpers.


def _clean(text: str) -> str:
    """Markdown-free, single-spaced text: what a reader sees of a fragment of the body."""
    if "\n" in text:
        text = _CONTINUATION_MARKER.sub(" ", text)
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub("", text)
    return " ".join(text.split())


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
    return [_token(raw) for raw in text.split()]


def _is_capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


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


def _gender(title: str | None) -> str | None:
    if title in _MALE_TITLES:
        return "m"
    if title in _FEMALE_TITLES:
        return "f"
    return None


# --------------------------------------------------------------------------------------------
# People in a run of words.


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


def _name_words(tokens: Sequence[_Token], index: int, limit: int = 4) -> int:
    """How many tokens from `index` form a name (stops after a comma or a possessive)."""
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
        if not _is_name_word(token.core):
            break
        count += 1
        if token.ends_clause or token.possessive:
            break
    return count


def _find_people(
    tokens: Sequence[_Token], known: set[str] | None = None, *, loose: bool = False
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
    known: set[str] | None,
    *,
    loose: bool,
) -> _Hit | None:
    title_length = _title_at(cores, index)
    if title_length and cores[index + title_length : index + title_length + 1] == ["and"]:
        second = _title_at(cores, index + title_length + 1)
        if second:  # "Mr and Mrs Okafor": one title for the two of them
            title_length += 1 + second
    if title_length and not tokens[index + title_length - 1].ends_clause:
        count = _name_words(tokens, index + title_length)
        if count:
            return _make_hit(tokens, index, title_length, count)
    word = cores[index]
    if not _is_name_word(word) or tokens[index].bracketed or word.lower() in _ROLE_NOUNS:
        return None
    count = _name_words(tokens, index)
    if count >= 2 and (word in _FIRST_NAMES or loose):
        return _make_hit(tokens, index, 0, count)
    if count >= 1 and known and normalise_name(word) in known:
        return _make_hit(tokens, index, 0, 1)
    if count == 1 and loose and word in _FIRST_NAMES:
        return _make_hit(tokens, index, 0, 1)
    return None


@lru_cache(maxsize=16384)  # "Chief Inspector Mark Hedges" recurs across a feed
def _run_people(run: str) -> tuple[tuple[_Token, ...], tuple[_Hit, ...], tuple[int, ...]]:
    """The tokens of a run of capitalised words, the people named in it, and word offsets."""
    tokens = tuple(_tokens(run))
    hits = tuple(_find_people(tokens))
    offsets = tuple(match.start() for match in re.finditer(r"\S+", run)) if hits else ()
    return tokens, hits, offsets


def _make_hit(tokens: Sequence[_Token], start: int, title_length: int, count: int) -> _Hit:
    name_start = start + title_length
    title = " ".join(token.core for token in tokens[start:name_start]) or None
    name = " ".join(token.core for token in tokens[name_start : name_start + count])
    return _Hit(start, name_start + count, title, name, tokens[name_start + count - 1].possessive)


def _role_before(tokens: Sequence[_Token]) -> tuple[str | None, bool]:
    """The role printed right before a name ("Kent Police's", "Community Safety Officer"),
    walking back from the name; (role, is_only_an_organisation)."""
    taken: list[_Token] = []
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if token.bracketed or (token.ends_clause and token.raw.rstrip("*_")[-1:] != "'"):
            break
        lower = token.core.lower()
        if (
            not token.core
            or len(taken) >= _ROLE_WORDS
            or not (token.core[0].isalpha() or lower == "&")
        ):
            break
        if lower in ("and", "&"):  # only inside an organisation: "Fire and Rescue Service"
            left = tokens[index - 1].core if index else ""
            right = taken[-1].core if taken else ""
            if left not in _NOT_NAME and right not in _NOT_NAME:
                break
        elif lower in _ROLE_STOP:
            break
        taken.append(token)
    taken.reverse()
    if taken and taken[-1].core.lower() in _CONNECTORS:
        return None, False  # "the husband of Margaret Haigh" describes someone else
    while taken and taken[0].core.lower() in _CONNECTORS:
        taken.pop(0)
    if not taken:
        return None, False
    if any(token.core.lower() in _ROLE_NOUNS for token in taken):
        return " ".join(token.raw.strip("*_") for token in taken), False
    if taken[-1].possessive and all(
        _is_capitalised(token.core) or token.core.lower() in ("and", "&") for token in taken
    ):
        return " ".join(token.core for token in taken), True
    return None, False


class _NameBook:
    """The fuller forms a one-word name is printed in anywhere in the body ("Dana Whitlock"
    for "Dana", "Alison Penrose" for "Mrs Penrose"), looked up only when a bare word is met."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.cache: dict[tuple[str, bool, bool], str | None] = {}

    def fullest(self, word: str, title: str | None) -> str | None:
        """The fullest form printed; "" when there is none, None when two people share it.
        After Mr, Dr, a rank… the word is a surname; after Sir or Dame a given name; bare,
        either."""
        given = title is None or title in _GIVEN_NAME_TITLES
        surname = title not in _GIVEN_NAME_TITLES
        key = (word, given, surname)
        if key not in self.cache:
            self.cache[key] = self._lookup(word, given=given, surname=surname)
        return self.cache[key]

    def _lookup(self, word: str, *, given: bool, surname: bool) -> str | None:
        forms: set[str] = set()
        pattern = re.compile(rf"(?<![\w'’.\-]){re.escape(word)}(?![\w\-])")
        for match in pattern.finditer(self.body):
            if surname and (before := self._given_before(match.start())):
                forms.add(f"{before} {word}")
            if given and (after := self._surname_after(match.end())):
                forms.add(f"{word} {after}")
        if not forms:
            return ""
        longest = max(forms, key=lambda form: len(form.split()))
        if all(set(form.split()) <= set(longest.split()) for form in forms):
            return longest
        return None

    def _given_before(self, at: int) -> str:
        text = self.body[max(0, at - 60) : at]
        if not text.endswith(" ") or text.endswith("  "):
            return ""
        raws = text.split()
        taken: list[str] = []
        for index in range(len(raws) - 1, max(-1, len(raws) - 3), -1):
            token = _token(raws[index])
            if not _could_be_given(token):
                break
            if index == 0 or _token(raws[index - 1]).ends_clause or raws[index - 1][-1:] == "#":
                if token.core not in _FIRST_NAMES:  # "Yesterday Penrose": a sentence opening
                    break
            taken.append(token.core)
        return " ".join(reversed(taken))

    def _surname_after(self, at: int) -> str:
        text = self.body[at : at + 60]
        if not text.startswith(" "):
            return ""
        taken: list[str] = []
        for raw in text.split()[:2]:
            token = _token(raw)
            if not _is_name_word(token.core) or token.core in _TITLE_WORDS or token.bracketed:
                break
            taken.append(token.core)
            if token.ends_clause or token.possessive:
                break
        return " ".join(taken)


def _could_be_given(token: _Token) -> bool:
    """A word that can stand in a name beside another: no title, no clause end, no 's."""
    if token.ends_clause or token.possessive or token.bracketed:
        return False
    return _is_name_word(token.core) and token.core not in _TITLE_WORDS


# --------------------------------------------------------------------------------------------
# The body: paragraphs, and the units inside them (a list item, a heading, a block-quote part).


@dataclass(slots=True)
class _Unit:
    paragraph: int
    kind: str  # "text", "list", "quote" or "heading"
    lines: list[tuple[int, int]] = field(default_factory=list)  # content (start, end) per line

    @property
    def start(self) -> int:
        return self.lines[0][0]

    @property
    def end(self) -> int:
        return self.lines[-1][1]


def _units(body: str) -> list[_Unit]:
    units: list[_Unit] = []
    paragraph = -1
    blank_before = True
    fence: str | None = None
    current: _Unit | None = None
    position = 0
    for line in body.split("\n"):
        start, position = position, position + len(line) + 1
        stripped = line.strip()
        if not stripped:
            blank_before, current = True, None
            continue
        if blank_before:
            paragraph, blank_before, current = paragraph + 1, False, None
        if fence is not None:  # inside fenced code: no quotes there
            if stripped.startswith(fence):
                fence = None
            continue
        if stripped.startswith(("```", "~~~")):
            fence, current = stripped[:3], None
            continue
        if stripped[0] in "-*_" and _is_rule(stripped):
            current = None
            continue
        marker = _LINE_MARKER.match(line) if line[:1] in _MARKER_STARTS else None
        content_start = start + (marker.end() if marker else 0)
        content_end = start + len(line.rstrip())
        if content_start >= content_end:  # a bare ">" or "-": a break inside the block
            current = None
            continue
        kind = _line_kind(marker)
        # An indented line under a list item belongs to the item; anything else of a new kind,
        # and every heading or list item, starts a unit of its own.
        item_goes_on = kind == "text" and current is not None and current.kind == "list"
        if not item_goes_on and (
            kind in ("heading", "list") or current is None or current.kind != kind
        ):
            current = _Unit(paragraph, kind)
            units.append(current)
        assert current is not None  # made just above unless it was there to go on
        current.lines.append((content_start, content_end))
    return units


def _is_rule(stripped: str) -> bool:
    compact = stripped.replace(" ", "")
    return len(compact) >= 3 and compact[0] in "-*_" and compact == compact[0] * len(compact)


def _line_kind(marker: re.Match[str] | None) -> str:
    if marker is None:
        return "text"
    block = marker.group(2)
    if block:
        return "heading" if block.startswith("#") else "list"
    return "quote" if marker.group(1) else "text"


# --------------------------------------------------------------------------------------------
# Quote marks, and pairing them.


class _Mark(NamedTuple):
    position: int
    double: bool
    line: int  # index into the unit's lines
    can_open: bool
    can_close: bool
    strong: bool  # closes after punctuation: 'It's over.' — surely a closing mark
    weak: bool  # closes right after a letter and before a space: dogs' owners, rockin' all —
    # perhaps only an apostrophe


def _marks(body: str, unit: _Unit, positions: Sequence[int]) -> list[_Mark]:
    """The unit's quote marks, classified; `positions` are every mark in the body, in order
    (found in one pass, since most units have none)."""
    low, high = bisect_left(positions, unit.start), bisect_left(positions, unit.end)
    marks: list[_Mark] = []
    lines, line = unit.lines, 0
    for at in positions[low:high]:
        while lines[line][1] <= at:  # the unit's last line ends after `at`, so this stops
            line += 1
        start, end = lines[line]
        if at >= start:  # not in the markers between two lines
            mark = _classify(body, at, start, end, line)
            if mark is not None:
                marks.append(mark)
    return marks


def _classify(body: str, at: int, start: int, end: int, line: int) -> _Mark | None:
    char = body[at]
    if char in _GUILLEMETS:
        opening = char == "«"
        return _Mark(at, True, line, opening, not opening, not opening, False)
    if char in '”"' and _FEET_INCHES.search(body, max(start, at - 4), at):
        return None
    before = _neighbour(body, at, start, end, -1)
    after = _neighbour(body, at, start, end, 1)
    # A mark straight after a colon opens, space or not (`said:” We…`, `said: " We…`); a
    # closing-shaped ” opens where a straight one would (British typesetting reopens with it).
    can_open = before == ":" or (after not in _WHITESPACE and after not in ".,;:!?)]}")
    if char not in _OPEN_ONLY:
        can_open = can_open and (before in _OPEN_AFTER or before in _MARKS)
    can_close = char not in _OPEN_ONLY and before not in _WHITESPACE
    if char not in _CLOSE_ONLY:
        can_close = can_close and (after in _CLOSE_BEFORE or after in _MARKS)
    if not (can_open or can_close):
        return None
    strong = can_close and before in _STRONG_END
    weak = can_close and before.isalnum() and after in _WHITESPACE
    return _Mark(at, char not in _SINGLE, line, can_open, can_close, strong, weak)


def _neighbour(body: str, at: int, start: int, end: int, step: int) -> str:
    """The character beside a mark, looking past emphasis; a space at the line's edge."""
    index = at + step
    while start <= index < end and body[index] in _EMPHASIS_CHARS and abs(index - at) <= 3:
        index += step
    return body[index] if start <= index < end else " "


@dataclass(slots=True)
class _Raw:
    """A pair (or chain) of quote marks before anyone decides whether it is speech."""

    double: bool
    unit: int
    open_at: int  # position of the opening mark
    speech_like: bool  # opens a sentence or follows ':' / ',' — where speech starts
    parts: list[tuple[int, int, int]] = field(default_factory=list)  # (unit, start, end)
    close_at: int | None = None  # position of the closing mark; None when it ran to the end
    reopens: bool = True  # carried on: the next paragraph reopens it (else it just goes on)
    unmarked: str = ""  # speech printed without marks after a lead-in: the cue that found it

    @property
    def last_unit(self) -> int:
        return self.parts[-1][0] if self.parts else self.unit


class _Lookahead:
    """For each mark, the index of the next mark (of each kind) that can close / close strongly /
    open — so pairing is linear however many marks a paragraph has."""

    def __init__(self, marks: Sequence[_Mark]) -> None:
        count = len(marks)
        self.close = [[count] * (count + 1), [count] * (count + 1)]
        self.strong = [[count] * (count + 1), [count] * (count + 1)]
        self.open = [[count] * (count + 1), [count] * (count + 1)]
        for index in range(count - 1, -1, -1):
            for kind in (0, 1):
                self.close[kind][index] = self.close[kind][index + 1]
                self.strong[kind][index] = self.strong[kind][index + 1]
                self.open[kind][index] = self.open[kind][index + 1]
            mark = marks[index]
            kind = int(mark.double)
            if mark.can_close:
                self.close[kind][index] = index
                if mark.strong:
                    self.strong[kind][index] = index
            if mark.can_open:
                self.open[kind][index] = index


class _Pairer:
    """Pairs quote marks across the body's units, following quotes over paragraph breaks."""

    def __init__(self, body: str, units: Sequence[_Unit]) -> None:
        self.body = body
        self.units = units
        positions = [match.start() for match in _MARK_RE.finditer(body)]
        self.marks = [_marks(body, unit, positions) for unit in units]

    def run(self) -> list[_Raw]:
        raws: list[_Raw] = []
        carried: _Raw | None = None
        for unit_index in range(len(self.units)):
            carried = self._pair_unit(unit_index, carried, raws)
        if carried is not None:  # ran off the end of the body: keep what it has
            raws.append(carried)
        return raws

    def _pair_unit(self, unit_index: int, carried: _Raw | None, raws: list[_Raw]) -> _Raw | None:
        marks = self.marks[unit_index]
        unit = self.units[unit_index]
        if carried is not None and not carried.reopens and not marks:
            carried.parts.append((unit_index, unit.start, unit.end))  # speech, no mark at all
            return carried
        if not marks:
            if carried is not None:
                raws.append(carried)
            return None
        ahead = _Lookahead(marks)
        current, index, open_index, part_start = carried, 0, -1, 0
        if current is not None and current.reopens:  # the reopening mark of a British quote
            part_start, index = marks[0].position + 1, 1
        elif current is not None:  # a quote opened paragraphs ago, not reopened here
            part_start = unit.start
        while True:
            if current is None:
                while index < len(marks) and not marks[index].can_open:
                    index += 1
                if index >= len(marks):
                    return None
                mark = marks[index]
                open_index, part_start = index, mark.position + 1
                speech_like = self._speech_like(self.units[unit_index], mark)
                current = _Raw(mark.double, unit_index, mark.position, speech_like)
                index += 1
            closer = self._closer(unit_index, marks, ahead, index, current)
            if closer is not None:
                current.parts.append((unit_index, part_start, marks[closer].position))
                current.close_at = marks[closer].position
                raws.append(current)
                current, index = None, closer + 1
                continue
            end = self.units[unit_index].end
            if current.speech_like and self._continues(unit_index, current.double):
                current.parts.append((unit_index, part_start, end))
                current.reopens = True
                return current
            if current.speech_like and self._closes_later(unit_index, current.double):
                current.parts.append((unit_index, part_start, end))
                current.reopens = False
                return current
            if current.speech_like or carried is current:
                current.parts.append((unit_index, part_start, end))
                raws.append(current)
                return None
            current, index = None, open_index + 1  # an apostrophe, not a quote: look again

    def _closer(
        self, unit_index: int, marks: Sequence[_Mark], ahead: _Lookahead, index: int, raw: _Raw
    ) -> int | None:
        kind = int(raw.double)
        candidate = ahead.close[kind][index]
        while candidate < len(marks):
            mark = marks[candidate]
            if not (raw.speech_like and mark.weak):
                return candidate
            strong = ahead.strong[kind][candidate + 1]
            opener = ahead.open[kind][candidate + 1]
            if strong < len(marks) and opener >= strong:
                candidate = ahead.close[kind][candidate + 1]  # an apostrophe: dogs' owners
                continue
            runs_on = strong >= len(marks) and opener >= len(marks)
            if runs_on and self._continues(unit_index, raw.double):
                return None  # an apostrophe in a quote that runs on to the next paragraph
            return candidate
        return None

    def _speech_like(self, unit: _Unit, mark: _Mark) -> bool:
        """True when the mark opens its unit or a sentence, or follows ':' ',' or a dash —
        where speech starts (and a scare quote usually does not)."""
        line = mark.line
        start, end = unit.lines[line]
        index = mark.position - 1
        while True:
            while index >= start and self.body[index] in _WHITESPACE + _EMPHASIS_CHARS:
                index -= 1
            if index >= start:
                char = self.body[index]
                return char in ":,.!?…—–-(" or char in _MARKS
            if line == 0:
                return True
            line -= 1
            start, end = unit.lines[line]
            index = end - 1

    def _closes_later(self, unit_index: int, double: bool) -> bool:
        """Is a quote left open here closed a few paragraphs on, with no new quote opening
        first? Then the paragraphs between are speech too (a statement opened once)."""
        if _last_char(self.body, self.units[unit_index]) not in _SENTENCE_END:
            return False
        for index in range(unit_index + 1, min(len(self.units), unit_index + _OPEN_RUN)):
            unit = self.units[index]
            if unit.kind in ("heading", "list") or unit.kind != self.units[unit_index].kind:
                return False
            same = [mark for mark in self.marks[index] if mark.double == double]
            if not same:
                continue
            first = same[0]
            opening = first.can_open and (first.position == unit.start or not first.strong)
            return first.can_close and first.strong and not opening
        return False

    def _continues(self, unit_index: int, double: bool) -> bool:
        """Does a quote left open at the end of this unit go on in the next one (the British
        convention: no closing mark, the next paragraph opens with a fresh mark)?"""
        if unit_index + 1 >= len(self.units):
            return False
        unit, following = self.units[unit_index], self.units[unit_index + 1]
        if "heading" in (unit.kind, following.kind) or "list" in (unit.kind, following.kind):
            return False
        if _last_char(self.body, unit) not in _SENTENCE_END:
            return False
        marks = self.marks[unit_index + 1]
        if not marks:
            return False
        first = marks[0]
        return first.position == following.start and first.can_open and first.double == double


def _last_char(body: str, unit: _Unit) -> str:
    index = unit.end - 1
    while index > unit.start and body[index] in _EMPHASIS_CHARS:
        index -= 1
    return body[index] if index >= 0 else ""


# --------------------------------------------------------------------------------------------
# Who said it.


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


def _segments(tokens: Sequence[_Token]) -> list[list[_Token]]:
    """A phrase cut at its commas: "Mark Hedges, District Commander, said" → two segments."""
    segments: list[list[_Token]] = [[]]
    for token in tokens:
        segments[-1].append(token)
        if token.raw.rstrip("*_'’\"”").endswith(","):
            segments.append([])
    return [segment for segment in segments if segment]


def _text(tokens: Sequence[_Token]) -> str:
    return " ".join(token.raw for token in tokens).strip(" ,;:.*_")


def _is_lead_in(segment: Sequence[_Token]) -> bool:
    """ "Speaking after the hearing", "In a statement": a clause before the subject, not a role."""
    if len(segment) < 2:
        return False
    first = segment[0].core
    lower = first.lower()
    return lower in _LEAD_INS or (lower.endswith("ing") and len(lower) > 5 and lower.isalpha())


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
    return first not in _PARTICIPLES and first not in {"and", "but", "adding", "saying"}


class _PhraseReader:
    """Reads the name, title and role out of an attribution phrase."""

    def __init__(self, known: set[str], names: _NameBook | None = None) -> None:
        self.known = known
        self.names = names

    def read(self, phrase: str, *, subject_only: bool = False) -> _Who | None:
        phrase = _PARENTHETICAL.sub(" ", phrase)
        tokens = _tokens(phrase)
        while tokens and tokens[-1].core.lower() in _AUXILIARIES:
            tokens.pop()  # "a council boss has (said)"
        segments = _segments(tokens)
        while len(segments) > 1 and _is_lead_in(segments[0]):
            segments.pop(0)
        if not segments:
            return None
        first = segments[0][0].core.lower()
        if first in _PRONOUNS and (len(segments[0]) <= 2 or subject_only):
            return _Who("pronoun", gender=_PRONOUNS[first])
        # A titled or known name anywhere beats a bare pair of capitalised words ("Solent and
        # South Downs, Dr Helen Whitcombe"), so look for those first.
        for loose in (False, True):
            for index, segment in enumerate(segments):
                hits = _find_people(segment, self.known, loose=loose)
                hits = [hit for hit in hits if _is_subject(segment, hit)]
                if hits:
                    return self._person(segments, index, segment, hits[0])
        alone = self._name_alone(segments[0])
        if alone is not None:
            return alone
        if subject_only:
            return None
        return _unnamed(segments[0])

    def _name_alone(self, segment: Sequence[_Token]) -> _Who | None:
        """ "Dana said": one capitalised word that the article prints in full elsewhere."""
        if len(segment) != 1 or self.names is None:
            return None
        word = segment[0].core
        if not _is_name_word(word) or word in _TITLE_WORDS or word.lower() in _ROLE_NOUNS:
            return None
        if self.names.fullest(word, None) == "":
            return None
        return _Who("person", word)

    def _person(
        self, segments: list[list[_Token]], index: int, segment: list[_Token], hit: _Hit
    ) -> _Who:
        prefix, affiliation = _role_before(segment[: hit.start])
        suffix = segment[hit.end :]
        roles: list[tuple[str | None, bool]] = []
        if index > 0 and _is_role_segment(segments[index - 1]):
            roles.append((_text(segments[index - 1]), False))
        if prefix and not affiliation:
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
        return _Who("person", hit.name, hit.title, role, is_affiliation, _gender(hit.title), False)


def _is_subject(segment: Sequence[_Token], hit: _Hit) -> bool:
    """Can this name be who is speaking? Not "PC Smith's colleague", not "the family of Mr
    Jones", and not a loose name that runs on into an organisation's."""
    if hit.possessive:
        return False
    if hit.start > 0 and segment[hit.start - 1].core.lower() in _NOT_SUBJECT_AFTER:
        return False
    return _loose_ok(segment, hit)


def _loose_ok(segment: Sequence[_Token], hit: _Hit) -> bool:
    """A name found without a title or known first name must not run on into capitalised words
    ("Greater Manchester Police" is not a Mr Greater Manchester)."""
    if hit.title or hit.name.split()[0] in _FIRST_NAMES:
        return True
    if hit.start > 0 and segment[hit.start - 1].core.lower() in _PLACE_JOINERS:
        return False  # "head of service for Greater Manchester": a place, not a name
    if hit.end < len(segment) and segment[hit.end].core in _POST_NOMINALS:
        return True
    return hit.end >= len(segment) or not _is_capitalised(segment[hit.end].core)


def _unnamed(segment: Sequence[_Token]) -> _Who | None:
    """An unnamed voice as printed, without its article: "A police spokesperson" → "police
    spokesperson"."""
    tokens = list(segment)
    definite = False
    if tokens and tokens[0].core.lower() in _DETERMINERS:
        definite = tokens[0].core.lower() == "the"
        tokens = tokens[1:]
    if not tokens or len(tokens) > 8:
        return None
    if tokens[0].core.lower() in _SPEECH_VERBS or not tokens[0].core[:1].isalpha():
        return None
    if not _is_voice(tokens):
        return None
    name = _text(tokens)
    if tokens[0].core.lower() in _POSSESSIVE_DETERMINERS:
        name = name[0].lower() + name[1:]
    return _Who("unnamed", name, definite=definite) if name else None


def _is_voice(tokens: Sequence[_Token]) -> bool:
    """Can this phrase be someone speaking: a described person ("council boss"), a group
    ("residents") or an organisation ("Kent Police", "the RSPCA")? Never a clause ("with an
    unusually high number of calls") or a phrase with a verb in it."""
    lowers = [token.core.lower() for token in tokens]
    if lowers[0] in _LEAD_INS or lowers[0] in _NOT_SUBJECT_AFTER or lowers[0] in _ROLE_STOP:
        return lowers[0] in _POSSESSIVE_DETERMINERS or lowers[0] in ("his", "her", "their")
    if any(word in _CLAUSE_WORDS or word in _SPEECH_VERBS for word in lowers):
        return False
    for token, lower in zip(tokens, lowers, strict=True):
        if lower in _ROLE_NOUNS or lower in _VOICE_NOUNS or token.core in _NOT_NAME_ORGS:
            return True
        if len(token.core) >= 2 and token.core.isupper() and token.core.isalpha():
            return True  # an acronym: the RSPCA, HSE
    return False


# --------------------------------------------------------------------------------------------
# The extractor: pairs marks, reads attributions, and groups quotes by speaker.


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


class _Extractor:
    def __init__(self, body: str) -> None:
        self.body = body
        self.units = _units(body)
        self.people: list[_Person] = []
        # Names and surnames printed anywhere, so "Hedges added:" is known to be a person.
        self.known: set[str] = set()
        self.full_by_surname: dict[str, _Person] = {}
        self.role_by_key: dict[str, tuple[str, bool]] = {}
        self.speakers: list[_SpeakerEntry] = []
        self.by_key: dict[str, _SpeakerEntry] = {}
        self.unit_speaker: dict[int, _SpeakerEntry] = {}
        self.raw_spans: list[tuple[int, int]] = []
        self.raw_starts: list[int] = []
        # (position, speaker) each time someone is quoted, in body order: what "he", "she" and
        # "the spokesperson" look back through.
        self.namings: list[tuple[int, _SpeakerEntry]] = []
        self.by_surname: dict[str, _SpeakerEntry] = {}
        self.people_positions: list[int] = []
        self.names = _NameBook(body)
        self.unattributed: list[Quote] = []

    def run(self) -> ArticleQuotes:
        raws = _Pairer(self.body, self.units).run() if _MARK_RE.search(self.body) else []
        self._index_raws(raws)
        self._scan_people()
        self.people.sort(key=lambda person: person.position)
        self.people_positions = [person.position for person in self.people]
        reader = _PhraseReader(self.known, self.names)
        raws = self._with_unmarked_speech(reader, raws)
        candidates = [candidate for raw in raws if (candidate := self._candidate(raw))]
        self._contexts(candidates)
        for index, candidate in enumerate(candidates):
            if not candidate.merged:
                self._attribute(reader, candidates, index)
        return ArticleQuotes(
            speakers=tuple(
                Speaker(entry.name, entry.title, entry.role, tuple(entry.quotes), entry.named)
                for entry in self.speakers
                if entry.quotes
            ),
            mentioned=self._mentions(),
            unattributed=tuple(self.unattributed),
        )

    def _index_raws(self, raws: Sequence[_Raw]) -> None:
        self.raw_spans = [(raw.open_at, _raw_end(raw)) for raw in raws]
        self.raw_starts = [start for start, _end in self.raw_spans]

    # ---- speech printed without quote marks

    def _with_unmarked_speech(self, reader: _PhraseReader, raws: list[_Raw]) -> list[_Raw]:
        """GOV.UK style: `Home Secretary Jo Bloggs said:` and then the speech as a block quote,
        or as plain paragraphs, with no quote marks. Quote marks inside are nested quotes."""
        opened = {raw.open_at for raw in raws}
        found: list[_Raw] = []
        taken: set[int] = set()
        for index in range(len(self.units) - 1):
            following = self.units[index + 1]
            if index + 1 in taken or following.kind not in ("text", "quote"):
                continue
            if self.body[following.start] in _MARKS or following.start in opened:
                continue
            if _last_char(self.body, self.units[index]) not in ":;":
                continue
            if self._lead_in_who(reader, index) is None:
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

    def _speech_run(self, first: int, opened: set[int]) -> list[int]:
        """The units of one unmarked speech: the block quote's paragraphs, or the plain
        paragraph and those after it that read as more of the same speech."""
        kind = self.units[first].kind
        run = [first]
        for index in range(first + 1, min(len(self.units), first + _OPEN_RUN)):
            unit = self.units[index]
            if unit.kind != kind or self.body[unit.start] in _MARKS or unit.start in opened:
                break
            if kind == "text" and not self._more_plain_speech(unit):
                break
            run.append(index)
        return run

    def _more_plain_speech(self, unit: _Unit) -> bool:
        """A plain paragraph after unmarked speech goes on with it when it speaks in the first
        person, holds no quote of its own, and attributes nothing to anyone."""
        if _MARK_RE.search(self.body, unit.start, unit.end) and any(
            unit.start <= start < unit.end for start in self.raw_starts
        ):
            return False
        if _last_char(self.body, unit) in ":;":
            return False
        tokens = _tokens(_clean(self.body[unit.start : unit.end]))
        lowers = [token.core.lower() for token in tokens]
        if not set(lowers) & _FIRST_PERSON:
            return False
        for index, word in enumerate(lowers[1:], start=1):
            if word in _SPEECH_VERBS and (
                lowers[index - 1] in _PRONOUNS or _is_name_word(tokens[index - 1].core)
            ):
                return False  # "…, she said.": narrative again
        return True

    # ---- people named anywhere

    def _scan_people(self) -> None:
        body = self.body
        for unit in self.units:
            for start, end in unit.lines:
                for run in _CAP_RUN.finditer(body, start, end):
                    # Most runs ("Police in", "Kent Police") hold no title or given name: skip
                    # them before paying for tokens.
                    if not _PERSON_WORDS.isdisjoint(run.group().replace("'s", " ").split()):
                        self._people_in_run(run, start, end)
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
        lead = _clean(self.body[max(line_start, run.start() - 80) : run.start()]).split()
        for hit in hits:
            # A role walk takes at most _ROLE_WORDS words: tokenise no more of the lead-in.
            wanted = max(0, _ROLE_WORDS + 1 - hit.start)
            before = [_token(raw) for raw in lead[len(lead) - wanted :]] if wanted else []
            role, affiliation = _role_before([*before, *tokens[: hit.start]])
            if hit.end == len(tokens) and role is None:
                role = self._role_after(run.end(), line_end)
            position = run.start() + offsets[hit.start]
            self.people.append(_Person(hit.name, hit.title, role, position, affiliation))

    def _role_after(self, start: int, end: int) -> str | None:
        match = _ROLE_AFTER.match(self.body, start, end)
        if not match:
            return None
        text = _clean(match.group(1))
        if text.startswith(("who ", "whose ")):  # "Mrs Joan Ebdon, who has lived here 60 years"
            return text
        words = {word.strip("'’").lower() for word in text.split()}
        return text if words & _ROLE_NOUNS and not _is_lead_in(_tokens(text)) else None

    # ---- candidates and their context

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

    # ---- attribution

    def _attribute(self, reader: _PhraseReader, candidates: list[_Candidate], index: int) -> None:
        candidate = candidates[index]
        raw = candidate.raw
        who = self._printed_who(reader, candidates, index)
        cue = "paragraph-continuation"
        entry: _SpeakerEntry | None
        if who is None:
            entry, factor = self._continuing(candidate), 1.0
            if entry is None:
                if _reads_as_speech(candidate):
                    self._leave_unattributed(candidate, "no-attribution")
                return
        else:
            entry, factor, resolution = self._resolve(who, raw.open_at)
            cue = resolution or who.cue
            if entry is None:
                self._leave_unattributed(candidate, cue)
                return
        paragraph = self.units[raw.unit].paragraph
        spans = tuple(candidate.spans)
        confidence = round(_CUE_CONFIDENCE[who.cue if who else cue] * factor, 2)
        quote = Quote(candidate.text, paragraph, spans[0][0], spans[-1][1], spans, cue, confidence)
        entry.quotes.append(quote)
        entry.position = max(entry.position, raw.open_at)
        self.namings.append((raw.open_at, entry))
        self.unit_speaker[raw.last_unit] = entry

    def _printed_who(
        self, reader: _PhraseReader, candidates: list[_Candidate], index: int
    ) -> _Who | None:
        """Who the article says spoke, and by which cue, trying each convention in turn."""
        candidate = candidates[index]
        if candidate.raw.unmarked:
            return _with_cue(self._lead_in_above(reader, candidate), candidate.raw.unmarked)
        who = _with_cue(self._before_who(reader, candidate), "said-before")
        after_who = _with_cue(self._after_who(reader, candidate), "said-after")
        if after_who is not None and candidate.after_to_next and candidate.after.endswith(","):
            self._join_split(candidates, index)
        return (
            who
            or after_who
            or _with_cue(self._dash_below(reader, candidate), "sign-off")
            or _with_cue(self._words_of_below(reader, candidate), "words-of")
            or _with_cue(self._lead_in_above(reader, candidate), "said-colon-lead-in")
            or _with_cue(self._partial_quote(reader, candidate), "partial-quote-verb")
        )

    def _leave_unattributed(self, candidate: _Candidate, cue: str) -> None:
        raw = candidate.raw
        spans = tuple(candidate.spans)
        paragraph = self.units[raw.unit].paragraph
        quote = Quote(candidate.text, paragraph, spans[0][0], spans[-1][1], spans, cue, 0.0)
        self.unattributed.append(quote)

    def _before_who(self, reader: _PhraseReader, candidate: _Candidate) -> _Who | None:
        before = candidate.before
        if not before:
            return None
        separator = before[-1] if before[-1] in ":,;" else ""
        head = before[:-1].rstrip() if separator else before
        tokens = _tokens(head)
        verb = _last_verb(tokens)
        if verb is None:
            if separator == ":":  # "Cllr Ashley Clark: '…'" in a list or an interview
                who = reader.read(head)
                return who if who is not None and who.kind == "person" else None
            return None
        if not separator and (verb != len(tokens) - 1 or not candidate.text[:1].isupper()):
            return None
        word = tokens[verb].core.lower()
        subject = " ".join(token.raw for token in tokens[:verb])
        if word in _PARTICIPLES:  # "…, adding: '…'": the sentence's subject said it
            return reader.read(subject, subject_only=True) if subject else None
        if subject.strip(" ,"):
            return reader.read(subject)
        complement = " ".join(token.raw for token in tokens[verb + 1 :])
        return reader.read(complement) if complement else None  # "…,' said Tom Baker, '…"

    def _after_who(self, reader: _PhraseReader, candidate: _Candidate) -> _Who | None:
        after = candidate.after
        if not after:
            return None
        dash = _DASH_LEAD.match(after)
        if dash and dash.end() > 0 and after.lstrip()[:1] in "—–-":
            return reader.read(after[dash.end() :])
        comma = after.startswith(",")
        rest = after.lstrip(", ")
        if not rest or rest[0] in ".!?;:":
            return None
        tokens = _tokens(rest)
        last = candidate.texts[-1].rstrip("*_ ")[-1:]
        punctuated = last in ",!?—–-…:"
        if not (punctuated or comma or tokens[0].core[:1].islower()):
            return None
        if not (candidate.raw.speech_like or punctuated):
            return None
        words = [token.core.lower() for token in tokens]
        if words[:2] == ["according", "to"]:
            return reader.read(" ".join(token.raw for token in tokens[2:]))
        verb = next((i for i, word in enumerate(words[:14]) if word in _SPEECH_VERBS), None)
        if verb is None:
            return None
        if verb == 0:
            return reader.read(" ".join(token.raw for token in tokens[1:]))
        who = reader.read(" ".join(token.raw for token in tokens[:verb]))
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
        """A block quote signed on its own line: `> — Chief Inspector Mark Hedges`."""
        raw = candidate.raw
        if raw.close_at is None or candidate.after or raw.last_unit + 1 >= len(self.units):
            return None
        unit = self.units[raw.last_unit + 1]
        text = _clean(self.body[unit.start : unit.end])
        if len(text) > 150 or text[:1] not in "—–-":
            return None
        who = reader.read(text.lstrip("—–- "))
        return who if who is not None and who.kind == "person" else None

    def _words_of_below(self, reader: _PhraseReader, candidate: _Candidate) -> _Who | None:
        """A quote standing alone, then `Those were the words of Mrs Karen Walsh, …`."""
        raw = candidate.raw
        if candidate.before or candidate.after or raw.last_unit + 1 >= len(self.units):
            return None
        unit = self.units[raw.last_unit + 1]
        match = _WORDS_OF.match(_clean(self.body[unit.start : min(unit.end, unit.start + 300)]))
        if match is None:
            return None
        who = reader.read(match.group(1))
        return who if who is not None and who.kind == "person" else None

    def _lead_in_above(self, reader: _PhraseReader, candidate: _Candidate) -> _Who | None:
        """`Chief Inspector Mark Hedges said:` ending the paragraph before a quote."""
        raw = candidate.raw
        if candidate.before or raw.unit == 0:
            return None
        return self._lead_in_who(reader, raw.unit - 1)

    def _lead_in_who(self, reader: _PhraseReader, unit_index: int) -> _Who | None:
        """Who a paragraph ending in a lead-in introduces: `… said:`, `… explained;`, `The
        council has issued this update:`, `And from Chairwoman Jo Bloggs:`."""
        unit = self.units[unit_index]
        if _last_char(self.body, unit) not in ":;":
            return None
        floor = unit.start
        last = bisect_left(self.raw_starts, unit.end) - 1  # the last quote opened in that unit
        if last >= 0 and unit.start <= self.raw_spans[last][1] <= unit.end:
            floor = self.raw_spans[last][1] + 1
        tail = _clean(_after_last_sentence(self.body[floor : unit.end]))
        if not tail.endswith((":", ";")):
            return None
        tokens = _tokens(tail[:-1])
        verb = _last_verb(tokens)
        if verb is None:
            return _statement_by(reader, tokens) or _from_whom(reader, tokens)
        subject = " ".join(token.raw for token in tokens[:verb])
        if tokens[verb].core.lower() in _PARTICIPLES or verb < len(tokens) - 6:
            return reader.read(subject, subject_only=True) if subject else None
        return reader.read(subject) if subject else None

    def _partial_quote(self, reader: _PhraseReader, candidate: _Candidate) -> _Who | None:
        """A short phrase quoted inside a sentence whose subject is a named person and whose
        verb is one of speech or attitude: `condemned the attack as "cowardly"`, `said
        volunteers were "truly inspiring"`. Scare quotes have no such verb; names of schemes,
        operations and titles are in title case or stand beside a word that names them."""
        raw = candidate.raw
        if raw.speech_like or raw.close_at is None or len(candidate.texts) != 1:
            return None
        words = candidate.texts[0].split()
        if not 0 < len(words) <= _PARTIAL_WORDS or _title_case(words):
            return None
        tokens = _tokens(candidate.before)
        following = _tokens(candidate.after[:40])
        if not tokens or _names_a_thing(tokens[-1], following[0] if following else None):
            return None
        verb = _governing_verb(tokens)
        if verb is None:
            return None
        subject = tokens[:verb]
        while subject and subject[-1].core.lower() in _AUXILIARIES:
            subject.pop()
        if not subject or not _plain_subject(subject):
            return None
        who = reader.read(" ".join(token.raw for token in subject), subject_only=True)
        return who if who is not None and who.kind in ("person", "pronoun") else None

    def _continuing(self, candidate: _Candidate) -> _SpeakerEntry | None:
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
        if raw.open_at > self.units[raw.unit].start + 3 or raw.unit == 0:
            return None
        previous = self.units[raw.unit - 1]
        if previous.kind == "heading":
            return None
        return self.unit_speaker.get(raw.unit - 1)

    # ---- matching a printed speaker to someone

    def _resolve(self, who: _Who, position: int) -> tuple[_SpeakerEntry | None, float, str]:
        """The speaker entry a printed attribution means, how sure that is (a factor on the
        cue's confidence), and the back-reference used to get there, if any."""
        if who.kind == "pronoun":
            entry = self._antecedent(who.gender, position)
            cue = "pronoun-back-reference" if entry else "pronoun-without-antecedent"
            return entry, 0.9, cue
        if who.kind == "unnamed":
            if who.definite:
                earlier = (
                    self._described(who.name)
                    or self._titled(who.name, position)
                    or self._role_holder(who.name, position)
                )
                if earlier is not None:
                    return earlier, 0.85, "description-back-reference"
            entry = self._entry(who.name, None, None, False, None, position, False)
            return entry, 0.8 if who.definite else 1.0, ""
        person = self._full_person(who)
        if person is None:
            return None, 0.0, "ambiguous-name"
        entry = self._entry(
            person.name,
            person.title,
            person.role,
            True,
            who.gender or _gender(person.title),
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
            entry = self.by_surname.get(key)
            if entry is not None:
                return _Person(entry.name, who.title or entry.title, who.role or entry.role)
            full = self.names.fullest(words[0], who.title)
            if full is None:
                return None
            person = self.full_by_surname.get(key)
            if person is not None and (not full or person.key == normalise_name(full)):
                title = person.title or who.title
                role = who.role or person.role
                affiliation = who.affiliation if who.role else person.affiliation
                return _Person(person.name, title, role, affiliation=affiliation)
            if full:
                return _Person(full, who.title, who.role, affiliation=who.affiliation)
            if who.title in _NAME_TITLES:  # "Lord Hendy", "Sir Graham": the title is the name
                return _Person(
                    f"{who.title} {who.name}", None, who.role, affiliation=who.affiliation
                )
        person = _Person(who.name, who.title, who.role, affiliation=who.affiliation)
        held = self.role_by_key.get(person.key)
        if held is not None and (person.role is None or (person.affiliation and not held[1])):
            person.role, person.affiliation = held  # the caption may say more about them
        return person

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
                self.known.update((surname, key))
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
        their name, role or title (an officer is anyone with a police rank)."""
        word = description.split()[-1].lower() if description.split() else ""
        for _position, entry in reversed(self.namings[-_LOOK_BACK:]):
            text = " ".join(filter(None, (entry.name, entry.title, entry.role))).lower()
            if word and (word in text.split() or entry.title in _DESCRIBED_BY.get(word, ())):
                return entry
        return None

    def _role_holder(self, description: str, position: int) -> _SpeakerEntry | None:
        """ "The Minister said": the one person named in full before, with that role printed
        with their name ("Minister for Housing, Jo Bloggs"). Two such people: nobody."""
        wanted = [word for word in normalise_name(description).split() if word not in ("the",)]
        if not wanted or not set(wanted) & _ROLE_NOUNS:
            return None
        found: dict[str, _Person] = {}
        index = bisect_left(self.people_positions, position)
        for person in self.people[max(0, index - _LOOK_BACK) : index]:
            if len(person.name.split()) < 2:
                continue
            lead = _after_last_sentence(self.body[max(0, person.position - 80) : person.position])
            printed = normalise_name(f"{person.role or ''} {lead}").split()
            if all(word in printed for word in wanted):
                found.setdefault(person.key, person)
        if len(found) != 1:
            return None
        (person,) = found.values()
        return self._entry(
            person.name,
            person.title,
            person.role,
            True,
            _gender(person.title),
            position,
            person.affiliation,
        )

    def _titled(self, description: str, position: int) -> _SpeakerEntry | None:
        """ "The Chief Constable said": the person named earlier with that title."""
        index = bisect_left(self.people_positions, position) - 1
        for person in reversed(self.people[max(0, index - _LOOK_BACK) : index + 1]):
            if person.title and normalise_name(person.title) == normalise_name(description):
                return self._entry(
                    person.name,
                    person.title,
                    person.role,
                    True,
                    _gender(person.title),
                    position,
                    person.affiliation,
                )
        return None

    def _antecedent(self, gender: str | None, position: int) -> _SpeakerEntry | None:
        """He/she/they: the person named most recently before `position` (outside any quote)
        whose title does not say otherwise. Looks back a bounded way, to stay linear."""
        spoken = next(
            (
                (at, entry)
                for at, entry in reversed(self.namings[-_LOOK_BACK:])
                if at < position and _fits(gender, entry.gender)
            ),
            None,
        )
        named: _Person | None = None
        index = bisect_left(self.people_positions, position) - 1
        floor = max(-1, index - _LOOK_BACK)
        while index > floor:
            person = self.people[index]
            if not self._inside_quote(person.position) and _fits(gender, _gender(person.title)):
                named = person
                break
            index -= 1
        if named is None or (spoken is not None and spoken[0] > named.position):
            return spoken[1] if spoken is not None else None
        full = self._full_person(_Who("person", named.name, named.title, named.role))
        if full is None:
            return None
        return self._entry(
            full.name,
            full.title,
            full.role,
            True,
            _gender(full.title),
            position,
            named.affiliation,
        )

    def _inside_quote(self, position: int) -> bool:
        index = bisect_right(self.raw_starts, position) - 1
        return index >= 0 and self.raw_spans[index][0] < position < self.raw_spans[index][1]

    # ---- the people named but not quoted

    def _mentions(self) -> tuple[Mention, ...]:
        speaker_keys = {entry.key for entry in self.speakers if entry.quotes and entry.named}
        speaker_surnames = {key.split()[-1] for key in speaker_keys if key}
        quoted = sorted(span for entry in self.speakers for q in entry.quotes for span in q.spans)
        quoted_starts = [start for start, _end in quoted]
        found: dict[str, _Person] = {}
        by_surname: dict[str, str] = {}
        for person in self.people:
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


# How far each cue is trusted, before what the resolution of the name takes off. An
# attribution below DOUBTFUL_BELOW is shown as one to check.
_CUE_CONFIDENCE = {
    "said-before": 0.95,
    "said-after": 0.95,
    "said-colon-lead-in": 0.95,
    "block-quote-after-lead-in": 0.9,
    "plain-paragraph-after-lead-in": 0.8,
    "sign-off": 0.9,
    "words-of": 0.9,
    "paragraph-continuation": 0.85,
    "partial-quote-verb": 0.75,
}


_PARTIAL_WORDS = 25  # the longest phrase woven into a sentence that is read as a partial quote
# Verbs that govern a partial quote as speech or as a stance taken in words.
_ATTITUDE_VERBS = _word_set(
    """
    condemned condemns described describes called calls branded brands labelled labels
    hailed hails praised praises welcomed welcomes vowed vows pledged pledges promised
    promises urged urges warned warns insisted insists criticised criticises slammed slams
    blasted dismissed dismisses accused accuses thanked thanks admitted admits made makes
    paid pays expressed expresses
    """
)
# Verbs after which a whole reported clause may stand before the quoted words ("said
# volunteers were 'truly inspiring'"); after the others a new verb means a new clause.
_REPORTING_VERBS = _word_set(
    """
    said says told tells added adds claimed claims insisted insists warned warns stated states
    explained explains believes believed felt feels thinks thought argued argues suggested
    suggests confirmed confirms revealed reveals wrote writes
    """
)
# Beside a quoted phrase, these make it the name of something, not words someone said.
_NAMING_BEFORE = _word_set(
    """
    so-called dubbed named entitled titled nicknamed termed codenamed word words phrase term
    slogan motto sign banner hashtag operation op project campaign scheme initiative
    programme fund award awards
    """
)
_NAMING_AFTER = _word_set(
    """
    campaign scheme initiative project fund operation programme award awards app strategy
    report event festival appeal plan week day month service network partnership team unit
    project policy initiative badge pledge charter
    """
)
# Words that make a phrase before a verb more than its subject: "The court heard Prince".
_SUBJECT_WORDS = frozenset({"and", "&", "of", "for", "the", "a", "an", "at", "in"})


def _title_case(words: Sequence[str]) -> bool:
    """'Safer Streets', 'No Tipping', 'Species on the Edge': the name of something."""
    significant = [word.strip("*_.,!?;:'’") for word in words if len(word.strip("*_.,")) > 3]
    return bool(significant) and all(word[:1].isupper() for word in significant if word)


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
        if word in _SPEECH_VERBS or word in _ATTITUDE_VERBS:
            if word in _REPORTING_VERBS:
                return index
            between = {token.core.lower() for token in tokens[index + 1 :]}
            return None if between & _CLAUSE_WORDS else index
    return None


def _plain_subject(tokens: Sequence[_Token]) -> bool:
    """The words before the verb are one noun phrase naming the speaker ("Exports Minister
    Jo Bloggs", "Federation chair Dana Whitlock", "She"), maybe after a lead-in clause and
    with appositives between commas — not a clause of its own ("The court heard Prince")."""
    segments = _segments(tokens)
    while len(segments) > 1 and _is_lead_in(segments[0]):
        segments.pop(0)
    for token in segments[0]:
        lower = token.core.lower()
        if _is_capitalised(token.core) or token.possessive:
            continue
        if lower in _SUBJECT_WORDS or lower in _ROLE_NOUNS or lower in _PRONOUNS:
            continue
        return False
    return True


def _statement_by(reader: _PhraseReader, tokens: Sequence[_Token]) -> _Who | None:
    """`The Borough Council have issued this update:` — the subject of the statement."""
    for index in range(len(tokens) - 1, max(-1, len(tokens) - 7), -1):
        if tokens[index].core.lower() in _STATEMENT_VERBS:
            nouns = {token.core.lower() for token in tokens[index + 1 :]}
            if not nouns & _STATEMENT_NOUNS or index == 0:
                return None
            return reader.read(" ".join(token.raw for token in tokens[:index]))
    return None


def _from_whom(reader: _PhraseReader, tokens: Sequence[_Token]) -> _Who | None:
    """`And from Chairwoman Jo Bloggs:`, `A statement from the RSPCA:`."""
    words = [token.core.lower() for token in tokens]
    if "from" not in words[:4]:
        return None
    at = words.index("from")
    if any(word not in _FROM_LEAD for word in words[:at]):
        return None
    who = reader.read(" ".join(token.raw for token in tokens[at + 1 :]))
    return who if who is not None and who.kind != "pronoun" else None


_STATEMENT_VERBS = _word_set("issued issues released releases published shared gave put sent")
_STATEMENT_NOUNS = _word_set(
    "statement statements update updates message response comment comments tribute appeal"
)
_FROM_LEAD = _word_set("and also a an the statement comment comments words message quote more")


def _with_cue(who: _Who | None, cue: str) -> _Who | None:
    if who is not None and not who.cue:
        who.cue = cue
    return who


def _reads_as_speech(candidate: _Candidate) -> bool:
    """Unattributed, but speech by its look: it opens a sentence and is one, of some length."""
    text = candidate.text
    last = text.rstrip("*_ )")[-1:]
    return candidate.raw.speech_like and last in _SENTENCE_END and len(text.split()) >= 5


def _fill_person(person: _Person, other: _Person) -> None:
    person.title = person.title or other.title
    person.role = person.role or other.role


def _fits(pronoun: str | None, gender: str | None) -> bool:
    return pronoun is None or gender is None or pronoun == gender


def _raw_end(raw: _Raw) -> int:
    if raw.close_at is not None:
        return raw.close_at
    return raw.parts[-1][2] if raw.parts else raw.open_at


def _last_verb(tokens: Sequence[_Token]) -> int | None:
    """The last speech verb among the final words before a colon ("told the court:")."""
    for index in range(len(tokens) - 1, max(-1, len(tokens) - 9), -1):
        word = tokens[index].core.lower()
        if word in _SPEECH_VERBS or word in _PARTICIPLES:
            return index
    return None


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    start = dot
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    word = text[start:dot]
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


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
