"""One fetch run: sources (feeds or pages) in, article files and one `ItemResult` per item out.

Network and extraction run on a few worker threads; every write happens on the calling thread,
one at a time, so two items can never race for a file name or for the folder's index. A failed
URL never stops the others: it becomes a `failed` result whose error names it.

A feed's ETag and Last-Modified are remembered only once every item in it was fetched, so a
feed with a failed item is read again in full next time, and the failed item retried.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path, PurePath
from typing import Literal
from urllib.parse import urlsplit

from reader.ingest.client import HttpClient, Politeness, Response, Validators
from reader.ingest.errors import FetchError
from reader.ingest.extract import Page, extract_page
from reader.ingest.sources import FeedItem, kind_of, parse_feed
from reader.ingest.validators import (
    FetchMemory,
    FetchStateError,
    Remembered,
    fetch_state_path,
)
from reader.ingest.writer import (
    Draft,
    FolderIndex,
    WriteError,
    digest,
    inside,
    render,
    rewrite,
    sweep_temporaries,
    uk_local,
    write_new,
)
from reader.store.config import Subscription

Status = Literal["new", "updated", "unchanged", "failed"]
DEFAULT_WORKERS = 4
DEFAULT_POLITENESS = Politeness()
_SUMMARY_CHARS = 300
_CANCEL_POLL_SECONDS = 0.2


@dataclass(frozen=True, slots=True)
class Source:
    """A URL to fetch, and how its articles are to be filed (a subscription, or a URL given)."""

    url: str
    area: str | None = None
    site: str | None = None
    folder: str | None = None  # a folder inside the destination, for this source's articles
    feed_only: bool = False  # a subscription: a page there is an error, not an article

    @classmethod
    def subscribed(cls, subscription: Subscription) -> Source:
        return cls(
            subscription.url,
            subscription.area,
            subscription.site,
            subscription.folder,
            feed_only=True,
        )


@dataclass(frozen=True, slots=True)
class ItemResult:
    """What became of one item (or of a source that failed or had not changed)."""

    url: str
    status: Status
    file: Path | None = None
    error: str | None = None

    def record(self) -> dict[str, str | None]:
        return {
            "url": self.url,
            "file": str(self.file) if self.file is not None else None,
            "status": self.status,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class FetchOptions:
    into: Path
    state_dir: Path | None = None
    since: datetime | None = None  # naive, UK local: items published before it are left out
    limit: int | None = None  # at most this many items of each feed, the newest
    politeness: Politeness = field(default_factory=lambda: DEFAULT_POLITENESS)
    workers: int = DEFAULT_WORKERS


@dataclass(frozen=True, slots=True)
class _Job:
    """An article to fetch: a feed's item, or a page given directly (`response` already had)."""

    source: Source
    order: tuple[int, int]
    link: str
    item: FeedItem | None = None
    response: Response | None = None
    feed_title: str | None = None


@dataclass(frozen=True, slots=True)
class _Fetched:
    """A job's outcome from a worker: a rendered article, a 304, or a failure."""

    job: _Job
    draft: Draft | None = None
    validators: Validators = field(default_factory=Validators)
    not_modified: bool = False
    dropped: bool = False  # outside --since
    error: FetchError | None = None


@dataclass(frozen=True, slots=True)
class _SourceOutcome:
    source: Source
    order: int
    jobs: list[_Job]
    results: list[ItemResult]
    validators: Validators | None  # to remember once every job succeeded


ResultCallback = Callable[[ItemResult], None]
ProgressCallback = Callable[[int, int], None]


