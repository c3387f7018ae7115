"""The speakers screen: everyone quoted across the feed, and what each of them said.

The screen is handed a `gather` callable that reads the feed's quotes; it runs in a thread while
the screen says so. Then the filter box takes the keyboard: typing narrows the list of speakers,
up and down move in it, and the quotes beside it follow the cursor; enter moves into the quotes;
enter on a quote closes the screen with that quote's `QuoteTarget`, for the app to open the
article at it, and `c` copies it with its citation (`CopyText`, which the app carries out).
Escape steps back: from the quotes to the speaker list (where j/k move too, and `/` goes back to
the filter), then out (with None).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, LoadingIndicator, OptionList, Static
from textual.worker import Worker, WorkerState, get_current_worker

from reader.quotes.citation import record_citation
from reader.quotes.speaker_data import QuoteTarget, SpeakerData, SpeakerSearch
from reader.quotes.speakers import SpeakerEntry
from reader.store.resources import styles_path
from reader.ui.messages import CopyText, SpeakersGathered
from reader.ui.widgets.labels import counted, line
from reader.ui.widgets.speaker_list import SpeakerList, speaker_counts, speaker_details
from reader.ui.widgets.speaker_quotes import SpeakerQuotes

TITLE = "Speakers"
GATHERING = "Gathering quotes…"
NO_ONE = "No one is quoted in this feed"
NO_ONE_DETAIL = (
    "People, and unnamed voices such as a police spokesperson, are listed here once an article "
    "quotes them."
)
PLACEHOLDER = "Filter by name, rank or role…"
PICK_HINT = "Choose a speaker to see what they said: enter, or click a name."
NO_MATCH_HINT = "No speaker's name, rank or role matches the filter."
# Which keys' actions work among the quotes (True) and which among the speakers (False).
_IN_QUOTES = {
    "open_quote": True,
    "back": True,
    "copy_quote": True,
    "show_quotes": False,
    "close": False,
}


class SpeakersScreen(Screen[QuoteTarget | None]):
    CSS_PATH = styles_path() / "speakers.tcss"
    AUTO_FOCUS = ""  # the filter box, once there is something to filter
    # Declared as an instance variable by Textual, so not a ClassVar here.
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (100, "-normal")]  # noqa: RUF012
    # The filter box has the focus while speakers are picked, so the screen's keys come first.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Move", key_display="↓↑", priority=True),
        Binding("up", "cursor_up", "Move up", show=False, priority=True),
        Binding("pagedown", "page_down", "Page down", show=False, priority=True),
        Binding("pageup", "page_up", "Page up", show=False, priority=True),
        Binding("enter", "show_quotes", "Show quotes", priority=True),
        Binding("enter", "open_quote", "Open the article", priority=True),
        Binding("escape", "back", "Back to speakers", priority=True),
        Binding("escape", "close", "Close", priority=True),
        # Not priority: in the filter box these letters are typed.
        Binding("j", "cursor_down", "Move down", show=False),
        Binding("k", "cursor_up", "Move up", show=False),
        Binding("slash", "filter", "Filter", show=False),
        Binding("c", "copy_quote", "Copy quote", tooltip="Copy the quote with its citation"),
    ]

    def __init__(self, gather: Callable[[], SpeakerData]) -> None:
        super().__init__()
        self._gather = gather
        self._data = SpeakerData()
        self._search = SpeakerSearch([])

    def compose(self) -> ComposeResult:
        with Horizontal(id="speakers-header"):
            yield Label(TITLE, id="speakers-title")
            yield Label(id="speakers-summary", markup=False)
        with Vertical(id="speakers-loading"):
            yield Static(Content(GATHERING), id="speakers-loading-text")
            yield LoadingIndicator()
        yield Static(id="speakers-empty")
        with Horizontal(id="speakers-panes"):
            with Vertical(id="speakers-side"):
                yield Input(
                    placeholder=PLACEHOLDER,
                    id="speakers-filter",
                    compact=True,
                    select_on_focus=False,
                )
                yield Label(id="speakers-count", markup=False)
                yield SpeakerList(id="speakers-list")
            with Vertical(id="speakers-main"):
                yield Static(Content(PICK_HINT), id="speakers-hint")
                yield Static(id="speakers-heading")
                yield SpeakerQuotes(id="speakers-quotes")
        yield Footer()

    def on_mount(self) -> None:
        self._run_gather()

    # --- gathering ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="speakers", exit_on_error=False)
    def _run_gather(self) -> None:
        data = self._gather()
        if not get_current_worker().is_cancelled:
            self.post_message(SpeakersGathered(data))

    @on(SpeakersGathered)
    def _gathered(self, event: SpeakersGathered) -> None:
        data = self._data = event.data
        self._search = SpeakerSearch(data.entries)
        self.refresh_bindings()
        self.query_one("#speakers-loading").display = False
        if not data.entries:
            empty = self.query_one("#speakers-empty", Static)
            empty.update(
                Content.assemble((NO_ONE, "bold"), "\n\n", (NO_ONE_DETAIL, "$foreground-muted"))
            )
            empty.display = True
            return
        quotes, articles = len(data.records), data.article_count
        summary = f"{counted(quotes, 'quote')} in {counted(articles, 'article')}"
        self.query_one("#speakers-summary", Label).update(summary)
        self.query_one("#speakers-panes").display = True
        self._filter("")
        self.query_one("#speakers-filter", Input).focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A gather that fails says so here; the app's handler reports it too."""
        if event.state == WorkerState.ERROR and event.worker.group == "speakers":
            self.query_one("#speakers-loading").display = False
            empty = self.query_one("#speakers-empty", Static)
            empty.update(
                Content.assemble(
                    ("The quotes could not be gathered", "bold"),
                    "\n\n",
                    (line(event.worker.error), "$foreground-muted"),
                )
            )
            empty.display = True

    # --- picking a speaker ----------------------------------------------------------------------

    @on(Input.Changed, "#speakers-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._filter(event.value)

    def _filter(self, query: str) -> None:
        shown = self._search(query)
        self.query_one(SpeakerList).show(shown)
        self.query_one("#speakers-count", Label).update(
            _count_line(len(shown), len(self._data.entries))
        )
        if not shown:
            self._preview(None)

    @on(SpeakerList.Chosen)
    def _speaker_chosen(self, event: SpeakerList.Chosen) -> None:
        event.stop()
        self._preview(event.entry)
        self.query_one(SpeakerQuotes).focus()

    @on(OptionList.OptionHighlighted, "#speakers-list")
    def _speaker_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The quotes beside the list follow its cursor."""
        event.stop()
        entries = self.query_one(SpeakerList).entries
        if 0 <= event.option_index < len(entries):
            self._preview(entries[event.option_index])

    def _preview(self, entry: SpeakerEntry | None) -> None:
        """Show `entry`'s quotes beside the list (None: the filter matches no one)."""
        hint = self.query_one("#speakers-hint", Static)
        heading = self.query_one("#speakers-heading", Static)
        quotes = self.query_one(SpeakerQuotes)
        hint.display = entry is None
        heading.display = quotes.display = entry is not None
        if entry is None:
            hint.update(Content(NO_MATCH_HINT))
            return
        if quotes.entry_key == entry.key:
            return
        heading.update(_heading(entry))
        quotes.show(self._data.quotes_of(entry), entry_key=entry.key)

    # --- choosing a quote -----------------------------------------------------------------------

    @on(SpeakerQuotes.Chosen)
    def _quote_chosen(self, event: SpeakerQuotes.Chosen) -> None:
        event.stop()
        self.dismiss(QuoteTarget.of(event.record))

    # --- keys -----------------------------------------------------------------------------------

    def on_descendant_focus(self) -> None:
        self.set_class(self._in_quotes, "-in-quotes")

    @property
    def _in_quotes(self) -> bool:
        return isinstance(self.focused, SpeakerQuotes)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self._data.entries:
            return action == "close"  # still gathering, or no one to list
        # enter and escape each have one meaning among the speakers and another among the quotes.
        in_quotes = _IN_QUOTES.get(action)
        return True if in_quotes is None else in_quotes == self._in_quotes

    def _active_list(self) -> SpeakerList | SpeakerQuotes:
        return self.query_one(SpeakerQuotes) if self._in_quotes else self.query_one(SpeakerList)

    def action_cursor_down(self) -> None:
        self._active_list().action_cursor_down()

    def action_cursor_up(self) -> None:
        self._active_list().action_cursor_up()

    def action_page_down(self) -> None:
        self._active_list().action_page_down()

    def action_page_up(self) -> None:
        self._active_list().action_page_up()

    def action_show_quotes(self) -> None:
        self.query_one(SpeakerList).action_select()  # as a click: SpeakerList.Chosen

    def action_open_quote(self) -> None:
        self.query_one(SpeakerQuotes).action_select()  # as a click: SpeakerQuotes.Chosen

    def action_back(self) -> None:
        self.query_one(SpeakerList).focus()

    def action_filter(self) -> None:
        self.query_one("#speakers-filter", Input).focus()

    def action_copy_quote(self) -> None:
        record = self.query_one(SpeakerQuotes).highlighted_record
        if record is None:
            self.notify("Choose a quote first.", severity="warning")
            return
        self.post_message(CopyText(record_citation(record), f"{line(record.speaker)}’s quote"))

    def action_close(self) -> None:
        self.dismiss(None)


def _count_line(matched: int, total: int) -> str:
    """ "44 speakers", "3 of 44 speakers", "No speaker matches"."""
    if matched == total:
        return counted(total, "speaker")
    if not matched:
        return "No speaker matches"
    return f"{matched:,} of {counted(total, 'speaker')}"


def _heading(entry: SpeakerEntry) -> Content:
    """The chosen speaker, over their quotes: name, then ranks and roles, then counts."""
    parts: list[str | tuple[str, str]] = [(line(entry.name), "bold $text-primary")]
    if details := speaker_details(entry):
        parts += ["\n", (details, "")]
    parts += ["\n", (speaker_counts(entry), "$foreground-muted")]
    return Content.assemble(*parts)
