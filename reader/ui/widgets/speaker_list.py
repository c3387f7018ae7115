"""Everyone quoted across the feed, two lines each; choosing one reports it upward.

Row one is the name, with how often they are quoted set flush right; row two the ranks and roles
printed with the name, cut to the width. Rows are laid out for the list's width, so they are
built again when it changes. Every name, title and role is untrusted article text: it is cleaned
and put on screen as `Content`, never read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.quotes.speakers import SpeakerEntry
from reader.ui.widgets.labels import counted, line

# Below this many cells a row is not laid out to the width (the list is not laid out yet).
MIN_ROW_WIDTH = 20
# Narrower than this, a row counts quotes only (not articles), to leave the name room.
FULL_COUNTS_WIDTH = 40
UNNAMED = "unnamed voice"
NO_DETAILS = "no title or role printed"


def speaker_counts(entry: SpeakerEntry) -> str:
    """ "4 quotes · 2 articles"."""
    return f"{counted(entry.quote_count, 'quote')} · {counted(entry.article_count, 'article')}"


def speaker_details(entry: SpeakerEntry) -> str:
    """Ranks, then roles, as printed: "PC, Sergeant · of the Thanet Community Safety Unit"."""
    titles = ", ".join(line(title) for title in entry.titles)
    roles = "; ".join(line(role) for role in entry.roles)
    return " · ".join(part for part in (titles, roles) if part)


class SpeakerList(OptionList):
    """Speakers, in the order given. While the screen's filter box has the focus the screen
    moves this list's cursor (`action_cursor_down`, `action_select`, …) for it; back from the
    quotes, the list has the focus itself."""

    class Chosen(Message):
        """The user chose a speaker (enter, or a click)."""

        def __init__(self, entry: SpeakerEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False, compact=True)
        self._entries: list[SpeakerEntry] = []
        self._width = 0
        # Built once a width: a filter lists the same options again rather than new ones.
        self._built: dict[str, Option] = {}

    @property
    def entries(self) -> Sequence[SpeakerEntry]:
        """The speakers listed, in order."""
        return self._entries

    def show(self, entries: Sequence[SpeakerEntry]) -> None:
        """List `entries`, keeping the cursor on the same speaker if they are still listed."""
        index = self.highlighted
        current = self._entries[index].key if index is not None else None
        self._entries = list(entries)
        width = self._row_width()
        if width != self._width:
            self._width, self._built = width, {}
        self.set_options(self._option(entry) for entry in self._entries)
        if self._entries:
            keys = [entry.key for entry in self._entries]
            self.highlighted = keys.index(current) if current in keys else 0

    def on_resize(self, _event: events.Resize) -> None:
        if self._entries and self._row_width() != self._width:
            self.show(self._entries)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self._entries[event.option_index]))

    def _option(self, entry: SpeakerEntry) -> Option:
        option = self._built.get(entry.key)
        if option is None:
            option = self._built[entry.key] = Option(self._prompt(entry))
        return option

    def _row_width(self) -> int:
        padding = self.get_component_styles("option-list--option").padding
        return self.scrollable_content_region.width - padding.width

    def _prompt(self, entry: SpeakerEntry) -> Content:
        name = Content.styled(line(entry.name), "bold" if entry.named else "italic")
        details = speaker_details(entry)
        if details:
            second = Content.styled(details, "$foreground-muted")
        else:
            second = Content.styled(
                NO_DETAILS if entry.named else UNNAMED, "$foreground-muted italic"
            )
        width = self._width
        if width < MIN_ROW_WIDTH:
            counts = Content.styled(speaker_counts(entry), "$foreground-muted")
            return Content.assemble(name, "  ", counts, "\n", second)
        # A narrow list drops the article count, for every row alike.
        full = width >= FULL_COUNTS_WIDTH
        counts_text = speaker_counts(entry) if full else counted(entry.quote_count, "quote")
        counts = Content.styled(counts_text, "$foreground-muted")
        room = max(width - counts.cell_length - 2, 1)
        first = name.truncate(room, ellipsis=True, pad=True)
        first = Content.assemble(first, "  ", counts).truncate(width, ellipsis=True)
        return Content.assemble(first, "\n", second.truncate(width, ellipsis=True))
