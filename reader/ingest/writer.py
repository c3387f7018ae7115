"""Article files in the seed's format, written whole or not at all, and only inside the folder.

    ```yaml
    area: Kent
    og:
      description: …
      url: https://…
    publish:
      date: 13:55 12/11/2020
    title: Headline | Site
    url: https://…
    ```

    The body, as markdown.

The date is UK local time (press offices print it so, and the parser reads it so). A file is
named from its date and a slug of its title (`2020-11-12-headline-words.md`), written to a hidden
temporary file beside it and then renamed into place, so a reader sees the old file or the new one,
never half of one. An article already in the folder (found by its URL or its feed GUID) is
rewritten at its own path, wherever it was moved to, so its reading marks, which are keyed by its
URL, stay.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import html
import os
import re
import sqlite3
import stat
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from reader.articles.dates import FIRST_YEAR, LAST_YEAR
from reader.articles.sanitize import clean_line, clean_text
from reader.feed.discover import load_feed
from reader.feed.library import Library

UK = ZoneInfo("Europe/London")
MAX_SLUG_CHARS = 80
MAX_TITLE_CHARS = 300
MAX_DESCRIPTION_CHARS = 1000
MAX_URL_CHARS = 4000
OG_KEYS = ("description", "image", "locale", "title", "type", "url")
_TEMP_PREFIX = ".pressreader-"
_TEMP_SUFFIX = ".tmp"
_STALE_TEMP_SECONDS = 3600.0
_SLUG_WORD = re.compile(r"[a-z0-9]+")
_SITE_SEPARATOR = " | "
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*\.md")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_NEW_FILE_MODE = 0o666 & ~_umask()


class WriteError(Exception):
    """An article could not be written (permissions, a full disk); the message says where."""


@dataclass(frozen=True, slots=True)
class Draft:
    """An article to write. Text may be anything: it is cleaned as it is rendered."""

    url: str
    headline: str
    site: str
    body: str
    guid: str | None = None
    area: str | None = None
    published: datetime | None = None  # naive: already UK local time
    has_time: bool = True
    og: dict[str, str] = field(default_factory=dict)


def render(draft: Draft) -> str:
    """The file's text: the metadata block, a blank line, the body."""
    fields: dict[str, object] = {}
    if area := _text(draft.area):
        fields["area"] = area
    guid = _text(draft.guid, MAX_URL_CHARS)
    if guid and draft.guid != draft.url:
        fields["guid"] = guid
    og = {key: value for key in OG_KEYS if (value := _og_value(draft, key))}
    if og:
        fields["og"] = og
    if (published := _readable(draft.published)) is not None:
        fields["publish"] = {"date": uk_date_text(published, has_time=draft.has_time)}
    fields["title"] = full_title(draft.headline, draft.site)
    fields["url"] = _text(draft.url, MAX_URL_CHARS)
    block = yaml.safe_dump(
        fields, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=False
    )
    body = _TRAILING_BLANKS.sub("", clean_text(draft.body).replace("\r", "")).strip("\n")
    return f"```yaml\n{block}```\n\n{body}\n"


_TRAILING_BLANKS = re.compile(r"[ \t]+$", re.MULTILINE)


def full_title(headline: str, site: str) -> str:
    """`Headline | Site`, which the parser splits back into the two.

    A site with `|` in it would split in the wrong place, so that becomes `-`; a headline
    already ending in its site is not given it twice.
    """
    site_text = clean_line(_line(site).replace("|", "-")) or "Unknown site"
    head = _line(headline, MAX_TITLE_CHARS) or "Untitled"
    suffix = f"{_SITE_SEPARATOR}{site_text}"
    if head.endswith(suffix) and head != suffix.strip():
        head = head[: -len(suffix)].rstrip() or head
    return _escaped(f"{head}{suffix}")


def _og_value(draft: Draft, key: str) -> str | None:
    limit = MAX_DESCRIPTION_CHARS if key == "description" else MAX_URL_CHARS
    return _text(draft.og.get(key), limit)


def _text(value: str | None, limit: int = MAX_TITLE_CHARS) -> str | None:
    """One clean line, at most `limit` characters, escaped so the parser reads it back as is."""
    return _escaped(_line(value, limit)) or None


def _line(value: str | None, limit: int = MAX_TITLE_CHARS) -> str:
    text = clean_line(value) if value else ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _escaped(text: str) -> str:
    """The parser unescapes HTML entities in metadata (press offices leave `&amp;` in them); a
    text that holds what looks like one has its `&`s escaped, so it reads back unchanged."""
    return text.replace("&", "&amp;") if html.unescape(text) != text else text


def uk_local(moment: datetime) -> datetime:
    """The wall-clock time in the UK, without a zone (naive times are taken as UK time)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UK).replace(tzinfo=None)


def _readable(moment: datetime | None) -> datetime | None:
    """The UK time of `moment`, if the parser would read it back (else the article is undated)."""
    if moment is None:
        return None
    try:
        local = uk_local(moment)
    except (OverflowError, ValueError):  # a zone shift past year 1 or 9999
        return None
    return local if FIRST_YEAR <= local.year <= LAST_YEAR else None


def uk_date_text(moment: datetime, *, has_time: bool = True) -> str:
    """The seed's form, `13:55 12/11/2020` (or `12/11/2020` when only the day is known)."""
    local = uk_local(moment)
    day = f"{local.day:02d}/{local.month:02d}/{local.year:04d}"
    return f"{local.hour:02d}:{local.minute:02d} {day}" if has_time else day


