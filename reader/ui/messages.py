"""The messages the reader's widgets and workers send: what happened, as plain dataclasses.

Requests that only the app can carry out (open a link, copy, list the load errors, remember a
preference) bubble up to it from wherever they start. Workers post their results to the widget
that started them (`bubble=False`), which shows them on the event loop.

A widget that announces a change of its own posts it with `.set_sender(self)`: Textual takes a
message's sender to be whichever node was handling a message when it was made, and stops the
message at that node, so a list moved by its sidebar's search, or a pane asked by the screen to
copy a quote, would otherwise never be heard above the sidebar, or the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from reader.articles.model import Article, ArticleSummary, LoadError
from reader.feed.library import ListView
from reader.search.query import Query
from reader.store.session import MarksReading
from reader.store.state import Position
from reader.ui.fetching import FetchOutcome
from reader.ui.loading import Delivery
from reader.ui.render.markdown_text import Document
from reader.ui.render.typeset import Typeset, Typesetter

if TYPE_CHECKING:  # the quotes are found and gathered in workers, imported there
    from reader.quotes import ArticleQuotes
    from reader.quotes.speaker_data import SpeakerData

# --- requests for the app ---------------------------------------------------------------------


@dataclass
class OpenLink(Message):
    """Open `url` in the browser (a link clicked or chosen, or the article's own URL)."""

    url: str


@dataclass
class SidebarResized(Message):
    """The reader made the article list `width` columns wide: remembered for the next start."""

    width: int


@dataclass
class BrowserFailed(Message, bubble=False):
    """No browser could take `url` (the worker that tried says `problem`, why not)."""

    url: str
    problem: str


@dataclass
class MarkRead(Message):
    """Mark `summaries` read as one action that undo takes back (every article listed: `A`)."""

    summaries: list[ArticleSummary]


@dataclass
class CopyText(Message):
    """Copy `text` to the clipboard; `what` names it in the confirmation ("URL", "quote")."""

    text: str
    what: str


@dataclass
class ShowLoadErrors(Message):
    """List the files that failed to load (the header's error count was clicked)."""


@dataclass
class ExportQuotes(Message):
    """Export the quotes of the articles `listed` (a snapshot of the list's ids, not its rows:
    a million articles' summaries would not fit): the app asks where, then writes them (CSV or
    JSON, by the file's suffix)."""

    listed: ListView


@dataclass
class InfoPanelToggled(Message):
    """The reader showed or hid the info panel: remembered for the next start."""

    shown: bool


# --- between the main screen's parts ----------------------------------------------------------


@dataclass
class SearchApplied(Message):
    """The sidebar now lists what `query` finds (None: the search was cleared)."""

    query: Query | None


@dataclass
class ArticleShown(Message):
    """The reading pane shows `summary`'s article (the reader may start reading it)."""

    summary: ArticleSummary


@dataclass
class FeedSettled(Message):
    """The list read after the load's last batch is shown: the cursor is on the reader's article
    (the one open last time, at `restored`'s path and scroll, else the newest), or the feed has
    nothing to read (`empty`)."""

    empty: bool
    restored: tuple[Path, float] | None = None


@dataclass
class AnnotationsSaved(Message):
    """The tags or note of the article keyed `identity` are in the state file now: a search by
    `tag:`, `has:` or `note:` sees them."""

    identity: str


# --- workers' results -------------------------------------------------------------------------


@dataclass
class SearchFinished(Message, bubble=False):
    """The list worker's result: the whole feed in the list's order (`feed`), and `query`'s
    matches when there is a query (`found`)."""

    query: Query | None
    feed: ListView | None
    """None when the feed has not loaded far enough to list."""
    found: ListView | None


@dataclass
class FirstRowsRead(Message, bubble=False):
    """The list worker's first result, before the whole list: the feed's first `rows` in the
    list's order."""

    rows: ListView


@dataclass
class Listed(Message):
    """The sidebar shows a fresh list (the feed changed, or its order, or the search); the feed
    has `count` articles."""

    count: int


@dataclass
class FeedDelivered(Message, bubble=False):
    """The load or a live reload's sync read more of the feed (`delivery`); `status` says where
    the index is when it is away from its place (a full or unwritable cache), else None."""

    delivery: Delivery
    status: str | None


@dataclass
class FeedLoaded(Message, bubble=False):
    """The load worker read every file; `position` is where the reader was last time."""

    position: Position | None


@dataclass
class FeedSynced(Message, bubble=False):
    """A live reload's sync is over: the feed is up to date."""


@dataclass
class FeedFailed(Message, bubble=False):
    """A worker reading the feed stopped: `source` names which ("load", "live reload"),
    `problem` says why, in words."""

    source: str
    problem: str


@dataclass
class StateOpened(Message, bubble=False):
    """The reading state was opened (or not: `notice` says why, or what was repaired);
    `marks` are its marks, and `moved_aside` the damaged files kept and not yet recovered."""

    notice: str | None
    marks: MarksReading | None
    moved_aside: list[Path]


@dataclass
class WorkerNotice(Message, bubble=False):
    """Something a worker has to tell the user once (`title`: what it is about)."""

    title: str
    text: str


@dataclass
class MarksRead(Message, bubble=False):
    """The marks worker read the state file again (another process may have marked)."""

    marks: MarksReading | None
    moved_aside: list[Path]


@dataclass
class UnreadCounted(Message, bubble=False):
    """The header's worker counted `count` unread articles."""

    count: int


@dataclass
class SpeakersGathered(Message, bubble=False):
    """The speaker index's worker gathered everyone quoted in the feed."""

    data: SpeakerData


@dataclass(frozen=True)
class PreparedArticle:
    """An article read, rendered, set and searched in a worker, ready to be shown."""

    summary: ArticleSummary
    article: Article
    quotes: ArticleQuotes | None  # None for a long article: they follow in `QuotesFound`
    document: Document
    typeset: Typeset  # set at the article view's measure when it was asked for
    matches: list[tuple[int, int]]
    query: Query | None  # the search `matches` are for
    typesetter: Typesetter  # what it was set with (the view's, then)
    stamp: tuple[int, int] | None  # the file's (mtime_ns, size) before it was read


@dataclass
class ArticleLoaded(Message, bubble=False):
    """The open-article worker prepared the article asked for."""

    prepared: PreparedArticle
    request: int  # which of the pane's requests this answers (only the last one is shown)


@dataclass
class ArticlePrepared(Message, bubble=False):
    """The read-ahead worker prepared an article beside the open one."""

    prepared: PreparedArticle


@dataclass
class ArticleTypeset(Message, bubble=False):
    """The article view's worker set `article` again (rendered to `document`): at a new width,
    or in a new theme's colours."""

    article: Article
    document: Document
    typeset: Typeset


@dataclass
class QuotesFound(Message, bubble=False):
    """The open-article worker found `article`'s quotes (after showing it: it is long)."""

    article: Article
    quotes: ArticleQuotes


@dataclass
class ArticleUnreadable(Message):
    """The open-article worker could not read `summary`'s file (the app hears of it too: a
    warm load's walk waits for the first article, or for this)."""

    summary: ArticleSummary
    error: LoadError
    request: int


@dataclass
class FetchProgress(Message, bubble=False):
    """The fetch worker has done `done` of the `total` URLs it knows of so far."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        # Only the latest count is worth drawing.
        return isinstance(message, FetchProgress)


@dataclass
class FetchFinished(Message, bubble=False):
    """The fetch worker's run is over: what it fetched, and what failed."""

    outcome: FetchOutcome


@dataclass
class ExportFinished(Message, bubble=False):
    """The export worker wrote `quotes` quotes of `articles` articles to `path`, or failed
    with `problem`."""

    path: Path
    quotes: int = 0
    articles: int = 0
    problem: str | None = None
