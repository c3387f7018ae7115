"""Direct quotes in an article body, and who said them. No Textual imports.

`extract_quotes(body)` finds every direct quote, works out who said it (name, rank or title, and
role as printed), groups quotes by speaker, and lists the people who are named but not quoted.
It is pure Python and rule-based, runs in linear time in the size of the body, and never raises.

How it reads an article, and the choices it makes:

* Paragraphs are blocks separated by blank lines (`Quote.paragraph` is their 0-based index).
  A line break inside a paragraph of plain text (text wrapped at a fixed width) reads as a
  space; one that begins or ends a heading, list item, block quote, fence or rule is kept.
  Inside a paragraph, each list item, heading and block-quote part is read on its own; markdown
  markers (`- `, `* `, `+ `, `1. `, `> `, `## `) are never part of a quote, but offsets always
  index the original body. Fenced code is skipped.
* Quote marks: ' " and the curly ‘ ’ “ ”, and « ». A ” after a colon or opening a paragraph
  opens (British typesetting reopens with it); the ” of a height (5’9”) is no mark. A mark
  between two letters (it's, O'Neill) is an apostrophe. Inside speech, a mark after a letter
  and before a space (the dogs' owners, rockin' all night) is read as an apostrophe when the
  quote still has a proper ending later in its paragraph with no new quote opening first, or
  runs on into the next paragraph.
* British multi-paragraph quotes (no closing mark at the end of a paragraph, the next paragraph
  opens with a new mark) are one quote; its paragraphs are kept, joined by a blank line.
* Attribution is looked for before the quote (`Rank Name, role, said: '…'`), after it
  (`'…,' said Rank Name.`, `'…,' Name said.`, `'…' — Name`), in a lead-in paragraph ending
  `… said:` just before it (or a paragraph that is only a titled or known person and their
  role, `Tim Davies, Director of Operations:`, over a block quote or a quoted paragraph), in a
  heading right above it (`## Statement from Name`, `## Cllr Name, role`; never a name alone),
  in `Those were the words of Name` (`That was the message from …`) as the next paragraph or,
  after a quote that is a sentence of its own, the next sentence (or the same one: `'…' was the
  message from protesters on Saturday`, when being no part of who; `'…' was Name's message`),
  in `according to Name` (or `in the words of Name`) before, within or after the sentence,
  after `The message from Name is clear:` or `Name's advice to parents was simple:` (or
  `Name's message to drivers was:`), and from the sentence subject for `…, adding: '…'`. What
  opens a sentence before its subject is not part of it: `Today the Home Secretary said`,
  `Meanwhile, the council said`, `At
  the meeting Mr Dar said`, `Writing in The Times, the minister said` (but an office in -ing
  is no lead-in: `Policing Minister X, 52, said`, `Acting Inspector X`), `But councillor X,
  who…, said`, `'…,' she said, before Paul Smith added:` (a later clause whose subject is
  only a name speaks for itself; a phrase quoted in a who-clause hides no one: `X, who called
  it "madness", said: '…'`); with no comma, an unnamed subject opens at its article or possessive
  (`Outside court the family said`, `At the meeting the chair said`), and a participle phrase
  after it hides no one (`…the chair, speaking at the launch, said`). Words reported inside
  another's sentence are the reported clause's subject's: `DS Cole said the suspect told
  officers: '…'` is the suspect's, `told the court the defendant had shouted '…'` the
  defendant's; a reported pronoun (`Jo Fox said she told him`) or a comma before the verb
  (`Mr Lee, who said…, told reporters`) leaves the sentence's subject, and a reported subject
  no one can name gives no speaker, never the one reporting.
* A quote split by its attribution (`'We are determined,' said Inspector Tom Baker, 'to catch
  those responsible.'`) is one quote when its second half starts in lower case. The halves are
  joined with one space, and a comma ending the first half is dropped because it belongs to the
  attribution, not to what was said: "We are determined to catch those responsible."
* He/she go to the most recently named person whose title does not contradict the pronoun
  (Mr is male, Mrs/Ms/Miss female; failing a title, a given name that is nearly always a man's
  or a woman's, "Tom" or "Rebecca", says so; others fit either; a surname printed alone has
  the sex of the fullest form it names, so "Cllr Shah" after "Cllr Ravi Shah" is no
  "she"; a person printed by one name is known by the age beside it, "Amira, 34, from
  Hull"), preferring people outside quotes and page furniture (captions, "*Pictured: …*";
  bylines, "By Jo Bloggs"; contacts, "Media enquiries: …"); never a
  body or a group ("Police said… She added" gives her words to no one). "He added" goes on
  from the one quoted last, past someone only named since who says nothing in their own
  sentence ("DC Grey said… Tom Stone was jailed. He added" is DC Grey's), and past someone
  named only as an object ("Officers spoke to Ann Bell. She added"); so does "he said" past
  someone the law dealt with (charged, jailed, remanded…), but not past a victim or a witness
  named since.
  "They" is never one named person: it is a group the sentence before opens with ("His family
  released a statement. They said" → "his family"), or the unnamed voice quoted last, or no one.
  A surname alone (`Mr Hedges`, `Hedges added:`) is the person already named with that surname,
  whose sex the title does not contradict: "Mrs Hill" beside Jane and Mark Hill is Jane Hill,
  and never a Mark Hill who spoke.
  `the spokesperson`/`the officer` is the earlier speaker whose name, title or role has that word;
  a body or group ("the RSPCA", "the family") is only a voice quoted before, never a person
  whose role names it ("Jo Carr, from the RSPCA"). Failing that, it is the one person named
  since the last quote whom it fits by the age printed beside them ("Ana Kell, 34, … the
  34-year-old said", a teenager at 13 to 19) or by rank or role ("PC Jo Dunn … the officer
  said"); two who fit, an age no one has, or sex alone ("the woman said") keep it as printed.
* An unattributed quote is still speech when it opens a sentence, reads as a sentence, and
  follows a quote by someone in the same paragraph, or the previous paragraph quoted someone
  (the next-paragraph convention). Anything else unattributed — scare quotes, names in quotes
  (Operation 'Sceptre', the 'Safer Streets' fund), headline quotes — is not speech.
* Speech printed without marks (GOV.UK: `Home Secretary Jo Bloggs said:`, then the speech as a
  block quote or as plain paragraphs) is speech of the lead-in's speaker: a block quote up to its
  end (a list inside it, `> - item`, included), plain paragraphs while they go on in the first
  person. A quote opened once and closed
  paragraphs later keeps the paragraphs between. A short phrase quoted inside a sentence
  (`condemned the attack as "cowardly"`) is speech when the speech or attitude verb of a named
  person, or of a body or described voice as the clause's whole subject ("The council said the
  closure was 'a last resort'"), governs it; scare quotes, title-case names, `Operation '…'`,
  a phrase inside a noun phrase ('a "county lines" gang', 'the "garden tax" would go') and
  what a report, a survey or a hearing says are not. Verbs that take a clause ("said",
  "admitted", "conceded", "stressed") govern a phrase at its end, past a named scheme quoted
  earlier in the sentence ('said the "Homes for All" plan would "change lives"'). Phrases of
  one list ("'reckless', 'unfair' and 'doomed'") or run on by "and" or ", adding" share their
  speaker; a verb of naming with no object ('a man described as "aggressive"', 'a plan
  branded "reckless"') is a passive, said by no one printed.
* A one-word name ("Dana said", "Mrs Penrose", "Sir Graham") is the fullest form printed in the
  article ("Dana Whitlock"); when two people printed in full could be meant, the quote is left
  unattributed (`ArticleQuotes.unattributed`) rather than guessed. A peer or knight known only
  by title keeps it ("Lord Ashworth"), with the place printed with it ("Baroness Penrose of
  Tregaron", never "Lord Smith of Kent Police"), and so does a senior judge known by style
  and surname ("Mr Justice Saini"). Particles join a name ("van der", "ap", "al"). "The
  Minister said" is the one person printed with that role. After an office's "for" or "of", a
  run of capitalised words ending the subject is the portfolio and then the name, its last two
  words ("Minister for Roads Tobiah Kell"), unless it ends like a place ("South East England");
  a name found without a title or known given name never holds a role noun.
  Words for places and dates that are surnames too (Lane, Street, Park, May, Day) end a name
  after a given name, an initial or a personal title ("Theresa May", "Mrs Lane"), never after
  "to", "on" or "in" ("called to Albert Street"). "The mother of victim Ana Kell" is a described
  voice, not Ana Kell; "mother of two Ana Kell" is Ana Kell. "Tom Barr and Ana Kell said" is
  one voice, as printed; "Tom Barr was told by Ana Kell" is Ana Kell's speech, never Tom Barr's.
* Every quote carries the `cue` it was attributed by (said-before, said-after,
  said-colon-lead-in, block-quote-after-lead-in, plain-paragraph-after-lead-in, sign-off,
  words-of, paragraph-continuation, partial-quote-verb, heading-lead-in, pronoun-back-reference,
  description-back-reference) and a `confidence` in 0..1: the cue's trust times how surely the
  printed name was matched. Below `DOUBTFUL_BELOW` it is shown as one to check.
* Unnamed voices are kept as printed without the article: "A police spokesperson said" gives the
  speaker "police spokesperson", with no title or role and `named=False`. An organisation ("Kent
  Police said", "Southern Water said") is kept as printed too, and so is an office ("the King", "the
  Bishop of Rochester"). A name before a voice noun says whose voice it is ("a National Highways
  spokesman" is no person), and only a phrase's head speaks: "members of the public" may, "a report
  by the council" and "figures from the police" may not; "a statement from his family" or "a message
  from Chief Constable X" is theirs, and so is "the family's statement"; a possessive says whose,
  not who ("the coroner's report said" is a document's text), and bodies may be plural ("the
  two unions"). A pronoun with no one to refer to gives no speaker: its quote
  is unattributed. A speaker is a person, a described person or a body, never a clause: "a council
  boss has said" gives "council boss"; a pronoun just before the verb is its subject
  ("criticised what she called a 'botched' consultation"), and a participle after a comma
  gives a phrase to a named subject ("X hit out at it, calling it 'a disgrace'"). A person may
  be described by age, kin or standing ("the 34-year-old", "a mother-of-two", "the
  defendant", "the goalkeeper"), with a relative clause ("a woman who asked not to be
  named"); a thing so described ("the 10-year-old scheme") is not. How many is no part of a
  voice ("About 200 people said" gives "people"), and a shout is speech of whoever was heard
  ("witnesses said the man was heard shouting 'get back'" is the man's).
* What brackets hold after a name ("(pictured)", "(left)") is no part of any phrase read for
  a speaker, and an age may follow it ("Jack Hall (pictured), 17,"). A middle initial, with or
  without its stop, is part of the name and ends no sentence ("Mrs Karen R. Walsh").
* `title` is the rank or honorific as printed ("Chief Inspector", "Cllr", "Mr"); `name` has no
  rank; `role` is printed text: an appositive before or after the name ("District Commander for
  Canterbury", "who leads policing in Leeds"), or a role before the name ("Oxfordshire farmer",
  "Crime and Policing Minister", "Chancellor of the Exchequer"; never a person named before its
  "and"; ", who said" is no role),
  or, failing those, the organisation in a possessive ("Kent Police's PC Chris Green" → "Kent
  Police"), or letters after the name ("Damian Green MP" → "MP"). An age is never a role.
* Mentions are people named outside quotes with a title, a common given name and a surname, or
  a role just before the name; speakers are not also mentioned.
* `Quote.text` has markdown emphasis and link syntax removed, runs of whitespace collapsed, and
  a comma that closes the quote ('…,' she said) dropped: it belongs to the attribution.
  `start`/`end` still cover everything between the marks.

The stages, one module each: `marks` (paragraph units, quote marks and their pairing),
`document` (the body read once: candidates, unmarked speech, people named), `cues` (who the
text around a quote names), `resolution` (who that is), with `vocabulary`, `text`, `names` and
`phrases` beneath them and `model` holding the frozen results.
"""

