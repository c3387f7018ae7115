"""Tags and notes for the records the CLI prints, read from the reading state."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.articles.model import LoadError
from reader.articles.parse import parse_file
from reader.cli.output import report_state, warn
from reader.store.state import ReadingState, StateError, state_path


@dataclass(frozen=True, slots=True)
class Annotations:
    """Every article's tags and note, by identity."""

    tags: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)

    def of(self, identity: str) -> tuple[tuple[str, ...], str | None]:
        return self.tags.get(identity, ()), self.notes.get(identity)

    def record(self, identity: str) -> dict[str, Any]:
        """The `tags` and `note` fields of an article's JSON record."""
        tags, note = self.of(identity)
        return {"tags": list(tags), "note": note}

    @classmethod
    def of_state(cls, state: ReadingState) -> Annotations:
        return cls(state.tag_map(), state.notes())


def annotations_for(state_dir: Path | None, marks: ReadingState | None) -> Annotations:
    """The tags and notes: from `marks` when the command has the reading state open already
    (for an `is:` filter), else read from the state file (`read_annotations`)."""
    return Annotations.of_state(marks) if marks else read_annotations(state_dir)


def read_annotations(state_dir: Path | None) -> Annotations:
    """The tags and notes in the reading state, opened read-only (none when there is no state
    file yet). A state that cannot be read is a warning, not a failure."""
    try:
        with ReadingState(state_path(state_dir), read_only=True) as state:
            report_state(state)
            return Annotations.of_state(state)
    except StateError as error:
        warn(f"{error}; tags and notes are left out")
        return Annotations()


def article_identities(files: Sequence[Path]) -> tuple[dict[Path, str], int]:
    """The identity of each article file that can be read, and how many could not (each
    reported as a warning)."""
    found: dict[Path, str] = {}
    failed = 0
    for path in files:
        article = parse_file(path)
        if isinstance(article, LoadError):
            warn(str(article))
            failed += 1
        else:
            found[path] = article.identity
    return found, failed
