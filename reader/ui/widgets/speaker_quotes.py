"""One speaker's quotes across the feed, each with its article's title and date; choosing one
reports it upward. The quotes and titles are untrusted text, shown as `Content`, never markup."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.quotes.speakers import QuoteRecord
from reader.ui.widgets.labels import UNDATED, line, short_date

# A quote in the list is cut after this many characters; the article shows it whole.
QUOTE_CHARS = 480


def published_on(record: QuoteRecord) -> str:
    """ "12 Nov 2020" (or "undated"), from the record's ISO date."""
    return short_date(datetime.fromisoformat(record.published)) if record.published else UNDATED


class SpeakerQuotes(OptionList):
    """Quotes, one option each, a quiet rule between them; OptionList's keys (and j/k) move and
    choose."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next quote", show=False),
        Binding("k", "cursor_up", "Previous quote", show=False),
    ]

    class Chosen(Message):
        """The user chose a quote (enter, or a click)."""

        def __init__(self, record: QuoteRecord) -> None:
            super().__init__()
            self.record = record

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._records: list[QuoteRecord] = []
        self.entry_key: str | None = None  # whose quotes are shown

    @property
    def records(self) -> Sequence[QuoteRecord]:
        return self._records

    @property
    def highlighted_record(self) -> QuoteRecord | None:
        """The quote under the cursor."""
        index = self.highlighted
        return self._records[index] if index is not None and index < len(self._records) else None

    def show(self, records: Sequence[QuoteRecord], *, entry_key: str | None = None) -> None:
        self._records = list(records)
        self.entry_key = entry_key
        options: list[Option | None] = []
        for record in self._records:
            options += [Option(_prompt(record)), None]
        self.set_options(options[:-1])
        self.highlighted = 0 if self._records else None
        self.scroll_home(animate=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self._records[event.option_index]))


def _prompt(record: QuoteRecord) -> Content:
    words = line(record.text)
    if len(words) > QUOTE_CHARS:
        words = words[: QUOTE_CHARS - 1].rstrip() + "…"
    # The date first: it never wraps, and a long title can.
    return Content.assemble(
        *_doubt(record),
        f"“{words}”\n",
        (f"{published_on(record)} · ", "$foreground-muted"),
        (line(record.article_title), "$text-accent"),
    )


def _doubt(record: QuoteRecord) -> tuple[tuple[str, str], ...]:
    """A doubtful attribution is marked "?", so it is checked before it is quoted."""
    return (("? ", "bold $text-warning"),) if record.doubtful else ()
