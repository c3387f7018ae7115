"""What the app shows of the reading state: which listed articles are unread or starred, and the
tags and notes they carry.

No Textual imports. `ReadingState` (reader/state.py) is the store; this is the in-memory copy the
sidebar draws from, since a list row is drawn far more often than a mark changes, and a row must
never wait on SQLite. The app reloads it from the store and updates it after each change it
commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reader.articles.model import ArticleSummary


@dataclass(slots=True)
class MarkSet:
    """Identities of the read and the starred articles (of every feed the store has seen), and
    the tags and note of each article that has them."""

    read: set[str] = field(default_factory=set)
    starred: set[str] = field(default_factory=set)
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def names(self, summary: ArticleSummary) -> list[str]:
        """The gutter marks of `summary`: "unread" on the first line, "starred" on the second."""
        return [
            "unread" if summary.identity not in self.read else "",
            "starred" if summary.identity in self.starred else "",
        ]

    def is_read(self, summary: ArticleSummary) -> bool:
        return summary.identity in self.read

    def set_read(self, identity: str, read: bool) -> None:
        _put(self.read, identity, read)

    def set_starred(self, identity: str, starred: bool) -> None:
        _put(self.starred, identity, starred)

    def set_tags(self, identity: str, tags: Sequence[str]) -> None:
        if tags:
            self.tags[identity] = tuple(sorted(tags))
        else:
            self.tags.pop(identity, None)

    def set_note(self, identity: str, note: str) -> None:
        if note:
            self.notes[identity] = note
        else:
            self.notes.pop(identity, None)

    def unread_count(self, summaries: Iterable[ArticleSummary]) -> int:
        read = self.read
        return sum(1 for summary in summaries if summary.identity not in read)

    def next_unread(self, rows: Sequence[ArticleSummary], after: int) -> int | None:
        """The first unread row after row `after`, wrapping round to the top; None if all are
        read (the row `after` itself counts last, so a lone unread article is found)."""
        read = self.read
        count = len(rows)
        for step in range(1, count + 1):
            row = (after + step) % count
            if rows[row].identity not in read:
                return row
        return None


def _put(marked: set[str], identity: str, present: bool) -> None:
    if present:
        marked.add(identity)
    else:
        marked.discard(identity)
