"""One run's reading: the marks shown, every change to them written in order, the last position.

No Textual imports. The app keeps one `ReadingSession` for its feed and asks it everything about
reading marks, so "mark as read" has a single home that tests can drive without a screen:

- `marks` is the in-memory copy the sidebar draws from (a row must never wait on SQLite);
- each change (`set_read`, `mark_all_read`, `toggle_star`, `save_position`) shows at once and
  is written on one writer thread, so changes land in the order they were made (u, u ends
  unread) and `close` waits for the last of them: quitting never drops a mark. Not a pool of
  workers that a quit cancels;
- `undo` takes back the last marking action (one `mark_all_read` is one action), after the
  changes made before it, and brings the marks the file then holds;
- `read_marks` (from any thread) and `adopt` (on the app's thread) show marks another process
  made; the local-change counter makes `adopt` refuse a reading taken before a change made
  here, or before one of this session's writes had landed, which would undo it on screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from reader.articles.model import ArticleSummary
from reader.store.marks import MarkSet
from reader.store.state import Position, ReadingState, StateError, clean_note, clean_tag

Reporter = Callable[[str, str], None]
"""Told (title, message) when a change cannot be saved; called on the writer thread."""


def _ignore(_title: str, _message: str) -> None:
    """The reporter of a session nobody listens to."""


def _written() -> None:
    """A change with nothing to write: done, every change before it is too."""


@dataclass(frozen=True, slots=True)
class MarksReading:
    """Marks as read from the state file, and the local-change count when the read began."""

    marks: MarkSet
    changes: int


@dataclass(frozen=True, slots=True)
class Undone:
    """What `ReadingSession.undo` did: the action undone ("marked 12 articles read"; None when
    there was nothing to undo), and the marks after it (None while a later change made here is
    still being written: the next reading brings them)."""

    description: str | None
    reading: MarksReading | None


class ReadingSession:
    """Marks, their writer and the feed's last position, for the feed keyed `feed`.

    Inactive (no marks, nothing saved) until `open` succeeds, and for good if it fails: the app
    reads on without marks.
    """

    def __init__(self, path: Path, feed: str, *, report: Reporter = _ignore) -> None:
        self._path = path
        self._feed = feed
        self._report = report
        self.state: ReadingState | None = None
        self.marks = MarkSet()
        self._adopted = False  # a reading of the file has been shown at least once
        self._changes = 0
        self._writing = 0  # changes handed to the writer and not yet written
        self._lock = threading.Lock()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pressreader-state")

    @property
    def active(self) -> bool:
        """The state file is open: marks are shown and saved."""
        return self.state is not None

    # --- lifetime -------------------------------------------------------------------------------

    def open(self) -> str | None:
        """Open the state file (it touches disk: call it off the event loop). What to tell the
        user, if anything: why marks are not saved this time, or what was repaired."""
        try:
            self.state = ReadingState(self._path)
        except StateError as error:
            return f"{error}; read/unread marks and stars are not saved this time."
        return self.state.notice

    def moved_aside(self) -> list[Path]:
        """The damaged state files kept aside and not yet recovered (it touches disk: call it
        off the event loop); until `pressreader state --recover` salvages them, their marks
        are missing here."""
        state = self.state
        if state is None:
            return []
        try:
            return state.moved_aside()
        except StateError:
            return []

    def close(self) -> None:
        """Wait until every change made is written (they take milliseconds each).

        The state itself is never closed here: a worker thread may still be inside one of its
        SQLite calls, and closing a connection under it crashes the process. Its connections
        close when it is dropped.
        """
        self._writer.shutdown(wait=True)

    # --- what the reader sees -------------------------------------------------------------------

    def mark_names(self, summary: ArticleSummary) -> Sequence[str]:
        """The list's gutter marks for `summary` (none while the session is inactive)."""
        return self.marks.names(summary) if self._adopted else ()

    def is_read(self, summary: ArticleSummary) -> bool:
        return self.marks.is_read(summary)

    def unread_count(self, summaries: Iterable[ArticleSummary]) -> int | None:
        """How many of `summaries` are unread; None while the session is inactive."""
        return self.marks.unread_count(summaries) if self.active else None

    def next_unread(self, rows: Sequence[ArticleSummary], after: int) -> int | None:
        """The first unread row after `after`, wrapping round (see `MarkSet.next_unread`)."""
        return self.marks.next_unread(rows, after)

    # --- changes made here ----------------------------------------------------------------------

    def set_read(self, summary: ArticleSummary, read: bool) -> bool:
        """Mark `summary` read or unread; whether that changed anything."""
        state = self.state
        if state is None or self.marks.is_read(summary) == read:
            return False
        identity = summary.identity
        self.marks.set_read(identity, read)
        self._commit(lambda: state.mark_read(identity) if read else state.mark_unread(identity))
        return True

    def toggle_read(self, summary: ArticleSummary) -> bool:
        """Flip `summary`'s read mark; whether it changed (not when inactive)."""
        return self.set_read(summary, not self.marks.is_read(summary))

    def mark_all_read(self, summaries: Iterable[ArticleSummary]) -> int:
        """Mark every one of `summaries` read (newsboat's A, over the list shown) as one action
        that `undo` takes back; how many were unread (0 while inactive). They show read at once
        and are written after every change made before."""
        state = self.state
        if state is None:
            return 0
        unread = [summary.identity for summary in summaries if not self.marks.is_read(summary)]
        if unread:
            for identity in unread:
                self.marks.set_read(identity, True)
            self._commit(lambda: state.mark_all_read(unread))
        return len(unread)

    def undo(self) -> Undone | None:
        """Undo the last marking action, made here or by another process (`pressreader read`),
        once every change made here before it is written. It waits on the writer and the file:
        call it off the event loop. None while inactive, or when the file cannot be written
        (told to the reporter, as "Not undone"); else what was undone, with the marks as the
        file now has them for `adopt` on the app's thread."""
        state = self.state
        if state is None:
            return None
        try:
            description = self._writer.submit(state.undo).result()
        except StateError as error:
            self._report("Not undone", str(error))
            return None
        if description is None:
            return Undone(None, None)
        with self._lock:  # a reading begun before the undo must not bring its marks back
            self._changes += 1
        return Undone(description, self.read_marks())

    def toggle_star(self, summary: ArticleSummary) -> bool | None:
        """Star or unstar `summary`: whether it is now starred; None when inactive."""
        state = self.state
        if state is None:
            return None
        identity = summary.identity
        starred = identity not in self.marks.starred
        self.marks.set_starred(identity, starred)
        self._commit(lambda: state.set_starred(identity, starred))
        return starred

    def tags(self, identity: str) -> tuple[str, ...]:
        """The tags of the article keyed `identity`, sorted (none while inactive)."""
        return self.marks.tags.get(identity, ())

    def note(self, identity: str) -> str | None:
        return self.marks.notes.get(identity)

    def set_tags(self, identity: str, tags: Iterable[str]) -> Future[None] | None:
        """Make `tags` the article's only tags, as `clean_tag` stores them (a `ValueError`
        saying why, before anything changes, when one cannot be a tag). They show at once; the
        future is done once they are in the file (for a search by `tag:` to see them). None
        when inactive: nothing is kept."""
        cleaned = sorted({clean_tag(tag) for tag in tags})
        state = self.state
        if state is None:
            return None
        self.marks.set_tags(identity, cleaned)
        return self._commit(lambda: state.set_tags(identity, cleaned))

    def set_note(self, identity: str, text: str) -> Future[None] | None:
        """Give the article this note ("" removes it), as `clean_note` stores it (a
        `ValueError` when it is too long); otherwise as `set_tags`."""
        note = clean_note(text)
        state = self.state
        if state is None:
            return None
        self.marks.set_note(identity, note)
        return self._commit(lambda: state.set_note(identity, note))

    def save_position(self, identity: str, scroll_y: float) -> None:
        """Remember the open article and its scroll for the next start, after any change made
        before it (a position saved on reading, then one saved on quitting: the later wins)."""
        state = self.state
        if state is not None:
            self._commit(lambda: state.save_position(self._feed, identity, scroll_y), local=False)

    def last_position(self, identities: Collection[str]) -> Position | None:
        """Where the reader was in this feed (or, for a moved feed, in one of `identities`)."""
        if self.state is None:
            return None
        try:
            return self.state.last_position(self._feed, identities)
        except StateError:
            return None

    def wait_written(self) -> None:
        """Wait until every change made so far is in the file (call it off the event loop): what
        counts marks in SQL must see the reader's last one. The writer runs them in order."""
        try:
            self._writer.submit(_written).result()
        except RuntimeError:  # the writer has shut down: everything was written
            return

    def _commit(self, change: Callable[[], object], *, local: bool = True) -> Future[None]:
        """Write `change` after every change made before it; the future is done once it is
        written (or its failure reported)."""
        with self._lock:
            self._writing += 1
            if local:
                self._changes += 1
        return self._writer.submit(self._write, change)

    def _write(self, change: Callable[[], object]) -> None:
        try:
            change()
        except StateError as error:
            self._report("Not saved", str(error))
        # A reading of the file taken before this write landed must not undo it on screen.
        with self._lock:
            self._writing -= 1
            self._changes += 1

    # --- changes made elsewhere -----------------------------------------------------------------

    def read_marks(self) -> MarksReading | None:
        """The marks in the state file now (call it off the event loop); None when inactive,
        while a change made here is still on its way to the file, or when the file cannot be
        read this time (a passing lock): the next reading tries again."""
        state = self.state
        if state is None:
            return None
        with self._lock:
            changes, writing = self._changes, self._writing
        if writing:
            return None
        try:
            marks = MarkSet(
                state.read_identities(), state.starred_identities(), state.tag_map(), state.notes()
            )
        except StateError:
            return None
        return MarksReading(marks, changes)

    def adopt(self, reading: MarksReading) -> bool:
        """Show `reading` unless a change made here since it began makes it stale; whether
        the marks shown changed (the first reading always does)."""
        with self._lock:
            stale = reading.changes != self._changes
        if stale or (self._adopted and reading.marks == self.marks):
            return False
        self.marks, self._adopted = reading.marks, True
        return True