from __future__ import annotations

from reader.quotes.cues import _CUE_CONFIDENCE, _Cues, _reads_as_speech
from reader.quotes.document import _Candidate, _Document
from reader.quotes.model import EMPTY, ArticleQuotes, Quote, Speaker
from reader.quotes.resolution import _Registry, _SpeakerEntry
from reader.quotes.text import _soft_wraps_joined


def extract_quotes(body: str, title: str = "") -> ArticleQuotes:
    """Find every direct quote in `body` and group it by speaker. Never raises.

    `title` is the article's headline: a statement that opens the body with no attribution
    at all is given to the one person the headline names as its speaker ("Statement by Chief
    Constable Jo Bloggs", "A message from X", "X: …", "X says …", "X's statement"), as a
    doubtful attribution; never to one it is about ("Statement on the death of X")."""
    if not isinstance(body, str) or not body:
        return EMPTY
    try:
        return _Extractor(body, title if isinstance(title, str) else "").run()
    except Exception:  # pragma: no cover - a safety net: one odd article must not stop a feed load
        return EMPTY


class _Extractor:
    """Reads the body, then attributes each candidate quote in body order: the cues say who
    the text names, the registry says who that is."""

    def __init__(self, body: str, title: str = "") -> None:
        self.title = title
        self.doc = _Document(_soft_wraps_joined(body))
        self.cues = _Cues(self.doc)
        self.registry = _Registry(self.doc)
        self.unattributed: list[Quote] = []

    def run(self) -> ArticleQuotes:
        candidates = self.doc.read().candidates
        for index, candidate in enumerate(candidates):
            if not candidate.merged:
                self._attribute(candidates, index)
        return ArticleQuotes(
            speakers=tuple(
                Speaker(entry.name, entry.title, entry.role, tuple(entry.quotes), entry.named)
                for entry in self.registry.speakers
                if entry.quotes
            ),
            mentioned=self.registry.mentions(),
            unattributed=tuple(self.unattributed),
        )

    def _attribute(self, candidates: list[_Candidate], index: int) -> None:
        candidate = candidates[index]
        raw = candidate.raw
        who = self.cues.printed_who(self.doc.reader, candidates, index)
        cue = "paragraph-continuation"
        entry: _SpeakerEntry | None
        if who is None and index == 0 and self.title:
            who = self.cues.headline_who(self.doc.reader, candidate, self.title)
        if who is None:
            entry, factor = self.registry.continuing(candidate), 1.0
            if entry is None:
                if _reads_as_speech(candidate):
                    self._leave_unattributed(candidate, "no-attribution")
                return
        else:
            entry, factor, resolution = self.registry.resolve(who, raw.open_at)
            cue = resolution or who.cue
            if entry is None:
                self._leave_unattributed(candidate, cue)
                return
        paragraph = self.doc.units[raw.unit].paragraph
        spans = tuple(candidate.spans)
        confidence = round(_CUE_CONFIDENCE[who.cue if who else cue] * factor, 2)
        quote = Quote(candidate.text, paragraph, spans[0][0], spans[-1][1], spans, cue, confidence)
        self.registry.add(entry, quote, raw)

    def _leave_unattributed(self, candidate: _Candidate, cue: str) -> None:
        raw = candidate.raw
        spans = tuple(candidate.spans)
        paragraph = self.doc.units[raw.unit].paragraph
        quote = Quote(candidate.text, paragraph, spans[0][0], spans[-1][1], spans, cue, 0.0)
        self.unattributed.append(quote)
