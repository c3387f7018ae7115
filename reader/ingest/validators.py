"""What a fetch remembers between runs, in `fetch.sqlite3` in the state dir.

For each URL fetched into a folder: the server's ETag and Last-Modified (for the next conditional
GET), and a digest of the article written from it (so a page that did not change is not written
again, and an article the user edited by hand is not overwritten by the same page). Keyed by the
folder as well as the URL, so fetching into a fresh folder fetches everything again.

Losing this file loses nothing but politeness: the next fetch asks for everything in full and
compares what it would write with what the folder holds. A damaged file is moved aside.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from reader.ingest.client import Validators
from reader.store.paths import data_dir

FETCH_STATE_FILENAME = "fetch.sqlite3"
_BUSY_TIMEOUT_SECONDS = 10.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS fetched (
    folder TEXT NOT NULL,
    url TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    digest TEXT,
    fetched_at REAL NOT NULL,
    PRIMARY KEY (folder, url)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS guids (
    folder TEXT NOT NULL,
    guid TEXT NOT NULL,
    url TEXT NOT NULL,
    PRIMARY KEY (folder, guid)
) WITHOUT ROWID;
"""


class FetchStateError(Exception):
    """The fetch state could not be read or written (permissions, a full disk, a lock)."""


@dataclass(frozen=True, slots=True)
class Remembered:
    """What the last fetch of one URL into one folder left behind."""

    validators: Validators
    digest: str | None


def fetch_state_path(directory: Path | None = None) -> Path:
    return (directory if directory is not None else data_dir()) / FETCH_STATE_FILENAME


class FetchMemory:
    """The remembered validators and digests; use from the thread that made it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice: str | None = None
        self._connection = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect()
        except sqlite3.DatabaseError as error:
            if not _is_damage(error):
                raise FetchStateError(f"{self.path}: {error}") from None
            aside = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
            try:
                self.path.replace(aside)
                connection = self._connect()
            except (OSError, sqlite3.Error) as again:
                raise FetchStateError(f"{self.path}: {again}") from None
            self.notice = f"{self.path} was damaged; moved it to {aside.name} and started afresh"
            return connection
        except OSError as error:
            raise FetchStateError(f"{self.path}: {error.strerror or error}") from None

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_SECONDS)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(_SCHEMA)
        except sqlite3.Error:
            connection.close()
            raise
        return connection

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> FetchMemory:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.close()

    def recall(self, folder: Path) -> dict[str, Remembered]:
        """Everything remembered for `folder`, by URL."""
        try:
            rows = self._connection.execute(
                "SELECT url, etag, last_modified, digest FROM fetched WHERE folder = ?",
                (_folder_key(folder),),
            ).fetchall()
        except sqlite3.Error as error:
            raise FetchStateError(f"{self.path}: {error}") from None
        return {
            url: Remembered(Validators(etag, last_modified), digest)
            for url, etag, last_modified, digest in rows
        }

    def guids(self, folder: Path) -> dict[str, str]:
        """The feed GUIDs of the articles written into `folder`, and each one's URL."""
        try:
            rows = self._connection.execute(
                "SELECT guid, url FROM guids WHERE folder = ?", (_folder_key(folder),)
            ).fetchall()
        except sqlite3.Error as error:
            raise FetchStateError(f"{self.path}: {error}") from None
        return dict(rows)

    def remember_guid(self, folder: Path, guid: str, url: str) -> None:
        try:
            with self._connection:
                self._connection.execute(
                    "INSERT OR REPLACE INTO guids VALUES (?, ?, ?)",
                    (_folder_key(folder), guid, url),
                )
        except sqlite3.Error as error:
            raise FetchStateError(f"{self.path}: cannot save: {error}") from None

    def remember(
        self, folder: Path, url: str, validators: Validators, digest: str | None = None
    ) -> None:
        try:
            with self._connection:
                self._connection.execute(
                    "INSERT OR REPLACE INTO fetched VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        _folder_key(folder),
                        url,
                        validators.etag,
                        validators.last_modified,
                        digest,
                        time.time(),
                    ),
                )
        except sqlite3.Error as error:
            raise FetchStateError(f"{self.path}: cannot save: {error}") from None


def _folder_key(folder: Path) -> str:
    return str(folder.resolve())


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
