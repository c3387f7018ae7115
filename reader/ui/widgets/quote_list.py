"""The speakers of an article and their quotes; choosing a quote reports it upward."""

from __future__ import annotations

from typing import ClassVar

from rich.padding import Padding
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.quotes import ArticleQuotes, Quote, Speaker
from reader.ui.widgets.labels import counted, line

# A quote in the list is cut after this many characters; the body shows it whole.
QUOTE_PREVIEW_CHARS = 160


class QuoteList(OptionList, inherit_bindings=False):
    """Speaker headings (not selectable), each followed by that speaker's quotes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next quote", show=False),
        Binding("up,k", "cursor_up", "Previous quote", show=False),
        Binding("home", "first", "First quote", show=False),
        Binding("end", "last", "Last quote", show=False),
        Binding("enter", "select", "Show the quote in the article", show=False),
    ]

    class QuoteChosen(Message):
        """The user chose a quote (enter or click)."""

        def __init__(self, speaker: Speaker, quote: Quote) -> None:
            super().__init__()
            self.speaker = speaker
            self.quote = quote

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False, compact=True)
        self._choices: dict[str, tuple[Speaker, Quote]] = {}

    def show(self, quotes: ArticleQuotes) -> None:
        self._choices = {}
        options: list[Option] = []
        for rank, speaker in enumerate(quotes.speakers, start=1):
            options.append(Option(_speaker_prompt(rank, speaker), disabled=True))
            for number, quote in enumerate(speaker.quotes):
                option_id = f"{rank}.{number}"
                self._choices[option_id] = (speaker, quote)
                options.append(Option(Padding(_quote_prompt(quote), (0, 0, 0, 2)), id=option_id))
        if quotes.unattributed:
            heading = Text.assemble(("? ", "bold"), ("Speaker not known", "bold"))
            heading.append("  check who said these", "dim")
            options.append(Option(heading, disabled=True))
            for quote in quotes.unattributed:
                options.append(Option(Padding(_quote_prompt(quote), (0, 0, 0, 2)), disabled=True))
        if not options:
            options.append(Option(Text("No quotes found in this article."), disabled=True))
        self.set_options(options)

    def highlight_first_quote(self) -> None:
        """Put the cursor on the first quote, unless it is on one already."""
        if self.highlighted is None:
            first = next((n for n, option in enumerate(self.options) if not option.disabled), None)
            self.highlighted = first

    def highlight_quote_at(self, start: int) -> None:
        """Put the cursor on the quote that starts at body offset `start`, if it is listed."""
        for index, option in enumerate(self.options):
            choice = self._choices.get(option.id or "")
            if choice is not None and choice[1].start == start:
                self.highlighted = index
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
        choice = self._choices.get(event.option.id or "")
        if choice is not None:
            self.post_message(self.QuoteChosen(*choice))


def _speaker_prompt(rank: int, speaker: Speaker) -> Text:
    name = " ".join(filter(None, (line(speaker.title), line(speaker.name))))
    count = len(speaker.quotes)
    text = Text.assemble((f"{rank}. ", "dim"), (name, "bold"))
    text.append(f"  {counted(count, 'quote')}", "dim")
    if speaker.role:
        text.append(f"\n   {line(speaker.role)}", "italic")
    return text


def _quote_prompt(quote: Quote) -> Text:
    words = line(quote.text)
    if len(words) > QUOTE_PREVIEW_CHARS:
        words = words[: QUOTE_PREVIEW_CHARS - 1].rstrip() + "…"
    if not quote.doubtful:
        return Text(f"“{words}”")
    # A doubtful attribution (or none): marked, dimmed, and says what it rests on.
    found = f"  ({quote.cue.replace('-', ' ')})" if quote.confidence else ""
    return Text.assemble(("? ", "bold"), (f"“{words}”", "dim"), (found, "dim italic"))
