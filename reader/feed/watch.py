"""Watch the feed's files and say which articles came, changed or went. No Textual imports.

`watch_feed` wraps watchfiles' sync `watch` for a thread worker: iterate it, and re-sync the feed
(`Library.sync(files=item.files)`) whenever an item's `changed` is true. The first item comes as
soon as watching has begun and lists no paths; it carries a `notice` when watching is degraded.

The choices:

* Folders are watched recursively. A single-file feed path is watched through its folder, not
  recursively, and only that file is reported: a watch on the file itself would be lost when an
  editor saves by renaming a new file over it.
* Only article files (`*.md`, `*.markdown`) are reported, spelled under the feed path they belong
  to, as `reader.feed.discover.discover` spells them. Like `discover`, it ignores hidden entries
  (a dot-name
  anywhere below a feed folder, so `.git` and all in it); it also ignores editors' temporary files
  (`x.swp`, `x~`, `.#x`, `#x#`, vim's `4913`).
* A folder that comes into the feed (made, or moved in) is walked and its articles are reported as
  added. A folder that leaves reports none: the file system says only that the folder went. So
  every folder coming or going sets `rescan`, which means "re-sync the whole feed". So does a
  restart of the watcher (events may have been missed meanwhile), and a feed path that vanishes or
  comes back.
* A feed path that is missing is never an error: what exists is watched, and the missing path is
  looked for again every `TICK_MS` (so are the watched ones, which may be replaced or removed).
* If native watching (inotify, FSEvents, ReadDirectoryChangesW) cannot start, for example at the
  inotify watch limit, the feed is polled every `poll_delay_ms` instead and a `notice` says so.
  A file system where native watching starts but never hears of changes (some network mounts)
  cannot be told apart: pass `force_polling=True` (or set `WATCHFILES_FORCE_POLLING=1`).
* Changes are reported after 50 ms without another, or after `debounce_ms` of steady change;
  events that come while the caller re-syncs wait for the next item, so a slow caller gets fewer,
  bigger items rather than a backlog.
* Setting `stop` ends the iteration within about 50 ms (watchfiles checks it every step).

Known limits: a kernel event-queue overflow is dropped silently by watchfiles (a full re-sync on
the app's refresh key mends it), and folder symlinks inside the feed are watched even where
`discover` would not follow them (a needless re-sync, never a wrong list).
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles
from watchfiles import Change

from reader.articles.sanitize import clean_line
from reader.feed.discover import discover, is_article_name

DEBOUNCE_MS = 500  # longest a burst of changes is gathered before it is reported
POLL_DELAY_MS = 500  # how often a polled feed is looked at
TICK_MS = 200  # longest wait for events before the feed paths themselves are looked at again
_STEP_MS = 50  # quiet time that ends a batch; also how often `stop` is checked
_RETRY_S = 5.0  # wait before trying again when even polling cannot start
_RECHECK_S = 2.0  # how long a reported file is looked at again (polling sees whole seconds)
_RECHECK_MAX = 1_000  # files looked at again at most (a bulk copy is re-synced anyway)
_EDITOR_TEMP = re.compile(r"~$|\.sw[a-p]$|^\.#|^#.*#$|^4913$|___jb_(?:tmp|old)___$")

_UNDECODABLE = "Unable to decode path"  # watchfiles' error for a file name that is not UTF-8

_Raw = set[tuple[Change, str]]
_Wait = Generator[_Raw, None, None]  # one watchfiles.watch


@dataclass(frozen=True, slots=True)
class FeedChanges:
    """One batch of changes to the feed's article files.

    Each path is in one set: `added` (new, or renamed or moved into place: so also a file an
    editor saves by renaming a new copy over it), `modified` (written to, or deleted and written
    again) or `deleted` (gone, or renamed away). `rescan`: something changed that is not listed
    path by path (a folder came or went, a feed path vanished or came back, the watcher
    restarted); re-sync the whole feed. `notice`: something to tell the user once, such as
    falling back to polling.
    """

    added: frozenset[Path] = frozenset()
    modified: frozenset[Path] = frozenset()
    deleted: frozenset[Path] = frozenset()
    rescan: bool = False
    notice: str | None = None

    @property
    def changed(self) -> bool:
        """Whether the feed needs a re-sync."""
        return self.rescan or bool(self.added or self.modified or self.deleted)

    @property
    def files(self) -> tuple[Path, ...] | None:
        """The article files to re-sync, or None when only the whole feed will do (`rescan`)."""
        return None if self.rescan else (*self.added, *self.modified, *self.deleted)


def watch_feed(
    paths: Sequence[Path],
    stop: threading.Event,
    *,
    debounce_ms: int = DEBOUNCE_MS,
    force_polling: bool | None = None,
    poll_delay_ms: int = POLL_DELAY_MS,
) -> Iterator[FeedChanges]:
    """Watch the feed at `paths` (folders and single files) until `stop` is set.

    Yields a first item with no paths once watching has begun, then one item per batch of
    changes. `force_polling=None` lets watchfiles decide (it polls under WSL, or when
    `WATCHFILES_FORCE_POLLING` is set). Nothing about the file system raises out of it.
    """
    watcher = _Watcher(
        list(paths),
        stop,
        debounce_ms=debounce_ms,
        polling=force_polling,
        poll_delay_ms=poll_delay_ms,
    )
    return watcher.run()


@dataclass(frozen=True, slots=True)
class _Root:
    """One feed path, as it can be watched now."""

    given: Path
    name: Path  # a folder: its real path; a file: its absolute path (symlinks kept)
    folder: bool  # a folder, watched recursively; else a file, watched through its folder(s)
    watched: tuple[Path, ...]  # what watchfiles is handed
    state: tuple[object, ...]  # identities of what is watched: any change means watch anew
    names: frozenset[Path] = frozenset()  # a file: the spellings events may use for it


def _look(given: Path) -> _Root | None:
    """How `given` can be watched now; None while neither it nor its folder exists."""
    if given.is_dir():
        real = given.resolve()
        return _Root(given, real, True, (real,), (_identity(real),))
    name, real = given.absolute(), given.resolve()
    folders = tuple(dict.fromkeys((name.parent, real.parent)))
    state = tuple(_identity(folder) for folder in folders)
    if state[0] is None:
        return None
    watched = tuple(folder for folder, identity in zip(folders, state, strict=True) if identity)
    return _Root(given, name, False, watched, (*state, real), frozenset({name, real}))


def _identity(path: Path) -> tuple[int, int] | None:
    stat = _stat(path)
    return (stat.st_dev, stat.st_ino) if stat else None


def _stamp(path: Path) -> tuple[int, int] | None:
    stat = _stat(path)
    return (stat.st_mtime_ns, stat.st_size) if stat else None


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


@dataclass(slots=True)
class _Batch:
    """The changes one lot of events adds up to, path by path."""

    kinds: dict[Path, set[Change]] = field(default_factory=dict)
    names: dict[Path, Path] = field(default_factory=dict)  # where to look each path up now
    rescan: bool = False

    def note(self, path: Path, name: Path, change: Change) -> None:
        self.kinds.setdefault(path, set()).add(change)
        self.names[path] = name

    def result(self, notice: str | None) -> FeedChanges:
        """What each path now is: gone, new (added, and not there before), or changed (also
        when deleted and added again in one batch, as an editor's save by rename is)."""
        added, modified, deleted = set(), set(), set()
        for path, kinds in self.kinds.items():
            if not self.names[path].is_file():
                deleted.add(path)
            elif Change.added in kinds and Change.deleted not in kinds:
                added.add(path)
            else:
                modified.add(path)
        return FeedChanges(
            frozenset(added), frozenset(modified), frozenset(deleted), self.rescan, notice
        )


class _Watcher:
    """One `watch_feed` iteration: the watchers it runs and the folders it knows."""

    def __init__(
        self,
        paths: list[Path],
        stop: threading.Event,
        *,
        debounce_ms: int,
        polling: bool | None,
        poll_delay_ms: int,
    ) -> None:
        self.paths = paths
        self.stop = stop
        self.debounce_ms = debounce_ms
        self.polling = polling
        self.poll_delay_ms = poll_delay_ms
        self.lenient = False  # skip unreadable folders (after a permission error)
        self.notices: list[str] = []
        self.failure: str | None = None  # the last reason watching could not start, said once
        self.missing: set[Path] = set()  # reported as missing, not yet back
        self.folders: set[Path] = set()  # every folder below the watched feed folders
        # Files reported lately: where they are, their stamp then, and until when to look again.
        self.recent: dict[Path, tuple[Path, tuple[int, int] | None, float]] = {}

    def run(self) -> Iterator[FeedChanges]:
        again = False  # watching anew: what changed meanwhile was not seen
        while not self.stop.is_set():
            looks = [_look(path) for path in self.paths]
            self._note_missing()
            roots = [root for root in looks if root]
            self.folders = {each for root in roots if root.folder for each in _folders(root.name)}
            waits = [self._open(watched, recursive) for watched, recursive in _groups(roots)]
            try:
                yield from self._session(roots, waits, looks, rescan=again)
            finally:
                for wait in waits:
                    wait.close()
            again = True

    def _session(
        self, roots: list[_Root], waits: list[_Wait], looks: list[_Root | None], *, rescan: bool
    ) -> Iterator[FeedChanges]:
        """Watch until the feed paths change from `looks`, a watcher fails or `stop` is set."""
        try:
            raw = self._tick(waits)
        except (OSError, RuntimeError) as error:  # RuntimeError: watchfiles' internal error
            if self._failed_to_start(error):  # nothing else to try: say so, and try again later
                if notice := self._notice():
                    yield FeedChanges(notice=notice)
                self.stop.wait(_RETRY_S)
            return
        if raw is None:
            return
        # The first item: watching has begun (again, when events may have been missed).
        batch = self._batch(raw, roots)
        batch.rescan = batch.rescan or rescan
        yield batch.result(self._notice())
        while True:
            try:
                raw = self._tick(waits)
            except (OSError, RuntimeError):  # e.g. an undecodable name, a watch limit: anew
                self.stop.wait(TICK_MS / 1000)
                return
            if raw is None:
                return
            batch = self._batch(raw, roots)
            self._recheck(batch)
            changes = batch.result(self._notice())
            if changes.changed or changes.notice:
                yield changes
            if [_look(path) for path in self.paths] != looks:
                return

    def _open(self, watched: tuple[Path, ...], recursive: bool) -> _Wait:
        return watchfiles.watch(
            *watched,
            watch_filter=None,
            debounce=self.debounce_ms,
            step=_STEP_MS,
            stop_event=self.stop,
            rust_timeout=TICK_MS,
            yield_on_timeout=True,
            force_polling=self.polling,
            poll_delay_ms=self.poll_delay_ms,
            recursive=recursive,
            ignore_permission_denied=self.lenient,
        )

    def _tick(self, waits: list[_Wait]) -> _Raw | None:
        """The events of one round of waiting (at most `TICK_MS` per watcher); None once stopped."""
        if not waits:
            return None if self.stop.wait(TICK_MS / 1000) else set()
        raw: _Raw = set()
        for wait in waits:
            events = next(wait, None)
            if events is None:
                return None
            raw |= events
        return raw

    def _failed_to_start(self, error: Exception) -> bool:
        """Change how to watch after `error`; True when there is no other way left to try."""
        if isinstance(error, FileNotFoundError) or _UNDECODABLE in str(error):
            # A path went between looking and watching, or an event came for a file name that
            # is not UTF-8 (watchfiles gives up on those): watch anew, the same way.
            self.stop.wait(TICK_MS / 1000)
            return False
        if isinstance(error, PermissionError) and not self.lenient:
            self.lenient = True
            self._say(f"some folders in the feed cannot be read, so they are not watched ({error})")
            return False
        if not self.polling:
            self.polling = True
            self._say(
                f"watching the feed by polling every {self.poll_delay_ms} ms: "
                f"native file watching could not start ({error})"
            )
            return False
        if str(error) != self.failure:
            self.failure = str(error)
            self._say(f"cannot watch the feed for changes ({error}); trying again")
        return True

    def _note_missing(self) -> None:
        missing = {path for path in self.paths if not path.exists()}
        for path in sorted(missing - self.missing):
            self._say(f"{path} is missing: it will be watched when it appears")
        self.missing = missing

    def _say(self, notice: str) -> None:
        self.notices.append(clean_line(notice))

    def _notice(self) -> str | None:
        notice = "; ".join(self.notices) or None
        self.notices = []
        return notice

    # --- events ---------------------------------------------------------------------------------

    def _batch(self, raw: _Raw, roots: list[_Root]) -> _Batch:
        batch = _Batch()
        for change, text in raw:
            name = Path(text)
            for root in roots:
                # A folder made at a single file's path is seen by `_look`, and watched anew.
                if not root.folder and name in root.names and not name.is_dir():
                    batch.note(root.given, name, change)
            # The first feed folder holding it names it, as in `discover`.
            folder = next(
                (root for root in roots if root.folder and name.is_relative_to(root.name)), None
            )
            if folder is None:
                continue
            if name == folder.name:  # the feed folder itself; a replaced one is seen by `_look`
                batch.rescan = batch.rescan or change == Change.deleted
            else:
                self._in_folder(folder, name, change, batch)
        return batch

    def _recheck(self, batch: _Batch) -> None:
        """Report a file reported lately that has changed again since.

        The poll watcher compares modification times in whole seconds, so it misses a second
        write within the second of the first; each reported file is looked at again on every tick
        for `_RECHECK_S` (a stat or two; with native watching it finds what events find).
        """
        now = time.monotonic()
        for path, (name, stamp, until) in list(self.recent.items()):
            current = _stamp(name)
            if current is not None and current != stamp:
                batch.note(path, name, Change.modified if stamp else Change.added)
            elif now > until:
                del self.recent[path]
        for path, name in batch.names.items():
            if len(self.recent) < _RECHECK_MAX or path in self.recent:
                self.recent[path] = (name, _stamp(name), now + _RECHECK_S)

    def _in_folder(self, root: _Root, name: Path, change: Change, batch: _Batch) -> None:
        rel = name.relative_to(root.name)
        if any(part.startswith(".") for part in rel.parts) or _EDITOR_TEMP.search(rel.name):
            return
        if change == Change.deleted:
            if name in self.folders:
                # The folders below it stay known: a stale one costs at most a needless rescan.
                self.folders.discard(name)
                batch.rescan = True
            elif is_article_name(rel.name):
                batch.note(root.given / rel, name, change)
        elif name.is_dir():
            if change == Change.added:  # a modified folder's own events tell what changed
                self._take_folder(root, name, batch)
        elif is_article_name(rel.name):
            batch.note(root.given / rel, name, change)

    def _take_folder(self, root: _Root, name: Path, batch: _Batch) -> None:
        """A folder came into the feed: know its folders, and report its articles as added."""
        batch.rescan = True
        self.folders |= _folders(name)
        for path in discover([name]).files:
            batch.note(root.given / path.relative_to(root.name), path, Change.added)


def _groups(roots: list[_Root]) -> list[tuple[tuple[Path, ...], bool]]:
    """What to hand to watchfiles: the feed folders recursively, single files' folders not."""
    folders = tuple(dict.fromkeys(root.name for root in roots if root.folder))
    parents = tuple(
        dict.fromkeys(each for root in roots if not root.folder for each in root.watched)
    )
    return [
        (watched, recursive)
        for watched, recursive in ((folders, True), (parents, False))
        if watched
    ]


def _folders(top: Path) -> set[Path]:
    """`top` and the folders below it, hidden ones left out (folder symlinks named, not entered)."""
    found = {top}
    for folder, subfolders, _files in os.walk(top):
        subfolders[:] = [each for each in subfolders if not each.startswith(".")]
        found.update(Path(folder, each) for each in subfolders)
    return found