def fetch(
    sources: Sequence[Source],
    options: FetchOptions,
    *,
    on_result: ResultCallback | None = None,
    on_progress: ProgressCallback | None = None,
    on_warning: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[ItemResult]:
    """Fetch every source into `options.into`; return the results in source and item order."""
    run = _Run(options, on_result, on_progress, on_warning or (lambda _message: None), cancel)
    return run.start(sources)


class _Run:
    def __init__(
        self,
        options: FetchOptions,
        on_result: ResultCallback | None,
        on_progress: ProgressCallback | None,
        on_warning: Callable[[str], None],
        cancel: threading.Event | None,
    ) -> None:
        self.options = options
        self.root = options.into
        self.on_result = on_result
        self.on_progress = on_progress
        self.warn = on_warning
        self.cancel = cancel or threading.Event()
        self.results: dict[tuple[int, int], ItemResult] = {}
        self.done = 0
        self.total = 0
        self.failed_sources: set[int] = set()
        self.feed_validators: dict[int, tuple[str, Validators]] = {}
        self.remembered: dict[str, Remembered] = {}
        self.guids: dict[str, str] = {}  # feed GUID -> the URL of the article written for it
        self.memory: FetchMemory | None = None
        self.index = FolderIndex(self.root)

    def start(self, sources: Sequence[Source]) -> list[ItemResult]:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WriteError(f"{self.root}: cannot create the folder: {error.strerror}") from None
        self._open_memory()
        sweep_temporaries(self.root)
        self.index = FolderIndex.scan(self.root, self.guids)
        client = HttpClient(self.options.politeness)
        pool = _Pool(self.options.workers)
        try:
            self._run(sources, client, pool)
        finally:
            pool.close()
            client.close()
            if self.memory is not None:
                self.memory.close()
        return [self.results[key] for key in sorted(self.results)]

    def _open_memory(self) -> None:
        try:
            self.memory = FetchMemory(fetch_state_path(self.options.state_dir))
            self.remembered = self.memory.recall(self.root)
            self.guids = self.memory.guids(self.root)
        except FetchStateError as error:
            self.memory = None
            self.warn(f"{error}; fetching everything in full")
            return
        if self.memory.notice:
            self.warn(self.memory.notice)

    def _run(self, sources: Sequence[Source], client: HttpClient, pool: _Pool) -> None:
        for number, source in enumerate(sources):
            pool.submit(partial(self._read_source, client, source, number))
        self.total = len(sources)
        self._progress()
        for outcome in pool.outcomes(self.cancel):
            if isinstance(outcome, _SourceOutcome):
                self._source_done(outcome, client, pool)
            elif isinstance(outcome, _Fetched):
                self._item_done(outcome)
            self.done += 1
            self._progress()
        self._remember_feeds()

    def _progress(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.done, self.total)

    # --- on a worker ------------------------------------------------------------------------

    def _read_source(self, client: HttpClient, source: Source, number: int) -> _SourceOutcome:
        try:
            folder_problem = self._folder_problem(source)
            if folder_problem:
                raise FetchError(source.url, folder_problem)
            known = self.index.find([source.url])
            validators = self._validators(source.url, known_file=known)
            response = client.get(source.url, validators)
        except FetchError as error:
            failed = ItemResult(source.url, "failed", error=str(error))
            return _SourceOutcome(source, number, [], [failed], None)
        if response.not_modified:
            result = ItemResult(source.url, "unchanged", file=self.index.find([source.url]))
            return _SourceOutcome(source, number, [], [result], None)
        return self._classify(source, number, response)

    def _classify(self, source: Source, number: int, response: Response) -> _SourceOutcome:
        kind = kind_of(response.body)
        if kind == "page" and not source.feed_only:
            job = _Job(source, (number, 0), source.url, response=response)
            return _SourceOutcome(source, number, [job], [], None)
        try:
            if kind == "page":
                raise FetchError(source.url, "an HTML page, not an RSS or Atom feed")
            if kind == "other":
                shown = response.content_type or "no content type"
                raise FetchError(source.url, f"neither a feed nor an HTML page ({shown})")
            feed = parse_feed(source.url, response.url, response.body)
        except FetchError as error:
            failed = ItemResult(source.url, "failed", error=str(error))
            return _SourceOutcome(source, number, [], [failed], None)
        items = [item for item in feed.items if self._in_range(item.published)]
        if self.options.limit is not None:
            items = items[: self.options.limit]
        jobs = [
            _Job(source, (number, place), item.link, item=item, feed_title=feed.title)
            for place, item in enumerate(items, start=1)
        ]
        skipped = [ItemResult(error.url, "failed", error=str(error)) for error in feed.skipped]
        return _SourceOutcome(source, number, jobs, skipped, response.validators)

    def _fetch_item(self, client: HttpClient, job: _Job) -> _Fetched:
        try:
            response = job.response
            if response is None:
                guid = job.item.guid if job.item else None
                known = self.index.find([job.link], guid)
                response = client.get(job.link, self._validators(job.link, known_file=known))
            if response.not_modified:
                return _Fetched(job, validators=response.validators, not_modified=True)
            if kind_of(response.body) != "page":
                raise FetchError(job.link, "not an HTML page (an article's page was expected)")
            page = extract_page(job.link, response.url, response.body)
        except FetchError as error:
            return _Fetched(job, error=error)
        draft = _draft(job, page)
        dated_by_feed = job.item is not None and job.item.published is not None
        if not dated_by_feed and not self._in_range(page.published):
            return _Fetched(job, dropped=True)
        return _Fetched(job, draft=draft, validators=response.validators)

    def _validators(self, url: str, *, known_file: Path | None) -> Validators:
        """The conditional-GET validators for `url`: for a feed (remembered without a digest),
        or for a page whose article is still in the folder (else it must be fetched in full,
        to be written again)."""
        remembered = self.remembered.get(url)
        if remembered is None or (remembered.digest is not None and known_file is None):
            return Validators()
        return remembered.validators

    def _in_range(self, published: datetime | None) -> bool:
        since = self.options.since
        return since is None or (published is not None and uk_local(published) >= since)

    def _folder_problem(self, source: Source) -> str | None:
        if source.folder is None:
            return None
        relative = PurePath(source.folder)
        if relative.is_absolute() or ".." in relative.parts:
            return f"folder {source.folder!r} must be a folder inside {self.root}"
        if not inside(self.root, self.root / relative):
            return f"folder {source.folder!r} leads outside {self.root}"
        return None

    # --- on the calling thread --------------------------------------------------------------

    def _source_done(self, outcome: _SourceOutcome, client: HttpClient, pool: _Pool) -> None:
        for place, result in enumerate(outcome.results):
            self._report((outcome.order, -len(outcome.results) + place), result)
            if result.status == "failed":
                self.failed_sources.add(outcome.order)
        if outcome.validators is not None:
            self.feed_validators[outcome.order] = (outcome.source.url, outcome.validators)
        for job in outcome.jobs:
            pool.submit(partial(self._fetch_item, client, job))
        self.total += len(outcome.jobs)

    def _item_done(self, fetched: _Fetched) -> None:
        job = fetched.job
        if fetched.dropped:
            return
        if fetched.error is not None:
            self.failed_sources.add(job.order[0])
            self._report(job.order, ItemResult(job.link, "failed", error=str(fetched.error)))
            return
        if fetched.not_modified or fetched.draft is None:
            guid = job.item.guid if job.item else None
            self._report(
                job.order, ItemResult(job.link, "unchanged", self.index.find([job.link], guid))
            )
            return
        try:
            result = self._write(job, fetched.draft)
        except WriteError as error:
            self.failed_sources.add(job.order[0])
            result = ItemResult(fetched.draft.url, "failed", error=str(error))
            self._report(job.order, result)
            return
        self._report(job.order, result)
        self._remember_article(job.link, fetched.validators, fetched.draft)

    def _write(self, job: _Job, draft: Draft) -> ItemResult:
        text = render(draft)
        existing = self.index.find([draft.url, job.link], draft.guid)
        if existing is None:
            path = write_new(self.root, self._folder(job.source), draft, text)
            self.index.add(path, draft.url, draft.guid)
            self.index.add(path, job.link)
            return ItemResult(draft.url, "new", path)
        if self._unchanged(job.link, existing, text):
            return ItemResult(draft.url, "unchanged", existing)
        rewrite(self.root, existing, text)
        return ItemResult(draft.url, "updated", existing)

    def _unchanged(self, link: str, existing: Path, text: str) -> bool:
        """The page gives what was written last time (the file may since have been edited by
        hand: that is kept), or what the file holds now."""
        remembered = self.remembered.get(link)
        if remembered is not None and remembered.digest == digest(text):
            return True
        try:
            return existing.read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            return False

    def _folder(self, source: Source) -> Path:
        return self.root / source.folder if source.folder else self.root

    def _report(self, key: tuple[int, int], result: ItemResult) -> None:
        self.results[key] = result
        if self.on_result is not None:
            self.on_result(result)

    def _remember_article(self, link: str, validators: Validators, draft: Draft) -> None:
        text_digest = digest(render(draft))
        self._save(
            partial(
                FetchMemory.remember,
                folder=self.root,
                url=link,
                validators=validators,
                digest=text_digest,
            )
        )
        if draft.guid:
            self._save(
                partial(FetchMemory.remember_guid, folder=self.root, guid=draft.guid, url=draft.url)
            )

    def _save(self, change: Callable[[FetchMemory], None]) -> None:
        if self.memory is None:
            return
        try:
            change(self.memory)
        except FetchStateError as error:
            self.warn(f"{error}; the next fetch will ask for everything in full")
            self.memory = None

    def _remember_feeds(self) -> None:
        if self.cancel.is_set():
            return
        for order, (url, validators) in self.feed_validators.items():
            if order not in self.failed_sources:
                self._save(
                    partial(FetchMemory.remember, folder=self.root, url=url, validators=validators)
                )


def _draft(job: _Job, page: Page) -> Draft:
    item = job.item
    headline = (item.title if item else None) or page.title or page.og.get("title") or "Untitled"
    site = job.source.site or page.site or job.feed_title or _host(page.url)
    published = item.published if item and item.published else page.published
    has_time = bool(item and item.published) or page.has_time
    description = page.description or (
        item.summary[:_SUMMARY_CHARS] if item and item.summary else None
    )
    og = {
        key: value
        for key, value in (
            ("description", description),
            ("image", page.image),
            ("locale", page.og.get("locale")),
            ("title", page.og.get("title")),
            ("type", page.og.get("type")),
            ("url", page.og.get("url")),
        )
        if value
    }
    return Draft(
        url=page.url,
        headline=headline,
        site=site,
        body=page.body,
        guid=item.guid if item else None,
        area=job.source.area,
        published=uk_local(published) if published else None,
        has_time=has_time,
        og=og,
    )


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "unknown site").removeprefix("www.")


