"""The speakers of an article and their quotes; choosing a quote reports it upward.

An article can hold tens of thousands of quotes (one of 4 MB had 80,000 `X said: '…'` lines),
and an `OptionList` lays out every option it holds, on the event loop: one option a quote made
leaving that article take 54 s. So the list holds a page of each: at most `SPEAKERS_SHOWN`
speakers, and at most `QUOTES_SHOWN` quotes of each, then a "… N more" row that lists the next
`MORE_QUOTES` (or `MORE_SPEAKERS`) when chosen. What is laid out stays under a hundred rows
whatever the article holds (each is measured on every layout of the panel: 241 rows took 0.5 s
of the event loop's time on a busy machine); the totals are always the article's own.

Letting go of such an article's quotes costs too: freed at once, 80,000 quotes held the event
loop for 150 ms on a busy machine. A long article's are freed in a worker, a few at a time.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.padding import Padding
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.quotes import ArticleQuotes, Quote, Speaker
from reader.ui.widgets.labels import counted, line

# A quote in the list is cut after this many characters; the body shows it whole.
QUOTE_PREVIEW_CHARS = 160
# Listed before a "… N more" row; choosing that row lists this many more.
SPEAKERS_SHOWN = 10
QUOTES_SHOWN = 5
MORE_SPEAKERS = 10
MORE_QUOTES = 25
UNATTRIBUTED = "?"  # the group key of the quotes with no speaker
# An article of more quotes than this is let go of in a worker, this many quotes at a time.
FREE_LATER_QUOTES = 2_000
FREE_AT_ONCE = 500
FREE_AFTER_SECONDS = 1.0
# Given, since by default Textual repr()s a worker's arguments, on the event loop: 80,000 quotes.
FREEING = "free a long article's quotes"
MORE_SPEAKERS_ID = "more-speakers"


@dataclass(frozen=True, slots=True)
class _Group:
    """One heading's quotes: a speaker's (`speaker` set), or those nobody is named for."""

    key: str
    speaker: Speaker | None
    quotes: Sequence[Quote]


class QuoteList(OptionList, inherit_bindings=False):
    """Speaker headings (not selectable), each followed by that speaker's quotes, a page of each
    (see the module's docstring)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next quote", show=False),
        Binding("up,k", "cursor_up", "Previous quote", show=False),
        Binding("home", "first", "First quote", show=False),
        Binding("end", "last", "Last quote", show=False),
        Binding("enter", "select", "Show the quote in the article (or list more)", show=False),
    ]

    class QuoteChosen(Message):
        """The user chose a quote (enter or click)."""

        def __init__(self, speaker: Speaker, quote: Quote) -> None:
            super().__init__()
            self.speaker = speaker
            self.quote = quote

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False, compact=True)
        self._quotes = ArticleQuotes((), ())
        self._groups: list[_Group] = []
        self._shown: dict[str, int] = {}  # group key -> how many of its quotes are listed
        self._speakers_shown = SPEAKERS_SHOWN
        self._choices: dict[str, tuple[Speaker, Quote]] = {}

    # --- what is shown --------------------------------------------------------------------------

    @property
    def speaker_count(self) -> int:
        """The article's speakers, listed or not."""
        return len(self._quotes.speakers)

    @property
    def quote_count(self) -> int:
        """The article's quotes (with those nobody is named for), listed or not."""
        quotes = self._quotes
        return sum(len(speaker.quotes) for speaker in quotes.speakers) + len(quotes.unattributed)

    @property
    def listed_quotes(self) -> int:
        """How many quotes the list holds now."""
        speakers, unattributed = self._listed()
        return sum(self._shown[group.key] for group in [*speakers, *unattributed])

    def _listed(self) -> tuple[list[_Group], list[_Group]]:
        """The speakers listed, and the group of quotes nobody is named for (if any)."""
        speakers = [group for group in self._groups if group.speaker is not None]
        unattributed = [group for group in self._groups if group.speaker is None]
        return speakers[: self._speakers_shown], unattributed

    def show(self, quotes: ArticleQuotes) -> None:
        """List `quotes` from the top, a page of each speaker."""
        held = [self._quotes] if self.quote_count > FREE_LATER_QUOTES else []
        self._quotes = quotes
        self._groups = [
            _Group(str(rank), speaker, speaker.quotes)
            for rank, speaker in enumerate(quotes.speakers, start=1)
        ]
        if quotes.unattributed:
            self._groups.append(_Group(UNATTRIBUTED, None, quotes.unattributed))
        self._shown = {group.key: min(len(group.quotes), QUOTES_SHOWN) for group in self._groups}
        self._speakers_shown = SPEAKERS_SHOWN
        self._rebuild()
        if held:  # nothing here holds them now
            self._free(held)

    def show_finding(self) -> None:
        """Say the quotes are being found (the article's are not known yet)."""
        self.show(ArticleQuotes((), ()))
        self.set_options([Option(Text("Finding quotes…", "italic"), disabled=True)])

    def _rebuild(self) -> None:
        self._choices = {}
        options: list[Option] = []
        listed, unattributed = self._listed()
        for rank, group in enumerate(listed, start=1):
            options += self._speaker_options(rank, group)
        hidden = self._groups[len(listed) : len(self._groups) - len(unattributed)]
        if hidden:
            options.append(Option(_more_speakers_prompt(hidden), id=MORE_SPEAKERS_ID))
        for group in unattributed:
            options += self._unattributed_options(group)
        if not options:
            options.append(Option(Text("No quotes found in this article."), disabled=True))
        self.set_options(options)

    def _speaker_options(self, rank: int, group: _Group) -> list[Option]:
        assert group.speaker is not None
        options = [Option(_speaker_prompt(rank, group.speaker), disabled=True)]
        shown = self._shown[group.key]
        for number, quote in enumerate(group.quotes[:shown]):
            option_id = f"{rank}.{number}"
            self._choices[option_id] = (group.speaker, quote)
            options.append(Option(Padding(_quote_prompt(quote), (0, 0, 0, 2)), id=option_id))
        options += _more_quotes(group, shown)
        return options

    def _unattributed_options(self, group: _Group) -> list[Option]:
        heading = Text.assemble(("? ", "bold"), ("Speaker not known", "bold"))
        heading.append("  check who said these", "dim")
        options = [Option(heading, disabled=True)]
        shown = self._shown[group.key]
        for quote in group.quotes[:shown]:
            options.append(Option(Padding(_quote_prompt(quote), (0, 0, 0, 2)), disabled=True))
        return options + _more_quotes(group, shown)

    @work(thread=True, group="free-quotes", exit_on_error=False, description=FREEING)
    def _free(self, held: list[ArticleQuotes]) -> None:
        """Free the quotes in `held` (its only holder by then, once the list has let go)
        `FREE_AT_ONCE` at a time, so that the event loop gets its turns in between, once the
        next article has been drawn."""
        time.sleep(FREE_AFTER_SECONDS)  # the next article is drawn first
        quotes = held.pop()
        loose = list(quotes.unattributed)
        speakers = list(quotes.speakers)
        del quotes
        while speakers:
            loose.extend(speakers.pop().quotes)  # the speaker goes; its quotes stay in `loose`
        while loose:
            del loose[-FREE_AT_ONCE:]
            time.sleep(0)  # the interpreter goes to the event loop if it is waiting

    # --- listing more ---------------------------------------------------------------------------

    def _list_more(self, option_id: str) -> None:
        """A "… N more" row was chosen: list the next page in its place, the cursor on the first
        row it brought."""
        index = self.get_option_index(option_id)
        if option_id == MORE_SPEAKERS_ID:
            self._speakers_shown += MORE_SPEAKERS
        else:
            key = option_id.removeprefix("more:")
            group = next(group for group in self._groups if group.key == key)
            self._shown[key] = min(self._shown[key] + MORE_QUOTES, len(group.quotes))
        self._rebuild()
        self.highlighted = min(index, self.option_count - 1)

    def _reveal(self, position: int, number: int) -> bool:
        """List enough of speaker `position` (and of the speakers before it), by whole pages,
        that its quote `number` is listed; whether anything more is."""
        group = self._groups[position]
        before = (self._shown[group.key], self._speakers_shown)
        shown = self._shown[group.key]
        if number >= shown:
            pages = -(-(number + 1 - shown) // MORE_QUOTES)
            self._shown[group.key] = min(shown + pages * MORE_QUOTES, len(group.quotes))
        if position >= self._speakers_shown:
            pages = -(-(position + 1 - self._speakers_shown) // MORE_SPEAKERS)
            self._speakers_shown += pages * MORE_SPEAKERS
        return (self._shown[group.key], self._speakers_shown) != before

    # --- the cursor -----------------------------------------------------------------------------

    def highlight_first_quote(self) -> None:
        """Put the cursor on the first quote, unless it is on one already."""
        if self.highlighted is None:
            first = next((n for n, option in enumerate(self.options) if not option.disabled), None)
            self.highlighted = first

    def highlight_quote_at(self, start: int) -> None:
        """Put the cursor on the quote that starts at body offset `start`, listing it first if
        it is past the page shown."""
        for position, group in enumerate(self._groups):
            if group.speaker is None:
                continue
            for number, quote in enumerate(group.quotes):
                if quote.start == start:
                    if self._reveal(position, number):
                        self._rebuild()
                    self.highlighted = self.get_option_index(f"{position + 1}.{number}")
                    return

    @property
    def highlighted_lines(self) -> tuple[int, int] | None:
        """(first line, number of lines) of the quote under the cursor, counted in this list's
        own lines: for a scrolling container around it to bring the quote into view (the
        list is as tall as its quotes, so its own scrolling never moves)."""
        index = self.highlighted
        if index is None:
            return None
        self._update_lines()
        try:
            return self._index_to_line[index], self._heights[index]
        except KeyError:
            return None

    @property
    def highlighted_quote(self) -> tuple[Speaker, Quote] | None:
        """The quote under the cursor (what a "copy quote" command would take)."""
        option = self.highlighted_option
        return self._choices.get(option.id or "") if option is not None else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id == MORE_SPEAKERS_ID or option_id.startswith("more:"):
            self._list_more(option_id)
            return
        choice = self._choices.get(option_id)
        if choice is not None:
            self.post_message(self.QuoteChosen(*choice))


def _more_quotes(group: _Group, shown: int) -> list[Option]:
    """The "… N more" row under a group listed in part (none when it is listed whole)."""
    hidden = len(group.quotes) - shown
    if hidden <= 0:
        return []
    step = min(hidden, MORE_QUOTES)
    text = Text(f"… {counted(hidden, 'more quote')}", "italic")
    text.append(f" · enter lists {step:,} more", "dim")
    return [Option(Padding(text, (0, 0, 0, 2)), id=f"more:{group.key}")]


def _more_speakers_prompt(hidden: Sequence[_Group]) -> Text:
    quotes = sum(len(group.quotes) for group in hidden)
    text = Text(f"… {counted(len(hidden), 'more speaker')} ({counted(quotes, 'quote')})", "italic")
    text.append(f" · enter lists {min(len(hidden), MORE_SPEAKERS):,} more", "dim")
    return text


def _speaker_prompt(rank: int, speaker: Speaker) -> Text:
    name = " ".join(filter(None, (line(speaker.title), line(speaker.name))))
    count = len(speaker.quotes)
    text = Text.assemble((f"{rank}. ", "dim"), (name, "bold"))
    text.append(f"  {counted(count, 'quote')}", "dim")
    if speaker.role:
        text.append(f"\n   {line(speaker.role)}", "italic")
    return text


def _quote_prompt(quote: Quote) -> Text:
    words = line(quote.text[: QUOTE_PREVIEW_CHARS * 4])
    if len(words) > QUOTE_PREVIEW_CHARS:
        words = words[: QUOTE_PREVIEW_CHARS - 1].rstrip() + "…"
    if not quote.doubtful:
        return Text(f"“{words}”")
    # A doubtful attribution (or none): marked, dimmed, and says what it rests on.
    found = f"  ({quote.cue.replace('-', ' ')})" if quote.confidence else ""
    return Text.assemble(("? ", "bold"), (f"“{words}”", "dim"), (found, "dim italic"))