def slug(title: str, fallback: str = "article") -> str:
    """Lowercase ASCII words joined by hyphens, at most `MAX_SLUG_CHARS`, cut between words."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = _SLUG_WORD.findall(ascii_text.lower())
    result = ""
    for word in words:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > MAX_SLUG_CHARS:
            break
        result = candidate
    if not result and words:
        result = words[0][:MAX_SLUG_CHARS]
    return result or fallback


def file_name(published: datetime | None, headline: str, url: str, attempt: int = 1) -> str:
    """`YYYY-MM-DD-slug.md` by the UK date (`undated-slug.md` without one); `-2`, `-3`… after
    the slug for the second and later articles that would share a name."""
    stem = slug(headline, fallback=f"article-{hashlib.sha256(url.encode()).hexdigest()[:10]}")
    local = _readable(published)
    prefix = f"{local:%Y-%m-%d}" if local is not None else "undated"
    counter = f"-{attempt}" if attempt > 1 else ""
    return f"{prefix}-{stem}{counter}.md"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- the folder ---------------------------------------------------------------------------------


@dataclass(slots=True)
class FolderIndex:
    """The articles already in a folder (at any depth), by URL and by feed GUID."""

    folder: Path
    by_url: dict[str, Path] = field(default_factory=dict)
    by_guid: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def scan(cls, folder: Path, guids: Mapping[str, str] | None = None) -> FolderIndex:
        """The folder's articles by URL, from the feed's search index (the one the app keeps:
        a warm one reads only the files changed since), and by the GUIDs in `guids` (GUID ->
        the URL of the article written for it)."""
        index = cls(folder)
        if folder.is_dir():
            for path, url in _urls(folder).items():
                index.add(path, url)
        for guid, url in (guids or {}).items():
            if (written := index.by_url.get(url)) is not None:
                index.add(written, None, guid)
        return index

    def add(self, path: Path, url: str | None, guid: str | None = None) -> None:
        if url:
            self.by_url.setdefault(url, path)
        if guid:
            self.by_guid.setdefault(clean_line(html.unescape(guid)), path)

    def find(self, urls: Iterable[str | None], guid: str | None = None) -> Path | None:
        if guid and (path := self.by_guid.get(clean_line(guid))):
            return path
        for url in urls:
            if url and (path := self.by_url.get(url)):
                return path
        return None


def _urls(folder: Path) -> dict[Path, str | None]:
    urls: dict[Path, str | None] = {}
    try:
        with Library([folder]) as library:
            for batch in library.scan():
                for gone in (*batch.removed, *(error.path for error in batch.errors)):
                    urls.pop(gone, None)
                urls.update((summary.path, summary.url) for summary in batch.summaries)
    except (sqlite3.Error, OSError):  # no usable index: parse every file
        urls = {article.path: article.url for article in load_feed([folder]).articles}
    return urls


def inside(folder: Path, path: Path) -> bool:
    """Whether `path` (resolved, symlinks too) lies inside `folder`."""
    return path.resolve().is_relative_to(folder.resolve())


def write_new(root: Path, folder: Path, draft: Draft, text: str) -> Path:
    """Write a new article into `folder` (which must lie inside `root`) under a name no other
    file has; return its path."""
    if not inside(root, folder):
        raise WriteError(f"{folder}: outside {root}; not written")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WriteError(f"{folder}: cannot create the folder: {error.strerror or error}") from None
    for attempt in range(1, 1000):
        name = file_name(draft.published, draft.headline, draft.url, attempt)
        assert _NAME.fullmatch(name), name  # a plain name: it cannot leave the folder
        target = folder / name
        if target.exists() or target.is_symlink():
            continue
        if _place(target, text, mode=_NEW_FILE_MODE, replace=False):
            return target
    raise WriteError(f"{folder}: no free file name for {draft.url}")


def rewrite(root: Path, path: Path, text: str) -> None:
    """Replace an article in place, keeping its permissions."""
    if not inside(root, path) or path.is_symlink():
        raise WriteError(f"{path}: not a file inside {root}; not rewritten")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = _NEW_FILE_MODE
    _place(path, text, mode=mode, replace=True)


def _place(target: Path, text: str, *, mode: int, replace: bool) -> bool:
    """Write `text` to a temporary file beside `target`, then move it there. Without `replace`,
    an existing `target` is left alone and False returned."""
    try:
        descriptor, name = tempfile.mkstemp(
            dir=target.parent, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX
        )
    except OSError as error:
        raise WriteError(f"{target}: cannot write: {error.strerror or error}") from None
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(mode)  # mkstemp makes it private; os.fchmod is POSIX-only before 3.13
        if replace:
            temporary.replace(target)
            return True
        return _link_or_move(temporary, target)
    except OSError as error:
        raise WriteError(f"{target}: cannot write: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def _link_or_move(temporary: Path, target: Path) -> bool:
    """Give `temporary` the name `target` unless that name is taken; False if it was."""
    try:
        target.hardlink_to(temporary)  # fails if the name was taken meanwhile: never clobbers
    except FileExistsError:
        return False
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        # A file system without hard links: check, then rename (a race only with another fetch).
        if target.exists():
            return False
        temporary.replace(target)
    return True


_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV}
)


def sweep_temporaries(folder: Path) -> None:
    """Remove temporary files a killed fetch left (hidden, so never read as articles)."""
    if not folder.is_dir():
        return
    cutoff = time.time() - _STALE_TEMP_SECONDS
    for path in folder.rglob(f"{_TEMP_PREFIX}*{_TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                path.unlink()