# --- a small pool of daemon threads: an interrupted fetch exits at once, without waiting for
# --- requests still in flight (their results would be thrown away anyway).


class _Pool:
    def __init__(self, workers: int) -> None:
        self._jobs: queue.SimpleQueue[Callable[[], object] | None] = queue.SimpleQueue()
        self._outcomes: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._pending = 0
        self._threads = [
            threading.Thread(target=self._work, name=f"pressreader-fetch-{n}", daemon=True)
            for n in range(max(1, workers))
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, work: Callable[[], object]) -> None:
        self._pending += 1
        self._jobs.put(work)

    def outcomes(self, cancel: threading.Event) -> Iterable[object]:
        """Each job's outcome as it is ready, until no job is pending (jobs may be submitted
        while iterating) or `cancel` is set."""
        while self._pending and not cancel.is_set():
            try:
                outcome = self._outcomes.get(timeout=_CANCEL_POLL_SECONDS)
            except queue.Empty:
                continue
            self._pending -= 1
            if isinstance(outcome, BaseException):
                raise outcome
            yield outcome

    def close(self) -> None:
        for _thread in self._threads:
            self._jobs.put(None)

    def _work(self) -> None:
        while (work := self._jobs.get()) is not None:
            try:
                outcome = work()
            except Exception as error:  # a bug: re-raised on the calling thread
                outcome = error
            self._outcomes.put(outcome)
