"""The failures that come from the machine, not from a bug, each worded once for the user.

A full disk, a read-only or unreadable file, a lock another process holds, a pipe closed under
the output: these are the user's to fix, so they are told what happened in words, never as
"internal error … please report it" (which the CLI keeps for bugs). `describe` is the one list:
the CLI maps its errors with it, the reading state words its `StateError` with it, and the app
can show the same words. No Textual imports.
"""

from __future__ import annotations

import errno
import sqlite3

# OSError numbers, as the user should read them.
_OS_ERRORS: dict[int, str] = {
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is larger than this system allows",
    errno.EROFS: "the file system is read-only",
    errno.EBUSY: "the file is busy (in use by another process)",
    errno.ETXTBSY: "the file is busy (in use by another process)",
    errno.EAGAIN: "the file is locked by another process",
    errno.ENOLCK: "the file cannot be locked (no locks left, or a network file system)",
    errno.EPIPE: "the program reading the output has closed it",
    errno.EBADF: "the file or stream is closed",
    errno.ENOENT: "no such file or folder",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "too many levels of symbolic links",
    errno.EMFILE: "too many open files",
    errno.ENFILE: "too many open files on the system",
    errno.EIO: "input/output error (a failing disk or a lost connection)",
    errno.ENXIO: "no such device",
    errno.ENODEV: "no such device",
    errno.ESTALE: "the file is gone from the network file system",
}

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_ERRORS: dict[int, str] = {
    sqlite3.SQLITE_BUSY: "it is locked by another process; try again when that one is done",
    sqlite3.SQLITE_LOCKED: "it is locked by another process; try again when that one is done",
    sqlite3.SQLITE_READONLY: (
        "it is read-only here (file or folder permissions, or a read-only disk)"
    ),
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_CANTOPEN: "it cannot be opened (a missing folder, or no permission)",
    sqlite3.SQLITE_PERM: "permission denied",
    sqlite3.SQLITE_AUTH: "permission denied",
    sqlite3.SQLITE_IOERR: "input/output error (a failing disk, or the disk is full)",
    sqlite3.SQLITE_CORRUPT: "the file is damaged",
    sqlite3.SQLITE_NOTADB: "the file is not a database, or is damaged",
    sqlite3.SQLITE_PROTOCOL: "it is locked by another process; try again when that one is done",
    sqlite3.SQLITE_NOMEM: "out of memory",
}


def describe(error: BaseException) -> str | None:
    """What went wrong, in words, when `error` is the machine's doing; None when it is a bug.

    An OSError names its file when it has one ("state.sqlite3: permission denied").
    """
    if isinstance(error, OSError):
        reason = _OS_ERRORS.get(error.errno or -1)
        if reason is None:
            return None
        return f"{error.filename}: {reason}" if error.filename else reason
    # The search index may run on a bundled SQLite (pysqlite3): its errors have their own types.
    if isinstance(error, sqlite3.Error) or type(error).__module__.startswith("pysqlite3"):
        code = getattr(error, "sqlite_errorcode", None)
        return None if code is None else _SQLITE_ERRORS.get(code & 0xFF)
    if isinstance(error, MemoryError):
        return "out of memory"
    return None
